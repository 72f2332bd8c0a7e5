"""Case handling: status changes with answers, duplicates, reopening, notes, deletion, agendas.

Every change of status is a new dated `ConcernEvent` (records.md: history is never
overwritten) and `Concern.status` mirrors the latest. A change the submitter should hear
about queues one outbox message in the same transaction. That message never quotes the
concern, the answer or a note, whatever the concern's sensitivity: it says there is news and
where to read it, so no text a council typed can leak through a forwarded or misaddressed
e-mail. Functions flush, never commit; refusals raise `CaseChangeRefusedError` before any
write.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from safety.accounts.models import User
from safety.concerns.models import (
    AnswerChannel,
    Concern,
    ConcernEvent,
    ConcernMeeting,
    ConcernNote,
    ConcernStatus,
    ReferralBody,
)
from safety.concerns.outbox import queue_message
from safety.consultations.forms import MAX_AGENDA_ITEM_LENGTH, MAX_AGENDA_ITEMS
from safety.consultations.models import AgendaItem, Meeting, MeetingStatus
from safety.forms import has_visible_character
from safety.labels import label

S = ConcernStatus
_ANSWERING = frozenset({S.ACCEPTED_INTO_PLAN, S.REFERRED, S.RESOLVED, S.REJECTED, S.DUPLICATE})

TRANSITIONS: Mapping[ConcernStatus, frozenset[ConcernStatus]] = {
    S.SUBMITTED: _ANSWERING | {S.UNDER_REVIEW},
    S.UNDER_REVIEW: _ANSWERING,
    # A reopened concern is back with the council, as if newly under review.
    S.REOPENED: _ANSWERING | {S.UNDER_REVIEW},
    # Referred or taken into the plan, the concern is settled once the work is done.
    S.REFERRED: frozenset({S.RESOLVED}),
    S.ACCEPTED_INTO_PLAN: frozenset({S.RESOLVED}),
    # Closed. A resolved or rejected one can be reopened by its submitter, once.
    S.RESOLVED: frozenset(),
    S.REJECTED: frozenset(),
    S.DUPLICATE: frozenset(),
}
"""Which status may follow which: the statuses staff may choose from the current one."""

REOPENABLE = frozenset({S.RESOLVED, S.REJECTED})

LINKABLE_MEETING_STATUSES = frozenset(
    {MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED, MeetingStatus.HELD}
)


class CaseChangeRefusedError(Exception):
    """A change the concern's state or the input does not allow; the view words `code`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def allowed_statuses(current: ConcernStatus) -> list[ConcernStatus]:
    """The statuses that may follow `current`, in the order of the enum."""
    allowed = TRANSITIONS[current]
    return [status for status in ConcernStatus if status in allowed]


def earliest_answer_on(concern: Concern) -> date:
    """An answer given outside the app cannot predate the submission, or the reopening."""
    return concern.reopened_on or concern.submitted_on


def _has_text(value: str | None) -> bool:
    return bool(value) and has_visible_character(value or "")


def _check_duplicate(concern: Concern, other: Concern | None) -> Concern:
    if other is None:
        raise CaseChangeRefusedError("duplicate_required")
    if other.id == concern.id:
        raise CaseChangeRefusedError("duplicate_of_itself")
    if other.council_id != concern.council_id:
        raise CaseChangeRefusedError("duplicate_other_council")
    if other.deleted_on is not None:
        raise CaseChangeRefusedError("duplicate_deleted")
    if other.duplicate_of_id == concern.id:
        # Two concerns each marked as repeating the other would leave neither original.
        raise CaseChangeRefusedError("duplicate_loop")
    return other


def change_status(
    session: Session,
    actor: User,
    concern: Concern,
    *,
    status: ConcernStatus,
    today: date,
    answer: str | None = None,
    answer_channel: AnswerChannel | None = None,
    answered_on: date | None = None,
    reason: str | None = None,
    referred_to: ReferralBody | None = None,
    referred_to_name: str | None = None,
    duplicate_of: Concern | None = None,
    read_url: str | None = None,
) -> ConcernEvent:
    """Record a change of status with its answer, and queue the submitter's notice.

    In-app answers are dated `today`. An answer given outside the app (telephone, letter,
    meeting, in person) carries its channel and the stated date `answered_on`, which may not
    be in the future nor before `earliest_answer_on`. Needs the concern's council and
    municipality loaded (the notice names the council). `read_url` is where an
    organisation's user reads the answer in the app; without it the notice points to the
    tracking link or the reference.
    """
    if concern.deleted_on is not None:
        raise CaseChangeRefusedError("deleted")
    if status not in TRANSITIONS[concern.status]:
        raise CaseChangeRefusedError("not_allowed")
    has_answer = _has_text(answer)
    if not has_answer and status != S.UNDER_REVIEW:
        raise CaseChangeRefusedError("answer_required")
    channel = answer_channel or AnswerChannel.IN_APP
    changed_on = today
    if channel != AnswerChannel.IN_APP:
        if not has_answer:
            raise CaseChangeRefusedError("answer_required")
        if answered_on is None:
            raise CaseChangeRefusedError("answer_date_required")
        if answered_on > today:
            raise CaseChangeRefusedError("answer_in_future")
        if answered_on < earliest_answer_on(concern):
            raise CaseChangeRefusedError("answer_too_early")
        changed_on = answered_on
    if status == S.REJECTED and not _has_text(reason):
        raise CaseChangeRefusedError("reason_required")
    if status == S.REFERRED and (referred_to is None or not _has_text(referred_to_name)):
        raise CaseChangeRefusedError("referral_required")
    other = _check_duplicate(concern, duplicate_of) if status == S.DUPLICATE else None

    event = ConcernEvent(
        concern_id=concern.id,
        status=status,
        changed_on=changed_on,
        answer=answer if has_answer else None,
        answer_channel=channel if has_answer else None,
        reason=reason if status == S.REJECTED else None,
        referred_to=referred_to if status == S.REFERRED else None,
        referred_to_name=referred_to_name if status == S.REFERRED else None,
        duplicate_of_id=other.id if other is not None else None,
        actor_id=actor.id,
    )
    session.add(event)
    concern.status = status
    if other is not None:
        concern.duplicate_of_id = other.id
    session.flush()
    notify_submitter(session, concern, event, read_url=read_url)
    return event


def mark_duplicate(
    session: Session,
    actor: User,
    concern: Concern,
    *,
    other: Concern | None,
    answer: str,
    today: date,
    read_url: str | None = None,
) -> ConcernEvent:
    """Close `concern` as repeating `other` (same council, not itself, not its own duplicate)."""
    return change_status(
        session,
        actor,
        concern,
        status=S.DUPLICATE,
        today=today,
        answer=answer,
        duplicate_of=other,
        read_url=read_url,
    )


def _notice(concern: Concern, event: ConcernEvent, read_url: str | None) -> tuple[str, str]:
    """Subject and body in the reader's current language: news and where to read it."""
    council = concern.council.municipality.bilingual_name(str(get_locale()))
    subject = _("Your concern %(reference)s: new status", reference=concern.reference)
    lines = [
        _(
            "The Community Safety Council of %(council)s has recorded a change on your "
            "concern %(reference)s. Its status is now: %(status)s.",
            council=council,
            reference=concern.reference,
            status=label(event.status),
        )
    ]
    if event.answer:
        lines.append(_("The council has written an answer for you."))
    if read_url:
        lines.append(
            _(
                "Sign in with your organisation's account to read it: %(url)s",
                url=read_url,
            )
        )
    elif concern.tracking_token_hash:
        lines.append(
            _(
                "Read it through the private tracking link you received when you submitted "
                "the concern."
            )
        )
    else:
        lines.append(
            _(
                "To hear more, contact the council and give the reference %(reference)s.",
                reference=concern.reference,
            )
        )
    return subject, "\n\n".join(lines)


def notify_submitter(
    session: Session, concern: Concern, event: ConcernEvent, *, read_url: str | None
) -> None:
    """Queue one notice of `event` to the submitter's e-mail, if there is one.

    The submitter's language is not known, so the notice is written in each of the app's
    languages, one after the other. Keyed by the event: a retried request cannot send twice.
    """
    if not concern.submitter_email:
        return
    subjects, bodies = [], []
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            subject, body = _notice(concern, event, read_url)
        subjects.append(subject)
        bodies.append(body)
    queue_message(
        session,
        key=f"concern-{concern.id}-event-{event.id}",
        recipient=concern.submitter_email,
        subject=" / ".join(dict.fromkeys(subjects))[:300],
        body="\n\n-----\n\n".join(bodies),
        concern_id=concern.id,
    )


def reopen(
    session: Session,
    concern: Concern,
    reason: str | None,
    today: date,
    *,
    actor: User | None = None,
) -> ConcernEvent:
    """The submitter reopens a resolved or rejected concern, once, with a reason.

    `actor` is None when the submitter acts through the tracking link. Sets
    `reopened_on`, from which a new answer is due. Refusal codes: `deleted`,
    `already_reopened`, `not_reopenable`, `reason_required`.
    """
    if concern.deleted_on is not None:
        raise CaseChangeRefusedError("deleted")
    if concern.reopened_on is not None:
        raise CaseChangeRefusedError("already_reopened")
    if concern.status not in REOPENABLE:
        raise CaseChangeRefusedError("not_reopenable")
    if not _has_text(reason):
        raise CaseChangeRefusedError("reason_required")
    event = ConcernEvent(
        concern_id=concern.id,
        status=S.REOPENED,
        changed_on=today,
        reason=reason,
        actor_id=actor.id if actor is not None else None,
    )
    session.add(event)
    concern.status = S.REOPENED
    concern.reopened_on = today
    session.flush()
    return event


def add_note(session: Session, actor: User, concern: Concern, *, body: str) -> ConcernNote:
    """Keep an internal note on the concern; submitters and the public never read it."""
    if not _has_text(body):
        raise CaseChangeRefusedError("note_required")
    note = ConcernNote(concern_id=concern.id, body=body, author_id=actor.id)
    session.add(note)
    session.flush()
    return note


def soft_delete(
    session: Session, actor: User, concern: Concern, *, reason: str, today: date
) -> Concern:
    """Delete spam or abuse from today: it leaves lists and counts, the trail keeps it."""
    if concern.deleted_on is not None:
        raise CaseChangeRefusedError("deleted")
    if not _has_text(reason):
        raise CaseChangeRefusedError("reason_required")
    concern.deleted_on = today
    concern.deleted_reason = reason
    session.flush()
    return concern


def agenda_title(concern: Concern) -> str:
    """The agenda point for a concern: its reference and category, never its text.

    A restricted concern is named by its reference alone: a public consultation's agenda
    is public, and "domestic violence" beside a reference already says too much.
    """
    if concern.is_restricted:
        return _("Concern %(reference)s", reference=concern.reference)[:MAX_AGENDA_ITEM_LENGTH]
    return f"{concern.reference}: {label(concern.category)}"[:MAX_AGENDA_ITEM_LENGTH]


def link_meeting(
    session: Session, actor: User, concern: Concern, meeting: Meeting
) -> ConcernMeeting:
    """Put the concern on a meeting's agenda: the link, and a last agenda point naming it.

    The meeting must be hosted by the concern's council (the caller loads it scoped so),
    scheduled, postponed or held, with its agenda loaded and not full. The point is written
    in the secretary's language. Refusal codes: `deleted`, `meeting_closed`,
    `already_linked`, `agenda_full`.
    """
    if concern.deleted_on is not None:
        raise CaseChangeRefusedError("deleted")
    if meeting.status not in LINKABLE_MEETING_STATUSES:
        raise CaseChangeRefusedError("meeting_closed")
    if session.scalar(
        select(
            exists().where(
                ConcernMeeting.concern_id == concern.id, ConcernMeeting.meeting_id == meeting.id
            )
        )
    ):
        raise CaseChangeRefusedError("already_linked")
    if len(meeting.agenda) >= MAX_AGENDA_ITEMS:
        raise CaseChangeRefusedError("agenda_full")
    position = (
        session.scalar(
            select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
        )
        or 0
    ) + 1
    session.add(AgendaItem(meeting_id=meeting.id, position=position, title=agenda_title(concern)))
    # The agenda changed, so the meeting did: bump its version, and a meeting form opened
    # before this (which would write its agenda back without the new point) gets a 409.
    flag_modified(meeting, "title")
    link = ConcernMeeting(concern_id=concern.id, meeting_id=meeting.id)
    session.add(link)
    session.flush()
    return link
