"""Outbox delivery through a real SMTP server on loopback (aiosmtpd): once, retried with
back-off, never twice, never with a concern's restricted text."""

from __future__ import annotations

import socket
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from safety.concerns.models import (
    ConcernCategory,
    ConcernNote,
    OutboxMessage,
    Sensitivity,
)
from safety.concerns.notify import (
    HELD,
    SmtpSettings,
    claim_next,
    retry_delay,
    send_due,
)
from safety.concerns.outbox import queue_message

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
SENDER = "noreply@safety.example.org"
MAX_ATTEMPTS = 10
USERNAME, PASSWORD = "mailer", "s3cret-pass"


class Mailbox:
    """An aiosmtpd handler keeping what it accepts; `refusals` answer the next RCPTs."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusals: deque[str] = deque()
        self.refuse_always: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refusals:
            return self.refusals.popleft()
        if self.refuse_always:
            return self.refuse_always
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login == USERNAME.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on a free loopback port (no TLS: it never leaves the machine)."""
    handler = Mailbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def settings(mailbox) -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1",
        port=mailbox[1],
        username="",
        password="",
        starttls=False,
        timeout=5,
        sender=SENDER,
    )


@pytest.fixture
def server(mailbox) -> Mailbox:
    return mailbox[0]


def queue(session, key: str = "status-1", **values) -> OutboxMessage:
    next_attempt_at = values.pop("next_attempt_at", T0)
    message = queue_message(
        session,
        key=key,
        recipient=values.pop("recipient", "citizen@example.org"),
        subject=values.pop("subject", "Your concern PR-2026-0042 has an answer"),
        body=values.pop(
            "body", "The council answered your concern. Read it here: https://x.example/track/t"
        ),
        **values,
    )
    message.next_attempt_at = next_attempt_at
    session.commit()
    return message


def send(session, settings, now=T0, **options):
    report = send_due(session, settings, now, max_attempts=MAX_ATTEMPTS, **options)
    session.expire_all()
    return report


# -- Delivery -----------------------------------------------------------------------------------


def test_a_due_message_is_delivered_once(session, settings, server):
    message = queue(session, body="Përgjigja është gati. Odgovor je spreman: čćžšđ.")
    report = send(session, settings)
    assert (report.sent, report.retrying, report.gave_up, report.refused) == (1, 0, 0, 0)
    assert len(server.messages) == 1
    email = server.messages[0]
    assert email["To"] == "citizen@example.org"
    assert email["From"] == SENDER
    assert email["Subject"] == "Your concern PR-2026-0042 has an answer"
    assert email["Auto-Submitted"] == "auto-generated"
    assert f"outbox-{message.id}" in email["Message-ID"]
    assert email.get_content().strip() == "Përgjigja është gati. Odgovor je spreman: čćžšđ."
    stored = session.get(OutboxMessage, message.id)
    assert stored.sent_at == T0
    assert stored.attempts == 1
    assert stored.last_error is None

    again = send(session, settings, now=T0 + timedelta(hours=1))
    assert again.attempted == 0
    assert len(server.messages) == 1


def test_messages_not_yet_due_wait(session, settings, server):
    queue(session, next_attempt_at=T0 + timedelta(minutes=5))
    assert send(session, settings).attempted == 0
    assert server.messages == []
    assert send(session, settings, now=T0 + timedelta(minutes=5)).sent == 1


def test_a_limit_sends_only_that_many(session, settings, server):
    for number in range(3):
        queue(session, key=f"status-{number}", recipient=f"person{number}@example.org")
    assert send(session, settings, limit=2).sent == 2
    assert [email["To"] for email in server.messages] == [
        "person0@example.org",
        "person1@example.org",
    ]
    assert send(session, settings).sent == 1


def test_login_when_a_username_is_configured(session):
    handler = Mailbox()
    port = free_port()
    # Loopback only: AUTH without TLS is allowed here so the login itself can be tested.
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        good = SmtpSettings("127.0.0.1", port, USERNAME, PASSWORD, False, 5, SENDER)
        bad = SmtpSettings("127.0.0.1", port, USERNAME, "wrong", False, 5, SENDER)
        queue(session)
        report = send(session, bad)
        assert (report.sent, report.retrying) == (0, 1)
        stored = session.scalars(select(OutboxMessage)).one()
        assert "SMTPAuthenticationError: 535" in stored.last_error
        assert "wrong" not in stored.last_error
        assert send(session, good, now=T0 + timedelta(minutes=1)).sent == 1
        assert len(handler.messages) == 1
    finally:
        controller.stop()


# -- Failures and back-off ----------------------------------------------------------------------


def test_a_temporary_refusal_is_retried_after_a_minute(session, settings, server):
    message = queue(session)
    server.refusals.append("451 4.3.0 Mailbox busy, try again later")
    report = send(session, settings)
    assert (report.sent, report.retrying) == (0, 1)
    assert server.messages == []
    stored = session.get(OutboxMessage, message.id)
    assert stored.sent_at is None
    assert stored.attempts == 1
    assert stored.next_attempt_at == T0 + timedelta(minutes=1)
    assert "451" in stored.last_error

    assert send(session, settings, now=T0 + timedelta(seconds=59)).attempted == 0
    report = send(session, settings, now=T0 + timedelta(minutes=1))
    assert report.sent == 1
    assert len(server.messages) == 1
    stored = session.get(OutboxMessage, message.id)
    assert (stored.attempts, stored.last_error) == (2, None)


def test_back_off_doubles_up_to_four_hours_then_gives_up(session, settings, server):
    message = queue(session)
    server.refuse_always = "421 4.7.0 Try again later"
    now = T0
    waits = []
    for _attempt in range(MAX_ATTEMPTS - 1):
        assert send(session, settings, now=now).retrying == 1
        stored = session.get(OutboxMessage, message.id)
        waits.append(stored.next_attempt_at - now)
        assert (
            send(session, settings, now=stored.next_attempt_at - timedelta(seconds=1)).attempted
            == 0
        )
        now = stored.next_attempt_at
    assert [wait // timedelta(minutes=1) for wait in waits] == [1, 2, 4, 8, 16, 32, 64, 128, 240]

    report = send(session, settings, now=now)
    assert (report.retrying, report.gave_up) == (0, 1)
    stored = session.get(OutboxMessage, message.id)
    assert stored.attempts == MAX_ATTEMPTS
    assert stored.sent_at is None
    assert "421" in stored.last_error
    server.refuse_always = None
    assert send(session, settings, now=now + timedelta(days=30)).attempted == 0
    assert server.messages == []


def test_retry_delays():
    assert retry_delay(1) == timedelta(minutes=1)
    assert retry_delay(2) == timedelta(minutes=2)
    assert retry_delay(5) == timedelta(minutes=16)
    assert retry_delay(9) == timedelta(hours=4)
    assert retry_delay(50) == timedelta(hours=4)


def test_a_permanent_refusal_is_not_retried(session, settings, server):
    message = queue(session, key="a", recipient="nobody@example.org")
    other = queue(session, key="b", recipient="somebody@example.org")
    server.refusals.append("550 5.1.1 No such user here")
    report = send(session, settings)
    assert (report.gave_up, report.sent) == (1, 1)
    stored = session.get(OutboxMessage, message.id)
    assert stored.attempts == MAX_ATTEMPTS
    assert "550" in stored.last_error
    assert session.get(OutboxMessage, other.id).sent_at == T0
    assert [email["To"] for email in server.messages] == ["somebody@example.org"]


def test_an_unreachable_server_stops_the_run_and_each_message_waits(session):
    closed_port = free_port()
    nowhere = SmtpSettings("127.0.0.1", closed_port, "", "", False, 2, SENDER)
    first = queue(session, key="a")
    second = queue(session, key="b")
    report = send(session, nowhere)
    assert (report.retrying, report.sent) == (1, 0)
    stored = session.get(OutboxMessage, first.id)
    assert stored.next_attempt_at == T0 + timedelta(minutes=1)
    assert "ConnectionRefusedError" in stored.last_error
    # Not tried in this run: its attempts are intact.
    untouched = session.get(OutboxMessage, second.id)
    assert (untouched.attempts, untouched.last_error) == (0, None)


# -- Never twice --------------------------------------------------------------------------------


def test_a_message_claimed_by_a_run_that_died_is_never_sent_again(session, settings, server):
    message = queue(session)
    # A run claims it, then dies before it can say whether the server took it.
    claimed = claim_next(session, T0, MAX_ATTEMPTS)
    assert claimed is not None
    assert claimed.id == message.id
    session.expire_all()

    for later in (T0, T0 + timedelta(hours=1), T0 + timedelta(days=365)):
        report = send(session, settings, now=later)
        assert report.attempted == 0
        assert report.held == 1
    assert server.messages == []
    stored = session.get(OutboxMessage, message.id)
    assert stored.sent_at is None
    assert stored.next_attempt_at == HELD
    assert stored.attempts == 1
    assert stored.last_error.startswith("Being sent since 2026-05-04T09:00:00")


def test_a_message_is_held_while_it_is_being_sent(app, session, settings, server):
    """Between the claim and the server's answer, another run finds nothing to claim, and
    is not kept waiting: no transaction stays open during the SMTP call."""
    message = queue(session)
    seen_during_send: list[int] = []

    async def handle_data(server_, smtp_session, envelope):
        other_run = app.extensions["safety.db"]["write"]()
        try:
            other = claim_next(other_run, T0, MAX_ATTEMPTS)
            seen_during_send.append(0 if other is None else other.id)
        finally:
            other_run.close()
        return "250 OK"

    server.handle_DATA = handle_data
    assert send(session, settings).sent == 1
    assert seen_during_send == [0]
    assert session.get(OutboxMessage, message.id).sent_at == T0


def test_two_claims_never_take_the_same_message(session):
    first = queue(session, key="a")
    second = queue(session, key="b")
    claims = [claim_next(session, T0, MAX_ATTEMPTS) for _ in range(3)]
    assert [claim.id if claim else None for claim in claims] == [first.id, second.id, None]


@pytest.mark.postgres_only
def test_postgresql_skips_a_row_another_run_has_locked(app, session):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite's write lock serialises claims")
    first = queue(session, key="a")
    second = queue(session, key="b")
    other_run = app.extensions["safety.db"]["write"]()
    try:
        locked = other_run.scalars(
            select(OutboxMessage).where(OutboxMessage.id == first.id).with_for_update()
        ).one()
        assert locked.id == first.id
        claimed = claim_next(session, T0, MAX_ATTEMPTS)
        assert claimed is not None
        assert claimed.id == second.id
    finally:
        other_run.rollback()
        other_run.close()


def test_the_command_run_twice_sends_once(app, session, settings, server):
    queue(session, next_attempt_at=datetime(2020, 1, 1, tzinfo=UTC))
    app.config.update(
        SMTP_HOST=settings.host,
        SMTP_PORT=settings.port,
        SMTP_STARTTLS=False,
        MAIL_FROM=SENDER,
    )
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-notifications"])
    assert first.exit_code == 0, first.output
    assert "Sent 1;" in first.output
    second = runner.invoke(args=["send-notifications"])
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "Nothing to send."
    assert len(server.messages) == 1
    session.expire_all()
    assert session.scalars(select(OutboxMessage)).one().sent_at is not None


def test_the_command_without_smtp_settings_reports_and_changes_nothing(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-notifications"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Nothing to send (e-mail is not configured)."
    message = queue(session, next_attempt_at=datetime(2020, 1, 1, tzinfo=UTC))
    result = runner.invoke(args=["send-notifications"])
    assert result.exit_code == 0, result.output
    assert "E-mail is not configured" in result.output
    assert "1 message(s) wait in the outbox." in result.output
    session.expire_all()
    stored = session.get(OutboxMessage, message.id)
    assert (stored.attempts, stored.sent_at, stored.last_error) == (0, None, None)


def test_settings_come_from_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("SAFETY_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("SAFETY_SMTP_PORT", "2525")
    monkeypatch.setenv("SAFETY_SMTP_USERNAME", "council-mailer")
    # JSON-looking values arrive decoded: a numeric password must still be a string.
    monkeypatch.setenv("SAFETY_SMTP_PASSWORD", "123456")
    monkeypatch.setenv("SAFETY_SMTP_STARTTLS", "false")
    monkeypatch.setenv("SAFETY_MAIL_FROM", "Safety Councils <noreply@example.org>")
    settings = SmtpSettings.from_config(make_app().config)
    assert settings == SmtpSettings(
        host="smtp.example.org",
        port=2525,
        username="council-mailer",
        password="123456",
        starttls=False,
        timeout=30,
        sender="Safety Councils <noreply@example.org>",
    )


def test_the_defaults_are_not_configured_and_starttls_is_on(app):
    assert SmtpSettings.from_config(app.config) is None
    configured = SmtpSettings.from_config(
        {**app.config, "SMTP_HOST": "smtp.example.org", "MAIL_FROM": SENDER}
    )
    assert configured is not None
    assert configured.starttls is True
    assert configured.port == 587


# -- Never restricted text ----------------------------------------------------------------------


@pytest.fixture
def restricted(make_concern):
    return make_concern(
        title="Violence at home in Ulpiana block C",
        description="My neighbour's husband beats her every night; she is afraid to call.",
        category=ConcernCategory.DOMESTIC_VIOLENCE,
        sensitivity=Sensitivity.RESTRICTED,
    )


@pytest.mark.parametrize(
    ("field", "text", "what"),
    [
        (
            "body",
            "You wrote:\n  my neighbour's husband BEATS her every night;\n"
            "she is afraid to call.\nThe council has referred it.",
            "the description",
        ),
        ("subject", "Re: Violence at home in Ulpiana block C", "the restricted title"),
    ],
    ids=["description-in-body", "title-in-subject"],
)
def test_a_message_quoting_a_restricted_concern_is_refused(
    session, settings, server, restricted, field, text, what
):
    message = queue(session, concern_id=restricted.id, **{field: text})
    report = send(session, settings)
    assert (report.refused, report.sent) == (1, 0)
    assert server.messages == []
    stored = session.get(OutboxMessage, message.id)
    assert stored.sent_at is None
    assert stored.attempts == MAX_ATTEMPTS
    assert what in stored.last_error
    # The refusal names what was quoted, never the text itself.
    assert "beats" not in stored.last_error.lower()
    assert send(session, settings, now=T0 + timedelta(days=1)).attempted == 0


def test_a_message_quoting_an_internal_note_is_refused(session, settings, server, make_concern):
    concern = make_concern()
    session.add(
        ConcernNote(concern_id=concern.id, body="The caller is the mayor's cousin; be careful.")
    )
    session.commit()
    queue(
        session, concern_id=concern.id, body="Note: the caller is the mayor's cousin; be careful."
    )
    assert send(session, settings).refused == 1
    assert server.messages == []


def test_a_message_that_links_to_the_concern_is_sent(session, settings, server, restricted):
    queue(
        session,
        concern_id=restricted.id,
        subject=f"Your concern {restricted.reference} has an answer",
        body="Read the answer on your tracking page: https://x.example/track/secret",
    )
    report = send(session, settings)
    assert (report.sent, report.refused) == (1, 0)
    assert len(server.messages) == 1


def test_a_status_change_on_a_restricted_concern_mails_no_text_of_it(
    login, users, session, settings, server, restricted
):
    """End to end: the secretary answers through the page; the e-mail says where to read."""
    restricted.submitter_email = "neighbour@example.org"
    session.commit()
    client = login(users["secretary_a"])
    response = client.post(
        f"/concerns/{restricted.id}/status",
        data={
            "status": "referred",
            "answer": "We passed it to the police station, who will visit.",
            "answer_channel": "in_app",
            "referred_to": "police_station",
            "referred_to_name": "Police station of Ulpiana",
            "version": str(restricted.version_id),
        },
    )
    assert response.status_code == 302
    queued = session.scalars(select(OutboxMessage)).one()
    report = send(session, settings, now=queued.next_attempt_at)
    assert (report.sent, report.refused) == (1, 0)
    email = server.messages[0]
    text = f"{email['Subject']}\n{email.get_content()}"
    assert restricted.reference in text
    for secret in (restricted.title, restricted.description, "beats"):
        assert secret not in text
