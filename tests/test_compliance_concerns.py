"""R16 at its edges and in the worked example, and the concern facts R16 and R18 read from the
database in one statement, up to the council page."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safety.compliance.explanations import explain, obligation
from safety.compliance.facts import (
    CouncilConcerns,
    concern_facts,
    concern_facts_by_council,
)
from safety.compliance.rules import (
    REASONS,
    RULES,
    ConcernFacts,
    CouncilFacts,
    IncidentFacts,
    Status,
    evaluate,
    r16_concerns_answered,
    r18_responds_to_incidents,
)
from safety.concerns.models import ConcernStatus
from safety.consultations.models import MeetingKind, MeetingStatus
from safety.councils.models import CouncilDecision, DecisionKind, MemberRole
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries
from tests.test_compliance import WORKED

B, W, OK, NA = Status.BREACH, Status.WARNING, Status.OK, Status.NOT_APPLICABLE

CONSTITUTED = date(2020, 1, 15)
SUBMITTED = date(2025, 3, 10)


def council(*concerns: ConcernFacts, **overrides) -> CouncilFacts:
    values = {
        "constituted_on": CONSTITUTED,
        "decision_number": "01-002/20",
        "is_multi_ethnic": True,
        "majority_community": "albanian",
        "concerns": concerns,
    }
    values.update(overrides)
    return CouncilFacts(**values)


def concern(**overrides) -> ConcernFacts:
    return ConcernFacts(**{"submitted_on": SUBMITTED, **overrides})


def after(days: int) -> date:
    return SUBMITTED + timedelta(days=days)


def r16(*concerns: ConcernFacts, as_of: date, **thresholds):
    facts = council(*(concerns or (concern(),)))
    return r16_concerns_answered(facts, as_of, thresholds or None)


# -- R16 at its edges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "status"),
    [(0, OK), (21, OK), (22, W), (30, W), (31, B)],
)
def test_r16_days_without_a_first_answer(days, status):
    finding = r16(as_of=after(days))
    assert finding.status == status
    assert finding.thresholds == {"r16_warning_days": 21, "r16_breach_days": 30}
    assert (finding.details["count"], finding.details["waiting"]) == (1, 1)
    if status == OK:
        assert (finding.reason, finding.details["late"]) == ("answered", 0)
    else:
        assert finding.reason == "unanswered"
        assert finding.details["oldest_on"] == SUBMITTED
        assert finding.details["oldest_days"] == days


def test_r16_an_answer_given_after_as_of_is_not_given_yet():
    late_answer = concern(first_answer_on=after(40))
    assert r16(late_answer, as_of=after(31)).status == B
    assert r16(late_answer, as_of=after(39)).status == B
    # Answered on as_of itself: answered.
    finding = r16(late_answer, as_of=after(40))
    assert (finding.status, finding.details["waiting"]) == (OK, 0)


def test_r16_an_answer_in_time_leaves_nothing_waiting_later():
    answered = concern(first_answer_on=after(5))
    assert r16(answered, as_of=after(4)).details["waiting"] == 1
    finding = r16(answered, as_of=after(400))
    assert (finding.status, finding.reason, finding.details["count"]) == (OK, "answered", 1)


def test_r16_the_oldest_waiting_concern_decides():
    concerns = (
        concern(submitted_on=after(-60), first_answer_on=after(-50)),  # answered in time
        concern(submitted_on=after(-25)),  # waiting 25 days
        concern(submitted_on=after(-10)),  # waiting 10 days
        concern(submitted_on=after(1)),  # not submitted yet
    )
    finding = r16(*concerns, as_of=SUBMITTED)
    assert finding.status == W
    assert finding.details == {
        "count": 3,
        "waiting": 2,
        "late": 1,
        "oldest_on": after(-25),
        "oldest_days": 25,
    }


def test_r16_a_deleted_concern_counts_only_before_its_deletion():
    deleted = concern(deleted_on=after(40))
    # Deleting an unanswered concern cannot erase the breach before the deletion.
    assert r16(deleted, as_of=after(39)).status == B
    assert r16(deleted, as_of=after(40)).reason == "no_concerns"
    deleted_early = concern(deleted_on=after(3))
    assert r16(deleted_early, as_of=after(2)).details["waiting"] == 1
    assert r16(deleted_early, as_of=after(31)).reason == "no_concerns"


def test_r16_no_concerns_or_none_submitted_yet_is_ok():
    finding = r16_concerns_answered(council(), SUBMITTED)
    assert (finding.status, finding.reason, finding.details["count"]) == (OK, "no_concerns", 0)
    assert r16(concern(), as_of=after(-1)).reason == "no_concerns"


def test_r16_not_applicable_before_the_constituting_date_or_without_one():
    for facts in (
        council(concern(), constituted_on=None),
        council(concern(), constituted_on=after(32)),
    ):
        finding = r16_concerns_answered(facts, after(31))
        assert (finding.status, finding.reason) == (NA, "not_constituted")
    assert (
        r16_concerns_answered(council(concern(), constituted_on=after(31)), after(31)).status == B
    )


def test_r16_thresholds_change_the_limits_and_are_recorded():
    finding = r16(as_of=after(6), r16_warning_days=5, r16_breach_days=10)
    assert (finding.status, finding.thresholds) == (
        W,
        {"r16_warning_days": 5, "r16_breach_days": 10},
    )
    assert r16(as_of=after(11), r16_warning_days=5, r16_breach_days=10).status == B


def test_r16_comes_in_rule_order_before_r18():
    rules = [finding.rule for finding in evaluate(council(), SUBMITTED)]
    assert rules == sorted(rules)
    assert len(rules) == len(RULES)
    assert rules.index("R16") < rules.index("R18")
    assert "R16" in REASONS


@settings(max_examples=200, deadline=None)
@given(
    submitted=st.lists(st.integers(0, 120), max_size=6),
    answer_after=st.lists(st.none() | st.integers(0, 90), min_size=6, max_size=6),
    as_of=st.integers(0, 200),
)
def test_r16_answering_a_concern_never_makes_it_worse(submitted, answer_after, as_of):
    severity = {NA: 0, OK: 1, W: 2, B: 3}
    concerns = [
        concern(
            submitted_on=after(day),
            first_answer_on=None if delay is None else after(day + delay),
        )
        for day, delay in zip(submitted, answer_after, strict=False)
    ]
    day = after(as_of)
    before = r16(*concerns, as_of=day) if concerns else r16_concerns_answered(council(), day)
    for index, facts in enumerate(concerns):
        answered = dataclasses.replace(facts, first_answer_on=facts.submitted_on)
        changed = [*concerns[:index], answered, *concerns[index + 1 :]]
        assert severity[r16(*changed, as_of=day).status] <= severity[before.status]


# -- The worked example (R16 column of worked-example.md) --------------------------------

WORKED_CONCERNS = dataclasses.replace(
    WORKED,
    concerns=(
        ConcernFacts(date(2023, 5, 2), first_answer_on=date(2023, 5, 20)),
        ConcernFacts(date(2023, 11, 25), first_answer_on=date(2023, 12, 20)),
        ConcernFacts(date(2024, 1, 10)),
    ),
)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (date(2023, 3, 1), NA),
        (date(2023, 6, 20), OK),
        (date(2023, 8, 1), OK),
        (date(2023, 10, 31), OK),
        (date(2023, 12, 14), OK),
        (date(2023, 12, 31), OK),
        (date(2024, 2, 1), W),
        (date(2024, 3, 25), B),
        (date(2024, 6, 30), B),
    ],
)
def test_worked_example(as_of, status):
    assert r16_concerns_answered(WORKED_CONCERNS, as_of).status == status
    (finding,) = (f for f in evaluate(WORKED_CONCERNS, as_of) if f.rule == "R16")
    assert finding.status == status


def test_worked_example_reasons_and_sentences():
    # 14 Dec 2023: the concern of 25 Nov has waited 19 days, not more than 21.
    finding = r16_concerns_answered(WORKED_CONCERNS, date(2023, 12, 14))
    assert (finding.details["waiting"], finding.details["late"]) == (1, 0)
    assert explain(finding) == (
        "2 concerns submitted by this date: none has waited more than 21 days for a first "
        "answer (1 still within that time)."
    )
    assert explain(r16_concerns_answered(WORKED_CONCERNS, date(2024, 2, 1))) == (
        "1 concern has waited more than 21 days for a first answer; the oldest, submitted on "
        "10.01.2024, has waited 22 days."
    )
    assert explain(r16_concerns_answered(WORKED_CONCERNS, date(2024, 3, 25))) == (
        "1 concern has waited more than 21 days for a first answer; the oldest, submitted on "
        "10.01.2024, has waited 75 days. That is more than 30 days."
    )


# -- Explanations -------------------------------------------------------------------------

EXAMPLES = (
    r16_concerns_answered(council(constituted_on=None), SUBMITTED),
    r16_concerns_answered(council(concern(), constituted_on=after(1)), SUBMITTED),
    r16_concerns_answered(council(), SUBMITTED),
    r16(as_of=after(3)),
    r16(concern(), concern(submitted_on=after(-2)), as_of=after(25)),
    r16(as_of=after(45)),
)


def test_examples_cover_every_reason_and_status_of_r16():
    assert {f.reason for f in EXAMPLES} == REASONS["R16"]
    assert {f.status for f in EXAMPLES} == {OK, W, B, NA}


@pytest.mark.parametrize("finding", EXAMPLES, ids=lambda f: f"{f.rule}-{f.reason}-{f.status}")
def test_every_reason_has_a_sentence_with_its_numbers(finding):
    sentence = explain(finding)
    assert sentence != finding.reason
    assert "%(" not in sentence
    assert sentence.endswith(".")


def test_plural_sentence_and_obligation():
    assert explain(EXAMPLES[4]).startswith("2 concerns have waited more than 21 days")
    assert obligation("R16") == "Every concern gets an answer"


# -- Facts from the database --------------------------------------------------------------

DAY = date(2025, 3, 3)


def test_concern_facts_first_answers_deletions_and_incidents(
    session, council_a, council_b, make_concern
):
    make_concern(
        council_a,
        submitted_on=DAY,
        history=[
            (ConcernStatus.UNDER_REVIEW, DAY + timedelta(days=2), None),
            (ConcernStatus.RESOLVED, DAY + timedelta(days=10), "The lights were repaired."),
            (ConcernStatus.REOPENED, DAY + timedelta(days=12), None),
            (ConcernStatus.RESOLVED, DAY + timedelta(days=20), "Repaired again."),
        ],
    )
    # An acknowledgement on the move to under_review is an answer too.
    make_concern(
        council_a,
        submitted_on=DAY + timedelta(days=1),
        history=[(ConcernStatus.UNDER_REVIEW, DAY + timedelta(days=4), "We are looking at it.")],
    )
    # An empty answer is none, and a concern closed without one stays unanswered (reading 8).
    make_concern(
        council_a,
        submitted_on=DAY + timedelta(days=2),
        history=[
            (ConcernStatus.UNDER_REVIEW, DAY + timedelta(days=3), ""),
            (ConcernStatus.RESOLVED, DAY + timedelta(days=5), None),
        ],
    )
    spam = make_concern(council_a, submitted_on=DAY + timedelta(days=3))
    spam.deleted_on = DAY + timedelta(days=6)
    spam.deleted_reason = "Advertising."
    make_concern(
        council_a,
        submitted_on=DAY + timedelta(days=4),
        serious_incident=True,
        incident_on=DAY + timedelta(days=3),
        history=[
            (ConcernStatus.REJECTED, DAY + timedelta(days=6), "Not the council's matter."),
            (ConcernStatus.REOPENED, DAY + timedelta(days=6), None),
        ],
    )
    make_concern(council_b, submitted_on=DAY)
    session.commit()

    found = concern_facts_by_council(session, [council_a.id, council_b.id])
    assert found[council_a.id] == CouncilConcerns(
        concerns=(
            ConcernFacts(DAY, first_answer_on=DAY + timedelta(days=10)),
            ConcernFacts(DAY + timedelta(days=1), first_answer_on=DAY + timedelta(days=4)),
            ConcernFacts(DAY + timedelta(days=2)),
            ConcernFacts(DAY + timedelta(days=3), deleted_on=DAY + timedelta(days=6)),
            ConcernFacts(DAY + timedelta(days=4), first_answer_on=DAY + timedelta(days=6)),
        ),
        incidents=(
            IncidentFacts(
                DAY + timedelta(days=3),
                statuses=(
                    (DAY + timedelta(days=4), "submitted"),
                    (DAY + timedelta(days=6), "rejected"),
                    (DAY + timedelta(days=6), "reopened"),
                ),
            ),
        ),
    )
    assert found[council_b.id] == CouncilConcerns(concerns=(ConcernFacts(DAY),))
    # Rejected and reopened on the same day: reopened is the status set last (reading 20).
    (incident,) = found[council_a.id].incidents
    assert incident.counts_on(DAY + timedelta(days=6))
    assert concern_facts(session, council_b.id) == found[council_b.id]


def test_a_council_without_concerns_has_empty_facts(session, council_a):
    assert concern_facts(session, council_a.id) == CouncilConcerns()


def test_one_statement_whatever_the_number_of_concerns_or_events(
    session, council_a, council_b, make_concern, count_queries
):
    def add(count: int, start: date) -> None:
        for n in range(count):
            submitted = start + timedelta(days=n)
            make_concern(
                council_a,
                submitted_on=submitted,
                serious_incident=n % 2 == 0,
                incident_on=submitted,
                history=[
                    (ConcernStatus.UNDER_REVIEW, submitted + timedelta(days=1), None),
                    (ConcernStatus.REFERRED, submitted + timedelta(days=3), "To the police."),
                ],
            )
            make_concern(council_b, submitted_on=submitted)

    ids = [council_a.id, council_b.id]
    statements = []
    for count, start in ((1, date(2024, 1, 2)), (12, date(2025, 1, 7))):
        add(count, start)
        session.expire_all()
        with count_queries() as counter:
            found = concern_facts_by_council(session, ids)
        statements.append(counter.count)
    assert statements == [1, 1]
    assert len(found[ids[0]].concerns) == 13
    assert len(found[ids[0]].incidents) == 7
    assert all(len(incident.statuses) == 3 for incident in found[ids[0]].incidents)
    assert len(found[ids[1]].concerns) == 13


def test_the_facts_feed_r16_and_r18(session, council_a, make_concern):
    as_of = DAY + timedelta(days=40)
    make_concern(council_a, submitted_on=DAY)  # never answered: 40 days
    make_concern(
        council_a,
        submitted_on=DAY + timedelta(days=30),
        serious_incident=True,
        incident_on=DAY + timedelta(days=29),
        history=[(ConcernStatus.UNDER_REVIEW, DAY + timedelta(days=31), "Received.")],
    )
    loaded = concern_facts(session, council_a.id)
    facts = council(concerns=loaded.concerns, incidents=loaded.incidents)
    assert r16_concerns_answered(facts, as_of).status == B
    # The incident 11 days before as_of has had no response: a warning.
    assert r18_responds_to_incidents(facts, as_of).status == W


# -- The council page ----------------------------------------------------------------------


@pytest.fixture
def english(app):
    """Read pages in English (the msgids)."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def constituted_a(session, council_a, make_member):
    session.add(
        CouncilDecision(
            council_id=council_a.id,
            kind=DecisionKind.CONSTITUTING,
            number="01-016/23",
            decided_on=date(2023, 3, 15),
        )
    )
    session.commit()
    make_member(council_a, role=MemberRole.CHAIR, appointed_on=date(2023, 3, 15))
    return council_a


def test_council_page_evaluates_r16_and_r18_on_the_council_concerns(
    english, client, constituted_a, make_concern, make_meeting
):
    day = today()
    make_concern(constituted_a, submitted_on=day - timedelta(days=25))
    make_concern(
        constituted_a,
        submitted_on=day - timedelta(days=20),
        serious_incident=True,
        incident_on=day - timedelta(days=20),
        history=[(ConcernStatus.UNDER_REVIEW, day - timedelta(days=19), "Received.")],
    )
    text = client.get(f"/councils/{constituted_a.id}").text
    assert "Every concern gets an answer" in text
    assert (
        "1 concern has waited more than 21 days for a first answer; the oldest, submitted on "
        f"{day - timedelta(days=25):%d.%m.%Y}, has waited 25 days."
    ) in text
    assert "1 serious incident has had no extraordinary meeting" in text
    # An extraordinary meeting within 14 days answers it.
    make_meeting(
        constituted_a,
        kind=MeetingKind.EXTRAORDINARY,
        status=MeetingStatus.HELD,
        scheduled_on=day - timedelta(days=15),
    )
    text = client.get(f"/councils/{constituted_a.id}").text
    assert "1 serious incident since" in text
    assert "1 answered within 14 days" in text


def test_council_page_query_count_does_not_grow_with_concerns(
    login, users, constituted_a, make_concern, session, count_queries
):
    def page_queries() -> int:
        client = login(users["secretary_a"])
        with count_queries() as counter:
            response = client.get(f"/councils/{constituted_a.id}")
        assert response.status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    day = today()
    make_concern(constituted_a, submitted_on=day - timedelta(days=3))
    few = page_queries()
    for n in range(10):
        make_concern(
            constituted_a,
            submitted_on=day - timedelta(days=10 * n + 5),
            serious_incident=True,
            incident_on=day - timedelta(days=10 * n + 6),
            history=[(ConcernStatus.RESOLVED, day - timedelta(days=10 * n), "Done.")],
        )
    assert page_queries() == few
