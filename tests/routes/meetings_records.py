"""Routes of minutes and records: writing, circulating, publishing, approving, the signed scan.

Only a host council's secretary writes; the ministry and administrators, who read every
meeting, get 403; whoever may not see a council meeting (another council's secretary, CSOs)
gets 404. The scan carries signatures: staff who read the internal record download it,
everyone else (anonymous visitors included) gets 404, for consultations too.
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from safety.consultations.models import MeetingKind, MeetingStatus, RecordScan, RecordStatus
from tests.routes.base import Route, World, statuses

# A minimal file that passes the content check: a header and an end-of-file marker.
SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

STAFF_OF_A = {"secretary_a": 200, "ministry": 200, "admin": 200}


def writer_only(ok: int) -> dict[str, int]:
    """A council A meeting's record: its secretary writes, other staff readers get 403."""
    return statuses(404, anonymous=302, secretary_a=ok, ministry=403, admin=403)


def public_writer_only(ok: int) -> dict[str, int]:
    """A consultation everyone may read: its host's secretary writes, the rest get 403."""
    return statuses(403, anonymous=302, secretary_a=ok)


def build_world(request: pytest.FixtureRequest, world: World) -> World:
    """Draft minutes to circulate, a draft consultation record to publish, a stored scan."""
    council_a = request.getfixturevalue("council_a")
    make_meeting = request.getfixturevalue("make_meeting")
    make_record = request.getfixturevalue("make_record")
    session = request.getfixturevalue("session")
    draft_meeting = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 2, 11)
    )
    draft_minutes = make_record(draft_meeting, body="<p>Draft minutes of council A</p>")
    draft_consultation = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 1, 28),
    )
    draft_record = make_record(draft_consultation, body="<p>Draft record of a consultation</p>")
    scanned_meeting = make_meeting(
        council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 1, 14)
    )
    scanned_record = make_record(
        scanned_meeting, status=RecordStatus.APPROVED, approved_at=draft_meeting
    )
    session.add(
        RecordScan(
            record_id=scanned_record.id,
            filename="signed.pdf",
            content=SMALL_PDF,
            size=len(SMALL_PDF),
            sha256="0" * 64,
        )
    )
    session.commit()
    return {
        "records_draft_meeting": draft_meeting.id,
        "records_draft_minutes_version": draft_minutes.version_id,
        "records_draft_consultation": draft_consultation.id,
        "records_draft_record_version": draft_record.version_id,
        "records_scanned_meeting": scanned_meeting.id,
    }


ROUTES: list[Route] = [
    Route(
        "consultations.record",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}/record",
        writer_only(200),
    ),
    Route(
        "consultations.record",
        "POST",
        lambda w: f"/meetings/{w['meeting_a']}/record",
        writer_only(302),
        data=lambda w: {
            "text": "The commander reported.\n\n- Patrols near schools",
            "decisions": "Ask the police for more patrols\nMeet the school directors",
            "written_on": "2025-03-05",
            "version": str(w["record_a_version"]),
        },
    ),
    Route(
        "consultations.circulate_record",
        "GET",
        lambda w: f"/meetings/{w['records_draft_meeting']}/record/circulate",
        writer_only(200),
    ),
    Route(
        "consultations.circulate_record",
        "POST",
        lambda w: f"/meetings/{w['records_draft_meeting']}/record/circulate",
        writer_only(302),
        data=lambda w: {
            "circulated_on": "2025-02-14",
            "version": str(w["records_draft_minutes_version"]),
        },
    ),
    Route(
        "consultations.publish_record",
        "GET",
        lambda w: f"/meetings/{w['records_draft_consultation']}/record/publish",
        public_writer_only(200),
    ),
    Route(
        "consultations.publish_record",
        "POST",
        lambda w: f"/meetings/{w['records_draft_consultation']}/record/publish",
        public_writer_only(302),
        data=lambda w: {"version": str(w["records_draft_record_version"])},
    ),
    Route(
        "consultations.approve_record",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}/record/approve",
        writer_only(200),
    ),
    Route(
        "consultations.approve_record",
        "POST",
        lambda w: f"/meetings/{w['meeting_a']}/record/approve",
        writer_only(302),
        data=lambda w: {
            "approved_at": str(w["meeting_a_next"]),
            "version": str(w["record_a_version"]),
        },
    ),
    Route(
        "consultations.upload_scan",
        "GET",
        lambda w: f"/meetings/{w['meeting_a']}/record/scan",
        writer_only(200),
    ),
    Route(
        "consultations.upload_scan",
        "POST",
        lambda w: f"/meetings/{w['meeting_a']}/record/scan",
        writer_only(302),
        data=lambda w: {"scan": (io.BytesIO(SMALL_PDF), "signed minutes.pdf")},
    ),
    Route(
        "consultations.delete_scan",
        "POST",
        lambda w: f"/meetings/{w['records_scanned_meeting']}/record/scan/delete",
        writer_only(302),
    ),
    Route(
        "consultations.download_scan",
        "GET",
        lambda w: f"/meetings/{w['records_scanned_meeting']}/record/scan.pdf",
        statuses(404, **STAFF_OF_A),
    ),
]
