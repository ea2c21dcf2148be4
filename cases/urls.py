from django.urls import path

from cases import views

app_name = "cases"

family = "families/<int:family_id>/"

urlpatterns = [
    path("families/", views.family_list, name="family_list"),
    path("families/new/", views.family_register, name="family_register"),
    path("requests/", views.requests_pending, name="requests_pending"),
    path("assistant-requests/", views.request_list, name="request_list"),
    path(family, views.family_detail, name="family_detail"),
    path(family + "edit/", views.family_edit, name="family_edit"),
    path(family + "archive/", views.family_archive, name="family_archive"),
    path(family + "social-worker/", views.family_social_worker, name="family_social_worker"),
    path(family + "members/new/", views.member_add, name="member_add"),
    path(family + "members/<int:member_id>/", views.member_edit, name="member_edit"),
    path(family + "members/<int:member_id>/withdraw/", views.member_withdraw, name="member_withdraw"),
    path(family + "reports/new/", views.report_add, name="report_add"),
    path(family + "interviews/start/", views.interview_start, name="interview_start"),
    path(family + "interviews/<int:interview_id>/", views.interview_detail, name="interview_detail"),
    path(family + "interviews/<int:interview_id>/edit/", views.interview_edit, name="interview_edit"),
    path(family + "interviews/<int:interview_id>/pdf/", views.interview_pdf, name="interview_pdf"),
    path(family + "interviews/<int:interview_id>/sign/", views.interview_sign, name="interview_sign"),
    path(family + "interviews/<int:interview_id>/update/", views.interview_update, name="interview_update"),
    path(family + "analysis/new/", views.analysis_add, name="analysis_add"),
    path(family + "consents/new/", views.consent_add, name="consent_add"),
    path(family + "consents/<int:consent_id>/scan/", views.consent_scan, name="consent_scan"),
    path(family + "requests/new/", views.request_add, name="request_add"),
    path(family + "requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path(family + "requests/<int:request_id>/edit/", views.request_edit, name="request_edit"),
    path(family + "requests/<int:request_id>/pdf/", views.request_pdf, name="request_pdf"),
    path(family + "requests/<int:request_id>/submit/", views.request_submit, name="request_submit"),
]
