"""AuditEvent and AuditAction: the append-only record of who did what, when."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

REDACTED: dict[str, Any] = {"redacted": True}
"""What the trail stores instead of the value of a field named in a model's `__audit_redact__`.

A model says what the trail records about it with class attributes:

- `__audit__ = False`: nothing (the trail itself, login-failure counters);
- `__audit_ignore__`: bookkeeping columns not worth a row (updated_at, version_id);
- `__audit_redact__`: fields whose changes are recorded as facts, never their values
  (credentials, personal contact details);
- `__audit_type__` and `__audit_labels__`: the record type's name and its fields' names,
  translated, for the trail's readers (beside the model, so each slice owns its words);
- `__audit_name__(locale)`: a SQL expression naming a record, and `__audit_link__`: the page
  that shows it (see safety/audit/describe.py).
"""


@dataclass(frozen=True)
class AuditLink:
    """The page that shows an audited record: `url_for(endpoint, **{arg: row[column]})`."""

    endpoint: str
    args: Mapping[str, str]
    # Who may open that page, when it is fewer than everyone who may read the trail.
    roles: frozenset[str] | None = None


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"
    ACCESS_DENIED = "access_denied"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 (an action name, not a secret)
    PASSWORD_RESET = "password_reset"  # noqa: S105 (an action name, not a secret)
    PASSWORD_CHANGE_FAILED = "password_change_failed"  # noqa: S105 (an action name)
    # Someone registered an organisation with the e-mail of an existing account: nothing was
    # created, and the account's owner is to be told (the event names the account).
    REGISTRATION_EMAIL_TAKEN = "registration_email_taken"


class AuditEvent(Base):
    """Who did what to which record, when (UTC). No route updates or deletes these rows."""

    __tablename__ = "audit_events"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The e-mail (or "system") at the time, kept even if the account's address changes later.
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction), index=True)
    entity_type: Mapped[str | None] = mapped_column(String(60), index=True)
    entity_id: Mapped[int | None] = mapped_column()
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    path: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.entity_type}:{self.entity_id}>"


AUDIT_ACTION_LABELS = register_labels(
    AuditAction,
    {
        AuditAction.CREATE: _l("Created"),
        AuditAction.UPDATE: _l("Updated"),
        AuditAction.DELETE: _l("Deleted"),
        AuditAction.LOGIN: _l("Signed in"),
        AuditAction.LOGOUT: _l("Signed out"),
        AuditAction.LOGIN_FAILED: _l("Failed sign-in"),
        AuditAction.ACCESS_DENIED: _l("Access refused"),
        AuditAction.PASSWORD_CHANGE: _l("Password changed"),
        AuditAction.PASSWORD_RESET: _l("Password reset"),
        AuditAction.PASSWORD_CHANGE_FAILED: _l("Wrong current password"),
        AuditAction.REGISTRATION_EMAIL_TAKEN: _l("Registration with an existing account's e-mail"),
    },
)
