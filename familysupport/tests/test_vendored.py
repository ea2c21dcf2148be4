"""The vendored front-end libraries are the releases their folders name (no CDN: OPS networks are
closed, so the files are kept in static/vendor/ and upgraded deliberately)."""

from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def test_htmx_is_the_pinned_release():
    version = (VENDOR / "htmx" / "VERSION").read_text().strip()
    assert f'version:"{version}"' in (VENDOR / "htmx" / "htmx.min.js").read_text()
    assert version in (VENDOR / "htmx" / "README.md").read_text()


def test_no_page_asks_htmx_to_evaluate_script():
    """hx-on and js: values run through eval, which the Content-Security-Policy refuses."""
    templates = Path(settings.BASE_DIR) / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text()
        assert "hx-on" not in text and "js:" not in text, template
