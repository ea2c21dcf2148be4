from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familysupport.models import Centre


class ProtocolStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed, awaiting the approvals")
    APPROVED = "approved", _("approved, to be carried out")
    CARRIED_OUT = "carried_out", _("carried out")


class DisposalProtocol(models.Model):
    """The protocol of the disposal of cases whose retention has ended (protokół brakowania).

    The daily step draws it up for the centre; the head and the data protection officer both
    approve it; then the head carries it out and the cases listed lose their personal data.
    """

    # Approved once both the head and the data protection officer have approved it.
    TRANSITIONS = {
        ProtocolStatus.PROPOSED: {ProtocolStatus.APPROVED},
        ProtocolStatus.APPROVED: {ProtocolStatus.CARRIED_OUT},
        ProtocolStatus.CARRIED_OUT: set(),
    }

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("protocol number"), max_length=32)
    status = models.CharField(
        _("status"), max_length=12, choices=ProtocolStatus.choices, default=ProtocolStatus.PROPOSED
    )
    drawn_up_on = models.DateField(_("drawn up on"))
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by the head"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    head_approved_on = models.DateField(_("approved by the head on"), null=True, blank=True)
    dpo_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by the data protection officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dpo_approved_on = models.DateField(_("approved by the data protection officer on"), null=True, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carried out by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disposal protocol")
        verbose_name_plural = _("disposal protocols")
        ordering = ["-drawn_up_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "number"],
                name="disposal_protocol_number_unique",
                violation_error_message=_("A protocol with this number already exists; try again."),
            ),
            # Nothing is disposed of without both approvals, whatever writes the row.
            models.CheckConstraint(
                condition=models.Q(status=ProtocolStatus.PROPOSED)
                | models.Q(head_approved_by__isnull=False, dpo_approved_by__isnull=False),
                name="disposal_needs_both_approvals",
                violation_error_message=_(
                    "The protocol must first be approved by both the head and the data protection officer."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(head_approved_by=models.F("dpo_approved_by")),
                name="disposal_approved_by_two_persons",
                violation_error_message=_(
                    "The head and the data protection officer approve the protocol as two different persons."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.number}"


class DisposalItem(models.Model):
    """A case listed on a protocol, with the dates the archive reads; disposed of, or held back."""

    protocol = models.ForeignKey(
        DisposalProtocol, verbose_name=_("protocol"), on_delete=models.PROTECT, related_name="items"
    )
    family = models.ForeignKey(
        "cases.Family", verbose_name=_("case"), on_delete=models.PROTECT, related_name="disposal_items"
    )
    reference = models.CharField(_("reference number"), max_length=32)
    archived_on = models.DateField(_("archived on"))
    retention_until = models.DateField(_("kept until"))
    # The archive category (kategoria archiwalna): B and the years the case was kept.
    category = models.CharField(_("archive category"), max_length=8)
    # Why the case was held back when the protocol was carried out (empty when it was disposed of).
    held_back = models.TextField(_("held back because"), blank=True)
    disposed_on = models.DateField(_("disposed of on"), null=True, blank=True)

    class Meta:
        verbose_name = _("case on a disposal protocol")
        verbose_name_plural = _("cases on disposal protocols")
        ordering = ["retention_until", "reference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "family"],
                name="disposal_item_once_per_protocol",
                violation_error_message=_("The case is already on this protocol."),
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(disposed_on__isnull=False),
                name="family_disposed_once",
                violation_error_message=_("The case has already been disposed of."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference
