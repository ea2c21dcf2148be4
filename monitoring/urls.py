from django.urls import path

from monitoring import views

app_name = "monitoring"

plan = "monitoring/<int:plan_id>/"

urlpatterns = [
    path("monitoring/", views.monitoring_list, name="monitoring_list"),
    path("families/<int:family_id>/monitoring/new/", views.plan_create, name="plan_create"),
    path(plan, views.plan_detail, name="plan_detail"),
    path(plan + "edit/", views.plan_edit, name="plan_edit"),
    path(plan + "end/", views.plan_end, name="plan_end"),
    path(plan + "reviews/new/", views.review_add, name="review_add"),
    path(plan + "reviews/<int:review_id>/withdraw/", views.review_withdraw, name="review_withdraw"),
]
