from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from familysupport import views
from familysupport.access import authenticated, public

urlpatterns = [
    path("", views.home, name="home"),
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
    path("", include("cases.urls")),
    path("", include("assistants.urls")),
    path("admin/", admin.site.urls),
]
