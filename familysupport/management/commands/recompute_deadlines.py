from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from familysupport.deadlines import recompute
from familysupport.models import Centre


class Command(BaseCommand):
    help = (
        "Store every deadline anew from the apps' rules: after a change of the holiday calendar (an "
        "upgrade of the holidays package) or of a centre's days, and after bulk loads."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--centre", help="Only the centre of this code.")

    def handle(self, *args: Any, centre: str | None = None, **options: Any) -> None:
        chosen = None
        if centre is not None:
            chosen = Centre.objects.filter(code=centre).first()
            if chosen is None:
                raise CommandError(f"No centre has the code {centre!r}.")
        stored = recompute(centre=chosen)
        self.stdout.write(f"{stored} deadlines stored.")
