"""User, LoginFailure and AddressAttempt models, and the Role enum with its labels."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from safety.accounts.emails import normalise_email
from safety.audit.models import AuditLink
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
    # Sign-in bookkeeping, and columns that only change together with an event the trail
    # records anyway (sign-out, password change or reset, deactivation, new rights).
    __audit_ignore__ = frozenset(
        {
            "last_login_at",
            "previous_password_hash",
            "session_version",
            "password_changed_at",
            "must_change_password",
            "created_at",
            "updated_at",
        }
    )
    # Credential material: the trail says the password was set or changed, never the hash.
    # Changing it with a password change, reset or sign-in is stated by that event alone.
    __audit_redact__ = frozenset({"password_hash"})
    __audit_type__ = _l("User account")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "email": _l("E-mail"),
        "full_name": _l("Full name"),
        "password_hash": _l("Password"),
        "role": _l("Role"),
        "locale": _l("Preferred language"),
        "council_id": _l("Council"),
        "organisation_id": _l("Organisation"),
        "is_active": _l("May sign in"),
    }
    __audit_link__ = AuditLink("admin.edit_user", {"user_id": "id"}, roles=frozenset({Role.ADMIN}))

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.full_name

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    # The hash the password replaced: a forced change must not go back to it (see
    # _keep_previous_password).
    previous_password_hash: Mapped[str | None] = mapped_column(String(255))
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

    @validates("email")
    def _normalise_email(self, _key: str, email: str) -> str:
        # However the address arrives (form, command, script), one mailbox is stored one way,
        # so the unique constraint also refuses look-alike forms of it.
        return normalise_email(email)

    @validates("password_hash")
    def _keep_previous_password(self, _key: str, password_hash: str) -> str:
        # Kept wherever the password is replaced (an administrator's reset, a change), so the
        # forced change after a reset can refuse the password the account had before it.
        if self.password_hash and self.password_hash != password_hash:
            self.previous_password_hash = self.password_hash
        return password_hash

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

    # What a role may do across the app. Route gates and templates (the navigation, buttons)
    # call these same predicates, so a link is shown exactly where its page opens.
    def can_administer_accounts(self) -> bool:
        """Create, edit, deactivate and reset accounts, and correct any organisation."""
        return self.role == Role.ADMIN

    def can_review_organisations(self) -> bool:
        """List every organisation and verify, reject or withdraw them."""
        return self.role in (Role.ADMIN, Role.MINISTRY)

    def can_read_audit_trail(self) -> bool:
        return self.role in (Role.ADMIN, Role.MINISTRY)

    def can_view_compliance_dashboard(self) -> bool:
        """Every council's findings on any date, the map, exports and the national report."""
        return self.role in (Role.ADMIN, Role.MINISTRY)

    def can_read_reviews(self) -> bool:
        """The ministry's reviews: all of them for the ministry, its own for a secretary."""
        return self.role in (Role.MINISTRY, Role.SECRETARY)

    # Rules on one account, asked of the account with the acting user: an administrator may
    # do them to anyone but must not lock themselves out (the last administrator could).
    def can_edit(self, actor: User) -> bool:
        return actor.is_authenticated and actor.can_administer_accounts()

    def can_change_role(self, actor: User) -> bool:
        return self.can_edit(actor) and actor.id != self.id

    def can_deactivate(self, actor: User) -> bool:
        return self.can_edit(actor) and actor.id != self.id

    def can_activate(self, actor: User) -> bool:
        return self.can_edit(actor)

    def can_reset_password(self, actor: User) -> bool:
        return self.can_edit(actor)

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


class AttemptKind(enum.StrEnum):
    """What a client address tried: counted per address, beside the per-account lock."""

    FAILED_SIGN_IN = "failed_sign_in"
    REGISTRATION = "registration"
    ANONYMOUS_SUBMISSION = "anonymous_submission"


class AddressAttempt(Base):
    """One attempt from one client address, known only by a keyed hash of the address."""

    __tablename__ = "address_attempts"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AttemptKind] = mapped_column(str_enum(AttemptKind))
    # HMAC-SHA256 (hex) of the address under a key derived from SECRET_KEY: enough to count,
    # useless for finding out who the client was.
    address_key: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<AddressAttempt {self.kind} {self.address_key[:8]} {self.attempted_at:%H:%M:%S}>"
