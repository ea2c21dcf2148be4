"""The overview's pages keep their plain names ("home", "statistics", "audit_log"): every layout
links to them."""

from django.urls import path

from overview import audit_views, statistics_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("deadlines/", views.my_deadlines, name="my_deadlines"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/families/", audit_views.audit_family, name="audit_family"),
    path("audit/person/", audit_views.audit_person, name="audit_person"),
    path(
        "families/<int:family_id>/members/<int:member_id>/export.json",
        audit_views.member_export_json,
        name="member_export_json",
    ),
    path(
        "families/<int:family_id>/members/<int:member_id>/export.pdf",
        audit_views.member_export_pdf,
        name="member_export_pdf",
    ),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/export.csv", statistics_views.statistics_export_csv, name="statistics_export_csv"),
    path("statistics/export.xlsx", statistics_views.statistics_export_xlsx, name="statistics_export_xlsx"),
    path("statistics/report.pdf", statistics_views.statistics_report_pdf, name="statistics_report_pdf"),
]
