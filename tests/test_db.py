"""SQLite runs in WAL with foreign keys, and two workers writing at once never hit a lock error."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from safety import create_app
from safety.councils.models import Council
from tests.conftest import app_config


@pytest.fixture
def sqlite_file_url(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite-specific behaviour")
    return database_url


def test_sqlite_pragmas(app, sqlite_file_url):
    engine = app.extensions["safety.db"]["engine"]
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_two_workers_read_then_write_without_lock_errors(app, sqlite_file_url):
    """Each worker reads a council then updates it, the pattern that deadlocks under DEFERRED."""
    workers = [create_app(app_config(sqlite_file_url)) for _ in range(2)]
    council_id = app.extensions["safety.db"]["read"]().scalar(select(Council.id).limit(1))
    errors: list[BaseException] = []
    rounds = 25

    def work(worker_app, name):
        try:
            for number in range(rounds):
                session = worker_app.extensions["safety.db"]["write"]()
                council = session.get(Council, council_id)
                council.notes = f"{name} {number}"
                session.commit()
                session.close()
        except BaseException as error:  # collected, then asserted below
            errors.append(error)

    threads = [
        threading.Thread(target=work, args=(worker, f"worker{index}"))
        for index, worker in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in workers:
        worker.extensions["safety.db"]["engine"].dispose()
    assert errors == []
    session = app.extensions["safety.db"]["read"]()
    council = session.get(Council, council_id)
    # Every one of the 50 updates landed: the version counter moved once per commit.
    assert council.version_id == 1 + 2 * rounds
    session.close()
