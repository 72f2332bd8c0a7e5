"""iCalendar (RFC 5545) feeds of meetings, built with the `icalendar` library.

The library folds long lines, escapes commas, semicolons and newlines in text, and writes
the VTIMEZONE that makes "10:00 Kosovo time" mean 08:00 UTC in July and 09:00 in January.

A feed carries what a meeting's page shows its reader about when and where, and nothing of
the meeting's internal record: no attendance, guests, minutes, decisions or reasons for
cancelling (STATUS:CANCELLED says enough for a calendar). It carries no online link either:
the link opens the meeting itself, and a feed is copied into calendar apps and shared
calendars far from the page that decides who sees it. Each event links to the meeting's
page instead, which shows the reader what they may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event

from safety.consultations.models import Meeting, MeetingStatus
from safety.dates import KOSOVO_TZ
from safety.labels import label

PRODUCT_ID = "-//Community Safety Councils of Kosovo//Meetings calendar//EN"
UID_DOMAIN = "safety-ks"
REFRESH_INTERVAL = timedelta(hours=6)
"""How often calendar apps are asked to fetch the feed again: meetings move by days."""

STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.POSTPONED: "CONFIRMED",  # it takes place, on its new date
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: stable, so a subscriber's calendar updates an event instead of adding."""
    return f"meeting-{meeting.id}@{UID_DOMAIN}"


def starts(meeting: Meeting) -> datetime:
    """When the meeting starts, as an aware Kosovo time (DST comes from the zone rules)."""
    return datetime.combine(meeting.effective_on, meeting.starts_at, tzinfo=KOSOVO_TZ)


def ends(meeting: Meeting) -> datetime | None:
    if meeting.ends_at is None:
        return None
    return datetime.combine(meeting.effective_on, meeting.ends_at, tzinfo=KOSOVO_TZ)


def host_names(meeting: Meeting, language: str) -> list[str]:
    """The organiser first, then co-hosts, by municipality name (needs hosts loaded)."""
    names = [meeting.council.municipality.name(language)]
    for host in meeting.hosts:
        name = host.council.municipality.name(language)
        if name not in names:
            names.append(name)
    return names


def summary(meeting: Meeting) -> str:
    return _("%(kind)s: %(title)s", kind=label(meeting.kind), title=meeting.title)


def location(meeting: Meeting, language: str) -> str:
    parts = (
        meeting.place_name,
        meeting.address,
        meeting.settlement,
        meeting.council.municipality.name(language),
    )
    return ", ".join(part for part in parts if part)


def description(meeting: Meeting, language: str) -> str:
    """Hosts, the declaration, a postponement and the agenda, as plain lines."""
    lines = [_("Hosted by: %(councils)s", councils=", ".join(host_names(meeting, language)))]
    if meeting.declaration:
        lines.append(_("Declaration: %(declaration)s", declaration=meeting.declaration))
    if meeting.status == MeetingStatus.POSTPONED:
        lines.append(_("Postponed to this date."))
    if meeting.agenda:
        lines.extend(["", _("Agenda:")])
        lines.extend(f"{item.position}. {item.title}" for item in meeting.agenda)
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, language: str, url: str) -> Event:
    """One VEVENT for the meeting (needs council, hosts and agenda loaded)."""
    return Event.new(
        uid=meeting_uid(meeting),
        stamp=meeting.updated_at,
        created=meeting.created_at,
        last_modified=meeting.updated_at,
        start=starts(meeting),
        end=ends(meeting),
        summary=summary(meeting),
        location=location(meeting, language) or None,
        description=description(meeting, language),
        # Every saved change bumps `version_id`, and so the sequence subscribers compare.
        sequence=max(meeting.version_id - 1, 0),
        status=STATUS[meeting.status],
        # A hint for calendars shared onwards: council meetings are internal to the council.
        classification="PUBLIC" if meeting.kind.is_public else "PRIVATE",
        url=url,
    )


def build_calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    uid: str,
    language: str,
    meeting_url: Callable[[Meeting], str],
) -> bytes:
    """The whole feed as bytes: the calendar, a VTIMEZONE covering its events, its events."""
    calendar = Calendar.new(prodid=PRODUCT_ID, name=name, uid=f"{uid}@{UID_DOMAIN}")
    # RFC 7986 wants VALUE=DURATION spelt out; X-PUBLISHED-TTL is what Outlook and Apple read.
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", REFRESH_INTERVAL)
    days: list[date] = []
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, language=language, url=meeting_url(meeting)))
        days.append(meeting.effective_on)
    if days:
        # Only the transitions around the feed's own dates, not fifty years of them.
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=1), last_date=max(days) + timedelta(days=1)
        )
    return calendar.to_ical()
