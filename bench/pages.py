"""Requests per second of read pages through the WSGI app versus their raw SQL, on demo data."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import select

from safety import create_app
from safety.councils.models import Council
from safety.db import get_session

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 3.0


def build_app(database: Path):
    url = f"sqlite:///{database}"
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    config.attributes["configure_logging"] = False
    command.upgrade(config, "head")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SESSION_COOKIE_SECURE": False})
    runner = app.test_cli_runner()
    runner.invoke(args=["seed"])
    runner.invoke(args=["demo-data"])
    return app


def rate(action) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        action()
        count += 1
    return count / (time.perf_counter() - started)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        app = build_app(database)
        client = app.test_client()
        with app.app_context():
            council_id = get_session().scalar(select(Council.id).limit(1))
        raw = sqlite3.connect(database)

        def raw_list() -> None:
            raw.execute(
                "SELECT m.*, c.*, (SELECT count(*) FROM members WHERE council_id = c.id "
                "AND left_on IS NULL) FROM councils c JOIN municipalities m "
                "ON m.id = c.municipality_id"
            ).fetchall()

        pages = {
            "council list": "/councils/",
            "council page": f"/councils/{council_id}",
        }
        raw_rate = rate(raw_list)
        print(f"raw list SQL        {raw_rate:10.0f} /s")
        for name, url in pages.items():
            assert client.get(url).status_code == 200
            page_rate = rate(lambda url=url: client.get(url))
            print(f"{name:<20}{page_rate:10.0f} /s")


if __name__ == "__main__":
    main()
