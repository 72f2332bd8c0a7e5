"""Every page's frame: the one-click language switcher, favicon, descriptions, print footer."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask_babel import force_locale, gettext

from safety.accounts.models import Role
from tests.factories.councils import council_by_code


@pytest.fixture(autouse=True)
def english(app):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


def switcher_buttons(page: str) -> list[str]:
    form = page.split('<form class="language-switcher"')[1].split("</form>")[0]
    return re.findall(r"<button[^>]*>[^<]*</button>", form)


def description(page: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert match
    return unescape(match.group(1))


def test_switcher_is_one_button_per_language_with_the_current_one_marked(client):
    page = client.get("/councils/?q=Peja", headers={"Accept-Language": "sr"}).text
    assert switcher_buttons(page) == [
        '<button type="submit" name="language" value="sq" lang="sq">Shqip</button>',
        '<button type="submit" name="language" value="sr" lang="sr-Latn" aria-current="true">'
        "Srpski</button>",
        '<button type="submit" name="language" value="en" lang="en">English</button>',
    ]
    form = page.split('<form class="language-switcher"')[1].split("</form>")[0]
    assert 'name="csrf_token"' in form
    assert '<input type="hidden" name="next" value="/councils/?q=Peja">' in form
    assert "<select" not in form


def test_each_button_switches_and_returns_to_the_page(client):
    response = client.post("/language", data={"language": "sr", "next": "/councils/?q=Peja"})
    assert response.status_code == 302
    assert response.location == "/councils/?q=Peja"
    page = client.get("/councils/?q=Peja").text
    assert 'value="sr" lang="sr-Latn" aria-current="true"' in page


def test_switcher_keeps_csrf(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/language", data={"language": "sr", "next": "/"})
    assert response.status_code == 400


@pytest.mark.parametrize("language", ["", "de", "sr-Cyrl"])
def test_an_unknown_language_is_refused_with_a_message(client, language):
    response = client.post("/language", data={"language": language, "next": "/"})
    assert response.status_code == 400
    assert "This language is not available." in response.text
    assert 'aria-current="true">English<' in client.get("/").text


def test_favicon_is_linked_and_served_at_the_usual_address(client):
    page = client.get("/").text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    # Files are streamed: close the responses so the files are closed.
    with client.get("/favicon.ico") as icon, client.get("/static/favicon.svg") as static:
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"
        assert icon.data == static.data
        assert icon.data.startswith(b"<svg ")


def test_public_pages_describe_themselves(client, session):
    council = council_by_code(session, "24")
    home = description(client.get("/").text)
    councils = description(client.get("/councils/").text)
    suhareke = description(client.get(f"/councils/{council.id}").text)
    assert home.startswith("Every municipality in Kosovo has a Community Safety Council. Here")
    assert councils.startswith("All 38 Municipal Community Safety Councils of Kosovo")
    assert suhareke.startswith(
        "Municipal Community Safety Council \N{EN DASH} Suharekë/Suva Reka: its members"
    )
    # Other pages carry the home page's description rather than none.
    assert description(client.get("/login").text) == home


def test_description_follows_the_readers_language(app, client, session):
    home = "Every municipality in Kosovo has a Community Safety Council. Here you can see who"
    with app.test_request_context(), force_locale("sq"):
        albanian = gettext(
            home + " sits on each council and what it does for the safety of its communities."
        )
    assert not albanian.startswith("Every")
    page = client.get("/", headers={"Accept-Language": "sq"}).text
    assert description(page) == albanian
    council = council_by_code(session, "24")
    page = client.get(f"/councils/{council.id}", headers={"Accept-Language": "sr"}).text
    assert "Suva Reka/Suharekë" in description(page)


def test_printed_pages_say_where_they_came_from(login, make_user):
    client = login(make_user(Role.MINISTRY))
    page = client.get("/councils/?district=Prizren").text
    footer = page.split('<footer class="site-footer">')[1]
    assert (
        '<p class="print-only">Printed from http://localhost/councils/?district=Prizren</p>'
        in footer
    )
