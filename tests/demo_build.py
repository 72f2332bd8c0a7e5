"""The whole demo data set, built for the demo tests of each slice (once per module)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from flask import Flask
from sqlalchemy.orm import Session

from safety import create_app
from safety.demo import create_demo_data
from safety.seed import seed_municipalities
from tests.conftest import app_config, empty_tables


@dataclass
class Demo:
    app: Flask
    session: Session
    digest: str


def build_demo(
    app: Flask,
    session: Session,
    anchor: date,
    digest: Callable[[Session], str],
    prepare: Callable[[Session], object] | None = None,
) -> str:
    """Empty the database, seed it, run `prepare`, build the demo at `anchor`; its digest."""
    session.rollback()  # a read transaction would hold SQLite's lock against emptying
    empty_tables(app)
    seed_municipalities(session)
    if prepare is not None:
        prepare(session)
    session.commit()
    create_demo_data(session, today=anchor)
    session.commit()
    return digest(session)


@contextmanager
def demo_app(
    database_url: str,
    anchor: date,
    digest: Callable[[Session], str],
    prepare: Callable[[Session], object] | None = None,
) -> Iterator[Demo]:
    """An app of its own on the run's database holding the demo, emptied afterwards."""
    app = create_app(app_config(database_url))
    with app.app_context():
        session = app.extensions["safety.db"]["write"]()
        yield Demo(app, session, build_demo(app, session, anchor, digest, prepare))
        session.close()
    empty_tables(app)
    app.extensions["safety.db"]["engine"].dispose()
