"""Loading meetings for pages in a fixed number of queries, whatever their number."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from safety.consultations.models import (
    Attendance,
    Meeting,
    MeetingHost,
    MeetingOrganisation,
    MeetingRecord,
)
from safety.councils.models import Council


def meeting_page_options() -> tuple[LoaderOption, ...]:
    """Everything the meeting page shows: hosts, agenda, history, attendance, record."""
    return (
        joinedload(Meeting.council).joinedload(Council.municipality),
        selectinload(Meeting.hosts)
        .joinedload(MeetingHost.council)
        .joinedload(Council.municipality),
        selectinload(Meeting.agenda),
        selectinload(Meeting.events),
        selectinload(Meeting.attendance).joinedload(Attendance.member),
        selectinload(Meeting.guests),
        joinedload(Meeting.participation),
        selectinload(Meeting.community_counts),
        selectinload(Meeting.organisations).joinedload(MeetingOrganisation.organisation),
        selectinload(Meeting.record).options(
            selectinload(MeetingRecord.decisions),
            joinedload(MeetingRecord.scan),
            joinedload(MeetingRecord.approved_at_meeting),
        ),
    )
