"""Demo data: every council gets a realistic roster, accounts sign in, reruns add nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from safety.accounts.demo import DEMO_PASSWORD
from safety.accounts.models import Role, User
from safety.audit.models import AuditEvent
from safety.compliance.facts import council_facts
from safety.compliance.rules import evaluate_membership
from safety.councils.demo import NAMES
from safety.councils.models import (
    Council,
    CouncilDecision,
    DecisionKind,
    Gender,
    Member,
    MemberRole,
    Municipality,
)
from safety.demo import create_demo_data
from safety.organisations.models import Organisation
from safety.passwords import password_problems
from safety.seed import seed_municipalities
from tests.conftest import empty_tables

TODAY = date(2026, 11, 23)


def _load(app, session, today=TODAY):
    with app.app_context():
        logins = create_demo_data(session, today=today)
        session.commit()
    return logins


def _counts(session):
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (User, Organisation, Member, AuditEvent)
    }


def test_cli_prints_the_logins_on_a_fresh_database(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "secretary.prishtine@demo.safety-ks.org" in result.output
    assert DEMO_PASSWORD in result.output


def test_every_council_gets_a_realistic_roster(app, session):
    _load(app, session)
    councils = session.scalars(select(Council)).all()
    members = session.scalars(select(Member)).all()
    # Today's roster: the meetings demo adds the previous mandate's members, who have left.
    current = [member for member in members if not member.has_left_by(TODAY)]
    by_council = Counter(member.council_id for member in current)
    assert len(councils) == 38
    assert all(by_council[council.id] >= 8 for council in councils)
    assert max(by_council.values()) <= 17

    def councils_with(role):
        return {m.council_id for m in members if m.role == role and m.left_on is None}

    assert len(councils_with(MemberRole.CHAIR)) >= 34
    assert len(councils_with(MemberRole.POLICE_COMMANDER)) >= 34
    assert len(councils_with(MemberRole.RELIGIOUS_COMMUNITY)) >= 34
    decisions = session.scalars(select(CouncilDecision)).all()
    constituted = {d.council_id for d in decisions if d.kind == DecisionKind.CONSTITUTING}
    assert len(constituted) == 36  # two councils await their constituting decision
    reconstituted = {d.council_id for d in decisions if d.kind == DecisionKind.RECONSTITUTING}
    assert len(reconstituted) == 35  # one council was first constituted in this mandate
    assert sum(m.is_publicly_named for m in members) > 0.8 * len(members)
    assert {m.gender for m in members} == set(Gender)
    assert len({m.birth_year for m in members}) > 30


def test_some_councils_are_incomplete_on_purpose(app, session):
    """Every membership rule has councils that meet it and councils that do not."""
    _load(app, session)
    councils = session.scalars(
        select(Council).options(
            joinedload(Council.municipality),
            selectinload(Council.members),
            selectinload(Council.decisions),
        )
    ).all()
    statuses: dict[str, set[str]] = {}
    for council in councils:
        for finding in evaluate_membership(council_facts(council), TODAY):
            statuses.setdefault(finding.rule, set()).add(finding.status)
    assert statuses["R01"] == {"ok", "breach"}
    for rule in ("R02", "R03", "R04", "R05"):
        assert "ok" in statuses[rule], rule
        assert statuses[rule] - {"ok"}, f"{rule}: no council fails it"
    assert statuses["R04"] == {"ok", "warning", "breach"}
    assert statuses["R05"] == {"ok", "warning", "breach"}


def test_names_and_institutions_fit_the_municipality(app, session):
    _load(app, session)
    rows = session.execute(
        select(Municipality.code, Member.role, Member.institution, Member.full_name)
        .join(Council, Council.municipality_id == Municipality.id)
        .join(Member, Member.council_id == Council.id)
    ).all()
    chairs = {code: institution for code, role, institution, _ in rows if role == "chair"}
    assert chairs["01"] == "Kryetari i Komunës Prishtinë"
    assert chairs["07"] == "Predsednik opštine Gračanica"
    police = {
        code: institution for code, role, institution, _ in rows if role == "police_commander"
    }
    assert police["01"].startswith("Stacioni Policor")
    religious = {
        (code, institution) for code, role, institution, _ in rows if role == "religious_community"
    }
    assert any(code == "07" and "pravoslavna" in institution for code, institution in religious)
    assert any(code == "18" and "Katolike" in institution for code, institution in religious)
    mamushe_names = {name for code, _, _, name in rows if code == "26"}
    turkish_families = set(NAMES["turkish"][2].split())
    turkish = [name for name in mamushe_names if name.split()[-1] in turkish_families]
    assert len(turkish) >= 0.6 * len(mamushe_names)


def test_running_twice_creates_nothing_new(app, session):
    first = _load(app, session)
    before = _counts(session)
    second = _load(app, session)
    assert _counts(session) == before
    assert first == second
    assert before["User"] == 6
    assert before["Organisation"] == 2


def test_rosters_are_the_same_on_every_fresh_database(app, session):
    _load(app, session)
    first = session.execute(select(Member.full_name, Member.role).order_by(Member.id)).all()
    session.close()
    empty_tables(app)
    with app.app_context():
        seed_municipalities(session)
        session.commit()
    _load(app, session)
    second = session.execute(select(Member.full_name, Member.role).order_by(Member.id)).all()
    assert first == second


def test_demo_accounts_have_the_documented_links(app, session):
    logins = _load(app, session)
    assert not password_problems(DEMO_PASSWORD)
    assert {login.email for login in logins} == {
        "admin@demo.safety-ks.org",
        "ministry@demo.safety-ks.org",
        "secretary.prishtine@demo.safety-ks.org",
        "secretary.gracanice@demo.safety-ks.org",
        "cso@demo.safety-ks.org",
        "cso.pending@demo.safety-ks.org",
    }
    users = {
        user.email.split("@")[0]: user
        for user in session.scalars(select(User).where(User.email.like("%@demo.safety-ks.org")))
    }
    codes = dict(
        session.execute(select(Council.id, Municipality.code).join(Council.municipality)).all()
    )
    assert users["admin"].role == Role.ADMIN
    assert users["ministry"].role == Role.MINISTRY
    assert codes[users["secretary.prishtine"].council_id] == "01"
    assert codes[users["secretary.gracanice"].council_id] == "07"
    verified = session.get(Organisation, users["cso"].organisation_id)
    pending = session.get(Organisation, users["cso.pending"].organisation_id)
    assert verified.is_verified
    assert not pending.is_verified
    served = session.scalars(
        select(Municipality.code)
        .join(Organisation.municipalities)
        .where(Organisation.id == verified.id)
    ).all()
    assert set(served) == {"01", "07", "03"}


def test_demo_accounts_sign_in_through_the_form(app, session, client):
    _load(app, session)
    council_01 = session.scalar(
        select(Council.id).join(Council.municipality).where(Municipality.code == "01")
    )
    response = client.post(
        "/login",
        data={"email": "secretary.prishtine@demo.safety-ks.org", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/").headers["Location"] == f"/councils/{council_01}"
