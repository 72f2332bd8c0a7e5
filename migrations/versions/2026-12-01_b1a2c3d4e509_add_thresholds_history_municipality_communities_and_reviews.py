"""Add the thresholds' history, the communities of each municipality and the ministry's reviews

Threshold changes take effect on a stated date (decided reading 16). Whether a municipality
is multi-ethnic is now derived from its list of communities: those recorded as not
multi-ethnic keep their majority community as their only one; the rest start unknown.

Revision ID: b1a2c3d4e509
Revises: b1a2c3d4e508
Create Date: 2026-12-01 08:59:00.839166
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e509"
down_revision: str | None = "b1a2c3d4e508"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "municipality_communities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_municipality_communities_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipality_communities")),
        sa.UniqueConstraint("municipality_id", "community", name="uq_municipality_community"),
    )
    with op.batch_alter_table("municipality_communities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_municipality_communities_municipality_id"),
            ["municipality_id"],
            unique=False,
        )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_as_of", sa.Date(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("respond_by", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "awaiting_response",
                "answered",
                "closed",
                name="reviewstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("rules", sa.String(length=120), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_reviews_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_reviews_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_council_id"), ["council_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_respond_by"), ["respond_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_status"), ["status"], unique=False)

    op.create_table(
        "threshold_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_threshold_changes_changed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threshold_changes")),
    )
    with op.batch_alter_table("threshold_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_threshold_changes_effective_from"), ["effective_from"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_threshold_changes_name"), ["name"], unique=False)

    op.create_table(
        "review_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_review_messages_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_messages_review_id_reviews")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_messages")),
    )
    with op.batch_alter_table("review_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_messages_review_id"), ["review_id"], unique=False
        )

    # A municipality recorded as not multi-ethnic has exactly one community, its majority.
    op.execute(
        "INSERT INTO municipality_communities (municipality_id, community, created_at)"
        " SELECT id, majority_community, CURRENT_TIMESTAMP FROM municipalities"
        " WHERE NOT is_multi_ethnic"
    )
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_column("is_multi_ethnic")


def downgrade() -> None:
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_multi_ethnic", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.execute(
        "UPDATE municipalities SET is_multi_ethnic = FALSE WHERE id IN ("
        " SELECT municipality_id FROM municipality_communities GROUP BY municipality_id"
        " HAVING COUNT(*) = 1 AND MAX(community) <> 'unknown')"
    )

    with op.batch_alter_table("review_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_messages_review_id"))

    op.drop_table("review_messages")
    with op.batch_alter_table("threshold_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_threshold_changes_name"))
        batch_op.drop_index(batch_op.f("ix_threshold_changes_effective_from"))

    op.drop_table("threshold_changes")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_status"))
        batch_op.drop_index(batch_op.f("ix_reviews_respond_by"))
        batch_op.drop_index(batch_op.f("ix_reviews_council_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("municipality_communities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipality_communities_municipality_id"))

    op.drop_table("municipality_communities")
