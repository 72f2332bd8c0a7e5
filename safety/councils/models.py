"""Municipality, Council and Member models with the enums that describe them."""

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
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from safety.accounts.models import Role
from safety.audit.models import AuditLink
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
    # `is_multi_ethnic` is derived from the communities list, whose rows are audited.
    __audit_ignore__ = frozenset({"updated_at", "is_multi_ethnic"})
    __audit_type__ = _l("Municipality")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "code": _l("Code"),
        "district": _l("District"),
        "name_sq": _l("Name in Albanian"),
        "name_sr": _l("Name in Serbian"),
        "name_tr": _l("Name in Turkish"),
        "majority_community": _l("Majority community"),
        "osce_region": _l("OSCE region"),
        "aliases": _l("Other names"),
        "declaration_signed_on": _l("Declaration signed on"),
    }

    @classmethod
    def __audit_name__(cls, locale: str) -> Any:
        return cls.name_sr if locale == "sr" else cls.name_sq

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


UNKNOWN_COMMUNITIES = "unknown"


class MunicipalityCommunity(Base):
    """One community an administrator recorded as living in a municipality.

    The list may hold `unknown` (nobody has checked); an empty list means the same. Whether
    the municipality is multi-ethnic (R04, R10) is derived from this list, never kept beside
    it (records.md, "Communities of the municipality").
    """

    __tablename__ = "municipality_communities"
    __table_args__ = (
        UniqueConstraint("municipality_id", "community", name="uq_municipality_community"),
    )
    __audit_type__ = _l("Community of the municipality")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "municipality_id": _l("Municipality"),
        "community": _l("Community"),
    }
    __audit_ignore__ = frozenset({"created_at"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.community

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    # A `Community` value, or `unknown`.
    community: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _multi_ethnic_expression() -> Any:
    """True unless the list names exactly one known community (decided reading 11: an empty
    list or `unknown` counts as multi-ethnic), evaluated in the municipality's own query."""
    listed = (
        select(func.count(func.distinct(MunicipalityCommunity.community)))
        .where(MunicipalityCommunity.municipality_id == Municipality.id)
        .correlate_except(MunicipalityCommunity)
        .scalar_subquery()
    )
    unknown = (
        select(MunicipalityCommunity.id)
        .where(
            MunicipalityCommunity.municipality_id == Municipality.id,
            MunicipalityCommunity.community == UNKNOWN_COMMUNITIES,
        )
        .correlate_except(MunicipalityCommunity)
        .exists()
    )
    return case((listed == 1, unknown), else_=True)


Municipality.is_multi_ethnic = column_property(_multi_ethnic_expression())


class Council(Base):
    """A Municipal Community Safety Council: one per municipality."""

    __tablename__ = "councils"
    __audit_ignore__ = frozenset({"created_at", "updated_at", "version_id"})
    # A coordinator's own e-mail and telephone: the trail keeps that they changed, not the
    # numbers, which outlive the coordinator's term there (the council page shows today's).
    __audit_redact__ = frozenset({"coordinator_email", "coordinator_phone"})
    __audit_type__ = _l("Council")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "municipality_id": _l("Municipality"),
        "coordinator_name": _l("Coordinator"),
        "coordinator_email": _l("Coordinator's e-mail"),
        "coordinator_phone": _l("Coordinator's telephone"),
        "notes": _l("Notes"),
    }
    __audit_link__ = AuditLink("councils.show", {"council_id": "id"})

    @classmethod
    def __audit_name__(cls, locale: str) -> Any:
        # A council is known by its municipality's name.
        name = Municipality.name_sr if locale == "sr" else Municipality.name_sq
        return select(name).where(Municipality.id == cls.municipality_id).scalar_subquery()

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), unique=True)
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
    decisions: Mapped[list[CouncilDecision]] = relationship(
        back_populates="council",
        lazy="raise",
        order_by="(CouncilDecision.decided_on, CouncilDecision.id)",
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012

    @property
    def constituting_decision(self) -> CouncilDecision | None:
        """The earliest decision of any kind: a later re-constitution does not reset it."""
        return self.decisions[0] if self.decisions else None

    @property
    def latest_decision(self) -> CouncilDecision | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def constituted_on(self) -> date | None:
        first = self.constituting_decision
        return first.decided_on if first else None

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


class DecisionKind(enum.StrEnum):
    CONSTITUTING = "constituting"
    RECONSTITUTING = "reconstituting"


DECISION_KIND_LABELS = register_labels(
    DecisionKind,
    {
        DecisionKind.CONSTITUTING: _l("Constituting decision"),
        DecisionKind.RECONSTITUTING: _l("Re-constituting decision (after elections)"),
    },
)


class CouncilDecision(Base):
    """A decision of the Municipal Assembly constituting or re-constituting the council."""

    __tablename__ = "council_decisions"
    __audit_ignore__ = frozenset({"created_at"})
    __audit_type__ = _l("Decision of the Assembly")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "kind": _l("Kind of decision"),
        "number": _l("Decision number"),
        "decided_on": _l("Date of the decision"),
    }
    __audit_link__ = AuditLink("councils.show", {"council_id": "council_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.number

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    kind: Mapped[DecisionKind] = mapped_column(str_enum(DecisionKind))
    number: Mapped[str] = mapped_column(String(60))
    decided_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    council: Mapped[Council] = relationship(back_populates="decisions", lazy="raise")

    def __repr__(self) -> str:
        return f"<CouncilDecision {self.id} {self.kind} {self.decided_on}>"


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
    __audit_ignore__ = frozenset({"created_at", "updated_at", "version_id"})
    # A private person's year of birth is not needed to account for who changed the roster;
    # staff read today's value on the council page. Names, roles and communities stay: they
    # are what the council's composition rules are checked against.
    __audit_redact__ = frozenset({"birth_year"})
    __audit_type__ = _l("Council member")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "full_name": _l("Full name"),
        "role": _l("Role on the council"),
        "institution": _l("Institution or organisation"),
        "community": _l("Community"),
        "gender": _l("Gender"),
        "birth_year": _l("Year of birth"),
        "appointed_on": _l("Appointed on"),
        "term_ends_on": _l("Term ends on"),
        "left_on": _l("Left the council on"),
        "appointing_decision": _l("Appointing decision"),
        "is_publicly_named": _l("May be named publicly (the member agreed)"),
        "previous_appointment_id": _l("Continues the appointment of"),
    }
    __audit_link__ = AuditLink("councils.show", {"council_id": "council_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.full_name

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
    # The appointment this one continues (same person, new role or new term), so R02-R05
    # stay true for past dates while the roster shows one person.
    previous_appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id"), index=True
    )
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
