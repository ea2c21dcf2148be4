import json
from pathlib import Path

from django.core.management.base import BaseCommand

from familysupport.deadlines import recompute
from tools.demo import CENTRES, DemoSeeder


class Command(BaseCommand):
    help = "Load deterministic demo data (two centres, every role, families at every step); idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--families",
            type=int,
            default=0,
            help="Top every centre up to N families (bulk, with members and history).",
        )
        parser.add_argument("--manifest", type=Path, help="Write who may see which family as JSON.")

    def handle(self, *args, families: int, manifest: Path | None, **options):
        seeder = DemoSeeder()
        for code in CENTRES:
            seeder.seed_showcase(code)
            seeder.seed_history(code)
            seeder.seed_deadlines(code)
            seeder.seed_monitoring(code)
            seeder.seed_team(code)
            seeder.seed_services(code)
            seeder.seed_disposals(code)
            if families:
                added = seeder.seed_volume(code, families)
                self.stdout.write(f"{code}: {added} families added")
        recompute()  # bulk loads and back-dating bypass the services: date every deadline from the rules
        if manifest:
            manifest.parent.mkdir(parents=True, exist_ok=True)
            manifest.write_text(json.dumps(seeder.manifest(), ensure_ascii=False, indent=1))
            self.stdout.write(f"Manifest written to {manifest}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
