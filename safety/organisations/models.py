"""Organisation (a civil-society organisation) and the municipalities it works in."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from safety.accounts.models import Role
from safety.dates import utcnow
from safety.db import Base, UTCDateTime

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


organisation_municipalities = Table(
    "organisation_municipalities",
    Base.metadata,
    Column(
        "organisation_id",
        ForeignKey("organisations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "municipality_id",
        ForeignKey("municipalities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Organisation(Base):
    """A civil-society organisation; its users may act only once it is verified."""

    __tablename__ = "organisations"
    __audit_ignore__ = frozenset({"updated_at"})

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
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=organisation_municipalities, lazy="raise", order_by="Municipality.name_sq"
    )
    users: Mapped[list[User]] = relationship(
        back_populates="organisation", lazy="raise", foreign_keys="User.organisation_id"
    )

    @validates("registration_number")
    def _set_registration_key(self, _key: str, number: str) -> str:
        self.registration_key = registration_key(number)
        return number

    def can_view(self, user: User) -> bool:
        return user.is_authenticated and (
            user.role in (Role.ADMIN, Role.MINISTRY) or user.organisation_id == self.id
        )

    def can_edit(self, user: User) -> bool:
        return user.is_authenticated and (
            user.role == Role.ADMIN or user.organisation_id == self.id
        )

    def can_verify(self, user: User) -> bool:
        return user.is_authenticated and user.role in (Role.ADMIN, Role.MINISTRY)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
