"""The sq and sr catalogues translate every message in the code and templates, none fuzzy,
with every plural form filled, the same placeholders, Latin-only Serbian, and WTForms' own
messages taken from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import wtforms
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from safety.form_translations import AppTranslations
from safety.forms import Form

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "safety" / "translations"
# The Makefile's `messages` target extracts with the same keywords.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
METHOD_MAP = [("safety/**.py", "python"), ("templates/**.html", "jinja2")]
# %(name)s, %(count)d, a bare %s (WTForms' "Invalid field name '%s'.") and {extensions}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
CYRILLIC = re.compile(r"[\u0400-\u052f]")
PLURAL_FORMS = {
    "sq": "nplurals=2; plural=(n != 1);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}
LANGUAGES = ["sq", "sr"]


def source_messages() -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) -> the English forms (one, or singular and plural)."""
    messages = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=METHOD_MAP, keywords=KEYWORDS
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        messages[(context, forms[0])] = forms
    return messages


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=language)


def translated_forms(message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


@pytest.fixture(scope="module")
def messages() -> dict[tuple[str | None, str], tuple[str, ...]]:
    found = source_messages()
    assert len(found) > 50, "extraction found too few messages; is babel.cfg's map right?"
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_header(language: str):
    assert catalogue(language).plural_forms == PLURAL_FORMS[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language: str, messages):
    translations = catalogue(language)
    missing, fuzzy, wrong_plural = [], [], []
    for (context, msgid), english in messages.items():
        message = translations.get(msgid, context=context)
        if message is None or not all(translated_forms(message)):
            missing.append(msgid)
            continue
        if message.fuzzy:
            fuzzy.append(msgid)
        expected = translations.num_plurals if len(english) > 1 else 1
        if len(translated_forms(message)) != expected:
            wrong_plural.append(msgid)
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:10]}"
    assert not wrong_plural, f"plural forms missing in {language}: {wrong_plural[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str, messages):
    translations = catalogue(language)
    broken = []
    for (context, msgid), english in messages.items():
        message = translations.get(msgid, context=context)
        if message is None:
            continue
        expected = sorted(PLACEHOLDER.findall(english[-1]))
        for form in translated_forms(message):
            if form and sorted(PLACEHOLDER.findall(form)) != expected:
                broken.append((msgid, form))
    assert not broken, f"placeholders differ in {language}: {broken[:5]}"


def test_serbian_is_latin_only():
    cyrillic = [
        form
        for message in catalogue("sr")
        if message.id
        for form in translated_forms(message)
        if CYRILLIC.search(form)
    ]
    assert not cyrillic, f"Cyrillic in the sr catalogue: {cyrillic[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_wtforms_message_is_translated(language: str):
    """WTForms' own template: an upgrade that adds a message fails here until it is added
    to safety/form_translations.py and translated."""
    with (Path(wtforms.__file__).parent / "locale" / "wtforms.pot").open("rb") as pot:
        wtforms_messages = [message for message in read_po(pot) if message.id]
    translations = catalogue(language)
    missing = [
        message.id
        for message in wtforms_messages
        if (ours := translations.get(message.id)) is None or not all(translated_forms(ours))
    ]
    assert not missing, f"WTForms messages not translated in {language}: {missing[:10]}"


class TinyForm(Form):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[DataRequired()])
    code = StringField("Code", validators=[Optional(), Length(min=3)])
    kind = SelectField("Kind", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")])
    year = IntegerField("Year", validators=[Optional()])


def tiny_form_errors(app: Flask, language: str) -> dict[str, list[str]]:
    data = MultiDict({"name": "", "code": "ab", "kind": "z", "year": "soon"})
    with app.test_request_context(), force_locale(language):
        form = TinyForm(formdata=data)
        assert not form.validate()
        return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sq",
            {
                "name": ["Kjo fushë është e detyrueshme."],
                "code": ["Shkruani të paktën 3 karaktere."],
                "kind": ["Zgjidhni një nga opsionet e listës."],
                "year": ["Shkruani një numër të plotë."],
            },
        ),
        (
            "sr",
            {
                "name": ["Ovo polje je obavezno."],
                # Serbian's second plural form (2-4): "3 znaka".
                "code": ["Unesite najmanje 3 znaka."],
                "kind": ["Izaberite jednu od ponuđenih opcija."],
                "year": ["Unesite ceo broj."],
            },
        ),
        (
            "en",
            {
                "name": ["This field is required."],
                "code": ["Field must be at least 3 characters long."],
                "kind": ["Not a valid choice."],
                "year": ["Not a valid integer value."],
            },
        ),
    ],
)
def test_wtforms_messages_come_from_our_catalogue(app, language: str, expected):
    assert tiny_form_errors(app, language) == expected


def test_app_translations_outside_a_request_are_english():
    translations = AppTranslations()
    assert translations.gettext("This field is required.") == "This field is required."
    assert (
        translations.ngettext("'%(value)s' is not a valid choice for this field.", "plural", 1)
        == "'%(value)s' is not a valid choice for this field."
    )


def test_pages_render_in_every_language(client):
    # Serbian pages say sr-Latn, so screen readers and hyphenation use Latin Serbian.
    for language, tag, expected in (
        ("sq", "sq", "Kalo te"),
        ("sr", "sr-Latn", "Pređi na"),
        ("en", "en", "Skip to"),
    ):
        page = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
        assert f'<html lang="{tag}">' in page
        assert expected in page
