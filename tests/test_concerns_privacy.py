"""Privacy of concerns, end to end: every page, export, feed, e-mail and audit view, as every role.

The world is made through the real routes: an organisation submits a restricted concern, the
secretary enters one raised by telephone, a citizen uses the public form; the secretaries
review, note, answer and put a concern on a public agenda, the citizen reopens through the
private link. Then each role loads every concerns page (found in the URL map, so a new page
is covered without editing this test) and the shared pages around them, and the test looks
for every secret text where its reader must not find it:

- a restricted concern's title, description, answers and reasons: only the council's own
  secretary, the ministry, administrators and the submitting organisation (and whoever holds
  its private tracking link, on that page); never the audit trail, never an e-mail;
- internal notes: only the council's secretary, the ministry and administrators;
- a submitter's name, e-mail and telephone, and the submitting organisation's name: only the
  council's secretary and the submitting organisation; never the ministry, administrators,
  the public, the audit trail or an e-mail.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask, url_for
from PIL import Image, PngImagePlugin
from sqlalchemy import select

from safety.accounts.models import Role, User
from safety.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernPhoto,
    OutboxMessage,
    ResponseTemplate,
    Sensitivity,
)
from safety.consultations.models import MeetingKind
from safety.dates import today

ROLES = (
    "anonymous",
    "cso_pending",
    "cso_other",
    "cso",
    "secretary_a",
    "secretary_b",
    "ministry",
    "admin",
)
TRACK_LINK = re.compile(r"/track/([A-Za-z0-9_-]{20,})")
# Routes that only take a POST: their effects are covered by the pages they change.
POST_ONLY = {"add_note", "delete_photo", "publish_photo", "delete_template", "reopen"}
# List pages also loaded with a search and a filter that would pick the restricted ones.
LIST_ENDPOINTS = {
    "concerns.index",
    "concerns.export",
    "concerns.all",
    "concerns.export_all",
    "concerns.mine",
}
LIST_VARIANTS = ("", "?" + urlencode({"q": "ulpiana"}), "?sensitivity=restricted")


@dataclass
class Case:
    """One concern of the world with the texts only some readers may see."""

    key: str
    council: str  # "a" or "b"
    restricted: bool
    texts: list[str]  # title, description, answers, reasons: restricted ones only
    notes: list[str] = field(default_factory=list)
    identity: list[str] = field(default_factory=list)  # name, e-mail, telephone, organisation
    organisation: bool = False  # submitted by the "cso" role's organisation
    token: str | None = None
    id: int = 0
    reference: str = ""


@dataclass
class World:
    users: dict[str, User | None]
    council_ids: dict[str, int]
    cases: dict[str, Case]
    meeting_id: int
    template_id: int
    photo_id: int

    def case_of_token(self, token: str) -> Case | None:
        return next((case for case in self.cases.values() if case.token == token), None)


# -- Who may read what ------------------------------------------------------------------------


def is_staff_of(role: str, case: Case) -> bool:
    return role in ("ministry", "admin") or role == f"secretary_{case.council}"


def may_read_text(role: str, case: Case) -> bool:
    return not case.restricted or is_staff_of(role, case) or (case.organisation and role == "cso")


def may_read_identity(role: str, case: Case) -> bool:
    return role == f"secretary_{case.council}" or (case.organisation and role == "cso")


# -- Building the world through the routes ----------------------------------------------------


def concern_form(title: str, description: str, category: ConcernCategory, **extra: Any) -> dict:
    # "checked": the similar concerns were shown; the next send saves.
    return {
        "title": title,
        "description": description,
        "category": category.value,
        "settlement": "Ulpiana",
        "checked": "1",
        **extra,
    }


def created_id(response: Any) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def version(session: Any, concern_id: int) -> str:
    session.rollback()
    return str(session.get(Concern, concern_id).version_id)


def review(client: Any, session: Any, concern_id: int, category: ConcernCategory) -> None:
    response = client.post(
        f"/concerns/{concern_id}/edit",
        data={
            "reviewed": "y",
            "category": category.value,
            "sensitivity": Sensitivity.RESTRICTED.value,
            "settlement": "Ulpiana",
            "version": version(session, concern_id),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def answer(client: Any, session: Any, concern_id: int, status: str, text: str, **extra) -> None:
    response = client.post(
        f"/concerns/{concern_id}/status",
        data={
            "status": status,
            "answer": text,
            "answer_channel": "in_app",
            "version": version(session, concern_id),
            **extra,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def note(client: Any, concern_id: int, text: str) -> None:
    assert client.post(f"/concerns/{concern_id}/notes", data={"body": text}).status_code == 302


def photo_naming(name: str) -> bytes:
    """A PNG whose metadata names the person who took it (the upload must drop it)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", name)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 90, 200)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


@pytest.fixture
def world(
    app: Flask,
    session,
    login,
    users,
    make_user,
    make_organisation,
    make_concern,
    make_meeting,
    council_a,
    council_b,
) -> World:
    # Every row on one page: the audit trail and the lists are read whole.
    app.config["PAGE_SIZE"] = 1000
    submitter = make_user(
        Role.CSO,
        full_name="Drita Submitterova",
        email="drita.submitter@cso-one.example.org",
        organisation_id=make_organisation(name="Ulpiana Safe Homes Network").id,
    )
    people: dict[str, User | None] = {
        "anonymous": None,
        "cso_pending": users["cso_pending"],
        "cso_other": users["cso"],
        "cso": submitter,
        "secretary_a": users["secretary_a"],
        "secretary_b": users["secretary_b"],
        "ministry": users["ministry"],
        "admin": users["admin"],
    }
    secretary_a, secretary_b = login(users["secretary_a"]), login(users["secretary_b"])

    # 1. The organisation submits a restricted concern (domestic violence is by default).
    organisation_case = Case(
        "organisation",
        "a",
        restricted=True,
        texts=[
            "Organisation secret title about flat 4B in Ulpiana",
            "Organisation secret description of the shouting at night",
            "Organisation secret answer about the social worker visit",
        ],
        notes=["Organisation secret note naming the neighbour"],
        identity=[
            "Drita Submitterova",
            "drita.submitter@cso-one.example.org",
            "Ulpiana Safe Homes Network",
        ],
        organisation=True,
    )
    organisation_case.id = created_id(
        login(submitter).post(
            "/concerns/submit",
            data=concern_form(
                *organisation_case.texts[:2],
                ConcernCategory.DOMESTIC_VIOLENCE,
                council_id=str(council_a.id),
            ),
        )
    )
    # Its photo, whose metadata names the submitter, while the concern is open.
    uploaded = login(submitter).post(
        f"/concerns/{organisation_case.id}/photos",
        data={"photos": (io.BytesIO(photo_naming("Drita Submitterova")), "flat.png")},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)[:500]

    # 2. The secretary enters an inter-ethnic incident raised by telephone.
    phone_case = Case(
        "phone",
        "a",
        restricted=True,
        texts=[
            "Telephone secret title about the fight at the Ulpiana school",
            "Telephone secret description of who threw the first stone",
            "Telephone secret answer about the mediation meeting",
        ],
        notes=["Telephone secret note on the family of the caller"],
        identity=["Hidden Telephone Caller", "caller.two@example.org", "+383 44 765 432"],
    )
    phone_case.id = created_id(
        secretary_a.post(
            f"/councils/{council_a.id}/concerns/new",
            data=concern_form(
                *phone_case.texts[:2],
                ConcernCategory.INTER_ETHNIC_INCIDENT,
                channel="phone",
                submitted_on=today().isoformat(),
                submitter_name=phone_case.identity[0],
                submitter_email=phone_case.identity[1],
                submitter_phone=phone_case.identity[2],
            ),
        )
    )

    # 3. A citizen uses the public form, with a name and an e-mail: a private link.
    public_form_case = Case(
        "public_form",
        "a",
        restricted=True,
        texts=[
            "Public form secret title about the beaten wife in Ulpiana",
            "Public form secret description of the injuries seen",
            "Public form secret answer about the police report",
            "Public form secret reason for reopening the case",
            "Public form secret second answer after reopening",
        ],
        notes=["Public form secret note on the shelter address"],
        identity=["Anonymous Form Writer", "form.writer@example.org"],
    )
    citizen = login(None)
    created = citizen.post(
        f"/councils/{council_a.id}/concerns/report",
        data=concern_form(
            *public_form_case.texts[:2],
            ConcernCategory.DOMESTIC_VIOLENCE,
            submitter_name=public_form_case.identity[0],
            submitter_email=public_form_case.identity[1],
        ),
    )
    assert created.status_code == 302
    receipt = citizen.get("/concerns/submitted").get_data(as_text=True)
    public_form_case.token = TRACK_LINK.search(receipt).group(1)
    session.rollback()
    public_form_case.id = session.scalar(
        select(Concern.id).where(Concern.title == public_form_case.texts[0])
    )

    # 4. A public, reviewed concern: its text is everyone's, its submitter nobody else's.
    public_case = Case(
        "public",
        "a",
        restricted=False,
        texts=[],
        notes=["Public concern secret note on the mood of the caller"],
        identity=["Public Concern Caller", "public.caller@example.org", "+383 49 111 222"],
    )
    public_case.id = make_concern(
        council_a,
        title="Potholes on the Ulpiana ring road",
        submitted_on=today(),
        submitter_name=public_case.identity[0],
        submitter_email=public_case.identity[1],
        submitter_phone=public_case.identity[2],
    ).id

    # 5. Council B's restricted concern: council A's secretary must never read it.
    b_case = Case(
        "council_b",
        "b",
        restricted=True,
        texts=[
            "Council B secret title about the threats in Gracanica",
            "Council B secret description of the threatening letters",
            "Council B secret answer about the referral to the police",
        ],
        notes=["Council B secret note on the suspect"],
        identity=["Council B Hidden Caller", "b.caller@example.org", "+383 45 333 444"],
    )
    b_case.id = make_concern(
        council_b,
        title=b_case.texts[0],
        description=b_case.texts[1],
        category=ConcernCategory.INTER_ETHNIC_INCIDENT,
        sensitivity=Sensitivity.RESTRICTED,
        submitted_on=today(),
        submitter_name=b_case.identity[0],
        submitter_email=b_case.identity[1],
        submitter_phone=b_case.identity[2],
    ).id

    # The secretaries handle them: review, notes, answers, an agenda, a template.
    for case, category in (
        (organisation_case, ConcernCategory.DOMESTIC_VIOLENCE),
        (phone_case, ConcernCategory.INTER_ETHNIC_INCIDENT),
        (public_form_case, ConcernCategory.DOMESTIC_VIOLENCE),
    ):
        review(secretary_a, session, case.id, category)
        note(secretary_a, case.id, case.notes[0])
    answer(secretary_a, session, organisation_case.id, "under_review", organisation_case.texts[2])
    answer(
        secretary_a,
        session,
        phone_case.id,
        "referred",
        phone_case.texts[2],
        referred_to="police_station",
        referred_to_name="Police station Centre",
    )
    answer(secretary_a, session, public_form_case.id, "resolved", public_form_case.texts[2])
    reopened = citizen.post(
        f"/track/{public_form_case.token}/reopen", data={"reason": public_form_case.texts[3]}
    )
    assert reopened.status_code == 302, reopened.get_data(as_text=True)[:500]
    answer(secretary_a, session, public_form_case.id, "under_review", public_form_case.texts[4])
    note(secretary_a, public_case.id, public_case.notes[0])
    answer(secretary_a, session, public_case.id, "under_review", "We will repair the potholes.")
    note(secretary_b, b_case.id, b_case.notes[0])
    answer(secretary_b, session, b_case.id, "under_review", b_case.texts[2])

    consultation = make_meeting(
        council_a, kind=MeetingKind.PUBLIC_CONSULTATION, scheduled_on=today()
    )
    linked = secretary_a.post(
        f"/concerns/{phone_case.id}/meetings", data={"meeting": str(consultation.id)}
    )
    assert linked.status_code == 302, linked.get_data(as_text=True)[:500]
    templated = secretary_a.post(
        f"/councils/{council_a.id}/answer-templates/new",
        data={"title": "Referral", "language": "en", "body": "We referred your concern."},
    )
    assert templated.status_code == 302

    session.rollback()
    # The caller's private link reaches them only in the receipt e-mail.
    receipt = session.scalar(
        select(OutboxMessage.body).where(
            OutboxMessage.concern_id == phone_case.id,
            OutboxMessage.dedupe_key.like("%-received"),
        )
    )
    phone_case.token = TRACK_LINK.search(receipt).group(1)
    cases = (organisation_case, phone_case, public_form_case, public_case, b_case)
    for case in cases:
        case.reference = session.get(Concern, case.id).reference
    return World(
        users=people,
        council_ids={"a": council_a.id, "b": council_b.id},
        cases={case.key: case for case in cases},
        meeting_id=consultation.id,
        template_id=session.scalar(select(ResponseTemplate.id)),
        photo_id=session.scalar(select(ConcernPhoto.id)),
    )


# -- Every page a role may load -----------------------------------------------------------


def parameter_values(world: World, name: str) -> list[Any]:
    values = {
        "council_id": list(world.council_ids.values()),
        "concern_id": [case.id for case in world.cases.values()],
        "photo_id": [world.photo_id],
        "template_id": [world.template_id],
        "token": [case.token for case in world.cases.values() if case.token],
    }
    assert name in values, f"a concerns route takes <{name}>: give this test values for it"
    return values[name]


def concern_urls(app: Flask, world: World) -> Iterator[tuple[str, str]]:
    """(endpoint, URL) for every concerns route answering GET, with every parameter value."""
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("concerns.") or "GET" not in rule.methods:
                continue
            names = sorted(rule.arguments)
            for values in product(*(parameter_values(world, name) for name in names)):
                url = url_for(rule.endpoint, **dict(zip(names, values, strict=True)))
                variants = LIST_VARIANTS if rule.endpoint in LIST_ENDPOINTS else ("",)
                for variant in variants:
                    yield rule.endpoint, url + variant


def shared_urls(world: World) -> list[str]:
    """The pages around concerns: councils, meetings and their feeds, organisations."""
    a, b = world.council_ids["a"], world.council_ids["b"]
    organisations = {
        user.organisation_id for user in world.users.values() if user and user.organisation_id
    }
    return [
        "/",
        "/councils/",
        f"/councils/{a}",
        f"/councils/{b}",
        f"/councils/{a}/consultations",
        f"/councils/{a}/meetings/",
        f"/councils/{a}/meetings.ics",
        f"/councils/{b}/meetings.ics",
        f"/meetings/{world.meeting_id}",
        "/meetings/calendar",
        "/calendar/feed",
        *(f"/organisations/{organisation}" for organisation in sorted(organisations)),
    ]


AUDIT_URLS = ("/audit/", "/audit/export.csv")


def body_of(response: Any) -> str:
    """The response as text; iCalendar lines unfolded, so a long title is found whole."""
    data = response.get_data()
    text = data.decode("utf-8", errors="replace")
    if response.mimetype == "text/calendar":
        text = text.replace("\r\n ", "").replace("\\,", ",")
    return text


def private_feed_url(client: Any) -> str | None:
    """The role's own private calendar feed, if it may have one (made through the page)."""
    response = client.post("/calendar/feed", data={"action": "create"})
    if response.status_code != 200:
        return None
    found = re.search(r"/calendar/[A-Za-z0-9_-]+\.ics", response.get_data(as_text=True))
    return found.group(0) if found else None


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)

    def check(
        self,
        role: str,
        where: str,
        text: str,
        world: World,
        *,
        strict: bool = False,
    ) -> None:
        """Every secret `role` may not read must be absent from `text`.

        `strict` (the audit trail): no restricted text and no submitter at all, whoever reads.
        On a tracking page, its own concern's text is the link holder's to read. An
        organisation's page lists its users: the name of the one who submitted a concern is
        a secret there only next to the concern.
        """
        token = where.rsplit("/track/", 1)[1].split("/")[0] if "/track/" in where else None
        tracked = world.case_of_token(token) if token else None
        for case in world.cases.values():
            readable = (not strict and may_read_text(role, case)) or case is tracked
            if case.restricted and not readable:
                self._absent(role, where, text, case.texts, f"{case.key}'s restricted text")
            if strict or not is_staff_of(role, case):
                self._absent(role, where, text, case.notes, f"{case.key}'s internal note")
            listed_account = (
                case.organisation
                and where.startswith("/organisations/")
                and case.reference not in text
            )
            if (strict or not may_read_identity(role, case)) and not listed_account:
                self._absent(role, where, text, case.identity, f"{case.key}'s submitter")

    def _absent(self, role: str, where: str, text: str, secrets: list[str], what: str) -> None:
        for secret in secrets:
            if secret in text:
                self.problems.append(f"{role} reads {what} {secret!r} at {where}")


def client_for(login: Any, world: World, role: str) -> Any:
    client = login(world.users[role])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def load_everything(app: Flask, world: World, login: Any) -> tuple[Findings, dict[str, str]]:
    """Every concerns page, export and shared page as every role, checked as it loads."""
    findings = Findings()
    pages: dict[str, str] = {}
    for role in ROLES:
        client = client_for(login, world, role)
        urls = [url for _, url in concern_urls(app, world)] + shared_urls(world)
        feed = private_feed_url(client) if world.users[role] is not None else None
        if feed:
            urls.append(feed)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, f"{role} {url}: {response.status_code}"
            text = body_of(response)
            pages[f"{role} {url}"] = text
            findings.check(role, url, text, world)
    return findings, pages


def test_every_page_export_and_feed_as_every_role(app, world, login):
    findings, pages = load_everything(app, world, login)
    assert not findings.problems, "\n".join(findings.problems)

    # The checks above only mean something if the secrets are where they belong.
    cases = world.cases
    organisation, phone = cases["organisation"], cases["phone"]
    shown = pages[f"secretary_a /concerns/{phone.id}"]
    for secret in phone.texts + phone.notes + phone.identity:
        assert secret in shown, secret
    shown = pages[f"cso /concerns/{organisation.id}"]
    for secret in organisation.texts + organisation.identity:
        assert secret in shown, secret
    shown = pages[f"ministry /concerns/{cases['council_b'].id}"]
    for secret in cases["council_b"].texts + cases["council_b"].notes:
        assert secret in shown, secret
    shown = pages[f"secretary_a /councils/{world.council_ids['a']}/concerns/export.csv"]
    assert phone.texts[0] in shown
    assert phone.identity[2] in shown
    assert (
        "Potholes on the Ulpiana ring road"
        in pages[f"anonymous /councils/{world.council_ids['a']}/concerns/public"]
    )
    # The photo reached a reader who may see it, without the metadata naming its author.
    assert "JFIF" in pages[f"ministry /concerns/{organisation.id}/photos/{world.photo_id}.jpg"]
    tracked = pages[f"anonymous /track/{cases['public_form'].token}"]
    assert cases["public_form"].texts[4] in tracked
    assert phone.texts[2] in pages[f"cso_other /track/{phone.token}"]
    # The restricted concern is on the public consultation's agenda, by its reference only.
    assert phone.reference in pages[f"anonymous /meetings/{world.meeting_id}"]


def test_every_concerns_page_is_loaded(app, world, login):
    """Each concerns route answering GET is loaded with every value of its parameters."""
    endpoints = {endpoint for endpoint, _ in concern_urls(app, world)}
    expected = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("concerns.") and rule.endpoint.split(".")[1] not in POST_ONLY
    }
    assert endpoints == expected
    assert len(expected) >= 20


def test_emails_carry_no_concern_text_and_go_only_to_the_submitter(app, world, session):
    session.rollback()
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    submitters = {case.id: case for case in world.cases.values()}
    recipients = set()
    problems = []
    for message in messages:
        case = submitters[message.concern_id]
        recipients.add(message.recipient)
        assert message.recipient in case.identity, (message.recipient, case.key)
        text = f"{message.subject}\n{message.body}"
        for other in world.cases.values():
            for secret in other.texts + other.notes + other.identity:
                if secret in text:
                    problems.append(f"the e-mail to {message.recipient} quotes {secret!r}")
        with app.app_context():
            description = session.get(Concern, message.concern_id).description
        if description in text:
            problems.append(f"the e-mail to {message.recipient} quotes the description")
    assert not problems, "\n".join(problems)
    # Receipts and notices went out: to the organisation's user, the caller and the citizen.
    assert recipients == {
        "drita.submitter@cso-one.example.org",
        "caller.two@example.org",
        "form.writer@example.org",
        "public.caller@example.org",
        "b.caller@example.org",
    }


def audit_trail(login: Any, world: World, role: str) -> dict[str, str]:
    client = client_for(login, world, role)
    pages = {}
    for url in AUDIT_URLS:
        response = client.get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        pages[url] = body_of(response)
    return pages


@pytest.mark.parametrize("role", ["ministry", "admin"])
def test_audit_trail_quotes_no_concern_text_and_names_no_citizen(world, login, role):
    findings = Findings()
    for url, text in audit_trail(login, world, role).items():
        findings.check(role, url, text, world, strict=True)
    # An organisation's user acts under their own name: the next test's subject.
    assert not [
        problem for problem in findings.problems if "organisation's submitter" not in problem
    ]
    export = audit_trail(login, world, role)["/audit/export.csv"]
    for case in world.cases.values():
        if case.key != "public":
            assert case.reference in export, case.key
    assert "value is not kept in the audit trail" in export


def test_others_cannot_open_the_audit_trail(world, login):
    for role in ("anonymous", "cso_pending", "cso_other", "cso", "secretary_a", "secretary_b"):
        for url in AUDIT_URLS:
            response = client_for(login, world, role).get(url)
            assert response.status_code in (302, 403), (role, url)
            assert world.cases["organisation"].reference not in body_of(response)


def test_audit_trail_never_pairs_an_organisations_user_with_its_concern(world, login):
    case = world.cases["organisation"]
    for role in ("ministry", "admin"):
        export = audit_trail(login, world, role)["/audit/export.csv"]
        rows = [line for line in export.splitlines() if case.reference in line]
        assert rows
        paired = [row for row in rows if any(secret in row for secret in case.identity)]
        assert not paired, "\n".join(paired)
