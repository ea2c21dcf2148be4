from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from familysupport import audit_views, statistics_views, views
from familysupport.access import authenticated, public

urlpatterns = [
    path("", views.home, name="home"),
    path("deadlines/", views.my_deadlines, name="my_deadlines"),
    path("login/", public(auth_views.LoginView.as_view()), name="login"),
    path("logout/", authenticated(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/",
        authenticated(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password/done/",
        authenticated(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("language/", public(set_language), name="set_language"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/start/", views.two_factor_start, name="two_factor_start"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
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
    path("", include("cases.urls")),
    path("", include("assistants.urls")),
    path("", include("supportfamilies.urls")),
    path("admin/", admin.site.urls),
]
