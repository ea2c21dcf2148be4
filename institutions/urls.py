from django.urls import path

from institutions import views

app_name = "institutions"

family = "families/<int:family_id>/"

urlpatterns = [
    # The centre's directory.
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/new/", views.institution_add, name="institution_add"),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:institution_id>/edit/", views.institution_edit, name="institution_edit"),
    path(
        "institutions/<int:institution_id>/deactivate/",
        views.institution_deactivate,
        name="institution_deactivate",
    ),
    # A family's contacts.
    path(family + "institution-contacts/new/", views.family_contact_add, name="family_contact_add"),
    path(
        "institution-contacts/<int:contact_id>/withdraw/",
        views.family_contact_withdraw,
        name="family_contact_withdraw",
    ),
    # Letters and referrals.
    path(family + "letters/new/", views.letter_create, name="letter_create"),
    path("letters/", views.letter_register, name="letter_register"),
    path("letters/<int:letter_id>/", views.letter_detail, name="letter_detail"),
    path("letters/<int:letter_id>/edit/", views.letter_edit, name="letter_edit"),
    path("letters/<int:letter_id>/send/", views.letter_send, name="letter_send"),
    path("letters/<int:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("letters/<int:letter_id>/reply/", views.letter_reply, name="letter_reply"),
    path("letters/<int:letter_id>/reply-scan/", views.letter_reply_scan, name="letter_reply_scan"),
    path("letters/<int:letter_id>/withdraw/", views.letter_withdraw, name="letter_withdraw"),
    # Case conferences.
    path(family + "case-conferences/new/", views.conference_record, name="conference_record"),
    path("case-conferences/<int:conference_id>/", views.conference_detail, name="conference_detail"),
    path(
        "case-conferences/<int:conference_id>/tasks/new/",
        views.conference_task_add,
        name="conference_task_add",
    ),
    path(
        "case-conferences/<int:conference_id>/withdraw/",
        views.conference_withdraw,
        name="conference_withdraw",
    ),
    path("conference-tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("conference-tasks/<int:task_id>/done/", views.task_complete, name="task_complete"),
]
