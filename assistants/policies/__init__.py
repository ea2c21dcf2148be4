"""May this user take this step of the assistant's work with a family, now? One policy per action,
one module per seam, as the services: `lifecycle` (the head's decision, the assignment and the
handover, the assistant's profile, the end of work, the monitoring, the closing of the case),
`plans` (the work plan, its goals and comments, the visits), `assessments` and `court`.

Each answers with a Verdict (familysupport.policies): FORBIDDEN when the step is not the user's
(another role, another centre, not the family's assistant now); refused, with the reason the user
reads, when it is theirs but the state does not allow it now, first of all when the case is
archived (cases.policies.family_open). The service of the step calls
`require(policies.can_<action>(actor, obj))` on the row it has locked (or read afresh); the
templates show the step's button by `{% may "assistants.<action>" obj as ... %}`.
"""

# Importing the modules declares their policies for `{% may %}` (AssistantsConfig.ready()).
from assistants.policies import assessments, court, lifecycle, plans  # noqa: F401
