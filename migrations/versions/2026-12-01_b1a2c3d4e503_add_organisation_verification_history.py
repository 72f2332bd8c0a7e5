"""Replace organisations.is_verified by a review status, its reason and the verified details

`status` is pending, verified, rejected or withdrawn; `status_reason` is the reviewer's reason
for the last rejection or withdrawal. `verified_name` and `verified_registration_number` keep
the details the last verification vouched for, so a later change of them is shown and sends
the organisation back to review. `version_id` refuses decisions and edits made on a stale page.
Existing rows: verified ones become `verified` with today's name and number as the verified
details, the others `pending`.

No table is rebuilt: a SQLite batch rebuild of `organisations` drops the old table, which fails
on a populated database (users point at it) or, without users, cascades the deletion to its
municipality links. Columns are added and dropped with plain ALTER TABLE (SQLite >= 3.35).

Revision ID: b1a2c3d4e503
Revises: b1a2c3d4e502
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e503"
down_revision: str | None = "b1a2c3d4e502"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite adds a NOT NULL column only with a default; the model declares the same ones.
    op.add_column(
        "organisations",
        sa.Column("status", sa.String(length=40), nullable=False, server_default="pending"),
    )
    op.add_column("organisations", sa.Column("status_reason", sa.String(length=1000)))
    op.add_column("organisations", sa.Column("verified_name", sa.String(length=200)))
    op.add_column("organisations", sa.Column("verified_registration_number", sa.String(length=40)))
    op.add_column(
        "organisations",
        sa.Column("version_id", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_index(op.f("ix_organisations_status"), "organisations", ["status"])
    organisations = sa.table(
        "organisations",
        sa.column("is_verified", sa.Boolean()),
        sa.column("name", sa.String()),
        sa.column("registration_number", sa.String()),
        sa.column("status", sa.String()),
        sa.column("verified_name", sa.String()),
        sa.column("verified_registration_number", sa.String()),
    )
    op.execute(
        sa.update(organisations)
        .where(organisations.c.is_verified == sa.true())
        .values(
            status="verified",
            verified_name=organisations.c.name,
            verified_registration_number=organisations.c.registration_number,
        )
    )
    op.drop_column("organisations", "is_verified")


def downgrade() -> None:
    op.add_column(
        "organisations",
        sa.Column("is_verified", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    organisations = sa.table(
        "organisations", sa.column("is_verified", sa.Boolean()), sa.column("status", sa.String())
    )
    # Rejected and withdrawn organisations were not verified: the old model has no other word.
    op.execute(
        sa.update(organisations)
        .where(organisations.c.status == "verified")
        .values(is_verified=sa.true())
    )
    if op.get_bind().dialect.name != "sqlite":
        # The old model had no default: every insert set the flag.
        op.alter_column("organisations", "is_verified", server_default=None)
    op.drop_index(op.f("ix_organisations_status"), table_name="organisations")
    for column in (
        "version_id",
        "verified_registration_number",
        "verified_name",
        "status_reason",
        "status",
    ):
        op.drop_column("organisations", column)
