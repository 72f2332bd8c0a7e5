"""Flask commands: seed, create-user, demo-data, and the slices' own (notifications, compliance)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from safety.accounts.emails import canonical_email
from safety.accounts.models import Role, User
from safety.audit.record import set_actor
from safety.compliance.cli import compliance_command
from safety.compliance.reviews import review_reminders_command
from safety.concerns.notify import send_notifications_command
from safety.councils.models import Council, Municipality
from safety.db import get_session
from safety.organisations.models import Organisation
from safety.passwords import hash_password, password_problems
from safety.plans.holiday_prefill import prefill_holidays
from safety.seed import seed_municipalities


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(send_notifications_command)
    app.cli.add_command(compliance_command)
    app.cli.add_command(review_reminders_command)


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load the 38 municipalities and councils, and the 2013-2035 holidays (safe to repeat)."""
    set_actor(None, "cli:seed")
    session = get_session()
    created, updated = seed_municipalities(session)
    holidays_added = prefill_holidays(session)
    session.commit()
    click.echo(f"Municipalities: {created} created, {updated} updated.")
    click.echo(f"Public holidays: {holidays_added} added.")


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option(
    "--municipality", "municipality_code", help="Code (01-38) of the secretary's council."
)
@click.option("--organisation-id", type=int, help="Organisation of a CSO user.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user_command(
    email: str,
    full_name: str,
    role: str,
    municipality_code: str | None,
    organisation_id: int | None,
    password: str,
) -> None:
    """Create an account (the first administrator, typically)."""
    set_actor(None, "cli:create-user")
    session = get_session()
    canonical = canonical_email(email)
    if canonical is None:
        raise click.UsageError(f"{email!r} is not a valid e-mail address.")
    email = canonical
    if problems := password_problems(password, email):
        raise click.UsageError(" ".join(problems))
    if session.scalars(select(User.id).where(User.email == email)).first():
        raise click.UsageError(f"An account with {email} already exists.")
    council_id = None
    if Role(role) == Role.SECRETARY:
        council_id = session.scalars(
            select(Council.id).join(Municipality).where(Municipality.code == municipality_code)
        ).first()
        if council_id is None:
            raise click.UsageError("A secretary needs --municipality with a seeded code (01-38).")
    if Role(role) == Role.CSO and (
        organisation_id is None or session.get(Organisation, organisation_id) is None
    ):
        raise click.UsageError("A CSO user needs --organisation-id of an existing organisation.")
    user = User(
        email=email,
        full_name=full_name,
        role=Role(role),
        council_id=council_id,
        organisation_id=organisation_id if Role(role) == Role.CSO else None,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.commit()
    click.echo(f"Created {role} {email}.")


@click.command("demo-data")
@with_appcontext
def demo_data_command() -> None:
    """Create demo accounts for every role and realistic rosters for all 38 councils."""
    from safety.demo import create_demo_data

    set_actor(None, "cli:demo-data")
    session = get_session()
    seed_municipalities(session)
    logins = create_demo_data(session)
    session.commit()
    passwords = {login.password for login in logins}
    click.echo(f"Demo accounts (password for every one: {' / '.join(sorted(passwords))}):")
    for login in logins:
        click.echo(f"  {login.role:<10} {login.email:<40} {login.note}")
    click.echo("Demo data is public knowledge: never load it into a production database.")
