from django.urls import path

from contacts import views

app_name = "contacts"
family = "families/<int:family_id>/"

urlpatterns = [
    path(family + "contacts/", views.contact_list, name="contact_list"),
    path(family + "contacts/new/", views.contact_add, name="contact_add"),
    path(family + "contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path(family + "contacts/<int:contact_id>/withdraw/", views.contact_withdraw, name="contact_withdraw"),
    path(family + "notes/", views.note_list, name="note_list"),
    path(family + "notes/new/", views.note_add, name="note_add"),
    path(family + "notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path(family + "notes/<int:note_id>/withdraw/", views.note_withdraw, name="note_withdraw"),
    path(family + "attachments/", views.attachment_list, name="attachment_list"),
    path(family + "attachments/new/", views.attachment_add, name="attachment_add"),
    path(family + "attachments/<int:attachment_id>/", views.attachment_detail, name="attachment_detail"),
    path(
        family + "attachments/<int:attachment_id>/download/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        family + "attachments/<int:attachment_id>/withdraw/",
        views.attachment_withdraw,
        name="attachment_withdraw",
    ),
]
