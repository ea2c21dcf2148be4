import gettext
from pathlib import Path

from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES"


def unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n")


def po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (singular entries; enough for this catalogue)."""
    entries, key, current = {}, None, None
    for line in path.read_text().splitlines() + [""]:
        if line.startswith("msgid "):
            key, current = "msgid", [line[6:]]
            msgid = current
        elif line.startswith("msgstr "):
            key, current = "msgstr", [line[7:]]
            msgstr = current
        elif line.startswith('"') and key:
            current.append(line)
        elif not line.strip() and key == "msgstr":
            unquote = lambda parts: "".join(part.strip()[1:-1] for part in parts)  # noqa: E731
            entries[unescape(unquote(msgid))] = unescape(unquote(msgstr))
            key = None
    entries.pop("", None)
    return entries


def test_every_interface_text_has_a_polish_translation():
    untranslated = [msgid for msgid, msgstr in po_entries(CATALOGUE / "django.po").items() if not msgstr]
    assert untranslated == []


def test_compiled_catalogue_is_up_to_date():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = po_entries(CATALOGUE / "django.po")
    stale = [msgid for msgid, msgstr in entries.items() if compiled.gettext(msgid) != msgstr]
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
