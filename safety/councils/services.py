"""Multi-step writes for councils: re-appointing a member and deleting a mistaken record."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from safety.accounts.models import User
from safety.audit.record import give_reason
from safety.councils.models import CouncilDecision, Member, MemberRole


class ChangeRefusedError(Exception):
    """A write the records do not allow; its message is a code the view turns into words."""


def reappoint_member(
    session: Session,
    actor: User,
    member: Member,
    *,
    role: MemberRole,
    appointed_on: date,
    term_ends_on: date | None,
    appointing_decision: str | None,
) -> Member:
    """End `member`'s appointment on `appointed_on` and start the next one from that day.

    A role change or a new term is a new row linked to the previous one, so the rules still
    see who held which role on any past date. Flushes, never commits.
    """
    if member.left_on is not None:
        raise ChangeRefusedError("left")
    if appointed_on <= member.appointed_on:
        raise ChangeRefusedError("before_current")
    member.left_on = appointed_on
    successor = Member(
        council_id=member.council_id,
        full_name=member.full_name,
        role=role,
        institution=member.institution,
        community=member.community,
        gender=member.gender,
        birth_year=member.birth_year,
        appointed_on=appointed_on,
        term_ends_on=term_ends_on,
        appointing_decision=appointing_decision,
        is_publicly_named=member.is_publicly_named,
        previous_appointment_id=member.id,
    )
    session.add(successor)
    session.flush()
    return successor


def is_referred_to(session: Session, member: Member) -> bool:
    """True once another record points at this member: a later appointment or attendance.

    Plan items will refer to members too: each slice adds its check here, and a referred
    member can only be recorded as departed, never deleted.
    """
    # Imported here: the meetings slice builds on councils, not the other way round.
    from safety.consultations.models import Attendance

    return bool(
        session.scalar(
            select(
                exists().where(Member.previous_appointment_id == member.id)
                | exists().where(Attendance.member_id == member.id)
            )
        )
    )


def delete_member(session: Session, actor: User, member: Member, *, reason: str) -> None:
    """Delete a member entered by mistake, the reason kept in the audit trail."""
    if is_referred_to(session, member):
        raise ChangeRefusedError("referred")
    give_reason(session, member, reason)
    session.delete(member)
    session.flush()


def delete_decision(
    session: Session, actor: User, decision: CouncilDecision, *, reason: str
) -> None:
    """Delete a decision of the Assembly recorded by mistake, the reason kept in the trail."""
    give_reason(session, decision, reason)
    session.delete(decision)
    session.flush()
