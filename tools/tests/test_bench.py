"""The benchmark's machinery at a tiny size: the shape of var/bench.json, never the timings."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from tools.bench import runner
from tools.management.commands import bench

PAGE_KEYS = {"p50_ms", "p95_ms", "queries_small", "queries_large"}


@pytest.fixture
def bench_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.slow
def test_the_benchmark_measures_every_page_and_both_baselines(db, bench_media):
    by_size, missing = runner.run(sizes=(3, 5), repeat=2, log=lambda line: None)
    result = json.loads(json.dumps(runner.report(by_size, missing)))

    assert set(result) == {"pages", "baseline"}
    assert set(result["baseline"]) == {"bare_view_p50_ms", "admin_changelist_p50_ms"}
    assert all(value > 0 for value in result["baseline"].values())
    pages = result["pages"]
    assert {"family_list", "family_detail", "home", "search", "court_opinion_pdf", "statistics"} <= set(pages)
    measured = {name: page for name, page in pages.items() if page is not None}
    assert {"family_list", "family_detail", "home", "search", "court_opinion_pdf"} <= set(measured)
    for page in measured.values():
        assert set(page) == PAGE_KEYS
        assert page["queries_small"] > 0 and page["queries_large"] > 0
    assert any(name.startswith("family_list") for name in measured)
    assert runner.goals(result)
    assert runner.table(by_size).count("\n") >= len(by_size[5])


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
    measured = {
        name: runner.Measured([1.0, 2.0], 2.5, 3) for name in ("family_list", runner.BARE, runner.ADMIN)
    }
    monkeypatch.setattr(bench.runner, "run", lambda **kwargs: ({3: measured, 5: measured}, ["statistics"]))
    output = tmp_path / "bench.json"

    call_command("bench", "--sizes", "3", "5", "--repeat", "1", "--output", str(output), stdout=StringIO())

    result = json.loads(output.read_text())
    assert result["pages"] == {
        "family_list": {"p50_ms": 1.5, "p95_ms": 1.95, "queries_small": 3, "queries_large": 3},
        "statistics": None,
    }
    assert result["baseline"] == {"bare_view_p50_ms": 1.5, "admin_changelist_p50_ms": 1.5}
