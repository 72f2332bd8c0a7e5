"""Organisation (a civil-society organisation) and the municipalities it works in."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from safety.accounts.models import Role
from safety.audit.models import AuditLink
from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

if TYPE_CHECKING:
    from safety.accounts.models import User
    from safety.councils.models import Municipality


# Unicode categories a registration number is compared without: spaces, dashes, controls and
# invisible formatting characters (zero-width spaces, joiners, direction marks).
_IGNORED_IN_NUMBERS = frozenset({"Zs", "Zl", "Zp", "Pd", "Cc", "Cf"})


def registration_key(number: str) -> str:
    """The registration number as compared: `51-12 233` and `5112233` are one organisation."""
    folded = unicodedata.normalize("NFKC", number).casefold()
    return "".join(
        char
        for char in folded
        # U+2212 MINUS SIGN is a maths symbol (Sm), but word processors type it for "-".
        if unicodedata.category(char) not in _IGNORED_IN_NUMBERS and char != "\u2212"
    )


# A surrogate `id` like every other table, so any row the audit trail may name has one id;
# the pair stays unique.
organisation_municipalities = Table(
    "organisation_municipalities",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "organisation_id",
        ForeignKey("organisations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "municipality_id",
        ForeignKey("municipalities.id", ondelete="CASCADE"),
        nullable=False,
    ),
    UniqueConstraint("organisation_id", "municipality_id"),
)


class OrganisationStatus(enum.StrEnum):
    """Where an organisation stands with its reviewers (the ministry and administrators).

    Only a verified organisation's users act in its name. A rejected registration or a
    withdrawn verification carries the reviewer's reason; the organisation's users can still
    sign in, read it and correct the details, and saving them makes the organisation pending
    again. A verified organisation that changes its name or registration number is pending
    again too, until a reviewer verifies the new details.
    """

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


ORGANISATION_STATUS_LABELS = register_labels(
    OrganisationStatus,
    {
        OrganisationStatus.PENDING: _l("Waiting for verification"),
        OrganisationStatus.VERIFIED: _l("Verified"),
        OrganisationStatus.REJECTED: _l("Registration rejected"),
        OrganisationStatus.WITHDRAWN: _l("Verification withdrawn"),
    },
)

REASON_MAX_LENGTH = 1000
"""A reviewer's reason for a rejection or withdrawal: a few sentences, shown on the page."""


class Organisation(Base):
    """A civil-society organisation; its users may act in its name only once it is verified."""

    __tablename__ = "organisations"
    # registration_key is derived from registration_number, which is recorded.
    # The verified_* copies are set with the status change that the trail records.
    __audit_ignore__ = frozenset(
        {
            "registration_key",
            "verified_name",
            "verified_registration_number",
            "version_id",
            "created_at",
            "updated_at",
        }
    )
    # Small organisations give a volunteer's own mobile and mailbox as their contact: the trail
    # keeps that these changed, not the values (the organisation's page shows today's).
    __audit_redact__ = frozenset({"contact_email", "contact_phone"})
    __audit_type__ = _l("Organisation")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "name": _l("Name of the organisation"),
        "registration_number": _l("Registration number"),
        "contact_email": _l("Contact e-mail"),
        "contact_phone": _l("Contact phone"),
        "address": _l("Address"),
        "description": _l("What the organisation does"),
        "status": _l("Verification"),
        "status_reason": _l("Reviewer's reason"),
        "verified_at": _l("Verified at"),
        "municipalities": _l("Municipalities where it works"),
    }
    __audit_link__ = AuditLink("organisations.show", {"organisation_id": "id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.name

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    registration_number: Mapped[str] = mapped_column(String(40), unique=True)
    # registration_key(registration_number), set with it: the number as typed is shown, the key
    # keeps look-alike spellings of one number from registering a second organisation.
    registration_key: Mapped[str] = mapped_column(index=True, unique=True)
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OrganisationStatus] = mapped_column(
        str_enum(OrganisationStatus),
        default=OrganisationStatus.PENDING,
        server_default=OrganisationStatus.PENDING.value,
        index=True,
    )
    # The reason of the last rejection or withdrawal, kept while the organisation is pending
    # again so the reviewer sees what was asked; cleared by the next verification.
    status_reason: Mapped[str | None] = mapped_column(String(REASON_MAX_LENGTH))
    # The last verification: when, and the identifying details it vouched for, so a later
    # change of them is shown to reviewers ("changed since verification: name X -> Y").
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_name: Mapped[str | None] = mapped_column(String(200))
    verified_registration_number: Mapped[str | None] = mapped_column(String(40))
    # A reviewer decides on the details they saw: a decision or edit made on an older version
    # is refused (409) rather than applied to details nobody reviewed.
    version_id: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=organisation_municipalities, lazy="raise", order_by="Municipality.name_sq"
    )
    users: Mapped[list[User]] = relationship(
        back_populates="organisation", lazy="raise", foreign_keys="User.organisation_id"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012

    @validates("registration_number")
    def _set_registration_key(self, _key: str, number: str) -> str:
        self.registration_key = registration_key(number)
        return number

    @property
    def is_verified(self) -> bool:
        return self.status == OrganisationStatus.VERIFIED

    @property
    def needs_correction(self) -> bool:
        """Rejected or withdrawn: its users read the reason and correct the details."""
        return self.status in (OrganisationStatus.REJECTED, OrganisationStatus.WITHDRAWN)

    def _is_member(self, user: User) -> bool:
        return user.is_authenticated and user.organisation_id == self.id

    def can_view(self, user: User) -> bool:
        return self._is_member(user) or (user.is_authenticated and user.can_review_organisations())

    def can_edit(self, user: User) -> bool:
        """Its own users complete and correct its details whatever its status; so do admins.

        That includes the name and registration number: changing them sends a verified
        organisation back to review (`return_to_review`), so nobody vouches for new details.
        """
        return self._is_member(user) or (user.is_authenticated and user.can_administer_accounts())

    def can_act(self, user: User) -> bool:
        """May `user` act in this organisation's name (submit concerns, comment on plans)?

        Only the organisation's own CSO users, and only while it is verified: a pending,
        rejected or withdrawn organisation can complete its profile but not act.
        """
        return self.is_verified and self._is_member(user) and user.role == Role.CSO

    def can_review(self, user: User) -> bool:
        """May `user` decide on this organisation's verification at all (any status)?"""
        return user.is_authenticated and user.can_review_organisations()

    def can_verify(self, user: User) -> bool:
        return self.can_review(user) and self.status != OrganisationStatus.VERIFIED

    def can_reject(self, user: User) -> bool:
        return self.can_review(user) and self.status == OrganisationStatus.PENDING

    def can_withdraw(self, user: User) -> bool:
        return self.can_review(user) and self.status == OrganisationStatus.VERIFIED

    def changes_since_verification(self) -> list[tuple[Any, str, str]]:
        """(label, verified value, current value) of each identifying detail changed since.

        Empty when the organisation was never verified or nothing identifying changed.
        """
        if self.verified_name is None:
            return []
        compared = [
            (lazy_pgettext("organisation", "Name"), self.verified_name, self.name),
            (
                _l("Registration number"),
                self.verified_registration_number,
                self.registration_number,
            ),
        ]
        return [(label, old or "", new) for label, old, new in compared if old != new]

    def verify(self, at: datetime) -> None:
        """A reviewer vouches for the organisation as its details stand now."""
        self.status = OrganisationStatus.VERIFIED
        self.status_reason = None
        self.verified_at = at
        self.verified_name = self.name
        self.verified_registration_number = self.registration_number

    def reject(self, reason: str) -> None:
        """A reviewer refuses the registration (or the changed details) for `reason`."""
        self.status = OrganisationStatus.REJECTED
        self.status_reason = reason

    def withdraw(self, reason: str) -> None:
        """A reviewer withdraws the verification for `reason`; the last verified details stay."""
        self.status = OrganisationStatus.WITHDRAWN
        self.status_reason = reason

    def return_to_review(self) -> bool:
        """After its details were saved: is the organisation pending again? (True if it changed.)

        A rejected or withdrawn organisation that saves its details asks for a new review. A
        verified one is pending again only if its name or registration number now differs
        from what was verified (a new phone number changes nobody's identity).
        """
        if self.needs_correction or (self.is_verified and self.changes_since_verification()):
            self.status = OrganisationStatus.PENDING
            return True
        return False

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
