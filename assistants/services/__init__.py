"""Changes to assistants' work with families, one module per seam; each service checks the actor
and the state and writes the audit record.

- `lifecycle`: the head's decision and the assignment under the caseload cap, the handover, the
  assistant's profile, the end of work, the monitoring and the closing of the case;
- `plans`: the work plan, its goals and comments, the visits and contacts;
- `assessments`: the periodic assessment of the family's situation;
- `court`: court requests and the opinions answering them.
"""
