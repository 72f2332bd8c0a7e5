"""Minutes and records of meetings: their light formatting, and writing, releasing, approving.

The text is written as plain paragraphs with a little Markdown ("- " bullets, "1. " numbered
items, "### " headings, **bold**, *italics*). It is converted to HTML here and the HTML is
always passed through nh3 (the Rust `ammonia` sanitiser) with a short list of tags and no
attributes, so nothing a secretary types, or any HTML stored by other means, can carry a
script, an event handler or a link. Only the HTML is stored; `body_text` turns it back into
the text the secretary edits.

Dates (records.md: "what happens in the product is dated by the product"): circulating
council minutes happens outside the product (on paper or by e-mail), so the secretary states
the date; publishing a consultation's record happens in the product, so it takes today's date
and cannot be backdated. Services never commit (nor flush: the view's commit checks versions)
and never read the clock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from html import escape
from html.parser import HTMLParser

import nh3
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from safety.accounts.models import User
from safety.consultations.models import (
    COUNCIL_MEETING_KINDS,
    Meeting,
    MeetingRecord,
    MeetingStatus,
    RecordDecision,
    RecordScan,
    RecordStatus,
)

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "h3", "h4"})
"""The only HTML a record's body may hold: structure and emphasis, no links, no attributes."""

MAX_DECISIONS = 100
"""More decisions than any meeting takes: a paste of the whole minutes into the wrong box."""


# Formatting ---------------------------------------------------------------------------------


def sanitise(html: str) -> str:
    """`html` with every tag but ALLOWED_TAGS removed (keeping their text) and no attributes.

    Scripts and styles are dropped with their content, comments too.
    """
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={},
        link_rel=None,
        strip_comments=True,
    )


# Matched on stripped lines: "- " typed with nothing after it is an empty item, dropped.
_BULLET = re.compile(r"^[-*](?:\s+(.*))?$")
_NUMBERED = re.compile(r"^\d{1,3}[.)](?:\s+(.*))?$")
_HEADING = re.compile(r"^(#{3,4})(?:\s+(.*))?$")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"\*(?=[^\s*])([^*]*?[^\s*])\*")


def _inline(text: str) -> str:
    """One line of text as escaped HTML, with **bold** and *italics*; tags always nest."""
    html = []
    # Italics are looked for inside and outside the bold parts separately, so an asterisk
    # can never open a tag on one side of </strong> and close it on the other.
    for index, part in enumerate(_STRONG.split(text)):
        emphasised = _EMPHASIS.sub(r"<em>\1</em>", escape(part, quote=False))
        html.append(f"<strong>{emphasised}</strong>" if index % 2 else emphasised)
    return "".join(html)


def text_to_html(text: str) -> str:
    """The secretary's text as sanitised HTML: paragraphs, lists, headings, bold, italics.

    A blank line ends a paragraph or a list; a line break inside a paragraph is kept.
    """
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def close() -> None:
        nonlocal list_tag
        if paragraph:
            blocks.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            blocks.append(
                f"<{list_tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{list_tag}>"
            )
            items.clear()
        list_tag = ""

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        item = _BULLET.match(line) or _NUMBERED.match(line)
        if not line:
            close()
        elif heading:
            close()
            if heading[2] and heading[2].strip():
                tag = "h3" if len(heading[1]) == 3 else "h4"
                blocks.append(f"<{tag}>{_inline(heading[2].strip())}</{tag}>")
        elif item:
            tag = "ul" if item.re is _BULLET else "ol"
            if list_tag != tag:
                close()
                list_tag = tag
            if item[1] and item[1].strip():
                items.append(_inline(item[1].strip()))
        else:
            if list_tag:
                close()
            paragraph.append(_inline(line))
    close()
    return sanitise("".join(blocks))


class _TextWriter(HTMLParser):
    """Turns a record's stored HTML back into the text the secretary edits."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line = ""  # the paragraph, heading or list item being read
        self.items: list[str] = []  # the lines of the list being read
        self.numbers: list[int | None] = []  # per open list: items so far, None if bulleted

    def _end_line(self) -> None:
        """Close what is being read: a list item joins its list, anything else is a block."""
        text = self.line.strip()
        self.line = ""
        if not text:
            return
        if self.numbers:
            self.items.append(text)
        else:
            self.blocks.append(text)

    def _end_list(self) -> None:
        self._end_line()
        if self.items:
            self.blocks.append("\n".join(self.items))
        self.items = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "h3", "h4"):
            self._end_line()
            self.line = "" if tag == "p" else "#" * int(tag[1]) + " "
        elif tag in ("ul", "ol"):
            if not self.numbers:
                self._end_line()
            self.numbers.append(0 if tag == "ol" else None)
        elif tag == "li":
            self._end_line()
            number = self.numbers[-1] if self.numbers else None
            if number is None:
                self.line = "- "
            else:
                self.numbers[-1] = number + 1
                self.line = f"{number + 1}. "
        elif tag == "br":
            self.line += "\n"
        elif tag == "strong":
            self.line += "**"
        elif tag == "em":
            self.line += "*"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h3", "h4", "li"):
            self._end_line()
        elif tag in ("ul", "ol"):
            self._end_line()
            if self.numbers:
                self.numbers.pop()
            if not self.numbers:
                self._end_list()
        elif tag == "strong":
            self.line += "**"
        elif tag == "em":
            self.line += "*"

    def handle_data(self, data: str) -> None:
        # A newline in stored HTML is layout, not a line break (those are <br>).
        self.line += data.replace("\n", " ")

    def text(self) -> str:
        self.numbers = []
        self._end_line()
        return "\n\n".join(self.blocks)


def body_text(html: str) -> str:
    """The editable text of a stored body: the inverse of `text_to_html` on its output."""
    writer = _TextWriter()
    writer.feed(sanitise(html))
    writer.close()
    return writer.text()


# Writing and releasing ----------------------------------------------------------------------


class RecordRefusedError(Exception):
    """A record change the rules do not allow; its message is a code the view turns into words."""


def writing_refusal(meeting: Meeting) -> str | None:
    """Why the meeting's record cannot be written or changed now, or None if it can."""
    if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
        return "not_held"
    if meeting.record is not None and meeting.record.status == RecordStatus.APPROVED:
        return "approved"
    return None


def circulation_refusal(meeting: Meeting) -> str | None:
    """Why the minutes cannot be marked as circulated now, or None if they can."""
    if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
        return "not_held"
    if not meeting.kind.is_council_meeting:
        return "published_not_circulated"
    if meeting.record is None:
        return "no_record"
    if meeting.record.status != RecordStatus.DRAFT:
        return "not_draft"
    return None


def publication_refusal(meeting: Meeting) -> str | None:
    """Why the record cannot be published now, or None if it can."""
    if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
        return "not_held"
    if meeting.kind.is_council_meeting:
        return "minutes_not_published"
    if meeting.record is None:
        return "no_record"
    if meeting.record.status != RecordStatus.DRAFT:
        return "not_draft"
    return None


def approval_refusal(meeting: Meeting) -> str | None:
    """Why the minutes cannot be approved at any meeting now, or None if they can."""
    if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
        return "not_held"
    if not meeting.kind.is_council_meeting:
        return "records_not_approved"
    if meeting.record is None:
        return "no_record"
    if meeting.record.status == RecordStatus.APPROVED:
        return "already_approved"
    if meeting.record.status != RecordStatus.CIRCULATED:
        return "not_circulated"
    return None


def _refuse_if(code: str | None) -> None:
    if code is not None:
        raise RecordRefusedError(code)


def write_record(
    session: Session,
    meeting: Meeting,
    *,
    text: str,
    decisions: Sequence[str],
    written_on: date,
) -> MeetingRecord:
    """Create or change the record of a held meeting (needs `record.decisions` loaded).

    Approved minutes are what the council approved and stay as they are. Decisions are
    matched by position, so an edit that leaves a decision alone writes nothing about it.
    Does not flush: the view's commit is where a concurrent edit is detected (409).
    """
    _refuse_if(writing_refusal(meeting))
    record = meeting.record
    if written_on < meeting.held_on:
        raise RecordRefusedError("written_before_held")
    if record is not None and record.minutes_on is not None and written_on > record.minutes_on:
        raise RecordRefusedError("written_after_released")
    if len(decisions) > MAX_DECISIONS:
        raise RecordRefusedError("too_many_decisions")
    if record is None:
        record = MeetingRecord(meeting_id=meeting.id, status=RecordStatus.DRAFT, decisions=[])
        session.add(record)
    record.body = text_to_html(text)
    record.written_on = written_on
    if record.id is not None:
        # Changing only the decisions leaves the record's row as it was; marking a column
        # the audit trail ignores as changed sends the save through the row's version check,
        # so two edits cannot both win.
        flag_modified(record, "updated_at")
    _replace_decisions(session, record, decisions)
    return record


def _replace_decisions(session: Session, record: MeetingRecord, texts: Sequence[str]) -> None:
    current = list(record.decisions)
    for position, text in enumerate(texts, start=1):
        if position <= len(current):
            current[position - 1].text = text
        else:
            record.decisions.append(RecordDecision(position=position, text=text))
    for decision in current[len(texts) :]:
        record.decisions.remove(decision)
        session.delete(decision)


def circulate_minutes(meeting: Meeting, *, circulated_on: date) -> MeetingRecord:
    """Record that draft council minutes went to the members on `circulated_on`.

    Circulation happens outside the product (paper, e-mail), so its date is stated: not
    before the meeting, nor before the minutes were written. Does not flush (the view's
    commit checks the record's version).
    """
    _refuse_if(circulation_refusal(meeting))
    record = meeting.record
    if circulated_on < meeting.held_on or circulated_on < record.written_on:
        raise RecordRefusedError("circulated_before_written")
    record.status = RecordStatus.CIRCULATED
    record.minutes_on = circulated_on
    return record


def publish_record(meeting: Meeting, *, today: date) -> MeetingRecord:
    """Publish the draft record of a consultation or activity, dated the day it is done.

    Publishing happens in the product and makes the record public at once: it takes today's
    date and cannot be backdated (records.md). Does not flush.
    """
    _refuse_if(publication_refusal(meeting))
    record = meeting.record
    if record.written_on > today:
        raise RecordRefusedError("published_before_written")
    record.status = RecordStatus.PUBLISHED
    record.minutes_on = today
    return record


def approve_minutes(meeting: Meeting, approving: Meeting | None) -> MeetingRecord:
    """Record that circulated minutes were approved at `approving`, a later held meeting.

    The approval date is that meeting's date, whether or not it was quorate (records.md: R07
    judges quorum). Does not flush.
    """
    _refuse_if(approval_refusal(meeting))
    record = meeting.record
    if approving is None:
        raise RecordRefusedError("no_approving_meeting")
    if not approving.kind.is_council_meeting:
        raise RecordRefusedError("approving_not_council_meeting")
    if approving.council_id != meeting.council_id:
        raise RecordRefusedError("approving_other_council")
    if approving.status != MeetingStatus.HELD or approving.held_on is None:
        raise RecordRefusedError("approving_not_held")
    if approving.held_on <= meeting.held_on:
        raise RecordRefusedError("approving_not_later")
    if record.minutes_on is not None and approving.held_on < record.minutes_on:
        raise RecordRefusedError("approving_before_circulated")
    record.status = RecordStatus.APPROVED
    record.approved_on = approving.held_on
    record.approved_at_meeting_id = approving.id
    return record


# The signed scan ----------------------------------------------------------------------------


def attach_scan(
    session: Session, actor: User, record: MeetingRecord, *, content: bytes, uploaded_name: str
) -> RecordScan:
    """Keep `content` (already checked to be a PDF) as the record's signed scan, replacing any.

    Needs `record.scan` loaded. The uploaded name is kept only to tell staff which file it
    was; downloads get a name the app builds. Does not flush.
    """
    scan = record.scan
    if scan is None:
        scan = RecordScan(record_id=record.id)
        session.add(scan)
    scan.filename = _displayable_name(uploaded_name)
    scan.content = content
    scan.size = len(content)
    scan.sha256 = hashlib.sha256(content).hexdigest()
    scan.uploaded_by_id = actor.id
    return scan


def _displayable_name(uploaded_name: str) -> str:
    # Browsers on Windows may send a whole path; control characters have no place in a name.
    name = re.split(r"[\\/]", uploaded_name)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:200] or "scan.pdf"


def remove_scan(session: Session, record: MeetingRecord) -> None:
    """Delete the record's signed scan (needs `record.scan` loaded). Does not flush."""
    if record.scan is None:
        raise RecordRefusedError("no_scan")
    session.delete(record.scan)


def download_name(meeting: Meeting) -> str:
    """An ASCII file name for the scan that says what it is, never the uploaded one."""
    kind = "minutes" if meeting.kind.is_council_meeting else "record"
    day = (meeting.held_on or meeting.scheduled_on).isoformat()
    return f"{kind}-{day}-meeting-{meeting.id}-signed.pdf"


# Queries ------------------------------------------------------------------------------------


def approval_candidates(session: Session, meeting: Meeting) -> list[Meeting]:
    """Held council meetings of the same council after `meeting`, where minutes can be approved."""
    if meeting.held_on is None:
        return []
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.council_id == meeting.council_id,
                Meeting.kind.in_(COUNCIL_MEETING_KINDS),
                Meeting.status == MeetingStatus.HELD,
                Meeting.held_on > meeting.held_on,
            )
            .order_by(Meeting.held_on, Meeting.id)
        )
    )


def minutes_approved_at(session: Session, meeting_id: int) -> list[Meeting]:
    """The meetings whose minutes were approved at meeting `meeting_id`, oldest first."""
    return list(
        session.scalars(
            select(Meeting)
            .join(MeetingRecord, MeetingRecord.meeting_id == Meeting.id)
            .where(MeetingRecord.approved_at_meeting_id == meeting_id)
            .order_by(Meeting.held_on, Meeting.id)
        )
    )
