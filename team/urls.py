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
]
