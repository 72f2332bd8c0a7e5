"""From stored records to the frozen facts the pure rules read."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import Date, Integer, String, and_, case, cast, func, literal, null, or_, select
from sqlalchemy.orm import Session

from safety.compliance.rules import (
    ConcernFacts,
    CouncilFacts,
    IncidentFacts,
    ItemFacts,
    MeetingFacts,
    MemberFacts,
    PlanFacts,
    ReportFacts,
    one_year_before,
)
from safety.concerns.models import Concern, ConcernEvent
from safety.consultations.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingHost,
    MeetingRecord,
    MeetingStatus,
    ParticipantCommunity,
    Participation,
    ParticipationCommunity,
)
from safety.councils.models import Council, Member, Municipality
from safety.plans.models import ActionPlan, ActivityReport, Holiday, ItemStatusEvent, PlanItem


def member_facts(member: Member) -> MemberFacts:
    return MemberFacts(
        role=member.role,
        appointed_on=member.appointed_on,
        left_on=member.left_on,
        term_ends_on=member.term_ends_on,
        gender=member.gender,
        birth_year=member.birth_year,
        community=member.community,
    )


@dataclass(frozen=True)
class CouncilConcerns:
    """A council's concerns as R16 reads them, and its serious incidents as R18 reads them."""

    concerns: tuple[ConcernFacts, ...] = ()
    incidents: tuple[IncidentFacts, ...] = ()


NO_CONCERNS = CouncilConcerns()


@dataclass(frozen=True)
class PlanRecords:
    """A council's action plans and activity reports as R12-R15 and R17 read them, and the
    holidays inside its adopted plans' comment periods (all R13 counts with)."""

    plans: tuple[PlanFacts, ...] = ()
    reports: tuple[ReportFacts, ...] = ()
    holidays: frozenset[date] = frozenset()


NO_PLANS = PlanRecords()


def council_facts(
    council: Council,
    meetings: tuple[MeetingFacts, ...] = (),
    concerns: CouncilConcerns = NO_CONCERNS,
    plans: PlanRecords = NO_PLANS,
) -> CouncilFacts:
    """The facts of a council loaded with its municipality, decisions and members.

    `meetings` come from `meeting_facts`, `concerns` from `concern_facts` and `plans` from
    `plan_records` (queries of their own, so pages that show only the membership rules need
    not run them).
    """
    municipality = council.municipality
    first = council.constituting_decision
    return CouncilFacts(
        constituted_on=first.decided_on if first else None,
        decision_number=first.number if first else None,
        is_multi_ethnic=municipality.is_multi_ethnic,
        majority_community=municipality.majority_community,
        members=tuple(member_facts(member) for member in council.members),
        meetings=meetings,
        incidents=concerns.incidents,
        concerns=concerns.concerns,
        plans=plans.plans,
        reports=plans.reports,
        holidays=plans.holidays,
    )


def meeting_facts_by_council(
    session: Session, council_ids: Collection[int]
) -> dict[int, tuple[MeetingFacts, ...]]:
    """Every held meeting each council hosts (organiser or co-host), as that host sees it.

    One statement whatever the number of councils, meetings or attendance rows: attendance
    and non-majority participants are aggregated per (meeting, host) in subqueries, and each
    host is judged against its own municipality's majority community (decided reading 17).
    """
    ids = list(council_ids)
    present = case(
        (
            or_(
                Attendance.status == AttendanceStatus.PRESENT,
                # Represented by a substitute counts as present (reading 14), as
                # `Attendance.counts_as_present` says.
                and_(Attendance.substitute_name.is_not(None), Attendance.substitute_name != ""),
            ),
            1,
        ),
        else_=0,
    )
    # Only the host's own members count towards its quorum; guests have no attendance rows.
    attendance = (
        select(
            Attendance.meeting_id,
            Member.council_id,
            func.sum(present).label("present"),
        )
        .join(Member, Member.id == Attendance.member_id)
        .where(Member.council_id.in_(ids))
        .group_by(Attendance.meeting_id, Member.council_id)
        .subquery()
    )
    host_majority = Municipality.majority_community
    non_majority = (
        select(
            MeetingHost.meeting_id,
            MeetingHost.council_id,
            func.sum(ParticipationCommunity.count).label("count"),
        )
        .join(ParticipationCommunity, ParticipationCommunity.meeting_id == MeetingHost.meeting_id)
        .join(Council, Council.id == MeetingHost.council_id)
        .join(Municipality, Municipality.id == Council.municipality_id)
        .where(
            MeetingHost.council_id.in_(ids),
            ParticipationCommunity.community != ParticipantCommunity.UNDISCLOSED,
            ParticipationCommunity.community != host_majority,
        )
        .group_by(MeetingHost.meeting_id, MeetingHost.council_id)
        .subquery()
    )
    rows = session.execute(
        select(
            MeetingHost.council_id,
            Meeting.kind,
            Meeting.held_on,
            Meeting.interpretation,
            Meeting.settlement_community,
            host_majority,
            MeetingRecord.minutes_on,
            MeetingRecord.approved_on,
            Participation.total,
            Participation.women,
            Participation.under_30,
            attendance.c.present,
            non_majority.c.count,
        )
        .select_from(MeetingHost)
        .join(Meeting, Meeting.id == MeetingHost.meeting_id)
        .join(Council, Council.id == MeetingHost.council_id)
        .join(Municipality, Municipality.id == Council.municipality_id)
        .outerjoin(MeetingRecord, MeetingRecord.meeting_id == Meeting.id)
        .outerjoin(Participation, Participation.meeting_id == Meeting.id)
        .outerjoin(
            attendance,
            and_(
                attendance.c.meeting_id == Meeting.id,
                attendance.c.council_id == MeetingHost.council_id,
            ),
        )
        .outerjoin(
            non_majority,
            and_(
                non_majority.c.meeting_id == Meeting.id,
                non_majority.c.council_id == MeetingHost.council_id,
            ),
        )
        .where(
            MeetingHost.council_id.in_(ids),
            Meeting.status == MeetingStatus.HELD,
            Meeting.held_on.is_not(None),
        )
        .order_by(MeetingHost.council_id, Meeting.held_on, Meeting.id)
    ).all()
    found: dict[int, list[MeetingFacts]] = {council_id: [] for council_id in ids}
    for row in rows:
        found[row.council_id].append(
            MeetingFacts(
                kind=str(row.kind),
                held_on=row.held_on,
                # No attendance row of this council's members: quorum cannot be shown.
                present=None if row.present is None else int(row.present),
                minutes_on=row.minutes_on,
                approved_on=row.approved_on,
                participants=row.total or 0,
                women=row.women or 0,
                youth=row.under_30 or 0,
                non_majority=int(row.count or 0),
                non_majority_settlement=(
                    row.settlement_community is not None
                    and row.settlement_community != row.majority_community
                ),
                interpretation=bool(row.interpretation),
            )
        )
    return {council_id: tuple(meetings) for council_id, meetings in found.items()}


def meeting_facts(session: Session, council_id: int) -> tuple[MeetingFacts, ...]:
    """Every held meeting one council hosts, in one query."""
    return meeting_facts_by_council(session, [council_id])[council_id]


def _incident_flag(since: date | None) -> Any:
    """`serious_incident` as R18 needs it: from `since` on, an incident more than a year
    before `since` never falls in a window again, so it is an ordinary concern (R16)."""
    if since is None:
        return Concern.serious_incident.label("serious_incident")
    incident_on = func.coalesce(Concern.incident_on, Concern.submitted_on)
    return and_(Concern.serious_incident.is_(True), incident_on > one_year_before(since)).label(
        "serious_incident"
    )


def concern_facts_by_council(
    session: Session, council_ids: Collection[int], since: date | None = None
) -> dict[int, CouncilConcerns]:
    """Every concern of each council (deleted ones too, with their date) and, for those
    flagged serious, the dated status history R18 reads.

    One statement whatever the number of councils or concerns: the first answer is the
    earliest event carrying a non-empty answer (R16), and only serious incidents bring their
    events along (one row per event; the others come as one row each).

    With `since`, the facts need only hold for dates from `since` on: concerns answered
    before it (not serious, not deleted) can never wait again and only add to R16's count,
    so SQL folds them into one weighted row per council instead of one row each. Over ten
    years that is most of the concerns.
    """
    ids = list(council_ids)
    # First answers grouped in one pass over the answer events, joined to the concerns:
    # cheaper than a correlated subquery per concern once there are tens of thousands.
    first_answers = (
        select(
            ConcernEvent.concern_id,
            func.min(ConcernEvent.changed_on).label("first_answer_on"),
        )
        .join(Concern, Concern.id == ConcernEvent.concern_id)
        .where(
            Concern.council_id.in_(ids),
            ConcernEvent.answer.is_not(None),
            ConcernEvent.answer != "",
        )
        .group_by(ConcernEvent.concern_id)
        .subquery()
    )
    concern = (
        select(
            Concern.id,
            Concern.council_id,
            Concern.submitted_on,
            Concern.deleted_on,
            _incident_flag(since),
            Concern.incident_on,
            first_answers.c.first_answer_on,
        )
        .outerjoin(first_answers, first_answers.c.concern_id == Concern.id)
        .where(Concern.council_id.in_(ids))
        .cte("concern_answers")
    )
    each = select(
        concern.c.id,
        concern.c.council_id,
        concern.c.submitted_on,
        concern.c.deleted_on,
        concern.c.serious_incident,
        concern.c.incident_on,
        concern.c.first_answer_on,
        ConcernEvent.changed_on,
        ConcernEvent.status,
        literal(1, Integer).label("weight"),
        ConcernEvent.id.label("event_id"),
    ).outerjoin(
        ConcernEvent,
        and_(
            ConcernEvent.concern_id == concern.c.id,
            concern.c.serious_incident.is_(True),
        ),
    )
    statement: Any = each
    if since is not None:
        # Spelled so that no part is NULL: NOT (NULL AND ...) would drop unanswered ones.
        settled = and_(
            concern.c.first_answer_on.is_not(None),
            concern.c.first_answer_on < since,
            concern.c.deleted_on.is_(None),
            concern.c.serious_incident.is_(False),
        )
        each = each.where(~settled)
        folded = (
            select(
                # A negative id of its own keeps the folded row apart from every concern.
                (-concern.c.council_id).label("id"),
                concern.c.council_id,
                func.max(concern.c.submitted_on),
                _nothing(Date),
                literal(False),
                _nothing(Date),
                func.max(concern.c.first_answer_on),
                _nothing(Date),
                _nothing(String),
                func.count(),
                _nothing(Integer),
            )
            .where(settled)
            .group_by(concern.c.council_id)
        )
        statement = each.union_all(folded)
    rows = session.execute(statement.order_by("council_id", "submitted_on", "id", "event_id")).all()
    concerns: dict[int, list[ConcernFacts]] = {council_id: [] for council_id in ids}
    incidents: dict[int, list[IncidentFacts]] = {council_id: [] for council_id in ids}
    # Rows come by concern, its events in the order they were recorded (IncidentFacts reads
    # the last status of a day as the one set last).
    for _concern_id, group in groupby(rows, key=lambda row: row.id):
        events = list(group)
        first = events[0]
        concerns[first.council_id].append(
            ConcernFacts(first.submitted_on, first.first_answer_on, first.deleted_on, first.weight)
        )
        if first.serious_incident:
            incidents[first.council_id].append(
                IncidentFacts(
                    # Reading 10: data without an incident date falls back to the submission.
                    incident_on=first.incident_on or first.submitted_on,
                    statuses=tuple(
                        (row.changed_on, str(row.status))
                        for row in events
                        if row.changed_on is not None
                    ),
                    deleted_on=first.deleted_on,
                )
            )
    return {
        council_id: CouncilConcerns(
            concerns=tuple(concerns[council_id]),
            incidents=tuple(incidents[council_id]),
        )
        for council_id in ids
    }


def concern_facts(session: Session, council_id: int) -> CouncilConcerns:
    """One council's concerns and serious incidents, in one query."""
    return concern_facts_by_council(session, [council_id])[council_id]


# -- Action plans, activity reports and holidays (R12-R15, R17) ----------------------------


def _nothing(type_: Any) -> Any:
    """A typed NULL, so the branches of the UNION below agree on every column's type."""
    return cast(null(), type_)


def _plan_rows(ids: list[int]) -> Any:
    """One UNION ALL of four kinds of row, each filling the columns it needs.

    plan: year, adopted, comment period start and end, report published, forwarded;
    item: deadline and one status change (date, status), or none;
    report: year, submitted, kind;
    holiday: a day inside the comment period of one of the council's adopted plans, up to
    the adoption (only those days count, reading 6).
    """
    no_int, no_date, no_text = _nothing(Integer), _nothing(Date), _nothing(String)
    plans = select(
        ActionPlan.council_id.label("council_id"),
        literal("plan", String).label("row_kind"),
        ActionPlan.id.label("plan_id"),
        no_int.label("item_id"),
        no_int.label("event_id"),
        ActionPlan.year.label("year"),
        ActionPlan.adopted_on.label("day1"),
        ActionPlan.comment_starts_on.label("day2"),
        ActionPlan.comment_ends_on.label("day3"),
        ActionPlan.report_published_on.label("day4"),
        ActionPlan.forwarded_on.label("day5"),
        no_text.label("text"),
    ).where(ActionPlan.council_id.in_(ids))
    items = (
        select(
            ActionPlan.council_id,
            literal("item", String),
            PlanItem.plan_id,
            PlanItem.id,
            ItemStatusEvent.id,
            no_int,
            PlanItem.deadline,
            ItemStatusEvent.changed_on,
            no_date,
            no_date,
            no_date,
            cast(ItemStatusEvent.status, String),
        )
        .join(PlanItem, PlanItem.plan_id == ActionPlan.id)
        .outerjoin(ItemStatusEvent, ItemStatusEvent.item_id == PlanItem.id)
        .where(ActionPlan.council_id.in_(ids))
    )
    reports = select(
        ActivityReport.council_id,
        literal("report", String),
        no_int,
        no_int,
        no_int,
        ActivityReport.year,
        ActivityReport.submitted_on,
        no_date,
        no_date,
        no_date,
        no_date,
        cast(ActivityReport.kind, String),
    ).where(ActivityReport.council_id.in_(ids))
    holidays = (
        select(
            ActionPlan.council_id,
            literal("holiday", String),
            no_int,
            no_int,
            no_int,
            no_int,
            Holiday.day,
            no_date,
            no_date,
            no_date,
            no_date,
            no_text,
        )
        .join(
            Holiday,
            and_(
                Holiday.day >= ActionPlan.comment_starts_on,
                Holiday.day <= ActionPlan.adopted_on,
                or_(
                    ActionPlan.comment_ends_on.is_(None),
                    Holiday.day <= ActionPlan.comment_ends_on,
                ),
            ),
        )
        .where(ActionPlan.council_id.in_(ids))
    )
    return plans.union_all(items, reports, holidays)


def _item_facts(changes_by_item: dict[int, tuple[Any, list[Any]]]) -> dict[int, list[ItemFacts]]:
    """Items grouped by plan, each with its status changes by date, same-day ones in the
    order they were recorded (so the one set last wins)."""
    by_plan: dict[int, list[ItemFacts]] = {}
    for _item_id, (row, changes) in sorted(changes_by_item.items()):
        statuses = tuple((day, status) for day, _event_id, status in sorted(changes))
        by_plan.setdefault(row.plan_id, []).append(ItemFacts(row.day1, statuses))
    return by_plan


def plan_facts_by_council(session: Session, council_ids: Collection[int]) -> dict[int, PlanRecords]:
    """Every plan (with its items' dated statuses), activity report and relevant holiday of
    each council, in one statement whatever the number of councils, plans or items."""
    ids = list(council_ids)
    plans: dict[int, list[Any]] = {council_id: [] for council_id in ids}
    items: dict[int, dict[int, tuple[Any, list[Any]]]] = {council_id: {} for council_id in ids}
    reports: dict[int, list[ReportFacts]] = {council_id: [] for council_id in ids}
    holidays: dict[int, set[date]] = {council_id: set() for council_id in ids}
    for row in session.execute(_plan_rows(ids)):
        if row.row_kind == "plan":
            plans[row.council_id].append(row)
        elif row.row_kind == "item":
            _row, changes = items[row.council_id].setdefault(row.item_id, (row, []))
            if row.event_id is not None:
                changes.append((row.day2, row.event_id, row.text))
        elif row.row_kind == "report":
            reports[row.council_id].append(ReportFacts(row.text, row.year, row.day1))
        else:
            holidays[row.council_id].add(row.day1)
    found: dict[int, PlanRecords] = {}
    for council_id in ids:
        items_of_plan = _item_facts(items[council_id])
        found[council_id] = PlanRecords(
            plans=tuple(
                PlanFacts(
                    row.year,
                    adopted_on=row.day1,
                    comment_starts_on=row.day2,
                    comment_ends_on=row.day3,
                    report_published_on=row.day4,
                    forwarded_on=row.day5,
                    items=tuple(items_of_plan.get(row.plan_id, ())),
                )
                for row in sorted(plans[council_id], key=lambda row: row.year)
            ),
            reports=tuple(sorted(reports[council_id], key=lambda r: (r.year, r.kind))),
            holidays=frozenset(holidays[council_id]),
        )
    return found


def plan_records(session: Session, council_id: int) -> PlanRecords:
    """One council's plans, reports and relevant holidays, in one statement."""
    return plan_facts_by_council(session, [council_id])[council_id]
