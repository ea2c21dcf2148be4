from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from familysupport import views
from familysupport.access import authenticated, public

urlpatterns = [
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
    path("", include("cases.urls")),
    path("", include("retention.urls")),
    path("", include("contacts.urls")),
    path("", include("monitoring.urls")),
    path("", include("assistants.urls")),
    path("", include("supportfamilies.urls")),
    path("", include("team.urls")),
    path("", include("institutions.urls")),
    path("", include("familyservices.urls")),
    path("", include("overview.urls")),
    path("admin/", admin.site.urls),
]
