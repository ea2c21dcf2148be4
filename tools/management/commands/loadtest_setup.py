from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from familysupport.models import Centre, Role, User
from tools.bench import shape
from tools.bench.runner import after_bulk_load
from tools.demo import CENTRES, DemoSeeder
from tools.demo.people import DEMO_PASSWORD, code_prefix

# The heads' authenticator key, public as the demo password is; tools/bench/locustfile.py computes
# the codes from the same key (it runs under gevent, apart from Django, so it cannot import this).
TOTP_KEY = "3132333435363738393031323334353637383930"


class Command(BaseCommand):
    help = (
        "Prepare the database of DATABASE_URL for `make loadtest`: the demo topped up to N families per "
        "centre in the benchmark's shape (tools/bench/shape.py), a deputy head in each centre, and the "
        "heads' authenticators with the load test's public key. For a machine's own test database only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=20_000, help="Families per centre.")

    def handle(self, *args, families: int, **options):
        seeder = DemoSeeder()
        for code in CENTRES:
            seeder.seed_showcase(code)
            seeder.seed_history(code)
            seeder.seed_deadlines(code)
            seeder.seed_disposals(code)
            shape.seed_centre(seeder, Centre.objects.get(code=code), code, families)
            self.stdout.write(f"{code}: {families} families in the benchmark's shape")
            centre = Centre.objects.get(code=code)
            deputy, created = User.objects.get_or_create(
                username=f"{code_prefix(code)}.kierownik2",
                defaults={"first_name": "Zastępca", "last_name": "Kierownika", "centre": centre},
            )
            if created:
                deputy.set_password(DEMO_PASSWORD)
                deputy.save()
                deputy.groups.add(Group.objects.get(name=Role.HEAD))
        for head in User.objects.filter(groups__name=Role.HEAD, centre__code__in=list(CENTRES)):
            TOTPDevice.objects.filter(user=head).delete()
            TOTPDevice.objects.create(user=head, name="loadtest", key=TOTP_KEY, confirmed=True)
        after_bulk_load()
        self.stdout.write(self.style.SUCCESS("Ready for make loadtest."))
