"""Intake: the public form (honeypot, per-address limit), an organisation's submission, the
secretary's entry, bad input, references, the receipt e-mail, similar concerns and the home
of a verified organisation."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from flask_login import FlaskLoginClient
from sqlalchemy import func, insert, select

from safety.accounts.models import AddressAttempt, AttemptKind, Role
from safety.audit.models import AuditAction, AuditEvent
from safety.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernChannel,
    ConcernEvent,
    ConcernStatus,
    OutboxMessage,
    Sensitivity,
)
from safety.concerns.tracking import token_hash
from safety.consultations.models import MeetingKind, MeetingStatus
from safety.councils.models import Municipality
from safety.dates import today
from safety.organisations.models import OrganisationStatus, organisation_municipalities
from tests.conftest import assert_no_duplicated_queries

DESCRIPTION = "Deep potholes make cyclists swerve into traffic every morning near the market."
TRACK_LINK = re.compile(r"https?://[^/\s\"<]+/track/([A-Za-z0-9_-]{43})")


@pytest.fixture
def english(login):
    def factory(user=None):
        client = login(user)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return factory


def concern_form(**overrides):
    values = {
        "title": "Potholes on the road to the market",
        "description": DESCRIPTION,
        "category": "traffic_and_school_safety",
        "settlement": "Arbëria",
        "communities": ["roma", "albanian"],
        "observed_on": "2025-03-01",
        "checked": "1",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def report_url(council):
    return f"/councils/{council.id}/concerns/report"


def new_url(council):
    return f"/councils/{council.id}/concerns/new"


def council_code(session, council):
    """The municipality code a council's references start with."""
    return session.get(Municipality, council.municipality_id).code


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


# -- The public form ----------------------------------------------------------------------


def test_council_page_links_to_its_public_form(english, council_a, users):
    public = english().get(f"/councils/{council_a.id}").get_data(as_text=True)
    assert f'href="{report_url(council_a)}"' in public
    assert f'href="{new_url(council_a)}"' not in public
    secretary = english(users["secretary_a"]).get(f"/councils/{council_a.id}")
    assert f'href="{new_url(council_a)}"' in secretary.get_data(as_text=True)


def test_public_form_has_a_hidden_honeypot_out_of_the_tab_order(english, council_a):
    response = english().get(report_url(council_a))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    honeypot = re.search(r'<div class="visually-hidden">(.*?)</div>', html, re.S)
    assert honeypot is not None
    assert "Leave this field empty" in honeypot.group(1)
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", honeypot.group(1)).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_public_form_saves_an_anonymous_unreviewed_concern(english, session, council_a):
    client = english()
    response = client.post(
        report_url(council_a),
        data=concern_form(submitter_name="Arta", submitter_email="Arta@Example.org"),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/concerns/submitted"
    concern = session.scalars(select(Concern)).one()
    assert concern.council_id == council_a.id
    assert concern.channel == ConcernChannel.PUBLIC_FORM
    assert concern.submitted_on == today()
    assert concern.reviewed_on is None
    assert concern.organisation_id is None
    assert concern.submitted_by_id is None
    assert concern.submitter_name == "Arta"
    assert concern.submitter_email == "Arta@Example.org"
    assert concern.status == ConcernStatus.SUBMITTED
    assert concern.sensitivity == Sensitivity.PUBLIC
    assert concern.communities == "albanian,roma"
    assert concern.settlement == "Arbëria"
    assert concern.observed_on == date(2025, 3, 1)
    assert concern.search_text == f"potholes on the road to the market {DESCRIPTION.lower()}"
    assert re.fullmatch(r"[0-9a-f]{64}", concern.tracking_token_hash)
    assert concern.reference == f"{council_code(session, council_a)}-{today().year}-0001"
    events = session.scalars(select(ConcernEvent)).all()
    assert [(e.status, e.changed_on, e.actor_id, e.answer) for e in events] == [
        (ConcernStatus.SUBMITTED, today(), None, None)
    ]

    confirmation = client.get("/concerns/submitted")
    page = confirmation.get_data(as_text=True)
    assert confirmation.headers["Cache-Control"] == "no-store"
    assert confirmation.headers["Referrer-Policy"] == "no-referrer"
    assert concern.reference in page
    token = TRACK_LINK.search(page).group(1)
    assert token_hash(token) == concern.tracking_token_hash
    assert "An e-mail with the reference and the link" in page
    # Shown once: the confirmation is gone on the next visit.
    again = client.get("/concerns/submitted").get_data(as_text=True)
    assert token not in again
    assert concern.reference not in again
    assert english().get(f"/track/{token}").status_code == 200


def test_public_receipt_carries_the_link_and_reference_but_no_text(english, session, council_a):
    client = english()
    client.post(report_url(council_a), data=concern_form(submitter_email="citizen@example.org"))
    concern = session.scalars(select(Concern)).one()
    message = session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "citizen@example.org"
    assert message.concern_id == concern.id
    assert message.dedupe_key == f"concern-{concern.id}-received"
    assert concern.reference in message.subject
    token = TRACK_LINK.search(message.body).group(1)
    assert token_hash(token) == concern.tracking_token_hash
    assert concern.reference in message.body
    assert "Potholes" not in message.body + message.subject
    assert "cyclists" not in message.body
    # The form's language only (the sender chose it).
    assert "-----" not in message.body


def test_public_form_without_email_shows_the_link_and_queues_nothing(english, session, council_a):
    client = english()
    client.post(report_url(council_a), data=concern_form())
    assert count(session, OutboxMessage) == 0
    page = client.get("/concerns/submitted").get_data(as_text=True)
    assert TRACK_LINK.search(page) is not None
    assert "An e-mail with the reference" not in page


@pytest.mark.parametrize(
    ("category", "sensitivity"),
    [
        ("domestic_violence", Sensitivity.RESTRICTED),
        ("inter_ethnic_incident", Sensitivity.RESTRICTED),
        ("stray_dogs", Sensitivity.PUBLIC),
    ],
)
def test_sensitive_categories_are_restricted_by_default(
    english, session, council_a, category, sensitivity
):
    english().post(report_url(council_a), data=concern_form(category=category))
    assert session.scalars(select(Concern.sensitivity)).one() == sensitivity


def test_signed_in_people_use_the_public_form_anonymously(english, session, users, council_a):
    secretary = users["secretary_b"]
    response = english(secretary).post(
        report_url(council_a), data=concern_form(submitter_name="Someone")
    )
    assert response.status_code == 302
    concern = session.scalars(select(Concern)).one()
    assert concern.submitted_by_id is None
    assert concern.organisation_id is None
    assert concern.channel == ConcernChannel.PUBLIC_FORM
    assert session.scalars(select(ConcernEvent.actor_id)).one() is None
    created = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "concerns", AuditEvent.action == AuditAction.CREATE
        )
    ).one()
    assert created.actor_id is None
    assert created.actor_label == "anonymous"


def test_a_filled_honeypot_saves_nothing_and_says_so(english, session, council_a):
    response = english().post(
        report_url(council_a), data=concern_form(website="http://spam.example")
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "a hidden field meant to stop automated senders was filled in" in html
    assert "http://spam.example" not in html
    assert count(session, Concern) == 0
    assert count(session, ConcernEvent) == 0
    assert count(session, OutboxMessage) == 0
    # The attempt counts against the address.
    assert session.scalars(select(AddressAttempt.kind)).all() == [AttemptKind.ANONYMOUS_SUBMISSION]


def test_the_address_limit_answers_429_and_saves_nothing(app, english, session, council_a):
    app.config["ADDRESS_MAX_ANONYMOUS_SUBMISSIONS"] = 2
    client = english()
    for number in range(2):
        response = client.post(report_url(council_a), data=concern_form(title=f"Potholes {number}"))
        assert response.status_code == 302
    refused = client.post(report_url(council_a), data=concern_form(title="Potholes 3"))
    assert refused.status_code == 429
    assert "Too many attempts from your network. Please wait 60 minutes" in refused.get_data(
        as_text=True
    )
    assert count(session, Concern) == 2
    # Another council's form is the same address: still refused.
    other = english().post(report_url(council_a), data=concern_form(title="Potholes 4"))
    assert other.status_code == 429


def test_the_address_limit_is_30_an_hour_by_default(app):
    assert app.config["ADDRESS_MAX_ANONYMOUS_SUBMISSIONS"] == 30
    assert app.config["ADDRESS_SUBMISSION_WINDOW_SECONDS"] == 3600


def test_submissions_older_than_the_hour_no_longer_count(app, english, session, council_a):
    app.config["ADDRESS_MAX_ANONYMOUS_SUBMISSIONS"] = 1
    client = english()
    assert client.post(report_url(council_a), data=concern_form()).status_code == 302
    attempt = session.scalars(select(AddressAttempt)).one()
    attempt.attempted_at = attempt.attempted_at - timedelta(minutes=61)
    session.commit()
    response = client.post(report_url(council_a), data=concern_form(title="Again"))
    assert response.status_code == 302
    # The old attempt was purged, the new one counts.
    assert count(session, AddressAttempt) == 1


# -- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": ""}, "Describe the concern: what, where and since when."),
        ({"description": "\u200b \u200b"}, "Enter visible text"),
        ({"title": ""}, "Give the concern a short title."),
        ({"title": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"category": "sightseeing"}, "Choose one of the listed categories."),
        ({"category": ""}, "Choose the category that fits best."),
        ({"communities": ["martians"]}, "Choose communities from the list."),
        ({"observed_on": "2999-01-01"}, "This date cannot be in the future."),
        ({"latitude": "41.9981", "longitude": "21.4254"}, "This point is outside Kosovo."),
        ({"latitude": "42.66"}, "Give both the latitude and the longitude, or neither."),
        ({"latitude": "north", "longitude": "21.1"}, "Enter a number, for example 42.6629."),
        ({"latitude": "nan", "longitude": "21.1"}, "Enter a number, for example 42.6629."),
        ({"latitude": "142.6", "longitude": "21.1"}, "A latitude lies between -90 and 90."),
        ({"submitter_email": "not an address"}, "Enter a valid e-mail address."),
    ],
)
def test_bad_input_on_the_public_form_is_refused_with_a_message(
    english, session, council_a, changes, message
):
    response = english().post(report_url(council_a), data=concern_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(session, Concern) == 0
    assert count(session, ConcernEvent) == 0
    assert count(session, AddressAttempt) == 0


def test_a_point_in_kosovo_is_kept_with_a_decimal_comma(english, session, council_a):
    response = english().post(
        report_url(council_a), data=concern_form(latitude="42,6629", longitude=" 21.1655 ")
    )
    assert response.status_code == 302
    concern = session.scalars(select(Concern)).one()
    assert (concern.latitude, concern.longitude) == (42.6629, 21.1655)


def test_an_unknown_council_is_404(english):
    assert english().get("/councils/999999/concerns/report").status_code == 404
    assert (
        english().post("/councils/999999/concerns/report", data=concern_form()).status_code == 404
    )


# -- Similar concerns before saving ----------------------------------------------------------


@pytest.fixture
def similar_world(make_concern, council_a, council_b):
    words = "Potholes market road cyclists traffic"
    return {
        "public": make_concern(council_a, title=f"Public {words}", description=words),
        "restricted": make_concern(
            council_a,
            title=f"Restricted {words}",
            description=words,
            sensitivity=Sensitivity.RESTRICTED,
        ),
        "unreviewed": make_concern(
            council_a, title=f"Unreviewed {words}", description=words, reviewed_on=None
        ),
        "closed": make_concern(
            council_a,
            title=f"Closed {words}",
            description=words,
            history=[(ConcernStatus.RESOLVED, date(2025, 3, 10), "Filled in.")],
        ),
        "other_council": make_concern(council_b, title=f"Elsewhere {words}", description=words),
    }


def test_the_public_sees_only_public_reviewed_open_similar_concerns(
    english, session, council_a, similar_world
):
    before = count(session, Concern)
    response = english().post(report_url(council_a), data=concern_form(checked=None))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Similar concerns already raised with this council" in html
    assert similar_world["public"].reference in html
    assert "Public Potholes" in html
    for hidden in ("restricted", "unreviewed", "closed", "other_council"):
        assert similar_world[hidden].reference not in html
        assert similar_world[hidden].title not in html
    assert count(session, Concern) == before
    # The form keeps what was typed and is ready to send anyway.
    assert 'name="checked" type="hidden" value="1"' in html
    assert DESCRIPTION in html
    assert "Send my concern anyway" in html
    sent = english().post(report_url(council_a), data=concern_form())
    assert sent.status_code == 302
    assert count(session, Concern) == before + 1


def test_organisations_see_only_public_reviewed_similar_concerns(
    english, session, users, council_a, similar_world
):
    response = english(users["cso"]).post(
        "/concerns/submit", data=concern_form(checked=None, council_id=str(council_a.id))
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert similar_world["public"].reference in html
    assert similar_world["restricted"].reference not in html
    assert similar_world["unreviewed"].reference not in html


def test_the_secretary_sees_every_open_similar_concern_of_the_council(
    english, users, council_a, similar_world
):
    response = english(users["secretary_a"]).post(
        new_url(council_a),
        data=concern_form(checked=None, channel="phone", submitted_on=today().isoformat()),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for shown in ("public", "restricted", "unreviewed"):
        assert similar_world[shown].reference in html
    for hidden in ("closed", "other_council"):
        assert similar_world[hidden].reference not in html


def test_without_similar_concerns_the_first_send_saves(english, session, council_a):
    response = english().post(report_url(council_a), data=concern_form(checked=None))
    assert response.status_code == 302
    assert count(session, Concern) == 1


# -- An organisation's concern ---------------------------------------------------------------


def works_in(session, organisation_id, *councils):
    session.execute(
        insert(organisation_municipalities),
        [
            {"organisation_id": organisation_id, "municipality_id": council.municipality_id}
            for council in councils
        ],
    )
    session.commit()


def test_a_verified_organisation_submits_in_its_name(english, session, users, council_b):
    cso = users["cso"]
    works_in(session, cso.organisation_id, council_b)
    client = english(cso)
    form = client.get("/concerns/submit")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    # The council where it works comes first and is chosen.
    assert '<optgroup label="Where your organisation works">' in html
    assert re.search(rf'<option selected value="{council_b.id}">', html)
    response = client.post("/concerns/submit", data=concern_form(council_id=str(council_b.id)))
    concern = session.scalars(select(Concern)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/concerns/{concern.id}"
    assert concern.council_id == council_b.id
    assert concern.channel == ConcernChannel.ORGANISATION
    assert concern.organisation_id == cso.organisation_id
    assert concern.submitted_by_id == cso.id
    assert concern.submitter_name == cso.full_name
    assert concern.submitter_email == cso.email
    assert concern.submitted_on == today()
    assert concern.reviewed_on is None
    assert concern.tracking_token_hash is None
    assert count(session, OutboxMessage) == 0
    assert session.scalars(select(ConcernEvent.actor_id)).one() == cso.id
    page = client.get(f"/concerns/{concern.id}").get_data(as_text=True)
    assert concern.reference in page


def test_an_organisation_may_submit_to_any_council(english, session, users, council_a):
    response = english(users["cso"]).post(
        "/concerns/submit", data=concern_form(council_id=str(council_a.id))
    )
    assert response.status_code == 302
    assert session.scalars(select(Concern.council_id)).one() == council_a.id


@pytest.mark.parametrize("council_id", ["999999", "abc", ""])
def test_an_unknown_council_is_refused_on_submission(english, session, users, council_id):
    response = english(users["cso"]).post(
        "/concerns/submit", data=concern_form(council_id=council_id)
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose one of the listed councils." in html or "Choose the council." in html
    assert count(session, Concern) == 0


@pytest.mark.parametrize(
    ("status", "explanation"),
    [
        (OrganisationStatus.PENDING, "Your organisation is waiting for verification"),
        (OrganisationStatus.REJECTED, "registration was rejected or its verification withdrawn"),
        (OrganisationStatus.WITHDRAWN, "registration was rejected or its verification withdrawn"),
    ],
)
def test_an_unverified_organisation_cannot_submit_and_is_told_why(
    english, session, make_user, make_organisation, council_a, status, explanation
):
    organisation = make_organisation(status=status)
    user = make_user(Role.CSO, organisation_id=organisation.id)
    client = english(user)
    page = client.get("/concerns/submit")
    assert page.status_code == 403
    assert explanation in page.get_data(as_text=True)
    refused = client.post("/concerns/submit", data=concern_form(council_id=str(council_a.id)))
    assert refused.status_code == 403
    assert count(session, Concern) == 0


@pytest.mark.parametrize("role", ["secretary_a", "ministry", "admin"])
def test_staff_do_not_submit_in_an_organisations_name(english, users, role):
    page = english(users[role]).get("/concerns/submit")
    assert page.status_code == 403
    assert "users of a verified civil-society organisation" in page.get_data(as_text=True)


# -- The secretary's entry -------------------------------------------------------------------


def staff_form(**overrides):
    values = {
        "channel": "phone",
        "submitted_on": "2025-03-02",
        "submitter_name": "A Caller",
        "submitter_phone": "044 123 456",
    }
    values.update(overrides)
    return concern_form(**values)


def test_the_secretary_enters_a_concern_raised_by_telephone(english, session, users, council_a):
    secretary = users["secretary_a"]
    client = english(secretary)
    form = client.get(new_url(council_a))
    html = form.get_data(as_text=True)
    assert form.status_code == 200
    assert f'value="{today().isoformat()}"' in html
    for hidden in ("organisation", "public_form"):
        assert f'value="{hidden}"' not in html
    for shown in ("phone", "paper", "meeting", "in_person", "email"):
        assert f'value="{shown}"' in html
    response = client.post(new_url(council_a), data=staff_form())
    concern = session.scalars(select(Concern)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/concerns/{concern.id}"
    assert concern.channel == ConcernChannel.PHONE
    assert concern.submitted_on == date(2025, 3, 2)
    assert concern.reviewed_on == today()
    assert concern.submitted_by_id is None
    assert concern.organisation_id is None
    assert (concern.submitter_name, concern.submitter_phone) == ("A Caller", "044 123 456")
    assert concern.tracking_token_hash is None
    assert concern.reference == f"{council_code(session, council_a)}-2025-0001"
    event = session.scalars(select(ConcernEvent)).one()
    assert (event.status, event.changed_on, event.actor_id) == (
        ConcernStatus.SUBMITTED,
        date(2025, 3, 2),
        secretary.id,
    )
    assert count(session, OutboxMessage) == 0


def test_a_citizens_email_gets_the_receipt_in_every_language(english, session, users, council_a):
    english(users["secretary_a"]).post(
        new_url(council_a), data=staff_form(submitter_email="caller@example.org")
    )
    concern = session.scalars(select(Concern)).one()
    message = session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "caller@example.org"
    assert len(message.body.split("-----")) == 3
    tokens = set(TRACK_LINK.findall(message.body))
    assert len(tokens) == 1
    assert token_hash(tokens.pop()) == concern.tracking_token_hash
    assert DESCRIPTION not in message.body
    assert "Potholes" not in message.body + message.subject


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"channel": "public_form"}, "Choose one of the listed ways."),
        ({"channel": "organisation"}, "Choose one of the listed ways."),
        ({"channel": ""}, "Choose how the concern was raised."),
        ({"submitted_on": "2999-01-01"}, "This date cannot be in the future."),
        ({"submitted_on": ""}, "Enter the date the concern was raised."),
        (
            {"observed_on": "2025-03-05", "submitted_on": "2025-03-02"},
            "What was observed cannot be after the concern was raised (02.03.2025).",
        ),
        ({"submitter_phone": "12"}, "Enter a telephone number such as"),
        ({"description": ""}, "Describe the concern: what, where and since when."),
    ],
)
def test_bad_input_on_the_secretarys_entry_is_refused(
    english, session, users, council_a, changes, message
):
    response = english(users["secretary_a"]).post(new_url(council_a), data=staff_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(session, Concern) == 0


def test_another_councils_secretary_cannot_enter_concerns(english, session, users, council_a):
    client = english(users["secretary_b"])
    assert client.get(new_url(council_a)).status_code == 403
    assert client.post(new_url(council_a), data=staff_form()).status_code == 403
    assert count(session, Concern) == 0


# -- References ----------------------------------------------------------------------------


def test_references_count_per_council_and_year(english, session, users, council_a, council_b):
    secretary_a, secretary_b = english(users["secretary_a"]), english(users["secretary_b"])
    code_a, code_b = council_code(session, council_a), council_code(session, council_b)
    secretary_a.post(new_url(council_a), data=staff_form(title="One"))
    secretary_a.post(new_url(council_a), data=staff_form(title="Two"))
    secretary_a.post(
        new_url(council_a),
        data=staff_form(title="Old", submitted_on="2024-12-30", observed_on="2024-12-01"),
    )
    secretary_b.post(new_url(council_b), data=staff_form(title="B"))
    references = dict(session.execute(select(Concern.title, Concern.reference)).all())
    assert references == {
        "One": f"{code_a}-2025-0001",
        "Two": f"{code_a}-2025-0002",
        "Old": f"{code_a}-2024-0001",
        "B": f"{code_b}-2025-0001",
    }


def test_references_go_past_four_digits(english, session, users, council_a, make_concern):
    code = council_code(session, council_a)
    make_concern(council_a, reference=f"{code}-2025-9999")
    make_concern(council_a, reference=f"{code}-2025-0500")
    english(users["secretary_a"]).post(new_url(council_a), data=staff_form(title="Next"))
    assert session.scalars(select(Concern.reference).where(Concern.title == "Next")).one() == (
        f"{code}-2025-10000"
    )


def test_simultaneous_submissions_get_distinct_references(app, session, users, council_a):
    """Eight secretaries' requests at once: every one saved, no reference twice."""
    code = council_code(session, council_a)
    secretary = users["secretary_a"]
    url = new_url(council_a)
    # Detached with its columns loaded: the threads must not share the test's session.
    session.refresh(secretary)
    session.expunge(secretary)
    session.rollback()
    app.test_client_class = FlaskLoginClient

    def send(number: int) -> int:
        with app.test_client(user=secretary) as client:
            response = client.post(url, data=staff_form(title=f"Parallel {number}"))
            return response.status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(send, range(8)))
    assert results == [302] * 8
    references = session.scalars(select(Concern.reference)).all()
    assert sorted(references) == [f"{code}-2025-{number:04d}" for number in range(1, 9)]


def test_a_reference_taken_meanwhile_is_skipped(app, session, users, council_a):
    """Another writer holds 0001 uncommitted: the request waits, then numbers its own 0002."""
    code = council_code(session, council_a)
    secretary = users["secretary_a"]
    url, council_id = new_url(council_a), council_a.id
    session.refresh(secretary)
    session.expunge(secretary)
    session.rollback()
    app.test_client_class = FlaskLoginClient
    engine = app.extensions["safety.db"]["engine"]

    def send() -> int:
        with app.test_client(user=secretary) as client:
            return client.post(url, data=staff_form(title="Waits")).status_code

    with engine.connect() as other:
        other.execute(
            insert(Concern.__table__).values(
                council_id=council_id,
                reference=f"{code}-2025-0001",
                title="Written elsewhere",
                description="By another writer.",
                category=ConcernCategory.OTHER,
                submitted_on=date(2025, 3, 1),
                channel=ConcernChannel.PAPER,
            )
        )
        with ThreadPoolExecutor(max_workers=1) as pool:
            waiting = pool.submit(send)
            time.sleep(0.5)
            assert not waiting.done()
            other.commit()
            assert waiting.result(timeout=20) == 302
    references = dict(session.execute(select(Concern.title, Concern.reference)).all())
    assert references == {
        "Written elsewhere": f"{code}-2025-0001",
        "Waits": f"{code}-2025-0002",
    }


# -- A verified organisation's home ----------------------------------------------------------


@pytest.fixture
def home_world(session, users, make_concern, make_meeting, council_a, council_b):
    cso = users["cso"]
    works_in(session, cso.organisation_id, council_a)
    upcoming = today() + timedelta(days=10)
    answered = make_concern(
        council_a,
        title="Unlit underpass",
        organisation_id=cso.organisation_id,
        channel=ConcernChannel.ORGANISATION,
        history=[
            (ConcernStatus.UNDER_REVIEW, date(2025, 3, 5), "We have received it."),
            (ConcernStatus.RESOLVED, date(2025, 3, 20), "New lights were installed."),
        ],
    )
    unanswered = make_concern(
        council_a, title="Not answered yet", organisation_id=cso.organisation_id
    )
    someone_elses = make_concern(
        council_a,
        title="Another organisation's concern",
        history=[(ConcernStatus.RESOLVED, date(2025, 3, 20), "Answer for someone else.")],
    )
    return {
        "cso": cso,
        "answered": answered,
        "unanswered": unanswered,
        "someone_elses": someone_elses,
        "hosted": make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            scheduled_on=upcoming,
            title="Consultation in Prishtinë",
        ),
        "co_hosted": make_meeting(
            council_b,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            scheduled_on=upcoming + timedelta(days=1),
            co_hosts=[council_a],
            title="Joint consultation",
        ),
        "past": make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            scheduled_on=today() - timedelta(days=1),
            title="Yesterday's consultation",
        ),
        "cancelled": make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.CANCELLED,
            scheduled_on=upcoming,
            title="Cancelled consultation",
        ),
        "council_meeting": make_meeting(
            council_a, scheduled_on=upcoming, title="Regular council meeting"
        ),
        "elsewhere": make_meeting(
            council_b,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            scheduled_on=upcoming,
            title="Consultation in Graçanicë",
        ),
    }


def test_a_verified_organisations_home_shows_answers_and_consultations(english, home_world):
    cso = home_world["cso"]
    response = english(cso).get(f"/organisations/{cso.organisation_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    answered = home_world["answered"]
    assert f'href="/concerns/{answered.id}"' in html
    assert "New lights were installed." in html
    assert "We have received it." not in html  # only the latest answer
    assert "Answer for someone else." not in html
    assert home_world["unanswered"].title not in html
    assert 'href="/concerns/submit"' in html
    assert html.index("Consultation in Prishtinë") < html.index("Joint consultation")
    assert html.count("Joint consultation") == 1
    for absent in ("past", "cancelled", "council_meeting", "elsewhere"):
        assert home_world[absent].title not in html


def test_the_home_runs_the_same_queries_however_many_rows(
    english, home_world, make_concern, make_meeting, council_a, count_queries
):
    cso = home_world["cso"]
    client = english(cso)
    url = f"/organisations/{cso.organisation_id}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for number in range(4):
        make_concern(
            council_a,
            title=f"More {number}",
            organisation_id=cso.organisation_id,
            history=[(ConcernStatus.RESOLVED, date(2025, 4, 1), f"Answer {number}.")],
        )
        make_meeting(
            council_a,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            scheduled_on=today() + timedelta(days=20 + number),
        )
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert "Answer 3." in html
    assert few.count == many.count
    assert_no_duplicated_queries(many.statements)


@pytest.mark.parametrize("role", ["cso_pending", "ministry", "admin"])
def test_the_home_sections_are_for_the_verified_organisations_own_users(
    english, users, home_world, role
):
    user = users[role]
    organisation_id = user.organisation_id or home_world["cso"].organisation_id
    html = english(user).get(f"/organisations/{organisation_id}").get_data(as_text=True)
    assert "Latest answers from the councils" not in html
    assert "New lights were installed." not in html
