"""The team's record of a family: the contact log, the case notes and the attachments. Every page
is reached through the family (cases.access.family_view: 404 for a family the user may not see);
a note or attachment the user may not read answers 404 as well."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import family_view
from cases.models import Family
from contacts import policies, selectors, services
from contacts.forms import AttachmentForm, ContactForm, NoteForm
from familysupport.access import AuthenticatedRequest, record_read
from familysupport.forms import call_create_service, call_service, call_withdraw_service, say_created
from familysupport.lists import paginate
from familysupport.models import AuditAction, Role
from familysupport.policies import Verdict, require_theirs
from familysupport.uploads import scan_response

READERS = (*policies.TEAM_ROLES, Role.HEAD)
PAGE_SIZE = 25


def _step_page(
    request: AuthenticatedRequest, verdict: Verdict, back: str, family: Family
) -> HttpResponse | None:
    """403 when the step is not the user's; back to `back` with the reason when not now."""
    if require_theirs(verdict):
        return None
    messages.info(request, verdict.reason)
    return redirect(back, family_id=family.pk)


# The contact log -----------------------------------------------------------------------------


@family_view(roles=READERS)
def contact_list(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_view_contacts(request.user, family))
    page = paginate(selectors.family_contacts(request.user, family), PAGE_SIZE, request.GET.get("page"))
    for contact in page:
        contact.family = family
    withdrawn = selectors.withdrawn_records(request.user, family)
    return render(
        request, "contacts/contact_list.html", {"family": family, "page": page, "withdrawn": withdrawn}
    )


@family_view(roles=policies.TEAM_ROLES)
def contact_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := _step_page(
        request, policies.can_log_contact(request.user, family), "contacts:contact_list", family
    ):
        return refused
    form = ContactForm(
        request.POST or None, family=family, logger=request.user, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        contact, new = call_create_service(
            form, services.contact_log, actor=request.user, family=family, data=form.cleaned_data
        )
        if contact:
            say_created(request, new, _("The contact has been logged."))
            return redirect("contacts:contact_list", family_id=family.pk)
    return render(request, "contacts/contact_form.html", {"family": family, "form": form})


@family_view(roles=policies.TEAM_ROLES)
def contact_edit(request: AuthenticatedRequest, family: Family, contact_id: int) -> HttpResponse:
    contact = selectors.family_contact(request.user, family, contact_id)
    if refused := _step_page(
        request, policies.can_update_contact(request.user, contact), "contacts:contact_list", family
    ):
        return refused
    form = ContactForm(request.POST or None, instance=contact, family=family, logger=contact.logged_by)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.contact_update, actor=request.user, contact=contact, data=form.cleaned_data
        ):
            messages.success(request, _("The record of the contact has been saved."))
            return redirect("contacts:contact_list", family_id=family.pk)
    return render(request, "contacts/contact_form.html", {"family": family, "form": form, "contact": contact})


@require_POST
@family_view(roles=policies.TEAM_ROLES)
def contact_withdraw(request: AuthenticatedRequest, family: Family, contact_id: int) -> HttpResponse:
    contact = selectors.family_contact(request.user, family, contact_id)
    if call_withdraw_service(
        request,
        services.contact_withdraw,
        actor=request.user,
        contact=contact,
        success=_("The contact has been withdrawn."),
    ):
        return redirect("contacts:contact_list", family_id=family.pk)
    return redirect("contacts:contact_edit", family_id=family.pk, contact_id=contact.pk)


# Case notes ----------------------------------------------------------------------------------


@family_view(roles=READERS)
def note_list(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_view_contacts(request.user, family))
    page = paginate(selectors.family_notes(request.user, family), PAGE_SIZE, request.GET.get("page"))
    for note in page:
        note.family = family
    return render(request, "contacts/note_list.html", {"family": family, "page": page})


@family_view(roles=READERS)
def note_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := _step_page(
        request, policies.can_add_note(request.user, family), "contacts:note_list", family
    ):
        return refused
    form = NoteForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        note, new = call_create_service(
            form, services.note_add, actor=request.user, family=family, data=form.cleaned_data
        )
        if note:
            say_created(request, new, _("The note has been saved."))
            return redirect("contacts:note_list", family_id=family.pk)
    return render(request, "contacts/note_form.html", {"family": family, "form": form})


@family_view(roles=READERS)
def note_edit(request: AuthenticatedRequest, family: Family, note_id: int) -> HttpResponse:
    note = selectors.family_note(request.user, family, note_id)
    if refused := _step_page(
        request, policies.can_update_note(request.user, note), "contacts:note_list", family
    ):
        return refused
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.note_update, actor=request.user, note=note, data=form.cleaned_data):
            messages.success(request, _("The note has been saved."))
            return redirect("contacts:note_list", family_id=family.pk)
    return render(request, "contacts/note_form.html", {"family": family, "form": form, "note": note})


@require_POST
@family_view(roles=READERS)
def note_withdraw(request: AuthenticatedRequest, family: Family, note_id: int) -> HttpResponse:
    note = selectors.family_note(request.user, family, note_id)
    if call_withdraw_service(
        request,
        services.note_withdraw,
        actor=request.user,
        note=note,
        success=_("The note has been withdrawn."),
    ):
        return redirect("contacts:note_list", family_id=family.pk)
    return redirect("contacts:note_edit", family_id=family.pk, note_id=note.pk)


# Attachments ---------------------------------------------------------------------------------


@family_view(roles=READERS)
def attachment_list(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_view_contacts(request.user, family))
    page = paginate(selectors.family_attachments(request.user, family), PAGE_SIZE, request.GET.get("page"))
    for attachment in page:
        attachment.family = family
    return render(request, "contacts/attachment_list.html", {"family": family, "page": page})


@family_view(roles=READERS)
def attachment_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    if refused := _step_page(
        request, policies.can_add_attachment(request.user, family), "contacts:attachment_list", family
    ):
        return refused
    form = AttachmentForm(
        request.POST or None, request.FILES or None, initial={"dated": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        attachment, new = call_create_service(
            form, services.attachment_add, actor=request.user, family=family, data=form.cleaned_data
        )
        if attachment:
            say_created(request, new, _("The document has been attached."))
            return redirect("contacts:attachment_list", family_id=family.pk)
    return render(request, "contacts/attachment_form.html", {"family": family, "form": form})


@family_view(roles=READERS)
def attachment_detail(request: AuthenticatedRequest, family: Family, attachment_id: int) -> HttpResponse:
    attachment = selectors.family_attachment(request.user, family, attachment_id)
    return render(request, "contacts/attachment_detail.html", {"family": family, "attachment": attachment})


@family_view(roles=READERS)
def attachment_download(request: AuthenticatedRequest, family: Family, attachment_id: int) -> FileResponse:
    attachment = selectors.family_attachment(request.user, family, attachment_id)
    record_read(request, attachment, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return scan_response(attachment.file, download_name=f"dokument-{attachment.pk}")


@require_POST
@family_view(roles=READERS)
def attachment_withdraw(request: AuthenticatedRequest, family: Family, attachment_id: int) -> HttpResponse:
    attachment = selectors.family_attachment(request.user, family, attachment_id)
    if call_withdraw_service(
        request,
        services.attachment_withdraw,
        actor=request.user,
        attachment=attachment,
        success=_("The document has been withdrawn."),
    ):
        return redirect("contacts:attachment_list", family_id=family.pk)
    return redirect(reverse("contacts:attachment_detail", args=[family.pk, attachment.pk]))
