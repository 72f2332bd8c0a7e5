"""Demo meetings: deterministic, consistent, and every R06-R11 status somewhere at the anchor.

The demo is built once for this module (it takes a few seconds) on its own app; the tests
only read it, except the determinism test, which rebuilds the same data in place.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from safety.compliance import rules
from safety.compliance.demo_settings import MONO_ETHNIC
from safety.compliance.facts import council_facts, meeting_facts_by_council
from safety.consultations.demo import PROFILES, TWISTS, Profile, Twist
from safety.consultations.models import (
    COUNCIL_MEETING_KINDS,
    PUBLIC_KINDS,
    Attendance,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingHost,
    MeetingKind,
    MeetingRecord,
    MeetingStatus,
    Participation,
    ParticipationCommunity,
    RecordDecision,
    RecordStatus,
)
from safety.councils.models import Council, Member, Municipality
from safety.db import Base
from safety.demo import create_demo_data
from tests.demo_build import Demo, build_demo, demo_app

ANCHOR = date(2026, 11, 23)
LAST_YEAR = (date(2025, 3, 31), date(2025, 7, 31), date(2025, 12, 31))
MEETING_RULES = (
    rules.r06_meets_regularly,
    rules.r07_quorate,
    rules.r08_minutes_kept,
    rules.r09_consults_public,
    rules.r10_reaches_communities,
    rules.r11_women_and_youth,
)
OK, WARNING, BREACH, NA = "ok", "warning", "breach", "not_applicable"
# R10 is not applicable where nothing is judged (councils never constituted) and in the five
# municipalities the demo records as not multi-ethnic (safety/compliance/demo_settings.py).
ALLOWED = {"R06": {OK, WARNING, BREACH, NA}, "R07": {OK, WARNING, BREACH, NA}}
ALLOWED |= {"R08": {OK, WARNING, BREACH, NA}, "R09": {OK, WARNING, BREACH, NA}}
ALLOWED |= {"R10": {OK, BREACH, NA}, "R11": {OK, WARNING, BREACH, NA}}


def _build(app: Flask, session: Session) -> str:
    return build_demo(app, session, ANCHOR, _digest)


@pytest.fixture(scope="module")
def demo(database_url: str) -> Iterator[Demo]:
    with demo_app(database_url, ANCHOR, _digest) as built:
        yield built


def _digest(session: Session) -> str:
    """A hash of the meeting tables and what they refer to, ids replaced by positions so
    PostgreSQL's sequences do not matter. The meetings demo dates its entries from the anchor;
    the other slices' builders stamp theirs (`*_at`) with the clock, so those are left out."""
    stamped = ("municipalities", "councils", "organisations", "members")
    tables: list[Table] = [
        Base.metadata.tables[name]
        for name in (
            "municipalities",
            "councils",
            "organisations",
            "members",
            "meeting_series",
            "meetings",
            "meeting_hosts",
            "agenda_items",
            "meeting_events",
            "attendances",
            "meeting_guests",
            "participations",
            "participation_communities",
            "meeting_organisations",
            "meeting_records",
            "record_decisions",
        )
    ]
    positions: dict[str, dict[int, int]] = {}
    digest = hashlib.sha256()
    for table in tables:
        rows = session.execute(select(table).order_by(table.c.id)).mappings().all()
        positions[table.name] = {row["id"]: index for index, row in enumerate(rows)}
        for row in rows:
            values = []
            for column in table.columns:
                value = row[column.key]
                if column.key == "id" or (table.name in stamped and column.key.endswith("_at")):
                    continue
                for key in column.foreign_keys:
                    if value is not None:
                        # A raw id would differ between builds on PostgreSQL.
                        target = key.column.table.name
                        assert target in positions, f"{table.name}.{column.key}"
                        value = (target, positions[target][value])
                values.append((column.key, value))
            digest.update(repr(values).encode())
        digest.update(f"{table.name}:{len(rows)}".encode())
    return digest.hexdigest()


def _codes(session: Session) -> dict[int, str]:
    query = select(Council.id, Municipality.code).join(Council.municipality)
    return dict(session.execute(query).all())


def _councils(session: Session) -> list[Council]:
    return list(
        session.scalars(
            select(Council).options(
                joinedload(Council.municipality),
                selectinload(Council.members),
                selectinload(Council.decisions),
            )
        ).unique()
    )


def _findings(session: Session, days: tuple[date, ...]) -> dict[tuple[str, date, str], str]:
    """(municipality code, date, rule) -> status, through the real facts loader and rules."""
    councils = _councils(session)
    meetings = meeting_facts_by_council(session, [council.id for council in councils])
    found = {}
    for council in councils:
        facts = council_facts(council, meetings[council.id])
        for day in days:
            for rule in MEETING_RULES:
                finding = rule(facts, day)
                found[council.municipality.code, day, finding.rule] = str(finding.status)
    return found


def test_two_builds_give_the_same_rows_and_a_rerun_adds_nothing(demo):
    session = demo.session
    meetings = session.scalar(select(func.count()).select_from(Meeting))
    create_demo_data(session, today=ANCHOR)
    session.commit()
    assert _digest(session) == demo.digest
    assert session.scalar(select(func.count()).select_from(Meeting)) == meetings
    assert _build(demo.app, session) == demo.digest


def test_the_history_is_big_enough_for_the_rules_and_the_benchmarks(demo):
    session = demo.session
    counts = dict(
        session.execute(
            select(Meeting.kind, func.count())
            .where(Meeting.status == MeetingStatus.HELD)
            .group_by(Meeting.kind)
        ).all()
    )
    # 36 constituted councils, monthly, from 1 January 2023.
    assert counts[MeetingKind.REGULAR] > 36 * 30
    assert counts[MeetingKind.EXTRAORDINARY] > 20
    assert counts[MeetingKind.PUBLIC_CONSULTATION] > 150
    assert counts[MeetingKind.COMMUNITY_ACTIVITY] > 50
    first = session.scalar(select(func.min(Meeting.held_on)))
    assert first < date(2023, 2, 1)
    statuses = set(session.scalars(select(Meeting.status).distinct()))
    assert statuses == set(MeetingStatus)


def test_no_meetings_for_councils_never_constituted_nor_before_their_constituting_date(demo):
    session = demo.session
    codes = _codes(session)
    constituted = {council.id: council.constituted_on for council in _councils(session)}
    hosts = session.execute(
        select(MeetingHost.council_id, Meeting.held_on, Meeting.scheduled_on).join(
            Meeting, Meeting.id == MeetingHost.meeting_id
        )
    ).all()
    assert {codes[council_id] for council_id, _, _ in hosts} == set(codes.values()) - {"12", "38"}
    for council_id, held_on, scheduled_on in hosts:
        assert constituted[council_id] is not None
        assert (held_on or scheduled_on) >= constituted[council_id]
    # Kaçanik was first constituted in this mandate: it met since, and never before.
    assert any(codes[council_id] == "28" and held_on for council_id, held_on, _ in hosts)


def test_dates_are_never_in_the_future_and_follow_the_meeting(demo):
    session = demo.session
    meetings = session.scalars(select(Meeting)).all()
    for meeting in meetings:
        if meeting.status == MeetingStatus.HELD:
            assert meeting.held_on <= ANCHOR
            assert meeting.held_on == meeting.scheduled_on
        else:
            assert meeting.held_on is None
        if meeting.status.is_open:
            # About two months ahead, or a fortnight more for a meeting postponed since.
            assert ANCHOR <= meeting.scheduled_on <= ANCHOR + timedelta(days=62 + 14)
        assert meeting.created_at.date() < ANCHOR
    records = session.execute(select(MeetingRecord, Meeting).join(MeetingRecord.meeting)).all()
    for record, meeting in records:
        assert meeting.status == MeetingStatus.HELD
        assert meeting.held_on <= record.written_on <= ANCHOR
        if record.minutes_on is not None:
            assert record.written_on <= record.minutes_on <= ANCHOR
    events = session.scalars(select(MeetingEvent)).all()
    assert all(event.created_at.date() < ANCHOR for event in events)


def test_approval_comes_from_a_later_held_council_meeting_of_the_same_council(demo):
    session = demo.session
    approver = aliased(Meeting)
    rows = session.execute(
        select(MeetingRecord, Meeting, approver)
        .join(Meeting, Meeting.id == MeetingRecord.meeting_id)
        .outerjoin(approver, approver.id == MeetingRecord.approved_at_meeting_id)
    ).all()
    by_status = Counter(record.status for record, _, _ in rows)
    assert set(by_status) == set(RecordStatus)
    for record, meeting, approved_at in rows:
        if meeting.kind in COUNCIL_MEETING_KINDS:
            assert record.status != RecordStatus.PUBLISHED
        else:
            assert record.status in (RecordStatus.DRAFT, RecordStatus.PUBLISHED)
        assert (record.status == RecordStatus.DRAFT) == (record.minutes_on is None)
        assert (record.status == RecordStatus.APPROVED) == (approved_at is not None)
        if approved_at is not None:
            assert approved_at.kind in COUNCIL_MEETING_KINDS
            assert approved_at.status == MeetingStatus.HELD
            assert approved_at.council_id == meeting.council_id
            assert approved_at.held_on > meeting.held_on
            assert record.approved_on == approved_at.held_on >= record.minutes_on


def test_attendance_lists_exactly_the_members_active_that_day(demo):
    session = demo.session
    members = {member.id: member for member in session.scalars(select(Member))}
    by_council: dict[int, list[Member]] = defaultdict(list)
    for member in members.values():
        by_council[member.council_id].append(member)
    registers: dict[int, set[int]] = defaultdict(set)
    substitutes = 0
    for attendance in session.scalars(select(Attendance)):
        registers[attendance.meeting_id].add(attendance.member_id)
        substitutes += bool(attendance.substitute_name)
    held = session.scalars(
        select(Meeting).where(
            Meeting.status == MeetingStatus.HELD, Meeting.kind.in_(COUNCIL_MEETING_KINDS)
        )
    ).all()
    unrecorded = 0
    for meeting in held:
        active = {m.id for m in by_council[meeting.council_id] if m.is_active_on(meeting.held_on)}
        if meeting.id in registers:
            assert registers.pop(meeting.id) == active, meeting
        else:
            unrecorded += 1
    assert not registers, "attendance of meetings that were not held council meetings"
    assert 0 < unrecorded < len(held) / 20
    assert substitutes > 50
    # The meetings before the re-constitution are attended by the previous mandate.
    assert sum(member.left_on is not None for member in members.values()) > 300


def test_participation_breakdowns_add_up(demo):
    session = demo.session
    communities: Counter[int] = Counter()
    for meeting_id, count in session.execute(
        select(ParticipationCommunity.meeting_id, ParticipationCommunity.count)
    ):
        assert count > 0
        communities[meeting_id] += count
    participations = session.execute(
        select(Participation, Meeting).join(Participation.meeting)
    ).all()
    assert len(participations) == len(communities)
    for participation, meeting in participations:
        assert meeting.kind in PUBLIC_KINDS
        assert meeting.status == MeetingStatus.HELD
        total = participation.total
        assert communities[meeting.id] == total
        assert participation.women + participation.men + participation.gender_undisclosed == total
        assert (
            participation.under_30 + participation.aged_30_plus + participation.age_undisclosed
            == total
        )


def test_minutes_are_short_paragraphs_with_decisions_in_the_council_language(demo):
    session = demo.session
    codes = _codes(session)
    decisions = Counter(session.scalars(select(RecordDecision.record_id)))
    rows = session.execute(select(MeetingRecord, Meeting).join(MeetingRecord.meeting)).all()
    for record, meeting in rows:
        assert record.body.startswith("<p>")
        assert record.body.endswith("</p>")
        if meeting.kind in COUNCIL_MEETING_KINDS:
            assert 1 <= decisions[record.id] <= 3
    titles = defaultdict(set)
    for council_id, title in session.execute(
        select(Meeting.council_id, Meeting.title).where(Meeting.kind == MeetingKind.REGULAR)
    ):
        titles[codes[council_id]].add(title.split(" \N{EN DASH} ")[0])
    assert titles["01"] == {"Mbledhja e rregullt e KKSB-së"}
    assert titles["07"] == {"Redovni sastanak OSBZ-a"}


def test_co_hosted_events_name_the_declaration_and_count_for_both_hosts(demo):
    session = demo.session
    codes = _codes(session)
    hosts: dict[int, set[str]] = defaultdict(set)
    for meeting_id, council_id in session.execute(
        select(MeetingHost.meeting_id, MeetingHost.council_id)
    ):
        hosts[meeting_id].add(codes[council_id])
    joint = session.scalars(select(Meeting).where(Meeting.declaration.is_not(None))).all()
    pairs = Counter(frozenset(hosts[meeting.id]) for meeting in joint)
    assert set(pairs) == {frozenset(pair) for pair in (("08", "09"), ("32", "36"), ("22", "26"))}
    assert all(count >= 4 for count in pairs.values())
    kinds = {(meeting.kind, meeting.status) for meeting in joint}
    assert (MeetingKind.PUBLIC_CONSULTATION, MeetingStatus.HELD) in kinds
    assert (MeetingKind.COMMUNITY_ACTIVITY, MeetingStatus.HELD) in kinds
    assert any(status.is_open for _, status in kinds)
    assert all("dialog" in meeting.declaration for meeting in joint)
    # Every other meeting has exactly its organiser as host.
    assert all(len(hosts[m]) == 1 for m in hosts if m not in {meeting.id for meeting in joint})


def test_cancelled_and_postponed_meetings_keep_their_history(demo):
    session = demo.session
    events: dict[int, list[MeetingEvent]] = defaultdict(list)
    for event in session.scalars(select(MeetingEvent).order_by(MeetingEvent.id)):
        events[event.meeting_id].append(event)
    meetings = session.scalars(select(Meeting)).all()
    postponed_then_held = 0
    for meeting in meetings:
        history = events[meeting.id]
        assert history[0].kind == MeetingEventKind.SCHEDULED
        kinds = [event.kind for event in history]
        if meeting.status == MeetingStatus.CANCELLED:
            assert meeting.cancelled_reason
            assert kinds[-1] == MeetingEventKind.CANCELLED
            assert history[-1].reason == meeting.cancelled_reason
        if MeetingEventKind.POSTPONED in kinds:
            moved = history[kinds.index(MeetingEventKind.POSTPONED)]
            assert moved.reason
            assert moved.from_on == history[0].to_on
            assert moved.to_on == meeting.scheduled_on > moved.from_on
            postponed_then_held += meeting.status == MeetingStatus.HELD
        if meeting.status == MeetingStatus.HELD:
            assert history[-1].kind == MeetingEventKind.HELD
            assert history[-1].to_on == meeting.held_on
    assert postponed_then_held > 10
    series = session.scalars(
        select(Meeting).where(Meeting.series_id.is_not(None), Meeting.scheduled_on >= ANCHOR)
    ).all()
    assert len({meeting.council_id for meeting in series}) >= 6


def test_every_status_of_r06_to_r11_appears_at_the_anchor_and_last_year(demo):
    found = _findings(demo.session, (ANCHOR, *LAST_YEAR))
    for day in (ANCHOR, *LAST_YEAR):
        statuses = defaultdict(set)
        for (_, found_on, rule), status in found.items():
            if found_on == day:
                statuses[rule].add(status)
        expected = dict(ALLOWED)
        if day.month == 3:
            expected["R09"] = {OK, WARNING, NA}  # nothing is a breach before 30 June
        if (day.month, day.day) == (12, 31):
            expected["R09"] = {OK, BREACH, NA}  # on 31 December the year is complete
        assert dict(statuses) == expected, day
    good_throughout = {
        code
        for code in PROFILES
        if all(status == OK for (c, _, _), status in found.items() if c == code)
    }
    # An exemplary council whose first consultation falls in April is behind on 31 March.
    assert len({code for code in good_throughout if PROFILES[code] == Profile.EXEMPLARY}) >= 2


def _expected_at_anchor() -> list[tuple[str, str, str]]:
    """What the module docstring promises for the anchor date, council by council."""
    expected = [(code, rule, NA) for code in ("12", "38") for rule in ALLOWED]
    for code, profile in PROFILES.items():
        if profile == Profile.EXEMPLARY:
            expected += [(code, rule, OK) for rule in ALLOWED]
        elif profile == Profile.NEVER_CONSULTS:
            reach = NA if code in MONO_ETHNIC else BREACH
            expected += [(code, "R09", BREACH), (code, "R10", reach), (code, "R11", NA)]
        elif profile == Profile.NO_REACH:
            expected += [(code, "R10", BREACH), (code, "R11", BREACH)]
        elif profile == Profile.INQUORATE:
            expected.append((code, "R07", BREACH))
        elif profile == Profile.LAPSING:
            expected += [(code, "R06", BREACH), (code, "R08", BREACH)]
    twists = {
        Twist.RECENT_GAP: ("R06", WARNING),
        Twist.RESUMED: ("R06", BREACH),
        Twist.ONE_INQUORATE: ("R07", WARNING),
        Twist.APPROVAL_MISSED: ("R08", WARNING),
        Twist.LATE_RECORD: ("R08", WARNING),
        Twist.ONE_CONSULTATION: ("R09", WARNING),
        Twist.FEW_YOUTH: ("R11", WARNING),
    }
    expected += [(code, *twists[twist]) for code, twist in TWISTS.items() if twist in twists]
    return expected


def test_each_profile_and_twist_gives_its_status_at_the_anchor(demo):
    found = _findings(demo.session, (ANCHOR,))
    wrong = [
        (code, rule, found[code, ANCHOR, rule], status)
        for code, rule, status in _expected_at_anchor()
        if found[code, ANCHOR, rule] != status
    ]
    assert not wrong
