from django.urls import path

from familyservices import views

app_name = "familyservices"

family = "families/<int:family_id>/services/"
episode = family + "<int:episode_id>/"

urlpatterns = [
    path(family + "new/", views.episode_add, name="episode_add"),
    path(episode, views.episode_detail, name="episode_detail"),
    path(episode + "refer/", views.episode_refer, name="episode_refer"),
    path(episode + "end/", views.episode_end, name="episode_end"),
    path(episode + "sessions/new/", views.session_add, name="session_add"),
    path(episode + "sessions/<int:session_id>/withdraw/", views.session_withdraw, name="session_withdraw"),
]
