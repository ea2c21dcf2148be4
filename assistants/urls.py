from django.urls import path

from assistants import views

app_name = "assistants"

urlpatterns = [
    path("assistants/", views.caseload, name="caseload"),
    # Court requests and opinions: the register (staff, head), then the opinion on the family.
    path("court-requests/", views.court_register, name="court_register"),
    path("court-requests/new/", views.court_register_add, name="court_register_add"),
    path("court-requests/<int:court_request_id>/", views.court_register_detail, name="court_register_detail"),
    path(
        "court-requests/<int:court_request_id>/scan/", views.court_register_scan, name="court_register_scan"
    ),
    path(
        "court-requests/<int:court_request_id>/opinions/<int:opinion_id>/pdf/",
        views.court_register_opinion_pdf,
        name="court_register_opinion_pdf",
    ),
    path(
        "court-requests/<int:court_request_id>/opinions/<int:opinion_id>/dispatch/",
        views.court_register_dispatch,
        name="court_register_dispatch",
    ),
    path(
        "families/<int:family_id>/court-requests/<int:court_request_id>/",
        views.court_request_detail,
        name="court_request_detail",
    ),
    path(
        "families/<int:family_id>/court-requests/<int:court_request_id>/scan/",
        views.court_request_scan,
        name="court_request_scan",
    ),
    path(
        "families/<int:family_id>/court-requests/<int:court_request_id>/opinion/",
        views.court_opinion_start,
        name="court_opinion_start",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/",
        views.court_opinion_detail,
        name="court_opinion_detail",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/edit/",
        views.court_opinion_edit,
        name="court_opinion_edit",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/submit/",
        views.court_opinion_submit,
        name="court_opinion_submit",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/approve/",
        views.court_opinion_approve,
        name="court_opinion_approve",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/return/",
        views.court_opinion_return,
        name="court_opinion_return",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/correct/",
        views.court_opinion_correct,
        name="court_opinion_correct",
    ),
    path(
        "families/<int:family_id>/court-opinions/<int:opinion_id>/pdf/",
        views.court_opinion_pdf,
        name="court_opinion_pdf",
    ),
    # Assistant profiles, periodic assessments, end of work, monitoring and handover.
    path("assistants/<int:profile_id>/edit/", views.assistant_profile_edit, name="assistant_profile_edit"),
    path("families/<int:family_id>/assessments/new/", views.assessment_add, name="assessment_add"),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/",
        views.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/edit/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/submit/",
        views.assessment_submit,
        name="assessment_submit",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/acknowledge/",
        views.assessment_acknowledge,
        name="assessment_acknowledge",
    ),
    path(
        "families/<int:family_id>/assessments/<int:assessment_id>/pdf/",
        views.assessment_pdf,
        name="assessment_pdf",
    ),
    path("families/<int:family_id>/end-of-work/", views.work_end_add, name="work_end_add"),
    path(
        "families/<int:family_id>/end-of-work/<int:work_end_id>/pdf/",
        views.work_end_pdf,
        name="work_end_pdf",
    ),
    path(
        "families/<int:family_id>/monitoring/notes/new/",
        views.monitoring_note_add,
        name="monitoring_note_add",
    ),
    path("families/<int:family_id>/close/", views.case_close, name="case_close"),
    path("families/<int:family_id>/reassign/", views.assignment_reassign, name="assignment_reassign"),
    # The work plan, the documentation of work (visits) and the assistant's month.
    path("my-month/", views.assistant_month, name="assistant_month"),
    path("my-month/pdf/", views.assistant_month_pdf, name="assistant_month_pdf"),
    path("families/<int:family_id>/work-plans/new/", views.work_plan_create, name="work_plan_create"),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/", views.work_plan_detail, name="work_plan_detail"
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/edit/", views.work_plan_edit, name="work_plan_edit"
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/accept/",
        views.work_plan_accept,
        name="work_plan_accept",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/revise/",
        views.work_plan_revise,
        name="work_plan_revise",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/comment/",
        views.work_plan_comment,
        name="work_plan_comment",
    ),
    path("families/<int:family_id>/work-plans/<int:plan_id>/pdf/", views.work_plan_pdf, name="work_plan_pdf"),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/goals/<int:goal_id>/status/",
        views.plan_goal_status,
        name="plan_goal_status",
    ),
    path("families/<int:family_id>/visits/", views.visit_list, name="visit_list"),
    path("families/<int:family_id>/visits/new/", views.visit_add, name="visit_add"),
    path("families/<int:family_id>/visits/<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
]
