"""Views of the cooperation with institutions: fetch through the scoped selectors, bind the form,
call the service, redirect. An object outside the user's scope answers 404; a role that may not
act, 403. Whether a step may be taken is its policy (institutions.policies)."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.access import family_view
from cases.models import Family
from familysupport.access import AuthenticatedRequest, object_view, role_required
from familysupport.forms import (
    call_create_service,
    call_service,
    call_transition,
    call_withdraw_service,
    say_created,
)
from familysupport.lists import list_context
from familysupport.models import AuditAction, Centre
from familysupport.pdf import pdf_response, render_pdf
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed, form_summary
from familysupport.uploads import scan_response
from institutions import policies, selectors, services
from institutions.filters import (
    INSTITUTION_DEFAULT_SORT,
    INSTITUTION_SORTS,
    LETTER_DEFAULT_SORT,
    LETTER_SORTS,
    InstitutionFilter,
    LetterRegisterFilter,
)
from institutions.forms import (
    ConferenceForm,
    ConferenceTaskForm,
    FamilyContactForm,
    InstitutionForm,
    LetterForm,
    LetterReplyForm,
    LetterSendForm,
)
from institutions.models import CaseConference, ConferenceTask, FamilyContact, Institution, Letter
from institutions.policies import CASE_READERS, DIRECTORY_KEEPERS, DIRECTORY_READERS, REGISTER_READERS

WORKERS = CASE_READERS  # those who write a family's letters, contacts and conferences


def _family_section(family: Family) -> str:
    return reverse("cases:family_detail", args=[family.pk]) + "?section=institutions"


def _no_family(_obj: object) -> None:
    return None


# The directory ----------------------------------------------------------------------------------


@role_required(*DIRECTORY_READERS)
def institution_list(request: AuthenticatedRequest) -> HttpResponse:
    context = list_context(
        request,
        InstitutionFilter,
        selectors.institutions_visible_to(request.user),
        sorts=INSTITUTION_SORTS,
        default_sort=INSTITUTION_DEFAULT_SORT,
    )
    return render(request, "institutions/institution_list.html", {**context, "centre": request.user.centre})


@role_required(*DIRECTORY_KEEPERS)
def institution_add(request: AuthenticatedRequest) -> HttpResponse:
    centre: Centre = request.user.centre  # type: ignore[assignment]  # a keeper belongs to a centre
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.institution_add, actor=request.user, centre=centre, data=form.cleaned_data
        )
        if created:
            say_created(request, new, _("The institution has been added to the directory."))
            return redirect("institutions:institution_detail", institution_id=created.pk)
    return render(request, "institutions/institution_form.html", {"form": form, "institution": None})


@object_view(selectors.institution_of, kwarg="institution_id", roles=DIRECTORY_READERS, family_of=_no_family)
def institution_detail(request: AuthenticatedRequest, institution: Institution) -> HttpResponse:
    return render(request, "institutions/institution_detail.html", {"institution": institution})


@object_view(selectors.institution_of, kwarg="institution_id", roles=DIRECTORY_KEEPERS, family_of=_no_family)
def institution_edit(request: AuthenticatedRequest, institution: Institution) -> HttpResponse:
    verdict = require_theirs(policies.can_edit_institution(request.user, institution))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect("institutions:institution_detail", institution_id=institution.pk)
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.institution_update,
            actor=request.user,
            institution=institution,
            data=form.cleaned_data,
        ):
            messages.success(request, _("The institution's details have been saved."))
            return redirect("institutions:institution_detail", institution_id=institution.pk)
    return render(request, "institutions/institution_form.html", {"form": form, "institution": institution})


@require_POST
@object_view(selectors.institution_of, kwarg="institution_id", roles=DIRECTORY_KEEPERS, family_of=_no_family)
def institution_deactivate(request: AuthenticatedRequest, institution: Institution) -> HttpResponse:
    detail = reverse("institutions:institution_detail", args=[institution.pk])
    if not confirmed(request):
        return confirm_page(
            request,
            title=_("Deactivate the institution"),
            summary=[
                (_("name of the institution"), institution.name),
                (_("kind"), institution.get_kind_display()),
            ],
            locks=_(
                "Once deactivated, the institution is no longer offered for new contacts, letters and "
                "conferences; the family contacts and letters that name it stay as they are."
            ),
            button=_("Deactivate"),
            back=detail,
            verdict=require_theirs(policies.can_deactivate_institution(request.user, institution)),
        )
    call_transition(
        request,
        services.institution_deactivate,
        success=_("The institution has been deactivated."),
        actor=request.user,
        institution=institution,
    )
    return redirect(detail)


# A family's contacts ----------------------------------------------------------------------------


@family_view(roles=WORKERS)
def family_contact_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    verdict = require_theirs(policies.can_add_family_contact(request.user, family))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect(_family_section(family))
    form = FamilyContactForm(request.POST or None, institutions=selectors.active_institutions(request.user))
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.family_contact_add, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            say_created(request, new, _("The family's contact has been added."))
            return redirect(_family_section(family))
    return render(request, "institutions/family_contact_form.html", {"family": family, "form": form})


@object_view(selectors.family_contact_of, kwarg="contact_id", roles=WORKERS)
def family_contact_withdraw(request: AuthenticatedRequest, contact: FamilyContact) -> HttpResponse:
    """The contact and the reason to withdraw it with (a family contact has no page of its own)."""
    verdict = require_theirs(policies.can_withdraw_family_contact(request.user, contact))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect(_family_section(contact.family))
    if request.method == "POST" and call_withdraw_service(
        request,
        services.family_contact_withdraw,
        actor=request.user,
        contact=contact,
        success=_("The contact has been withdrawn."),
    ):
        return redirect(_family_section(contact.family))
    return render(
        request, "institutions/family_contact_withdraw.html", {"family": contact.family, "contact": contact}
    )


# Letters and referrals ----------------------------------------------------------------------------


@family_view(roles=WORKERS)
def letter_create(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    verdict = require_theirs(policies.can_write_letter(request.user, family))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect(_family_section(family))
    form = LetterForm(request.POST or None, institutions=selectors.active_institutions(request.user))
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.letter_create, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            say_created(request, new, _("The letter has been saved as a draft."))
            return redirect("institutions:letter_detail", letter_id=created.pk)
    return render(request, "institutions/letter_form.html", {"family": family, "form": form, "letter": None})


@object_view(selectors.letter_of, kwarg="letter_id", roles=WORKERS)
def letter_detail(request: AuthenticatedRequest, letter: Letter) -> HttpResponse:
    return render(
        request,
        "institutions/letter_detail.html",
        {"letter": letter, "family": letter.family, "today": timezone.localdate()},
    )


@object_view(selectors.letter_of, kwarg="letter_id", roles=WORKERS)
def letter_edit(request: AuthenticatedRequest, letter: Letter) -> HttpResponse:
    verdict = require_theirs(policies.can_edit_letter(request.user, letter))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect("institutions:letter_detail", letter_id=letter.pk)
    institutions = selectors.active_institutions(request.user) | selectors.institutions_visible_to(
        request.user
    ).filter(pk=letter.institution_id)
    form = LetterForm(request.POST or None, instance=letter, institutions=institutions.distinct())
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.letter_update, actor=request.user, letter=letter, data=form.cleaned_data
        ):
            messages.success(request, _("The letter has been saved."))
            return redirect("institutions:letter_detail", letter_id=letter.pk)
    return render(
        request, "institutions/letter_form.html", {"family": letter.family, "form": form, "letter": letter}
    )


@object_view(selectors.letter_of, kwarg="letter_id", roles=WORKERS)
def letter_send(request: AuthenticatedRequest, letter: Letter) -> HttpResponse:
    verdict = require_theirs(policies.can_send_letter(request.user, letter))
    detail = reverse("institutions:letter_detail", args=[letter.pk])
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect(detail)
    form = LetterSendForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            return confirm_page(
                request,
                title=_("Send the letter"),
                summary=[
                    (_("addressee"), letter.institution.name),
                    (_("kind of letter"), letter.get_kind_display()),
                    (_("subject"), letter.subject),
                    *form_summary(form),
                ],
                locks=_(
                    "Once sent, the letter gets the next reference number of the centre's register and "
                    "can no longer be changed; a mistake is withdrawn with a reason."
                ),
                button=_("Send and give the number"),
                back=reverse("institutions:letter_send", args=[letter.pk]),
                verdict=verdict,
            )
        if call_service(
            form,
            services.letter_send,
            actor=request.user,
            letter=letter,
            sent_on=form.cleaned_data["sent_on"],
            reply_due=form.cleaned_data["reply_due"],
        ):
            messages.success(request, _("The letter has been sent and given its reference number."))
            return redirect(detail)
    return render(
        request, "institutions/letter_send.html", {"letter": letter, "family": letter.family, "form": form}
    )


@object_view(selectors.letter_of, kwarg="letter_id", roles=WORKERS, action=AuditAction.DOWNLOAD)
def letter_pdf(request: AuthenticatedRequest, letter: Letter) -> HttpResponse:
    verdict = require_theirs(policies.can_print_letter(request.user, letter))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect("institutions:letter_detail", letter_id=letter.pk)
    content = render_pdf("pdf/institution_letter.html", {"letter": letter, "centre": letter.family.centre})
    return pdf_response(content, filename=f"pismo-{letter.year}-{letter.number}.pdf")


@object_view(selectors.letter_of, kwarg="letter_id", roles=WORKERS)
def letter_reply(request: AuthenticatedRequest, letter: Letter) -> HttpResponse:
    verdict = require_theirs(policies.can_record_reply(request.user, letter))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect("institutions:letter_detail", letter_id=letter.pk)
    form = LetterReplyForm(
        request.POST or None, request.FILES or None, initial={"reply_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.letter_reply_record, actor=request.user, letter=letter, data=form.cleaned_data
        ):
            messages.success(request, _("The reply has been recorded."))
            return redirect("institutions:letter_detail", letter_id=letter.pk)
    return render(
        request, "institutions/letter_reply.html", {"letter": letter, "family": letter.family, "form": form}
    )


@object_view(selectors.letter_with_scan, kwarg="letter_id", roles=WORKERS, action=AuditAction.DOWNLOAD)
def letter_reply_scan(request: AuthenticatedRequest, letter: Letter) -> FileResponse:
    return scan_response(letter.reply_scan, download_name=f"odpowiedz-{letter.pk}")


@require_POST
@object_view(selectors.letter_of, kwarg="letter_id", roles=WORKERS)
def letter_withdraw(request: AuthenticatedRequest, letter: Letter) -> HttpResponse:
    if call_withdraw_service(
        request,
        services.letter_withdraw,
        actor=request.user,
        letter=letter,
        success=_("The letter has been withdrawn."),
    ):
        return redirect(_family_section(letter.family))
    return redirect("institutions:letter_detail", letter_id=letter.pk)


@role_required(*REGISTER_READERS)
def letter_register(request: AuthenticatedRequest) -> HttpResponse:
    """The register of outgoing letters: numbers, dates, kinds and addressees, for the post."""
    context = list_context(
        request,
        LetterRegisterFilter,
        selectors.letter_register(request.user),
        sorts=LETTER_SORTS,
        default_sort=LETTER_DEFAULT_SORT,
    )
    return render(request, "institutions/letter_register.html", context)


# Case conferences ----------------------------------------------------------------------------------


@family_view(roles=WORKERS)
def conference_record(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    verdict = require_theirs(policies.can_record_conference(request.user, family))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect(_family_section(family))
    form = ConferenceForm(
        request.POST or None,
        team=selectors.team_members(family),
        institutions=selectors.active_institutions(request.user),
        initial={"held_on": timezone.localdate(), "team": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.conference_record, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            say_created(request, new, _("The case conference has been recorded; add the tasks agreed."))
            return redirect("institutions:conference_detail", conference_id=created.pk)
    return render(request, "institutions/conference_form.html", {"family": family, "form": form})


@object_view(selectors.conference_of, kwarg="conference_id", roles=WORKERS)
def conference_detail(request: AuthenticatedRequest, conference: CaseConference) -> HttpResponse:
    return render(
        request,
        "institutions/conference_detail.html",
        {"conference": conference, "family": conference.family, "today": timezone.localdate()},
    )


@object_view(selectors.conference_of, kwarg="conference_id", roles=WORKERS)
def conference_task_add(request: AuthenticatedRequest, conference: CaseConference) -> HttpResponse:
    detail = reverse("institutions:conference_detail", args=[conference.pk])
    verdict = require_theirs(policies.can_add_conference_task(request.user, conference))
    if not verdict:
        messages.info(request, verdict.reason)
        return redirect(detail)
    form = ConferenceTaskForm(request.POST or None, owners=selectors.task_owners(conference.family))
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form,
            services.conference_task_add,
            actor=request.user,
            conference=conference,
            data=form.cleaned_data,
        )
        if created:
            say_created(request, new, _("The task has been added to the owner's deadlines."))
            return redirect(detail)
    return render(
        request,
        "institutions/conference_task_form.html",
        {"conference": conference, "family": conference.family, "form": form},
    )


@require_POST
@object_view(selectors.conference_of, kwarg="conference_id", roles=WORKERS)
def conference_withdraw(request: AuthenticatedRequest, conference: CaseConference) -> HttpResponse:
    if call_withdraw_service(
        request,
        services.conference_withdraw,
        actor=request.user,
        conference=conference,
        success=_("The case conference has been withdrawn."),
    ):
        return redirect(_family_section(conference.family))
    return redirect("institutions:conference_detail", conference_id=conference.pk)


def _task_family(task: ConferenceTask) -> int:
    return task.conference.family_id


@object_view(selectors.task_of, kwarg="task_id", roles=WORKERS, family_of=_task_family)
def task_detail(request: AuthenticatedRequest, task: ConferenceTask) -> HttpResponse:
    """A task of the deadline register: its conference's page, at the task."""
    return redirect(reverse("institutions:conference_detail", args=[task.conference_id]) + f"#task-{task.pk}")


@require_POST
@object_view(selectors.task_of, kwarg="task_id", roles=WORKERS, family_of=_task_family)
def task_complete(request: AuthenticatedRequest, task: ConferenceTask) -> HttpResponse:
    call_transition(
        request,
        services.conference_task_complete,
        success=_("The task has been marked done."),
        actor=request.user,
        task=task,
    )
    return redirect(reverse("institutions:conference_detail", args=[task.conference_id]) + f"#task-{task.pk}")
