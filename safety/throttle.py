"""Failed-login throttling counted in the database, so the limit holds across worker processes."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from safety.accounts.models import LoginFailure


def normalise_email(email: str) -> str:
    return email.strip().lower()


def serialise_attempts(session: Session, email: str) -> None:
    """Make sign-in attempts for one e-mail take turns until this transaction ends.

    Without this, simultaneous attempts on PostgreSQL all read the count before any of them
    records its failure, and a burst of guesses walks straight past the limit. SQLite needs
    nothing: write sessions already hold the database's write lock from their first query.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(normalise_email(email).encode()).digest()
    session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], signed=True))))


def locked_until(session: Session, email: str, now: datetime) -> datetime | None:
    """When the account is locked, the moment it unlocks; None when sign-in may be tried.

    Locked means: the last `LOGIN_MAX_FAILURES` failures all fell within the failure window,
    and the newest of them is less than `LOGIN_LOCK_SECONDS` old.
    """
    config = current_app.config
    limit = config["LOGIN_MAX_FAILURES"]
    window = timedelta(seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"])
    lock = timedelta(seconds=config["LOGIN_LOCK_SECONDS"])
    recent = session.scalars(
        select(LoginFailure.failed_at)
        .where(LoginFailure.email == normalise_email(email))
        .where(LoginFailure.failed_at > now - window - lock)
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    newest, oldest = recent[0], recent[-1]
    if newest - oldest <= window and now < newest + lock:
        return newest + lock
    return None


def record_failure(session: Session, email: str, now: datetime) -> None:
    """Count one failed sign-in for this e-mail, whether or not an account has it."""
    session.add(LoginFailure(email=normalise_email(email)[:254], failed_at=now))


def clear_failures(session: Session, email: str) -> None:
    """Forget the failures once the right password is given."""
    session.execute(delete(LoginFailure).where(LoginFailure.email == normalise_email(email)))


def purge_old_failures(session: Session, now: datetime) -> None:
    """Drop failures too old to matter, keeping the table small."""
    config = current_app.config
    horizon = timedelta(
        seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"] + config["LOGIN_LOCK_SECONDS"]
    )
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < now - horizon))
