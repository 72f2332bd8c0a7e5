"""Every form sent empty answers in the reader's language: no English on sq and sr pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.routes import ALL_ROUTES, build_world
from tests.routes.base import Route

CATALOGUES = Path(__file__).resolve().parent.parent / "safety" / "translations"
# Forms answer 400 when sent empty; other POSTs (sign-out, activate...) have nothing to check.
FORM_ROUTES = [route for route in ALL_ROUTES if route.method == "POST"]


def allowed_role(route: Route) -> str:
    """A role for which the route does its work (2xx/3xx other than a sign-in redirect)."""
    for role, status in route.expected.items():
        if status < 400 and not (role == "anonymous" and status == 302):
            return role
    return "anonymous"


def english_sentences(language: str) -> set[str]:
    """English source texts of the catalogue that the translation words differently.

    Only messages of three words or more: short labels ("Email", "OK") can legitimately
    read the same in both languages.
    """
    with (CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    sentences = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            plain = re.split(r"%\(\w+\)[sd]", text)[0].strip()
            if len(plain.split()) >= 3 and plain not in strings:
                sentences.add(plain)
    return sentences


@pytest.fixture
def world(request: pytest.FixtureRequest, session):
    return build_world(request)


@pytest.mark.parametrize("language", ["sq", "sr"])
@pytest.mark.parametrize("route", FORM_ROUTES, ids=[f"{route.endpoint}" for route in FORM_ROUTES])
def test_empty_form_answers_in_the_readers_language(route, language, world, login):
    client = login(world["users"].get(allowed_role(route)))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.post(route.url(world), data={})
    if response.status_code != 400:
        # Not a form that can be empty-invalid (a button, a sign-out): nothing to read.
        assert response.status_code < 500
        return
    text = response.get_data(as_text=True)
    assert f'lang="{language}' in text
    found = sorted(sentence for sentence in english_sentences(language) if sentence in text)
    assert found == [], f"English on a {language} page: {found[:5]}"
    for wtforms_default in ("This field is required", "Not a valid", "Invalid Choice"):
        assert wtforms_default not in text
