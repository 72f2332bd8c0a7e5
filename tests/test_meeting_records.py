"""Minutes and records: the light formatting and its sanitising, writing, releasing, approving."""

from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from safety.audit.models import AuditEvent
from safety.consultations.models import (
    Meeting,
    MeetingKind,
    MeetingRecord,
    MeetingStatus,
    RecordDecision,
    RecordStatus,
)
from safety.consultations.records import (
    ALLOWED_TAGS,
    RecordRefusedError,
    approve_minutes,
    body_text,
    circulate_minutes,
    publish_record,
    remove_scan,
    sanitise,
    text_to_html,
    write_record,
)
from safety.dates import today
from tests.conftest import assert_no_duplicated_queries

HELD_ON = date(2025, 3, 4)
NEXT_HELD_ON = date(2025, 4, 1)


@pytest.fixture(autouse=True)
def english(app):
    """Read pages in English (the msgids) unless a test's user prefers another language."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


class _Markup(HTMLParser):
    """Every tag and attribute in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend(attrs)


def markup_of(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def record_of(session, meeting) -> MeetingRecord | None:
    session.expire_all()
    return session.scalars(
        select(MeetingRecord).where(MeetingRecord.meeting_id == meeting.id)
    ).one_or_none()


def record_row(session, meeting) -> tuple | None:
    """The record's stored columns, to show a refused request changed nothing."""
    session.expire_all()
    row = session.execute(
        select(MeetingRecord.__table__).where(MeetingRecord.meeting_id == meeting.id)
    ).one_or_none()
    return tuple(row) if row is not None else None


def decisions_of(session, record: MeetingRecord) -> list[tuple[int, str]]:
    return [
        tuple(row)
        for row in session.execute(
            select(RecordDecision.position, RecordDecision.text)
            .where(RecordDecision.record_id == record.id)
            .order_by(RecordDecision.position)
        )
    ]


# Formatting and sanitising -------------------------------------------------------------------


def test_paragraphs_lists_headings_and_emphasis_become_html():
    text = (
        "The chair opened the meeting.\n"
        "The commander reported on **thefts** and *traffic*.\n"
        "\n"
        "- Patrols near schools\n"
        "- Street lighting in Ulpiana\n"
        "\n"
        "1. First point\n"
        "2) Second point\n"
        "### Next steps\n"
        "#### Who does what\n"
        "Closing words."
    )
    assert text_to_html(text) == (
        "<p>The chair opened the meeting.<br>The commander reported on "
        "<strong>thefts</strong> and <em>traffic</em>.</p>"
        "<ul><li>Patrols near schools</li><li>Street lighting in Ulpiana</li></ul>"
        "<ol><li>First point</li><li>Second point</li></ol>"
        "<h3>Next steps</h3><h4>Who does what</h4><p>Closing words.</p>"
    )


def test_windows_line_endings_and_empty_items_are_handled():
    assert text_to_html("One\r\n\r\n- \r\n- Two\r\n###  ") == "<p>One</p><ul><li>Two</li></ul>"


def test_typed_html_is_shown_as_text_never_as_markup():
    html = text_to_html(
        '<script>alert("x")</script> <img src=x onerror=alert(1)> '
        '<a href="javascript:alert(1)">link</a> **<b onclick=x>bold</b>**'
    )
    markup = markup_of(html)
    assert markup.tags == {"p", "strong"}
    assert markup.attributes == []
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<p>Hello<script>alert("x")</script></p>', "<p>Hello</p>"),
        ("<p>A photo <img src=x onerror=alert(1)></p>", "<p>A photo </p>"),
        ('<p><a href="javascript:alert(1)">the plan</a></p>', "<p>the plan</p>"),
        ('<p onclick="steal()" style="color:red" class="x">Text</p>', "<p>Text</p>"),
        ('<strong onmouseover="x()">bold</strong>', "<strong>bold</strong>"),
        ('<svg onload="alert(1)"><circle/></svg>ok', "ok"),
        ('<iframe src="https://example.org"></iframe><style>*{}</style>ok', "ok"),
        ("<!-- a comment --><ul><li>kept</li></ul>", "<ul><li>kept</li></ul>"),
        ("<h2>Not allowed</h2><h3>Allowed</h3>", "Not allowed<h3>Allowed</h3>"),
    ],
)
def test_sanitise_keeps_only_the_allowed_tags_without_attributes(dirty, clean):
    assert sanitise(dirty) == clean
    for danger in ("<script", "onerror=", "javascript:", "onclick", "onload", "style="):
        assert danger not in sanitise(dirty)


@pytest.mark.parametrize(
    "html",
    [
        "<p>Minutes text of council A</p>",
        "<p>One<br>two &amp; &lt;three&gt;</p><ul><li>a <em>b</em></li></ul><h3>H</h3>",
        "<ol><li>first</li><li><strong>second</strong></li></ol><p>after</p>",
    ],
)
def test_the_stored_html_comes_back_as_the_text_that_makes_it(html):
    assert text_to_html(body_text(html)) == html


def test_body_text_reads_html_stored_by_other_means():
    assert body_text("<p>Minutes text of council A</p>") == "Minutes text of council A"
    assert body_text("Loose <b>text</b><p>then a paragraph</p>") == "Loose text\n\nthen a paragraph"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab *-#1.)\n<>&\"'", max_size=60))
def test_editing_a_record_without_changes_keeps_its_html(text):
    html = text_to_html(text)
    assert text_to_html(body_text(html)) == html
    markup = markup_of(html)
    assert markup.tags <= ALLOWED_TAGS
    assert markup.attributes == []


# The services' own checks (the forms catch most of these first) ------------------------------


def transient_meeting(kind=MeetingKind.REGULAR, **record_values) -> Meeting:
    record = MeetingRecord(**record_values) if record_values else None
    return Meeting(
        id=1, council_id=1, kind=kind, status=MeetingStatus.HELD, held_on=HELD_ON, record=record
    )


@pytest.mark.parametrize(
    ("record_values", "call", "code"),
    [
        (
            {},
            lambda m: write_record(None, m, text="x", decisions=[], written_on=date(2025, 3, 3)),
            "written_before_held",
        ),
        (
            {"status": RecordStatus.CIRCULATED, "minutes_on": date(2025, 3, 6)},
            lambda m: write_record(None, m, text="x", decisions=[], written_on=date(2025, 3, 7)),
            "written_after_released",
        ),
        (
            {"status": RecordStatus.DRAFT},
            lambda m: write_record(
                None, m, text="x", decisions=["d"] * 101, written_on=date(2025, 3, 4)
            ),
            "too_many_decisions",
        ),
        (
            {"status": RecordStatus.DRAFT, "written_on": date(2025, 3, 6)},
            lambda m: circulate_minutes(m, circulated_on=date(2025, 3, 5)),
            "circulated_before_written",
        ),
        (
            {"status": RecordStatus.CIRCULATED, "written_on": HELD_ON},
            lambda m: approve_minutes(m, None),
            "no_approving_meeting",
        ),
        (
            {"status": RecordStatus.DRAFT, "written_on": HELD_ON},
            lambda m: remove_scan(None, m.record),
            "no_scan",
        ),
    ],
)
def test_the_services_refuse_what_the_rules_forbid(record_values, call, code):
    meeting = transient_meeting(**record_values)
    if record_values:
        meeting.record.scan = None
        meeting.record.decisions = []
    with pytest.raises(RecordRefusedError, match=f"^{code}$"):
        call(meeting)


def test_a_record_cannot_be_published_before_it_was_written():
    meeting = transient_meeting(
        MeetingKind.PUBLIC_CONSULTATION, status=RecordStatus.DRAFT, written_on=date(2025, 3, 6)
    )
    with pytest.raises(RecordRefusedError, match=r"^published_before_written$"):
        publish_record(meeting, today=date(2025, 3, 5))


# Writing -------------------------------------------------------------------------------------


@pytest.fixture
def held_meeting(make_meeting, council_a):
    return make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=HELD_ON)


def record_form(version: int = 0, **overrides):
    data = {
        "text": "The commander reported.\n\n- Patrols near schools",
        "decisions": "Ask for more patrols\n\nMeet the school directors\n",
        "written_on": "2025-03-05",
        "version": str(version),
    }
    data.update(overrides)
    return data


def test_the_secretary_writes_minutes_with_ordered_decisions(held_meeting, users, login, session):
    client = login(users["secretary_a"])
    assert client.get(f"/meetings/{held_meeting.id}/record").status_code == 200
    response = client.post(f"/meetings/{held_meeting.id}/record", data=record_form())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/meetings/{held_meeting.id}"
    record = record_of(session, held_meeting)
    assert record.status == RecordStatus.DRAFT
    assert record.body == "<p>The commander reported.</p><ul><li>Patrols near schools</li></ul>"
    assert record.written_on == date(2025, 3, 5)
    assert record.minutes_on is None
    assert decisions_of(session, record) == [
        (1, "Ask for more patrols"),
        (2, "Meet the school directors"),
    ]
    created = session.scalars(
        select(AuditEvent.entity_type).where(
            AuditEvent.entity_type.in_(("meeting_records", "record_decisions"))
        )
    ).all()
    assert sorted(created) == ["meeting_records", "record_decisions", "record_decisions"]


def test_the_form_opens_with_today_and_then_with_the_stored_text(
    held_meeting, make_record, users, login
):
    client = login(users["secretary_a"])
    page = client.get(f"/meetings/{held_meeting.id}/record").get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in page
    make_record(held_meeting, body="<p>First <strong>line</strong></p><ul><li>item</li></ul>")
    page = client.get(f"/meetings/{held_meeting.id}/record").get_data(as_text=True)
    assert "First **line**\n\n- item</textarea>" in page


def test_typed_scripts_are_stored_as_text(held_meeting, users, login, session):
    client = login(users["secretary_a"])
    text = '<script>alert("x")</script>\n<img src=x onerror=alert(1)>\n[a](javascript:alert(1))'
    response = client.post(f"/meetings/{held_meeting.id}/record", data=record_form(text=text))
    assert response.status_code == 302
    body = record_of(session, held_meeting).body
    markup = markup_of(body)
    assert markup.tags == {"p", "br"}
    assert markup.attributes == []
    page = client.get(f"/meetings/{held_meeting.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert" in page


def test_html_stored_by_other_means_is_sanitised_again_on_the_page(
    held_meeting, make_record, users, login
):
    make_record(
        held_meeting,
        body=(
            '<p>Kept</p><script>alert("x")</script><img src=x onerror=alert(1)>'
            '<a href="javascript:alert(1)">link</a>'
        ),
    )
    page = login(users["secretary_a"]).get(f"/meetings/{held_meeting.id}").get_data(as_text=True)
    assert "<p>Kept</p>" in page
    for danger in ('alert("x")', "onerror", "javascript:alert"):
        assert danger not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"written_on": "2025-03-03"}, "The record cannot be written before the meeting was held."),
        (
            {"written_on": (today() + timedelta(days=1)).isoformat()},
            "This date cannot be in the future.",
        ),
        ({"written_on": "4 March"}, "This field is required."),
        ({"text": "   "}, "This field is required."),
        ({"text": "\u200b\u200b"}, "Enter visible text"),
        ({"decisions": "\n".join(f"Decision {n}" for n in range(101))}, "at most 100 decisions"),
        ({"decisions": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    overrides, message, held_meeting, users, login, session
):
    response = login(users["secretary_a"]).post(
        f"/meetings/{held_meeting.id}/record", data=record_form(**overrides)
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert record_of(session, held_meeting) is None


@pytest.mark.parametrize("status", [MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED])
def test_no_record_for_a_meeting_that_was_not_held(status, make_meeting, users, login, session):
    meeting = make_meeting(status=status, scheduled_on=HELD_ON)
    client = login(users["secretary_a"])
    for response in (
        client.get(f"/meetings/{meeting.id}/record"),
        client.post(f"/meetings/{meeting.id}/record", data=record_form()),
    ):
        assert response.status_code == 400
        assert "kept only for meetings that were held" in response.get_data(as_text=True)
    assert record_of(session, meeting) is None


def test_approved_minutes_cannot_be_changed(
    held_meeting, make_meeting, make_record, users, login, session
):
    approving = make_meeting(status=MeetingStatus.HELD, scheduled_on=NEXT_HELD_ON)
    record = make_record(held_meeting, status=RecordStatus.APPROVED, approved_at=approving)
    before = record_row(session, held_meeting)
    response = login(users["secretary_a"]).post(
        f"/meetings/{held_meeting.id}/record", data=record_form(version=record.version_id)
    )
    assert response.status_code == 400
    assert "approved and can no longer be changed" in response.get_data(as_text=True)
    assert record_row(session, held_meeting) == before


def test_the_written_date_stays_before_circulation(
    held_meeting, make_record, users, login, session
):
    record = make_record(held_meeting, status=RecordStatus.CIRCULATED, minutes_on=date(2025, 3, 6))
    before = record_row(session, held_meeting)
    client = login(users["secretary_a"])
    response = client.post(
        f"/meetings/{held_meeting.id}/record",
        data=record_form(version=record.version_id, written_on="2025-03-07"),
    )
    assert response.status_code == 400
    assert "circulated or published on an earlier date" in response.get_data(as_text=True)
    assert record_row(session, held_meeting) == before
    # Circulated minutes can still be amended (before their approval); the status stays.
    response = client.post(
        f"/meetings/{held_meeting.id}/record",
        data=record_form(version=record.version_id, written_on="2025-03-06"),
    )
    assert response.status_code == 302
    assert record_of(session, held_meeting).status == RecordStatus.CIRCULATED


def test_a_stale_edit_gets_409_and_keeps_the_typed_text(
    held_meeting, make_record, users, login, session
):
    # Stored as the form below writes it: the first save changes only the decisions.
    record = make_record(
        held_meeting, body=text_to_html(record_form()["text"]), written_on=date(2025, 3, 5)
    )
    client = login(users["secretary_a"])
    opened = record.version_id
    assert (
        client.post(
            f"/meetings/{held_meeting.id}/record",
            data=record_form(version=opened, decisions="Only the decisions changed"),
        ).status_code
        == 302
    )
    saved = record_row(session, held_meeting)
    response = client.post(
        f"/meetings/{held_meeting.id}/record",
        data=record_form(version=opened, text="My unsaved wording"),
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "My unsaved wording</textarea>" in page
    assert "Someone else changed this record" in page
    assert "Only the decisions changed" in page  # the stored values, beside the input
    assert record_row(session, held_meeting) == saved
    # The form now carries the stored version: saving again is a deliberate overwrite.
    current = record_of(session, held_meeting).version_id
    assert f'name="version" type="hidden" value="{current}"' in page


def test_a_second_first_version_is_a_conflict(held_meeting, make_record, users, login, session):
    make_record(held_meeting, body="<p>Written in another tab</p>")
    response = login(users["secretary_a"]).post(
        f"/meetings/{held_meeting.id}/record", data=record_form(version=0)
    )
    assert response.status_code == 409
    assert record_of(session, held_meeting).body == "<p>Written in another tab</p>"


def test_unchanged_decisions_write_nothing_and_removed_ones_go(
    held_meeting, make_record, users, login, session
):
    record = make_record(held_meeting)
    client = login(users["secretary_a"])
    client.post(
        f"/meetings/{held_meeting.id}/record",
        data=record_form(version=record.version_id, decisions="One\nTwo\nThree"),
    )
    record = record_of(session, held_meeting)
    start = session.scalar(select(func.max(AuditEvent.id)))
    client.post(
        f"/meetings/{held_meeting.id}/record",
        data=record_form(version=record.version_id, decisions="One\nTwo, amended"),
    )
    assert decisions_of(session, record) == [(1, "One"), (2, "Two, amended")]
    changes = session.execute(
        select(AuditEvent.entity_type, AuditEvent.action).where(AuditEvent.id > start)
    ).all()
    assert sorted((entity, action.value) for entity, action in changes) == [
        ("record_decisions", "delete"),
        ("record_decisions", "update"),
    ]


# Circulating and publishing ------------------------------------------------------------------


def test_minutes_are_circulated_on_a_stated_earlier_date(
    held_meeting, make_record, users, login, session
):
    record = make_record(held_meeting, written_on=date(2025, 3, 5))
    client = login(users["secretary_a"])
    page = client.get(f"/meetings/{held_meeting.id}/record/circulate").get_data(as_text=True)
    assert f'value="{today().isoformat()}"' in page
    response = client.post(
        f"/meetings/{held_meeting.id}/record/circulate",
        data={"circulated_on": "2025-03-07", "version": record.version_id},
    )
    assert response.status_code == 302
    record = record_of(session, held_meeting)
    assert (record.status, record.minutes_on) == (RecordStatus.CIRCULATED, date(2025, 3, 7))


@pytest.mark.parametrize(
    ("circulated_on", "message"),
    [
        ("2025-03-04", "cannot be circulated before they were written"),
        ((today() + timedelta(days=1)).isoformat(), "This date cannot be in the future."),
        ("", "This field is required."),
    ],
)
def test_a_circulation_date_out_of_order_is_refused(
    circulated_on, message, held_meeting, make_record, users, login, session
):
    record = make_record(held_meeting, written_on=date(2025, 3, 5))
    before = record_row(session, held_meeting)
    response = login(users["secretary_a"]).post(
        f"/meetings/{held_meeting.id}/record/circulate",
        data={"circulated_on": circulated_on, "version": record.version_id},
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert record_row(session, held_meeting) == before


def test_a_stale_circulation_gets_409(held_meeting, make_record, users, login, session):
    record = make_record(held_meeting, written_on=date(2025, 3, 5))
    response = login(users["secretary_a"]).post(
        f"/meetings/{held_meeting.id}/record/circulate",
        data={"circulated_on": "2025-03-07", "version": record.version_id + 1},
    )
    assert response.status_code == 409
    assert "Someone else changed these minutes" in response.get_data(as_text=True)
    assert record_of(session, held_meeting).status == RecordStatus.DRAFT


def test_what_cannot_be_circulated(make_meeting, make_record, users, login, session):
    client = login(users["secretary_a"])
    consultation = make_meeting(
        kind=MeetingKind.PUBLIC_CONSULTATION, status=MeetingStatus.HELD, scheduled_on=HELD_ON
    )
    make_record(consultation)
    circulated = make_meeting(status=MeetingStatus.HELD, scheduled_on=HELD_ON)
    make_record(circulated, status=RecordStatus.CIRCULATED)
    without_record = make_meeting(status=MeetingStatus.HELD, scheduled_on=HELD_ON)
    not_held = make_meeting(scheduled_on=HELD_ON)
    cases = {
        not_held: "kept only for meetings that were held",
        consultation: "published, not circulated",
        circulated: "no longer a draft",
        without_record: "No minutes or record have been written",
    }
    for meeting, message in cases.items():
        before = record_row(session, meeting)
        response = client.post(
            f"/meetings/{meeting.id}/record/circulate",
            data={"circulated_on": "2025-03-05", "version": 1},
        )
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        assert record_row(session, meeting) == before


@pytest.mark.parametrize("kind", [MeetingKind.PUBLIC_CONSULTATION, MeetingKind.COMMUNITY_ACTIVITY])
def test_a_record_is_published_today_whatever_date_is_sent(
    kind, make_meeting, make_record, users, login, session
):
    meeting = make_meeting(kind=kind, status=MeetingStatus.HELD, scheduled_on=HELD_ON)
    record = make_record(meeting)
    client = login(users["secretary_a"])
    page = client.get(f"/meetings/{meeting.id}/record/publish").get_data(as_text=True)
    assert 'type="date"' not in page
    response = client.post(
        f"/meetings/{meeting.id}/record/publish",
        data={"version": record.version_id, "minutes_on": "2025-03-05"},
    )
    assert response.status_code == 302
    record = record_of(session, meeting)
    assert (record.status, record.minutes_on) == (RecordStatus.PUBLISHED, today())


def test_what_cannot_be_published(held_meeting, make_meeting, make_record, users, login, session):
    make_record(held_meeting)
    published = make_meeting(
        kind=MeetingKind.PUBLIC_CONSULTATION, status=MeetingStatus.HELD, scheduled_on=HELD_ON
    )
    make_record(published, status=RecordStatus.PUBLISHED)
    without_record = make_meeting(
        kind=MeetingKind.COMMUNITY_ACTIVITY, status=MeetingStatus.HELD, scheduled_on=HELD_ON
    )
    not_held = make_meeting(kind=MeetingKind.COMMUNITY_ACTIVITY, scheduled_on=HELD_ON)
    client = login(users["secretary_a"])
    for meeting, message in {
        held_meeting: "they are not published",
        published: "no longer a draft",
        without_record: "No minutes or record have been written",
        not_held: "kept only for meetings that were held",
    }.items():
        before = record_row(session, meeting)
        response = client.post(f"/meetings/{meeting.id}/record/publish", data={"version": 1})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        assert record_row(session, meeting) == before


def test_a_stale_publication_gets_409(make_meeting, make_record, users, login, session):
    meeting = make_meeting(
        kind=MeetingKind.PUBLIC_CONSULTATION, status=MeetingStatus.HELD, scheduled_on=HELD_ON
    )
    record = make_record(meeting)
    response = login(users["secretary_a"]).post(
        f"/meetings/{meeting.id}/record/publish", data={"version": record.version_id + 1}
    )
    assert response.status_code == 409
    assert record_of(session, meeting).status == RecordStatus.DRAFT


# Approval ------------------------------------------------------------------------------------


@pytest.fixture
def circulated(held_meeting, make_record):
    """Minutes of the 4 March meeting, circulated on 6 March."""
    make_record(held_meeting, status=RecordStatus.CIRCULATED, minutes_on=date(2025, 3, 6))
    return held_meeting


def approve(client, meeting, approving_id, session):
    version = record_of(session, meeting).version_id
    return client.post(
        f"/meetings/{meeting.id}/record/approve",
        data={"approved_at": str(approving_id), "version": str(version)},
    )


def test_minutes_are_approved_at_a_later_held_meeting_and_link_both_ways(
    circulated, make_meeting, users, login, session
):
    approving = make_meeting(
        status=MeetingStatus.HELD, scheduled_on=NEXT_HELD_ON, title="April meeting"
    )
    client = login(users["secretary_a"])
    page = client.get(f"/meetings/{circulated.id}/record/approve").get_data(as_text=True)
    assert f'<option value="{approving.id}">01.04.2025: April meeting</option>' in page
    response = approve(client, circulated, approving.id, session)
    assert response.status_code == 302
    record = record_of(session, circulated)
    assert record.status == RecordStatus.APPROVED
    assert (record.approved_on, record.approved_at_meeting_id) == (NEXT_HELD_ON, approving.id)

    minutes_page = client.get(f"/meetings/{circulated.id}").get_data(as_text=True)
    assert "Approved at the meeting of 01.04.2025:" in minutes_page
    assert f'href="/meetings/{approving.id}">April meeting</a>' in minutes_page
    approving_page = client.get(f"/meetings/{approving.id}").get_data(as_text=True)
    assert "This meeting approved the minutes of the meeting of 04.03.2025:" in approving_page
    assert f'href="/meetings/{circulated.id}">{circulated.title}</a>' in approving_page


def test_only_later_held_meetings_of_the_council_are_offered(
    circulated, make_meeting, council_b, users, login
):
    offered = make_meeting(status=MeetingStatus.HELD, scheduled_on=date(2025, 5, 6))
    extraordinary = make_meeting(
        kind=MeetingKind.EXTRAORDINARY, status=MeetingStatus.HELD, scheduled_on=date(2025, 3, 20)
    )
    not_offered = [
        make_meeting(status=MeetingStatus.HELD, scheduled_on=date(2025, 2, 4)),
        make_meeting(status=MeetingStatus.HELD, scheduled_on=HELD_ON),
        make_meeting(status=MeetingStatus.SCHEDULED, scheduled_on=date(2025, 6, 3)),
        make_meeting(
            kind=MeetingKind.PUBLIC_CONSULTATION,
            status=MeetingStatus.HELD,
            scheduled_on=date(2025, 4, 8),
        ),
        make_meeting(council_b, status=MeetingStatus.HELD, scheduled_on=date(2025, 4, 9)),
    ]
    page = login(users["secretary_a"]).get(f"/meetings/{circulated.id}/record/approve")
    text = page.get_data(as_text=True)
    assert text.index(f'value="{extraordinary.id}"') < text.index(f'value="{offered.id}"')
    for meeting in not_offered:
        assert f'value="{meeting.id}"' not in text


def test_without_a_later_meeting_the_page_says_what_to_do(circulated, users, login):
    page = login(users["secretary_a"]).get(f"/meetings/{circulated.id}/record/approve")
    assert page.status_code == 200
    assert "No later meeting of this council has been recorded as held yet." in page.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("approving", "message"),
    [
        ({"scheduled_on": date(2025, 2, 4), "status": MeetingStatus.HELD}, "not held after this"),
        ({"scheduled_on": HELD_ON, "status": MeetingStatus.HELD}, "not held after this one"),
        ({"scheduled_on": date(2025, 4, 1)}, "only be approved at a meeting that was held"),
        (
            {"scheduled_on": date(2025, 4, 1), "status": MeetingStatus.CANCELLED},
            "only be approved at a meeting that was held",
        ),
        (
            {"scheduled_on": date(2025, 3, 5), "status": MeetingStatus.HELD},
            "held before the minutes were circulated",
        ),
        (
            {
                "scheduled_on": date(2025, 4, 1),
                "status": MeetingStatus.HELD,
                "kind": MeetingKind.PUBLIC_CONSULTATION,
            },
            "not at a public consultation or an activity",
        ),
        (
            {"scheduled_on": date(2025, 4, 1), "status": MeetingStatus.HELD, "other": True},
            "at a meeting of the same council",
        ),
    ],
)
def test_approval_at_a_meeting_that_cannot_approve_is_refused(
    approving, message, circulated, make_meeting, council_b, users, login, session
):
    council = council_b if approving.pop("other", False) else None
    meeting = make_meeting(council, **approving)
    before = record_row(session, circulated)
    response = approve(login(users["secretary_a"]), circulated, meeting.id, session)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert record_row(session, circulated) == before


@pytest.mark.parametrize("approved_at", ["", "999999", "abc", "99999999999"])
def test_approval_without_a_real_meeting_is_refused(approved_at, circulated, users, login, session):
    before = record_row(session, circulated)
    response = login(users["secretary_a"]).post(
        f"/meetings/{circulated.id}/record/approve",
        data={"approved_at": approved_at, "version": "1"},
    )
    assert response.status_code == 400
    assert record_row(session, circulated) == before


def test_minutes_that_cannot_be_approved(
    make_meeting, make_record, council_a, users, login, session
):
    approving = make_meeting(status=MeetingStatus.HELD, scheduled_on=date(2025, 6, 3))
    not_held = make_meeting(scheduled_on=HELD_ON)
    # A record on a meeting not held (the lifecycle was corrected after it was written).
    make_record(not_held, status=RecordStatus.CIRCULATED)
    draft = make_meeting(status=MeetingStatus.HELD, scheduled_on=HELD_ON)
    make_record(draft)
    consultation = make_meeting(
        kind=MeetingKind.PUBLIC_CONSULTATION, status=MeetingStatus.HELD, scheduled_on=HELD_ON
    )
    make_record(consultation, status=RecordStatus.PUBLISHED)
    approved = make_meeting(status=MeetingStatus.HELD, scheduled_on=HELD_ON)
    make_record(approved, status=RecordStatus.APPROVED, approved_at=approving)
    without_record = make_meeting(status=MeetingStatus.HELD, scheduled_on=HELD_ON)
    cases = {
        not_held: "kept only for meetings that were held",
        draft: "circulate them to the members first",
        consultation: "Only council minutes are approved",
        approved: "already been approved",
        without_record: "No minutes or record have been written",
    }
    client = login(users["secretary_a"])
    for meeting, message in cases.items():
        before = record_row(session, meeting)
        for response in (
            client.get(f"/meetings/{meeting.id}/record/approve"),
            client.post(
                f"/meetings/{meeting.id}/record/approve",
                data={"approved_at": str(approving.id), "version": "1"},
            ),
        ):
            assert response.status_code == 400, meeting
            assert message in response.get_data(as_text=True)
        assert record_row(session, meeting) == before


def test_a_stale_approval_gets_409(circulated, make_meeting, users, login, session):
    approving = make_meeting(status=MeetingStatus.HELD, scheduled_on=NEXT_HELD_ON)
    version = record_of(session, circulated).version_id
    response = login(users["secretary_a"]).post(
        f"/meetings/{circulated.id}/record/approve",
        data={"approved_at": str(approving.id), "version": str(version + 1)},
    )
    assert response.status_code == 409
    assert record_of(session, circulated).status == RecordStatus.CIRCULATED


# Who sees what on the meeting page -----------------------------------------------------------


def test_staff_see_draft_minutes_with_dates_decisions_and_actions(
    held_meeting, make_record, users, login, session
):
    record = make_record(
        held_meeting, written_on=date(2025, 3, 5), body="<p>Confidential draft</p>"
    )
    session.add(RecordDecision(record_id=record.id, position=1, text="Ask for patrols"))
    session.commit()
    secretary = login(users["secretary_a"]).get(f"/meetings/{held_meeting.id}")
    page = secretary.get_data(as_text=True)
    assert "Confidential draft" in page
    assert "Written on 05.03.2025." in page
    assert "<li>Ask for patrols</li>" in page
    assert f"/meetings/{held_meeting.id}/record/circulate" in page
    ministry = login(users["ministry"]).get(f"/meetings/{held_meeting.id}").get_data(as_text=True)
    assert "Confidential draft" in ministry
    assert f"/meetings/{held_meeting.id}/record/circulate" not in ministry


def test_council_minutes_never_reach_anyone_outside_its_staff(circulated, users, login, session):
    record = record_of(session, circulated)
    record.body = "<p>Secret minutes wording</p>"
    session.commit()
    for role in ("anonymous", "cso", "secretary_b"):
        response = login(users.get(role)).get(f"/meetings/{circulated.id}")
        assert response.status_code == 404, role
        assert "Secret minutes wording" not in response.get_data(as_text=True)
    for public_page in (
        f"/councils/{circulated.council_id}",
        f"/councils/{circulated.council_id}/consultations",
    ):
        response = login(None).get(public_page)
        assert response.status_code == 200
        assert "Secret minutes wording" not in response.get_data(as_text=True)


def test_the_public_sees_a_published_consultation_record_only(
    make_meeting, make_record, users, login
):
    published = make_meeting(
        kind=MeetingKind.PUBLIC_CONSULTATION, status=MeetingStatus.HELD, scheduled_on=HELD_ON
    )
    make_record(
        published,
        status=RecordStatus.PUBLISHED,
        minutes_on=date(2025, 3, 10),
        body="<p>What citizens said</p>",
    )
    draft = make_meeting(
        kind=MeetingKind.COMMUNITY_ACTIVITY, status=MeetingStatus.HELD, scheduled_on=HELD_ON
    )
    make_record(draft, body="<p>Unpublished activity notes</p>")
    for role in ("anonymous", "cso", "secretary_b"):
        client = login(users.get(role))
        page = client.get(f"/meetings/{published.id}").get_data(as_text=True)
        assert "What citizens said" in page
        assert "Published on 10.03.2025." in page
        assert "Written on" not in page
        assert "/record" not in page
        page = client.get(f"/meetings/{draft.id}").get_data(as_text=True)
        assert "Unpublished activity notes" not in page
        assert "Activity report" not in page


# Query counts --------------------------------------------------------------------------------


def test_pages_run_the_same_queries_whatever_the_number_of_decisions(
    held_meeting, make_meeting, make_record, users, login, session, count_queries
):
    record = make_record(held_meeting)
    record_id = record.id
    client = login(users["secretary_a"])
    urls = [f"/meetings/{held_meeting.id}", f"/meetings/{held_meeting.id}/record"]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            assert_no_duplicated_queries(counter.statements)
            result.append(counter.count)
        return result

    few = counts()
    session.add_all(
        RecordDecision(record_id=record_id, position=n, text=f"Decision {n}") for n in range(1, 21)
    )
    session.commit()
    assert counts() == few


def test_the_approval_page_runs_the_same_queries_whatever_the_candidates(
    circulated, make_meeting, users, login, count_queries
):
    client = login(users["secretary_a"])
    url = f"/meetings/{circulated.id}/record/approve"
    make_meeting(status=MeetingStatus.HELD, scheduled_on=NEXT_HELD_ON)

    def count() -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        assert_no_duplicated_queries(counter.statements)
        return counter.count

    one = count()
    for month in range(5, 11):
        make_meeting(status=MeetingStatus.HELD, scheduled_on=date(2025, month, 6))
    assert count() == one
