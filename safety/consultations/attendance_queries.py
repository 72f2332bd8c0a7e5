"""The SQL behind the attendance and participation pages: the roster on a date, the CSOs."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from safety.collation import collate
from safety.consultations.models import Meeting, MeetingOrganisation
from safety.councils.models import Council, Member
from safety.organisations.models import Organisation, OrganisationStatus


def register_options() -> tuple[LoaderOption, ...]:
    """What the attendance register shows beside the roster: the council and the stored rows."""
    return (
        joinedload(Meeting.council).joinedload(Council.municipality),
        selectinload(Meeting.attendance),
        selectinload(Meeting.guests),
    )


def participation_options() -> tuple[LoaderOption, ...]:
    """What the participation form starts from: the stored counts and organisations."""
    return (
        joinedload(Meeting.council).joinedload(Council.municipality),
        joinedload(Meeting.participation),
        selectinload(Meeting.community_counts),
        selectinload(Meeting.organisations).joinedload(MeetingOrganisation.organisation),
    )


def _active_on(council_id: int, day: date) -> tuple[ColumnElement[bool], ...]:
    # As `Member.is_active_on`: appointed by `day`, and not yet left (leaving on `day` counts).
    return (
        Member.council_id == council_id,
        Member.appointed_on <= day,
        or_(Member.left_on.is_(None), Member.left_on > day),
    )


def active_members(session: Session, council_id: int, day: date, language: str) -> list[Member]:
    """The council's members active on `day` (appointed by then, not yet left), by name.

    A member who left on `day` itself is no longer active (`Member.is_active_on`).
    """
    return list(
        session.scalars(
            select(Member)
            .where(*_active_on(council_id, day))
            .order_by(collate(Member.full_name, language), Member.id)
        )
    )


def selectable_organisations(
    session: Session, language: str, already_listed: Collection[int] = ()
) -> list[Organisation]:
    """Verified organisations, plus any the meeting lists already, by name.

    An organisation that attended and has since lost its verification stays listed, so
    saving the form again does not silently drop it.
    """
    condition = Organisation.status == OrganisationStatus.VERIFIED
    if already_listed:
        condition = or_(condition, Organisation.id.in_(list(already_listed)))
    return list(
        session.scalars(
            select(Organisation)
            .where(condition)
            .order_by(collate(Organisation.name, language), Organisation.id)
        )
    )


def active_member_count(session: Session, council_id: int, day: date) -> int:
    """How many members the council had active on `day`: the quorum's denominator (R07)."""
    return session.scalar(select(func.count(Member.id)).where(*_active_on(council_id, day))) or 0
