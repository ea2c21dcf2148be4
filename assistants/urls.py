from django.urls import path

from assistants.views import assessments, court, lifecycle, plans

app_name = "assistants"

urlpatterns = [
    path("assistants/", lifecycle.caseload, name="caseload"),
    path(
        "families/<int:family_id>/requests/<int:request_id>/decide/",
        lifecycle.request_decide,
        name="request_decide",
    ),
    # Court requests and opinions: the register (staff, head), then the opinion on the family.
    path("court-requests/", court.court_register, name="court_register"),
    path("court-requests/new/", court.court_register_add, name="court_register_add"),
    path("court-requests/<int:court_request_id>/", court.court_register_detail, name="court_register_detail"),
    path(
        "court-requests/<int:court_request_id>/scan/", court.court_register_scan, name="court_register_scan"
    ),
    path(
        "court-requests/<int:court_request_id>/opinions/<int:opinion_id>/pdf/",
        court.court_register_opinion_pdf,
        name="court_register_opinion_pdf",
    ),
    path(
        "court-requests/<int:court_request_id>/opinions/<int:opinion_id>/dispatch/",
        court.court_register_dispatch,
        name="court_register_dispatch",
    ),
    path(
        "families/<int:family_id>/court-requests/<int:court_request_id>/",
        court.court_request_detail,
        name="court_request_detail",
    ),
    path(
        "families/<int:family_id>/court-requests/<int:court_request_id>/scan/",
        court.court_request_scan,
        name="court_request_scan",
    ),
    path(
        "families/<int:family_id>/court-requests/<int:court_request_id>/opinion/",
        court.court_opinion_start,
        name="court_opinion_start",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/",
        court.court_opinion_detail,
        name="court_opinion_detail",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/edit/",
        court.court_opinion_edit,
        name="court_opinion_edit",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/submit/",
        court.court_opinion_submit,
        name="court_opinion_submit",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/approve/",
        court.court_opinion_approve,
        name="court_opinion_approve",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/return/",
        court.court_opinion_return,
        name="court_opinion_return",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/correct/",
        court.court_opinion_correct,
        name="court_opinion_correct",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/pdf/",
        court.court_opinion_pdf,
        name="court_opinion_pdf",
    ),
    # Assistant profiles, periodic assessments, end of work, monitoring and handover.
    path(
        "assistants/<int:profile_id>/edit/", lifecycle.assistant_profile_edit, name="assistant_profile_edit"
    ),
    path("families/<int:family_id>/assessments/new/", assessments.assessment_add, name="assessment_add"),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/edit/",
        assessments.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/submit/",
        assessments.assessment_submit,
        name="assessment_submit",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/acknowledge/",
        assessments.assessment_acknowledge,
        name="assessment_acknowledge",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/pdf/",
        assessments.assessment_pdf,
        name="assessment_pdf",
    ),
    path("families/<int:family_id>/end-of-work/", lifecycle.work_end_add, name="work_end_add"),
    path(
        "families/<int:family_id>/end-of-work/<int:work_end_id>/pdf/",
        lifecycle.work_end_pdf,
        name="work_end_pdf",
    ),
    path(
        "families/<int:family_id>/monitoring/notes/new/",
        lifecycle.monitoring_note_add,
        name="monitoring_note_add",
    ),
    path("families/<int:family_id>/close/", lifecycle.case_close, name="case_close"),
    path("families/<int:family_id>/reassign/", lifecycle.assignment_reassign, name="assignment_reassign"),
    # The work plan, the documentation of work (visits) and the assistant's month.
    path("my-month/", plans.assistant_month, name="assistant_month"),
    path("my-month/pdf/", plans.assistant_month_pdf, name="assistant_month_pdf"),
    path("families/<int:family_id>/work-plans/new/", plans.work_plan_create, name="work_plan_create"),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/", plans.work_plan_detail, name="work_plan_detail"
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/edit/", plans.work_plan_edit, name="work_plan_edit"
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/accept/",
        plans.work_plan_accept,
        name="work_plan_accept",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/revise/",
        plans.work_plan_revise,
        name="work_plan_revise",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/comment/",
        plans.work_plan_comment,
        name="work_plan_comment",
    ),
    path("families/<int:family_id>/work-plans/<int:plan_id>/pdf/", plans.work_plan_pdf, name="work_plan_pdf"),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/goals/new/",
        plans.plan_goal_add,
        name="plan_goal_add",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/goals/<int:goal_id>/",
        plans.plan_goal_edit,
        name="plan_goal_edit",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/goals/<int:goal_id>/remove/",
        plans.plan_goal_remove,
        name="plan_goal_remove",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/goals/<int:goal_id>/status/",
        plans.plan_goal_status,
        name="plan_goal_status",
    ),
    path("families/<int:family_id>/visits/", plans.visit_list, name="visit_list"),
    path("families/<int:family_id>/visits/new/", plans.visit_add, name="visit_add"),
    path("families/<int:family_id>/visits/<int:visit_id>/edit/", plans.visit_edit, name="visit_edit"),
]
