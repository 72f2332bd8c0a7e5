"""Community concerns with their dated status history, answers, notes, photos and outbox.

A concern's status on any date is read from its events (records.md: a change of status is a
new dated row, never an overwrite); `status` on the concern is today's, kept for lists.
The first event that carries an answer to the submitter is what R16 measures.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from safety.audit.models import AuditLink
from safety.councils.models import Council
from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

if TYPE_CHECKING:
    from safety.organisations.models import Organisation


class ConcernCategory(enum.StrEnum):
    WEAPONS = "weapons"
    TRAFFIC_AND_SCHOOL_SAFETY = "traffic_and_school_safety"
    LIGHTING_AND_INFRASTRUCTURE = "lighting_and_infrastructure"
    STRAY_DOGS = "stray_dogs"
    DRUGS = "drugs"
    DOMESTIC_VIOLENCE = "domestic_violence"
    THEFT_AND_BURGLARY = "theft_and_burglary"
    INTER_ETHNIC_INCIDENT = "inter_ethnic_incident"
    FREEDOM_OF_MOVEMENT = "freedom_of_movement"
    PUBLIC_ORDER = "public_order"
    YOUTH_RADICALISATION = "youth_radicalisation"
    ENVIRONMENT_AND_HEALTH = "environment_and_health"
    FIRE_AND_EMERGENCIES = "fire_and_emergencies"
    PROPERTY_DISPUTE = "property_dispute"
    OTHER = "other"


CONCERN_CATEGORY_LABELS = register_labels(
    ConcernCategory,
    {
        ConcernCategory.WEAPONS: _l("Weapons"),
        ConcernCategory.TRAFFIC_AND_SCHOOL_SAFETY: _l("Traffic and school safety"),
        ConcernCategory.LIGHTING_AND_INFRASTRUCTURE: _l("Street lighting and infrastructure"),
        ConcernCategory.STRAY_DOGS: _l("Stray dogs"),
        ConcernCategory.DRUGS: _l("Drugs"),
        ConcernCategory.DOMESTIC_VIOLENCE: _l("Domestic violence"),
        ConcernCategory.THEFT_AND_BURGLARY: _l("Theft and burglary"),
        ConcernCategory.INTER_ETHNIC_INCIDENT: _l("Inter-ethnic incident"),
        ConcernCategory.FREEDOM_OF_MOVEMENT: _l("Freedom of movement"),
        ConcernCategory.PUBLIC_ORDER: _l("Public order"),
        ConcernCategory.YOUTH_RADICALISATION: _l("Youth radicalisation"),
        ConcernCategory.ENVIRONMENT_AND_HEALTH: _l("Environment and health"),
        ConcernCategory.FIRE_AND_EMERGENCIES: _l("Fire and emergencies"),
        ConcernCategory.PROPERTY_DISPUTE: _l("Property dispute"),
        ConcernCategory.OTHER: _l("Other"),
    },
)

# Categories whose concerns are restricted unless staff decide otherwise (issue 8).
RESTRICTED_BY_DEFAULT = frozenset(
    {ConcernCategory.DOMESTIC_VIOLENCE, ConcernCategory.INTER_ETHNIC_INCIDENT}
)


class ConcernChannel(enum.StrEnum):
    """How the concern reached the council."""

    ORGANISATION = "organisation"
    PUBLIC_FORM = "public_form"
    PHONE = "phone"
    PAPER = "paper"
    MEETING = "meeting"
    IN_PERSON = "in_person"
    EMAIL = "email"


CONCERN_CHANNEL_LABELS = register_labels(
    ConcernChannel,
    {
        ConcernChannel.ORGANISATION: _l("Submitted by an organisation"),
        ConcernChannel.PUBLIC_FORM: _l("Public form"),
        ConcernChannel.PHONE: _l("By telephone"),
        ConcernChannel.PAPER: _l("On paper"),
        ConcernChannel.MEETING: _l("Raised at a meeting"),
        ConcernChannel.IN_PERSON: _l("In person"),
        ConcernChannel.EMAIL: _l("By e-mail"),
    },
)


class ConcernStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED_INTO_PLAN = "accepted_into_plan"
    REFERRED = "referred"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    REOPENED = "reopened"

    @property
    def is_open(self) -> bool:
        """Still waiting for the council: lists treat `reopened` like `under_review`."""
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {ConcernStatus.SUBMITTED, ConcernStatus.UNDER_REVIEW, ConcernStatus.REOPENED}
)

CONCERN_STATUS_LABELS = register_labels(
    ConcernStatus,
    {
        ConcernStatus.SUBMITTED: _l("Submitted"),
        ConcernStatus.UNDER_REVIEW: _l("Under review"),
        ConcernStatus.ACCEPTED_INTO_PLAN: _l("Accepted into the action plan"),
        ConcernStatus.REFERRED: _l("Referred"),
        ConcernStatus.RESOLVED: _l("Resolved"),
        ConcernStatus.REJECTED: _l("Rejected"),
        ConcernStatus.DUPLICATE: _l("Duplicate"),
        ConcernStatus.REOPENED: _l("Reopened"),
    },
)


class Sensitivity(enum.StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"


SENSITIVITY_LABELS = register_labels(
    Sensitivity,
    {
        Sensitivity.PUBLIC: _l("Public"),
        Sensitivity.RESTRICTED: _l("Restricted"),
    },
)


class ReferralBody(enum.StrEnum):
    POLICE_STATION = "police_station"
    LPSC = "lpsc"
    MUNICIPAL_DIRECTORATE = "municipal_directorate"
    MOCR = "mocr"
    OTHER = "other"


REFERRAL_BODY_LABELS = register_labels(
    ReferralBody,
    {
        ReferralBody.POLICE_STATION: _l("Police station"),
        ReferralBody.LPSC: _l("Local Public Safety Committee (LPSC)"),
        ReferralBody.MUNICIPAL_DIRECTORATE: _l("Municipal directorate"),
        ReferralBody.MOCR: _l("Municipal Office for Communities and Returns"),
        ReferralBody.OTHER: _l("Other institution"),
    },
)


class AnswerChannel(enum.StrEnum):
    """How an answer reached the submitter: in the product, or outside it on a stated date."""

    IN_APP = "in_app"
    PHONE = "phone"
    LETTER = "letter"
    MEETING = "meeting"
    IN_PERSON = "in_person"


ANSWER_CHANNEL_LABELS = register_labels(
    AnswerChannel,
    {
        AnswerChannel.IN_APP: _l("In this application"),
        AnswerChannel.PHONE: _l("By telephone"),
        AnswerChannel.LETTER: _l("By letter"),
        AnswerChannel.MEETING: _l("At a meeting"),
        AnswerChannel.IN_PERSON: _l("In person"),
    },
)


class Concern(Base):
    """A community concern raised with one council."""

    __tablename__ = "concerns"
    __table_args__ = (
        CheckConstraint(
            "NOT serious_incident OR incident_on IS NOT NULL", name="incident_has_date"
        ),
        CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)", name="point_has_both_coordinates"
        ),
        CheckConstraint(
            "duplicate_of_id IS NULL OR duplicate_of_id != id", name="not_own_duplicate"
        ),
    )
    __audit_ignore__ = frozenset(
        {"created_at", "updated_at", "version_id", "tracking_token_hash", "search_text"}
    )
    # Submitters' identity and contact never enter the trail (records.md: seen only by the
    # council's secretary and the submitting organisation); the trail keeps that they changed.
    __audit_redact__ = frozenset(
        {
            "submitter_name",
            "submitter_email",
            "submitter_phone",
            "description",
            "title",
            "organisation_id",
            "submitted_by_id",
        }
    )
    __audit_type__ = _l("Concern")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "reference": _l("Reference"),
        "title": _l("Title"),
        "description": _l("Description"),
        "category": _l("Category"),
        "settlement": _l("Settlement or neighbourhood"),
        "latitude": _l("Latitude"),
        "longitude": _l("Longitude"),
        "communities": _l("Communities affected"),
        "serious_incident": _l("Serious incident"),
        "incident_on": _l("Date of the incident"),
        "observed_on": _l("Date observed"),
        "submitted_on": _l("Submitted on"),
        "sensitivity": _l("Sensitivity"),
        "channel": _l("Channel"),
        "status": _l("Status"),
        "organisation_id": _l("Submitting organisation"),
        "submitted_by_id": _l("Submitted by"),
        "submitter_name": _l("Submitter's name"),
        "submitter_email": _l("Submitter's e-mail"),
        "submitter_phone": _l("Submitter's telephone"),
        "reviewed_on": _l("Reviewed on"),
        "duplicate_of_id": _l("Duplicate of"),
        "reopened_on": _l("Reopened on"),
        "deleted_on": _l("Deleted on"),
        "deleted_reason": _l("Reason for deleting"),
    }
    __audit_link__ = AuditLink("concerns.show", {"concern_id": "id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        # The reference, never the title: a restricted concern's text stays out of the trail.
        return cls.reference

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    # A short public reference ("PR-2026-0042") for letters and telephone calls.
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[ConcernCategory] = mapped_column(str_enum(ConcernCategory), index=True)
    settlement: Mapped[str | None] = mapped_column(String(120))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Community values separated by commas (safety.councils.models.Community).
    communities: Mapped[str] = mapped_column(String(200), default="")
    serious_incident: Mapped[bool] = mapped_column(Boolean, default=False)
    incident_on: Mapped[date | None] = mapped_column(Date)
    observed_on: Mapped[date | None] = mapped_column(Date)
    # The date the concern was raised: stated by staff for phone or paper, today online.
    submitted_on: Mapped[date] = mapped_column(Date, index=True)
    sensitivity: Mapped[Sensitivity] = mapped_column(
        str_enum(Sensitivity), default=Sensitivity.PUBLIC
    )
    channel: Mapped[ConcernChannel] = mapped_column(str_enum(ConcernChannel))
    # Today's status, for lists; the dated history in `concern_events` is what rules read.
    status: Mapped[ConcernStatus] = mapped_column(
        str_enum(ConcernStatus), default=ConcernStatus.SUBMITTED, index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitter_name: Mapped[str | None] = mapped_column(String(200))
    submitter_email: Mapped[str | None] = mapped_column(String(254))
    submitter_phone: Mapped[str | None] = mapped_column(String(40))
    # The submitter's private tracking link: only the hash of its secret is kept.
    tracking_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Anonymous submissions stay private until a secretary has reviewed them.
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("concerns.id"), index=True)
    # Submitters may reopen a resolved or rejected concern once.
    reopened_on: Mapped[date | None] = mapped_column(Date)
    # Spam: a soft delete on a stated date; it counts for the rules only before that day.
    deleted_on: Mapped[date | None] = mapped_column(Date)
    deleted_reason: Mapped[str | None] = mapped_column(Text)
    # Lower-cased title and description, for search on both engines without extensions.
    search_text: Mapped[str] = mapped_column(Text, default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship(lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")
    duplicate_of: Mapped[Concern | None] = relationship(remote_side=[id], lazy="raise")
    events: Mapped[list[ConcernEvent]] = relationship(
        back_populates="concern",
        lazy="raise",
        order_by="ConcernEvent.id",
        foreign_keys="ConcernEvent.concern_id",
    )
    notes: Mapped[list[ConcernNote]] = relationship(
        back_populates="concern", lazy="raise", order_by="ConcernNote.id"
    )
    photos: Mapped[list[ConcernPhoto]] = relationship(
        back_populates="concern", lazy="raise", order_by="ConcernPhoto.id"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012

    @property
    def is_restricted(self) -> bool:
        return self.sensitivity == Sensitivity.RESTRICTED

    @property
    def community_list(self) -> list[str]:
        return [value for value in self.communities.split(",") if value]

    def __repr__(self) -> str:
        return f"<Concern {self.id} {self.reference} {self.status}>"


class ConcernEvent(Base):
    """A dated change of a concern's status, with the answer the submitter reads, if any."""

    __tablename__ = "concern_events"
    __audit_ignore__ = frozenset({"created_at"})
    # The actor of a concern's first event is its submitter: the row's own actor names staff.
    __audit_redact__ = frozenset({"answer", "reason", "actor_id"})
    __audit_type__ = _l("Status change of a concern")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "concern_id": _l("Concern"),
        "status": _l("New status"),
        "changed_on": _l("Date"),
        "answer": _l("Answer to the submitter"),
        "answer_channel": _l("How the answer was given"),
        "reason": _l("Reason"),
        "referred_to": _l("Referred to"),
        "referred_to_name": _l("Name of the body"),
        "duplicate_of_id": _l("Duplicate of"),
        "actor_id": _l("Recorded by"),
    }
    __audit_link__ = AuditLink("concerns.show", {"concern_id": "concern_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.status

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)
    status: Mapped[ConcernStatus] = mapped_column(str_enum(ConcernStatus))
    # Stated for answers given outside the product (phone, letter, meeting); today otherwise.
    changed_on: Mapped[date] = mapped_column(Date, index=True)
    # The message to the submitter: the first event carrying one is the first answer (R16).
    answer: Mapped[str | None] = mapped_column(Text)
    answer_channel: Mapped[AnswerChannel | None] = mapped_column(str_enum(AnswerChannel))
    # Why (a rejection, a reopening, a deletion): required where the status needs one.
    reason: Mapped[str | None] = mapped_column(Text)
    referred_to: Mapped[ReferralBody | None] = mapped_column(str_enum(ReferralBody))
    referred_to_name: Mapped[str | None] = mapped_column(String(200))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("concerns.id"))
    # Who: a staff member, or none for a submitter acting through the tracking link.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    concern: Mapped[Concern] = relationship(
        back_populates="events", lazy="raise", foreign_keys=[concern_id]
    )


class ConcernNote(Base):
    """An internal note by staff: submitters and the public never see it."""

    __tablename__ = "concern_notes"
    __audit_ignore__ = frozenset({"created_at"})
    __audit_redact__ = frozenset({"body"})
    __audit_type__ = _l("Internal note")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "concern_id": _l("Concern"),
        "body": _l("Note"),
        "author_id": _l("Written by"),
    }
    __audit_link__ = AuditLink("concerns.show", {"concern_id": "concern_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.id

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    concern: Mapped[Concern] = relationship(back_populates="notes", lazy="raise")


class ConcernPhoto(Base):
    """A photo re-encoded on upload (location and camera metadata gone), private by default."""

    __tablename__ = "concern_photos"
    __audit_ignore__ = frozenset({"content", "created_at"})
    __audit_type__ = _l("Photo")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "concern_id": _l("Concern"),
        "media_type": _l("File type"),
        "width": _l("Width"),
        "height": _l("Height"),
        "size": _l("Size in bytes"),
        "is_published": _l("Published"),
    }
    __audit_link__ = AuditLink("concerns.show", {"concern_id": "concern_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.id

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    media_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    concern: Mapped[Concern] = relationship(back_populates="photos", lazy="raise")


class ResponseTemplate(Base):
    """A saved answer a council's secretary starts from, in one language."""

    __tablename__ = "response_templates"
    __audit_ignore__ = frozenset({"created_at", "updated_at"})
    __audit_type__ = _l("Answer template")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "language": _l("Language"),
        "title": _l("Title"),
        "body": _l("Text"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.title

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ConcernMeeting(Base):
    """A concern put on a meeting's agenda: the meetings where it was discussed."""

    __tablename__ = "concern_meetings"
    __table_args__ = (UniqueConstraint("concern_id", "meeting_id"),)
    __audit_type__ = _l("Concern on an agenda")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "concern_id": _l("Concern"),
        "meeting_id": _l("Meeting"),
    }
    __audit_link__ = AuditLink("concerns.show", {"concern_id": "concern_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.meeting_id

    id: Mapped[int] = mapped_column(primary_key=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)


class OutboxMessage(Base):
    """An e-mail queued in the same transaction as the change it reports, sent once."""

    __tablename__ = "outbox_messages"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    # One message per change and recipient: a second enqueue of the same key is refused.
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    concern_id: Mapped[int | None] = mapped_column(ForeignKey("concerns.id"), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
