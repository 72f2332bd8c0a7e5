"""What the public reads of a council's consultations and activities, aggregated in SQL.

Only public kinds (public consultations, community activities) that were held or are still
ahead; only published records; participation as counts, never a name. Council meetings
are only ever counted. Each statement returns plain values, not ORM objects, so a page can
only show what is selected here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, extract, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import aggregate_strings

from safety.collation import sort_key
from safety.consultations.models import (
    COUNCIL_MEETING_KINDS,
    PUBLIC_KINDS,
    Meeting,
    MeetingHost,
    MeetingKind,
    MeetingRecord,
    MeetingStatus,
    ParticipantCommunity,
    Participation,
    ParticipationCommunity,
    RecordStatus,
)
from safety.councils.models import Council
from safety.councils.queries import municipality_name_column

SECTION_LIMIT = 12
"""Activities shown on the council's page; the full list has the rest."""

OPEN_STATUSES = (MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED)
# Municipality names never contain it: the seeded aliases use it as their separator too.
NAME_SEPARATOR = "|"


@dataclass(frozen=True)
class Participants:
    """How many took part, by gender, age group and community; nobody is named."""

    total: int
    women: int
    men: int
    gender_undisclosed: int
    under_30: int
    aged_30_plus: int
    age_undisclosed: int
    communities: tuple[tuple[ParticipantCommunity, int], ...]


@dataclass(frozen=True)
class PublicActivity:
    """A public consultation or community activity as anyone may read it."""

    meeting_id: int
    kind: MeetingKind
    status: MeetingStatus
    title: str
    on: date
    starts_at: time
    ends_at: time | None
    place_name: str | None
    address: str | None
    settlement: str | None
    declaration: str | None
    co_hosts: tuple[str, ...]
    participants: Participants | None
    # Stored HTML: pages show it through the `record_body` filter, which sanitises it again.
    record: str | None
    record_published_on: date | None

    @property
    def is_upcoming(self) -> bool:
        return self.status.is_open


@dataclass(frozen=True)
class PublicSection:
    """The council page's section: what is ahead, what was held lately, and a count."""

    upcoming: list[PublicActivity]
    held: list[PublicActivity]
    has_more: bool
    since: date
    council_meetings_held: int


def year_before(day: date) -> date:
    """The same date a year earlier (29 February gives 28 February), as the rules count."""
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def _effective_on() -> ColumnElement[Any]:
    return func.coalesce(Meeting.held_on, Meeting.scheduled_on)


def _hosted_by(meeting: Any, council_id: int) -> ColumnElement[bool]:
    """Every host is in `meeting_hosts`, the organiser included (the model says so)."""
    hosts = select(MeetingHost.meeting_id).where(MeetingHost.council_id == council_id)
    return meeting.id.in_(hosts)


def _shown_publicly(day: date) -> ColumnElement[bool]:
    """Public kinds that were held, or are still ahead of `day` (never cancelled ones)."""
    return and_(
        Meeting.kind.in_(PUBLIC_KINDS),
        or_(
            Meeting.status == MeetingStatus.HELD,
            and_(Meeting.status.in_(OPEN_STATUSES), Meeting.scheduled_on >= day),
        ),
    )


def _columns_and_joins(council_id: int, language: str) -> tuple[list[Any], Any]:
    """The public columns of an activity, and a function adding the joins that give them.

    Participation is one row per meeting; the community counts are pivoted into one column
    per community, and the co-hosts' names aggregated into one string, by grouped
    subqueries, so every activity is exactly one row of one statement.
    """
    counts = ParticipationCommunity
    by_community = (
        select(
            counts.meeting_id,
            *(
                func.sum(case((counts.community == community, counts.count), else_=0)).label(
                    community.value
                )
                for community in ParticipantCommunity
            ),
        )
        .group_by(counts.meeting_id)
        .subquery("by_community")
    )
    name = municipality_name_column(language)
    co_hosts = (
        select(
            MeetingHost.meeting_id,
            aggregate_strings(name, NAME_SEPARATOR).label("names"),
        )
        .join(Council, Council.id == MeetingHost.council_id)
        .join(Council.municipality)
        .where(MeetingHost.council_id != council_id)
        .group_by(MeetingHost.meeting_id)
        .subquery("co_hosts")
    )
    columns = [
        Meeting.id,
        Meeting.kind,
        Meeting.status,
        Meeting.title,
        _effective_on().label("on"),
        Meeting.starts_at,
        Meeting.ends_at,
        Meeting.place_name,
        Meeting.address,
        Meeting.settlement,
        Meeting.declaration,
        co_hosts.c.names.label("co_hosts"),
        Participation.id.label("participation_id"),
        Participation.total,
        Participation.women,
        Participation.men,
        Participation.gender_undisclosed,
        Participation.under_30,
        Participation.aged_30_plus,
        Participation.age_undisclosed,
        *(by_community.c[community.value] for community in ParticipantCommunity),
        MeetingRecord.body.label("record"),
        MeetingRecord.minutes_on.label("record_published_on"),
    ]

    def join(statement: Select[Any]) -> Select[Any]:
        return (
            statement.outerjoin(Participation, Participation.meeting_id == Meeting.id)
            .outerjoin(
                MeetingRecord,
                # Only a published record: drafts stay with the council's staff.
                and_(
                    MeetingRecord.meeting_id == Meeting.id,
                    MeetingRecord.status == RecordStatus.PUBLISHED,
                ),
            )
            .outerjoin(by_community, by_community.c.meeting_id == Meeting.id)
            .outerjoin(co_hosts, co_hosts.c.meeting_id == Meeting.id)
        )

    return columns, join


def _newest_first() -> tuple[ColumnElement[Any], ...]:
    return (_effective_on().desc(), Meeting.id.desc())


def activity_from_row(row: Any, language: str) -> PublicActivity:
    """A result row of `public_activities` (or the section's statement) as a PublicActivity."""
    participants = None
    if row.participation_id is not None:
        participants = Participants(
            total=row.total,
            women=row.women,
            men=row.men,
            gender_undisclosed=row.gender_undisclosed,
            under_30=row.under_30,
            aged_30_plus=row.aged_30_plus,
            age_undisclosed=row.age_undisclosed,
            communities=tuple(
                (community, count)
                for community in ParticipantCommunity
                if (count := getattr(row, community.value) or 0)
            ),
        )
    names = row.co_hosts.split(NAME_SEPARATOR) if row.co_hosts else []
    return PublicActivity(
        meeting_id=row.id,
        kind=row.kind,
        status=row.status,
        title=row.title,
        on=row.on,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        place_name=row.place_name,
        address=row.address,
        settlement=row.settlement,
        declaration=row.declaration,
        co_hosts=tuple(sorted(names, key=sort_key(language))),
        participants=participants,
        record=row.record or None,
        record_published_on=row.record_published_on,
    )


def council_public_section(
    session: Session, council_id: int, day: date, language: str
) -> PublicSection:
    """The council page's public section in one statement, whatever the number of meetings.

    The statement starts from the council's own row and outer-joins the activities, so the
    count of council meetings held in the last 12 months comes back even when the council
    has no activity to show.
    """
    since = year_before(day)
    counted = aliased(Meeting)
    council_meetings_held = (
        select(func.count(counted.id))
        .where(
            counted.kind.in_(COUNCIL_MEETING_KINDS),
            counted.status == MeetingStatus.HELD,
            counted.held_on > since,
            counted.held_on <= day,
            _hosted_by(counted, council_id),
        )
        .scalar_subquery()
    )
    columns, join = _columns_and_joins(council_id, language)
    recent = or_(Meeting.status != MeetingStatus.HELD, Meeting.held_on > since)
    statement = join(
        select(council_meetings_held.label("council_meetings_held"), *columns)
        .select_from(Council)
        .outerjoin(Meeting, and_(_hosted_by(Meeting, council_id), _shown_publicly(day), recent))
    )
    rows = session.execute(
        statement.where(Council.id == council_id)
        .order_by(*_newest_first())
        .limit(SECTION_LIMIT + 1)
    ).all()
    activities = [activity_from_row(row, language) for row in rows if row.id is not None]
    shown = activities[:SECTION_LIMIT]
    return PublicSection(
        # Soonest first: what a reader plans around.
        upcoming=[activity for activity in reversed(shown) if activity.is_upcoming],
        held=[activity for activity in shown if not activity.is_upcoming],
        has_more=len(activities) > SECTION_LIMIT,
        since=since,
        council_meetings_held=rows[0].council_meetings_held if rows else 0,
    )


def public_activities(
    council_id: int, day: date, language: str, year: int | None = None
) -> Select[Any]:
    """The statement of the council's full public history, newest first, for one page.

    Run it through `pagination.paginate` and turn its rows with `activity_from_row`.
    """
    columns, join = _columns_and_joins(council_id, language)
    statement = join(select(*columns).where(_hosted_by(Meeting, council_id), _shown_publicly(day)))
    if year is not None:
        statement = statement.where(
            _effective_on() >= date(year, 1, 1), _effective_on() <= date(year, 12, 31)
        )
    return statement.order_by(*_newest_first())


def public_activity_years(session: Session, council_id: int, day: date) -> Sequence[int]:
    """The years the council has public activities in, newest first (the list's filter)."""
    year = extract("year", _effective_on())
    return [
        int(value)
        for value in session.scalars(
            select(year)
            .where(_hosted_by(Meeting, council_id), _shown_publicly(day))
            .group_by(year)
            .order_by(year.desc())
        )
    ]
