"""What each threshold is: its rule, kind, allowed range, meaning and source; reading typed values.

One entry per key of `rules.DEFAULT_THRESHOLDS` (decided reading 22). The rules keep the
defaults and read plain values; this catalogue is what the settings page and the change
service need to show a threshold to an administrator and to refuse a value no rule can use.
Values keep the JSON type the rule reads: whole numbers for days, counts, percentages and
ages, "MM-DD" text for the calendar deadlines.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from safety.compliance.rules import DEFAULT_THRESHOLDS


class Kind(enum.StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    COUNT = "count"
    PERCENT = "percent"
    YEARS = "years"
    MONTH_DAY = "month_day"


class InvalidValueError(ValueError):
    """A submitted value the threshold cannot take; the message says why, translated."""


_WHOLE_NUMBER = re.compile(r"\d{1,6}")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
# A year that is not a leap year: a deadline must exist in every year.
_COMMON_YEAR = 2001

_R16_SOURCE = _l(
    "AI (MLGA) 06/2018 and Regulation 05/2016: every contributor gets an answer (days inferred)."
)

_R16_SOURCE = _l(
    "AI (MLGA) 06/2018 and Regulation 05/2016: every contributor gets an answer (days inferred)."
)


@dataclass(frozen=True)
class Threshold:
    """One threshold as the settings page shows it and the change service checks it."""

    name: str
    rule: str
    kind: Kind
    meaning: LazyString
    source: LazyString
    minimum: int = 0
    maximum: int = 365

    @property
    def default(self) -> Any:
        return DEFAULT_THRESHOLDS[self.name]

    def parse(self, raw: str) -> Any:
        """The value typed in the form, in the type the rule reads; InvalidValueError if not."""
        text = (raw or "").strip()
        if self.kind == Kind.MONTH_DAY:
            return _parse_month_day(text)
        if not _WHOLE_NUMBER.fullmatch(text):
            raise InvalidValueError(
                _("Enter a whole number, for example %(example)s.", example=self.default)
            )
        return self.check(int(text))

    def check(self, value: Any) -> Any:
        """`value` itself if the threshold can take it (a service's last check)."""
        if self.kind == Kind.MONTH_DAY:
            if not isinstance(value, str):
                raise InvalidValueError(_("Enter a day as month-day, for example 03-31."))
            return _parse_month_day(value)
        # bool is an int in Python, but never a threshold.
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidValueError(
                _("Enter a whole number, for example %(example)s.", example=self.default)
            )
        if not self.minimum <= value <= self.maximum:
            raise InvalidValueError(
                _(
                    "Enter a number from %(minimum)d to %(maximum)d.",
                    minimum=self.minimum,
                    maximum=self.maximum,
                )
            )
        return value

    def _whole_number_message(self) -> str:
        return _("Enter a whole number, for example %(example)s.", example=self.default)

    def format(self, value: Any) -> str:
        """The value in words, in the reader's language ("90 days", "31 March", "30%")."""
        match self.kind:
            case Kind.MONTH_DAY:
                month, day = (int(part) for part in str(value).split("-"))
                return format_date(date(_COMMON_YEAR, month, day), "d MMMM")
            case Kind.DAYS:
                return ngettext("%(num)d day", "%(num)d days", value)
            case Kind.WORKING_DAYS:
                return ngettext("%(num)d working day", "%(num)d working days", value)
            case Kind.PERCENT:
                return _("%(num)d%%", num=value)
            case Kind.YEARS:
                return ngettext("%(num)d year of age", "%(num)d years of age", value)
            case _:
                return str(value)

    @property
    def input_hint(self) -> str:
        """What the form's value box expects."""
        if self.kind == Kind.MONTH_DAY:
            return _("Month and day as MM-DD, for example 03-31 for 31 March.")
        return _(
            "A whole number from %(minimum)d to %(maximum)d.",
            minimum=self.minimum,
            maximum=self.maximum,
        )


def _parse_month_day(text: str) -> str:
    found = _MONTH_DAY.fullmatch(text)
    if found is None:
        raise InvalidValueError(_("Enter a day as month-day, for example 03-31."))
    try:
        date(_COMMON_YEAR, int(found[1]), int(found[2]))
    except ValueError:
        raise InvalidValueError(
            _("Enter a day that exists in every year (29 February does not).")
        ) from None
    return text


_ENTRIES = (
    Threshold(
        "r04_youth_age",
        "R04",
        Kind.YEARS,
        _l("A member counts as youth while younger than this age in the year judged."),
        _l("OSCE 2012 on the composition of councils; KCSS 2010 (inferred)."),
        minimum=18,
        maximum=40,
    ),
    Threshold(
        "r04_warning_missing",
        "R04",
        Kind.COUNT,
        _l(
            "A council missing this many of the required groups of members, or fewer, is "
            "slipping; missing more is a breach."
        ),
        _l("OSCE 2012 on the composition of councils (inferred)."),
        minimum=0,
        maximum=5,
    ),
    Threshold(
        "r05_warning_days",
        "R05",
        Kind.DAYS,
        _l("A member whose term ends within this many days is a warning."),
        _l("Revised Administrative Instruction, appointment procedure (inferred)."),
    ),
    Threshold(
        "r06_warning_days",
        "R06",
        Kind.DAYS,
        _l("A council that has not met for more than this many days is slipping."),
        _l("Kosovo Police page on the councils: regular monthly meetings."),
        minimum=1,
    ),
    Threshold(
        "r06_breach_days",
        "R06",
        Kind.DAYS,
        _l("A council that has not met for more than this many days is in breach."),
        _l("Kosovo Police page on the councils: regular monthly meetings (90 days inferred)."),
        minimum=1,
        maximum=730,
    ),
    Threshold(
        "r06_min_meetings",
        "R06",
        Kind.COUNT,
        _l("A council holding fewer council meetings than this in 12 months is in breach."),
        _l("Kosovo Police page on the councils (four a year inferred)."),
        minimum=1,
        maximum=52,
    ),
    Threshold(
        "r07_breach_inquorate",
        "R07",
        Kind.COUNT,
        _l(
            "This many council meetings without a quorum in 12 months is a breach; fewer, "
            "but at least one, is a warning."
        ),
        _l("Common rule of collegial bodies (inferred)."),
        minimum=1,
        maximum=52,
    ),
    Threshold(
        "r08_warning_days",
        "R08",
        Kind.DAYS,
        _l("Minutes still missing more than this many days after a meeting are a warning."),
        _l("Councils' practice (inferred)."),
    ),
    Threshold(
        "r08_breach_days",
        "R08",
        Kind.DAYS,
        _l("Minutes still missing more than this many days after a meeting are a breach."),
        _l("Councils' practice (inferred)."),
    ),
    Threshold(
        "r09_midyear",
        "R09",
        Kind.MONTH_DAY,
        _l("By this day of the year, at least one public consultation is due."),
        _l(
            "Law on Local Self-Government and the AI on Transparency in Municipalities: two "
            "public meetings a year (the pro-rating inferred)."
        ),
    ),
    Threshold(
        "r09_min_consultations",
        "R09",
        Kind.COUNT,
        _l("Public consultations a council must hold in a calendar year."),
        _l("Law on Local Self-Government; AI on Transparency in Municipalities."),
        minimum=1,
        maximum=24,
    ),
    Threshold(
        "r11_women_share",
        "R11",
        Kind.PERCENT,
        _l("Women must be at least this share of the participants of consultations."),
        _l("KCSS 2010 on the representation of women (inferred)."),
        maximum=100,
    ),
    Threshold(
        "r11_youth_per_consultation",
        "R11",
        Kind.COUNT,
        _l("Consultations must have at least this many participants under 30 each, on average."),
        _l("OSCE youth inter-community activities (inferred)."),
        maximum=100,
    ),
    Threshold(
        "r12_plan_due",
        "R12",
        Kind.MONTH_DAY,
        _l(
            "The year's action plan must be adopted by this day; before it a missing plan is "
            "slipping, after it a breach."
        ),
        _l("Saferworld/FIQ; councils' practice (the date inferred)."),
    ),
    Threshold(
        "r13_min_working_days",
        "R13",
        Kind.WORKING_DAYS,
        _l("A public comment period on the plan shorter than this is a warning."),
        _l("AI (MLGA) No. 06/2018 on minimum standards of public consultation (inferred)."),
        minimum=1,
        maximum=90,
    ),
    Threshold(
        "r13_report_days",
        "R13",
        Kind.DAYS,
        _l(
            "No consultation report published more than this many days after the plan's "
            "adoption is a breach."
        ),
        _l("Regulation 05/2016: a report with reasons for accepted and rejected comments."),
    ),
    Threshold(
        "r14_warning_days",
        "R14",
        Kind.DAYS,
        _l(
            "An adopted plan not sent to the Municipal Assembly more than this many days after "
            "adoption is slipping."
        ),
        _l("Councils' practice (inferred)."),
    ),
    Threshold(
        "r14_breach_days",
        "R14",
        Kind.DAYS,
        _l(
            "An adopted plan not sent to the Municipal Assembly more than this many days after "
            "adoption is a breach."
        ),
        _l("Councils' practice (inferred)."),
    ),
    Threshold(
        "r15_breach_share",
        "R15",
        Kind.PERCENT,
        _l("Overdue items above this share of the plans' items are a breach."),
        _l("Accountability practice (inferred)."),
        maximum=100,
    ),
    Threshold(
        "r16_warning_days",
        "R16",
        Kind.DAYS,
        _l("A concern waiting more than this many days for its first answer is a warning."),
        _R16_SOURCE,
        minimum=1,
    ),
    Threshold(
        "r16_breach_days",
        "R16",
        Kind.DAYS,
        _l(
            "A concern waiting more than this many days for its first answer is a breach; "
            "it is also the answer deadline shown to the public and to the council."
        ),
        _R16_SOURCE,
        minimum=1,
    ),
    Threshold(
        "r17_annual_due",
        "R17",
        Kind.MONTH_DAY,
        _l("The annual activity report for the previous year is due by this day."),
        _l("MIA/MLGA oversight role, OSCE 2012 (the date inferred)."),
    ),
    Threshold(
        "r17_midyear_due",
        "R17",
        Kind.MONTH_DAY,
        _l("The mid-year activity report for the current year is due by this day."),
        _l("Practice of six-month summaries (the date inferred)."),
    ),
    Threshold(
        "r17_warning_days",
        "R17",
        Kind.DAYS,
        _l("A report not yet submitted within this many days before its due date is a warning."),
        _l("Decided reading 9 (inferred)."),
    ),
    Threshold(
        "r18_response_days",
        "R18",
        Kind.DAYS,
        _l(
            "After a serious incident, a meeting or outreach is due within this many days; "
            "later without one is a breach."
        ),
        _l("OSCE 2011: timely responses improved perceived security (days inferred)."),
        minimum=1,
    ),
    Threshold(
        "r18_warning_days",
        "R18",
        Kind.DAYS,
        _l("A serious incident unanswered for at least this many days is a warning."),
        _l("OSCE 2011 (inferred)."),
    ),
)

CATALOGUE: Mapping[str, Threshold] = {entry.name: entry for entry in _ENTRIES}
"""Every threshold by name, in the rules' order (R04 first)."""

ORDERED_PAIRS: tuple[tuple[str, str], ...] = (
    ("r06_warning_days", "r06_breach_days"),
    ("r08_warning_days", "r08_breach_days"),
    ("r14_warning_days", "r14_breach_days"),
    ("r16_warning_days", "r16_breach_days"),
    ("r18_warning_days", "r18_response_days"),
)
"""(warning, breach) pairs: a warning limit above its breach limit would never warn."""


def by_rule() -> list[tuple[str, list[Threshold]]]:
    """The thresholds grouped by rule, in rule order."""
    groups: dict[str, list[Threshold]] = {}
    for entry in sorted(_ENTRIES, key=lambda entry: entry.rule):
        groups.setdefault(entry.rule, []).append(entry)
    return list(groups.items())


def order_problem(values: Mapping[str, Any]) -> str | None:
    """A sentence if the values put a warning limit above its breach limit, else None."""
    for warning, breach in ORDERED_PAIRS:
        if values[warning] > values[breach]:
            return _(
                "%(warning)s (%(warning_value)s) cannot be above %(breach)s (%(breach_value)s).",
                warning=warning,
                warning_value=values[warning],
                breach=breach,
                breach_value=values[breach],
            )
    return None
