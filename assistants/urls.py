from django.urls import path

from assistants import views

app_name = "assistants"

urlpatterns = [
    path("assistants/", views.caseload, name="caseload"),
]
