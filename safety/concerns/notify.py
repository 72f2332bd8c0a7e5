"""Deliver the outbox through SMTP: each message at most once, failures retried with back-off.

`flask --app safety send-notifications` (run it from cron every minute or so) takes due
messages one at a time: unsent, `next_attempt_at` reached, fewer than the allowed attempts.

At most once, never twice. A message is claimed in a transaction of its own before the SMTP
call: its attempt is counted and it is held (`next_attempt_at` = HELD, a date no clock
reaches) with a note saying it is being sent. PostgreSQL claims with `FOR UPDATE SKIP
LOCKED`, so two runs never take the same row; on SQLite the command's write transaction
takes the database's write lock first (BEGIN IMMEDIATE), which serialises the claims. Right
after the server accepts the message, it is marked sent in the next transaction. If the
process dies between the SMTP call and that mark, the message stays held with its note and is
never sent again by itself: a resend could give someone the same news twice, while a lost
notification only delays what they can read on the tracking page or in the app anyway. The
command reports held messages; an operator who has checked one did not arrive can release it
(`UPDATE outbox_messages SET next_attempt_at = now() WHERE id = ...`).

Failures: a temporary refusal or a network error counts an attempt and waits 1, 2, 4, 8 ...
minutes (at most 4 hours) before the next; a permanent refusal of the recipient or the
content (SMTP 5xx) is not retried. A server that cannot be reached (or refuses STARTTLS or
the login) ends the run after the one message that found out. After NOTIFICATION_MAX_ATTEMPTS
attempts a message is left unsent with its last error, its attempts at the maximum.

Defence in depth: a message quoting the description of the concern it is about, a restricted
concern's title, or one of its internal notes is refused and never sent (callers link to the
tracking page instead of quoting; this catches one that does not).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safety.audit.record import set_actor
from safety.concerns.models import Concern, ConcernNote, OutboxMessage
from safety.dates import utcnow
from safety.db import get_session

HELD = datetime(9999, 1, 1, tzinfo=UTC)
"""`next_attempt_at` of a message being sent (or whose sender died): never due by itself."""

FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=4)

MIN_QUOTED_LENGTH = 12
"""Shorter texts ("Help", "Dogs") could appear in any message by chance: not looked for."""

SENDING_NOTE = (
    "Being sent since {claimed_at}: if this stays, the sender stopped during the SMTP "
    "call and the message may or may not have arrived; it is not sent again by itself."
)
REFUSED_NOTE = (
    "Refused before sending: the message quotes {what} of the concern it is about; "
    "e-mails link to the concern instead."
)

IMPLICIT_TLS_PORT = 465


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str
    password: str
    starttls: bool
    timeout: float
    sender: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings | None:
        """The settings, or None when no host or no sender is configured."""
        host = str(config.get("SMTP_HOST") or "").strip()
        sender = str(config.get("MAIL_FROM") or "").strip()
        if not host or not sender:
            return None
        return cls(
            host=host,
            port=int(config.get("SMTP_PORT") or 587),
            # Environment values arrive JSON-decoded: a numeric password would be an int.
            username=str(config.get("SMTP_USERNAME") or ""),
            password=str(config.get("SMTP_PASSWORD") or ""),
            starttls=_flag(config.get("SMTP_STARTTLS", True)),
            timeout=float(config.get("SMTP_TIMEOUT_SECONDS") or 30),
            sender=sender,
        )


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    gave_up: int = 0
    refused: int = 0
    held: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.gave_up + self.refused

    def summary(self) -> str:
        return (
            f"Sent {self.sent}; failed, to retry {self.retrying}; given up {self.gave_up}; "
            f"refused (quoted concern text) {self.refused}; held from earlier runs {self.held}."
        )


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4 ... minutes, at most 4 hours."""
    doublings = min(max(attempts - 1, 0), 30)  # 2**30 minutes is far past the cap already
    return min(FIRST_DELAY * 2**doublings, LONGEST_DELAY)


def due_count(session: Session, now: datetime, max_attempts: int) -> int:
    return session.scalar(select(func.count(OutboxMessage.id)).where(*_due(now, max_attempts)))


def _due(now: datetime, max_attempts: int) -> tuple[Any, ...]:
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.next_attempt_at <= now,
        OutboxMessage.attempts < max_attempts,
    )


def claim_next(session: Session, now: datetime, max_attempts: int) -> OutboxMessage | None:
    """Take the oldest due message, count the attempt, hold it, and commit: or None."""
    message = session.scalars(
        select(OutboxMessage)
        .where(*_due(now, max_attempts))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()
    if message is None:
        session.rollback()
        return None
    message.attempts += 1
    message.next_attempt_at = HELD
    message.last_error = SENDING_NOTE.format(claimed_at=now.isoformat(timespec="seconds"))
    session.commit()
    return message


def quoted_concern_text(session: Session, message: OutboxMessage) -> str | None:
    """What of its concern the message quotes that no e-mail may carry, or None."""
    if message.concern_id is None:
        return None
    concern = session.get(Concern, message.concern_id)
    if concern is None:
        return None
    text = _normalised(f"{message.subject}\n{message.body}")
    if _quotes(text, concern.description):
        return "the description"
    if concern.is_restricted and _quotes(text, concern.title):
        return "the restricted title"
    notes = session.scalars(select(ConcernNote.body).where(ConcernNote.concern_id == concern.id))
    if any(_quotes(text, note) for note in notes):
        return "an internal note"
    return None


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _quotes(text: str, quoted: str | None) -> bool:
    needle = _normalised(quoted or "")
    return len(needle) >= MIN_QUOTED_LENGTH and needle in text


class SmtpUnavailableError(Exception):
    """The server could not be reached, or refused the connection, STARTTLS or the login.

    Not the message's fault: it is retried later, and the run stops, since every other
    message would meet the same server.
    """

    def __init__(self, error: Exception) -> None:
        super().__init__(describe(error))
        self.error = error


class Mailer:
    """One SMTP connection for a run, opened when first needed and reopened after an error."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def send(self, message: OutboxMessage) -> None:
        """Hand the message to the server; SmtpUnavailableError if it cannot be reached."""
        if self.connection is None:
            try:
                self.connection = self._connect()
            except (smtplib.SMTPException, OSError) as error:
                raise SmtpUnavailableError(error) from error
        try:
            self.connection.send_message(self._email(message))
        except BaseException:
            # After a refusal or a broken line the session's state is unknown: start afresh.
            self.close()
            raise

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if settings.port == IMPLICIT_TLS_PORT:
            connection = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        try:
            connection.ehlo()
            if settings.starttls and settings.port != IMPLICIT_TLS_PORT:
                connection.starttls(context=context)
                connection.ehlo()
            if settings.username:
                connection.login(settings.username, settings.password)
        except BaseException:
            connection.close()
            raise
        return connection

    def _email(self, message: OutboxMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.settings.sender
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Date"] = format_datetime(datetime.now(UTC))
        domain = self.settings.sender.rpartition("@")[2] or None
        # Stable per outbox row: a receiving system can tell a copy from a new message.
        email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=domain)
        email["Auto-Submitted"] = "auto-generated"
        email.set_content(message.body)
        return email


def is_permanent(error: Exception) -> bool:
    """A 5xx answer to this message's recipient or content: it would be refused again.

    A refused sender address is the configuration's fault, not the message's: retried.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def describe(error: Exception) -> str:
    """The error for `last_error`: its kind and the server's words, never a credential."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        details = "; ".join(f"{code} {_text(text)}" for code, text in error.recipients.values())
        return f"Recipient refused: {details}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}: {error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def send_due(
    session: Session,
    settings: SmtpSettings,
    now: datetime,
    *,
    max_attempts: int,
    limit: int | None = None,
) -> DeliveryReport:
    """Deliver every message due at `now` (at most `limit`), committing after each step."""
    report = DeliveryReport()
    mailer = Mailer(settings)
    try:
        handled = 0
        while limit is None or handled < limit:
            message = claim_next(session, now, max_attempts)
            if message is None:
                break
            handled += 1
            if not _deliver_one(session, mailer, message, now, max_attempts, report):
                break
    finally:
        mailer.close()
    report.held = session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at >= HELD
        )
    )
    session.rollback()
    return report


def _deliver_one(
    session: Session,
    mailer: Mailer,
    message: OutboxMessage,
    now: datetime,
    max_attempts: int,
    report: DeliveryReport,
) -> bool:
    """Send one claimed message and record the outcome; False when the server is unreachable."""
    quoted = quoted_concern_text(session, message)
    if quoted is not None:
        # Never retried: the same body would be refused again.
        message.attempts = max(message.attempts, max_attempts)
        message.next_attempt_at = now
        message.last_error = REFUSED_NOTE.format(what=quoted)
        session.commit()
        report.refused += 1
        return True
    # End the read transaction: on SQLite it would hold the write lock through the SMTP call.
    session.commit()
    try:
        mailer.send(message)
    except SmtpUnavailableError as unavailable:
        _record_failure(message, unavailable.error, now, max_attempts, report)
        session.commit()
        return False
    except (smtplib.SMTPException, OSError) as error:
        _record_failure(message, error, now, max_attempts, report)
        session.commit()
        return True
    message.sent_at = now
    message.next_attempt_at = now
    message.last_error = None
    session.commit()
    report.sent += 1
    return True


def _record_failure(
    message: OutboxMessage,
    error: Exception,
    now: datetime,
    max_attempts: int,
    report: DeliveryReport,
) -> None:
    """Wait before the next attempt, or give up (attempts at the maximum) and say why."""
    message.last_error = describe(error)
    if is_permanent(error) or message.attempts >= max_attempts:
        message.attempts = max(message.attempts, max_attempts)
        message.next_attempt_at = now
        report.gave_up += 1
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
        report.retrying += 1


@click.command("send-notifications")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Send at most this many messages."
)
@with_appcontext
def send_notifications_command(limit: int | None) -> None:
    """Send the outbox's due e-mails through SMTP (SAFETY_SMTP_*, SAFETY_MAIL_FROM)."""
    set_actor(None, "cli:send-notifications")
    config = current_app.config
    session = get_session()
    now = utcnow()
    max_attempts = int(config["NOTIFICATION_MAX_ATTEMPTS"])
    settings = SmtpSettings.from_config(config)
    if settings is None:
        waiting = due_count(session, now, max_attempts)
        session.rollback()
        if waiting:
            click.echo(
                "E-mail is not configured (set SAFETY_SMTP_HOST and SAFETY_MAIL_FROM): "
                f"{waiting} message(s) wait in the outbox."
            )
        else:
            click.echo("Nothing to send (e-mail is not configured).")
        return
    report = send_due(session, settings, now, max_attempts=max_attempts, limit=limit)
    if report.attempted == 0 and report.held == 0:
        click.echo("Nothing to send.")
        return
    # Counts only: the servers' error texts (kept in `last_error`) can name recipients.
    click.echo(report.summary())
