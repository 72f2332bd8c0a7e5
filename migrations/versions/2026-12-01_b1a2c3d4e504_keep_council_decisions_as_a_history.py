"""Keep council decisions as a history; link a member's successive appointments

Each council's single constituting decision (number and date on `councils`) becomes the first
row of `council_decisions`, so re-constitutions after elections add rows without resetting the
constituting date. Members get `previous_appointment_id`: a role change or re-appointment ends
one row and starts the next, linked to the same person.

Revision ID: b1a2c3d4e504
Revises: b1a2c3d4e503
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e504"
down_revision: str | None = "b1a2c3d4e503"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "council_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_council_decisions_council_id_councils"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_decisions")),
    )
    op.create_index(
        op.f("ix_council_decisions_council_id"), "council_decisions", ["council_id"], unique=False
    )
    # Today's data: a council with both a number and a date has its constituting decision.
    op.execute(
        "INSERT INTO council_decisions (council_id, kind, number, decided_on, created_at) "
        "SELECT id, 'constituting', decision_number, decision_on, created_at FROM councils "
        "WHERE decision_number IS NOT NULL AND decision_on IS NOT NULL"
    )
    connection = op.get_bind()
    # Plain ALTER TABLE instead of a batch rebuild: on SQLite a rebuild of a table that other
    # tables point at fails once rows exist ("FOREIGN KEY constraint failed").
    op.drop_column("councils", "decision_on")
    op.drop_column("councils", "decision_number")
    if connection.dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE members ADD COLUMN previous_appointment_id INTEGER "
            "CONSTRAINT fk_members_previous_appointment_id_members REFERENCES members (id)"
        )
    else:
        op.add_column("members", sa.Column("previous_appointment_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_members_previous_appointment_id_members"),
            "members",
            "members",
            ["previous_appointment_id"],
            ["id"],
        )
    op.create_index(
        op.f("ix_members_previous_appointment_id"),
        "members",
        ["previous_appointment_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_members_previous_appointment_id"), table_name="members")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("fk_members_previous_appointment_id_members"), "members", type_="foreignkey"
        )
    # SQLite drops the column together with its inline REFERENCES clause.
    op.drop_column("members", "previous_appointment_id")
    op.add_column("councils", sa.Column("decision_number", sa.String(length=60), nullable=True))
    op.add_column("councils", sa.Column("decision_on", sa.Date(), nullable=True))
    # Keep the earliest decision on the council, as the single field held it before.
    op.execute(
        "UPDATE councils SET "
        "decision_on = (SELECT MIN(d.decided_on) FROM council_decisions d "
        "WHERE d.council_id = councils.id), "
        "decision_number = (SELECT d.number FROM council_decisions d "
        "WHERE d.council_id = councils.id ORDER BY d.decided_on, d.id LIMIT 1)"
    )
    op.drop_index(op.f("ix_council_decisions_council_id"), table_name="council_decisions")
    op.drop_table("council_decisions")
