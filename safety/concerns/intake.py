"""Creating a concern: its reference, first event, default sensitivity, tracking link, notice.

Three ways in share this one service: a verified organisation's user, the council's own
secretary entering a concern raised by telephone, on paper or at a meeting, and the public
form. It flushes, never commits. The e-mail it queues carries the reference and the private
tracking link, never what the submitter wrote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, contains_eager

from safety.accounts.models import User
from safety.concerns.deadlines import due_on
from safety.concerns.models import (
    RESTRICTED_BY_DEFAULT,
    Concern,
    ConcernCategory,
    ConcernChannel,
    ConcernEvent,
    ConcernStatus,
    Sensitivity,
)
from safety.concerns.outbox import queue_message
from safety.concerns.tracking import new_token
from safety.councils.models import Community, Council
from safety.councils.queries import by_municipality_name
from safety.dates import format_date
from safety.organisations.models import organisation_municipalities

REFERENCE_ATTEMPTS = 5
"""Tries at a free reference when simultaneous submissions to one council collide."""


@dataclass(frozen=True)
class ConcernDetails:
    """What the submitter tells, the same on every way in."""

    title: str
    description: str
    category: ConcernCategory
    settlement: str | None = None
    communities: Sequence[str] = ()
    observed_on: date | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Submitter:
    """Who raised it and how; name and contact are never public."""

    channel: ConcernChannel
    submitted_on: date
    organisation_id: int | None = None
    user_id: int | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Submission:
    """The saved concern, and the tracking token to show once (None when none was made)."""

    concern: Concern
    tracking_token: str | None = None
    emailed: bool = False


def councils_by_name(session: Session, language: str) -> list[Council]:
    """Every council with its municipality, by name in the reader's alphabet (38 rows)."""
    return list(
        session.scalars(
            select(Council)
            .join(Council.municipality)
            .options(contains_eager(Council.municipality))
            .order_by(*by_municipality_name(language))
        )
    )


def followed_council_ids(session: Session, organisation_id: int) -> set[int]:
    """The councils of the municipalities where the organisation works."""
    return set(
        session.scalars(
            select(Council.id)
            .join(
                organisation_municipalities,
                organisation_municipalities.c.municipality_id == Council.municipality_id,
            )
            .where(organisation_municipalities.c.organisation_id == organisation_id)
        )
    )


def default_sensitivity(category: ConcernCategory) -> Sensitivity:
    """Domestic violence and inter-ethnic incidents are restricted unless staff decide otherwise."""
    return Sensitivity.RESTRICTED if category in RESTRICTED_BY_DEFAULT else Sensitivity.PUBLIC


def search_text(title: str, description: str) -> str:
    """What list searches match: title and description lower-cased, on both engines alike."""
    return f"{title} {description}".lower()


def communities_value(chosen: Sequence[str]) -> str:
    """Community values as stored: known ones only, in the enum's order, comma-separated."""
    wanted = set(chosen)
    return ",".join(community.value for community in Community if community.value in wanted)


def reference_prefix(council: Council, year: int) -> str:
    """`<municipality code>-<year>-`: references count per council and year of submission."""
    return f"{council.municipality.code}-{year}-"


def next_reference(session: Session, prefix: str) -> str:
    """The prefix with the number after the highest one taken (0001 for the first).

    Longer numbers sort after shorter ones, so 10000 follows 9999.
    """
    last = session.scalar(
        select(Concern.reference)
        .where(Concern.reference.startswith(prefix, autoescape=True))
        .order_by(func.length(Concern.reference).desc(), Concern.reference.desc())
        .limit(1)
    )
    number = last.removeprefix(prefix) if last else ""
    return f"{prefix}{(int(number) if number.isdigit() else 0) + 1:04d}"


def _take_turns_on(session: Session, prefix: str) -> None:
    """Make submissions numbered under the same prefix wait for each other until commit.

    SQLite needs nothing: a write transaction holds the database's lock from its first
    statement, so the highest number read is still the highest at the insert. PostgreSQL
    takes a transaction-level advisory lock named after the prefix.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(f"safety.concerns.reference {prefix}".encode()).digest()
    session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], signed=True))))


def _insert_with_reference(session: Session, concern: Concern, prefix: str) -> None:
    """Insert the concern under the next free reference, retrying if another took it.

    Submissions to one council and year take turns (`_take_turns_on`); should a reference
    still be taken (a row written without that lock), the unique reference refuses the
    insert, which is rolled back to its savepoint and tried with the next number.
    """
    _take_turns_on(session, prefix)
    for attempt in range(REFERENCE_ATTEMPTS):
        concern.reference = next_reference(session, prefix)
        try:
            with session.begin_nested():
                session.add(concern)
                session.flush()
        except IntegrityError:
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            continue
        return


def _receipt(concern: Concern, link: str, due_on: date) -> tuple[str, str]:
    """Subject and body of the receipt, in the current locale: reference, link, due date."""
    council = concern.council.municipality.bilingual_name(str(get_locale()))
    subject = _("Your concern %(reference)s has been received", reference=concern.reference)
    body = "\n\n".join(
        [
            _(
                "The Community Safety Council of %(council)s has received your concern. Its "
                "reference is %(reference)s.",
                council=council,
                reference=concern.reference,
            ),
            _(
                "Follow it, read the council's answers and, if it is resolved or rejected, "
                "reopen it once through your private link: %(link)s",
                link=link,
            ),
            _(
                "Keep this e-mail and do not share the link: anyone who has it can read the "
                "concern and its answers."
            ),
            _("The council's first answer is due by %(date)s.", date=format_date(due_on)),
        ]
    )
    return subject, body


def queue_receipt(
    session: Session,
    concern: Concern,
    *,
    link: str,
    answer_due_on: date,
    languages: Sequence[str],
) -> None:
    """Queue the receipt with the tracking link to the submitter's e-mail, once per concern.

    Written in each of `languages` in turn (the form's language for the public form; every
    language when staff entered it, since the citizen's is not known).
    """
    if not concern.submitter_email:
        return
    subjects, bodies = [], []
    for language in languages:
        with force_locale(language):
            subject, body = _receipt(concern, link, answer_due_on)
        subjects.append(subject)
        bodies.append(body)
    queue_message(
        session,
        key=f"concern-{concern.id}-received",
        recipient=concern.submitter_email,
        subject=" / ".join(dict.fromkeys(subjects))[:300],
        body="\n\n-----\n\n".join(bodies),
        concern_id=concern.id,
    )


def create_concern(
    session: Session,
    actor: User | None,
    *,
    council: Council,
    details: ConcernDetails,
    submitter: Submitter,
    reviewed_on: date | None,
    with_tracking: bool,
    tracking_link: Callable[[str], str],
    answer_days: int,
    languages: Sequence[str],
) -> Submission:
    """Save a new concern with its `submitted` event; make a tracking token if asked.

    `council` needs its municipality loaded (the reference and the receipt use it).
    `reviewed_on` is set for concerns staff entered themselves; the public form's and
    organisations' concerns wait for the secretary's review before the public sees them.
    With `with_tracking`, a token is made and, when the submitter gave an e-mail, the
    receipt with `tracking_link(token)` is queued in this transaction.
    """
    token, token_digest = new_token() if with_tracking else (None, None)
    concern = Concern(
        council_id=council.id,
        title=details.title,
        description=details.description,
        search_text=search_text(details.title, details.description),
        category=details.category,
        sensitivity=default_sensitivity(details.category),
        settlement=details.settlement,
        communities=communities_value(details.communities),
        observed_on=details.observed_on,
        latitude=details.latitude,
        longitude=details.longitude,
        submitted_on=submitter.submitted_on,
        channel=submitter.channel,
        status=ConcernStatus.SUBMITTED,
        organisation_id=submitter.organisation_id,
        submitted_by_id=submitter.user_id,
        submitter_name=submitter.name,
        submitter_email=submitter.email,
        submitter_phone=submitter.phone,
        tracking_token_hash=token_digest,
        reviewed_on=reviewed_on,
    )
    concern.council = council
    _insert_with_reference(session, concern, reference_prefix(council, submitter.submitted_on.year))
    session.add(
        ConcernEvent(
            concern_id=concern.id,
            status=ConcernStatus.SUBMITTED,
            changed_on=submitter.submitted_on,
            actor_id=actor.id if actor is not None else None,
        )
    )
    session.flush()
    emailed = False
    if token is not None and concern.submitter_email:
        queue_receipt(
            session,
            concern,
            link=tracking_link(token),
            answer_due_on=due_on(submitter.submitted_on, days=answer_days),
            languages=languages,
        )
        emailed = True
    return Submission(concern=concern, tracking_token=token, emailed=emailed)
