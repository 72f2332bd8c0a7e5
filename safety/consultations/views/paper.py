"""Paper where councils use paper: the bilingual invitation and the sheets to fill in by hand.

Both official languages are printed whatever the reader's language, each from its own
catalogue (`force_locale`), so translators own the wording; what was typed (the title, the
agenda, the place) is printed as typed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from babel.dates import format_date as babel_format_date
from flask import abort, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from safety.consultations.access import internal_meeting, load_meeting
from safety.consultations.attendance_queries import active_members
from safety.consultations.blueprint import bp
from safety.consultations.models import (
    Meeting,
    MeetingHost,
    MeetingStatus,
    ParticipantCommunity,
)
from safety.councils.models import Council, Municipality
from safety.db import get_session
from safety.i18n import LANGUAGE_TAGS, current_language
from safety.labels import label

PAPER_LANGUAGES = ("sq", "sr")
"""Kosovo's two official languages: every invitation and sheet carries both."""

# Babel's "sr" writes Cyrillic month names; Serbian is written in Latin script here.
BABEL_LOCALES = {"sq": "sq", "sr": "sr_Latn"}

GUEST_ROWS = 6
"""Blank rows for guests (an LPSC chair, a school director) who sign the sheet."""


class Bilingual(NamedTuple):
    sq: str
    sr: str


def in_language(language: str, text: Any) -> str:
    """A lazy text or an enum's label in `language`, whatever the reader's language."""
    with force_locale(language):
        return label(text) if isinstance(text, enum.Enum) else str(text)


def bilingual(text: Any) -> Bilingual:
    return Bilingual(*(in_language(language, text) for language in PAPER_LANGUAGES))


def long_date(day: date, language: str) -> str:
    """'e martë, 4 mars 2025' / 'utorak, 4. mart 2025.': a date as a letter writes it."""
    return babel_format_date(day, "full", locale=BABEL_LOCALES[language])


def time_range(meeting: Meeting) -> str:
    """'10:00-12:00' (with an en dash) in Kosovo time, as stored."""
    ends = f"\u2013{meeting.ends_at:%H:%M}" if meeting.ends_at else ""
    return f"{meeting.starts_at:%H:%M}{ends}"


def host_municipalities(meeting: Meeting) -> list[Municipality]:
    """The organiser first, then the co-hosts (needs hosts with their councils loaded)."""
    others = [
        host.council.municipality for host in meeting.hosts if host.council_id != meeting.council_id
    ]
    return [meeting.council.municipality, *others]


def paper_options() -> tuple[Any, ...]:
    """What the paper pages print: the hosts' names and the agenda."""
    return (
        joinedload(Meeting.council).joinedload(Council.municipality),
        selectinload(Meeting.hosts)
        .joinedload(MeetingHost.council)
        .joinedload(Council.municipality),
        selectinload(Meeting.agenda),
    )


# The invitation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationColumn:
    """The invitation's fixed texts in one language; the template adds what was typed."""

    language: str
    tag: str
    texts: dict[str, str]


def invitation_column(meeting: Meeting, language: str) -> InvitationColumn:
    municipalities = host_municipalities(meeting)
    names = ", ".join(municipality.name(language) for municipality in municipalities)
    with force_locale(language):
        if meeting.kind.is_council_meeting:
            closing = _(
                "Members who cannot attend are asked to say so in advance and may send "
                "a substitute from their institution."
            )
        else:
            closing = _(
                "The meeting is open to all residents and organisations. Everyone is welcome."
            )
        texts = {
            "republic": _("Republic of Kosovo"),
            # One council, or the co-hosts together (no count is shown, so no plural forms).
            "council": (
                _("Municipal Community Safety Council")
                if len(municipalities) == 1
                else _("Municipal Community Safety Councils")
            ),
            "municipalities": names,
            "invitation": _("Invitation"),
            "kind": label(meeting.kind),
            "date_label": _("Date"),
            "date": long_date(meeting.scheduled_on, language),
            "time_label": _("Time"),
            "place_label": _("Place"),
            "address_label": _("Address"),
            "settlement_label": _("Settlement"),
            "online_label": _("Online link"),
            "agenda": _("Agenda"),
            "no_agenda": _("The agenda will be sent separately."),
            "closing": closing,
            "chair": _("Chair of the Council"),
            "cancelled": _("This meeting has been cancelled."),
        }
    return InvitationColumn(language=language, tag=LANGUAGE_TAGS[language], texts=texts)


def can_print_invitation(meeting: Meeting, user: Any) -> bool:
    """A public consultation's invitation is for the public; a council meeting's for staff."""
    return meeting.kind.is_public or meeting.can_view_internal(user)


@bp.get("/meetings/<int:meeting_id>/invitation")
def invitation(meeting_id: int) -> str:
    """Print the invitation in Albanian and Serbian side by side, with the agenda."""
    meeting = load_meeting(meeting_id, *paper_options())
    if not can_print_invitation(meeting, current_user):
        abort(404)
    return render_template(
        "consultations/invitation.html",
        meeting=meeting,
        time=time_range(meeting),
        columns=[invitation_column(meeting, language) for language in PAPER_LANGUAGES],
        is_cancelled=meeting.status == MeetingStatus.CANCELLED,
    )


# The sheets ----------------------------------------------------------------------------------

SHEET_TEXTS = {
    "number": _l("No."),
    "name": _l("Name and surname"),
    "role": _l("Role on the council"),
    "institution": _l("Institution or organisation"),
    "signature": _l("Signature"),
    "substitute": _l("Substitute (name, institution)"),
    "guests": _l("Guests"),
    "guest_institution": _l("Institution or role"),
    "council": _l("Municipal Community Safety Council"),
    "councils": _l("Municipal Community Safety Councils"),
    "title": _l("Title"),
    "kind": _l("Kind of meeting"),
    "date": _l("Date"),
    "time": _l("Time"),
    "place": _l("Place"),
    "attendance_sheet": _l("Attendance sheet"),
    "tally_sheet": _l("Participation sheet"),
    "secretary": _l("Secretary of the Council"),
    "chair": _l("Chair of the Council"),
    "by_community": _l("Participants by community"),
    "by_gender": _l("Participants by gender"),
    "by_age": _l("Participants by age"),
    "group": _l("Group"),
    "tally": _l("Tally"),
    "count": _l("Number"),
    "total": _l("Total"),
    "women": _l("Women"),
    "men": _l("Men"),
    "not_stated": _l("Not stated"),
    "under_30": _l("Under 30"),
    "aged_30_plus": _l("30 and over"),
    "organisations": _l("Organisations that attended"),
    "organisation": _l("Organisation"),
    "no_names": _l(
        "Count the participants only: no one's name or personal details are written here."
    ),
}


def sheet_texts() -> dict[str, Bilingual]:
    return {key: bilingual(text) for key, text in SHEET_TEXTS.items()}


def quorum_note(active: int, language: str) -> str:
    """How many must be present for a quorum: more than half of the active members."""
    with force_locale(language):
        return _(
            "Members on the council on this date: %(active)s. Quorum: at least %(needed)s "
            "present (a substitute counts as present; guests do not).",
            active=active,
            needed=active // 2 + 1,
        )


@dataclass(frozen=True)
class SheetRow:
    name: str
    role: Bilingual
    institution: str


def member_rows(members: Iterable[Any]) -> list[SheetRow]:
    return [
        SheetRow(member.full_name, bilingual(member.role), member.institution or "")
        for member in members
    ]


@bp.get("/meetings/<int:meeting_id>/attendance-sheet")
def attendance_sheet(meeting_id: int) -> str:
    """Print the sheet to fill in by hand: signatures of members, or a tally of participants."""
    meeting = internal_meeting(meeting_id, *paper_options())
    common = {
        "meeting": meeting,
        "time": time_range(meeting),
        "texts": sheet_texts(),
        "kind": bilingual(meeting.kind),
        "municipalities": host_municipalities(meeting),
    }
    if meeting.kind.is_public:
        return render_template(
            "consultations/attendance_sheet.html",
            tally=True,
            communities=[bilingual(community) for community in ParticipantCommunity],
            **common,
        )
    # Ordered as the attendance register lists them, so the signatures are easy to copy in.
    members = active_members(
        get_session(), meeting.council_id, meeting.effective_on, current_language()
    )
    return render_template(
        "consultations/attendance_sheet.html",
        tally=False,
        rows=member_rows(members),
        guest_rows=range(1, GUEST_ROWS + 1),
        quorum=Bilingual(*(quorum_note(len(members), lang) for lang in PAPER_LANGUAGES)),
        **common,
    )
