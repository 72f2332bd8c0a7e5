"""Compliance records people make: threshold changes, and the ministry's reviews of councils."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.audit.models import AuditLink
from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

if TYPE_CHECKING:
    from safety.accounts.models import User
    from safety.councils.models import Council


class ThresholdChange(Base):
    """A threshold's new value from a stated date on (decided reading 16).

    The defaults live with the rules (`rules.DEFAULT_THRESHOLDS`); a threshold's value on a
    day is the one of its latest change effective on or before that day, else the default.
    Changes are never edited or deleted: a mistake is corrected by a later change.
    """

    __tablename__ = "threshold_changes"
    __audit_type__ = _l("Threshold")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "name": _l("Threshold"),
        "value": _l("Value"),
        "effective_from": _l("Effective from"),
        "reason": _l("Reason"),
        "changed_by_id": _l("Changed by"),
        "changed_at": _l("Changed at"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.name

    id: Mapped[int] = mapped_column(primary_key=True)
    # A key of `rules.DEFAULT_THRESHOLDS` (`r06_breach_days`).
    name: Mapped[str] = mapped_column(String(60), index=True)
    # JSON keeps the type the rule reads: an integer, a number, a boolean or an "MM-DD" text.
    value: Mapped[Any] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by: Mapped[User | None] = relationship(lazy="raise")


class ReviewStatus(enum.StrEnum):
    AWAITING_RESPONSE = "awaiting_response"
    ANSWERED = "answered"
    CLOSED = "closed"


REVIEW_STATUS_LABELS = register_labels(
    ReviewStatus,
    {
        ReviewStatus.AWAITING_RESPONSE: _l("Awaiting the council's response"),
        ReviewStatus.ANSWERED: _l("Answered by the council"),
        ReviewStatus.CLOSED: _l("Closed"),
    },
)


class Review(Base):
    """The ministry steering group's review of one council's compliance on a date.

    The findings and recommendations are the reviewer's own words; the council's secretary
    answers by `respond_by`. An answer moves the review to `answered`; the ministry closes it
    or writes again (which awaits a response again). The thread is `ReviewMessage` rows.
    """

    __tablename__ = "reviews"
    __audit_type__ = _l("Review")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "reviewed_as_of": _l("Compliance as of"),
        "findings": _l("Findings"),
        "recommendations": _l("Recommendations"),
        "respond_by": _l("Response due by"),
        "status": _l("Status"),
        "closed_on": _l("Closed on"),
        "reviewer_id": _l("Reviewer"),
        "rules": _l("Rules"),
    }
    __audit_ignore__ = frozenset({"created_at", "updated_at"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.reviewed_as_of

    __audit_link__ = AuditLink("compliance.review", {"review_id": "id"})

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The date whose findings the review is about (the dashboard's as-of date).
    reviewed_as_of: Mapped[date] = mapped_column(Date)
    findings: Mapped[str] = mapped_column(Text)
    recommendations: Mapped[str] = mapped_column(Text)
    respond_by: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[ReviewStatus] = mapped_column(
        str_enum(ReviewStatus), default=ReviewStatus.AWAITING_RESPONSE, index=True
    )
    # The rule IDs the review is about ("R06,R09"), so the dashboard can point at them.
    rules: Mapped[str] = mapped_column(String(120), default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship(lazy="raise")
    reviewer: Mapped[User | None] = relationship(lazy="raise")
    messages: Mapped[list[ReviewMessage]] = relationship(
        back_populates="review", lazy="raise", order_by="ReviewMessage.id"
    )

    def is_overdue(self, day: date) -> bool:
        """Still awaiting the council's response after its due date."""
        return self.status == ReviewStatus.AWAITING_RESPONSE and self.respond_by < day


class ReviewMessage(Base):
    """One message in a review's thread: the secretary's response or the ministry's reply."""

    __tablename__ = "review_messages"
    __audit_type__ = _l("Review message")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "review_id": _l("Review"),
        "body": _l("Message"),
        "author_id": _l("Author"),
        "side": _l("Written by"),
    }
    __audit_ignore__ = frozenset({"created_at"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.side

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # "council" or "ministry": who spoke, kept even if the account is later removed.
    side: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship(back_populates="messages", lazy="raise")
    author: Mapped[User | None] = relationship(lazy="raise")
