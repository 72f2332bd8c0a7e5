"""The sq and sr catalogues translate every message in the code and templates, none fuzzy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "safety" / "translations"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}
METHOD_MAP = [("safety/**.py", "python"), ("templates/**.html", "jinja2")]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def source_messages() -> set[str]:
    messages = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHOD_MAP, keywords=KEYWORDS
    ):
        messages.add(message if isinstance(message, str) else message[0])
    return messages


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=language)


@pytest.fixture(scope="module")
def messages() -> set[str]:
    found = source_messages()
    assert len(found) > 50, "extraction found too few messages; is babel.cfg's map right?"
    return found


@pytest.mark.parametrize("language", ["sq", "sr"])
def test_catalogue_is_complete(language: str, messages: set[str]):
    translations = catalogue(language)
    missing = sorted(m for m in messages if m not in translations or not translations[m].string)
    fuzzy = sorted(m for m in messages if m in translations and translations[m].fuzzy)
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", ["sq", "sr"])
def test_placeholders_survive_translation(language: str, messages: set[str]):
    translations = catalogue(language)
    broken = [
        m
        for m in messages
        if m in translations
        and translations[m].string
        and set(PLACEHOLDER.findall(m)) != set(PLACEHOLDER.findall(translations[m].string))
    ]
    assert not broken, f"placeholders differ in {language}: {broken[:10]}"


def test_pages_render_in_every_language(client):
    for language, expected in (("sq", "Kalo te"), ("sr", "Pređi na"), ("en", "Skip to")):
        page = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
        assert f'lang="{language}"' in page
        assert expected in page
