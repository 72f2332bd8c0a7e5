"""Action plans with their dated history, items, public comments, holidays and activity reports.

The dates R12-R15 and R17 read are stated `_on` columns (`adopted_on`, `forwarded_on`,
`report_published_on`, `submitted_on`), and item statuses are dated events, so a plan's state
on any past day can be told (records.md, "Plans and reports").
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.audit.models import AuditLink
from safety.councils.models import Council
from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

if TYPE_CHECKING:
    from safety.concerns.models import Concern
    from safety.consultations.models import Meeting
    from safety.organisations.models import Organisation


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN_FOR_COMMENT = "open_for_comment"
    ADOPTED = "adopted"
    FORWARDED_TO_ASSEMBLY = "forwarded_to_assembly"


PLAN_STATUS_LABELS = register_labels(
    PlanStatus,
    {
        PlanStatus.DRAFT: _l("Draft"),
        PlanStatus.OPEN_FOR_COMMENT: _l("Open for public comment"),
        PlanStatus.ADOPTED: _l("Adopted"),
        PlanStatus.FORWARDED_TO_ASSEMBLY: _l("Forwarded to the Municipal Assembly"),
    },
)


class ItemStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


ITEM_STATUS_LABELS = register_labels(
    ItemStatus,
    {
        ItemStatus.NOT_STARTED: _l("Not started"),
        ItemStatus.IN_PROGRESS: _l("In progress"),
        ItemStatus.DONE: _l("Done"),
        ItemStatus.CANCELLED: _l("Cancelled"),
    },
)


class ResponsibleKind(enum.StrEnum):
    POLICE_STATION = "police_station"
    MUNICIPAL_DIRECTORATE = "municipal_directorate"
    SCHOOL = "school"
    CSO = "cso"
    LPSC = "lpsc"
    OTHER = "other"


RESPONSIBLE_KIND_LABELS = register_labels(
    ResponsibleKind,
    {
        ResponsibleKind.POLICE_STATION: _l("Police station"),
        ResponsibleKind.MUNICIPAL_DIRECTORATE: _l("Municipal directorate"),
        ResponsibleKind.SCHOOL: _l("School"),
        ResponsibleKind.CSO: _l("Civil-society organisation"),
        ResponsibleKind.LPSC: _l("Local Public Safety Committee (LPSC)"),
        ResponsibleKind.OTHER: _l("Other institution"),
    },
)


class CommentResponse(enum.StrEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"


COMMENT_RESPONSE_LABELS = register_labels(
    CommentResponse,
    {
        CommentResponse.ACCEPTED: _l("Accepted"),
        CommentResponse.PARTLY_ACCEPTED: _l("Partly accepted"),
        CommentResponse.REJECTED: _l("Rejected"),
    },
)


class ReportKind(enum.StrEnum):
    MIDYEAR = "midyear"
    ANNUAL = "annual"


REPORT_KIND_LABELS = register_labels(
    ReportKind,
    {
        ReportKind.MIDYEAR: _l("Mid-year activity report"),
        ReportKind.ANNUAL: _l("Annual activity report"),
    },
)


class HolidayKind(enum.StrEnum):
    FIXED = "fixed"
    CATHOLIC_EASTER = "catholic_easter"
    ORTHODOX_EASTER = "orthodox_easter"
    EID = "eid"
    SUBSTITUTE = "substitute"
    OTHER = "other"


HOLIDAY_KIND_LABELS = register_labels(
    HolidayKind,
    {
        HolidayKind.FIXED: _l("Fixed-date holiday"),
        HolidayKind.CATHOLIC_EASTER: _l("Catholic Easter"),
        HolidayKind.ORTHODOX_EASTER: _l("Orthodox Easter"),
        HolidayKind.EID: _l("Eid"),
        HolidayKind.SUBSTITUTE: _l("Substitute day for a holiday on a weekend"),
        HolidayKind.OTHER: _l("Other holiday"),
    },
)


class ActionPlan(Base):
    """A council's action plan for one calendar year (one per council and year)."""

    __tablename__ = "action_plans"
    __table_args__ = (
        UniqueConstraint("council_id", "year"),
        CheckConstraint(
            "comment_ends_on IS NULL OR comment_starts_on IS NULL "
            "OR comment_ends_on >= comment_starts_on",
            name="comment_ends_after_start",
        ),
        CheckConstraint(
            "forwarded_on IS NULL OR (adopted_on IS NOT NULL AND forwarded_on >= adopted_on)",
            name="forwarded_after_adoption",
        ),
    )
    __audit_ignore__ = frozenset({"created_at", "updated_at", "version_id"})
    __audit_type__ = _l("Action plan")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "year": _l("Year"),
        "title": _l("Title"),
        "summary": _l("Summary"),
        "status": _l("Status"),
        "comment_starts_on": _l("Public comment from"),
        "comment_ends_on": _l("Public comment until"),
        "adopted_on": _l("Adopted on"),
        "adopted_at_meeting_id": _l("Adopted at the meeting"),
        "report_published_on": _l("Consultation report published on"),
        "report_summary": _l("Consultation report"),
        "forwarded_on": _l("Forwarded to the Assembly on"),
        "assembly_reference": _l("Assembly's reference"),
    }
    __audit_link__ = AuditLink("plans.show", {"plan_id": "id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.title

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # Today's status, for lists; `plan_events` keeps each change with its date.
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus), default=PlanStatus.DRAFT)
    comment_starts_on: Mapped[date | None] = mapped_column(Date)
    comment_ends_on: Mapped[date | None] = mapped_column(Date)
    adopted_on: Mapped[date | None] = mapped_column(Date)
    adopted_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    report_published_on: Mapped[date | None] = mapped_column(Date)
    # The secretary's introduction to the consultation report (the comments follow it).
    report_summary: Mapped[str] = mapped_column(Text, default="")
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    assembly_reference: Mapped[str | None] = mapped_column(String(100))
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship(lazy="raise")
    adopted_at_meeting: Mapped[Meeting | None] = relationship(lazy="raise")
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", lazy="raise", order_by="PlanItem.position"
    )
    events: Mapped[list[PlanEvent]] = relationship(
        back_populates="plan", lazy="raise", order_by="PlanEvent.id"
    )
    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", lazy="raise", order_by="PlanVersion.number"
    )
    comments: Mapped[list[PlanComment]] = relationship(
        back_populates="plan", lazy="raise", order_by="PlanComment.id"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012

    def __repr__(self) -> str:
        return f"<ActionPlan {self.id} council={self.council_id} {self.year} {self.status}>"


class PlanEvent(Base):
    """A dated change of a plan's status (opened for comment, adopted, forwarded...)."""

    __tablename__ = "plan_events"
    __audit_ignore__ = frozenset({"created_at"})
    __audit_type__ = _l("Action plan history entry")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "plan_id": _l("Action plan"),
        "status": _l("New status"),
        "changed_on": _l("Date"),
        "note": _l("Note"),
        "actor_id": _l("Recorded by"),
    }
    __audit_link__ = AuditLink("plans.show", {"plan_id": "plan_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.status

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="events", lazy="raise")


class PlanVersion(Base):
    """A saved state of the plan while it is drafted and revised (title, summary, items)."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # A JSON document of the plan and its items as they were, for comparing versions.
    snapshot: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(String(300))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="versions", lazy="raise")


class PlanItem(Base):
    """One action of a plan: who does what by when, with its budget, indicator and progress."""

    __tablename__ = "plan_items"
    __table_args__ = (
        CheckConstraint(
            "deadline IS NULL OR starts_on IS NULL OR deadline >= starts_on",
            name="deadline_after_start",
        ),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_is_a_percentage"),
        CheckConstraint("budget_eur IS NULL OR budget_eur >= 0", name="budget_not_negative"),
    )
    __audit_ignore__ = frozenset({"created_at", "updated_at", "version_id"})
    __audit_type__ = _l("Action plan item")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "plan_id": _l("Action plan"),
        "position": _l("Position"),
        "objective": _l("Objective"),
        "activity": _l("Activity"),
        "responsible_kind": _l("Responsible body"),
        "responsible_name": _l("Name of the responsible body"),
        "partners": _l("Partners"),
        "starts_on": _l("Start date"),
        "deadline": _l("Deadline"),
        "budget_eur": _l("Budget (EUR)"),
        "budget_source": _l("Source of funding"),
        "indicator": _l("Indicator"),
        "target": _l("Target"),
        "status": _l("Status"),
        "progress": _l("Progress (%)"),
    }
    __audit_link__ = AuditLink("plans.show", {"plan_id": "plan_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.activity

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    objective: Mapped[str] = mapped_column(Text)
    activity: Mapped[str] = mapped_column(Text)
    responsible_kind: Mapped[ResponsibleKind] = mapped_column(str_enum(ResponsibleKind))
    responsible_name: Mapped[str] = mapped_column(String(200))
    partners: Mapped[str | None] = mapped_column(String(300))
    starts_on: Mapped[date | None] = mapped_column(Date)
    # No deadline: never overdue (decided reading 7).
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    budget_eur: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    budget_source: Mapped[str | None] = mapped_column(String(200))
    indicator: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(String(300))
    # Today's status and progress, for lists; the dated histories are what rules read.
    status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus), default=ItemStatus.NOT_STARTED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="items", lazy="raise")
    status_events: Mapped[list[ItemStatusEvent]] = relationship(
        back_populates="item", lazy="raise", order_by="ItemStatusEvent.id"
    )
    progress_updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="item", lazy="raise", order_by="ProgressUpdate.id"
    )
    concern_links: Mapped[list[ItemConcern]] = relationship(
        back_populates="item", lazy="raise", order_by="ItemConcern.id"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class ItemStatusEvent(Base):
    """A dated change of an item's status; a cancellation carries its reason."""

    __tablename__ = "item_status_events"
    __table_args__ = (
        CheckConstraint("status != 'cancelled' OR reason IS NOT NULL", name="cancel_has_reason"),
    )
    __audit_ignore__ = frozenset({"created_at"})
    __audit_type__ = _l("Status change of an item")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "item_id": _l("Action plan item"),
        "status": _l("New status"),
        "changed_on": _l("Date"),
        "reason": _l("Reason"),
        "actor_id": _l("Recorded by"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.status

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id"), index=True)
    status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[PlanItem] = relationship(back_populates="status_events", lazy="raise")


class ProgressUpdate(Base):
    """A dated report of an item's progress (0-100 %), with what was done."""

    __tablename__ = "progress_updates"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_is_a_percentage"),
    )
    __audit_ignore__ = frozenset({"created_at"})
    __audit_type__ = _l("Progress update")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "item_id": _l("Action plan item"),
        "progress": _l("Progress (%)"),
        "reported_on": _l("Date"),
        "note": _l("What was done"),
        "actor_id": _l("Recorded by"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.progress

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id"), index=True)
    progress: Mapped[int] = mapped_column(Integer)
    reported_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[PlanItem] = relationship(back_populates="progress_updates", lazy="raise")


class ItemConcern(Base):
    """A community concern that a plan item answers."""

    __tablename__ = "item_concerns"
    __table_args__ = (UniqueConstraint("item_id", "concern_id"),)
    __audit_type__ = _l("Concern answered by an item")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "item_id": _l("Action plan item"),
        "concern_id": _l("Concern"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.concern_id

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id"), index=True)
    concern_id: Mapped[int] = mapped_column(ForeignKey("concerns.id"), index=True)

    item: Mapped[PlanItem] = relationship(back_populates="concern_links", lazy="raise")
    concern: Mapped[Concern] = relationship(lazy="raise")


class PlanComment(Base):
    """A public comment on a draft plan or one of its items, and the council's answer to it."""

    __tablename__ = "plan_comments"
    __audit_ignore__ = frozenset({"created_at"})
    # A commenter's contact is for the secretary only; the trail keeps that it changed.
    __audit_redact__ = frozenset({"commenter_email"})
    __audit_type__ = _l("Comment on an action plan")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "plan_id": _l("Action plan"),
        "item_id": _l("Action plan item"),
        "body": _l("Comment"),
        "language": _l("Language"),
        "organisation_id": _l("Organisation"),
        "author_id": _l("Submitted by"),
        "commenter_name": _l("Name"),
        "commenter_email": _l("E-mail"),
        "submitted_on": _l("Submitted on"),
        "response": _l("Answer"),
        "response_reason": _l("Reason"),
        "responded_on": _l("Answered on"),
        "deleted_on": _l("Deleted on"),
    }
    __audit_link__ = AuditLink("plans.show", {"plan_id": "plan_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.id

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(5))
    # A verified organisation's user comments as the organisation; the public anonymously.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    commenter_name: Mapped[str | None] = mapped_column(String(200))
    commenter_email: Mapped[str | None] = mapped_column(String(254))
    submitted_on: Mapped[date] = mapped_column(Date)
    response: Mapped[CommentResponse | None] = mapped_column(str_enum(CommentResponse))
    response_reason: Mapped[str | None] = mapped_column(Text)
    responded_on: Mapped[date | None] = mapped_column(Date)
    # Spam: removed from the report and counts with a stated date, kept for the trail.
    deleted_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[ActionPlan] = relationship(back_populates="comments", lazy="raise")
    item: Mapped[PlanItem | None] = relationship(lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")


class Holiday(Base):
    """A public holiday in Kosovo: the only calendar working days are counted with."""

    __tablename__ = "holidays"
    __audit_ignore__ = frozenset({"created_at"})
    __audit_type__ = _l("Public holiday")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "day": _l("Date"),
        "name_sq": _l("Name in Albanian"),
        "name_sr": _l("Name in Serbian"),
        "name_en": _l("Name in English"),
        "kind": _l("Kind of holiday"),
        "to_confirm": _l("Date to be confirmed"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.day

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    name_sq: Mapped[str] = mapped_column(String(120))
    name_sr: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    kind: Mapped[HolidayKind] = mapped_column(str_enum(HolidayKind))
    # Eid dates follow the moon: the pre-fill estimates them until an administrator confirms.
    to_confirm: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name(self, locale: str) -> str:
        return {"sq": self.name_sq, "sr": self.name_sr}.get(locale, self.name_en)


class ActivityReport(Base):
    """A council's mid-year or annual activity report, drafted by the product, then submitted."""

    __tablename__ = "activity_reports"
    __table_args__ = (UniqueConstraint("council_id", "kind", "year"),)
    __audit_ignore__ = frozenset({"created_at", "updated_at", "version_id"})
    __audit_type__ = _l("Activity report")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "kind": _l("Kind of report"),
        "year": _l("Year"),
        "body": _l("Text"),
        "submitted_on": _l("Submitted on"),
    }
    __audit_link__ = AuditLink("plans.report", {"report_id": "id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.year

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind))
    year: Mapped[int] = mapped_column(Integer)
    # Sanitised HTML drafted from the period's items, meetings, consultations and concerns.
    body: Mapped[str] = mapped_column(Text, default="")
    # Sent to the Municipal Assembly (visible to the ministry): R17 reads this date.
    submitted_on: Mapped[date | None] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012
