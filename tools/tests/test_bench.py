"""The benchmark's machinery at a tiny size: the shape of var/bench.json, never the timings."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from tools.bench import runner
from tools.management.commands import bench

PAGE_KEYS = {
    "cold_p50_ms",
    "cold_p95_ms",
    "cold_p50_ms_small",
    "p50_ms",
    "p95_ms",
    "queries_small",
    "queries_large",
}
PAGES = {
    "family_list",
    "family_list_head",
    "family_list_assistant",
    "family_detail",
    "home_social_worker",
    "home_assistant",
    "home_head",
    "home_staff",
    "my_deadlines",
    "my_deadlines_assistant",
    "search",
    "statistics",
    "court_register",
    "invoices",
    "court_opinion_pdf",
}
BASELINE_KEYS = {
    "bare_view_p50_ms",
    "bare_view_cold_p50_ms",
    "admin_changelist_p50_ms",
    "admin_changelist_cold_p50_ms",
}


@pytest.fixture
def bench_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.slow
def test_the_benchmark_measures_every_page_of_every_role_and_both_baselines_in_a_city(db, bench_media):
    by_size, missing = runner.run(sizes=(3, 5), repeat=2, city=50, log=lambda line: None)
    result = json.loads(json.dumps(runner.report(by_size, missing)))

    assert missing == []
    assert set(result) == {"sizes", "pages", "baseline", "city"}
    assert set(result["baseline"]) == BASELINE_KEYS | {f"{key}_small" for key in BASELINE_KEYS}
    assert all(value > 0 for value in result["baseline"].values())
    assert set(result["pages"]) == PAGES
    for page in result["pages"].values():
        assert set(page) == PAGE_KEYS
        assert page["queries_small"] > 0 and page["queries_large"] > 0
    city = result["city"]
    assert city["centres"] == 10 and city["families"] >= 50
    assert set(city["pages"]) == PAGES and set(city["baseline"]) == BASELINE_KEYS
    assert runner.goals(result)
    assert runner.table(by_size).count("\n") >= len(by_size[5])


def test_the_shape_grows_every_register_with_the_families(db, bench_media):
    """40 social workers with caseloads in proportion, assistants with full caseloads, court
    letters and invoices in proportion to the families, every required column filled."""
    from assistants.models import ACTIVE, Assignment, CourtRequest
    from cases.models import Family, FamilyMember, Interview, Report
    from familysupport.models import Centre
    from supportfamilies.models import Invoice
    from tools.bench import shape
    from tools.demo import DemoSeeder

    seeder = DemoSeeder()
    seeder.seed_showcase("OCH")
    centre = Centre.objects.get(code="OCH")
    shape.seed_centre(seeder, centre, "OCH", 500)

    assert Family.objects.filter(centre=centre).count() == 500
    caseloads = {
        worker.username: Family.objects.filter(social_worker=worker).count()
        for worker in shape.social_workers(centre, "OCH")
    }
    assert len(caseloads) == 40
    assert caseloads["ochota.socjalny1"] == max(caseloads.values())
    assert caseloads["ochota.socjalny1"] >= 3 * caseloads["ochota.socjalny2"]  # the demo's own families too
    for profile in shape.assistants(centre, "OCH", 500):
        assert Assignment.objects.filter(ACTIVE, assistant=profile).count() == profile.caseload_cap
    assert CourtRequest.objects.filter(centre=centre).count() >= 500 // shape.FAMILIES_PER_COURT_LETTER
    assert Invoice.objects.filter(contract__centre=centre).count() >= 500 // shape.FAMILIES_PER_INVOICE
    assert not Family.objects.filter(search_name="").exists()
    assert not FamilyMember.objects.filter(search_last_name="").exists()
    assert not Report.objects.filter(centre__isnull=True).exists()
    assert not Interview.objects.filter(centre__isnull=True).exists()


def test_the_benchmark_admin_is_not_the_product_admin():
    """Families stay out of the product's admin (need-to-know); only the benchmark's site lists them."""
    with pytest.raises(NoReverseMatch):
        reverse("admin:cases_family_changelist")
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    assert reverse("bench_admin:cases_family_changelist", urlconf=runner.URLCONF)


def test_the_benchmark_database_is_never_the_working_one():
    assert bench.bench_database_name("sqlite", str(settings.VAR_DIR / "db.sqlite3")) == str(
        settings.VAR_DIR / "bench.sqlite3"
    )
    assert bench.bench_database_name("postgresql", "familysupport") == "familysupport_bench"


def test_the_command_writes_the_report(monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "use_bench_database", lambda: "bench")
    monkeypatch.setattr(bench, "call_command", lambda *args, **kwargs: None)
    measured = {name: runner.Measured([1.0, 2.0], 3) for name in ("family_list", runner.BARE, runner.ADMIN)}
    monkeypatch.setattr(bench.runner, "run", lambda **kwargs: ({3: measured, 5: measured}, ["statistics"]))
    output = tmp_path / "bench.json"

    call_command("bench", "--sizes", "3", "5", "--repeat", "1", "--output", str(output), stdout=StringIO())

    result = json.loads(output.read_text())
    assert result["pages"] == {
        "family_list": {
            "cold_p50_ms": 1.5,
            "cold_p95_ms": 1.95,
            "cold_p50_ms_small": 1.5,
            "p50_ms": 1.5,
            "p95_ms": 1.95,
            "queries_small": 3,
            "queries_large": 3,
        },
        "statistics": None,
    }
    assert result["baseline"]["admin_changelist_cold_p50_ms"] == 1.5
    assert result["baseline"]["bare_view_p50_ms_small"] == 1.5
