"""Demo action plans: a plan a year with items, public comment, adoption, forwarding, reports.

Every council constituted before the anchor date (today, or the date tests pass) gets, for
each year from `years` years before the anchor's year to the anchor's year, usually one action
plan: drafted (two saved versions), opened for public comment, commented on by the public
(anonymously, and by the verified organisation in its municipalities), answered, adopted at
one of the council's own held council meetings after the period, its consultation report
published and the plan forwarded to the Municipal Assembly, its 5-15 items (Albanian, or
Serbian (Latin) in Serb-majority municipalities) carried out with dated statuses and progress;
and the mid-year and annual activity reports of those years. Every step is dated relative to
the anchor: what would come after it has not happened yet, so a plan may still be a draft or
open for comment. A plan waits for the first held council meeting of its months (up to 75 days
later when none was held then). Items answer concerns the council accepted into its plan (the
concerns demo runs first). Each council draws from its own `random.Random(f"{SEED}-plans-<code>")`.
Plans of next year are left to the people trying the product (and to the browser tests).

Profiles, by municipality code (12 Zubin Potok and 38 Partesh were never constituted and get
nothing):

- exemplary (01 02 07 15 22 24 27 32 36): 21-28 working days of comment, adopted in February
  or March, report and forwarding within two weeks, every item done by its deadline, reports
  on time: good throughout (R12-R15 and R17).
- steady (05 08 13 18 21 28 34): adopted in March or April (April: R12 warning on 31 March),
  one item a year never done (R15 warning), reports and forwarding now and then late.
- hurried (26 33): comment periods of 7-12 working days (R13 warning), otherwise steady.
- late (03 04 16 23 30): adopted between May and September, half with short periods,
  forwarding and the consultation report late or never.
- unforwarded (06 10 14 20 31): never forwarded (R14 breach) nor a report published; half the
  plans adopted without any comment period (R13 breach).
- overdue (17 29 37): 40-60% of each plan's items never done (R15 breach), reports late.
- lapsing (09 19 35): some years no plan, some plans never adopted (drafts, or periods that
  ran out), never forwarded; this year's plan, if any, open for comment around the anchor;
  reports mostly missing (R17 breach).
- none (11 25): never a plan (R12 breach), reports mostly missing.

Twists, placed on held meetings relative to the anchor so the checkpoints (the anchor, and
31 March, 31 July and 31 December of the last full year) show every status: a late council
adopts this year's plan 16-30 days before the anchor and has not forwarded it (R14 warning);
last year a steady council adopted in early March and forwarded only in April, a late council
adopted in early July and never forwarded, a lapsing or overdue council adopted in early
December and never forwarded (R14 warnings on those checkpoints); an unforwarded council
adopted last year's plan in February without a comment period (R13 and R14 breaches on
31 March); Vushtrri (13) submitted last year's mid-year report only in August (R17 warning
on 31 July).
"""

from __future__ import annotations

import bisect
import enum
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from markupsafe import escape
from sqlalchemy import Insert, func, insert, select
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.concerns.models import Concern, ConcernCategory, ConcernEvent, ConcernStatus
from safety.consultations.models import COUNCIL_MEETING_KINDS, Meeting, MeetingKind, MeetingStatus
from safety.councils import demo as councils_demo
from safety.councils.models import Community, Council, CouncilDecision
from safety.demo_common import DEMO_DOMAIN, SEED, entered_at
from safety.organisations import demo as organisations_demo
from safety.organisations.models import Organisation
from safety.plans.demo_texts import ITEMS, ITEMS_BY_CATEGORY, TEXTS, ItemTemplate, PlanTexts
from safety.plans.models import (
    ActionPlan,
    ActivityReport,
    CommentResponse,
    ItemConcern,
    ItemStatus,
    ItemStatusEvent,
    PlanComment,
    PlanEvent,
    PlanItem,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
    ReportKind,
)
from safety.plans.versions import snapshot


class Profile(enum.StrEnum):
    EXEMPLARY = "exemplary"
    STEADY = "steady"
    HURRIED = "hurried"
    LATE = "late"
    UNFORWARDED = "unforwarded"
    OVERDUE = "overdue"
    LAPSING = "lapsing"
    NONE = "none"


_BY_PROFILE = {
    Profile.EXEMPLARY: "01 02 07 15 22 24 27 32 36",
    Profile.STEADY: "05 08 13 18 21 28 34",
    Profile.HURRIED: "26 33",
    Profile.LATE: "03 04 16 23 30",
    Profile.UNFORWARDED: "06 10 14 20 31",
    Profile.OVERDUE: "17 29 37",
    Profile.LAPSING: "09 19 35",
    Profile.NONE: "11 25",
}
PROFILES: dict[str, Profile] = {
    code: profile for profile, codes in _BY_PROFILE.items() for code in codes.split()
}

MIDYEAR_LATE = "13"
"""Submits last year's mid-year report in August (R17 warning on 31 July)."""


class Period(enum.StrEnum):
    NORMAL = "normal"  # 21-28 working days
    SHORT = "short"  # 7-12 working days: R13 warns below 15
    NONE = "none"  # adopted straight from the draft


class Outcome(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    NEVER = "never"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class _Delay:
    """Days until something happens: on time, late, or never (None)."""

    on_time: tuple[int, int]
    late_share: float = 0.0
    late: tuple[int, int] = (35, 60)
    never_share: float = 0.0

    def draw(self, rng: random.Random) -> int | None:
        roll = rng.random()
        if roll < self.never_share:
            return None
        if roll < self.never_share + self.late_share:
            return rng.randint(*self.late)
        return rng.randint(*self.on_time)


NEVER = _Delay((0, 0), never_share=1.0)


@dataclass(frozen=True)
class _Habits:
    """How a profile's council drafts, consults, adopts, forwards, carries out and reports."""

    plan_share: float  # chance of a plan in a year
    created: tuple[int, int]  # the draft's day, relative to 1 January of the plan's year
    window: tuple[tuple[int, int], tuple[int, int]]  # (month, day) from and to: adoption
    window_slack: int  # the window opens up to this many days later, year by year
    adopt_share: float
    periods: dict[Period, float]
    report: _Delay  # the consultation report, days after adoption
    forward: _Delay  # days after adoption
    items: tuple[int, int]
    outcomes: dict[Outcome, float]
    never_items: tuple[float, float]  # share of items never done, forced
    comments: tuple[int, int]
    activity_reports: _Delay  # days after the period's end
    answer_share: float  # comments answered when no report is published


_ON_TIME_ITEMS = {Outcome.ON_TIME: 0.9, Outcome.CANCELLED: 0.1}
_STEADY_ITEMS = {Outcome.ON_TIME: 0.8, Outcome.LATE: 0.12, Outcome.CANCELLED: 0.08}
_LOOSE_ITEMS = {
    Outcome.ON_TIME: 0.55,
    Outcome.LATE: 0.25,
    Outcome.NEVER: 0.12,
    Outcome.CANCELLED: 0.08,
}

HABITS: dict[Profile, _Habits] = {
    Profile.EXEMPLARY: _Habits(
        plan_share=1.0,
        created=(-60, -20),
        window=((2, 15), (3, 31)),
        window_slack=0,
        adopt_share=1.0,
        periods={Period.NORMAL: 1.0},
        report=_Delay((3, 12)),
        forward=_Delay((2, 12)),
        items=(8, 15),
        outcomes=_ON_TIME_ITEMS,
        never_items=(0, 0),
        comments=(3, 7),
        activity_reports=_Delay((3, 25)),
        answer_share=1.0,
    ),
    Profile.STEADY: _Habits(
        plan_share=1.0,
        created=(-30, 15),
        window=((3, 1), (4, 30)),
        window_slack=30,
        adopt_share=1.0,
        periods={Period.NORMAL: 0.9, Period.SHORT: 0.1},
        report=_Delay((4, 25), late_share=0.12, late=(35, 60)),
        forward=_Delay((3, 14), late_share=0.15, late=(16, 45)),
        items=(7, 13),
        outcomes=_STEADY_ITEMS,
        never_items=(0.01, 0.01),  # one item
        comments=(1, 5),
        activity_reports=_Delay((5, 28), late_share=0.1, late=(35, 90)),
        answer_share=1.0,
    ),
    Profile.HURRIED: _Habits(
        plan_share=1.0,
        created=(-20, 20),
        window=((2, 15), (3, 31)),
        window_slack=0,
        adopt_share=1.0,
        periods={Period.SHORT: 1.0},
        report=_Delay((2, 10)),
        forward=_Delay((2, 10)),
        items=(6, 11),
        outcomes=_STEADY_ITEMS,
        never_items=(0.01, 0.01),
        comments=(0, 3),
        activity_reports=_Delay((5, 28), late_share=0.1, late=(35, 90)),
        answer_share=1.0,
    ),
    Profile.LATE: _Habits(
        plan_share=1.0,
        created=(20, 80),
        window=((5, 1), (9, 30)),
        window_slack=60,
        adopt_share=1.0,
        periods={Period.NORMAL: 0.5, Period.SHORT: 0.5},
        report=_Delay((10, 28), late_share=0.3, late=(35, 80), never_share=0.3),
        forward=_Delay((10, 28), late_share=0.3, late=(31, 70), never_share=0.3),
        items=(5, 10),
        outcomes=_LOOSE_ITEMS,
        never_items=(0, 0),
        comments=(0, 3),
        activity_reports=_Delay((10, 30), late_share=0.3, late=(40, 100), never_share=0.2),
        answer_share=0.6,
    ),
    Profile.UNFORWARDED: _Habits(
        plan_share=1.0,
        created=(0, 40),
        window=((2, 15), (6, 30)),
        window_slack=40,
        adopt_share=1.0,
        periods={Period.NORMAL: 0.5, Period.NONE: 0.5},
        report=NEVER,
        forward=NEVER,
        items=(5, 9),
        outcomes={
            Outcome.ON_TIME: 0.6,
            Outcome.LATE: 0.2,
            Outcome.NEVER: 0.15,
            Outcome.CANCELLED: 0.05,
        },
        never_items=(0, 0),
        comments=(0, 2),
        activity_reports=_Delay((10, 30), late_share=0.2, late=(40, 120), never_share=0.2),
        answer_share=0.4,
    ),
    Profile.OVERDUE: _Habits(
        plan_share=1.0,
        created=(-20, 30),
        window=((3, 1), (5, 31)),
        window_slack=30,
        adopt_share=1.0,
        periods={Period.NORMAL: 0.85, Period.SHORT: 0.15},
        report=_Delay((5, 25), late_share=0.2, late=(35, 70), never_share=0.1),
        forward=_Delay((5, 14), late_share=0.2, late=(16, 40), never_share=0.1),
        items=(8, 14),
        outcomes={Outcome.ON_TIME: 0.6, Outcome.LATE: 0.3, Outcome.CANCELLED: 0.1},
        never_items=(0.4, 0.6),
        comments=(1, 4),
        activity_reports=_Delay((10, 30), late_share=0.4, late=(40, 120), never_share=0.3),
        answer_share=0.8,
    ),
    Profile.LAPSING: _Habits(
        plan_share=0.7,
        created=(10, 120),
        window=((6, 1), (11, 30)),
        window_slack=60,
        adopt_share=0.5,
        periods={Period.NORMAL: 0.4, Period.SHORT: 0.3, Period.NONE: 0.3},
        report=_Delay((10, 30), late_share=0.3, late=(35, 90), never_share=0.5),
        forward=_Delay((20, 60), never_share=0.7),
        items=(5, 8),
        outcomes={
            Outcome.ON_TIME: 0.4,
            Outcome.LATE: 0.2,
            Outcome.NEVER: 0.35,
            Outcome.CANCELLED: 0.05,
        },
        never_items=(0, 0),
        comments=(0, 2),
        activity_reports=_Delay((15, 30), late_share=0.3, late=(40, 150), never_share=0.5),
        answer_share=0.3,
    ),
    Profile.NONE: _Habits(
        plan_share=0.0,
        created=(0, 0),
        window=((1, 1), (1, 1)),
        window_slack=0,
        adopt_share=0.0,
        periods={Period.NONE: 1.0},
        report=NEVER,
        forward=NEVER,
        items=(0, 0),
        outcomes={},
        never_items=(0, 0),
        comments=(0, 0),
        activity_reports=_Delay((20, 30), late_share=0.2, late=(60, 200), never_share=0.8),
        answer_share=0.0,
    ),
}

RESPONSES = {
    CommentResponse.ACCEPTED: 0.45,
    CommentResponse.PARTLY_ACCEPTED: 0.3,
    CommentResponse.REJECTED: 0.25,
}


# -- What the builders read from the earlier slices -----------------------------------------


@dataclass(frozen=True)
class _Meeting:
    held_on: date
    id: int


@dataclass
class _CouncilRecords:
    """A council's held meetings and the concerns it accepted into its plan."""

    council_meetings: list[_Meeting] = field(default_factory=list)
    consultations: list[date] = field(default_factory=list)
    accepted: list[tuple[date, int, str, str]] = field(default_factory=list)  # on, id, ref, cat

    def meeting_in(self, first: date, last: date) -> _Meeting | None:
        """The first held council meeting from `first` to `last`, both included."""
        days = [meeting.held_on for meeting in self.council_meetings]
        index = bisect.bisect_left(days, first)
        if index < len(days) and days[index] <= last:
            return self.council_meetings[index]
        return None


def _records(
    session: Session, council_ids: Sequence[int], first_day: date
) -> dict[int, _CouncilRecords]:
    """Held meetings (one statement) and concerns accepted into a plan (one statement)."""
    found: dict[int, _CouncilRecords] = defaultdict(_CouncilRecords)
    meetings = session.execute(
        select(Meeting.council_id, Meeting.id, Meeting.held_on, Meeting.kind)
        .where(
            Meeting.council_id.in_(council_ids),
            Meeting.status == MeetingStatus.HELD,
            Meeting.held_on >= first_day,
            Meeting.kind.in_([*COUNCIL_MEETING_KINDS, MeetingKind.PUBLIC_CONSULTATION]),
        )
        .order_by(Meeting.council_id, Meeting.held_on, Meeting.id)
    )
    for council_id, meeting_id, held_on, kind in meetings:
        if kind in COUNCIL_MEETING_KINDS:
            found[council_id].council_meetings.append(_Meeting(held_on, meeting_id))
        else:
            found[council_id].consultations.append(held_on)
    accepted = session.execute(
        select(
            Concern.council_id,
            ConcernEvent.changed_on,
            Concern.id,
            Concern.reference,
            Concern.category,
        )
        .join(ConcernEvent, ConcernEvent.concern_id == Concern.id)
        .where(
            Concern.council_id.in_(council_ids),
            Concern.deleted_on.is_(None),
            ConcernEvent.status == ConcernStatus.ACCEPTED_INTO_PLAN,
        )
        .order_by(Concern.council_id, ConcernEvent.changed_on, Concern.id)
    )
    for council_id, accepted_on, concern_id, reference, category in accepted:
        found[council_id].accepted.append((accepted_on, concern_id, reference, str(category)))
    return found


@dataclass(frozen=True)
class _People:
    """Who records the changes: each council's demo secretary, the organisation's user."""

    secretaries: dict[int, int]
    organisation_id: int | None
    organisation_user_id: int | None


def _people(session: Session, verified: Organisation | None) -> _People:
    secretaries: dict[int, int] = {}
    organisation_user = None
    for user_id, role, council_id, organisation_id in session.execute(
        select(User.id, User.role, User.council_id, User.organisation_id)
        .where(User.role.in_([Role.SECRETARY, Role.CSO]))
        .order_by(User.id)
    ):
        if role == Role.SECRETARY and council_id is not None:
            secretaries.setdefault(council_id, user_id)
        elif verified is not None and organisation_id == verified.id and organisation_user is None:
            organisation_user = user_id
    return _People(secretaries, verified.id if verified else None, organisation_user)


# -- Twists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Override:
    """A year's script forced on one council, so a checkpoint shows a status."""

    window: tuple[date, date]
    period: Period | None = None  # None: the profile's habit
    forward: _Delay | None = None
    report: _Delay | None = None


TWIST_FALLBACK = " ".join(
    code
    for profile, codes in _BY_PROFILE.items()
    if profile not in (Profile.EXEMPLARY, Profile.NONE)
    for code in codes.split()
)
"""Where a twist's own candidates have no meeting in its window, any council but the
exemplary ones (good throughout) and those that never have a plan."""


def _twists(
    anchor: date, records: dict[str, _CouncilRecords], constituted: dict[str, date]
) -> dict[tuple[str, int], _Override]:
    """(code, year) -> the forced script, on the first candidate with a meeting in the window
    and constituted in time to draft the plan before it."""
    last = anchor.year - 1
    wanted = [
        # R14 warning at the anchor: adopted 16-30 days ago, not forwarded yet.
        (
            anchor.year,
            "23 30 16 03 04",
            _Override((anchor - timedelta(days=30), anchor - timedelta(days=16)), forward=NEVER),
        ),
        # R14 warning on 31 March: adopted early in March, forwarded in April.
        (
            last,
            "05 08 18 21 34",
            _Override((date(last, 3, 1), date(last, 3, 15)), forward=_Delay((35, 50))),
        ),
        # R13 and R14 breaches on 31 March: adopted in February without a comment period.
        (
            last,
            "06 10 14 20 31",
            _Override((date(last, 2, 1), date(last, 2, 28)), period=Period.NONE, forward=NEVER),
        ),
        # R14 warning on 31 July: adopted early in July, never forwarded.
        (last, "04 03 16 30 23", _Override((date(last, 7, 1), date(last, 7, 15)), forward=NEVER)),
        # R14 warning on 31 December: adopted early in December, never forwarded.
        (
            last,
            "35 19 09 29 17 37",
            _Override((date(last, 12, 1), date(last, 12, 15)), forward=NEVER),
        ),
    ]
    chosen: dict[tuple[str, int], _Override] = {}
    for year, candidates, override in wanted:
        first, final = override.window
        for code in f"{candidates} {TWIST_FALLBACK}".split():
            town = records.get(code)
            if town is None or (code, year) in chosen:
                continue
            if constituted[code] + timedelta(days=80) > first:
                continue  # the draft comes at least 60 days before the window
            if town.meeting_in(first, final) is not None:
                chosen[code, year] = override
                break
    return chosen


# -- Entry point -----------------------------------------------------------------------------


def add_plans(
    session: Session,
    councils: dict[str, Council],
    organisations: dict[str, Organisation],
    today: date,
    years: int = 3,
) -> None:
    """Give every constituted council without plans its plans and reports up to `today`.

    `years` full calendar years before `today`'s year are covered, plus the current one.
    Councils that already have a plan or a report are left alone, so a rerun adds nothing.
    Reads the constituting dates, the held meetings, the concerns accepted into a plan and
    the demo accounts, each in one statement, and writes every table in bulk.
    """
    done = set(session.scalars(select(ActionPlan.council_id).distinct())) | set(
        session.scalars(select(ActivityReport.council_id).distinct())
    )
    constituted = dict(
        session.execute(
            select(CouncilDecision.council_id, func.min(CouncilDecision.decided_on)).group_by(
                CouncilDecision.council_id
            )
        ).all()
    )
    towns = {
        code: council
        for code, council in sorted(councils.items())
        if council.id in constituted and code in PROFILES and council.id not in done
    }
    if not towns:
        return
    first_day = date(today.year - years - 1, 1, 1)
    by_council = _records(session, [council.id for council in towns.values()], first_day)
    records = {code: by_council[council.id] for code, council in towns.items()}
    overrides = _twists(
        today, records, {code: constituted[council.id] for code, council in towns.items()}
    )
    people = _people(session, organisations.get("verified"))
    batch = _Batch()
    for code, council in towns.items():
        history = _History(
            code,
            council,
            constituted_on=constituted[council.id],
            anchor=today,
            years=years,
            records=records[code],
            overrides={year: o for (c, year), o in overrides.items() if c == code},
            people=people,
        )
        history.build(batch)
    batch.insert(session)
    session.flush()


# -- One council's plans ---------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _back(end: date, working_days: int) -> date:
    """The first day of a period of `working_days` weekdays ending on `end` (a weekday)."""
    day, counted = end, 0
    while True:
        if day.weekday() < 5:
            counted += 1
            if counted == working_days:
                return day
        day -= timedelta(days=1)


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() > 4:
        day -= timedelta(days=1)
    return day


def _dotted(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


@dataclass
class _Item:
    """An item about to be written, with its dated statuses and progress."""

    values: dict[str, Any]
    category: str
    statuses: list[tuple[date, ItemStatus, str | None]] = field(default_factory=list)
    progress: list[tuple[date, int, str | None]] = field(default_factory=list)
    concerns: list[tuple[int, str]] = field(default_factory=list)

    def status_on(self, day: date) -> ItemStatus:
        current = ItemStatus.NOT_STARTED
        for on, status, _reason in self.statuses:
            if on <= day:
                current = status
        return current


@dataclass
class _Schedule:
    """The dates of a plan's life, as far as the anchor: later steps have not happened."""

    created_on: date
    period: tuple[date, date, date] | None = None  # opened on, first day, last day
    meeting: _Meeting | None = None  # the held council meeting that adopted it
    report_on: date | None = None
    forwarded_on: date | None = None


def _by(day: date, anchor: date) -> date | None:
    """`day`, if it has come by the anchor."""
    return day if day <= anchor else None


@dataclass
class _Plan:
    """A plan about to be written, with its events, items, comments and versions."""

    values: dict[str, Any]
    events: list[tuple[PlanStatus, date, str | None]]
    items: list[_Item]
    comments: list[tuple[dict[str, Any], int | None]] = field(default_factory=list)
    versions: list[tuple[date, int]] = field(default_factory=list)  # (saved on, items in it)
    actor_id: int | None = None


class _History:
    """Builds one council's plans and reports from its own seeded RNG, relative to the anchor."""

    def __init__(
        self,
        code: str,
        council: Council,
        *,
        constituted_on: date,
        anchor: date,
        years: int,
        records: _CouncilRecords,
        overrides: dict[int, _Override],
        people: _People,
    ) -> None:
        municipality = council.municipality
        self.code = code
        self.council = council
        self.rng = random.Random(f"{SEED}-plans-{code}")
        self.profile = PROFILES[code]
        self.habits = HABITS[self.profile]
        self.constituted_on = constituted_on
        self.anchor = anchor
        self.first_year = anchor.year - years
        self.records = records
        self.overrides = overrides
        self.secretary_id = people.secretaries.get(council.id)
        self.organisation = (
            (people.organisation_id, people.organisation_user_id)
            if people.organisation_id is not None and code in organisations_demo.CSO_MUNICIPALITIES
            else None
        )
        self.majority = municipality.majority_community
        self.lang = "sr" if self.majority == Community.SERB else "sq"
        self.texts: PlanTexts = TEXTS[self.lang]
        self.seat = municipality.name_sr if self.lang == "sr" else municipality.name_sq
        serbs = "serb" in councils_demo.MINORITIES.get(code, ())
        self.other_language = "sr" if self.lang == "sq" and serbs else None
        self.plans: dict[int, _Plan] = {}

    def build(self, batch: _Batch) -> None:
        for year in range(self.first_year, self.anchor.year + 1):
            plan = self._plan(year)
            if plan is not None:
                self.plans[year] = plan
                batch.plans.append(plan)
        batch.reports.extend(self._reports())

    # -- the plan ---------------------------------------------------------------------------

    def _schedule(self, year: int) -> _Schedule | None:
        """When the year's plan was drafted, open for comment, adopted, reported, forwarded."""
        rng, habits, anchor = self.rng, self.habits, self.anchor
        override = self.overrides.get(year)
        if override is None and rng.random() >= habits.plan_share:
            return None
        planned = date(year, 1, 1) + timedelta(days=rng.randint(*habits.created))
        if override is not None:
            planned = min(planned, override.window[0] - timedelta(days=60))
        created_on = max(planned, self.constituted_on + timedelta(days=14))
        if created_on > min(anchor, date(year, 9, 30)):
            return None  # not yet, or constituted too late in the year for a plan
        if override is not None:
            window = override.window
        else:
            (from_month, from_day), (to_month, to_day) = habits.window
            slack = timedelta(days=rng.randint(0, habits.window_slack))
            window = (date(year, from_month, from_day) + slack, date(year, to_month, to_day))
        if created_on > planned:
            # Constituted only lately: the council adopts when it can, by mid-December.
            window = (max(window[0], created_on + timedelta(days=30)), date(year, 12, 15))
        period = (
            override.period
            if override is not None and override.period is not None
            else _weighted(rng, habits.periods)
        )
        # A lapsing council has at last opened this year's plan for comment: it runs now.
        open_now = self.profile == Profile.LAPSING and year == anchor.year and override is None
        if open_now and period == Period.NONE:
            period = Period.NORMAL
        span = {Period.NORMAL: rng.randint(21, 28), Period.SHORT: rng.randint(7, 12)}.get(period)
        gap = rng.randint(2, 7)
        schedule = _Schedule(created_on)
        if override is not None or (not open_now and rng.random() < habits.adopt_share):
            # Room for the longest period (28 working days) and the gap before the meeting.
            room = 45 + gap if span else 10
            first = max(window[0], created_on + timedelta(days=room))
            schedule.meeting = self.records.meeting_in(first, window[1])
            if schedule.meeting is None and override is None:
                # No meeting was held in time: the plan waits for a later one.
                last = window[1] + timedelta(days=75)
                schedule.meeting = self.records.meeting_in(first, last)
        meeting = schedule.meeting
        if span:
            if meeting is not None:
                ends_on = _weekday_on_or_before(meeting.held_on - timedelta(days=gap))
            elif open_now:
                ends_on = _weekday_on_or_before(anchor + timedelta(days=rng.randint(7, 20)))
            else:
                ends_on = _weekday_on_or_before(created_on + timedelta(days=rng.randint(50, 80)))
            starts_on = max(_back(ends_on, span), created_on)
            opened_on = max(created_on, starts_on - timedelta(days=rng.randint(0, 3)))
            never_opened = meeting is None and not open_now and rng.random() < 0.4
            if opened_on <= anchor and not never_opened:
                schedule.period = (opened_on, starts_on, ends_on)
        if meeting is not None:
            report = override.report if override and override.report else habits.report
            if schedule.period is not None and (delay := report.draw(rng)) is not None:
                schedule.report_on = _by(meeting.held_on + timedelta(days=delay), anchor)
            forward = override.forward if override and override.forward else habits.forward
            if (delay := forward.draw(rng)) is not None:
                schedule.forwarded_on = _by(meeting.held_on + timedelta(days=delay), anchor)
        return schedule

    def _plan(self, year: int) -> _Plan | None:
        rng, anchor = self.rng, self.anchor
        schedule = self._schedule(year)
        if schedule is None:
            return None
        created_on, meeting = schedule.created_on, schedule.meeting
        opened_on, starts_on, ends_on = schedule.period or (None, None, None)
        adopted_on = meeting.held_on if meeting is not None else None
        report_on, forwarded_on = schedule.report_on, schedule.forwarded_on
        texts = self.texts
        items = self._items(year, created_on, adopted=meeting is not None)
        topics = "; ".join(
            dict.fromkeys(
                item.values["objective"][0].lower() + item.values["objective"][1:]
                for item in items[:3]
            )
        )
        events: list[tuple[PlanStatus, date, str | None]] = [(PlanStatus.DRAFT, created_on, None)]
        if opened_on is not None:
            events.append((PlanStatus.OPEN_FOR_COMMENT, opened_on, None))
        if adopted_on is not None:
            note = texts.adoption_note if rng.random() < 0.5 else None
            events.append((PlanStatus.ADOPTED, adopted_on, note))
        if forwarded_on is not None:
            events.append((PlanStatus.FORWARDED_TO_ASSEMBLY, forwarded_on, None))
        last_change = max(day for day in (events[-1][1], report_on) if day is not None)
        values: dict[str, Any] = {
            "council_id": self.council.id,
            "year": year,
            "title": texts.title.format(year=year, seat=self.seat),
            "summary": texts.summary.format(year=year, topics=topics),
            "status": events[-1][0],
            "comment_starts_on": starts_on,
            "comment_ends_on": ends_on,
            "adopted_on": adopted_on,
            "adopted_at_meeting_id": meeting.id if meeting is not None else None,
            "report_published_on": report_on,
            "report_summary": "",
            "forwarded_on": forwarded_on,
            "assembly_reference": (
                texts.reference.format(code=self.code, year=year, number=rng.randint(100, 480))
                if forwarded_on is not None
                else None
            ),
            "version_id": 1,
            "created_at": entered_at(created_on),
            "updated_at": entered_at(last_change, 15),
        }
        plan = _Plan(values, events, items, actor_id=self.secretary_id)
        if starts_on is not None and ends_on is not None:
            self._comments(plan, starts_on, ends_on, adopted_on, report_on)
        drafted = min(
            opened_on - timedelta(days=1) if opened_on else created_on + timedelta(days=20),
            anchor,
        )
        first_draft = max(1, round(len(items) * 0.6))
        plan.versions = [(created_on, first_draft), (max(created_on, drafted), len(items))]
        return plan

    # -- items --------------------------------------------------------------------------------

    def _templates(self, year: int, count: int) -> list[tuple[ItemTemplate, list[tuple[int, str]]]]:
        """The plan's kinds of item: first those answering concerns accepted for this year."""
        rng = self.rng
        accepted: dict[str, dict[int, str]] = defaultdict(dict)
        for accepted_on, concern_id, reference, category in self.records.accepted:
            # Accepted in the autumn: the next year's plan takes it up.
            if (accepted_on.year + 1 if accepted_on.month >= 10 else accepted_on.year) == year:
                accepted[category][concern_id] = reference
        chosen: list[tuple[ItemTemplate, list[tuple[int, str]]]] = []
        for category, concerns in accepted.items():
            options = ITEMS_BY_CATEGORY.get(ConcernCategory(category), ())
            if options and len(chosen) < count:
                chosen.append((rng.choice(options), list(concerns.items())))
        taken = {template.key for template, _concerns in chosen}
        others = [template for template in ITEMS if template.key not in taken]
        rng.shuffle(others)
        chosen.extend((template, []) for template in others[: count - len(chosen)])
        return chosen

    def _items(self, year: int, created_on: date, *, adopted: bool) -> list[_Item]:
        rng, habits = self.rng, self.habits
        earliest = max(date(year, 1, 15), created_on + timedelta(days=7))
        count = rng.randint(*habits.items)
        low, high = habits.never_items
        nevers = max(1, round(count * rng.uniform(low, high))) if high else 0
        items = []
        for index, (template, concerns) in enumerate(self._templates(year, count)):
            outcome = Outcome.NEVER if index >= count - nevers else _weighted(rng, habits.outcomes)
            item = self._item(earliest, template, outcome, position=index + 1)
            item.concerns = concerns
            if adopted:
                self._carry_out(item, outcome)
            items.append(item)
        return items

    def _item(
        self, earliest: date, template: ItemTemplate, outcome: Outcome, position: int
    ) -> _Item:
        """An item starting from `earliest` (mid-January, or a week after a late draft)."""
        rng = self.rng
        text = template.text(self.lang)
        low, high = template.numbers
        number = rng.randrange(low, high + 1, 10) if low >= 30 else rng.randint(low, high)
        deadline: date | None
        if outcome == Outcome.NEVER:
            # Forgotten early in the year: overdue by the summer.
            starts_on = earliest + timedelta(days=rng.randint(0, 60))
            deadline = starts_on + timedelta(days=rng.randint(30, 90))
        else:
            starts_on = min(
                earliest + timedelta(days=rng.randint(0, 240)), date(earliest.year, 11, 30)
            )
            deadline = min(
                starts_on + timedelta(days=rng.randint(45, 240)), date(earliest.year, 12, 31)
            )
            if rng.random() < 0.06:
                deadline = None
        budget = None
        if template.budget is not None and rng.random() < 0.9:
            budget = Decimal(rng.randrange(template.budget[0], template.budget[1] + 1, 100))
        values: dict[str, Any] = {
            "position": position,
            "objective": text.objective,
            "activity": text.activity.format(n=number, seat=self.seat),
            "responsible_kind": template.kind,
            "responsible_name": text.responsible.format(seat=self.seat),
            "partners": text.partners.format(seat=self.seat) if text.partners else None,
            "starts_on": starts_on,
            "deadline": deadline,
            "budget_eur": budget,
            "budget_source": text.budget_source if budget is not None else None,
            "indicator": text.indicator,
            "target": text.target.format(n=number),
            "status": ItemStatus.NOT_STARTED,
            "progress": 0,
            "version_id": 1,
        }
        return _Item(values, str(template.category))

    def _carry_out(self, item: _Item, outcome: Outcome) -> None:
        """Dated statuses and progress, as the outcome says; nothing after the anchor."""
        rng, texts = self.rng, self.texts
        starts_on: date = item.values["starts_on"]
        deadline: date | None = item.values["deadline"]
        year_end = date(starts_on.year, 12, 31)
        begun = starts_on + timedelta(days=rng.randint(0, 14))
        if outcome == Outcome.NEVER and rng.random() < 0.5:
            return  # never started
        if outcome == Outcome.ON_TIME:
            last = deadline or min(begun + timedelta(days=rng.randint(40, 150)), year_end)
            begun = min(begun, last)
            # Anywhere in the second half of the time it had, some right at the deadline.
            done = last - timedelta(days=rng.randint(0, (last - begun).days // 2))
        elif outcome == Outcome.LATE and deadline is not None:
            begun = min(begun, deadline)
            done = deadline + timedelta(days=rng.randint(10, 90))
        elif outcome == Outcome.LATE:
            done = min(begun + timedelta(days=rng.randint(60, 200)), year_end)
        else:
            done = None
        item.statuses.append((begun, ItemStatus.IN_PROGRESS, None))
        if outcome == Outcome.CANCELLED:
            cancelled = begun + timedelta(days=rng.randint(10, 60))
            reason = rng.choice(texts.cancel_reasons)
            item.statuses.append((cancelled, ItemStatus.CANCELLED, reason))
            item.progress.append((begun + timedelta(days=5), rng.randint(5, 30), None))
        elif done is None:
            middle = begun + timedelta(days=rng.randint(15, 60))
            item.progress.append((middle, rng.randint(10, 60), rng.choice(texts.progress_notes)))
        else:
            middle = begun + (done - begun) // 2
            if middle > begun:
                note = rng.choice(texts.progress_notes)
                item.progress.append((middle, rng.randint(30, 70), note))
            item.statuses.append((done, ItemStatus.DONE, None))
            item.progress.append((done, 100, None))
        anchor = self.anchor
        item.statuses = [entry for entry in item.statuses if entry[0] <= anchor]
        item.progress = [entry for entry in item.progress if entry[0] <= anchor]
        item.values["status"] = item.status_on(anchor)
        item.values["progress"] = item.progress[-1][1] if item.progress else 0

    # -- comments -----------------------------------------------------------------------------

    def _comments(
        self,
        plan: _Plan,
        starts_on: date,
        ends_on: date,
        adopted_on: date | None,
        report_on: date | None,
    ) -> None:
        """Comments during the period, answered after it (all of them before the report)."""
        rng, texts, anchor = self.rng, self.texts, self.anchor
        last = min(ends_on, anchor)
        if last < starts_on:
            return
        days = (last - starts_on).days
        writers: list[str] = ["public"] * rng.randint(*self.habits.comments)
        if self.organisation is not None and rng.random() < 0.6:
            writers.append("organisation")
        if rng.random() < 0.08:
            writers.append("spam")
        over = anchor > ends_on or (adopted_on is not None and adopted_on <= anchor)
        comments = []
        for writer in writers:
            on = starts_on + timedelta(days=rng.randint(0, days))
            item_index = None
            language = self.lang
            if writer == "organisation" and self.organisation is not None:
                organisation_id, author_id = self.organisation
                body = rng.choice(texts.organisation_comments)
                who = {"organisation_id": organisation_id, "author_id": author_id}
            elif writer == "spam":
                body = texts.spam
                who = {}
            else:
                if self.other_language and rng.random() < 0.2:
                    language = self.other_language
                words = TEXTS[language]
                if plan.items and rng.random() < 0.35:
                    item_index = rng.randrange(len(plan.items))
                    body = rng.choice(words.item_comments)
                else:
                    body = rng.choice(words.comments)
                who = self._commenter()
            values: dict[str, Any] = {
                "body": body,
                "language": language,
                "organisation_id": None,
                "author_id": None,
                "commenter_name": None,
                "commenter_email": None,
                "submitted_on": on,
                "response": None,
                "response_reason": None,
                "responded_on": None,
                "deleted_on": None,
                "created_at": entered_at(on, 12),
                **who,
            }
            if writer == "spam":
                deleted_on = on + timedelta(days=rng.randint(0, 3))
                values["deleted_on"] = deleted_on if deleted_on <= anchor else None
            elif over:
                self._answer(values, ends_on, report_on)
            comments.append((values, item_index))
        plan.comments = sorted(comments, key=lambda entry: entry[0]["submitted_on"])
        if report_on is not None:
            answered = sum(1 for values, _ in comments if values["deleted_on"] is None)
            plan.values["report_summary"] = texts.report_summary.format(
                start=_dotted(starts_on), end=_dotted(ends_on), count=answered
            )

    def _commenter(self) -> dict[str, Any]:
        """An anonymous member of the public, who may leave a name or an e-mail (private)."""
        rng = self.rng
        name = email = None
        if rng.random() < 0.4:
            men, women, families = (
                group.split() for group in councils_demo.NAMES[self.majority.value]
            )
            first = rng.choice(women if rng.random() < 0.45 else men)
            name = f"{first} {rng.choice(families)}"
        if rng.random() < 0.3:
            local = "gradjanin" if self.lang == "sr" else "banor"
            email = f"{local}.{self.code}.{rng.randint(100, 999)}@{DEMO_DOMAIN}"
        return {"commenter_name": name, "commenter_email": email}

    def _answer(self, values: dict[str, Any], ends_on: date, report_on: date | None) -> None:
        rng, texts, anchor = self.rng, self.texts, self.anchor
        if report_on is not None:
            on = ends_on + timedelta(days=rng.randint(1, max(1, (report_on - ends_on).days)))
        elif rng.random() < self.habits.answer_share:
            on = ends_on + timedelta(days=rng.randint(1, 30))
        else:
            return
        if on > anchor:
            return
        response = _weighted(rng, RESPONSES)
        reasons = {
            CommentResponse.ACCEPTED: texts.accepted_reasons,
            CommentResponse.PARTLY_ACCEPTED: texts.partly_reasons,
            CommentResponse.REJECTED: texts.rejected_reasons,
        }[response]
        values["response"] = response
        values["response_reason"] = rng.choice(reasons) or None
        values["responded_on"] = on

    # -- activity reports ---------------------------------------------------------------------

    def _reports(self) -> list[dict[str, Any]]:
        """Mid-year and annual reports of the demo years whose period has ended."""
        rng, anchor = self.rng, self.anchor
        rows = []
        for year in range(self.first_year, self.anchor.year + 1):
            for kind, period_end in (
                (ReportKind.MIDYEAR, date(year, 6, 30)),
                (ReportKind.ANNUAL, date(year, 12, 31)),
            ):
                if period_end < self.constituted_on or period_end >= anchor:
                    continue
                delay = self.habits.activity_reports.draw(rng)
                if self.code == MIDYEAR_LATE and (kind, year) == (
                    ReportKind.MIDYEAR,
                    anchor.year - 1,
                ):
                    delay = rng.randint(35, 51)  # in August
                submitted_on = None if delay is None else period_end + timedelta(days=delay)
                if submitted_on is not None and self.profile == Profile.EXEMPLARY:
                    submitted_on = min(submitted_on, anchor)
                if submitted_on is not None and submitted_on > anchor:
                    submitted_on = None
                if submitted_on is None and rng.random() < 0.5:
                    continue  # not even drafted
                written_on = min(period_end + timedelta(days=rng.randint(1, 10)), anchor)
                if submitted_on is not None:
                    written_on = min(written_on, submitted_on)
                rows.append(
                    {
                        "council_id": self.council.id,
                        "kind": kind,
                        "year": year,
                        "body": self._report_body(kind, year, period_end),
                        "submitted_on": submitted_on,
                        "version_id": 1,
                        "created_at": entered_at(written_on, 10),
                        "updated_at": entered_at(submitted_on or written_on, 16),
                    }
                )
        return rows

    def _report_body(self, kind: ReportKind, year: int, period_end: date) -> str:
        """The report as the secretary left it: its heading, figures and the plan's items."""
        texts = self.texts
        first = date(year, 1, 1)
        meetings = sum(1 for m in self.records.council_meetings if first <= m.held_on <= period_end)
        consultations = sum(1 for day in self.records.consultations if first <= day <= period_end)
        title = texts.midyear_title if kind == ReportKind.MIDYEAR else texts.annual_title
        plan = self.plans.get(year)
        adopted = plan is not None and plan.values["adopted_on"] is not None
        if plan is not None and adopted and plan.values["adopted_on"] <= period_end:
            counted = [
                item for item in plan.items if item.status_on(period_end) != ItemStatus.CANCELLED
            ]
            done = sum(1 for item in counted if item.status_on(period_end) == ItemStatus.DONE)
            items = texts.report_items.format(done=done, count=len(counted))
            activities = "".join(f"<li>{escape(item.values['activity'])}</li>" for item in counted)
            listed = f"<ol>{activities}</ol>" if activities else ""
        else:
            items, listed = texts.report_no_plan.format(year=year), ""
        paragraphs = (
            texts.report_intro.format(
                seat=self.seat, first=_dotted(first), last=_dotted(period_end)
            ),
            texts.report_meetings.format(meetings=meetings, consultations=consultations),
            items,
        )
        return (
            f"<h3>{escape(title.format(year=year))}</h3>"
            + "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
            + listed
            + f"<p>{escape(texts.report_closing)}</p>"
        )


# -- Rows ------------------------------------------------------------------------------------


def _bulk(statement: Insert) -> Insert:
    """One multi-row INSERT per batch, NULLs written as such (so rows batch together)."""
    return statement.execution_options(render_nulls=True)


class _Batch:
    """Every council's plans and reports, written table by table in bulk.

    Ids are read back by natural keys (a council's plan per year, an item's position in its
    plan), since RETURNING in parameter order would make SQLite insert one row at a time.
    The price of bulk INSERTs: these rows get no audit events.
    """

    def __init__(self) -> None:
        self.plans: list[_Plan] = []
        self.reports: list[dict[str, Any]] = []

    def insert(self, session: Session) -> None:
        if self.reports:
            session.execute(_bulk(insert(ActivityReport)), self.reports)
        if not self.plans:
            return
        session.execute(_bulk(insert(ActionPlan)), [plan.values for plan in self.plans])
        keys = {(plan.values["council_id"], plan.values["year"]) for plan in self.plans}
        council_ids = {council_id for council_id, _year in keys}
        plan_ids = {
            (council_id, year): plan_id
            for plan_id, council_id, year in session.execute(
                select(ActionPlan.id, ActionPlan.council_id, ActionPlan.year).where(
                    ActionPlan.council_id.in_(council_ids)
                )
            )
        }
        for plan in self.plans:
            plan.values["id"] = plan_ids[plan.values["council_id"], plan.values["year"]]
        session.execute(
            _bulk(insert(PlanItem)),
            [
                {**item.values, "plan_id": plan.values["id"], **_stamps(plan, item)}
                for plan in self.plans
                for item in plan.items
            ],
        )
        item_ids = {
            (plan_id, position): item_id
            for item_id, plan_id, position in session.execute(
                select(PlanItem.id, PlanItem.plan_id, PlanItem.position).where(
                    PlanItem.plan_id.in_([plan.values["id"] for plan in self.plans])
                )
            )
        }
        for plan in self.plans:
            for item in plan.items:
                item.values["id"] = item_ids[plan.values["id"], item.values["position"]]
        self._details(session)

    def _details(self, session: Session) -> None:
        events, statuses, progress, links, comments, versions = [], [], [], [], [], []
        for plan in self.plans:
            plan_id, actor = plan.values["id"], plan.actor_id
            for status, on, note in plan.events:
                events.append(
                    {
                        "plan_id": plan_id,
                        "status": status,
                        "changed_on": on,
                        "note": note,
                        "actor_id": actor,
                        "created_at": entered_at(on, 14),
                    }
                )
            for item in plan.items:
                item_id = item.values["id"]
                for on, status, reason in item.statuses:
                    statuses.append(
                        {
                            "item_id": item_id,
                            "status": status,
                            "changed_on": on,
                            "reason": reason,
                            "actor_id": actor,
                            "created_at": entered_at(on, 11),
                        }
                    )
                for on, percent, note in item.progress:
                    progress.append(
                        {
                            "item_id": item_id,
                            "progress": percent,
                            "reported_on": on,
                            "note": note,
                            "actor_id": actor,
                            "created_at": entered_at(on, 11),
                        }
                    )
                links.extend(
                    {"item_id": item_id, "concern_id": concern_id}
                    for concern_id, _reference in item.concerns
                )
            for values, item_index in plan.comments:
                item_id = None if item_index is None else plan.items[item_index].values["id"]
                comments.append({**values, "plan_id": plan_id, "item_id": item_id})
            versions.extend(_versions(plan))
        for model, rows in (
            (PlanEvent, events),
            (ItemStatusEvent, statuses),
            (ProgressUpdate, progress),
            (ItemConcern, links),
            (PlanComment, comments),
            (PlanVersion, versions),
        ):
            if rows:
                session.execute(_bulk(insert(model)), rows)


def _stamps(plan: _Plan, item: _Item) -> dict[str, Any]:
    """An item is written with its plan's first draft and changed with its last record."""
    created = plan.values["created_at"]
    days = [on for on, _status, _reason in item.statuses] + [on for on, _p, _n in item.progress]
    return {
        "created_at": created,
        "updated_at": entered_at(max(days), 11) if days else created,
    }


def _versions(plan: _Plan) -> Iterable[dict[str, Any]]:
    """The first draft with some of the items, then the plan as it went out."""
    document = ActionPlan(title=plan.values["title"], summary=plan.values["summary"])
    for number, (saved_on, count) in enumerate(plan.versions, start=1):
        items = [
            PlanItem(**{key: value for key, value in item.values.items() if key != "status"})
            for item in plan.items[:count]
        ]
        concerns = {
            item.values["id"]: [reference for _id, reference in item.concerns]
            for item in plan.items[:count]
        }
        yield {
            "plan_id": plan.values["id"],
            "number": number,
            "snapshot": snapshot(document, items, concerns),
            "note": None,
            "actor_id": plan.actor_id,
            "created_at": entered_at(saved_on, 10 + number),
        }
