import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from overview.reminders import reminders_send_all


class Command(BaseCommand):
    help = (
        "Send each owner one e-mail of their overdue and due-soon deadlines (run daily; idempotent per day)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="The day to run for (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        users, deadlines = reminders_send_all(today=date or timezone.localdate())
        self.stdout.write(f"Reminders sent to {users} users ({deadlines} deadlines).")
