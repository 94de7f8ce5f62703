"""The English catalogue: complete, compiled, in step with the source, and used when the user asks for it.

The interface is written in Vietnamese (the msgids); English comes from
``src/quantriet/locale/en/LC_MESSAGES/django.po``. See README "Languages" for how to update it.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

import quantriet
from quantriet.site.i18n_compile import catalogues
from tests.conftest import World

PACKAGE_DIR = Path(quantriet.__file__).resolve().parent
ENGLISH_PO = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"

# printf-style placeholders as gettext's python-format knows them (%(name)s, %d, %.1f, but not %%),
# and str.format ones ({name}); a translation must keep exactly the same ones.
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_TAGS = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?>")  # HTML tags, not “Bearer <khóa API>”
# Letters that occur in Vietnamese but never in English text.
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]")


def _markers(text: str) -> Counter[str]:
    text = text.replace("%%", "")
    return Counter(_PRINTF.findall(text) + _BRACES.findall(text) + _TAGS.findall(text))


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a plain entry, one per plural form otherwise."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = sorted(entry.msgstr_plural.items())
    return [(entry.msgid if index == 0 else entry.msgid_plural, text) for index, text in forms]


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _translations(entries: Any) -> dict[tuple[str, str, str], tuple[str, ...]]:
    found = {}
    for entry in entries:
        if not entry.msgid:  # the header
            continue
        text = (
            tuple(s for _n, s in sorted(entry.msgstr_plural.items()))
            if entry.msgid_plural
            else (entry.msgstr,)
        )
        found[_key(entry)] = text
    return found


@pytest.fixture(scope="module")
def english() -> polib.POFile:
    assert ENGLISH_PO.is_file(), "no English catalogue; see README, section Languages"
    return polib.pofile(str(ENGLISH_PO))


# --- (a) the catalogue itself ---------------------------------------------------------------------


def test_every_entry_is_translated_and_none_is_fuzzy(english: polib.POFile) -> None:
    assert len(english) > 100  # the whole interface, not a stub
    assert not english.metadata_is_fuzzy
    assert [e.msgid for e in english.untranslated_entries()] == []
    assert [e.msgid for e in english.fuzzy_entries()] == []
    assert [e.msgid for e in english.obsolete_entries()] == []
    assert english.metadata["Language"] == "en"
    assert english.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_every_plural_entry_has_both_english_forms(english: polib.POFile) -> None:
    plural = [e for e in english if e.msgid_plural]
    assert plural, "the catalogue has plural entries ({% blocktranslate count %}, ngettext)"
    for entry in plural:
        assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
        assert all(text.strip() for text in entry.msgstr_plural.values()), entry.msgid


def test_translations_keep_the_placeholders_markup_and_line_breaks(english: polib.POFile) -> None:
    wrong = []
    for entry in english:
        for source, text in _pairs(entry):
            same_ends = source.startswith("\n") == text.startswith("\n") and source.endswith(
                "\n"
            ) == text.endswith("\n")
            if _markers(source) != _markers(text) or not same_ends:
                wrong.append((source, text))
    assert wrong == []


def test_translations_are_english(english: polib.POFile) -> None:
    # Vietnamese words may stay only where the user must type them into a file or form as they are.
    still_vietnamese = [
        (e.msgid, text)
        for e in english
        for _source, text in _pairs(e)
        if _VIETNAMESE.search(re.sub(r"“[^”]*”|\b\d+[-/]\S+", "", text)) and not _quotes_file_words(e.msgid)
    ]
    assert still_vietnamese == []


def _quotes_file_words(msgid: str) -> bool:
    """Hints that list the words a spreadsheet cell or form field accepts keep those words."""
    return msgid.startswith(("Ghi một trong:", "Hãy ghi đúng tên loại", "Hãy chọn loại văn bản"))


def test_the_placeholder_check_can_fail() -> None:
    assert _markers("Đã thu hồi %(n)d vai trò.") != _markers("Revoked %(count)d roles.")
    assert _markers("Tệp %(size)s MB") != _markers("File %(size)d MB")
    assert _markers("<strong>%(name)s</strong>") != _markers("%(name)s")
    assert _markers("dạng <khóa API>") == _markers("form <API key>")
    assert _markers("100%% xong: %(n)s") == _markers("%(n)s: 100%% done")


# --- (b) the compiled catalogue -------------------------------------------------------------------


def test_every_compiled_catalogue_matches_its_po_file() -> None:
    found = catalogues()
    assert ENGLISH_PO in found
    for po_path in found:
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.is_file(), f"{mo_path} is missing: run `make messages`"
        compiled = _translations(polib.mofile(str(mo_path)))
        source = _translations(polib.pofile(str(po_path)).translated_entries())
        assert compiled == source, f"{mo_path} is out of date: run `make messages`"


# --- (c) what the user sees -----------------------------------------------------------------------


def _choose(client: Client, language: str, back_to: str) -> None:
    """Use the language switch every page has (a form posting to Django's set_language view)."""
    response = client.post("/i18n/setlang/", {"language": language, "next": back_to})
    assert response.status_code == 302
    assert response["Location"] == back_to


def test_the_login_page_is_vietnamese_by_default_and_english_on_request(db: Any) -> None:
    client = Client()
    page = client.get("/accounts/login/")
    text = page.content.decode()
    assert page["Content-Language"] == "vi"
    assert 'action="/i18n/setlang/"' in text  # the switch is offered
    assert "Mật khẩu" in text and "Tên đăng nhập" in text
    assert "Password" not in text

    _choose(client, "en", "/accounts/login/")
    page = client.get("/accounts/login/")
    text = page.content.decode()
    assert page["Content-Language"] == "en"
    assert "Password" in text and "User name" in text and "Log in" in text
    # Nothing Vietnamese is left on the English page but the name of the other language.
    assert _VIETNAMESE.findall(text.replace("Tiếng Việt", "")) == []

    _choose(client, "vi", "/accounts/login/")
    assert "Mật khẩu" in client.get("/accounts/login/").content.decode()


def test_a_logged_in_page_follows_the_chosen_language(world: World) -> None:
    client = world.client_for(world.alice)
    text = client.get("/units/").content.decode()
    assert "Đơn vị bạn phụ trách" in text
    assert "Đảng bộ trực thuộc Trung ương" in text  # a model choice label
    assert "Đăng xuất" in text

    _choose(client, "en", "/units/")
    page = client.get("/units/")
    text = page.content.decode()
    assert page["Content-Language"] == "en"
    assert "Units in your charge" in text and "Đơn vị bạn phụ trách" not in text
    assert "Party committee directly under the Centre" in text
    assert "Log out" in text
    assert world.province.name in text  # data stays as entered


def test_the_choice_ends_with_the_request(db: Any) -> None:
    client = Client()
    _choose(client, "en", "/accounts/login/")
    assert "Password" in client.get("/accounts/login/").content.decode()
    # Code running next on this thread (the next test, a shell) speaks the default language again.
    assert translation.get_language() == "vi"
    assert gettext("Mật khẩu") == "Mật khẩu"


def test_an_english_error_message_keeps_its_values(world: World) -> None:
    client = world.client_for(world.alice)
    _choose(client, "en", "/units/")
    response = client.get("/api/v1/members/", {"page_size": "0"})
    assert response.status_code == 400
    message = str(response.json()["error"]["fields"]["page_size"])
    assert _VIETNAMESE.search(message) is None
    assert "page_size" in message and "1" in message


# --- (d) the catalogue is in step with the source -------------------------------------------------


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_makemessages_would_find_no_new_or_removed_message(
    english: polib.POFile, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # makemessages writes next to the source it scans, so it runs on a copy with its own locale dir.
    copy = tmp_path / "quantriet"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], verbosity=0)

    fresh = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    in_source = {_key(e) for e in fresh}
    in_catalogue = {_key(e) for e in english if not e.obsolete}
    assert sorted(in_source - in_catalogue) == [], "new strings: run makemessages, translate, `make messages`"
    assert sorted(in_catalogue - in_source) == [], "stale strings: run makemessages to drop them"
