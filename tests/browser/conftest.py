"""Fixtures for real-browser tests: a live server on a demo database, Chromium, pages.

The live server is the real app with real CSRF, served by werkzeug in a thread on a free
port, over a fresh SQLite file migrated by Alembic, then seeded and loaded with demo data.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from flask import Flask
from flask_babel import force_locale, gettext
from sqlalchemy import select
from werkzeug.serving import make_server

from safety import create_app
from safety.accounts.models import User
from safety.audit.record import set_actor
from safety.councils.models import Council, Municipality
from safety.demo import create_demo_data
from safety.seed import seed_municipalities
from tests.conftest import TEST_SECRET_KEY, alembic_config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the browser tests, with the reason, on machines without Debian's Chromium."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: run `make browser-deps`")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@dataclass
class LiveServer:
    url: str
    app: Flask
    council_ids: dict[str, int] = field(default_factory=dict)
    organisation_ids: dict[str, int] = field(default_factory=dict)

    def gettext(self, message: str, locale: str, **variables: Any) -> str:
        """`message` as the app renders it in `locale` (whatever the catalogues hold today)."""
        with self.app.test_request_context(), force_locale(locale):
            return gettext(message, **variables)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'live.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app(
        {
            "DEBUG": False,
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET_KEY,
            "DATABASE_URL": url,
            "SESSION_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": True,
        }
    )
    server = LiveServer(url="", app=app)
    with app.app_context():
        set_actor(None, "test:browser")
        session = app.extensions["safety.db"]["write"]()
        seed_municipalities(session)
        create_demo_data(session)
        session.commit()
        server.council_ids = dict(
            session.execute(select(Municipality.code, Council.id).join(Council.municipality)).all()
        )
        server.organisation_ids = {
            email.split("@")[0]: organisation_id
            for email, organisation_id in session.execute(
                select(User.email, User.organisation_id).where(User.organisation_id.is_not(None))
            ).all()
        }
        session.close()
    http = make_server("127.0.0.1", 0, app, threaded=True)
    server.url = f"http://127.0.0.1:{http.server_port}"
    thread = threading.Thread(target=http.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield server
    http.shutdown()
    thread.join(timeout=10)
    http.server_close()
    app.extensions["safety.db"]["engine"].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # Imported here so the rest of the suite runs where Playwright is not installed.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """`new_page(locale="en-US", javascript=True)`: a page in a fresh browser context."""
    contexts = []

    def factory(locale: str = "en-US", javascript: bool = True) -> Any:
        context = browser.new_context(
            base_url=live_server.url, locale=locale, java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Any) -> Any:
    """A page in English (the catalogues' source language keeps assertions readable)."""
    return new_page()


@pytest.fixture(autouse=True)
def restore_account_languages(live_server: LiveServer) -> Iterator[None]:
    """Put back the languages of the accounts whose users switched language in the test.

    The switcher saves the choice on a signed-in account, and the demo accounts are shared by
    every browser test: left in Serbian, the next test signing in would read Serbian.
    """
    make_session = live_server.app.extensions["safety.db"]["write"]
    with live_server.app.app_context():
        session = make_session()
        saved = dict(session.execute(select(User.id, User.locale)).all())
        session.close()
    yield
    with live_server.app.app_context():
        session = make_session()
        for user in session.scalars(select(User).where(User.id.in_(saved))):
            if user.locale != saved[user.id]:
                user.locale = saved[user.id]
        session.commit()
        session.close()
