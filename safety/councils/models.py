"""Municipality, Council and Member models with the enums that describe them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safety.accounts.models import Role
from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

if TYPE_CHECKING:
    from safety.accounts.models import User


class Community(enum.StrEnum):
    ALBANIAN = "albanian"
    SERB = "serb"
    BOSNIAK = "bosniak"
    TURKISH = "turkish"
    ROMA = "roma"
    ASHKALI = "ashkali"
    EGYPTIAN = "egyptian"
    GORANI = "gorani"
    MONTENEGRIN = "montenegrin"
    CROAT = "croat"
    OTHER = "other"


COMMUNITY_LABELS = register_labels(
    Community,
    {
        Community.ALBANIAN: _l("Albanian"),
        Community.SERB: _l("Serb"),
        Community.BOSNIAK: _l("Bosniak"),
        Community.TURKISH: _l("Turkish"),
        Community.ROMA: _l("Roma"),
        Community.ASHKALI: _l("Ashkali"),
        Community.EGYPTIAN: _l("Egyptian"),
        Community.GORANI: _l("Gorani"),
        Community.MONTENEGRIN: _l("Montenegrin"),
        Community.CROAT: _l("Croat"),
        Community.OTHER: _l("Other community"),
    },
)


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNDISCLOSED = "undisclosed"


GENDER_LABELS = register_labels(
    Gender,
    {
        Gender.FEMALE: _l("Woman"),
        Gender.MALE: _l("Man"),
        Gender.UNDISCLOSED: _l("Not stated"),
    },
)


class MemberRole(enum.StrEnum):
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy_chair"
    POLICE_COMMANDER = "police_commander"
    MUNICIPAL_OFFICIAL = "municipal_official"
    RELIGIOUS_COMMUNITY = "religious_community"
    CIVIL_SOCIETY = "civil_society"
    COMMUNITY_REPRESENTATIVE = "community_representative"
    BUSINESS = "business"
    OTHER = "other"


MEMBER_ROLE_LABELS = register_labels(
    MemberRole,
    {
        MemberRole.CHAIR: _l("Chair"),
        MemberRole.DEPUTY_CHAIR: _l("Deputy chair"),
        MemberRole.POLICE_COMMANDER: _l("Police station commander"),
        MemberRole.MUNICIPAL_OFFICIAL: _l("Municipal official"),
        MemberRole.RELIGIOUS_COMMUNITY: _l("Religious community"),
        MemberRole.CIVIL_SOCIETY: _l("Civil society"),
        MemberRole.COMMUNITY_REPRESENTATIVE: _l("Community representative"),
        MemberRole.BUSINESS: _l("Business"),
        MemberRole.OTHER: _l("Other"),
    },
)


class Municipality(Base):
    """One of Kosovo's 38 municipalities, seeded from the project's own copy of the list."""

    __tablename__ = "municipalities"
    __audit_ignore__ = frozenset({"updated_at"})

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)
    district: Mapped[str] = mapped_column(String(60))
    name_sq: Mapped[str] = mapped_column(String(80))
    name_sr: Mapped[str] = mapped_column(String(80))
    name_tr: Mapped[str | None] = mapped_column(String(80))
    majority_community: Mapped[Community] = mapped_column(str_enum(Community))
    osce_region: Mapped[str] = mapped_column(String(60))
    # Other names in use, separated by "|", so search finds "Gllogoc" as well as "Drenas".
    aliases: Mapped[str] = mapped_column(String(300), default="")
    declaration_signed_on: Mapped[date | None] = mapped_column(Date)
    # The OSCE counts 33 of 38 as multi-ethnic without naming the 5; assume yes until told.
    is_multi_ethnic: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council | None] = relationship(back_populates="municipality", lazy="raise")

    def name(self, locale: str) -> str:
        """The municipality's name in the reader's language (Turkish name kept beside it)."""
        if locale == "sr":
            return self.name_sr
        return self.name_sq

    def bilingual_name(self, locale: str) -> str:
        first, second = (
            (self.name_sr, self.name_sq) if locale == "sr" else (self.name_sq, self.name_sr)
        )
        return first if first == second else f"{first}/{second}"

    @property
    def alias_list(self) -> list[str]:
        return [alias for alias in self.aliases.split("|") if alias]

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name_sq}>"


class Council(Base):
    """A Municipal Community Safety Council: one per municipality."""

    __tablename__ = "councils"
    __audit_ignore__ = frozenset({"updated_at", "version_id"})

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), unique=True)
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_on: Mapped[date | None] = mapped_column(Date)
    coordinator_name: Mapped[str | None] = mapped_column(String(200))
    coordinator_email: Mapped[str | None] = mapped_column(String(254))
    coordinator_phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship(back_populates="council", lazy="raise")
    members: Mapped[list[Member]] = relationship(
        back_populates="council", lazy="raise", order_by="Member.id"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012

    @property
    def is_constituted(self) -> bool:
        return bool(self.decision_number and self.decision_on)

    def can_view_personal_data(self, user: User) -> bool:
        """Full roster (names withheld from the public, birth years) for staff of this council."""
        return user.is_authenticated and (
            user.role in (Role.ADMIN, Role.MINISTRY) or self.can_edit(user)
        )

    def can_edit(self, user: User) -> bool:
        return user.is_authenticated and (
            user.role == Role.ADMIN or (user.role == Role.SECRETARY and user.council_id == self.id)
        )

    def __repr__(self) -> str:
        return f"<Council {self.id} municipality={self.municipality_id}>"


class Member(Base):
    """A person on a council's roster; members who leave keep their row with `left_on` set."""

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint(
            "term_ends_on IS NULL OR term_ends_on >= appointed_on", name="term_after_appointment"
        ),
        CheckConstraint(
            "left_on IS NULL OR left_on >= appointed_on", name="left_after_appointment"
        ),
    )
    __audit_ignore__ = frozenset({"updated_at", "version_id"})

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole))
    institution: Mapped[str | None] = mapped_column(String(200))
    community: Mapped[Community | None] = mapped_column(str_enum(Community))
    gender: Mapped[Gender] = mapped_column(str_enum(Gender), default=Gender.UNDISCLOSED)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    appointed_on: Mapped[date] = mapped_column(Date)
    term_ends_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    appointing_decision: Mapped[str | None] = mapped_column(String(100))
    is_publicly_named: Mapped[bool] = mapped_column(Boolean, default=False)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship(back_populates="members", lazy="raise")

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012

    def is_active_on(self, day: date) -> bool:
        return self.appointed_on <= day and (self.left_on is None or self.left_on > day)

    def has_left_by(self, day: date) -> bool:
        return self.left_on is not None and self.left_on <= day

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.role} council={self.council_id}>"
