"""The ministry's reviews of councils: opening, the thread, closing, e-mails and reminders.

Services take `(session, actor, ...)`, add and flush, never commit; the audit listener
records every row they write. Each change that someone must act on queues an e-mail in the
same transaction (`queue_message`, keyed per message and recipient, so a retried request
cannot queue it twice): a new review and a ministry reply go to the council's secretaries,
a council's response to the reviewer (or to every ministry reviewer when that account is
gone). E-mails say what happened and link to the review; they never quote the thread, so
the outbox holds no more than the page does.

Refusals (a closed review takes no message) raise `ReviewRefusedError` before any write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

import click
from flask import current_app, url_for
from flask.cli import with_appcontext
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from safety.accounts.models import Role, User
from safety.audit.record import set_actor
from safety.compliance.models import Review, ReviewMessage, ReviewStatus
from safety.concerns.outbox import queue_message
from safety.councils.models import Council
from safety.dates import format_date, today
from safety.db import get_session

COUNCIL_SIDE = "council"
MINISTRY_SIDE = "ministry"

ReviewLink = Callable[[int], str]
"""The address of a review's page from its id (absolute, for e-mails)."""


class ReviewRefusedError(Exception):
    """A change the review's state does not allow; the view words `code`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def rules_value(rules: Iterable[str]) -> str:
    """The stored form of a set of rule IDs: "R06,R09", in rule order, each once."""
    return ",".join(sorted(set(rules)))


def rule_list(review: Review) -> list[str]:
    return [rule for rule in review.rules.split(",") if rule]


# Who hears about it --------------------------------------------------------------------------


def council_secretaries(session: Session, council_id: int) -> list[User]:
    """The council's active secretary accounts, which read and answer its reviews."""
    return list(
        session.scalars(
            select(User)
            .where(
                User.role == Role.SECRETARY,
                User.council_id == council_id,
                User.is_active.is_(True),
            )
            .order_by(User.id)
        )
    )


def ministry_readers(session: Session, review: Review) -> list[User]:
    """The reviewer if their account is still active, else every active ministry reviewer."""
    if review.reviewer_id is not None:
        reviewer = session.get(User, review.reviewer_id)
        if reviewer is not None and reviewer.is_active and reviewer.role == Role.MINISTRY:
            return [reviewer]
    return list(
        session.scalars(
            select(User)
            .where(User.role == Role.MINISTRY, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


def _languages(user: User) -> Sequence[str]:
    """The user's own language, else every language of the app, one after the other."""
    languages = current_app.config["LANGUAGES"]
    if user.locale in languages:
        return (user.locale,)
    return tuple(languages)


def _council_name(council: Council) -> str:
    # Called inside `force_locale`: the name in the recipient's language.
    return council.municipality.bilingual_name(str(get_locale()))


def _queue(
    session: Session,
    users: Iterable[User],
    key: str,
    write: Callable[[], tuple[str, str]],
) -> int:
    """Queue `write()`'s subject and body to each user in their language; the number queued."""
    queued = 0
    for user in users:
        subjects, bodies = [], []
        for language in _languages(user):
            with force_locale(language):
                subject, body = write()
            subjects.append(subject)
            bodies.append(body)
        message = queue_message(
            session,
            key=f"{key}:{user.id}",
            recipient=user.email,
            subject=" / ".join(dict.fromkeys(subjects))[:300],
            body="\n\n-----\n\n".join(bodies),
        )
        queued += message is not None
    return queued


# The actions -------------------------------------------------------------------------------


def open_review(
    session: Session,
    actor: User,
    *,
    council: Council,
    reviewed_as_of: date,
    findings: str,
    recommendations: str,
    respond_by: date,
    rules: Iterable[str],
    link: ReviewLink,
) -> Review:
    """Record a review awaiting the council's response; e-mail the council's secretaries.

    `council` needs its municipality loaded (the e-mail names it).
    """
    review = Review(
        council_id=council.id,
        reviewer_id=actor.id,
        reviewed_as_of=reviewed_as_of,
        findings=findings,
        recommendations=recommendations,
        respond_by=respond_by,
        rules=rules_value(rules),
        status=ReviewStatus.AWAITING_RESPONSE,
    )
    session.add(review)
    session.flush()

    def write() -> tuple[str, str]:
        subject = _(
            "The ministry has reviewed the council of %(council)s",
            council=_council_name(council),
        )
        body = "\n\n".join(
            [
                _(
                    "The ministry has recorded a review of the Community Safety Council of "
                    "%(council)s, about its compliance on %(date)s.",
                    council=_council_name(council),
                    date=format_date(reviewed_as_of),
                ),
                _(
                    "Please read its findings and recommendations and respond by %(date)s: "
                    "%(link)s",
                    date=format_date(respond_by),
                    link=link(review.id),
                ),
            ]
        )
        return subject, body

    _queue(session, council_secretaries(session, council.id), f"review:{review.id}:opened", write)
    return review


def _add_message(
    session: Session, actor: User, review: Review, side: str, body: str
) -> ReviewMessage:
    if review.status == ReviewStatus.CLOSED:
        raise ReviewRefusedError("closed")
    message = ReviewMessage(review_id=review.id, author_id=actor.id, side=side, body=body)
    session.add(message)
    return message


def respond(
    session: Session, actor: User, review: Review, *, body: str, link: ReviewLink
) -> ReviewMessage:
    """The council's response: the review is answered; the reviewer hears of it.

    `review` needs its council and municipality loaded.
    """
    message = _add_message(session, actor, review, COUNCIL_SIDE, body)
    review.status = ReviewStatus.ANSWERED
    session.flush()
    council = review.council

    def write() -> tuple[str, str]:
        subject = _(
            "The council of %(council)s has responded to your review",
            council=_council_name(council),
        )
        body = _(
            "The Community Safety Council of %(council)s has responded to the review of its "
            "compliance on %(date)s. Read the response: %(link)s",
            council=_council_name(council),
            date=format_date(review.reviewed_as_of),
            link=link(review.id),
        )
        return subject, body

    _queue(
        session,
        ministry_readers(session, review),
        f"review:{review.id}:message:{message.id}",
        write,
    )
    return message


def reply(
    session: Session,
    actor: User,
    review: Review,
    *,
    body: str,
    respond_by: date | None,
    link: ReviewLink,
) -> ReviewMessage:
    """The ministry writes again: the review awaits the council's response (by a new date if
    given); the council's secretaries hear of it.

    `review` needs its council and municipality loaded.
    """
    message = _add_message(session, actor, review, MINISTRY_SIDE, body)
    review.status = ReviewStatus.AWAITING_RESPONSE
    if respond_by is not None:
        review.respond_by = respond_by
    session.flush()
    council = review.council

    def write() -> tuple[str, str]:
        subject = _(
            "The ministry has written about its review of the council of %(council)s",
            council=_council_name(council),
        )
        body = _(
            "The ministry has written again about its review of the Community Safety Council "
            "of %(council)s. Please respond by %(date)s: %(link)s",
            council=_council_name(council),
            date=format_date(review.respond_by),
            link=link(review.id),
        )
        return subject, body

    _queue(
        session,
        council_secretaries(session, review.council_id),
        f"review:{review.id}:message:{message.id}",
        write,
    )
    return message


def close(session: Session, actor: User, review: Review, *, day: date) -> None:
    """The ministry closes the review on `day`; it then takes no more messages."""
    if review.status == ReviewStatus.CLOSED:
        raise ReviewRefusedError("already_closed")
    review.status = ReviewStatus.CLOSED
    review.closed_on = day
    session.flush()


# Overdue responses -------------------------------------------------------------------------


def overdue_condition(day: date) -> tuple:
    """Awaiting the council's response after its due date (due today is not overdue yet)."""
    return (Review.status == ReviewStatus.AWAITING_RESPONSE, Review.respond_by < day)


def overdue_reviews(session: Session, day: date) -> list[Review]:
    """Reviews whose response is overdue on `day`, longest overdue first, with their council."""
    return list(
        session.scalars(
            select(Review)
            .where(*overdue_condition(day))
            .options(joinedload(Review.council).joinedload(Council.municipality))
            .order_by(Review.respond_by, Review.id)
        )
    )


def queue_reminders(session: Session, day: date, link: ReviewLink) -> int:
    """Remind the reviewer of each overdue review, once per review and deadline; the count.

    A reply that sets a new deadline may make the review overdue again: that is news, so
    the key names the deadline.
    """
    queued = 0
    for review in overdue_reviews(session, day):
        council = review.council

        def write(review: Review = review, council: Council = council) -> tuple[str, str]:
            subject = _(
                "Overdue: the council of %(council)s has not responded to the review",
                council=_council_name(council),
            )
            body = _(
                "The Community Safety Council of %(council)s was to respond by %(date)s to "
                "the review of its compliance on %(as_of)s, and has not. The review: %(link)s",
                council=_council_name(council),
                date=format_date(review.respond_by),
                as_of=format_date(review.reviewed_as_of),
                link=link(review.id),
            )
            return subject, body

        queued += _queue(
            session,
            ministry_readers(session, review),
            f"review:{review.id}:overdue:{review.respond_by.isoformat()}",
            write,
        )
    return queued


@click.command("review-reminders")
@click.option(
    "--site-url",
    envvar="SAFETY_SITE_URL",
    default=None,
    help="The site's address for links in e-mails (https://safety.example.org).",
)
@with_appcontext
def review_reminders_command(site_url: str | None) -> None:
    """Queue a reminder to the reviewer of every review whose response is overdue."""
    set_actor(None, "cli:review-reminders")
    session = get_session()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not site_url and not app.config.get("SERVER_NAME"):
        raise click.UsageError(
            "Links in e-mails need the site's address: pass --site-url or set SAFETY_SITE_URL."
        )
    # Outside a request url_for has no host: a request context on the site's address gives it.
    with app.test_request_context(base_url=site_url or None):
        queued = queue_reminders(
            session,
            today(),
            lambda review_id: url_for("compliance.review", review_id=review_id, _external=True),
        )
    session.commit()
    click.echo(f"Reminders queued: {queued}.")
