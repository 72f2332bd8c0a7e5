"""The national evaluation report's figures for a year and the year before, aggregated in SQL.

Every figure is a GROUP BY over both years at once, so the report costs the same seven
statements whatever the number of councils, meetings, concerns or plan items, plus the five
of `load_compliance`, whose facts are evaluated on both years' last days. A year's figures
stand on its last day (31 December, or today while the year is running): statuses are read
from the dated histories as they stood then, the way `rules.status_as_of` reads them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from safety.compliance.evaluation import CouncilCompliance, load_compliance
from safety.compliance.rules import Status
from safety.concerns.models import Concern, ConcernEvent, ConcernStatus
from safety.consultations.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participation,
    ParticipationCommunity,
)
from safety.councils.models import Council, CouncilDecision
from safety.plans.models import ActionPlan, ItemStatus, ItemStatusEvent, PlanItem

EARLIEST_YEAR = 2010
"""No report before 2010: the first assessments of the councils (KCSS 2010) start there."""

STATUS_ORDER = (Status.OK, Status.WARNING, Status.BREACH, Status.NOT_APPLICABLE)


class days_between(FunctionElement[int]):  # noqa: N801  (used like a SQL function)
    """`later - earlier` in whole days, for two DATE expressions, on SQLite and PostgreSQL."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element: days_between, compiler: Any, **kw: Any) -> str:
    # PostgreSQL: date - date is an integer number of days.
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


@dataclass(frozen=True)
class Participants:
    """Who took part in a year's public consultations, by gender, age and community."""

    total: int = 0
    women: int = 0
    men: int = 0
    gender_undisclosed: int = 0
    under_30: int = 0
    aged_30_plus: int = 0
    age_undisclosed: int = 0
    by_community: Mapping[str, int] | None = None

    def community(self, name: str) -> int:
        return (self.by_community or {}).get(name, 0)


@dataclass(frozen=True)
class YearFigures:
    """One year's national figures, as they stood on `as_of` (its last day, or today)."""

    year: int
    as_of: date
    councils: int
    constituted: int
    newly_constituted: int
    meetings: Mapping[str, int]
    participants: Participants
    plans_adopted: int
    items: Mapping[str, int]
    items_overdue: int
    concerns_by_category: Mapping[str, int]
    concerns_by_status: Mapping[str, int]
    concerns_answered_in_time: int
    answer_days: int
    by_rule: Mapping[str, Mapping[Status, int]]
    by_district: Mapping[str, Mapping[Status, int]]

    @property
    def consultations(self) -> int:
        return self.meetings.get(MeetingKind.PUBLIC_CONSULTATION, 0)

    @property
    def meetings_held(self) -> int:
        return sum(self.meetings.values())

    @property
    def items_total(self) -> int:
        return sum(self.items.values())

    @property
    def concerns(self) -> int:
        return sum(self.concerns_by_category.values())

    @property
    def answered_share(self) -> float | None:
        """The share of the year's concerns answered within `answer_days`; None without any."""
        return self.concerns_answered_in_time / self.concerns if self.concerns else None

    @property
    def women_share(self) -> float | None:
        total = self.participants.total
        return self.participants.women / total if total else None


@dataclass(frozen=True)
class NationalReport:
    """The report's year and the year before, side by side."""

    year: int
    current: YearFigures
    previous: YearFigures

    @property
    def rules(self) -> list[str]:
        return list(self.current.by_rule)

    @property
    def districts(self) -> list[str]:
        return sorted(set(self.current.by_district) | set(self.previous.by_district))


def year_end(year: int, today: date) -> date:
    """The day a year's figures stand on: 31 December, or today while the year runs."""
    return min(date(year, 12, 31), today)


def _year_of(column: Any, year: int) -> ColumnElement[int]:
    """The report year (`year` or the one before) a date of the two-year window falls in."""
    return case((column >= date(year, 1, 1), year), else_=year - 1)


def _in_window(column: Any, year: int, ends: Mapping[int, date]) -> ColumnElement[bool]:
    return and_(column >= date(year - 1, 1, 1), column <= ends[year])


def _end_of(condition: ColumnElement[bool], ends: Mapping[int, date], year: int) -> Any:
    """Per row, the day its year's figures stand on: `ends[year]` where `condition` holds."""
    return case((condition, literal(ends[year], Date)), else_=literal(ends[year - 1], Date))


def _councils(session: Session, year: int, ends: Mapping[int, date]) -> dict[int, tuple[int, ...]]:
    """Per year: all councils, those constituted by its end, those constituted in it.

    The constituting date is the earliest decision of any kind (decided reading 15).
    """
    first = (
        select(CouncilDecision.council_id, func.min(CouncilDecision.decided_on).label("on"))
        .group_by(CouncilDecision.council_id)
        .subquery()
    )

    def constituted(start: date | None, end: date) -> Any:
        condition = first.c.on <= end if start is None else first.c.on.between(start, end)
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = session.execute(
        select(
            func.count(Council.id),
            constituted(None, ends[year]),
            constituted(date(year, 1, 1), ends[year]),
            constituted(None, ends[year - 1]),
            constituted(date(year - 1, 1, 1), ends[year - 1]),
        ).outerjoin(first, first.c.council_id == Council.id)
    ).one()
    return {year: (row[0], row[1], row[2]), year - 1: (row[0], row[3], row[4])}


def _meetings(session: Session, year: int, ends: Mapping[int, date]) -> dict[int, dict[str, int]]:
    """Held meetings per year and kind; a co-hosted meeting is one row, so counted once."""
    report_year = _year_of(Meeting.held_on, year)
    rows = session.execute(
        select(report_year, Meeting.kind, func.count(Meeting.id))
        .where(Meeting.status == MeetingStatus.HELD, _in_window(Meeting.held_on, year, ends))
        .group_by(report_year, Meeting.kind)
    )
    found: dict[int, dict[str, int]] = {year: {}, year - 1: {}}
    for row_year, kind, count in rows:
        found[row_year][str(kind)] = count
    return found


def _held_consultations(year: int, ends: Mapping[int, date]) -> list[ColumnElement[bool]]:
    return [
        Meeting.kind == MeetingKind.PUBLIC_CONSULTATION,
        Meeting.status == MeetingStatus.HELD,
        _in_window(Meeting.held_on, year, ends),
    ]


def _participants(session: Session, year: int, ends: Mapping[int, date]) -> dict[int, Participants]:
    """Participants of each year's held public consultations: two grouped statements."""
    report_year = _year_of(Meeting.held_on, year)
    columns = (
        Participation.total,
        Participation.women,
        Participation.men,
        Participation.gender_undisclosed,
        Participation.under_30,
        Participation.aged_30_plus,
        Participation.age_undisclosed,
    )
    totals = session.execute(
        select(report_year, *(func.sum(column) for column in columns))
        .join(Meeting, Meeting.id == Participation.meeting_id)
        .where(*_held_consultations(year, ends))
        .group_by(report_year)
    ).all()
    communities = session.execute(
        select(
            report_year, ParticipationCommunity.community, func.sum(ParticipationCommunity.count)
        )
        .join(Meeting, Meeting.id == ParticipationCommunity.meeting_id)
        .where(*_held_consultations(year, ends))
        .group_by(report_year, ParticipationCommunity.community)
    ).all()
    by_community: dict[int, dict[str, int]] = {year: {}, year - 1: {}}
    for row_year, community, count in communities:
        by_community[row_year][str(community)] = int(count)
    found = {key: Participants(by_community=by_community[key]) for key in (year, year - 1)}
    for row_year, *sums in totals:
        found[row_year] = Participants(
            *(int(value or 0) for value in sums), by_community=by_community[row_year]
        )
    return found


def _adopted_plans(year: int, ends: Mapping[int, date]) -> ColumnElement[bool]:
    """Plans for either year adopted by that year's end (what R12 asks of a council)."""
    return or_(
        *(
            and_(ActionPlan.year == each, ActionPlan.adopted_on <= ends[each])
            for each in (year, year - 1)
        )
    )


def _plans(session: Session, year: int, ends: Mapping[int, date]) -> dict[int, int]:
    rows = session.execute(
        select(ActionPlan.year, func.count(ActionPlan.id).label("count"))
        .where(_adopted_plans(year, ends))
        .group_by(ActionPlan.year)
    )
    return {year: 0, year - 1: 0} | {row.year: row.count for row in rows}


def _items(
    session: Session, year: int, ends: Mapping[int, date]
) -> dict[int, tuple[dict[str, int], int]]:
    """Items of the adopted plans by status at their year's end, and how many were overdue.

    The status on a day is the last change dated on or before it, a later record of the same
    day winning (`rules.status_as_of`); before any change an item is not started. Overdue as
    `plans.overdue` says: a deadline before that day and neither done nor cancelled.
    """
    plan_end = _end_of(ActionPlan.year == year, ends, year)
    latest = (
        select(
            ItemStatusEvent.item_id,
            ItemStatusEvent.status,
            func.row_number()
            .over(
                partition_by=ItemStatusEvent.item_id,
                order_by=(ItemStatusEvent.changed_on.desc(), ItemStatusEvent.id.desc()),
            )
            .label("rank"),
        )
        .join(PlanItem, PlanItem.id == ItemStatusEvent.item_id)
        .join(ActionPlan, ActionPlan.id == PlanItem.plan_id)
        .where(_adopted_plans(year, ends), ItemStatusEvent.changed_on <= plan_end)
        .subquery()
    )
    status = func.coalesce(latest.c.status, ItemStatus.NOT_STARTED.value)
    overdue = case(
        (
            and_(
                PlanItem.deadline < plan_end,
                status.not_in([ItemStatus.DONE.value, ItemStatus.CANCELLED.value]),
            ),
            1,
        ),
        else_=0,
    )
    rows = session.execute(
        select(ActionPlan.year, status, func.count(PlanItem.id), func.sum(overdue))
        .join(PlanItem, PlanItem.plan_id == ActionPlan.id)
        .outerjoin(latest, and_(latest.c.item_id == PlanItem.id, latest.c.rank == 1))
        .where(_adopted_plans(year, ends))
        .group_by(ActionPlan.year, status)
    )
    found: dict[int, tuple[dict[str, int], int]] = {year: ({}, 0), year - 1: ({}, 0)}
    for row_year, row_status, count, overdue_count in rows:
        statuses, overdue_total = found[row_year]
        statuses[str(row_status)] = count
        found[row_year] = (statuses, overdue_total + int(overdue_count or 0))
    return found


def _concerns(
    session: Session, year: int, ends: Mapping[int, date], answer_days: Mapping[int, int]
) -> list[Any]:
    """Concerns submitted in either year (spam-deleted ones never count), grouped by year,
    category, status at the year's end and whether the first answer came within the days
    R16 allowed that year (the answer may come after the year's end)."""
    in_year = Concern.submitted_on >= date(year, 1, 1)
    concern_end = _end_of(in_year, ends, year)
    scope = (Concern.deleted_on.is_(None), _in_window(Concern.submitted_on, year, ends))
    latest = (
        select(
            ConcernEvent.concern_id,
            ConcernEvent.status,
            func.row_number()
            .over(
                partition_by=ConcernEvent.concern_id,
                order_by=(ConcernEvent.changed_on.desc(), ConcernEvent.id.desc()),
            )
            .label("rank"),
        )
        .join(Concern, Concern.id == ConcernEvent.concern_id)
        .where(*scope, ConcernEvent.changed_on <= concern_end)
        .subquery()
    )
    # The first answer is the earliest event carrying a non-empty answer (R16).
    first_answer = (
        select(ConcernEvent.concern_id, func.min(ConcernEvent.changed_on).label("on"))
        .where(ConcernEvent.answer.is_not(None), ConcernEvent.answer != "")
        .group_by(ConcernEvent.concern_id)
        .subquery()
    )
    allowed = case((in_year, answer_days[year]), else_=answer_days[year - 1])
    in_time = case(
        (
            and_(
                first_answer.c.on.is_not(None),
                days_between(first_answer.c.on, Concern.submitted_on) <= allowed,
            ),
            1,
        ),
        else_=0,
    )
    report_year = _year_of(Concern.submitted_on, year)
    status = func.coalesce(latest.c.status, ConcernStatus.SUBMITTED.value)
    return session.execute(
        select(report_year, Concern.category, status, in_time, func.count(Concern.id))
        .outerjoin(latest, and_(latest.c.concern_id == Concern.id, latest.c.rank == 1))
        .outerjoin(first_answer, first_answer.c.concern_id == Concern.id)
        .where(*scope)
        .group_by(report_year, Concern.category, status, in_time)
    ).all()


def _compliance_counts(
    found: Iterable[CouncilCompliance],
) -> tuple[dict[str, dict[Status, int]], dict[str, dict[Status, int]]]:
    """Councils per status for each rule (in rule order), and overall per district."""
    by_rule: dict[str, Counter[Status]] = {}
    by_district: dict[str, Counter[Status]] = {}
    for council in found:
        for finding in council.findings:
            by_rule.setdefault(finding.rule, Counter())[finding.status] += 1
        by_district.setdefault(council.municipality.district, Counter())[council.overall] += 1
    return (
        {rule: {s: counts[s] for s in STATUS_ORDER} for rule, counts in by_rule.items()},
        {name: {s: counts[s] for s in STATUS_ORDER} for name, counts in by_district.items()},
    )


def national_report(session: Session, year: int, today: date) -> NationalReport:
    """The figures of `year` and the year before, in a fixed number of statements."""
    ends = {year: year_end(year, today), year - 1: year_end(year - 1, today)}
    facts = load_compliance(session, since=min(ends.values()))
    answer_days = {each: int(facts.thresholds.on(ends[each])["r16_breach_days"]) for each in ends}
    councils = _councils(session, year, ends)
    meetings = _meetings(session, year, ends)
    participants = _participants(session, year, ends)
    plans = _plans(session, year, ends)
    items = _items(session, year, ends)
    by_category: dict[int, Counter[str]] = {year: Counter(), year - 1: Counter()}
    by_status: dict[int, Counter[str]] = {year: Counter(), year - 1: Counter()}
    in_time: Counter[int] = Counter()
    for row_year, category, status, answered, count in _concerns(session, year, ends, answer_days):
        by_category[row_year][str(category)] += count
        by_status[row_year][str(status)] += count
        in_time[row_year] += count if answered else 0

    def figures(each: int) -> YearFigures:
        by_rule, by_district = _compliance_counts(facts.on(ends[each]))
        total, constituted, new = councils[each]
        statuses, overdue = items[each]
        return YearFigures(
            year=each,
            as_of=ends[each],
            councils=total,
            constituted=int(constituted),
            newly_constituted=int(new),
            meetings=meetings[each],
            participants=participants[each],
            plans_adopted=plans[each],
            items=statuses,
            items_overdue=overdue,
            concerns_by_category=dict(by_category[each]),
            concerns_by_status=dict(by_status[each]),
            concerns_answered_in_time=in_time[each],
            answer_days=answer_days[each],
            by_rule=by_rule,
            by_district=by_district,
        )

    return NationalReport(year, figures(year), figures(year - 1))


def first_year_with_data(session: Session) -> int | None:
    """The earliest year anything was decided, held, submitted or planned; one statement."""
    earliest = session.execute(
        select(
            select(func.min(CouncilDecision.decided_on)).scalar_subquery(),
            select(func.min(Meeting.held_on))
            .where(Meeting.status == MeetingStatus.HELD)
            .scalar_subquery(),
            select(func.min(Concern.submitted_on))
            .where(Concern.deleted_on.is_(None))
            .scalar_subquery(),
            select(func.min(ActionPlan.year)).scalar_subquery(),
        )
    ).one()
    years = [value if isinstance(value, int) else value.year for value in earliest if value]
    return min(years) if years else None


def report_years(session: Session, today: date) -> list[int]:
    """The years a report can be asked for, newest first: from the first year with data
    (never before 2010) to the current year."""
    first = first_year_with_data(session)
    start = max(first, EARLIEST_YEAR) if first is not None else today.year
    return list(range(today.year, min(start, today.year) - 1, -1))
