"""Attempt limits counted in the database (so they hold across workers): per account, per address.

Per account: failed sign-ins (and wrong current passwords) on one e-mail address lock it.
Per client address: failed sign-ins and registrations, so one client can neither lock every
account nor spray registrations. Addresses are stored only as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from flask import current_app, request
from flask_babel import ngettext
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from safety.accounts.emails import normalise_email
from safety.accounts.models import AddressAttempt, AttemptKind, LoginFailure

__all__ = [
    "address_limit_message",
    "address_limit_reached",
    "anonymous_send_refusal",
    "clear_failures",
    "client_address_key",
    "locked_until",
    "normalise_email",
    "purge_old_attempts",
    "purge_old_failures",
    "record_address_attempt",
    "record_failure",
    "serialise_attempts",
]

_ADDRESS_LIMITS = {
    AttemptKind.FAILED_SIGN_IN: "ADDRESS_MAX_FAILED_SIGN_INS",
    AttemptKind.REGISTRATION: "ADDRESS_MAX_REGISTRATIONS",
    AttemptKind.ANONYMOUS_SUBMISSION: "ADDRESS_MAX_ANONYMOUS_SUBMISSIONS",
}
# Kinds counted over a window of their own (anonymous concerns: per hour); the others share
# ADDRESS_WINDOW_SECONDS.
_ADDRESS_WINDOWS = {AttemptKind.ANONYMOUS_SUBMISSION: "ADDRESS_SUBMISSION_WINDOW_SECONDS"}


def _address_window(kind: AttemptKind | None) -> timedelta:
    """The window `kind` is counted over (None: the shared one, for the shared message)."""
    return timedelta(
        seconds=current_app.config[_ADDRESS_WINDOWS.get(kind, "ADDRESS_WINDOW_SECONDS")]
    )


def _lock_id(text: str) -> int:
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], signed=True)


def serialise_attempts(session: Session, *names: str) -> None:
    """Make attempts on the same `names` (address key, e-mail) take turns until commit.

    Without this, simultaneous attempts on PostgreSQL all read the count before any of them
    records its failure, and a burst of guesses walks straight past the limit. SQLite needs
    nothing: write sessions already hold the database's write lock from their first query.
    Callers pass the address key before the e-mail, always in that order, so two requests
    never wait on each other's locks in a cycle.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in names:
        session.execute(select(func.pg_advisory_xact_lock(_lock_id(name))))


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


def client_address_key(address: str | None = None) -> str:
    """HMAC-SHA256 (hex) of the client's address (this request's unless given).

    The key is derived from SECRET_KEY, so the table alone does not reveal addresses: without
    the key, hashing all 2^32 IPv4 addresses to find a match is not possible.
    """
    if address is None:
        # Behind a proxy this is the address ProxyFix took from X-Forwarded-For (PROXY_COUNT).
        address = request.remote_addr or ""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    key = hmac.new(secret, b"safety.throttle client address", hashlib.sha256).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def address_limit_reached(
    session: Session, kind: AttemptKind, address_key: str, now: datetime
) -> bool:
    """True when this address made the configured number of `kind` attempts in the window."""
    config = current_app.config
    window = _address_window(kind)
    count = session.scalar(
        select(func.count(AddressAttempt.id))
        .where(AddressAttempt.address_key == address_key)
        .where(AddressAttempt.kind == kind)
        .where(AddressAttempt.attempted_at > now - window)
    )
    return bool(count and count >= config[_ADDRESS_LIMITS[kind]])


def address_limit_message(kind: AttemptKind | None = None) -> str:
    """What a client that reached an address limit is told: wait for `kind`'s window."""
    seconds = _address_window(kind).total_seconds()
    minutes = max(math.ceil(seconds / 60), 1)
    return ngettext(
        "Too many attempts from your network. Please wait %(count)d minute and try again.",
        "Too many attempts from your network. Please wait %(count)d minutes and try again.",
        minutes,
        count=minutes,
    )


def record_address_attempt(
    session: Session, kind: AttemptKind, address_key: str, now: datetime
) -> None:
    """Count one `kind` attempt from this address."""
    session.add(AddressAttempt(kind=kind, address_key=address_key, attempted_at=now))


def anonymous_send_refusal(
    session: Session, address_key: str, honeypot: str | None, now: datetime
) -> str | None:
    """Screen an anonymous send (a concern, a comment) before its form is read.

    "limit" once the address made its anonymous sends for the window; "honeypot" when the
    field people cannot see was filled in, which counts against the address (the caller
    commits that count, saves nothing and asks a person to send again); None to go on.
    Sends from one address take turns, so a burst cannot walk past the limit.
    """
    serialise_attempts(session, address_key)
    if address_limit_reached(session, AttemptKind.ANONYMOUS_SUBMISSION, address_key, now):
        return "limit"
    if honeypot:
        record_address_attempt(session, AttemptKind.ANONYMOUS_SUBMISSION, address_key, now)
        return "honeypot"
    return None


def purge_old_attempts(session: Session, now: datetime) -> None:
    """Drop address attempts older than their kind's window: they no longer count."""
    session.execute(
        delete(AddressAttempt).where(
            or_(
                *(
                    and_(
                        AddressAttempt.kind == kind,
                        AddressAttempt.attempted_at < now - _address_window(kind),
                    )
                    for kind in AttemptKind
                )
            )
        )
    )
