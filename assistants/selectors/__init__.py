"""Reads about assistants' work, scoped to what the user may see, one module per seam:
`lifecycle` (assistants, caseload, assignments, the end of work and the monitoring, the family's
work read once for its page), `plans` (work plans, visits, the assistant's month), `assessments`
and `court`.
"""
