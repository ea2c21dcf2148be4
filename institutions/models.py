"""Cooperation with institutions (seed 000; art. 15 ust. 1 pkt 8 and art. 10 of the Act): the
centre's directory of institutions, a family's contacts in them, the letters and referrals the
centre sends them about a family and their replies, and the case conferences of the team with
the institutions, whose tasks go into the deadline register."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familysupport.models import Centre, Role, Versioned, Withdrawable
from familysupport.uploads import GeneratedPath


class InstitutionKind(models.TextChoices):
    SCHOOL = "school", _("school or kindergarten")
    COURT = "court", _("family court and its curators")
    POLICE = "police", _("police")
    PCPR = "pcpr", _("poviat family support centre (PCPR)")
    HEALTH = "health", _("health care")
    COUNSELLING = "counselling", _("psychological and pedagogical counselling centre")
    DAY_SUPPORT = "day_support", _("day-support centre")
    NGO = "ngo", _("non-governmental organisation")
    OTHER = "other", _("other")


class Institution(Versioned):
    """An institution the centre works with, kept by the head and the social workers of the
    centre. Deactivated, never deleted: the letters and contacts of the past still name it."""

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of institution"), max_length=16, choices=InstitutionKind.choices)
    name = models.CharField(_("name of the institution"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_person = models.CharField(
        _("contact person"), max_length=200, blank=True, help_text=_("E.g. the school's pedagogue.")
    )
    is_active = models.BooleanField(_("active institution"), default=True, editable=False)
    deactivated_on = models.DateField(_("deactivated on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["centre", "kind", "name"], name="institution_centre_kind")]

    def __str__(self) -> str:
        return self.name


class ContactRole(models.TextChoices):
    """Who the person in the institution is for the family."""

    SCHOOL = "school", _("the child's school or kindergarten")
    CURATOR = "curator", _("court curator")
    PCPR_COORDINATOR = "pcpr_coordinator", _("PCPR coordinator")
    POLICE = "police", _("community police officer")
    DOCTOR = "doctor", _("doctor or nurse")
    COUNSELLOR = "counsellor", _("counselling centre")
    DAY_SUPPORT = "day_support", _("day-support centre")
    OTHER = "other", _("other")


class FamilyContact(Withdrawable):
    """A family's contact in an institution: its school, its curator, its PCPR coordinator."""

    family = models.ForeignKey(
        "cases.Family",
        verbose_name=_("family"),
        on_delete=models.PROTECT,
        related_name="institution_contacts",
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="family_contacts"
    )
    role = models.CharField(_("role for the family"), max_length=20, choices=ContactRole.choices)
    person = models.CharField(
        _("person"), max_length=200, blank=True, help_text=_("E.g. the curator's name.")
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("family's contact")
        verbose_name_plural = _("family's contacts")
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.institution}"


class LetterKind(models.TextChoices):
    LETTER = "letter", _("letter")
    REFERRAL = "referral", _("referral")
    INFORMATION_REQUEST = "information_request", _("request for information")


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    REPLIED = "replied", _("reply received")


def letter_reference(centre: Centre, number: int, year: int) -> str:
    """The centre's reference number of an outgoing letter (znak pisma): the centre's code, the
    department, the number in the year's register and the year, e.g. OCH.DWR.12.2026."""
    return f"{centre.code}.DWR.{number}.{year}"


class Letter(Versioned, Withdrawable):
    """An outgoing letter or referral to an institution, about a family, and the reply to it.

    Written as a draft; sending gives it the centre's next reference number of the year (unique per
    centre and year, also under concurrent sending: LetterCounter) and the date it was sent. A letter
    waiting for a reply may have a reply due date (the register's "letter_reply" deadline, met by the
    reply)."""

    TRANSITIONS = {
        LetterStatus.DRAFT: {LetterStatus.SENT},
        LetterStatus.SENT: {LetterStatus.REPLIED},
        LetterStatus.REPLIED: set(),
    }

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.PROTECT, related_name="letters"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("content"))
    status = models.CharField(
        _("status"), max_length=8, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    # The role the author wrote it in: the reply's deadline is theirs in that role.
    author_role = models.CharField(_("author's role"), max_length=32, choices=Role.choices, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, editable=False)
    number = models.PositiveIntegerField(_("number in the register"), null=True, editable=False)
    reference = models.CharField(_("reference number"), max_length=40, blank=True, editable=False)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    reply_due = models.DateField(_("reply due by"), null=True, blank=True)
    reply_on = models.DateField(_("reply received on"), null=True, blank=True)
    reply_summary = models.TextField(_("what the reply says"), blank=True)
    reply_scan = models.FileField(
        _("scan of the reply"), upload_to=GeneratedPath("letter-replies"), blank=True
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing letter")
        verbose_name_plural = _("outgoing letters")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year", "number"],
                condition=Q(number__isnull=False),
                name="one_letter_number_per_centre_and_year",
                violation_error_message=_("This reference number has already been given to another letter."),
            )
        ]
        indexes = [models.Index(fields=["centre", "status", "sent_on"], name="letter_centre_sent")]

    def __str__(self) -> str:
        return self.reference or str(_("draft letter"))


class LetterCounter(models.Model):
    """The last reference number given in a centre's register of outgoing letters in a year: the
    row is locked while the next number is taken, so two letters sent at once get two numbers."""

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("letter counter")
        verbose_name_plural = _("letter counters")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="one_letter_counter_per_year",
                violation_error_message=_("The centre already counts its letters of this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.year}: {self.last}"


class CaseConference(Withdrawable):
    """A meeting of the team and the institutions about a family: who took part, the conclusions,
    and the tasks agreed, each with its owner and due date."""

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.PROTECT, related_name="case_conferences"
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("the centre's people present"), related_name="+", blank=True
    )
    institutions = models.ManyToManyField(
        Institution, verbose_name=_("institutions present"), related_name="conferences", blank=True
    )
    guests = models.TextField(
        _("institutions' people present"), blank=True, help_text=_("One person a line: name, function.")
    )
    conclusions = models.TextField(_("conclusions"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{_('case conference')} {self.held_on:%Y-%m-%d}"


class ConferenceTask(models.Model):
    """A task agreed at a case conference: what, whose (a person of the centre), by when; a stored
    deadline of its owner until it is marked done."""

    conference = models.ForeignKey(
        CaseConference, verbose_name=_("case conference"), on_delete=models.CASCADE, related_name="tasks"
    )
    description = models.CharField(_("task"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    # The role the owner does it in: the deadline is theirs in that role.
    owner_role = models.CharField(_("owner's role"), max_length=32, choices=Role.choices, editable=False)
    due_on = models.DateField(_("due by"))
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conference task")
        verbose_name_plural = _("conference tasks")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description

    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today
