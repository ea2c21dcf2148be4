from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from familysupport.models import Centre
from retention.services import disposal_propose


class Command(BaseCommand):
    help = (
        "List, for each centre, the archived cases whose retention has ended on a disposal protocol "
        "for the head and the data protection officer to approve; run daily. Idempotent: a case "
        "already listed is not listed again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        drawn_up = 0
        for centre in Centre.objects.order_by("pk"):
            try:
                disposal_propose(actor=None, centre=centre)
            except ValidationError:
                continue  # nothing due in the centre
            drawn_up += 1
        self.stdout.write(f"Centres with cases listed for disposal: {drawn_up}")
