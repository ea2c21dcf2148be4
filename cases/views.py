"""Views of the family's case: fetch through the access layer, bind the form, call the service.

Whether a step may be taken is the step's policy (cases.policies): the service refuses by it, the
templates show the step's button by it, and a step's form page asks it only whether the step is
the user's at all (403 if not); the views decide nothing of it themselves.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import policies, selectors, services
from cases.access import family_view
from cases.filters import (
    FAMILY_DEFAULT_SORT,
    FAMILY_SORTS,
    REQUEST_DEFAULT_SORT,
    REQUEST_SORTS,
    FamilyFilter,
    PendingRequestFilter,
    RequestFilter,
)
from cases.forms import (
    AnalysisForm,
    ConsentForm,
    FamilyForm,
    InterviewForm,
    MemberForm,
    ReportForm,
    RequestForm,
    SocialWorkerForm,
)
from cases.models import Family
from familysupport.access import AuthenticatedRequest, record_read, role_required
from familysupport.forms import (
    call_create_service,
    call_create_transition,
    call_draft_service,
    call_service,
    call_transition,
    call_withdraw_service,
    say_created,
)
from familysupport.lists import list_context, search_redirect
from familysupport.models import AuditAction, Role
from familysupport.pdf import pdf_response, render_pdf
from familysupport.policies import require_theirs
from familysupport.steps import confirm_page, confirmed
from familysupport.uploads import scan_response

CASE_ROLES = (Role.SOCIAL_WORKER, Role.FAMILY_ASSISTANT, Role.HEAD)
SOCIAL_WORKER = (Role.SOCIAL_WORKER,)
HEAD = (Role.HEAD,)


@role_required(*CASE_ROLES)
def family_list(request: AuthenticatedRequest) -> HttpResponseBase:
    """Everyone's working list. Its search (a name, a PESEL) is sent by POST and stands in the
    address only as an opaque id."""
    if request.method == "POST":
        return search_redirect(request)
    archived = request.GET.get("archive") in ("1", "true", "True")
    families = selectors.family_list(request.user, archived=archived)
    context = list_context(
        request,
        FamilyFilter,
        families,
        sorts=FAMILY_SORTS,
        default_sort=FAMILY_DEFAULT_SORT,
        search=True,
    )
    context.update(archived=archived, columns=selectors.family_list_columns())
    return render(request, "cases/family_list.html", context)


@role_required(Role.HEAD, Role.SOCIAL_WORKER)
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    """Requests for an assistant: the head's whole centre, the social worker's own families."""
    context = list_context(
        request,
        RequestFilter,
        selectors.requests_visible_to(request.user),
        sorts=REQUEST_SORTS,
        default_sort=REQUEST_DEFAULT_SORT,
    )
    return render(request, "cases/request_list.html", context)


@role_required(Role.SOCIAL_WORKER)
def family_register(request: AuthenticatedRequest) -> HttpResponse:
    require_theirs(policies.can_register_family(request.user, None))
    family_form = FamilyForm(request.POST or None, prefix="family")
    report_form = ReportForm(request.POST or None, prefix="report")
    if request.method == "POST" and family_form.is_valid() and report_form.is_valid():
        family, new = call_create_service(
            report_form,
            services.family_register,
            actor=request.user,
            family=family_form.cleaned_data,
            report=report_form.cleaned_data,
        )
        if family:
            say_created(request, new, _("Family %(reference)s registered.") % {"reference": family.reference})
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request, "cases/family_register.html", {"family_form": family_form, "report_form": report_form}
    )


@family_view()
def family_detail(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    """The case, one section at a time: the section nav at the top leads to each (`?section=`),
    and a section reads only what it shows, so the page asks the same few queries however long
    the case has run. A section the user may not see answers 404."""
    user = request.user
    sections = selectors.family_sections(user, family)
    key = request.GET.get("section", sections[0].key)
    section = next((item for item in sections if item.key == key), None)
    if section is None:
        raise Http404
    # What the apps read for the page is kept in `shared` (cases.selectors.FamilyPathPart).
    shared: dict = {}
    context = {
        "family": family,
        "sections": sections,
        "section": section,
        **section.context(user, family, shared),
    }
    return render(request, "cases/family_detail.html", context)


@family_view(roles=SOCIAL_WORKER)
def family_edit(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_update_family(request.user, family))
    form = FamilyForm(request.POST or None, instance=family)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.family_update, actor=request.user, family=family, data=form.cleaned_data
        ):
            messages.success(request, _("The family's data has been saved."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(request, "cases/family_form.html", {"family": family, "form": form})


@family_view(roles=HEAD)
def family_social_worker(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_change_social_worker(request.user, family))
    form = SocialWorkerForm(
        request.POST or None, centre_id=family.centre_id, initial={"social_worker": family.social_worker_id}
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.family_social_worker_change,
            actor=request.user,
            family=family,
            social_worker=form.cleaned_data["social_worker"],
        ):
            messages.success(request, _("The responsible social worker has been changed."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(request, "cases/family_social_worker.html", {"family": family, "form": form})


@family_view(roles=SOCIAL_WORKER)
def member_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_add_member(request.user, family))
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.member_add, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            say_created(request, new, _("The family member has been added."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(request, "cases/member_form.html", {"family": family, "form": form})


@family_view(roles=SOCIAL_WORKER)
def member_edit(request: AuthenticatedRequest, family: Family, member_id: int) -> HttpResponse:
    member = get_object_or_404(family.members.current(), pk=member_id)
    require_theirs(policies.can_update_member(request.user, member))
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.member_update, actor=request.user, member=member, data=form.cleaned_data
        ):
            messages.success(request, _("The family member's data has been saved."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(request, "cases/member_form.html", {"family": family, "form": form, "member": member})


@require_POST
@family_view(roles=SOCIAL_WORKER)
def member_withdraw(request: AuthenticatedRequest, family: Family, member_id: int) -> HttpResponse:
    member = get_object_or_404(family.members.current(), pk=member_id)
    if call_withdraw_service(
        request,
        services.member_withdraw,
        actor=request.user,
        member=member,
        success=_("The family member has been withdrawn."),
    ):
        return redirect("cases:family_detail", family_id=family.pk)
    return redirect("cases:member_edit", family_id=family.pk, member_id=member.pk)


@family_view(roles=SOCIAL_WORKER)
def report_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_register_report(request.user, family))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.report_register, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            say_created(request, new, _("The report has been registered."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(request, "cases/report_form.html", {"family": family, "form": form})


@require_POST
@family_view(roles=SOCIAL_WORKER)
def interview_start(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    interview = call_create_transition(
        request,
        services.interview_start,
        actor=request.user,
        family=family,
        success=_("The interview draft is open."),
    )
    if interview is None:
        return redirect("cases:family_detail", family_id=family.pk)
    return redirect("cases:interview_edit", family_id=family.pk, interview_id=interview.pk)


@family_view()
def interview_detail(request: AuthenticatedRequest, family: Family, interview_id: int) -> HttpResponse:
    interview = selectors.family_interview(family, interview_id)
    due = selectors.interview_due_date(interview.report)
    return render(
        request,
        "cases/interview_detail.html",
        {
            "family": family,
            "interview": interview,
            "sections": selectors.interview_sections(
                interview, income=bool(policies.can_view_income(request.user, family))
            ),
            "parts": selectors.document_parts(request.user, selectors.INTERVIEW, interview),
            "due": due,
            "overdue": due < timezone.localdate(),
        },
    )


@family_view()
def interview_pdf(request: AuthenticatedRequest, family: Family, interview_id: int) -> HttpResponse:
    """The interview protocol for printing and signatures."""
    interview = selectors.family_interview(family, interview_id)
    content = render_pdf(
        "pdf/interview.html",
        {
            "centre": family.centre,
            "family": family,
            "interview": interview,
            "sections": selectors.interview_sections(
                interview, income=bool(policies.can_view_income(request.user, family))
            ),
            "parts": selectors.document_parts(request.user, selectors.INTERVIEW, interview, pdf=True),
        },
    )
    record_read(request, interview, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return pdf_response(content, filename=f"wywiad-{interview.pk}.pdf")


@family_view(roles=SOCIAL_WORKER)
def interview_edit(request: AuthenticatedRequest, family: Family, interview_id: int) -> HttpResponse:
    interview = selectors.family_interview(family, interview_id)
    editable = require_theirs(policies.can_edit_interview(request.user, interview))
    if not editable:  # signed (changes are made as an update), or the case archived
        messages.info(request, editable.reason)
        return redirect("cases:interview_detail", family_id=family.pk, interview_id=interview.pk)
    form = InterviewForm(request.POST or None, instance=interview)
    if request.method == "POST" and form.is_valid():
        detail = reverse("cases:interview_detail", args=[family.pk, interview.pk])
        next_page = call_draft_service(
            request,
            form,
            services.interview_save_draft,
            saved=_("The interview draft has been saved."),
            saved_url=detail,
            finish_button="sign",
            finish_url=reverse("cases:interview_sign", args=[family.pk, interview.pk]),
            actor=request.user,
            interview=interview,
        )
        if next_page:
            return redirect(next_page)
    return render(
        request,
        "cases/interview_form.html",
        {
            "family": family,
            "interview": interview,
            "form": form,
            "due": selectors.interview_due_date(interview.report),
        },
    )


@family_view(roles=SOCIAL_WORKER)
def interview_sign(request: AuthenticatedRequest, family: Family, interview_id: int) -> HttpResponse:
    """The interview as it will be signed, then the confirming button signs it."""
    interview = selectors.family_interview(family, interview_id)
    detail = reverse("cases:interview_detail", args=[family.pk, interview.pk])
    verdict = require_theirs(policies.can_sign_interview(request.user, interview))
    if confirmed(request):
        call_transition(
            request,
            services.interview_sign,
            actor=request.user,
            interview=interview,
            success=_("The interview has been signed."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Sign the interview"),
        summary=[
            (_("date of the interview"), interview.conducted_on),
            (_("place"), interview.place),
            (_("persons present"), interview.present),
            *selectors.interview_sections(interview),
        ],
        locks=_(
            "Once signed, the interview is locked: nobody can change it any more, and a later "
            "change is made as an update kept beside it."
        ),
        button=_("Sign the interview"),
        back=detail,
        verdict=verdict,
        missing=interview.missing_sections(),
        header="cases/_family_header.html",
        context={"family": family},
    )


@require_POST
@family_view(roles=SOCIAL_WORKER)
def interview_update(request: AuthenticatedRequest, family: Family, interview_id: int) -> HttpResponse:
    interview = selectors.family_interview(family, interview_id)
    update = call_create_transition(
        request,
        services.interview_update_start,
        actor=request.user,
        interview=interview,
        success=_("The update of the interview is open."),
    )
    if update is None:
        return redirect("cases:interview_detail", family_id=family.pk, interview_id=interview.pk)
    return redirect("cases:interview_edit", family_id=family.pk, interview_id=update.pk)


@family_view(roles=SOCIAL_WORKER)
def analysis_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_record_analysis(request.user, family))
    form = AnalysisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.analysis_record, actor=request.user, family=family, **form.cleaned_data
        )
        if created:
            say_created(request, new, _("The analysis has been recorded."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(
        request,
        "cases/analysis_form.html",
        {
            "family": family,
            "form": form,
            "interview": selectors.latest_signed_interview(family),
        },
    )


@family_view(roles=SOCIAL_WORKER)
def consent_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_record_consent(request.user, family))
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.consent_record, actor=request.user, family=family, data=form.cleaned_data
        )
        if created:
            say_created(request, new, _("The consent or basis has been recorded."))
            return redirect("cases:family_detail", family_id=family.pk)
    return render(request, "cases/consent_form.html", {"family": family, "form": form})


@family_view()
def consent_scan(request: AuthenticatedRequest, family: Family, consent_id: int) -> FileResponse:
    consent = get_object_or_404(family.consents, pk=consent_id)
    if not consent.scan:
        raise Http404
    record_read(request, consent, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return scan_response(consent.scan, download_name=f"zgoda-{consent.pk}")


@family_view(roles=SOCIAL_WORKER)
def request_add(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    require_theirs(policies.can_create_request(request.user, family))
    form = RequestForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        created, new = call_create_service(
            form, services.assignment_request_create, actor=request.user, family=family, **form.cleaned_data
        )
        if created:
            say_created(request, new, _("The request has been saved as a draft; submit it to the head."))
            return redirect("cases:request_detail", family_id=family.pk, request_id=created.pk)
    return render(request, "cases/request_form.html", {"family": family, "form": form})


@family_view(roles=SOCIAL_WORKER)
def request_edit(request: AuthenticatedRequest, family: Family, request_id: int) -> HttpResponse:
    assignment_request = selectors.family_request(family, request_id)
    require_theirs(policies.can_update_request(request.user, assignment_request))
    form = RequestForm(request.POST or None, instance=assignment_request, family=family)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form,
            services.assignment_request_update,
            actor=request.user,
            request=assignment_request,
            **form.cleaned_data,
        ):
            messages.success(request, _("The request has been saved."))
            return redirect("cases:request_detail", family_id=family.pk, request_id=assignment_request.pk)
    return render(
        request,
        "cases/request_form.html",
        {
            "family": family,
            "form": form,
            "assignment_request": assignment_request,
        },
    )


@family_view()
def request_detail(request: AuthenticatedRequest, family: Family, request_id: int) -> HttpResponse:
    assignment_request = selectors.family_request(family, request_id)
    return render(
        request,
        "cases/request_detail.html",
        {
            "family": family,
            "assignment_request": assignment_request,
            "sections": selectors.request_sections(assignment_request, pdf=False),
        },
    )


@family_view()
def request_pdf(request: AuthenticatedRequest, family: Family, request_id: int) -> HttpResponse:
    """The request with the head's decision, as a letter."""
    assignment_request = selectors.family_request(family, request_id)
    content = render_pdf(
        "pdf/request.html",
        {
            "centre": family.centre,
            "family": family,
            "assignment_request": assignment_request,
            "sections": selectors.request_sections(assignment_request, pdf=True),
        },
    )
    record_read(request, assignment_request, family_id=family.pk, action=AuditAction.DOWNLOAD)
    return pdf_response(content, filename=f"wniosek-{assignment_request.pk}.pdf")


@family_view(roles=SOCIAL_WORKER)
def request_submit(request: AuthenticatedRequest, family: Family, request_id: int) -> HttpResponse:
    """The request as the head will get it, then the confirming button submits it."""
    assignment_request = selectors.family_request(family, request_id)
    detail = reverse("cases:request_detail", args=[family.pk, assignment_request.pk])
    verdict = require_theirs(policies.can_submit_request(request.user, assignment_request))
    if confirmed(request):
        call_transition(
            request,
            services.assignment_request_submit,
            actor=request.user,
            request=assignment_request,
            success=_("The request has been submitted to the head."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Submit the request to the head"),
        summary=[
            (_("environmental interview"), assignment_request.interview.signed_at),
            (_("conclusion of the analysis"), assignment_request.analysis.get_conclusion_display()),
            (_("consent or basis"), assignment_request.consent.get_basis_display()),
            (_("justification"), assignment_request.justification),
        ],
        locks=_(
            "Once submitted, the request can no longer be changed; only the head can return it "
            "to you for completion."
        ),
        button=_("Submit to the head"),
        back=detail,
        verdict=verdict,
        header="cases/_family_header.html",
        context={"family": family},
    )


@role_required(Role.HEAD)
def requests_pending(request: AuthenticatedRequest) -> HttpResponse:
    context = list_context(
        request,
        PendingRequestFilter,
        selectors.requests_awaiting_decision(request.user),
        sorts=REQUEST_SORTS,
        default_sort="submitted",
    )
    return render(request, "cases/requests_pending.html", context)


@family_view(roles=HEAD)
def family_archive(request: AuthenticatedRequest, family: Family) -> HttpResponse:
    """What archiving does to the case, then the confirming button archives it."""
    detail = reverse("cases:family_detail", args=[family.pk])
    verdict = require_theirs(policies.can_archive_family(request.user, family))
    if confirmed(request):
        call_transition(
            request,
            services.family_archive,
            actor=request.user,
            family=family,
            success=_("The case has been archived."),
        )
        return redirect(detail)
    return confirm_page(
        request,
        title=_("Archive the case"),
        summary=[
            (_("reference number"), family.reference),
            (_("status"), family.get_status_display()),
            (_("kept until"), selectors.retention_date(timezone.localdate())),
        ],
        locks=_(
            "Once archived, the case leaves the working lists and becomes read-only: nothing of "
            "the family can be changed any more, and it is kept until the date above."
        ),
        button=_("Archive the case"),
        back=detail,
        verdict=verdict,
        header="cases/_family_header.html",
        context={"family": family},
    )
