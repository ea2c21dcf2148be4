from django.urls import path

from team import views

app_name = "team"

urlpatterns = [
    path("families/<int:family_id>/specialists/engage/", views.engagement_add, name="engagement_add"),
    path(
        "families/<int:family_id>/specialists/<int:engagement_id>/end/",
        views.engagement_end,
        name="engagement_end",
    ),
    path(
        "families/<int:family_id>/interviews/<int:interview_id>/contributions/new/",
        views.interview_contribution_add,
        name="interview_contribution_add",
    ),
    path(
        "families/<int:family_id>/work-plans/<int:plan_id>/contributions/new/",
        views.plan_contribution_add,
        name="plan_contribution_add",
    ),
    path(
        "families/<int:family_id>/contributions/<int:contribution_id>/withdraw/",
        views.contribution_withdraw,
        name="contribution_withdraw",
    ),
]
