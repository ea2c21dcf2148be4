import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.test import override_settings

from tools.bench import runner

BENCH_SQLITE = "bench.sqlite3"
BENCH_SUFFIX = "_bench"


def bench_database_name(vendor: str, name: str) -> str:
    if vendor == "sqlite":
        return str(settings.VAR_DIR / BENCH_SQLITE)
    return name + BENCH_SUFFIX


def use_bench_database() -> str:
    """Point the default connection at a new, empty database of the benchmark's own.

    SQLite: var/bench.sqlite3. PostgreSQL: the database of DATABASE_URL with `_bench` added, so
    the demo's or anyone's working data is never touched. An earlier benchmark's one is dropped.
    """
    connection = connections["default"]
    connection.close()
    name = bench_database_name(connection.vendor, connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
    else:
        quoted = connection.ops.quote_name(name)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            cursor.execute(f"CREATE DATABASE {quoted}")
    connection.settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name
    return name


class Command(BaseCommand):
    help = (
        "Seed 1,000 and 20,000 families per centre into a database of the benchmark's own, then a city of "
        "10 centres and 100,000 families, and measure the server time (every page computed in full) and "
        "the SQL queries of the main pages; writes var/bench.json."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 20000], metavar=("SMALL", "LARGE"))
        parser.add_argument("--repeat", type=int, default=15, help="Timed requests of each page per size.")
        parser.add_argument(
            "--city",
            type=int,
            default=100_000,
            help="Families of the whole installation in the city run (10 centres); 0 for none.",
        )
        parser.add_argument(
            "--warm",
            action="store_true",
            help="Also time each page right after, with the cache kept (`warm_p50_ms`): what a cache adds.",
        )
        parser.add_argument("--output", type=Path, default=settings.VAR_DIR / "bench.json")

    def handle(self, *args, sizes: list[int], repeat: int, city: int, warm: bool, output: Path, **options):
        name = use_bench_database()
        self.stdout.write(f"Benchmark database: {name}")
        call_command("migrate", interactive=False, verbosity=0)
        if isinstance(staticfiles_storage, ManifestFilesMixin):
            # The pages name their static files through the manifest, as in production.
            call_command("collectstatic", interactive=False, verbosity=0)
        # The demo's opinions are printed into files: keep them apart from the working uploads.
        with override_settings(MEDIA_ROOT=settings.VAR_DIR / "bench-media"):
            by_size, missing = runner.run(
                sizes=(min(sizes), max(sizes)), repeat=repeat, city=city, warm=warm, log=self.stdout.write
            )
        result = runner.report(by_size, missing)
        self.stdout.write("")
        self.stdout.write(runner.table(by_size))
        for page in missing:
            self.stdout.write(f"{page:<20} missing: the page fails or does not exist")
        self.stdout.write("")
        for text, met in runner.goals(result):
            style = self.style.SUCCESS if met else self.style.ERROR
            self.stdout.write(style(f"{'met ' if met else 'MISS'} {text}"))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2) + "\n")
        self.stdout.write(f"Written to {output}")
