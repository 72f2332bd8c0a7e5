"""Count attempts per client address; keep the previous password; fold registration numbers

`address_attempts` counts failed sign-ins and registrations per client address (a keyed hash,
never the address). `users.previous_password_hash` lets the forced change after a reset refuse
the password the account had before. `organisations.registration_key` is the registration
number folded (case, spaces, dashes, invisible characters), unique, so look-alike spellings of
one number cannot register a second organisation.

No table is rebuilt: a SQLite batch rebuild of `users` or `organisations` drops the old table,
which fails on a populated database because other tables' foreign keys point at it. Columns
are added with ALTER TABLE, and uniqueness is a unique index (CREATE INDEX needs no rebuild).

Revision ID: b1a2c3d4e502
Revises: b1a2c3d4e501
Create Date: 2026-12-01 00:00:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e502"
down_revision: str | None = "b1a2c3d4e501"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_IGNORED_IN_NUMBERS = frozenset({"Zs", "Zl", "Zp", "Pd", "Cc", "Cf"})


def _registration_key(number: str) -> str:
    """A frozen copy of safety.organisations.models.registration_key (migrations import no app)."""
    folded = unicodedata.normalize("NFKC", number).casefold()
    return "".join(
        char
        for char in folded
        if unicodedata.category(char) not in _IGNORED_IN_NUMBERS and char != "\u2212"
    )


def upgrade() -> None:
    op.create_table(
        "address_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "failed_sign_in",
                "registration",
                name="attemptkind",
                native_enum=False,
                length=40,
                create_constraint=False,
            ),
            nullable=False,
        ),
        sa.Column("address_key", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_attempts")),
    )
    with op.batch_alter_table("address_attempts") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_address_attempts_address_key"), ["address_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_address_attempts_attempted_at"), ["attempted_at"], unique=False
        )

    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("previous_password_hash", sa.String(length=255), nullable=True)
        )

    # SQLite adds a NOT NULL column only with a default; the rows get their keys right after.
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.add_column(
            sa.Column("registration_key", sa.String(), nullable=False, server_default="")
        )
    connection = op.get_bind()
    organisations = sa.table(
        "organisations",
        sa.column("id", sa.Integer()),
        sa.column("registration_number", sa.String()),
        sa.column("registration_key", sa.String()),
    )
    taken: set[str] = set()
    for row in connection.execute(
        sa.select(organisations.c.id, organisations.c.registration_number).order_by(
            organisations.c.id
        )
    ):
        key = _registration_key(row.registration_number)
        if key in taken:
            # Two numbers already registered that fold to one: both stay, the later one keyed
            # apart so the unique index can be built; an administrator can merge them.
            key = f"{key}#{row.id}"
        taken.add(key)
        connection.execute(
            sa.update(organisations)
            .where(organisations.c.id == row.id)
            .values(registration_key=key)
        )
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisations_registration_key"), ["registration_key"], unique=True
        )
    if connection.dialect.name != "sqlite":
        # The model has no default: every insert sets the key with the number.
        op.alter_column("organisations", "registration_key", server_default=None)


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35) instead of a batch rebuild, for the
    # reason given above; a column's index has to go first.
    op.drop_index(op.f("ix_organisations_registration_key"), table_name="organisations")
    op.drop_column("organisations", "registration_key")
    op.drop_column("users", "previous_password_hash")
    op.drop_index(op.f("ix_address_attempts_attempted_at"), table_name="address_attempts")
    op.drop_index(op.f("ix_address_attempts_address_key"), table_name="address_attempts")
    op.drop_table("address_attempts")
