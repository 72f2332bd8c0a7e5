"""Demo concerns: deterministic, consistent histories, and every R16/R18 status at the anchor.

The whole demo is built once for this module on its own app; the tests only read it, except
the determinism test, which reruns the builder and then rebuilds everything in place.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from safety.accounts.models import Role, User
from safety.compliance.facts import (
    concern_facts_by_council,
    council_facts,
    meeting_facts_by_council,
)
from safety.compliance.rules import r16_concerns_answered, r18_responds_to_incidents
from safety.concerns.cases import TRANSITIONS
from safety.concerns.demo import CONCERNS_PER_YEAR, PROFILES, TWISTS, Profile, Twist
from safety.concerns.demo_texts import SQ, SR
from safety.concerns.geo import in_kosovo
from safety.concerns.models import (
    RESTRICTED_BY_DEFAULT,
    AnswerChannel,
    Concern,
    ConcernCategory,
    ConcernChannel,
    ConcernEvent,
    ConcernNote,
    ConcernStatus,
    OutboxMessage,
    ReferralBody,
    ResponseTemplate,
    Sensitivity,
)
from safety.consultations.models import Meeting, MeetingHost, MeetingKind, MeetingStatus
from safety.councils.models import Council, Municipality
from safety.db import Base
from safety.demo import create_demo_data
from safety.organisations.models import Organisation
from tests.demo_build import Demo, build_demo, demo_app

ANCHOR = date(2026, 11, 23)
LAST_YEAR = (date(2025, 3, 31), date(2025, 7, 31), date(2025, 12, 31))
OK, WARNING, BREACH, NA = "ok", "warning", "breach", "not_applicable"
EVERY_STATUS = {OK, WARNING, BREACH, NA}
S = ConcernStatus


def _build(app: Flask, session: Session) -> str:
    return build_demo(app, session, ANCHOR, _digest)


@pytest.fixture(scope="module")
def demo(database_url: str) -> Iterator[Demo]:
    with demo_app(database_url, ANCHOR, _digest) as built:
        yield built


def _digest(session: Session) -> str:
    """A hash of the concern tables, foreign keys replaced by the referenced row's position
    (PostgreSQL's sequences do not restart). Referenced tables of other slices count by
    position only: their builders stamp rows with the clock and hash passwords with salt."""
    positions: dict[str, dict[int, int]] = {}
    for name in ("councils", "organisations", "users", "meetings"):
        table = Base.metadata.tables[name]
        ids = session.scalars(select(table.c.id).order_by(table.c.id)).all()
        positions[name] = {row_id: index for index, row_id in enumerate(ids)}
    digest = hashlib.sha256()
    for name in ("concerns", "concern_events", "concern_notes", "response_templates"):
        table: Table = Base.metadata.tables[name]
        rows = session.execute(select(table).order_by(table.c.id)).mappings().all()
        positions[name] = {row["id"]: index for index, row in enumerate(rows)}
        for row in rows:
            values = []
            for column in table.columns:
                value = row[column.key]
                if column.key == "id":
                    continue
                for key in column.foreign_keys:
                    if value is not None:
                        target = key.column.table.name
                        value = (target, positions[target][value])
                values.append((column.key, value))
            digest.update(repr(values).encode())
        digest.update(f"{name}:{len(rows)}".encode())
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


def _concerns(session: Session) -> list[Concern]:
    return list(session.scalars(select(Concern).order_by(Concern.id)))


def _events(session: Session) -> dict[int, list[ConcernEvent]]:
    found: dict[int, list[ConcernEvent]] = defaultdict(list)
    for event in session.scalars(select(ConcernEvent).order_by(ConcernEvent.id)):
        found[event.concern_id].append(event)
    return found


def _findings(session: Session, days: tuple[date, ...]) -> dict[tuple[str, date, str], str]:
    """(municipality code, date, rule) -> status, through the real loaders and rules."""
    councils = _councils(session)
    ids = [council.id for council in councils]
    meetings = meeting_facts_by_council(session, ids)
    concerns = concern_facts_by_council(session, ids)
    found = {}
    for council in councils:
        facts = council_facts(council, meetings[council.id], concerns[council.id])
        for day in days:
            for rule in (r16_concerns_answered, r18_responds_to_incidents):
                finding = rule(facts, day)
                found[council.municipality.code, day, finding.rule] = str(finding.status)
    return found


# -- Determinism and size -------------------------------------------------------------------


def test_two_builds_give_the_same_rows_and_a_rerun_adds_nothing(demo):
    session = demo.session
    count = session.scalar(select(func.count()).select_from(Concern))
    create_demo_data(session, today=ANCHOR)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Concern)) == count
    assert _digest(session) == demo.digest
    assert _build(demo.app, session) == demo.digest


def test_thousands_of_concerns_across_categories_statuses_and_channels(demo):
    session = demo.session
    concerns = _concerns(session)
    # Three full years and most of a fourth at the default rate.
    assert 3.5 * CONCERNS_PER_YEAR < len(concerns) < 4.5 * CONCERNS_PER_YEAR
    assert {concern.category for concern in concerns} == set(ConcernCategory)
    assert {concern.status for concern in concerns} == set(ConcernStatus)
    assert {concern.channel for concern in concerns} == set(ConcernChannel)
    assert {concern.sensitivity for concern in concerns} == set(Sensitivity)
    events = [event for history in _events(session).values() for event in history]
    assert {event.referred_to for event in events} == {*ReferralBody, None}
    assert {event.answer_channel for event in events} == {*AnswerChannel, None}
    assert session.scalar(select(func.count()).select_from(ConcernNote)) > 200
    assert sum(concern.latitude is not None for concern in concerns) > len(concerns) / 5
    years = Counter(concern.submitted_on.year for concern in concerns)
    assert set(years) == {2023, 2024, 2025, 2026}


def test_nothing_for_councils_never_constituted_nor_before_the_constituting_date(demo):
    session = demo.session
    codes = _codes(session)
    constituted = {council.id: council.constituted_on for council in _councils(session)}
    concerns = _concerns(session)
    assert {codes[concern.council_id] for concern in concerns} == set(codes.values()) - {
        "12",
        "38",
    }
    events = _events(session)
    for concern in concerns:
        first_day = constituted[concern.council_id]
        assert first_day is not None
        assert concern.submitted_on >= first_day
        if concern.observed_on is not None:
            assert first_day <= concern.observed_on <= concern.submitted_on
        if concern.incident_on is not None:
            assert concern.incident_on >= first_day
        for event in events[concern.id]:
            assert event.changed_on >= first_day
    # Kaçanik was first constituted in this mandate: its concerns start then.
    assert any(codes[concern.council_id] == "28" for concern in concerns)


def test_no_date_in_the_future(demo):
    session = demo.session
    events = _events(session)
    for concern in _concerns(session):
        dated = [
            concern.submitted_on,
            concern.incident_on,
            concern.observed_on,
            concern.reviewed_on,
            concern.reopened_on,
            concern.deleted_on,
            concern.created_at.date(),
            concern.updated_at.date(),
        ]
        assert all(day <= ANCHOR for day in dated if day is not None), concern
        assert all(event.changed_on <= ANCHOR for event in events[concern.id])
        assert all(event.created_at.date() <= ANCHOR for event in events[concern.id])
    notes = session.scalars(select(ConcernNote)).all()
    assert all(note.created_at.date() <= ANCHOR for note in notes)


# -- Consistent histories -------------------------------------------------------------------


def test_events_are_dated_in_order_from_the_submission_and_follow_the_allowed_changes(demo):
    session = demo.session
    events = _events(session)
    for concern in _concerns(session):
        history = events[concern.id]
        first, *changes = history
        assert (first.status, first.changed_on) == (S.SUBMITTED, concern.submitted_on)
        assert first.answer is None
        days = [event.changed_on for event in history]
        assert days == sorted(days), concern
        assert concern.status == history[-1].status
        for before, after in zip(history, changes, strict=False):
            if after.status == S.REOPENED:
                assert before.status in (S.RESOLVED, S.REJECTED)
            else:
                assert after.status in TRANSITIONS[before.status], (concern, before, after)
        # Every change but a review and a reopening answers the submitter (records.md).
        for event in changes:
            if event.status not in (S.UNDER_REVIEW, S.REOPENED):
                assert event.answer, event
            assert (event.answer is None) == (event.answer_channel is None)
        reopenings = [event for event in changes if event.status == S.REOPENED]
        assert len(reopenings) <= 1
        assert concern.reopened_on == (reopenings[0].changed_on if reopenings else None)
        if reopenings:
            assert reopenings[0].reason
            assert reopenings[0].actor_id == concern.submitted_by_id


def test_rejections_referrals_and_duplicates_carry_what_they_need(demo):
    session = demo.session
    concerns = {concern.id: concern for concern in _concerns(session)}
    events = [event for history in _events(session).values() for event in history]
    duplicates = 0
    for event in events:
        if event.status == S.REJECTED:
            assert event.reason
        if event.status == S.REFERRED:
            assert event.referred_to is not None
            assert event.referred_to_name
        else:
            assert event.referred_to is None
        if event.status == S.DUPLICATE:
            duplicates += 1
            concern = concerns[event.concern_id]
            original = concerns[event.duplicate_of_id]
            assert concern.duplicate_of_id == original.id != concern.id
            assert original.council_id == concern.council_id
            assert original.submitted_on <= concern.submitted_on
            assert original.reference in event.answer
    assert duplicates > 50
    assert sum(concern.duplicate_of_id is not None for concern in concerns.values()) == duplicates


def test_spam_is_deleted_with_a_reason_within_days(demo):
    deleted = [concern for concern in _concerns(demo.session) if concern.deleted_on is not None]
    assert len(deleted) > 20
    for concern in deleted:
        assert concern.deleted_reason
        assert concern.submitted_on <= concern.deleted_on <= concern.submitted_on + timedelta(4)
        assert concern.status == S.SUBMITTED
        assert concern.reviewed_on is None


def test_restricted_categories_are_restricted_and_serious_incidents_dated(demo):
    concerns = _concerns(demo.session)
    for concern in concerns:
        if concern.category in RESTRICTED_BY_DEFAULT:
            assert concern.sensitivity == Sensitivity.RESTRICTED
        if concern.serious_incident:
            assert concern.incident_on is not None
            assert concern.incident_on <= concern.submitted_on
        else:
            assert concern.incident_on is None
    assert sum(concern.serious_incident for concern in concerns) > 60


def test_submitters_by_channel(demo):
    session = demo.session
    codes = _codes(session)
    verified = session.scalars(select(Organisation).order_by(Organisation.id)).first()
    cso = session.scalars(select(User).where(User.role == Role.CSO).order_by(User.id)).first()
    assert verified is not None
    assert cso is not None
    assert cso.organisation_id == verified.id
    by_organisation = 0
    for concern in _concerns(session):
        if concern.channel == ConcernChannel.ORGANISATION:
            by_organisation += 1
            assert codes[concern.council_id] in ("01", "07", "03")
            assert (concern.organisation_id, concern.submitted_by_id) == (verified.id, cso.id)
        else:
            assert concern.organisation_id is None
        if concern.channel == ConcernChannel.PUBLIC_FORM:
            assert concern.tracking_token_hash is not None
        if concern.channel in (ConcernChannel.PUBLIC_FORM, ConcernChannel.ORGANISATION):
            # Waiting for the secretary's review until the secretary acts.
            assert concern.reviewed_on is None or concern.reviewed_on >= concern.submitted_on
        else:
            assert concern.reviewed_on == concern.submitted_on
    assert by_organisation > 50
    hashes = [concern.tracking_token_hash for concern in _concerns(session)]
    present = [value for value in hashes if value]
    assert len(present) == len(set(present))


def test_texts_and_answer_templates_in_the_council_languages(demo):
    session = demo.session
    codes = _codes(session)
    sq_titles = {title for titles in SQ.titles.values() for title in titles}
    sr_titles = {title for titles in SR.titles.values() for title in titles}
    for concern in _concerns(session):
        if concern.deleted_on is None:
            titles = sr_titles if codes[concern.council_id] in ("07", "09", "35") else None
            if codes[concern.council_id] in ("01", "22", "15"):
                titles = sq_titles
            if titles is not None:
                assert concern.title in titles
        assert concern.search_text == f"{concern.title} {concern.description}".lower()
    templates: dict[str, set[str]] = defaultdict(set)
    for template in session.scalars(select(ResponseTemplate)):
        templates[codes[template.council_id]].add(template.language)
    assert templates["01"] == {"sq", "sr"}  # Serbs live in Prishtinë
    assert templates["02"] == {"sq"}
    assert templates["07"] == {"sr", "sq"}
    assert set(templates) == set(PROFILES)


def test_map_points_lie_in_kosovo(demo):
    points = [
        (concern.latitude, concern.longitude)
        for concern in _concerns(demo.session)
        if concern.latitude is not None
    ]
    assert points
    assert all(in_kosovo(latitude, longitude) for latitude, longitude in points)


def test_no_outbox_rows(demo):
    assert demo.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


# -- The rules ------------------------------------------------------------------------------


def test_every_r16_and_r18_status_appears_at_the_anchor(demo):
    found = _findings(demo.session, (ANCHOR,))
    for rule in ("R16", "R18"):
        statuses = {status for (_, _, found_rule), status in found.items() if found_rule == rule}
        assert statuses == EVERY_STATUS, rule


def test_each_profile_and_twist_gives_its_status_at_the_anchor(demo):
    found = _findings(demo.session, (ANCHOR,))
    expected = [(code, rule, NA) for code in ("12", "38") for rule in ("R16", "R18")]
    r16 = {Profile.PROMPT: OK, Profile.STEADY: OK, Profile.SLOW: WARNING, Profile.LAPSING: BREACH}
    expected += [(code, "R16", r16[profile]) for code, profile in PROFILES.items()]
    r18 = {Twist.INCIDENT_PENDING: WARNING, Twist.INCIDENT_IGNORED: BREACH}
    expected += [(code, "R18", r18[twist]) for code, twist in TWISTS.items()]
    expected += [
        (code, "R18", OK)
        for code, profile in PROFILES.items()
        if profile != Profile.LAPSING and code not in TWISTS
    ]
    wrong = [
        (code, rule, found[code, ANCHOR, rule], status)
        for code, rule, status in expected
        if found[code, ANCHOR, rule] != status
    ]
    assert not wrong


def test_prompt_councils_are_good_throughout_and_last_year_varies(demo):
    days = (ANCHOR, *LAST_YEAR)
    found = _findings(demo.session, days)
    for code, profile in PROFILES.items():
        if profile == Profile.PROMPT:
            assert {found[code, day, rule] for day in days for rule in ("R16", "R18")} == {OK}
    for day in LAST_YEAR:
        statuses = {status for (_, found_on, _), status in found.items() if found_on == day}
        assert {OK, BREACH, NA} <= statuses
    assert WARNING in {found[key] for key in found if key[2] == "R16" and key[1] != ANCHOR}


def test_serious_incidents_some_answered_within_14_days_some_not(demo):
    session = demo.session
    responses: dict[int, list[date]] = defaultdict(list)
    for council_id, held_on in session.execute(
        select(MeetingHost.council_id, Meeting.held_on)
        .join(Meeting, Meeting.id == MeetingHost.meeting_id)
        .where(
            Meeting.status == MeetingStatus.HELD,
            Meeting.kind.in_(
                [
                    MeetingKind.EXTRAORDINARY,
                    MeetingKind.PUBLIC_CONSULTATION,
                    MeetingKind.COMMUNITY_ACTIVITY,
                ]
            ),
        )
    ):
        responses[council_id].append(held_on)
    answered = unanswered = 0
    for concern in _concerns(session):
        if not concern.serious_incident:
            continue
        day = concern.incident_on
        if any(day <= held <= day + timedelta(days=14) for held in responses[concern.council_id]):
            answered += 1
        else:
            unanswered += 1
    assert answered > 40
    assert unanswered > 10
