"""Pre-fill the holiday table for 2013-2035 from the `holidays` library (decided reading 12).

The library knows Kosovo's fixed-date holidays, both Easters (the Sunday and the Monday off,
which it calls "observed"), Orthodox Christmas, both Eids (from its table, marked
"estimated") and the substitute days for holidays falling on a weekend. Names are taken in
Albanian, Serbian and English; the language is always passed, since without it the names
follow the process locale. Nothing is fetched at run time: the library ships its data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.plans.models import Holiday, HolidayKind

FIRST_YEAR = 2013
LAST_YEAR = 2035
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)

# Our language codes and the library's: it has no plain "en".
_LIBRARY_LANGUAGES = {"sq": "sq", "sr": "sr", "en": "en_US"}


@dataclass(frozen=True)
class LibraryHoliday:
    day: date
    name_sq: str
    name_sr: str
    name_en: str
    kind: HolidayKind
    to_confirm: bool


def holiday_kind(name_en: str) -> HolidayKind:
    """The kind of a holiday from its English name in the library."""
    if "Easter" in name_en:
        # The Monday off after an Easter Sunday is that Easter's day, not a substitute.
        return HolidayKind.CATHOLIC_EASTER if "Catholic" in name_en else HolidayKind.ORTHODOX_EASTER
    if "(observed" in name_en:
        return HolidayKind.SUBSTITUTE
    if "Eid" in name_en:
        return HolidayKind.EID
    return HolidayKind.FIXED


def library_holidays(years: Iterable[int]) -> list[LibraryHoliday]:
    """Every holiday the library lists for `years`, one entry per holiday (two may share a day)."""
    wanted = list(years)
    calendars = {
        ours: holidays.country_holidays("XK", years=wanted, language=theirs)
        for ours, theirs in _LIBRARY_LANGUAGES.items()
    }
    found = []
    for day in sorted(calendars["en"]):
        # The same rules fill each language's calendar, so a day's names come in one order.
        names = {language: calendar.get_list(day) for language, calendar in calendars.items()}
        for index, name_en in enumerate(names["en"]):
            found.append(
                LibraryHoliday(
                    day=day,
                    name_sq=names["sq"][index],
                    name_sr=names["sr"][index],
                    name_en=name_en,
                    kind=holiday_kind(name_en),
                    # Eid dates (and their substitute days) follow the moon: the library
                    # estimates them, an administrator confirms.
                    to_confirm="estimated" in name_en,
                )
            )
    return found


def prefill_holidays(session: Session, years: Iterable[int] = YEARS) -> int:
    """Add the library's holidays for each of `years` the table has none for; return how many.

    A year that already holds a holiday is left as it is, so running it again adds nothing
    and never brings back a day an administrator removed or moved. Flushes, never commits.
    """
    wanted = sorted(set(years))
    if not wanted:
        return 0
    held = session.scalars(
        select(Holiday.day).where(
            Holiday.day.between(date(wanted[0], 1, 1), date(wanted[-1], 12, 31))
        )
    )
    filled = {day.year for day in held}
    missing = [year for year in wanted if year not in filled]
    if not missing:
        return 0
    found = library_holidays(missing)
    session.add_all(
        Holiday(
            day=entry.day,
            name_sq=entry.name_sq,
            name_sr=entry.name_sr,
            name_en=entry.name_en,
            kind=entry.kind,
            to_confirm=entry.to_confirm,
        )
        for entry in found
    )
    session.flush()
    return len(found)
