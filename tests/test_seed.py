"""Seeding loads the 38 municipalities with one council each, and repeating it changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from safety.accounts.models import Role, User
from safety.councils.models import Community, Council, Municipality
from safety.seed import merge_aliases, read_municipalities, seed_municipalities


def test_bundled_list_has_the_38_municipalities():
    rows = read_municipalities()
    assert len(rows) == 38
    assert len({row.code for row in rows}) == 38
    serb_majority = [row for row in rows if row.majority_community == Community.SERB]
    turkish_majority = [row for row in rows if row.majority_community == Community.TURKISH]
    assert len(serb_majority) == 10
    assert [row.name_tr for row in turkish_majority] == ["Mamuşa"]
    assert len({row.district for row in rows}) == 7
    assert sum(row.declaration_signed_on is not None for row in rows) == 29


def test_seed_creates_one_council_per_municipality(app, session):
    assert session.scalar(select(func.count(Municipality.id))) == 38
    assert session.scalar(select(func.count(Council.id))) == 38
    drenas = session.scalars(select(Municipality).where(Municipality.code == "06")).one()
    assert drenas.name_sr == "Glogovac"
    assert drenas.alias_list == ["Drenasi", "Gllogoc", "Gllogovci"]
    assert drenas.name("sr") == "Glogovac"
    assert drenas.name("sq") == "Drenas"
    assert drenas.bilingual_name("sq") == "Drenas/Glogovac"


def test_seed_is_idempotent_and_keeps_admin_edits(app, session, set_communities):
    junik = session.scalars(select(Municipality).where(Municipality.code == "20")).one()
    set_communities(junik, ["albanian"])
    session.commit()
    with app.app_context():
        created, updated = seed_municipalities(session)
        session.commit()
    assert (created, updated) == (0, 0)
    assert session.scalar(select(func.count(Council.id))) == 38
    session.refresh(junik)
    assert junik.is_multi_ethnic is False


def test_seed_adds_new_bundled_aliases_and_keeps_an_administrators(app, session):
    # A database seeded before the definite forms were bundled, where an administrator
    # had also added a name of their own.
    drenas = session.scalars(select(Municipality).where(Municipality.code == "06")).one()
    drenas.aliases = "Gllogoc|Drenica town"
    prishtine = session.scalars(select(Municipality).where(Municipality.code == "01")).one()
    prishtine.aliases = ""
    session.commit()
    with app.app_context():
        created, updated = seed_municipalities(session)
        session.commit()
    assert (created, updated) == (0, 2)
    session.refresh(drenas)
    session.refresh(prishtine)
    assert drenas.alias_list == ["Gllogoc", "Drenica town", "Drenasi", "Gllogovci"]
    assert prishtine.alias_list == ["Prishtina", "Pristina"]
    with app.app_context():
        assert seed_municipalities(session) == (0, 0)


def test_merge_aliases_ignores_case_and_empty_entries():
    assert merge_aliases("", "") == ""
    assert merge_aliases("peja|", "Peja|Pec") == "peja|Pec"


def test_every_bundled_alias_list_fits_its_column():
    limit = Municipality.__table__.c.aliases.type.length
    assert max(len(row.aliases) for row in read_municipalities()) <= limit


def test_seed_command_reports_nothing_new(app):
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated" in result.output


def test_create_user_command(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Chief@Example.org",
            "--name",
            "Chief Admin",
            "--role",
            "admin",
            "--password",
            "a long enough passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.email == "chief@example.org")).one()
    assert user.role == Role.ADMIN
    assert user.password_hash.startswith("$argon2id$")


def test_create_user_command_refuses_weak_password_and_missing_council(app, session):
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=["create-user", "--email", "a@example.org", "--name", "A", "--role", "admin"],
        input="short\nshort\n",
    )
    assert weak.exit_code != 0
    no_council = runner.invoke(
        args=[
            "create-user",
            "--email",
            "s@example.org",
            "--name",
            "S",
            "--role",
            "secretary",
            "--password",
            "a long enough passphrase",
        ]
    )
    assert no_council.exit_code != 0
    assert "municipality" in no_council.output
    assert session.scalar(select(func.count(User.id))) == 0
