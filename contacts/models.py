"""The team's record of work with a family: contacts (visits and other contacts, logged by whoever
of the team took part, one entry for a joint visit), case notes, and attachments (letters,
certificates, scans). Each note and attachment says who of the team may read it (need-to-know)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from familysupport.models import Versioned, Withdrawable
from familysupport.uploads import GeneratedPath


class ContactKind(models.TextChoices):
    HOME = "home", _("home visit")
    CENTRE = "centre", _("meeting at the centre")
    PHONE = "phone", _("phone call")
    WRITTEN = "written", _("e-mail or letter")
    INSTITUTION = "institution", _("contact with an institution")


class Contact(Withdrawable, Versioned):
    """One contact of the team with the family: when, how long, where or how, who of the team took
    part (a joint visit is one contact of several workers), which members of the family were
    present, what was done and what was agreed until the next contact."""

    VERSION_PARTS = {
        "participants": _("team participants"),
        "members_present": _("family members present"),
    }

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind of contact"), max_length=16, choices=ContactKind.choices)
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    place = models.CharField(_("place or channel"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team participants"), related_name="+"
    )
    members_present = models.ManyToManyField(
        "cases.FamilyMember", verbose_name=_("family members present"), related_name="+", blank=True
    )
    others_present = models.CharField(_("other persons present"), max_length=300, blank=True)
    activities = models.TextField(_("what was done"))
    agreements = models.TextField(_("agreements until the next contact"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-time", "-id"]
        indexes = [models.Index(fields=["family", "date"], name="contact_family_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class Visibility(models.TextChoices):
    """Who of the family's team reads a note or an attachment (need-to-know)."""

    TEAM = "team", _("the whole team working with the family")
    WORKER = "worker", _("only the social worker and the head")


class CaseNote(Withdrawable, Versioned):
    """A note in the case (not a contact): a fact, a phone message passed on, an observation."""

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="case_notes"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("note"))
    visibility = models.CharField(_("who may read it"), max_length=8, choices=Visibility.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.date:%d.%m.%Y}"


class AttachmentKind(models.TextChoices):
    LETTER = "letter", _("letter")
    CERTIFICATE = "certificate", _("certificate")
    SCAN = "scan", _("scan of a document")
    OTHER = "other", _("other document")


class Attachment(Withdrawable):
    """A document kept with the family's case: a letter, a certificate, a scan (the product's upload
    rules: familysupport.uploads)."""

    family = models.ForeignKey(
        "cases.Family", verbose_name=_("family"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind of document"), max_length=12, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("date of the document"))
    file = models.FileField(_("file"), upload_to=GeneratedPath("attachments"))
    visibility = models.CharField(_("who may read it"), max_length=8, choices=Visibility.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-dated", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.dated:%d.%m.%Y}"
