from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("disposal-protocols/", views.protocol_list, name="protocol_list"),
    path("disposal-protocols/propose/", views.protocol_propose, name="protocol_propose"),
    path("disposal-protocols/<int:protocol_id>/", views.protocol_detail, name="protocol_detail"),
    path("disposal-protocols/<int:protocol_id>/approve/", views.protocol_approve, name="protocol_approve"),
    path(
        "disposal-protocols/<int:protocol_id>/carry-out/", views.protocol_carry_out, name="protocol_carry_out"
    ),
    path("disposal-protocols/<int:protocol_id>/pdf/", views.protocol_pdf, name="protocol_pdf"),
]
