"""Following a concern after intake: the private tracking link and an organisation's home.

A tracking link carries a random secret (`secrets.token_urlsafe(32)`); only its SHA-256 is
stored, so a copy of the database cannot be turned into working links. The tracking page
reads the concern's status history and answers, never internal notes or who recorded them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from safety.concerns.models import Concern, ConcernEvent, ConcernStatus
from safety.consultations.models import Meeting, MeetingHost, MeetingKind, MeetingStatus
from safety.councils.models import Council
from safety.organisations.models import organisation_municipalities

TOKEN_BYTES = 32
"""256 bits of randomness: a link nobody can guess, in 43 URL-safe characters."""

MAX_TOKEN_LENGTH = 100
"""Longer path segments are not links this app made: refused before hashing."""

HOME_ANSWERS_SHOWN = 10
HOME_CONSULTATIONS_SHOWN = 10


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of a tracking token, as stored on the concern."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh tracking token and its hash: the token is shown or sent once, never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def concern_by_token(session: Session, token: str) -> Concern | None:
    """The concern this token tracks, with its council's name; None if unknown or deleted.

    A concern deleted as spam or abuse is gone for its sender too.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.scalars(
        select(Concern)
        .where(Concern.tracking_token_hash == token_hash(token), Concern.deleted_on.is_(None))
        .options(joinedload(Concern.council).joinedload(Council.municipality))
    ).one_or_none()


def concern_history(session: Session, concern_id: int) -> list[ConcernEvent]:
    """The concern's status changes in the order recorded (without who recorded them)."""
    return list(
        session.scalars(
            select(ConcernEvent)
            .where(ConcernEvent.concern_id == concern_id)
            .order_by(ConcernEvent.id)
        )
    )


# -- A verified organisation's home --------------------------------------------------------


@dataclass(frozen=True)
class LatestAnswer:
    """The newest answer the council gave on one of the organisation's concerns."""

    concern_id: int
    reference: str
    title: str
    status: ConcernStatus
    answered_on: date
    answer: str


@dataclass(frozen=True)
class OrganisationHome:
    answers: list[LatestAnswer]
    consultations: list[Meeting]


def latest_answers(
    session: Session, organisation_id: int, limit: int = HOME_ANSWERS_SHOWN
) -> list[LatestAnswer]:
    """The organisation's concerns that have an answer, each with its newest one, newest first."""
    newest_answer = (
        select(func.max(ConcernEvent.id))
        .where(
            ConcernEvent.concern_id == Concern.id,
            ConcernEvent.answer.is_not(None),
            ConcernEvent.answer != "",
        )
        .correlate(Concern)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Concern.id,
            Concern.reference,
            Concern.title,
            Concern.status,
            ConcernEvent.changed_on,
            ConcernEvent.answer,
        )
        .join(ConcernEvent, ConcernEvent.id == newest_answer)
        .where(Concern.organisation_id == organisation_id, Concern.deleted_on.is_(None))
        .order_by(ConcernEvent.changed_on.desc(), ConcernEvent.id.desc())
        .limit(limit)
    )
    return [LatestAnswer(*row) for row in rows]


def upcoming_consultations(
    session: Session, organisation_id: int, today: date, limit: int = HOME_CONSULTATIONS_SHOWN
) -> list[Meeting]:
    """Public consultations ahead, hosted by a council of a municipality the organisation
    works in (as organiser or co-host), soonest first, each once, with the organiser's name.
    """
    followed_councils = (
        select(Council.id)
        .join(
            organisation_municipalities,
            organisation_municipalities.c.municipality_id == Council.municipality_id,
        )
        .where(organisation_municipalities.c.organisation_id == organisation_id)
    )
    hosted = select(MeetingHost.meeting_id).where(MeetingHost.council_id.in_(followed_councils))
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.id.in_(hosted),
                Meeting.kind == MeetingKind.PUBLIC_CONSULTATION,
                Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED]),
                Meeting.scheduled_on >= today,
            )
            .options(joinedload(Meeting.council).joinedload(Council.municipality))
            .order_by(Meeting.scheduled_on, Meeting.starts_at, Meeting.id)
            .limit(limit)
        )
    )


def organisation_home(session: Session, organisation_id: int, today: date) -> OrganisationHome:
    """What a verified organisation's home shows of concerns and consultations: two queries."""
    return OrganisationHome(
        answers=latest_answers(session, organisation_id),
        consultations=upcoming_consultations(session, organisation_id, today),
    )
