import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from overview.reminders import reminders_send_all


class Command(BaseCommand):
    help = (
        "Send each owner one e-mail of their overdue and due-soon deadlines (run daily; idempotent per day)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="The day to run for (YYYY-MM-DD)."
        )

    def handle(self, *args, date: datetime.date | None, **options):
        users, deadlines = reminders_send_all(today=date or timezone.localdate())
        self.stdout.write(f"Reminders sent to {users} users ({deadlines} deadlines).")
