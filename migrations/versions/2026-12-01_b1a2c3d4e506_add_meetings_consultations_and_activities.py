"""Add meetings, public consultations and community activities, with what compliance reads

Meetings (hosted by one or more councils), their dated history, agenda, attendance, guests,
participation by gender, age and community, attending organisations, minutes or records with
decisions and a signed scan, monthly series, and private calendar-feed tokens.

Revision ID: b1a2c3d4e506
Revises: b1a2c3d4e505
Create Date: 2026-12-01 02:56:02.462514
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b1a2c3d4e506"
down_revision: str | None = "b1a2c3d4e505"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("week_of_month", sa.Integer(), nullable=False),
        sa.Column("first_month_on", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_meeting_series_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_series")),
    )
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_series_council_id"), ["council_id"], unique=False
        )

    op.create_table(
        "calendar_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_tokens_token_hash")),
    )
    with op.batch_alter_table("calendar_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("place_name", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("settlement", sa.String(length=120), nullable=True),
        sa.Column("settlement_community", sa.String(length=40), nullable=True),
        sa.Column("online_url", sa.String(length=500), nullable=True),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("interpretation", sa.Boolean(), nullable=False),
        sa.Column("declaration", sa.String(length=300), nullable=True),
        sa.Column("cancelled_reason", sa.Text(), nullable=True),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status != 'held' OR held_on IS NOT NULL", name=op.f("ck_meetings_held_has_date")
        ),
        sa.CheckConstraint(
            "ends_at IS NULL OR ends_at > starts_at", name=op.f("ck_meetings_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_meetings_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["series_id"], ["meeting_series.id"], name=op.f("fk_meetings_series_id_meeting_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_council_id"), ["council_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_held_on"), ["held_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meetings_scheduled_on"), ["scheduled_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meetings_series_id"), ["series_id"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_agenda_items_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_items_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "attendances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("substitute_name", sa.String(length=200), nullable=True),
        sa.Column("substitute_institution", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_attendances_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_attendances_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendances")),
        sa.UniqueConstraint(
            "meeting_id", "member_id", name=op.f("uq_attendances_meeting_id_member_id")
        ),
    )
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendances_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendances_member_id"), ["member_id"], unique=False)

    op.create_table(
        "meeting_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=True),
        sa.Column("to_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_meeting_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_events_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_events")),
    )
    with op.batch_alter_table("meeting_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_events_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_guests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("institution", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_guests_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_guests")),
    )
    with op.batch_alter_table("meeting_guests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_guests_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_hosts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_meeting_hosts_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_hosts_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_hosts")),
        sa.UniqueConstraint(
            "meeting_id", "council_id", name=op.f("uq_meeting_hosts_meeting_id_council_id")
        ),
    )
    with op.batch_alter_table("meeting_hosts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_hosts_council_id"), ["council_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_hosts_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "organisation_id IS NOT NULL OR name IS NOT NULL",
            name=op.f("ck_meeting_organisations_registered_or_named"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_organisations_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_meeting_organisations_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_organisations")),
    )
    with op.batch_alter_table("meeting_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_organisations_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("minutes_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approved_at_meeting_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "minutes_on IS NULL OR minutes_on >= written_on",
            name=op.f("ck_meeting_records_out_after_written"),
        ),
        sa.ForeignKeyConstraint(
            ["approved_at_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_records_approved_at_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_records_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_records")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_meeting_records_meeting_id")),
    )
    with op.batch_alter_table("meeting_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_records_approved_at_meeting_id"),
            ["approved_at_meeting_id"],
            unique=False,
        )

    op.create_table(
        "participation_communities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("count > 0", name=op.f("ck_participation_communities_count_positive")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_participation_communities_meeting_id_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_communities")),
        sa.UniqueConstraint(
            "meeting_id",
            "community",
            name=op.f("uq_participation_communities_meeting_id_community"),
        ),
    )
    with op.batch_alter_table("participation_communities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participation_communities_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("women", sa.Integer(), nullable=False),
        sa.Column("men", sa.Integer(), nullable=False),
        sa.Column("gender_undisclosed", sa.Integer(), nullable=False),
        sa.Column("under_30", sa.Integer(), nullable=False),
        sa.Column("aged_30_plus", sa.Integer(), nullable=False),
        sa.Column("age_undisclosed", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "total >= 0 AND women >= 0 AND men >= 0 AND gender_undisclosed >= 0 "
            "AND under_30 >= 0 AND aged_30_plus >= 0 AND age_undisclosed >= 0",
            name=op.f("ck_participations_counts_not_negative"),
        ),
        sa.CheckConstraint(
            "under_30 + aged_30_plus + age_undisclosed = total",
            name=op.f("ck_participations_ages_add_up"),
        ),
        sa.CheckConstraint(
            "women + men + gender_undisclosed = total",
            name=op.f("ck_participations_genders_add_up"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_participations_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participations")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_participations_meeting_id")),
    )
    op.create_table(
        "record_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["meeting_records.id"],
            name=op.f("fk_record_decisions_record_id_meeting_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_decisions")),
    )
    with op.batch_alter_table("record_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_decisions_record_id"), ["record_id"], unique=False
        )

    op.create_table(
        "record_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["meeting_records.id"],
            name=op.f("fk_record_scans_record_id_meeting_records"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_record_scans_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_scans")),
        sa.UniqueConstraint("record_id", name=op.f("uq_record_scans_record_id")),
    )


def downgrade() -> None:
    op.drop_table("record_scans")
    with op.batch_alter_table("record_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_decisions_record_id"))

    op.drop_table("record_decisions")
    op.drop_table("participations")
    with op.batch_alter_table("participation_communities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participation_communities_meeting_id"))

    op.drop_table("participation_communities")
    with op.batch_alter_table("meeting_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_records_approved_at_meeting_id"))

    op.drop_table("meeting_records")
    with op.batch_alter_table("meeting_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_organisations_meeting_id"))

    op.drop_table("meeting_organisations")
    with op.batch_alter_table("meeting_hosts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_hosts_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_hosts_council_id"))

    op.drop_table("meeting_hosts")
    with op.batch_alter_table("meeting_guests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_guests_meeting_id"))

    op.drop_table("meeting_guests")
    with op.batch_alter_table("meeting_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_events_meeting_id"))

    op.drop_table("meeting_events")
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendances_member_id"))
        batch_op.drop_index(batch_op.f("ix_attendances_meeting_id"))

    op.drop_table("attendances")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_meeting_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_series_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_scheduled_on"))
        batch_op.drop_index(batch_op.f("ix_meetings_held_on"))
        batch_op.drop_index(batch_op.f("ix_meetings_council_id"))

    op.drop_table("meetings")
    with op.batch_alter_table("calendar_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_tokens_user_id"))

    op.drop_table("calendar_tokens")
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_series_council_id"))

    op.drop_table("meeting_series")
