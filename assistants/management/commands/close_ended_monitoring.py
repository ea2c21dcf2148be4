from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from assistants.selectors.lifecycle import families_with_monitoring_ended
from assistants.services.lifecycle import case_close


class Command(BaseCommand):
    help = (
        "Close every family case whose monitoring after the end of work is over; run daily. "
        "Idempotent: a closed case is not touched again."
    )

    def handle(self, *args, **options):
        closed = 0
        for family in families_with_monitoring_ended():
            try:
                case_close(actor=None, family=family)
            except ValidationError:
                continue  # closed meanwhile by the head or a parallel run
            closed += 1
        self.stdout.write(f"Cases closed: {closed}")
