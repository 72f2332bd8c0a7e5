"""Activity reports: their periods and due dates, where each stands, and the product's draft.

A mid-year report covers 1 January to 30 June, an annual report the whole year; R17 wants the
annual report for a year by 31 January of the next and the mid-year report by 31 July (the
thresholds of `safety.compliance.rules`, so this list and the rule agree). The draft is
written from what the product recorded in the period, up to the day it is drafted: council
meetings, consultations and activities, concerns counted by category, and the year's plan
items. It names no one and quotes no concern: it becomes public once submitted.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import escape
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, selectinload

from safety.compliance.facts import meeting_facts, member_facts
from safety.compliance.rules import (
    COUNCIL_MEETINGS,
    DEFAULT_THRESHOLDS,
    CouncilFacts,
    calendar_day,
    is_quorate,
)
from safety.concerns.models import Concern, ConcernCategory, ConcernEvent
from safety.consultations.models import (
    Meeting,
    MeetingHost,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
    ParticipationCommunity,
)
from safety.consultations.records import sanitise
from safety.councils.models import Council, CouncilDecision, Member
from safety.dates import format_date
from safety.labels import label, register_labels
from safety.plans.models import (
    ActionPlan,
    ActivityReport,
    ItemStatus,
    PlanItem,
    PlanStatus,
    ReportKind,
)
from safety.plans.overdue import status_on

# -- Periods and due dates --------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The months a report covers and the day R17 wants it by."""

    kind: ReportKind
    year: int

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        if self.kind == ReportKind.MIDYEAR:
            return date(self.year, 6, 30)
        return date(self.year, 12, 31)

    @property
    def due_on(self) -> date:
        if self.kind == ReportKind.MIDYEAR:
            return calendar_day(self.year, DEFAULT_THRESHOLDS["r17_midyear_due"])
        return calendar_day(self.year + 1, DEFAULT_THRESHOLDS["r17_annual_due"])

    def cutoff(self, today: date) -> date:
        """The last day a draft reads: the period's end, or today while the period runs."""
        return min(self.last_day, today)


class ReportState(enum.StrEnum):
    """Where a period's report stands on a day, as the council's list of reports shows it."""

    SUBMITTED = "submitted"
    DRAFT = "draft"
    MISSING = "missing"
    DUE = "due"
    RUNNING = "running"
    NOT_DUE = "not_due"


REPORT_STATE_LABELS = register_labels(
    ReportState,
    {
        ReportState.SUBMITTED: _l("Submitted"),
        ReportState.DRAFT: _l("Draft"),
        ReportState.MISSING: _l("Missing"),
        ReportState.DUE: _l("Due"),
        ReportState.RUNNING: _l("Period not over"),
        ReportState.NOT_DUE: _l("Not due"),
    },
)


@dataclass(frozen=True)
class ReportCell:
    """One period's report on the list: its state, and the report if the reader may open it."""

    period: Period
    state: ReportState
    report_id: int | None = None
    submitted_on: date | None = None
    # A draft whose due date has passed (R17 counts it missing until it is submitted).
    late: bool = False


@dataclass(frozen=True)
class ReportYear:
    year: int
    midyear: ReportCell
    annual: ReportCell


def _lateness(period: Period, constituted_on: date | None, today: date) -> ReportState:
    """The state of a period without a submitted report (R17, reading 19)."""
    if constituted_on is None or period.last_day < constituted_on:
        return ReportState.NOT_DUE
    if today > period.due_on:
        return ReportState.MISSING
    if today > period.last_day:
        return ReportState.DUE
    return ReportState.RUNNING


def report_cell(
    period: Period,
    report: Any | None,
    *,
    constituted_on: date | None,
    today: date,
    sees_drafts: bool,
) -> ReportCell:
    """`report` has `id` and `submitted_on`; a draft shows as a draft to staff only."""
    if report is not None and report.submitted_on is not None:
        return ReportCell(period, ReportState.SUBMITTED, report.id, report.submitted_on)
    lateness = _lateness(period, constituted_on, today)
    if report is not None and sees_drafts:
        late = lateness == ReportState.MISSING
        return ReportCell(period, ReportState.DRAFT, report.id, late=late)
    return ReportCell(period, lateness)


def report_years(
    session: Session, council_id: int, today: date, *, sees_drafts: bool
) -> list[ReportYear]:
    """Every year since the council was constituted (or its first report), newest first,
    with its mid-year and annual report: two statements, whatever the number of years."""
    constituted_on = session.scalar(
        select(func.min(CouncilDecision.decided_on)).where(CouncilDecision.council_id == council_id)
    )
    listed = select(
        ActivityReport.id, ActivityReport.kind, ActivityReport.year, ActivityReport.submitted_on
    ).where(ActivityReport.council_id == council_id)
    reports = {(row.kind, row.year): row for row in session.execute(listed)}
    years = [today.year, *(year for _kind, year in reports)]
    if constituted_on is not None:
        years.append(constituted_on.year)
    return [
        ReportYear(
            year,
            *(
                report_cell(
                    Period(kind, year),
                    reports.get((kind, year)),
                    constituted_on=constituted_on,
                    today=today,
                    sees_drafts=sees_drafts,
                )
                for kind in (ReportKind.MIDYEAR, ReportKind.ANNUAL)
            ),
        )
        for year in range(max(years), min(years) - 1, -1)
    ]


# -- What the period holds ------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingLine:
    held_on: date
    kind: MeetingKind
    quorate: bool
    attendance_recorded: bool


@dataclass(frozen=True)
class EventLine:
    """A public consultation or community activity with its participation (counts only)."""

    held_on: date
    kind: MeetingKind
    participants: int
    women: int
    youth: int


@dataclass(frozen=True)
class ConcernLine:
    category: ConcernCategory
    received: int
    answered: int
    overdue: int


@dataclass(frozen=True)
class ItemLine:
    activity: str
    responsible: Any
    deadline: date | None
    status: ItemStatus
    progress: int


@dataclass(frozen=True)
class PlanSummary:
    year: int
    status: PlanStatus
    adopted_on: date | None
    forwarded_on: date | None
    items: tuple[ItemLine, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything the draft says, read once from the database."""

    period: Period
    council_name: str
    cutoff: date
    meetings: tuple[MeetingLine, ...]
    events: tuple[EventLine, ...]
    communities: tuple[tuple[ParticipantCommunity, int], ...]
    concerns: tuple[ConcernLine, ...]
    plan: PlanSummary | None


def _meeting_lines(
    session: Session, council_id: int, first_day: date, cutoff: date
) -> tuple[tuple[MeetingLine, ...], tuple[EventLine, ...]]:
    """Held meetings the council hosted in the period, from the facts the rules read (so the
    report counts a quorum exactly as R07 does)."""
    held = [m for m in meeting_facts(session, council_id) if first_day <= m.held_on <= cutoff]
    members = session.scalars(select(Member).where(Member.council_id == council_id)).all()
    facts = CouncilFacts(
        constituted_on=None,
        decision_number=None,
        is_multi_ethnic=True,
        majority_community=None,
        members=tuple(member_facts(member) for member in members),
        meetings=tuple(held),
    )
    meetings = tuple(
        MeetingLine(m.held_on, MeetingKind(m.kind), is_quorate(facts, m), m.present is not None)
        for m in held
        if m.kind in COUNCIL_MEETINGS
    )
    events = tuple(
        EventLine(m.held_on, MeetingKind(m.kind), m.participants, m.women, m.youth)
        for m in held
        if m.kind not in COUNCIL_MEETINGS
    )
    return meetings, events


def _communities(
    session: Session, council_id: int, first_day: date, cutoff: date
) -> tuple[tuple[ParticipantCommunity, int], ...]:
    """Participants of the period's consultations and activities by community."""
    total = func.sum(ParticipationCommunity.count)
    rows = session.execute(
        select(ParticipationCommunity.community, total)
        .join(MeetingHost, MeetingHost.meeting_id == ParticipationCommunity.meeting_id)
        .join(Meeting, Meeting.id == ParticipationCommunity.meeting_id)
        .where(
            MeetingHost.council_id == council_id,
            Meeting.status == MeetingStatus.HELD,
            Meeting.held_on.between(first_day, cutoff),
            Meeting.kind.in_([MeetingKind.PUBLIC_CONSULTATION, MeetingKind.COMMUNITY_ACTIVITY]),
        )
        .group_by(ParticipationCommunity.community)
        .order_by(total.desc(), ParticipationCommunity.community)
    ).all()
    return tuple((ParticipantCommunity(community), int(count)) for community, count in rows)


def _concern_lines(
    session: Session, council_id: int, first_day: date, cutoff: date, answer_days: int
) -> tuple[ConcernLine, ...]:
    """Concerns received in the period by category: how many, how many had a first answer by
    the cutoff, and how many waited past their answer deadline then. Counts only: restricted
    and unreviewed concerns count too, spam deleted by the cutoff does not."""
    first_answer = (
        select(ConcernEvent.concern_id, func.min(ConcernEvent.changed_on).label("answered_on"))
        .where(ConcernEvent.answer.is_not(None), ConcernEvent.answer != "")
        .group_by(ConcernEvent.concern_id)
        .subquery()
    )
    answered = and_(first_answer.c.answered_on.is_not(None), first_answer.c.answered_on <= cutoff)
    # Due `answer_days` after submission: late once the cutoff is past that day.
    late = and_(~answered, Concern.submitted_on < cutoff - timedelta(days=answer_days))
    rows = session.execute(
        select(
            Concern.category,
            func.count(Concern.id),
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
        )
        .outerjoin(first_answer, first_answer.c.concern_id == Concern.id)
        .where(
            Concern.council_id == council_id,
            Concern.submitted_on.between(first_day, cutoff),
            (Concern.deleted_on.is_(None)) | (Concern.deleted_on > cutoff),
        )
        .group_by(Concern.category)
    ).all()
    by_category = {ConcernCategory(row[0]): row for row in rows}
    # In the categories' declared order, so every report lists them alike.
    return tuple(
        ConcernLine(category, int(row[1]), int(row[2] or 0), int(row[3] or 0))
        for category in ConcernCategory
        if (row := by_category.get(category)) is not None
    )


def _progress_on(item: PlanItem, day: date) -> int:
    """The progress last reported on or before `day`; an item never reported on keeps the
    percentage it was given (an import, say)."""
    if not item.progress_updates:
        return item.progress
    reported = [u for u in item.progress_updates if u.reported_on <= day]
    return max(reported, key=lambda u: (u.reported_on, u.id)).progress if reported else 0


def _plan_summary(session: Session, council_id: int, year: int, cutoff: date) -> PlanSummary | None:
    plan = session.scalars(
        select(ActionPlan)
        .where(ActionPlan.council_id == council_id, ActionPlan.year == year)
        .options(
            selectinload(ActionPlan.items).selectinload(PlanItem.status_events),
            selectinload(ActionPlan.items).selectinload(PlanItem.progress_updates),
        )
    ).one_or_none()
    if plan is None:
        return None
    items = tuple(
        ItemLine(
            activity=item.activity,
            responsible=item.responsible_kind,
            deadline=item.deadline,
            status=status_on(((e.changed_on, e.status) for e in item.status_events), cutoff),
            progress=_progress_on(item, cutoff),
        )
        for item in plan.items
    )
    adopted_on = plan.adopted_on if plan.adopted_on and plan.adopted_on <= cutoff else None
    forwarded_on = plan.forwarded_on if plan.forwarded_on and plan.forwarded_on <= cutoff else None
    return PlanSummary(year, plan.status, adopted_on, forwarded_on, items)


def report_data(
    session: Session,
    council: Council,
    period: Period,
    *,
    today: date,
    answer_days: int,
    language: str,
) -> ReportData:
    """What the period holds for `council` (loaded with its municipality), up to the cutoff:
    a fixed number of statements whatever the number of meetings, concerns or items."""
    cutoff = period.cutoff(today)
    meetings, events = _meeting_lines(session, council.id, period.first_day, cutoff)
    return ReportData(
        period=period,
        council_name=council.municipality.bilingual_name(language),
        cutoff=cutoff,
        meetings=meetings,
        events=events,
        communities=_communities(session, council.id, period.first_day, cutoff),
        concerns=_concern_lines(session, council.id, period.first_day, cutoff, answer_days),
        plan=_plan_summary(session, council.id, period.year, cutoff),
    )


# -- The draft ------------------------------------------------------------------------------


def _heading(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _bullets(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f"<ul>{items}</ul>" if items else ""


def _percent(part: int, whole: int) -> str:
    return f"{round(part * 100 / whole)}" if whole else "0"


def _introduction(data: ReportData) -> list[str]:
    period = data.period
    if period.kind == ReportKind.MIDYEAR:
        title = _("Mid-year activity report %(year)s", year=period.year)
    else:
        title = _("Annual activity report %(year)s", year=period.year)
    blocks = [
        _heading(title),
        _paragraph(
            _(
                "Municipal Community Safety Council of %(name)s, period %(first)s to %(last)s.",
                name=data.council_name,
                first=format_date(period.first_day),
                last=format_date(period.last_day),
            )
        ),
    ]
    if data.cutoff < period.last_day:
        blocks.append(
            _paragraph(
                _(
                    "The period is not over: the figures are those recorded up to %(date)s.",
                    date=format_date(data.cutoff),
                )
            )
        )
    return blocks


def _meetings_section(meetings: Sequence[MeetingLine]) -> list[str]:
    quorate = sum(1 for meeting in meetings if meeting.quorate)
    summary = ngettext(
        "%(num)d council meeting was held; %(quorate)s had a quorum.",
        "%(num)d council meetings were held; %(quorate)s had a quorum.",
        len(meetings),
        quorate=quorate,
    )

    def line(meeting: MeetingLine) -> str:
        if not meeting.attendance_recorded:
            state = _("attendance not recorded")
        elif meeting.quorate:
            state = _("with a quorum")
        else:
            state = _("without a quorum")
        return f"{format_date(meeting.held_on)}: {label(meeting.kind)}, {state}"

    return [
        _heading(_("Council meetings")),
        _paragraph(summary),
        _bullets(line(meeting) for meeting in meetings),
    ]


def _events_section(
    events: Sequence[EventLine], communities: Sequence[tuple[ParticipantCommunity, int]]
) -> list[str]:
    consultations = sum(1 for e in events if e.kind == MeetingKind.PUBLIC_CONSULTATION)
    participants = sum(e.participants for e in events)
    women = sum(e.women for e in events)
    youth = sum(e.youth for e in events)
    blocks = [
        _heading(_("Public consultations and community activities")),
        _paragraph(
            _(
                "Public consultations held: %(consultations)s. Community activities held: "
                "%(activities)s.",
                consultations=consultations,
                activities=len(events) - consultations,
            )
        ),
    ]
    if events:
        blocks.append(
            _paragraph(
                ngettext(
                    "%(num)d participant took part: %(women)s women (%(share)s%%) and %(youth)s "
                    "under 30.",
                    "%(num)d participants took part: %(women)s women (%(share)s%%) and "
                    "%(youth)s under 30.",
                    participants,
                    women=women,
                    share=_percent(women, participants),
                    youth=youth,
                )
            )
        )
        blocks.append(
            _bullets(
                ngettext(
                    "%(date)s: %(kind)s, %(num)d participant",
                    "%(date)s: %(kind)s, %(num)d participants",
                    event.participants,
                    date=format_date(event.held_on),
                    kind=label(event.kind),
                )
                for event in events
            )
        )
    named = [(c, n) for c, n in communities if c != ParticipantCommunity.UNDISCLOSED]
    if named:
        reached = ", ".join(f"{label(community)} ({count})" for community, count in named)
        blocks.append(_paragraph(_("Communities reached: %(communities)s.", communities=reached)))
    return blocks


def _concerns_section(concerns: Sequence[ConcernLine], answer_days: int) -> list[str]:
    received = sum(c.received for c in concerns)
    blocks = [
        _heading(_("Community concerns")),
        _paragraph(
            ngettext(
                "%(num)d concern was received; %(answered)s had a first answer and %(overdue)s "
                "waited more than %(days)s days without one.",
                "%(num)d concerns were received; %(answered)s had a first answer and "
                "%(overdue)s waited more than %(days)s days without one.",
                received,
                answered=sum(c.answered for c in concerns),
                overdue=sum(c.overdue for c in concerns),
                days=answer_days,
            )
        ),
        _bullets(
            _(
                "%(category)s: %(received)s received, %(answered)s answered, %(overdue)s overdue",
                category=label(line.category),
                received=line.received,
                answered=line.answered,
                overdue=line.overdue,
            )
            for line in concerns
        ),
    ]
    return blocks


def _plan_section(year: int, plan: PlanSummary | None) -> list[str]:
    heading = _heading(_("Action plan %(year)s", year=year))
    if plan is None:
        return [heading, _paragraph(_("The council has no action plan for %(year)s.", year=year))]
    if plan.adopted_on is None:
        state = _("The action plan for %(year)s has not been adopted.", year=year)
    elif plan.forwarded_on is None:
        state = _(
            "The action plan for %(year)s was adopted on %(date)s and has not been forwarded to "
            "the Municipal Assembly.",
            year=year,
            date=format_date(plan.adopted_on),
        )
    else:
        state = _(
            "The action plan for %(year)s was adopted on %(date)s and forwarded to the "
            "Municipal Assembly on %(forwarded)s.",
            year=year,
            date=format_date(plan.adopted_on),
            forwarded=format_date(plan.forwarded_on),
        )
    counted = [item for item in plan.items if item.status != ItemStatus.CANCELLED]
    done = sum(1 for item in counted if item.status == ItemStatus.DONE)
    blocks = [
        heading,
        _paragraph(state),
        _paragraph(
            _(
                "Items done: %(done)s of %(num)s (cancelled items are not counted).",
                done=done,
                num=len(counted),
            )
        ),
    ]

    def line(item: ItemLine) -> str:
        deadline = (
            _("deadline %(date)s", date=format_date(item.deadline))
            if item.deadline
            else _("no deadline")
        )
        return _(
            "%(activity)s (%(responsible)s, %(deadline)s): %(status)s, %(progress)s%%",
            activity=item.activity,
            responsible=label(item.responsible),
            deadline=deadline,
            status=label(item.status),
            progress=item.progress,
        )

    items = "".join(f"<li>{escape(line(item))}</li>" for item in plan.items)
    if items:
        blocks.append(f"<ol>{items}</ol>")
    return blocks


def draft_body(data: ReportData, *, answer_days: int) -> str:
    """The draft as sanitised HTML in the reader's language: headings, paragraphs, lists."""
    blocks = [
        *_introduction(data),
        *_meetings_section(data.meetings),
        *_events_section(data.events, data.communities),
        *_concerns_section(data.concerns, answer_days),
        *_plan_section(data.period.year, data.plan),
    ]
    return sanitise("".join(blocks))
