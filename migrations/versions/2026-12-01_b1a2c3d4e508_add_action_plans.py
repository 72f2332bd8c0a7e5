"""Add action plans with their dated history, versions, items, public comments, holidays and reports

One plan per council and year; item statuses and progress are dated rows; the holiday table
is the calendar working days are counted with (decided reading 12); activity reports carry
the submission date R17 reads.

Revision ID: b1a2c3d4e508
Revises: b1a2c3d4e507
Create Date: 2026-12-01 03:38:11.285206
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e508"
down_revision: str | None = "b1a2c3d4e507"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name_sq", sa.String(length=120), nullable=False),
        sa.Column("name_sr", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("to_confirm", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holidays")),
    )
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holidays_day"), ["day"], unique=False)

    op.create_table(
        "activity_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_activity_reports_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_reports")),
        sa.UniqueConstraint(
            "council_id", "kind", "year", name=op.f("uq_activity_reports_council_id_kind_year")
        ),
    )
    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_reports_council_id"), ["council_id"], unique=False
        )

    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("comment_starts_on", sa.Date(), nullable=True),
        sa.Column("comment_ends_on", sa.Date(), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("adopted_at_meeting_id", sa.Integer(), nullable=True),
        sa.Column("report_published_on", sa.Date(), nullable=True),
        sa.Column("report_summary", sa.Text(), nullable=False),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("assembly_reference", sa.String(length=100), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "comment_ends_on IS NULL OR comment_starts_on IS NULL "
            "OR comment_ends_on >= comment_starts_on",
            name=op.f("ck_action_plans_comment_ends_after_start"),
        ),
        sa.CheckConstraint(
            "forwarded_on IS NULL OR (adopted_on IS NOT NULL AND forwarded_on >= adopted_on)",
            name=op.f("ck_action_plans_forwarded_after_adoption"),
        ),
        sa.ForeignKeyConstraint(
            ["adopted_at_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_action_plans_adopted_at_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_action_plans_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plans")),
        sa.UniqueConstraint("council_id", "year", name=op.f("uq_action_plans_council_id_year")),
    )
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_plans_council_id"), ["council_id"], unique=False
        )

    op.create_table(
        "plan_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_plan_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plans.id"], name=op.f("fk_plan_events_plan_id_action_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_events")),
    )
    with op.batch_alter_table("plan_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_events_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("responsible_kind", sa.String(length=40), nullable=False),
        sa.Column("responsible_name", sa.String(length=200), nullable=False),
        sa.Column("partners", sa.String(length=300), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("budget_eur", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("budget_source", sa.String(length=200), nullable=True),
        sa.Column("indicator", sa.Text(), nullable=True),
        sa.Column("target", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "budget_eur IS NULL OR budget_eur >= 0", name=op.f("ck_plan_items_budget_not_negative")
        ),
        sa.CheckConstraint(
            "deadline IS NULL OR starts_on IS NULL OR deadline >= starts_on",
            name=op.f("ck_plan_items_deadline_after_start"),
        ),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100", name=op.f("ck_plan_items_progress_is_a_percentage")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plans.id"], name=op.f("fk_plan_items_plan_id_action_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_items")),
    )
    with op.batch_alter_table("plan_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_items_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_items_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_plan_versions_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plans.id"], name=op.f("fk_plan_versions_plan_id_action_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_plan_versions_plan_id_number")),
    )
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_versions_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "item_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_item_concerns_concern_id_concerns")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["plan_items.id"], name=op.f("fk_item_concerns_item_id_plan_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_concerns")),
        sa.UniqueConstraint(
            "item_id", "concern_id", name=op.f("uq_item_concerns_item_id_concern_id")
        ),
    )
    with op.batch_alter_table("item_concerns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_item_concerns_concern_id"), ["concern_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_item_concerns_item_id"), ["item_id"], unique=False)

    op.create_table(
        "item_status_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status != 'cancelled' OR reason IS NOT NULL",
            name=op.f("ck_item_status_events_cancel_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_item_status_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["plan_items.id"], name=op.f("fk_item_status_events_item_id_plan_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_status_events")),
    )
    with op.batch_alter_table("item_status_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_item_status_events_item_id"), ["item_id"], unique=False
        )

    op.create_table(
        "plan_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("commenter_name", sa.String(length=200), nullable=True),
        sa.Column("commenter_email", sa.String(length=254), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("response", sa.String(length=40), nullable=True),
        sa.Column("response_reason", sa.Text(), nullable=True),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("deleted_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_plan_comments_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["plan_items.id"], name=op.f("fk_plan_comments_item_id_plan_items")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_plan_comments_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["action_plans.id"], name=op.f("fk_plan_comments_plan_id_action_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_comments")),
    )
    with op.batch_alter_table("plan_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_comments_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_comments_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "progress_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100",
            name=op.f("ck_progress_updates_progress_is_a_percentage"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_progress_updates_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["plan_items.id"], name=op.f("fk_progress_updates_item_id_plan_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_updates")),
    )
    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_updates_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_updates_item_id"))

    op.drop_table("progress_updates")
    with op.batch_alter_table("plan_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_comments_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_comments_item_id"))

    op.drop_table("plan_comments")
    with op.batch_alter_table("item_status_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_status_events_item_id"))

    op.drop_table("item_status_events")
    with op.batch_alter_table("item_concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_concerns_item_id"))
        batch_op.drop_index(batch_op.f("ix_item_concerns_concern_id"))

    op.drop_table("item_concerns")
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_versions_plan_id"))

    op.drop_table("plan_versions")
    with op.batch_alter_table("plan_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_items_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_items_deadline"))

    op.drop_table("plan_items")
    with op.batch_alter_table("plan_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_events_plan_id"))

    op.drop_table("plan_events")
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_plans_council_id"))

    op.drop_table("action_plans")
    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_reports_council_id"))

    op.drop_table("activity_reports")
    with op.batch_alter_table("holidays", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holidays_day"))

    op.drop_table("holidays")
