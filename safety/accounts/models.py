"""User and LoginFailure models, and the Role enum with its labels."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

if TYPE_CHECKING:
    from safety.councils.models import Council
    from safety.organisations.models import Organisation


class Role(enum.StrEnum):
    ADMIN = "admin"
    MINISTRY = "ministry"
    SECRETARY = "secretary"
    CSO = "cso"


ROLE_LABELS = register_labels(
    Role,
    {
        Role.ADMIN: _l("Administrator"),
        Role.MINISTRY: _l("Ministry reviewer"),
        Role.SECRETARY: _l("Council secretary"),
        Role.CSO: _l("Civil-society organisation representative"),
    },
)


class User(Base):
    """A person who signs in. Secretaries belong to one council, CSO users to one organisation."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'secretary') = (council_id IS NOT NULL)", name="secretary_has_council"
        ),
        CheckConstraint(
            "(role = 'cso') = (organisation_id IS NOT NULL)", name="cso_has_organisation"
        ),
    )
    # Login bookkeeping and credential material never appear in the audit trail; password
    # changes and resets are recorded as their own events instead.
    __audit_ignore__ = frozenset(
        {
            "last_login_at",
            "password_hash",
            "session_version",
            "password_changed_at",
            "must_change_password",
            "updated_at",
        }
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    locale: Mapped[str | None] = mapped_column(String(8))
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on logout, password change and deactivation: every older cookie stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council | None] = relationship(lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(
        back_populates="users", lazy="raise", foreign_keys=[organisation_id]
    )

    # Flask-Login protocol. is_active is a column, so only the other three are spelled out.
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        # The session version travels in the cookie, so bumping it invalidates old cookies.
        return f"{self.id}:{self.session_version}"

    @validates("is_active")
    def _end_sessions_on_deactivation(self, _key: str, is_active: bool) -> bool:
        # However an account is deactivated (admin page, command, script), its cookies die
        # with it, so reactivating it later does not revive them.
        if self.is_active and not is_active:
            self.end_all_sessions()
        return is_active

    def end_all_sessions(self) -> None:
        """Invalidate every session this user has open, on every device."""
        self.session_version = (self.session_version or 1) + 1

    @property
    def is_cso_verified(self) -> bool:
        return (
            self.role == Role.CSO
            and self.organisation is not None
            and (self.organisation.is_verified)
        )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class LoginFailure(Base):
    """One failed sign-in, by normalised e-mail; the database keeps the count across workers."""

    __tablename__ = "login_failures"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<LoginFailure {self.email} {self.failed_at:%Y-%m-%d %H:%M:%S}>"
