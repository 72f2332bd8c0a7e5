"""Add community concerns with their dated status history, notes, photos, links and outbox

Concerns keep each status change as a dated event carrying the answer to the submitter (the
first one is what R16 measures); photos are stored re-encoded; e-mails wait in an outbox
written in the same transaction as the change they report.

Revision ID: b1a2c3d4e507
Revises: b1a2c3d4e506
Create Date: 2026-12-01 03:13:07.390159
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e507"
down_revision: str | None = "b1a2c3d4e506"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "response_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_response_templates_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_templates")),
    )
    with op.batch_alter_table("response_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_templates_council_id"), ["council_id"], unique=False
        )

    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("settlement", sa.String(length=120), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("communities", sa.String(length=200), nullable=False),
        sa.Column("serious_incident", sa.Boolean(), nullable=False),
        sa.Column("incident_on", sa.Date(), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("sensitivity", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitter_name", sa.String(length=200), nullable=True),
        sa.Column("submitter_email", sa.String(length=254), nullable=True),
        sa.Column("submitter_phone", sa.String(length=40), nullable=True),
        sa.Column("tracking_token_hash", sa.String(length=64), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("reopened_on", sa.Date(), nullable=True),
        sa.Column("deleted_on", sa.Date(), nullable=True),
        sa.Column("deleted_reason", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)",
            name=op.f("ck_concerns_point_has_both_coordinates"),
        ),
        sa.CheckConstraint(
            "NOT serious_incident OR incident_on IS NOT NULL",
            name=op.f("ck_concerns_incident_has_date"),
        ),
        sa.CheckConstraint(
            "duplicate_of_id IS NULL OR duplicate_of_id != id",
            name=op.f("ck_concerns_not_own_duplicate"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_concerns_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["concerns.id"], name=op.f("fk_concerns_duplicate_of_id_concerns")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_concerns_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name=op.f("fk_concerns_submitted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concerns")),
        sa.UniqueConstraint("reference", name=op.f("uq_concerns_reference")),
        sa.UniqueConstraint("tracking_token_hash", name=op.f("uq_concerns_tracking_token_hash")),
    )
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_concerns_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_concerns_council_id"), ["council_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_concerns_duplicate_of_id"), ["duplicate_of_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_concerns_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_concerns_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_concerns_submitted_on"), ["submitted_on"], unique=False
        )

    op.create_table(
        "concern_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answer_channel", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("referred_to", sa.String(length=40), nullable=True),
        sa.Column("referred_to_name", sa.String(length=200), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_concern_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_concern_events_concern_id_concerns")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"],
            ["concerns.id"],
            name=op.f("fk_concern_events_duplicate_of_id_concerns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_events")),
    )
    with op.batch_alter_table("concern_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concern_events_changed_on"), ["changed_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_concern_events_concern_id"), ["concern_id"], unique=False
        )

    op.create_table(
        "concern_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_concern_meetings_concern_id_concerns")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_concern_meetings_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_meetings")),
        sa.UniqueConstraint(
            "concern_id", "meeting_id", name=op.f("uq_concern_meetings_concern_id_meeting_id")
        ),
    )
    with op.batch_alter_table("concern_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concern_meetings_concern_id"), ["concern_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_concern_meetings_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "concern_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_concern_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_concern_notes_concern_id_concerns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_notes")),
    )
    with op.batch_alter_table("concern_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concern_notes_concern_id"), ["concern_id"], unique=False
        )

    op.create_table(
        "concern_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_concern_photos_concern_id_concerns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_photos")),
    )
    with op.batch_alter_table("concern_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concern_photos_concern_id"), ["concern_id"], unique=False
        )

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("concern_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["concern_id"], ["concerns.id"], name=op.f("fk_outbox_messages_concern_id_concerns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_concern_id"), ["concern_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_messages_sent_at"), ["sent_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_sent_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_concern_id"))

    op.drop_table("outbox_messages")
    with op.batch_alter_table("concern_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concern_photos_concern_id"))

    op.drop_table("concern_photos")
    with op.batch_alter_table("concern_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concern_notes_concern_id"))

    op.drop_table("concern_notes")
    with op.batch_alter_table("concern_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concern_meetings_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_concern_meetings_concern_id"))

    op.drop_table("concern_meetings")
    with op.batch_alter_table("concern_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concern_events_concern_id"))
        batch_op.drop_index(batch_op.f("ix_concern_events_changed_on"))

    op.drop_table("concern_events")
    with op.batch_alter_table("concerns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concerns_submitted_on"))
        batch_op.drop_index(batch_op.f("ix_concerns_status"))
        batch_op.drop_index(batch_op.f("ix_concerns_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_concerns_duplicate_of_id"))
        batch_op.drop_index(batch_op.f("ix_concerns_council_id"))
        batch_op.drop_index(batch_op.f("ix_concerns_category"))

    op.drop_table("concerns")
    with op.batch_alter_table("response_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_templates_council_id"))

    op.drop_table("response_templates")
