"""Meetings, public consultations and community activities, with what compliance reads of them.

Every fact a rule reads is a stated date (`held_on`, `minutes_on`, `approved_on`), so a
meeting recorded today about last March counts for last March (records.md). Status changes
are kept as dated events, never overwritten.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from safety.accounts.models import Role
from safety.audit.models import AuditLink
from safety.councils.models import Community, Council, Member
from safety.dates import utcnow
from safety.db import Base, UTCDateTime, str_enum
from safety.labels import register_labels

if TYPE_CHECKING:
    from safety.accounts.models import User
    from safety.organisations.models import Organisation


class MeetingKind(enum.StrEnum):
    REGULAR = "regular"
    EXTRAORDINARY = "extraordinary"
    PUBLIC_CONSULTATION = "public_consultation"
    COMMUNITY_ACTIVITY = "community_activity"

    @property
    def is_council_meeting(self) -> bool:
        """Regular and extraordinary meetings of the council: attendance, quorum, minutes."""
        return self in COUNCIL_MEETING_KINDS

    @property
    def is_public(self) -> bool:
        """Consultations and activities are open to citizens, and shown on public pages."""
        return self in PUBLIC_KINDS


COUNCIL_MEETING_KINDS = frozenset({MeetingKind.REGULAR, MeetingKind.EXTRAORDINARY})
PUBLIC_KINDS = frozenset({MeetingKind.PUBLIC_CONSULTATION, MeetingKind.COMMUNITY_ACTIVITY})

MEETING_KIND_LABELS = register_labels(
    MeetingKind,
    {
        MeetingKind.REGULAR: _l("Regular council meeting"),
        MeetingKind.EXTRAORDINARY: _l("Extraordinary council meeting"),
        MeetingKind.PUBLIC_CONSULTATION: _l("Public consultation"),
        MeetingKind.COMMUNITY_ACTIVITY: _l("Community activity"),
    },
)


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Still ahead: it can be held, moved or cancelled."""
        return self in (MeetingStatus.SCHEDULED, MeetingStatus.POSTPONED)


MEETING_STATUS_LABELS = register_labels(
    MeetingStatus,
    {
        MeetingStatus.SCHEDULED: _l("Scheduled"),
        MeetingStatus.POSTPONED: _l("Postponed"),
        MeetingStatus.HELD: _l("Held"),
        MeetingStatus.CANCELLED: _l("Cancelled"),
    },
)


class MeetingLanguage(enum.StrEnum):
    ALBANIAN = "sq"
    SERBIAN = "sr"
    TURKISH = "tr"
    BOSNIAN = "bs"
    ROMANI = "rom"
    ENGLISH = "en"


MEETING_LANGUAGE_LABELS = register_labels(
    MeetingLanguage,
    {
        MeetingLanguage.ALBANIAN: lazy_pgettext("language", "Albanian"),
        MeetingLanguage.SERBIAN: lazy_pgettext("language", "Serbian"),
        MeetingLanguage.TURKISH: lazy_pgettext("language", "Turkish"),
        MeetingLanguage.BOSNIAN: lazy_pgettext("language", "Bosnian"),
        MeetingLanguage.ROMANI: lazy_pgettext("language", "Romani"),
        MeetingLanguage.ENGLISH: lazy_pgettext("language", "English"),
    },
)


class MeetingEventKind(enum.StrEnum):
    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    POSTPONED = "postponed"
    HELD = "held"
    CANCELLED = "cancelled"


MEETING_EVENT_KIND_LABELS = register_labels(
    MeetingEventKind,
    {
        MeetingEventKind.SCHEDULED: _l("Scheduled"),
        MeetingEventKind.RESCHEDULED: _l("Date corrected"),
        MeetingEventKind.POSTPONED: _l("Postponed"),
        MeetingEventKind.HELD: _l("Recorded as held"),
        MeetingEventKind.CANCELLED: _l("Cancelled"),
    },
)


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


ATTENDANCE_STATUS_LABELS = register_labels(
    AttendanceStatus,
    {
        AttendanceStatus.PRESENT: _l("Present"),
        AttendanceStatus.ABSENT: _l("Absent"),
        AttendanceStatus.EXCUSED: _l("Excused"),
    },
)


class ParticipantCommunity(enum.StrEnum):
    """The communities participation is counted by: the council communities plus "undisclosed"."""

    ALBANIAN = Community.ALBANIAN.value
    SERB = Community.SERB.value
    BOSNIAK = Community.BOSNIAK.value
    TURKISH = Community.TURKISH.value
    ROMA = Community.ROMA.value
    ASHKALI = Community.ASHKALI.value
    EGYPTIAN = Community.EGYPTIAN.value
    GORANI = Community.GORANI.value
    MONTENEGRIN = Community.MONTENEGRIN.value
    CROAT = Community.CROAT.value
    OTHER = Community.OTHER.value
    UNDISCLOSED = "undisclosed"


PARTICIPANT_COMMUNITY_LABELS = register_labels(
    ParticipantCommunity,
    {
        ParticipantCommunity.ALBANIAN: _l("Albanian"),
        ParticipantCommunity.SERB: _l("Serb"),
        ParticipantCommunity.BOSNIAK: _l("Bosniak"),
        ParticipantCommunity.TURKISH: _l("Turkish"),
        ParticipantCommunity.ROMA: _l("Roma"),
        ParticipantCommunity.ASHKALI: _l("Ashkali"),
        ParticipantCommunity.EGYPTIAN: _l("Egyptian"),
        ParticipantCommunity.GORANI: _l("Gorani"),
        ParticipantCommunity.MONTENEGRIN: _l("Montenegrin"),
        ParticipantCommunity.CROAT: _l("Croat"),
        ParticipantCommunity.OTHER: _l("Other community"),
        ParticipantCommunity.UNDISCLOSED: _l("Did not say"),
    },
)


class RecordStatus(enum.StrEnum):
    """Minutes: draft -> circulated -> approved; a consultation's record: draft -> published."""

    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"
    PUBLISHED = "published"


RECORD_STATUS_LABELS = register_labels(
    RecordStatus,
    {
        RecordStatus.DRAFT: _l("Draft"),
        RecordStatus.CIRCULATED: _l("Circulated to members"),
        RecordStatus.APPROVED: _l("Approved"),
        RecordStatus.PUBLISHED: _l("Published"),
    },
)


class MeetingSeries(Base):
    """A monthly series ("first Tuesday of each month for 12 months") that created meetings."""

    __tablename__ = "meeting_series"
    __audit_ignore__ = frozenset({"created_at"})
    __audit_type__ = _l("Series of meetings")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Council"),
        "kind": _l("Kind of meeting"),
        "weekday": _l("Day of the week"),
        "week_of_month": _l("Week of the month"),
        "first_month_on": _l("First month"),
        "months": _l("Number of months"),
    }
    __audit_link__ = AuditLink("consultations.index", {"council_id": "council_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.first_month_on

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind))
    # Monday = 0 as in `date.weekday()`; week 1-4, or 5 for "the last" of the month.
    weekday: Mapped[int] = mapped_column(Integer)
    week_of_month: Mapped[int] = mapped_column(Integer)
    first_month_on: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<MeetingSeries {self.id} council={self.council_id}>"


class Meeting(Base):
    """A council meeting, a public consultation or a community activity, on one date."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("status != 'held' OR held_on IS NOT NULL", name="held_has_date"),
    )
    __audit_ignore__ = frozenset({"created_at", "updated_at", "version_id"})
    __audit_type__ = _l("Meeting")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "council_id": _l("Organising council"),
        "kind": _l("Kind of meeting"),
        "status": _l("Status"),
        "title": _l("Title"),
        "scheduled_on": _l("Date"),
        "starts_at": _l("Starts at"),
        "ends_at": _l("Ends at"),
        "held_on": _l("Held on"),
        "place_name": _l("Place"),
        "address": _l("Address"),
        "settlement": _l("Settlement"),
        "settlement_community": _l("Majority community of the settlement"),
        "online_url": _l("Online link"),
        "languages": _l("Languages used"),
        "interpretation": _l("Interpretation provided"),
        "declaration": _l("Inter-municipal declaration"),
        "cancelled_reason": _l("Reason for cancelling"),
        "series_id": _l("Series"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.title

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organising council; co-hosts (and the organiser itself) are in `meeting_hosts`.
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind))
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus), default=MeetingStatus.SCHEDULED
    )
    title: Mapped[str] = mapped_column(String(200))
    # The planned date (moved by a postponement); `held_on` is the date it actually happened.
    scheduled_on: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    held_on: Mapped[date | None] = mapped_column(Date, index=True)
    place_name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    settlement: Mapped[str | None] = mapped_column(String(120))
    # Recorded so "held in a non-majority settlement" can be judged per host council (R10).
    settlement_community: Mapped[Community | None] = mapped_column(str_enum(Community))
    online_url: Mapped[str | None] = mapped_column(String(500))
    # MeetingLanguage values separated by commas, in the order chosen.
    languages: Mapped[str] = mapped_column(String(100), default="")
    interpretation: Mapped[bool] = mapped_column(Boolean, default=False)
    declaration: Mapped[str | None] = mapped_column(String(300))
    cancelled_reason: Mapped[str | None] = mapped_column(Text)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"), index=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship(lazy="raise")
    series: Mapped[MeetingSeries | None] = relationship(lazy="raise")
    hosts: Mapped[list[MeetingHost]] = relationship(
        back_populates="meeting", lazy="raise", order_by="MeetingHost.id"
    )
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", lazy="raise", order_by="AgendaItem.position"
    )
    events: Mapped[list[MeetingEvent]] = relationship(
        back_populates="meeting", lazy="raise", order_by="MeetingEvent.id"
    )
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", lazy="raise", order_by="Attendance.id"
    )
    guests: Mapped[list[MeetingGuest]] = relationship(
        back_populates="meeting", lazy="raise", order_by="MeetingGuest.id"
    )
    participation: Mapped[Participation | None] = relationship(
        back_populates="meeting", lazy="raise"
    )
    community_counts: Mapped[list[ParticipationCommunity]] = relationship(
        back_populates="meeting", lazy="raise", order_by="ParticipationCommunity.id"
    )
    organisations: Mapped[list[MeetingOrganisation]] = relationship(
        back_populates="meeting", lazy="raise", order_by="MeetingOrganisation.id"
    )
    record: Mapped[MeetingRecord | None] = relationship(
        back_populates="meeting", lazy="raise", foreign_keys="MeetingRecord.meeting_id"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012

    @property
    def language_list(self) -> list[MeetingLanguage]:
        return [MeetingLanguage(code) for code in self.languages.split(",") if code]

    @property
    def host_council_ids(self) -> set[int]:
        """Every host, organiser included (needs `hosts` loaded)."""
        return {host.council_id for host in self.hosts} | {self.council_id}

    @property
    def effective_on(self) -> date:
        """The date that matters: when it was held, else when it is (or was) planned."""
        return self.held_on or self.scheduled_on

    def can_view(self, user: User) -> bool:
        """Public kinds are open to all; council meetings to staff who may read that council."""
        if self.kind.is_public:
            return True
        if not user.is_authenticated:
            return False
        if user.role in (Role.ADMIN, Role.MINISTRY):
            return True
        return user.role == Role.SECRETARY and user.council_id in self.host_council_ids

    def can_view_internal(self, user: User) -> bool:
        """Attendance, guests, drafts and minutes: staff only, never CSOs or the public."""
        if not user.is_authenticated:
            return False
        if user.role in (Role.ADMIN, Role.MINISTRY):
            return True
        return user.role == Role.SECRETARY and user.council_id in self.host_council_ids

    def can_edit(self, user: User) -> bool:
        """Only a host council's own secretary writes a meeting (records.md: who may do what)."""
        return (
            user.is_authenticated
            and user.role == Role.SECRETARY
            and user.council_id in self.host_council_ids
        )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.kind} {self.status} {self.scheduled_on}>"


class MeetingHost(Base):
    """A council hosting a meeting: the organiser, and co-hosts of inter-municipal events."""

    __tablename__ = "meeting_hosts"
    __table_args__ = (UniqueConstraint("meeting_id", "council_id"),)
    __audit_type__ = _l("Host council")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "council_id": _l("Council"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.meeting_id

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="hosts", lazy="raise")
    council: Mapped[Council] = relationship(lazy="raise")


class AgendaItem(Base):
    """One point of a meeting's agenda, in order."""

    __tablename__ = "agenda_items"
    __audit_type__ = _l("Agenda item")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "position": _l("Position"),
        "title": _l("Agenda item"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.title

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda", lazy="raise")


class MeetingEvent(Base):
    """A dated change of a meeting's status: the history a postponement or cancellation keeps."""

    __tablename__ = "meeting_events"
    __audit_ignore__ = frozenset({"created_at"})
    __audit_type__ = _l("Meeting history entry")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "kind": _l("Change"),
        "from_on": _l("Previous date"),
        "to_on": _l("New date"),
        "reason": _l("Reason"),
        "actor_id": _l("Recorded by"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.kind

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    kind: Mapped[MeetingEventKind] = mapped_column(str_enum(MeetingEventKind))
    from_on: Mapped[date | None] = mapped_column(Date)
    to_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="events", lazy="raise")


class Attendance(Base):
    """Whether one member active on the meeting's date came; a substitute counts as present."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)
    __audit_type__ = _l("Attendance")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "member_id": _l("Member"),
        "status": _l("Attendance"),
        "substitute_name": _l("Substitute"),
        "substitute_institution": _l("Substitute's institution"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.status

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(str_enum(AttendanceStatus))
    substitute_name: Mapped[str | None] = mapped_column(String(200))
    substitute_institution: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance", lazy="raise")
    member: Mapped[Member] = relationship(lazy="raise")

    @property
    def counts_as_present(self) -> bool:
        """Present in person, or represented by a substitute (decided reading 14)."""
        return self.status == AttendanceStatus.PRESENT or bool(self.substitute_name)


class MeetingGuest(Base):
    """A guest at a council meeting (an LPSC chair, a school director): never counts for quorum."""

    __tablename__ = "meeting_guests"
    __audit_type__ = _l("Guest")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "name": _l("Name"),
        "institution": _l("Institution or role"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.name

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    institution: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="guests", lazy="raise")


class Participation(Base):
    """How many took part in a consultation or activity, by gender and age; no one is named."""

    __tablename__ = "participations"
    __table_args__ = (
        CheckConstraint("women + men + gender_undisclosed = total", name="genders_add_up"),
        CheckConstraint("under_30 + aged_30_plus + age_undisclosed = total", name="ages_add_up"),
        CheckConstraint(
            "total >= 0 AND women >= 0 AND men >= 0 AND gender_undisclosed >= 0 "
            "AND under_30 >= 0 AND aged_30_plus >= 0 AND age_undisclosed >= 0",
            name="counts_not_negative",
        ),
    )
    __audit_ignore__ = frozenset({"updated_at"})
    __audit_type__ = _l("Participation")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "total": _l("Participants"),
        "women": _l("Women"),
        "men": _l("Men"),
        "gender_undisclosed": _l("Gender not stated"),
        "under_30": _l("Under 30"),
        "aged_30_plus": _l("30 and over"),
        "age_undisclosed": _l("Age not stated"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.total

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), unique=True)
    total: Mapped[int] = mapped_column(Integer)
    women: Mapped[int] = mapped_column(Integer, default=0)
    men: Mapped[int] = mapped_column(Integer, default=0)
    gender_undisclosed: Mapped[int] = mapped_column(Integer, default=0)
    under_30: Mapped[int] = mapped_column(Integer, default=0)
    aged_30_plus: Mapped[int] = mapped_column(Integer, default=0)
    age_undisclosed: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="participation", lazy="raise")


class ParticipationCommunity(Base):
    """Participants of one community at a consultation or activity (summing to the total)."""

    __tablename__ = "participation_communities"
    __table_args__ = (
        UniqueConstraint("meeting_id", "community"),
        CheckConstraint("count > 0", name="count_positive"),
    )
    __audit_type__ = _l("Participants by community")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "community": _l("Community"),
        "count": _l("Participants"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.community

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    community: Mapped[ParticipantCommunity] = mapped_column(str_enum(ParticipantCommunity))
    count: Mapped[int] = mapped_column(Integer)

    meeting: Mapped[Meeting] = relationship(back_populates="community_counts", lazy="raise")


class MeetingOrganisation(Base):
    """An organisation that attended: a registered CSO, or a name typed in."""

    __tablename__ = "meeting_organisations"
    __table_args__ = (
        CheckConstraint(
            "organisation_id IS NOT NULL OR name IS NOT NULL", name="registered_or_named"
        ),
    )
    __audit_type__ = _l("Attending organisation")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "organisation_id": _l("Registered organisation"),
        "name": _l("Organisation"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.name

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="organisations", lazy="raise")
    organisation: Mapped[Organisation | None] = relationship(lazy="raise")


class MeetingRecord(Base):
    """Council minutes, or the record of a consultation or activity, with the dates R08 reads."""

    __tablename__ = "meeting_records"
    __table_args__ = (
        CheckConstraint("minutes_on IS NULL OR minutes_on >= written_on", name="out_after_written"),
    )
    __audit_ignore__ = frozenset({"created_at", "updated_at", "version_id"})
    __audit_type__ = _l("Minutes")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "meeting_id": _l("Meeting"),
        "status": _l("Status"),
        "body": _l("Text"),
        "written_on": _l("Written on"),
        "minutes_on": _l("Circulated or published on"),
        "approved_on": _l("Approved on"),
        "approved_at_meeting_id": _l("Approved at the meeting"),
    }
    __audit_link__ = AuditLink("consultations.show", {"meeting_id": "meeting_id"})

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.written_on

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), unique=True)
    status: Mapped[RecordStatus] = mapped_column(str_enum(RecordStatus), default=RecordStatus.DRAFT)
    # Sanitised HTML (a small set of tags) made from what the secretary wrote.
    body: Mapped[str] = mapped_column(Text, default="")
    written_on: Mapped[date] = mapped_column(Date)
    # The day the record left draft: circulated (minutes) or published (a consultation's record).
    minutes_on: Mapped[date | None] = mapped_column(Date)
    # The date of the later held council meeting that approved the minutes.
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id"), index=True
    )
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(
        back_populates="record", lazy="raise", foreign_keys=[meeting_id]
    )
    approved_at_meeting: Mapped[Meeting | None] = relationship(
        lazy="raise", foreign_keys=[approved_at_meeting_id]
    )
    decisions: Mapped[list[RecordDecision]] = relationship(
        back_populates="record", lazy="raise", order_by="RecordDecision.position"
    )
    scan: Mapped[RecordScan | None] = relationship(back_populates="record", lazy="raise")

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012


class RecordDecision(Base):
    """A decision taken at the meeting, listed in its minutes."""

    __tablename__ = "record_decisions"
    __audit_type__ = _l("Decision in the minutes")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "record_id": _l("Minutes"),
        "position": _l("Position"),
        "text": _l("Decision"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.position

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("meeting_records.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    record: Mapped[MeetingRecord] = relationship(back_populates="decisions", lazy="raise")


class RecordScan(Base):
    """The signed scan of the minutes or of the attendance sheet: a PDF kept in the database."""

    __tablename__ = "record_scans"
    __audit_ignore__ = frozenset({"content", "uploaded_at"})
    __audit_type__ = _l("Signed scan")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "record_id": _l("Minutes"),
        "filename": _l("File name"),
        "size": _l("Size in bytes"),
        "sha256": _l("Checksum (SHA-256)"),
        "uploaded_by_id": _l("Uploaded by"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.filename

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("meeting_records.id"), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    # Deferred: pages list a scan's name and size without reading megabytes of PDF.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    record: Mapped[MeetingRecord] = relationship(back_populates="scan", lazy="raise")


class CalendarToken(Base):
    """A revocable secret in a staff member's private calendar-feed URL (only its hash is kept)."""

    __tablename__ = "calendar_tokens"
    __audit_ignore__ = frozenset({"created_at", "token_hash"})
    __audit_type__ = _l("Calendar feed link")
    __audit_labels__: ClassVar[Mapping[str, Any]] = {
        "user_id": _l("Account"),
        "revoked_at": _l("Revoked at"),
    }

    @classmethod
    def __audit_name__(cls, _locale: str) -> Any:
        return cls.id

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
