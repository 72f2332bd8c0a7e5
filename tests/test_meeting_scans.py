"""The signed scan of a record: PDF by content only, 10 MiB on its route, staff-only downloads."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from safety.audit.models import AuditEvent
from safety.consultations.models import MeetingKind, MeetingStatus, RecordScan, RecordStatus
from safety.consultations.pdf import is_pdf
from tests.conftest import assert_no_duplicated_queries

PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


@pytest.fixture(autouse=True)
def english(app):
    """Read pages in English (the msgids) unless a test's user prefers another language."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"


@pytest.fixture
def minutes(make_meeting, make_record, council_a):
    """A held council meeting of council A with circulated minutes."""
    meeting = make_meeting(council_a, status=MeetingStatus.HELD, scheduled_on=date(2025, 3, 4))
    make_record(meeting, status=RecordStatus.CIRCULATED)
    return meeting


def scans(session) -> list[RecordScan]:
    session.expire_all()
    return list(session.scalars(select(RecordScan)))


def upload(client, meeting, content: bytes, name="scan.pdf", content_type="application/pdf"):
    return client.post(
        f"/meetings/{meeting.id}/record/scan",
        data={"scan": (io.BytesIO(content), name, content_type)},
    )


# What counts as a PDF ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, True),
        (b"%PDF-2.0\n" + b"x" * 5000 + b"\n%%EOF", True),
        # Some scanners write junk before the header; readers accept it within 1024 bytes.
        (b"\x00" * 1000 + PDF, True),
        (b"\x00" * 1100 + PDF, False),
        # An %%EOF followed by up to a kilobyte of trailing bytes is still found.
        (PDF + b"\n" * 1000, True),
        (PDF + b"\n" * 1100, False),
        (PDF[:-10], False),  # cut short in the upload
        (PNG + b"%%EOF", False),
        (b"%PDF-x.y\n%%EOF", False),
        (b"<html><script>alert(1)</script></html>", False),
        (b"", False),
    ],
)
def test_a_pdf_is_recognised_by_its_header_and_trailer(content, expected):
    assert is_pdf(content) is expected


# Uploading -----------------------------------------------------------------------------------


def test_the_secretary_uploads_a_scan_kept_with_its_checksum(minutes, users, login, session):
    client = login(users["secretary_a"])
    assert client.get(f"/meetings/{minutes.id}/record/scan").status_code == 200
    response = upload(client, minutes, PDF, name="/home/arta/Scans/Procesverbali i nënshkruar.pdf")
    assert response.status_code == 302
    (stored,) = scans(session)
    assert stored.content == PDF
    assert stored.size == len(PDF)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.filename == "Procesverbali i nënshkruar.pdf"
    assert stored.uploaded_by_id == users["secretary_a"].id
    audit = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "record_scans")
    ).one()
    assert "content" not in audit.changes
    assert audit.changes["sha256"] == stored.sha256
    page = client.get(f"/meetings/{minutes.id}").get_data(as_text=True)
    assert f'href="/meetings/{minutes.id}/record/scan.pdf"' in page


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PNG, "signed.pdf", "application/pdf"),  # a PNG renamed .pdf
        (b"These are the minutes, honestly.\n", "minutes.pdf", "application/pdf"),
        (b"<svg onload=alert(1)></svg>", "minutes.pdf", "application/pdf"),
        (PDF[:-10], "cut-short.pdf", "application/pdf"),
        (b"", "empty.pdf", "application/pdf"),
    ],
)
def test_files_that_are_not_pdfs_are_refused(
    content, name, content_type, minutes, users, login, session
):
    response = upload(login(users["secretary_a"]), minutes, content, name, content_type)
    assert response.status_code == 400
    assert "This file is not a PDF." in response.get_data(as_text=True)
    assert scans(session) == []


def test_a_pdf_is_accepted_whatever_its_name_and_declared_type(minutes, users, login, session):
    response = upload(login(users["secretary_a"]), minutes, PDF, "scan.png", "image/png")
    assert response.status_code == 302
    assert [scan.content for scan in scans(session)] == [PDF]


def test_an_upload_without_a_file_is_refused(minutes, users, login, session):
    response = login(users["secretary_a"]).post(f"/meetings/{minutes.id}/record/scan", data={})
    assert response.status_code == 400
    assert "Choose the PDF file of the signed scan." in response.get_data(as_text=True)
    assert scans(session) == []


def test_an_11_mib_pdf_gets_a_clear_message_and_nothing_is_saved(minutes, users, login, session):
    big = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024) + b"\n%%EOF\n"
    boundary, body = encode_multipart({"scan": FileStorage(io.BytesIO(big), "big.pdf")})
    response = login(users["secretary_a"]).post(
        f"/meetings/{minutes.id}/record/scan",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "This page accepts at most 10 MiB at a time." in page
    assert "<html" in page  # the site's page, with its navigation, not a bare status
    assert scans(session) == []


def test_a_new_upload_replaces_the_scan(minutes, users, login, session):
    client = login(users["secretary_a"])
    upload(client, minutes, PDF)
    second = PDF.replace(b"/Count 0", b"/Count 1")
    assert upload(client, minutes, second, name="corrected.pdf").status_code == 302
    (stored,) = scans(session)
    assert (stored.content, stored.filename) == (second, "corrected.pdf")


def test_no_scan_without_a_record(make_meeting, users, login, session):
    meeting = make_meeting(status=MeetingStatus.HELD, scheduled_on=date(2025, 3, 4))
    client = login(users["secretary_a"])
    for response in (
        client.get(f"/meetings/{meeting.id}/record/scan"),
        upload(client, meeting, PDF),
    ):
        assert response.status_code == 400
        assert "No minutes or record have been written" in response.get_data(as_text=True)
    assert scans(session) == []


@pytest.mark.parametrize(
    ("role", "status"), [("ministry", 403), ("admin", 403), ("secretary_b", 404)]
)
def test_only_the_host_secretary_uploads(role, status, minutes, users, login, session):
    assert upload(login(users[role]), minutes, PDF).status_code == status
    assert scans(session) == []


def test_the_secretary_deletes_the_scan(minutes, users, login, session):
    client = login(users["secretary_a"])
    upload(client, minutes, PDF)
    assert client.post(f"/meetings/{minutes.id}/record/scan/delete").status_code == 302
    assert scans(session) == []
    response = client.post(f"/meetings/{minutes.id}/record/scan/delete")
    assert response.status_code == 400
    assert "There is no signed scan to delete." in response.get_data(as_text=True)


# Downloading ---------------------------------------------------------------------------------


def test_the_download_is_an_attachment_with_a_name_the_app_builds(minutes, users, login):
    client = login(users["secretary_a"])
    upload(client, minutes, PDF, name='../../evil"<script>.html')
    response = client.get(f"/meetings/{minutes.id}/record/scan.pdf")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="minutes-2025-03-04-meeting-{minutes.id}-signed.pdf"'
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_consultation_scan_is_named_as_a_record(make_meeting, make_record, users, login):
    consultation = make_meeting(
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 5, 20),
    )
    make_record(consultation, status=RecordStatus.PUBLISHED)
    client = login(users["secretary_a"])
    upload(client, consultation, PDF)
    response = client.get(f"/meetings/{consultation.id}/record/scan.pdf")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="record-2025-05-20-meeting-{consultation.id}-signed.pdf"'
    )


@pytest.mark.parametrize(
    ("kind", "readers"),
    [
        (MeetingKind.REGULAR, {"secretary_a", "ministry", "admin"}),
        # A published consultation is public; its signed scan is not.
        (MeetingKind.PUBLIC_CONSULTATION, {"secretary_a", "ministry", "admin"}),
    ],
)
def test_only_staff_of_the_meeting_download_the_scan(
    kind, readers, make_meeting, make_record, users, login, session
):
    meeting = make_meeting(kind=kind, status=MeetingStatus.HELD, scheduled_on=date(2025, 3, 4))
    status = RecordStatus.CIRCULATED if kind.is_council_meeting else RecordStatus.PUBLISHED
    make_record(meeting, status=status, body="<p>Text of the signed record</p>")
    upload(login(users["secretary_a"]), meeting, PDF)
    for role in ("anonymous", "cso", "secretary_a", "secretary_b", "ministry", "admin"):
        response = login(users.get(role)).get(f"/meetings/{meeting.id}/record/scan.pdf")
        if role in readers:
            assert response.status_code == 200, role
            assert response.data == PDF
        else:
            assert response.status_code == 404, role
            assert b"%PDF" not in response.data
            assert b"Text of the signed record" not in response.data
            assert b"signed.pdf" not in response.data
        page = login(users.get(role)).get(f"/meetings/{meeting.id}").get_data(as_text=True)
        assert ("/record/scan.pdf" in page) is (role in readers), role


def test_a_co_host_secretary_downloads_the_scan_of_a_shared_consultation(
    make_meeting, make_record, council_a, council_b, users, login
):
    shared = make_meeting(
        council_a,
        kind=MeetingKind.PUBLIC_CONSULTATION,
        status=MeetingStatus.HELD,
        scheduled_on=date(2025, 5, 20),
        co_hosts=(council_b,),
    )
    make_record(shared, status=RecordStatus.PUBLISHED)
    assert upload(login(users["secretary_b"]), shared, PDF).status_code == 302
    response = login(users["secretary_a"]).get(f"/meetings/{shared.id}/record/scan.pdf")
    assert response.data == PDF


def test_no_scan_answers_404(minutes, users, login):
    response = login(users["secretary_a"]).get(f"/meetings/{minutes.id}/record/scan.pdf")
    assert response.status_code == 404


def test_the_download_reads_the_file_in_a_fixed_number_of_queries(
    minutes, users, login, count_queries
):
    client = login(users["ministry"])
    upload(login(users["secretary_a"]), minutes, PDF)
    url = f"/meetings/{minutes.id}/record/scan.pdf"
    with count_queries() as counter:
        assert client.get(url).data == PDF
    assert_no_duplicated_queries(counter.statements)
    # The user, the meeting, its hosts, its record with the scan.
    assert counter.count == 4
