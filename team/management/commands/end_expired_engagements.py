from django.core.management.base import BaseCommand
from django.utils import timezone

from team.selectors import engagements_past_until
from team.services import engagement_expire


class Command(BaseCommand):
    help = (
        "End every specialist's engagement whose period is over and take their access to the family "
        "away; run daily. Idempotent: an ended engagement is not touched again."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        ended = sum(
            engagement_expire(engagement=engagement, today=today)
            for engagement in engagements_past_until(today)
        )
        self.stdout.write(f"Engagements ended: {ended}")
