"""A plan's public comment and adoption: open a period, comment, answer, publish, adopt, forward.

Dates (records.md): what happens in the product takes the day the view passes in as `today`
and cannot be backdated (opening the period, a comment, an answer, publishing the
consultation report); adoption takes the date of the held council meeting that adopted the
plan; forwarding to the Assembly is a stated date. Each change of the plan's status adds a
dated `PlanEvent` and mirrors the status on the plan. Services flush at most, never commit
(the views' commit checks the plan's version), and refusals raise the slice's
`PlanChangeRefusedError` before any write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from safety.accounts.models import User
from safety.consultations.models import Meeting, MeetingStatus
from safety.plans.models import (
    ActionPlan,
    CommentResponse,
    PlanComment,
    PlanEvent,
    PlanItem,
    PlanStatus,
)
from safety.plans.services import PlanChangeRefusedError, earliest_record_on
from safety.plans.working_days import MIN_COMMENT_WORKING_DAYS

REASON_REQUIRED = frozenset({CommentResponse.REJECTED, CommentResponse.PARTLY_ACCEPTED})
"""Answers that must say why (Regulation 05/2016: reasons for what was not taken up)."""

ADOPTABLE = frozenset({PlanStatus.DRAFT, PlanStatus.OPEN_FOR_COMMENT})
"""A plan can be adopted straight from draft: councils do adopt without a comment period."""


def _refuse_if(code: str | None) -> None:
    if code is not None:
        raise PlanChangeRefusedError(code)


def _event(
    session: Session,
    plan: ActionPlan,
    status: PlanStatus,
    on: date,
    actor: User | None,
    note: str | None = None,
) -> None:
    plan.status = status
    session.add(
        PlanEvent(
            plan_id=plan.id,
            status=status,
            changed_on=on,
            note=note,
            actor_id=actor.id if actor is not None else None,
        )
    )


# The comment period ---------------------------------------------------------------------------


def is_short_period(working_days: int) -> bool:
    """Fewer working days than R13 asks for: the product warns, it does not refuse."""
    return working_days < MIN_COMMENT_WORKING_DAYS


def opening_refusal(plan: ActionPlan) -> str | None:
    """Why no comment period can be opened on the plan now, or None."""
    if plan.status != PlanStatus.DRAFT:
        return "not_draft"
    return None


def open_comment_period(
    session: Session,
    actor: User,
    plan: ActionPlan,
    *,
    starts_on: date,
    ends_on: date,
    today: date,
) -> None:
    """Open the draft for public comment from `starts_on` to `ends_on`, both included.

    The period is the product's: the plan becomes public today, so the period starts today
    or later, never earlier. A period shorter than 15 working days is allowed (R13 warns).
    """
    _refuse_if(opening_refusal(plan))
    if starts_on < today:
        raise PlanChangeRefusedError("starts_in_past")
    if ends_on < starts_on:
        raise PlanChangeRefusedError("ends_before_start")
    plan.comment_starts_on = starts_on
    plan.comment_ends_on = ends_on
    _event(session, plan, PlanStatus.OPEN_FOR_COMMENT, today, actor)


# Comments ----------------------------------------------------------------------------------------


def commenting_refusal(plan: ActionPlan, today: date) -> str | None:
    """Why nobody may comment on the plan today, or None while its period runs."""
    if (
        plan.status != PlanStatus.OPEN_FOR_COMMENT
        or plan.comment_starts_on is None
        or plan.comment_ends_on is None
    ):
        return "not_open"
    if today < plan.comment_starts_on:
        return "not_yet_open"
    if today > plan.comment_ends_on:
        return "closed"
    return None


@dataclass(frozen=True)
class Commenter:
    """Who comments: a verified organisation (through one of its users) or the public."""

    organisation_id: int | None = None
    author_id: int | None = None
    name: str | None = None
    email: str | None = None


def submit_comment(
    session: Session,
    plan: ActionPlan,
    *,
    item: PlanItem | None,
    body: str,
    language: str,
    commenter: Commenter,
    today: date,
) -> PlanComment:
    """Add a comment on the plan or one of its items, dated today, while the period runs."""
    _refuse_if(commenting_refusal(plan, today))
    if item is not None and item.plan_id != plan.id:
        raise PlanChangeRefusedError("item_not_in_plan")
    comment = PlanComment(
        plan_id=plan.id,
        item_id=item.id if item is not None else None,
        body=body,
        language=language,
        organisation_id=commenter.organisation_id,
        author_id=commenter.author_id,
        commenter_name=commenter.name,
        commenter_email=commenter.email,
        submitted_on=today,
    )
    session.add(comment)
    session.flush()
    return comment


def period_is_over(plan: ActionPlan, today: date) -> bool:
    """The comment period has ended, or the plan was adopted, which ends it too."""
    if plan.comment_ends_on is None:
        return False
    return today > plan.comment_ends_on or plan.status not in ADOPTABLE


def answering_refusal(plan: ActionPlan, today: date) -> str | None:
    """Why the comments cannot be answered (or answers changed) now, or None."""
    if plan.comment_starts_on is None:
        return "no_period"
    if plan.report_published_on is not None:
        return "report_published"
    if not period_is_over(plan, today):
        # The council weighs all the comments together, once the period is over.
        return "period_running"
    return None


def answer_comment(
    plan: ActionPlan,
    comment: PlanComment,
    *,
    response: CommentResponse,
    reason: str | None,
    today: date,
) -> None:
    """Record (or correct) the council's answer to a comment, dated today."""
    _refuse_if(answering_refusal(plan, today))
    if comment.plan_id != plan.id or comment.deleted_on is not None:
        raise PlanChangeRefusedError("no_such_comment")
    if response in REASON_REQUIRED and not (reason and reason.strip()):
        raise PlanChangeRefusedError("reason_required")
    comment.response = response
    comment.response_reason = reason.strip() if reason and reason.strip() else None
    comment.responded_on = today


def unanswered(comments: Sequence[PlanComment]) -> list[PlanComment]:
    """The comments still waiting for an answer (deleted ones need none)."""
    return [c for c in comments if c.deleted_on is None and c.response is None]


def publication_refusal(
    plan: ActionPlan, comments: Sequence[PlanComment], today: date
) -> str | None:
    """Why the consultation report cannot be published now, or None."""
    if plan.comment_starts_on is None:
        return "no_period"
    if plan.report_published_on is not None:
        return "already_published"
    if not period_is_over(plan, today):
        return "period_running"
    if unanswered(comments):
        return "unanswered"
    return None


def publish_consultation_report(
    plan: ActionPlan, comments: Sequence[PlanComment], *, summary: str, today: date
) -> None:
    """Publish the consultation report today: every comment with its answer, made public.

    A report is due even when no comment came in (decided reading 18): it then says so.
    """
    _refuse_if(publication_refusal(plan, comments, today))
    plan.report_summary = summary
    plan.report_published_on = today


# Adoption and forwarding ---------------------------------------------------------------------


def adoption_refusal(plan: ActionPlan) -> str | None:
    """Why the plan cannot be adopted at any meeting, or None."""
    if plan.status not in ADOPTABLE:
        return "already_adopted"
    return None


def adoption_warnings(plan: ActionPlan, adopted_on: date | None, working_days: int) -> list[str]:
    """What R13 will say of adopting on `adopted_on`; `working_days` counted up to that day.

    Warnings do not refuse: the council decides, and the product records what happened.
    """
    if plan.comment_starts_on is None or plan.comment_ends_on is None:
        return ["no_comment_period"]
    warnings = []
    if adopted_on is not None and adopted_on < plan.comment_ends_on:
        warnings.append("before_period_end")
    if is_short_period(working_days):
        warnings.append("short_period")
    return warnings


def adopt_plan(
    session: Session,
    actor: User,
    plan: ActionPlan,
    meeting: Meeting | None,
    *,
    note: str | None,
) -> None:
    """Record the plan as adopted at `meeting`, a held council meeting of its council.

    The adoption takes the meeting's date: in the plan's year or the year before (when its
    drafting may start), and with a comment period, not before the period began (a period
    starting after adoption is no comment period).
    """
    _refuse_if(adoption_refusal(plan))
    if meeting is None:
        raise PlanChangeRefusedError("no_meeting")
    if meeting.council_id != plan.council_id:
        raise PlanChangeRefusedError("other_council")
    if not meeting.kind.is_council_meeting:
        raise PlanChangeRefusedError("not_council_meeting")
    if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
        raise PlanChangeRefusedError("meeting_not_held")
    if meeting.held_on < earliest_record_on(plan):
        raise PlanChangeRefusedError("too_early")
    if plan.comment_starts_on is not None and meeting.held_on < plan.comment_starts_on:
        raise PlanChangeRefusedError("before_period")
    plan.adopted_on = meeting.held_on
    plan.adopted_at_meeting_id = meeting.id
    _event(session, plan, PlanStatus.ADOPTED, meeting.held_on, actor, note)


def forwarding_refusal(plan: ActionPlan) -> str | None:
    if plan.status != PlanStatus.ADOPTED or plan.adopted_on is None:
        return "not_adopted"
    return None


def forward_plan(
    session: Session,
    actor: User,
    plan: ActionPlan,
    *,
    forwarded_on: date,
    reference: str,
    today: date,
) -> None:
    """Record that the adopted plan was sent to the Municipal Assembly, with its reference."""
    _refuse_if(forwarding_refusal(plan))
    if forwarded_on > today:
        raise PlanChangeRefusedError("forwarded_in_future")
    if forwarded_on < plan.adopted_on:
        raise PlanChangeRefusedError("forwarded_before_adoption")
    if not reference.strip():
        raise PlanChangeRefusedError("reference_required")
    plan.forwarded_on = forwarded_on
    plan.assembly_reference = reference.strip()
    _event(session, plan, PlanStatus.FORWARDED_TO_ASSEMBLY, forwarded_on, actor)
