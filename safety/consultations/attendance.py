"""Attendance registers and public participation: quorum, and the writes that replace them.

The register is saved as a whole: the view checks it against the roster first, then
`record_attendance` makes the stored rows equal to it. Rows are updated in place rather than
deleted and re-inserted, so the audit trail records what changed, not the whole register.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from safety.consultations.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingGuest,
    MeetingOrganisation,
    ParticipantCommunity,
    Participation,
    ParticipationCommunity,
)
from safety.dates import utcnow


@dataclass(frozen=True)
class Quorum:
    """Members present (substitutes included) against members active on the meeting's date."""

    present: int
    active: int
    needed: int
    reached: bool


def quorum(present: int, active: int) -> Quorum:
    """Quorum is reached when more than half of the active members are present (rule R07)."""
    # "More than half": 3 of 6 is not enough, 4 of 6 is; 3 of 5 is. No members, no quorum.
    return Quorum(
        present=present,
        active=active,
        needed=active // 2 + 1,
        reached=present * 2 > active,
    )


def quorum_of_rows(rows: Iterable[Attendance | AttendanceMark], active: int) -> Quorum:
    """The quorum of a register: lines counting as present (substitutes too) out of `active`."""
    return quorum(sum(1 for row in rows if row.counts_as_present), active)


@dataclass(frozen=True)
class AttendanceMark:
    """One member's line of the register as the secretary filled it in."""

    member_id: int
    status: AttendanceStatus
    substitute_name: str | None = None
    substitute_institution: str | None = None

    @property
    def counts_as_present(self) -> bool:
        """As `Attendance.counts_as_present`: in person, or represented by a substitute."""
        return self.status == AttendanceStatus.PRESENT or bool(self.substitute_name)


@dataclass(frozen=True)
class GuestEntry:
    name: str
    institution: str | None = None


def record_attendance(
    session: Session,
    meeting: Meeting,
    *,
    marks: Sequence[AttendanceMark],
    guests: Sequence[GuestEntry],
) -> None:
    """Make `meeting`'s stored register equal to `marks` and `guests`; flush, never commit.

    Needs `meeting.attendance` and `meeting.guests` loaded. The caller has checked that the
    marks name exactly the members active on the meeting's date. The meeting's version is
    raised with it, so a register saved from a stale page is refused (409) when the caller
    commits with `commit_if_current`, which is where the changes are flushed.
    """
    stored = {row.member_id: row for row in meeting.attendance}
    wanted = {mark.member_id for mark in marks}
    for row in meeting.attendance:
        if row.member_id not in wanted:
            session.delete(row)
    for mark in marks:
        row = stored.get(mark.member_id)
        if row is None:
            row = Attendance(meeting_id=meeting.id, member_id=mark.member_id)
            session.add(row)
        row.status = mark.status
        row.substitute_name = mark.substitute_name
        row.substitute_institution = mark.substitute_institution
    _replace_guests(session, meeting, guests)
    touch(meeting)


def _replace_guests(session: Session, meeting: Meeting, guests: Sequence[GuestEntry]) -> None:
    # Matched by position: a corrected spelling is an update of that guest, not a new one.
    stored = list(meeting.guests)
    for row, entry in zip(stored, guests, strict=False):
        row.name = entry.name
        row.institution = entry.institution
    for row in stored[len(guests) :]:
        session.delete(row)
    session.add_all(
        MeetingGuest(meeting_id=meeting.id, name=entry.name, institution=entry.institution)
        for entry in guests[len(stored) :]
    )


def touch(meeting: Meeting) -> None:
    """Raise the meeting's version: its register or participation changed."""
    # `updated_at` is not audited, so this writes the version check and no audit row.
    meeting.updated_at = utcnow()


@dataclass(frozen=True)
class ParticipationCounts:
    """How many took part, each breakdown adding up to `total` (checked by the form)."""

    total: int
    women: int
    men: int
    gender_undisclosed: int
    under_30: int
    aged_30_plus: int
    age_undisclosed: int
    communities: Mapping[ParticipantCommunity, int]


def record_participation(
    session: Session,
    meeting: Meeting,
    *,
    counts: ParticipationCounts,
    organisation_ids: Sequence[int],
    organisation_names: Sequence[str],
) -> None:
    """Make `meeting`'s participation, community counts and organisations equal to these.

    Needs `participation`, `community_counts` and `organisations` loaded. Never commits;
    as with `record_attendance`, the caller's `commit_if_current` flushes and checks the version.
    """
    participation = meeting.participation
    if participation is None:
        participation = Participation(meeting_id=meeting.id)
        session.add(participation)
    participation.total = counts.total
    participation.women = counts.women
    participation.men = counts.men
    participation.gender_undisclosed = counts.gender_undisclosed
    participation.under_30 = counts.under_30
    participation.aged_30_plus = counts.aged_30_plus
    participation.age_undisclosed = counts.age_undisclosed
    _replace_community_counts(session, meeting, counts.communities)
    _replace_organisations(session, meeting, organisation_ids, organisation_names)
    touch(meeting)


def _replace_community_counts(
    session: Session, meeting: Meeting, communities: Mapping[ParticipantCommunity, int]
) -> None:
    # Only communities with participants are stored (the table refuses a count of 0).
    stored = {row.community: row for row in meeting.community_counts}
    for community, row in stored.items():
        if not communities.get(community):
            session.delete(row)
    for community, count in communities.items():
        if not count:
            continue
        row = stored.get(community)
        if row is None:
            session.add(
                ParticipationCommunity(meeting_id=meeting.id, community=community, count=count)
            )
        else:
            row.count = count


def _replace_organisations(
    session: Session,
    meeting: Meeting,
    organisation_ids: Sequence[int],
    organisation_names: Sequence[str],
) -> None:
    # Kept rows stay (with their audit history); each organisation is listed once.
    wanted_ids = dict.fromkeys(organisation_ids)
    wanted_names = {name.casefold(): name for name in organisation_names}
    kept_ids: set[int] = set()
    kept_names: set[str] = set()
    for row in meeting.organisations:
        if row.organisation_id is not None:
            keep = row.organisation_id in wanted_ids and row.organisation_id not in kept_ids
            kept_ids.add(row.organisation_id)
        else:
            key = (row.name or "").casefold()
            keep = key in wanted_names and key not in kept_names
            kept_names.add(key)
            if keep:
                row.name = wanted_names[key]
        if not keep:
            session.delete(row)
    session.add_all(
        MeetingOrganisation(meeting_id=meeting.id, organisation_id=organisation_id)
        for organisation_id in wanted_ids
        if organisation_id not in kept_ids
    )
    session.add_all(
        MeetingOrganisation(meeting_id=meeting.id, name=name)
        for key, name in wanted_names.items()
        if key not in kept_names
    )
