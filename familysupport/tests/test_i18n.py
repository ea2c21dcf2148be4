import gettext
from pathlib import Path

from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES"


def unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n")


def po_entries(path: Path) -> list[dict[str, str]]:
    """The entries of a .po file as {keyword: text}, e.g. msgctxt, msgid, msgid_plural, msgstr[0]."""
    entries, entry, keyword = [], {}, None
    for line in path.read_text().splitlines() + [""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, keyword = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] += unescape(line.strip()[1:-1])
        else:
            keyword, _space, text = line.partition(" ")
            entry[keyword] = unescape(text.strip()[1:-1])
    return entries


def translations(entry: dict[str, str]) -> list[str]:
    return [text for keyword, text in entry.items() if keyword.startswith("msgstr")]


def test_every_interface_text_has_a_polish_translation():
    entries = po_entries(CATALOGUE / "django.po")
    untranslated = [entry["msgid"] for entry in entries if not all(translations(entry))]
    assert len(entries) > 500 and untranslated == []


def test_compiled_catalogue_is_up_to_date():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in po_entries(CATALOGUE / "django.po"):
        if "msgid_plural" in entry:
            got = (
                compiled.npgettext(entry["msgctxt"], entry["msgid"], entry["msgid_plural"], 1)
                if "msgctxt" in entry
                else compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            )
            expected = entry["msgstr[0]"]
        else:
            got = (
                compiled.pgettext(entry["msgctxt"], entry["msgid"])
                if "msgctxt" in entry
                else compiled.gettext(entry["msgid"])
            )
            expected = entry["msgstr"]
        if got != expected:
            stale.append(entry["msgid"])
    assert stale == []


def test_polish_by_default_and_english_on_request(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="pl">' in page and "Zaloguj" in page
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page and "Log in" in page


def test_root_without_a_session_gets_the_login_form(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert 'name="password"' in response.content.decode()
