"""Demo concerns: years of community concerns with their answers, and serious incidents.

Every council constituted before the anchor date (today, or the date tests pass) gets
concerns from 1 January `years` years before the anchor's year (never before its constituting
date) up to the anchor: `per_year` concerns a year across all councils (about 5,000 over the
demo years by default; the benchmarks pass ten years of 4,000), shared by municipality size.
Each council draws from its own `random.Random(f"{SEED}-concerns-<code>")`, so changing one
council's profile never shifts another's concerns. Texts are Albanian, or Serbian (Latin) in
Serb-majority municipalities; categories, channels, statuses, referrals, rejections,
duplicates, reopenings, internal notes, spam deleted on a stated date and answer templates
all appear. No outbox row is written: demo submitters get no e-mail.

Profiles (R16, the first answer within 21 / 30 days), by municipality code (12 Zubin Potok
and 38 Partesh were never constituted and get nothing):

- prompt (01 02 07 15 22 24 27 32 36): every concern answered within 2-20 days, and every
  serious incident followed by an extraordinary meeting, consultation or community activity
  within 14 days: good throughout.
- steady (03 05 08 13 16 18 21 23 26 28 30 33 34): mostly within 2-20 days; some older
  concerns answered late (25-60 days); all answered in the end.
- slow (04 14 20 31): steady, but one or two concerns raised 22-30 days before the anchor
  still wait for an answer (R16 warning).
- lapsing (06 09 10 11 17 19 25 29 35 37): many late answers, and about one concern in eight
  never answered, whatever its status (R16 breach, reading 8).

Serious incidents (R18): placed 1-10 days before an existing held extraordinary meeting (or,
less often, a consultation or community activity) of the council, so they are answered; some
councils also have incidents with no response within 14 days, never in the 12 months before
the anchor except for the lapsing ones and these twists:

- 05 14 21: an incident 8-14 days before the anchor with no response since (R18 warning);
- 09 19 25 33: an incident 20-100 days before the anchor left without a response (R18 breach).
"""

from __future__ import annotations

import enum
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import Insert, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.concerns.demo_texts import SETTLEMENTS, TEXTS, ConcernTexts
from safety.concerns.intake import communities_value, default_sensitivity, search_text
from safety.concerns.models import (
    AnswerChannel,
    Concern,
    ConcernCategory,
    ConcernChannel,
    ConcernEvent,
    ConcernNote,
    ConcernStatus,
    ReferralBody,
    ResponseTemplate,
    Sensitivity,
)
from safety.concerns.tracking import token_hash
from safety.consultations.models import Meeting, MeetingHost, MeetingKind, MeetingStatus
from safety.councils import demo as councils_demo
from safety.councils.models import Community, Council, CouncilDecision
from safety.demo_common import DEMO_DOMAIN, SEED, entered_at
from safety.organisations import demo as organisations_demo
from safety.organisations.models import Organisation

T = TypeVar("T")

CONCERNS_PER_YEAR = 1300
"""Concerns a year across all councils: about 5,000 over three years and the current one."""

S = ConcernStatus
C = ConcernCategory


class Profile(enum.StrEnum):
    PROMPT = "prompt"
    STEADY = "steady"
    SLOW = "slow"
    LAPSING = "lapsing"


class Twist(enum.StrEnum):
    INCIDENT_PENDING = "incident_pending"
    INCIDENT_IGNORED = "incident_ignored"


_BY_PROFILE = {
    Profile.PROMPT: "01 02 07 15 22 24 27 32 36",
    Profile.STEADY: "03 05 08 13 16 18 21 23 26 28 30 33 34",
    Profile.SLOW: "04 14 20 31",
    Profile.LAPSING: "06 09 10 11 17 19 25 29 35 37",
}
PROFILES: dict[str, Profile] = {
    code: profile for profile, codes in _BY_PROFILE.items() for code in codes.split()
}
TWISTS: dict[str, Twist] = {
    "05": Twist.INCIDENT_PENDING,
    "14": Twist.INCIDENT_PENDING,
    "21": Twist.INCIDENT_PENDING,
    "09": Twist.INCIDENT_IGNORED,
    "19": Twist.INCIDENT_IGNORED,
    "25": Twist.INCIDENT_IGNORED,
    "33": Twist.INCIDENT_IGNORED,
}

# Relative number of concerns: the big towns hear more than the small municipalities.
SIZES: dict[str, float] = {
    "01": 3.0,
    "22": 2.2,
    "15": 1.8,
    "18": 1.8,
    "27": 1.8,
    "32": 1.8,
    "08": 1.6,
    "02": 1.5,
    "05": 1.2,
    "13": 1.2,
    "24": 1.2,
    "09": 0.8,
    "10": 0.6,
    "11": 0.6,
    "30": 0.6,
    "35": 0.5,
    "20": 0.4,
    "26": 0.4,
    "31": 0.4,
    "36": 0.4,
    "37": 0.4,
}

# Approximate seat of each municipality (latitude, longitude), for map points near it.
SEATS: dict[str, tuple[float, float]] = {
    "01": (42.663, 21.164),
    "02": (42.911, 21.193),
    "03": (42.636, 21.094),
    "04": (42.687, 21.070),
    "05": (42.522, 21.126),
    "06": (42.625, 20.893),
    "07": (42.601, 21.195),
    "08": (42.883, 20.866),
    "09": (42.897, 20.866),
    "10": (43.104, 20.803),
    "11": (42.907, 20.840),
    "13": (42.823, 20.967),
    "14": (42.747, 20.789),
    "15": (42.659, 20.288),
    "16": (42.781, 20.488),
    "17": (42.621, 20.578),
    "18": (42.380, 20.431),
    "19": (42.540, 20.288),
    "20": (42.476, 20.278),
    "21": (42.399, 20.655),
    "22": (42.213, 20.740),
    "23": (42.062, 20.653),
    "24": (42.359, 20.825),
    "25": (42.483, 20.746),
    "26": (42.322, 20.727),
    "27": (42.370, 21.155),
    "28": (42.232, 21.259),
    "29": (42.433, 21.040),
    "30": (42.240, 21.027),
    "31": (42.150, 21.297),
    "32": (42.464, 21.469),
    "33": (42.578, 21.580),
    "34": (42.322, 21.358),
    "35": (42.615, 21.433),
    "36": (42.368, 21.376),
    "37": (42.492, 21.599),
}

CATEGORY_WEIGHTS: dict[ConcernCategory, int] = {
    C.LIGHTING_AND_INFRASTRUCTURE: 14,
    C.TRAFFIC_AND_SCHOOL_SAFETY: 14,
    C.STRAY_DOGS: 10,
    C.THEFT_AND_BURGLARY: 9,
    C.PUBLIC_ORDER: 8,
    C.ENVIRONMENT_AND_HEALTH: 8,
    C.OTHER: 6,
    C.DRUGS: 5,
    C.WEAPONS: 5,
    C.DOMESTIC_VIOLENCE: 4,
    C.FIRE_AND_EMERGENCIES: 4,
    C.PROPERTY_DISPUTE: 4,
    C.INTER_ETHNIC_INCIDENT: 3,
    C.FREEDOM_OF_MOVEMENT: 2,
    C.YOUTH_RADICALISATION: 2,
}
SERIOUS_CATEGORIES = (
    C.INTER_ETHNIC_INCIDENT,
    C.INTER_ETHNIC_INCIDENT,
    C.WEAPONS,
    C.PUBLIC_ORDER,
    C.FIRE_AND_EMERGENCIES,
    C.FREEDOM_OF_MOVEMENT,
)
# Categories where the affected non-majority community is named.
COMMUNITY_CATEGORIES = frozenset(
    {C.INTER_ETHNIC_INCIDENT, C.FREEDOM_OF_MOVEMENT, C.PROPERTY_DISPUTE}
)
CHANNEL_WEIGHTS: dict[ConcernChannel, int] = {
    ConcernChannel.PUBLIC_FORM: 30,
    ConcernChannel.PHONE: 20,
    ConcernChannel.PAPER: 15,
    ConcernChannel.MEETING: 10,
    ConcernChannel.IN_PERSON: 8,
    ConcernChannel.EMAIL: 4,
}
ORGANISATION_SHARE = 0.2
"""Share of the concerns of the verified organisation's municipalities that it submits."""

OUTSIDE_ANSWERS: dict[AnswerChannel, int] = {
    AnswerChannel.IN_APP: 80,
    AnswerChannel.PHONE: 8,
    AnswerChannel.LETTER: 6,
    AnswerChannel.MEETING: 4,
    AnswerChannel.IN_PERSON: 2,
}
OUTCOME_WEIGHTS: dict[ConcernStatus, int] = {
    S.REFERRED: 24,
    S.ACCEPTED_INTO_PLAN: 8,
    S.RESOLVED: 44,
    S.REJECTED: 12,
    S.DUPLICATE: 6,
}
"""The first answer's status when it is not an acknowledgement."""
RESPONSE_KINDS = (
    MeetingKind.EXTRAORDINARY,
    MeetingKind.PUBLIC_CONSULTATION,
    MeetingKind.COMMUNITY_ACTIVITY,
)
RESPONSE_DAYS = 14
"""R18: a response within this many days of the incident answers it."""


# -- Entry point ---------------------------------------------------------------------------


def add_concerns(
    session: Session,
    councils: dict[str, Council],
    organisations: dict[str, Organisation],
    today: date,
    years: int = 3,
    per_year: int = CONCERNS_PER_YEAR,
) -> None:
    """Give every constituted council without concerns its concerns up to `today`.

    `years` full calendar years before `today`'s year are covered, plus the current one.
    Councils that already have concerns are left alone, so a rerun adds nothing. Reads the
    demo accounts (the secretaries record answers, the verified organisation's user submits)
    and the held meetings that answer serious incidents, each in one statement.
    """
    with_concerns = set(session.scalars(select(Concern.council_id).distinct()))
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
        if council.id in constituted and code in PROFILES
    }
    responses = _responses(session, [council.id for council in towns.values()], today)
    secretaries, submitter = _accounts(session, organisations.get("verified"))
    weights = {code: SIZES.get(code, 1.0) for code in towns}
    total = sum(weights.values())
    for code, council in towns.items():
        if council.id in with_concerns:
            continue
        history = _History(
            code,
            council,
            constituted_on=constituted[council.id],
            anchor=today,
            years=years,
            per_year=per_year * weights[code] / total,
            responses=responses[council.id],
            secretary_id=secretaries.get(council.id),
            submitter=submitter if code in organisations_demo.CSO_MUNICIPALITIES else None,
        )
        history.insert(session, history.build())
    session.flush()


@dataclass(frozen=True)
class _Submitter:
    """The verified organisation's account, which submits some concerns in its name."""

    organisation_id: int
    user_id: int | None
    name: str | None
    email: str | None


def _accounts(
    session: Session, verified: Organisation | None
) -> tuple[dict[int, int], _Submitter | None]:
    """The demo secretaries by council, and the verified organisation's submitting user."""
    secretaries: dict[int, int] = {}
    users = session.execute(
        select(
            User.id, User.role, User.council_id, User.organisation_id, User.full_name, User.email
        )
        .where(User.role.in_([Role.SECRETARY, Role.CSO]))
        .order_by(User.id)
    ).all()
    submitter = None
    for user in users:
        if user.role == Role.SECRETARY:
            secretaries.setdefault(user.council_id, user.id)
        elif verified is not None and user.organisation_id == verified.id and submitter is None:
            submitter = _Submitter(verified.id, user.id, user.full_name, user.email)
    if verified is not None and submitter is None:
        submitter = _Submitter(verified.id, None, None, verified.contact_email)
    return secretaries, submitter


def _responses(
    session: Session, council_ids: Sequence[int], today: date
) -> dict[int, list[tuple[date, MeetingKind]]]:
    """Held extraordinary meetings, consultations and activities by host council, by date."""
    found: dict[int, list[tuple[date, MeetingKind]]] = defaultdict(list)
    rows = session.execute(
        select(MeetingHost.council_id, Meeting.held_on, Meeting.kind)
        .join(Meeting, Meeting.id == MeetingHost.meeting_id)
        .where(
            MeetingHost.council_id.in_(council_ids),
            Meeting.status == MeetingStatus.HELD,
            Meeting.kind.in_(RESPONSE_KINDS),
            Meeting.held_on <= today,
        )
        .order_by(MeetingHost.council_id, Meeting.held_on, Meeting.id)
    )
    for council_id, held_on, kind in rows:
        found[council_id].append((held_on, MeetingKind(kind)))
    return found


# -- One council's concerns ----------------------------------------------------------------


@dataclass
class _Event:
    """A status change about to be written; `by_staff` False: the submitter (a reopening)."""

    status: ConcernStatus
    on: date
    answer: str | None = None
    channel: AnswerChannel | None = None
    reason: str | None = None
    referred_to: ReferralBody | None = None
    referred_to_name: str | None = None
    by_staff: bool = True


@dataclass(eq=False)
class _Draft:
    """A concern about to be written, with its events, notes and the concern it repeats."""

    values: dict[str, object]
    events: list[_Event]
    notes: list[tuple[date, str]] = field(default_factory=list)
    duplicate_of: _Draft | None = None

    @property
    def submitted_on(self) -> date:
        return self.values["submitted_on"]  # type: ignore[return-value]

    @property
    def category(self) -> ConcernCategory:
        return self.values["category"]  # type: ignore[return-value]


def _weighted(rng: random.Random, weights: Mapping[T, int]) -> T:
    """One key of `weights`, drawn with the chance its value gives it."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _History:
    """Builds one council's concerns from its own seeded RNG, relative to the anchor date."""

    def __init__(
        self,
        code: str,
        council: Council,
        *,
        constituted_on: date,
        anchor: date,
        years: int,
        per_year: float,
        responses: list[tuple[date, MeetingKind]],
        secretary_id: int | None,
        submitter: _Submitter | None,
    ) -> None:
        municipality = council.municipality
        self.code = code
        self.council = council
        self.rng = random.Random(f"{SEED}-concerns-{code}")
        self.profile = PROFILES[code]
        self.twist = TWISTS.get(code)
        self.anchor = anchor
        self.start = max(date(anchor.year - years, 1, 1), constituted_on)
        self.per_year = per_year
        self.responses = responses
        self.secretary_id = secretary_id
        self.submitter = submitter
        self.majority = municipality.majority_community
        self.lang = "sr" if self.majority == Community.SERB else "sq"
        self.texts: ConcernTexts = TEXTS[self.lang]
        self.seat = municipality.name_sr if self.lang == "sr" else municipality.name_sq
        self.minorities = councils_demo.MINORITIES.get(code, ())
        self.settlements = SETTLEMENTS[code]
        self.number = 0

    # -- the plan ----------------------------------------------------------------------------

    def build(self) -> list[_Draft]:
        rng, anchor = self.rng, self.anchor
        days = (anchor - self.start).days
        count = round(self.per_year * (days + 1) / 365.25)
        drafts: list[_Draft] = []
        for submitted_on in sorted(
            self.start + timedelta(days=rng.randint(0, days)) for _ in range(count)
        ):
            drafts.append(self._concern(submitted_on, drafts))
        for _ in range(round(count * 0.012)):
            drafts.append(self._spam(self.start + timedelta(days=rng.randint(0, days))))
        drafts.extend(self._incidents())
        drafts.extend(self._twists(drafts))
        return drafts

    def _first_delay(self, submitted_on: date) -> int | None:
        """Days to the first answer; None: never answered."""
        rng = self.rng
        prompt = int(rng.triangular(2, 20, 6))
        if self.profile == Profile.PROMPT:
            return prompt
        if self.profile == Profile.LAPSING:
            roll = rng.random()
            if roll < 0.12:
                return None
            return rng.randint(25, 60) if roll < 0.35 else prompt
        # Late answers only long before the anchor: steady councils are on time today.
        if submitted_on < self.anchor - timedelta(days=90) and rng.random() < 0.12:
            return rng.randint(25, 60)
        return prompt

    # -- one concern ---------------------------------------------------------------------------

    def _concern(self, submitted_on: date, earlier: list[_Draft]) -> _Draft:
        """A concern raised on `submitted_on`, answered as the council's profile answers."""
        rng = self.rng
        draft = self._raised(submitted_on)
        self._answer(draft, self._first_delay(submitted_on), earlier)
        # Staff keep a note on some of the concerns they handled.
        if len(draft.events) > 1 and rng.random() < 0.1:
            note_on = min(submitted_on + timedelta(days=rng.randint(1, 15)), self.anchor)
            draft.notes.append((note_on, rng.choice(self.texts.notes)))
        return draft

    def _raised(self, submitted_on: date) -> _Draft:
        """A new concern with its text, place and submitter, not yet looked at."""
        rng, texts = self.rng, self.texts
        category = _weighted(rng, CATEGORY_WEIGHTS)
        title = rng.choice(texts.titles[category])
        closing = rng.choice(texts.closings)
        description = " ".join(
            part for part in (rng.choice(texts.descriptions[category]), closing) if part
        )
        return self._draft(submitted_on, category, title, description, self._channel())

    def _channel(self) -> ConcernChannel:
        if self.submitter is not None and self.rng.random() < ORGANISATION_SHARE:
            return ConcernChannel.ORGANISATION
        return _weighted(self.rng, CHANNEL_WEIGHTS)

    def _draft(
        self,
        submitted_on: date,
        category: ConcernCategory,
        title: str,
        description: str,
        channel: ConcernChannel,
    ) -> _Draft:
        rng = self.rng
        self.number += 1
        settlement = rng.choice(self.settlements)
        communities = [self.majority.value]
        if category in COMMUNITY_CATEGORIES and self.minorities:
            communities.append(rng.choice(self.minorities))
        elif rng.random() < 0.5:
            communities = []
        latitude = longitude = None
        if rng.random() < 0.35:
            seat_lat, seat_lon = SEATS[self.code]
            latitude = round(seat_lat + rng.uniform(-0.012, 0.012), 5)
            longitude = round(seat_lon + rng.uniform(-0.012, 0.012), 5)
        observed_on = None
        if rng.random() < 0.5:
            observed = submitted_on - timedelta(days=rng.randint(0, 10))
            observed_on = observed if observed >= self.start else None
        sensitivity = default_sensitivity(category)
        if category in (C.DRUGS, C.WEAPONS) and rng.random() < 0.05:
            sensitivity = Sensitivity.RESTRICTED
        values: dict[str, object] = {
            "council_id": self.council.id,
            "reference": "",
            "title": title,
            "description": description,
            "search_text": search_text(title, description),
            "category": category,
            "settlement": settlement,
            "latitude": latitude,
            "longitude": longitude,
            "communities": communities_value(communities),
            "serious_incident": False,
            "incident_on": None,
            "observed_on": observed_on,
            "submitted_on": submitted_on,
            "sensitivity": sensitivity,
            "channel": channel,
            "status": S.SUBMITTED,
            "reviewed_on": None,
            "duplicate_of_id": None,
            "reopened_on": None,
            "deleted_on": None,
            "deleted_reason": None,
            "version_id": 1,
            "created_at": entered_at(submitted_on),
            "updated_at": entered_at(submitted_on),
            **self._who(channel),
        }
        return _Draft(values, [_Event(S.SUBMITTED, submitted_on, by_staff=False)])

    def _who(self, channel: ConcernChannel) -> dict[str, object]:
        """Submitter and contact by channel; public and e-mailed concerns get a tracking link."""
        rng = self.rng
        who: dict[str, object] = {
            "organisation_id": None,
            "submitted_by_id": None,
            "submitter_name": None,
            "submitter_email": None,
            "submitter_phone": None,
            "tracking_token_hash": None,
        }
        if channel == ConcernChannel.ORGANISATION and self.submitter is not None:
            who["organisation_id"] = self.submitter.organisation_id
            who["submitted_by_id"] = self.submitter.user_id
            who["submitter_name"] = self.submitter.name
            who["submitter_email"] = self.submitter.email
            return who
        named = {
            ConcernChannel.PUBLIC_FORM: 0.5,
            ConcernChannel.PHONE: 0.8,
            ConcernChannel.MEETING: 0.6,
        }.get(channel, 0.9)
        name = self._citizen() if rng.random() < named else None
        who["submitter_name"] = name
        phoned = {
            ConcernChannel.PHONE: 0.9,
            ConcernChannel.IN_PERSON: 0.4,
            ConcernChannel.PAPER: 0.4,
        }.get(channel, 0.0)
        if rng.random() < phoned:
            who["submitter_phone"] = (
                f"+383 {rng.choice(('44', '45', '49'))} "
                f"{rng.randint(100, 999)} {rng.randint(100, 999)}"
            )
        emailed = channel == ConcernChannel.EMAIL or (
            channel == ConcernChannel.PUBLIC_FORM and rng.random() < 0.6
        )
        if emailed:
            local = _slug(name) if name else f"banor{rng.randint(100, 999)}"
            who["submitter_email"] = f"{local}.{self.code}{self.number}@{DEMO_DOMAIN}"
        if emailed or channel == ConcernChannel.PUBLIC_FORM:
            # The token itself was shown once to the submitter; only its hash is kept.
            who["tracking_token_hash"] = token_hash(f"demo-{self.code}-{rng.getrandbits(128):x}")
        return who

    def _citizen(self) -> str:
        community = self.majority.value
        men, women, families = (group.split() for group in councils_demo.NAMES[community])
        first = self.rng.choice(women if self.rng.random() < 0.45 else men)
        return f"{first} {self.rng.choice(families)}"

    # -- answers -------------------------------------------------------------------------------

    def _staff(self, draft: _Draft, status: ConcernStatus, on: date, **values: object) -> None:
        """A change recorded by the secretary; an answer gets a channel (mostly in the app)."""
        answer = values.get("answer")
        channel = _weighted(self.rng, OUTSIDE_ANSWERS) if answer else None
        draft.events.append(_Event(status, on, channel=channel, **values))  # type: ignore[arg-type]

    def _answer(self, draft: _Draft, delay: int | None, earlier: list[_Draft]) -> None:
        rng, anchor, texts = self.rng, self.anchor, self.texts
        submitted_on = draft.submitted_on
        room = (anchor - submitted_on).days
        first = None if delay is None else submitted_on + timedelta(days=delay)
        if first is None or first > anchor:
            # Never answered, or not yet: perhaps looked at, without a word to the submitter.
            if rng.random() < 0.45:
                review_on = submitted_on + timedelta(days=rng.randint(0, min(3, room)))
                self._staff(draft, S.UNDER_REVIEW, review_on)
            return
        if rng.random() < 0.35:
            # An acknowledgement is the first answer; the outcome follows.
            self._staff(draft, S.UNDER_REVIEW, first, answer=texts.acknowledgement)
            outcome_on = first + timedelta(days=rng.randint(3, 45))
            if outcome_on > anchor:
                return
        else:
            if rng.random() < 0.5 and delay:
                review_on = submitted_on + timedelta(days=rng.randint(0, min(3, delay - 1)))
                self._staff(draft, S.UNDER_REVIEW, review_on)
            outcome_on = first
        self._outcome(draft, outcome_on, earlier)

    def _outcome(self, draft: _Draft, on: date, earlier: list[_Draft]) -> None:
        rng, texts = self.rng, self.texts
        outcome = _weighted(rng, OUTCOME_WEIGHTS)
        if outcome == S.DUPLICATE:
            original = self._original(draft, earlier)
            if original is None:
                outcome = S.RESOLVED
            else:
                draft.duplicate_of = original
                draft.values["title"] = original.values["title"]
                # The answer names the original's reference, known once references are given.
                self._staff(draft, S.DUPLICATE, on, answer=texts.duplicate)
                return
        if outcome == S.REFERRED:
            body, name = self._referral(draft)
            answer = texts.referred.format(body=name)
            self._staff(
                draft, S.REFERRED, on, answer=answer, referred_to=body, referred_to_name=name
            )
            self._settle(draft, on, texts.after_referral, chance=0.55, within=(10, 120))
        elif outcome == S.ACCEPTED_INTO_PLAN:
            self._staff(draft, S.ACCEPTED_INTO_PLAN, on, answer=texts.planned)
            self._settle(draft, on, rng.choice(texts.resolved_any), chance=0.3, within=(30, 200))
        elif outcome == S.RESOLVED:
            resolved = texts.resolved.get(draft.category, ()) + texts.resolved_any
            self._staff(draft, S.RESOLVED, on, answer=rng.choice(resolved))
        else:
            reason = rng.choice(texts.reject_reasons)
            self._staff(draft, S.REJECTED, on, answer=texts.reject_answer, reason=reason)
        last = draft.events[-1]
        if last.status in (S.RESOLVED, S.REJECTED) and rng.random() < 0.04:
            self._reopen(draft, last.on)

    def _settle(
        self, draft: _Draft, on: date, answer: str, *, chance: float, within: tuple[int, int]
    ) -> None:
        """Referred or planned work done later, if it was by the anchor."""
        done_on = on + timedelta(days=self.rng.randint(*within))
        if self.rng.random() < chance and done_on <= self.anchor:
            self._staff(draft, S.RESOLVED, done_on, answer=answer)

    def _reopen(self, draft: _Draft, closed_on: date) -> None:
        """The submitter reopens once, with a reason; the council looks again."""
        rng, texts = self.rng, self.texts
        reopened_on = closed_on + timedelta(days=rng.randint(3, 25))
        if reopened_on > self.anchor:
            return
        draft.events.append(
            _Event(S.REOPENED, reopened_on, reason=rng.choice(texts.reopen_reasons), by_staff=False)
        )
        draft.values["reopened_on"] = reopened_on
        if rng.random() < 0.7:
            review_on = reopened_on + timedelta(days=rng.randint(1, 4))
            answered_on = review_on + timedelta(days=rng.randint(5, 20))
            if review_on <= self.anchor:
                self._staff(draft, S.UNDER_REVIEW, review_on)
            if answered_on <= self.anchor:
                self._staff(draft, S.RESOLVED, answered_on, answer=texts.after_reopening)

    def _original(self, draft: _Draft, earlier: list[_Draft]) -> _Draft | None:
        """An earlier concern of the same category and council, raised in the last months."""
        since = draft.submitted_on - timedelta(days=120)
        candidates = [
            other
            for other in earlier[-60:]
            if other.category == draft.category
            and since <= other.submitted_on <= draft.submitted_on
            and other.duplicate_of is None
        ]
        return self.rng.choice(candidates) if candidates else None

    def _referral(self, draft: _Draft) -> tuple[ReferralBody, str]:
        rng, texts, category = self.rng, self.texts, draft.category
        police = (ReferralBody.POLICE_STATION, texts.police.format(seat=self.seat))
        if category == C.DOMESTIC_VIOLENCE:
            social = (ReferralBody.OTHER, texts.social_work.format(seat=self.seat))
            return social if rng.random() < 0.6 else police
        if category == C.FIRE_AND_EMERGENCIES:
            return ReferralBody.OTHER, texts.emergencies
        if category in texts.directorates:
            if category == C.ENVIRONMENT_AND_HEALTH and rng.random() < 0.3:
                return ReferralBody.OTHER, texts.inspectorate
            return ReferralBody.MUNICIPAL_DIRECTORATE, texts.directorates[category]
        if category in (C.FREEDOM_OF_MOVEMENT, C.PROPERTY_DISPUTE):
            return ReferralBody.MOCR, texts.mocr
        if category == C.OTHER or rng.random() < 0.2:
            settlement = str(draft.values["settlement"])
            return ReferralBody.LPSC, texts.lpsc.format(settlement=settlement)
        return police

    # -- spam, incidents and the anchor's twists -----------------------------------------------

    def _spam(self, submitted_on: date) -> _Draft:
        """Advertising through the public form, deleted within days on a stated date."""
        texts = self.texts
        draft = self._draft(
            submitted_on,
            C.OTHER,
            self.rng.choice(texts.spam_titles),
            texts.spam_text,
            ConcernChannel.PUBLIC_FORM,
        )
        draft.values["deleted_on"] = min(
            submitted_on + timedelta(days=self.rng.randint(0, 4)), self.anchor
        )
        draft.values["deleted_reason"] = texts.spam_reason
        draft.values["communities"] = ""
        return draft

    def _answered(self, incident_on: date) -> bool:
        """A held extraordinary meeting, consultation or activity within 14 days (R18)."""
        last = incident_on + timedelta(days=RESPONSE_DAYS)
        return any(incident_on <= held_on <= last for held_on, _kind in self.responses)

    def _incidents(self) -> list[_Draft]:
        rng, anchor = self.rng, self.anchor
        drafts = []
        chances = {
            Profile.PROMPT: (0.8, 0.15),
            Profile.STEADY: (0.55, 0.1),
            Profile.SLOW: (0.5, 0.1),
            Profile.LAPSING: (0.3, 0.05),
        }[self.profile]
        for held_on, kind in self.responses:
            chance = chances[0] if kind == MeetingKind.EXTRAORDINARY else chances[1]
            incident_on = held_on - timedelta(days=rng.randint(1, 10))
            if rng.random() < chance and incident_on >= self.start:
                drafts.append(self._incident(incident_on))
        if self.profile == Profile.PROMPT:
            return drafts
        # Incidents nobody responded to: in the last 12 months only where councils lapse.
        rate = {Profile.STEADY: 0.3, Profile.SLOW: 0.4, Profile.LAPSING: 0.8}[self.profile]
        recent = 20 if self.profile == Profile.LAPSING else 380
        latest = anchor - timedelta(days=recent)
        for year in range(self.start.year, anchor.year + 1):
            if rng.random() >= rate:
                continue
            for _attempt in range(10):
                day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                if self.start <= day <= latest and not self._answered(day):
                    drafts.append(self._incident(day))
                    break
        return drafts

    def _incident(self, incident_on: date) -> _Draft:
        """A serious incident the secretary flagged; acknowledged and referred within days."""
        rng, texts, anchor = self.rng, self.texts, self.anchor
        category = rng.choice(SERIOUS_CATEGORIES)
        submitted_on = min(incident_on + timedelta(days=rng.randint(0, 2)), anchor)
        channel = rng.choice(
            (ConcernChannel.PHONE, ConcernChannel.MEETING, ConcernChannel.IN_PERSON)
        )
        description = rng.choice(texts.descriptions[category])
        draft = self._draft(
            submitted_on, category, rng.choice(texts.titles[category]), description, channel
        )
        draft.values["serious_incident"] = True
        draft.values["incident_on"] = incident_on
        draft.values["observed_on"] = incident_on
        acknowledged_on = min(submitted_on + timedelta(days=rng.randint(0, 2)), anchor)
        self._staff(draft, S.UNDER_REVIEW, acknowledged_on, answer=texts.acknowledgement)
        referred_on = acknowledged_on + timedelta(days=rng.randint(2, 7))
        if referred_on <= anchor:
            police = texts.police.format(seat=self.seat)
            self._staff(
                draft,
                S.REFERRED,
                referred_on,
                answer=texts.referred.format(body=police),
                referred_to=ReferralBody.POLICE_STATION,
                referred_to_name=police,
            )
            self._settle(draft, referred_on, texts.after_referral, chance=0.5, within=(20, 90))
        return draft

    def _checkpoints(self) -> list[date]:
        """The anchor, and 31 March, 31 July and 31 December of the last full year: the
        dates whose statuses records.md asks the demo to vary."""
        year = self.anchor.year - 1
        days = (self.anchor, date(year, 3, 31), date(year, 7, 31), date(year, 12, 31))
        return [day for day in days if day - timedelta(days=45) >= self.start]

    def _twists(self, drafts: list[_Draft]) -> list[_Draft]:
        """What the checkpoints' statuses need, whatever the random history gave."""
        rng, anchor = self.rng, self.anchor
        added: list[_Draft | None] = []
        for checkpoint in self._checkpoints():
            if self.profile == Profile.SLOW:
                for _ in range(rng.randint(1, 2) if checkpoint == anchor else 1):
                    added.append(self._waiting(checkpoint, rng.randint(22, 30), drafts))
            if self.twist == Twist.INCIDENT_PENDING:
                added.append(self._pending_incident(checkpoint, answered_later=True))
            elif self.twist == Twist.INCIDENT_IGNORED and checkpoint < anchor:
                added.append(self._pending_incident(checkpoint, answered_later=False))
        if self.profile == Profile.LAPSING:
            added.append(self._waiting(anchor, rng.randint(35, 80), drafts))
        if self.twist == Twist.INCIDENT_IGNORED:
            candidates = [anchor - timedelta(days=days) for days in range(20, 101)]
            rng.shuffle(candidates)
            ignored = next((day for day in candidates if self._ignored(day, anchor)), None)
            added.append(None if ignored is None else self._incident(ignored))
        return [draft for draft in added if draft is not None]

    def _waiting(self, checkpoint: date, days: int, drafts: list[_Draft]) -> _Draft | None:
        """A concern raised `days` before `checkpoint` and still unanswered on it; answered
        within two weeks after it, when that is before the anchor."""
        rng = self.rng
        submitted_on = checkpoint - timedelta(days=days)
        if submitted_on < self.start:
            return None
        draft = self._raised(submitted_on)
        if rng.random() < 0.5:
            review_on = submitted_on + timedelta(days=rng.randint(0, 3))
            self._staff(draft, S.UNDER_REVIEW, review_on)
        answered_on = checkpoint + timedelta(days=rng.randint(1, 12))
        if checkpoint < self.anchor and answered_on <= self.anchor:
            self._outcome(draft, answered_on, drafts)
        return draft

    def _ignored(self, day: date, checkpoint: date) -> bool:
        """No response within 14 days of `day`, nor any from it to `checkpoint`."""
        return self._unanswered_until(day, checkpoint) and not self._answered(day)

    def _unanswered_until(self, day: date, checkpoint: date) -> bool:
        since = any(day <= held_on <= checkpoint for held_on, _kind in self.responses)
        return day >= self.start and not since

    def _pending_incident(self, checkpoint: date, *, answered_later: bool) -> _Draft | None:
        """An incident 8-14 days before `checkpoint` with no response by then (R18 warning).

        `answered_later`: before the anchor, only where a response followed within the 14
        days, so the warning does not turn into a breach at a later checkpoint.
        """
        candidates = [checkpoint - timedelta(days=days) for days in range(8, 15)]
        self.rng.shuffle(candidates)
        day = next(
            (
                day
                for day in candidates
                if self._unanswered_until(day, checkpoint)
                and (checkpoint == self.anchor or not answered_later or self._answered(day))
            ),
            None,
        )
        return None if day is None else self._incident(day)

    # -- rows --------------------------------------------------------------------------------

    def insert(self, session: Session, drafts: list[_Draft]) -> None:
        """Number the concerns per year in submission order and write them in bulk."""
        drafts.sort(key=lambda draft: draft.submitted_on)
        per_year: dict[int, int] = defaultdict(int)
        for draft in drafts:
            year = draft.submitted_on.year
            per_year[year] += 1
            draft.values["reference"] = f"{self.code}-{year}-{per_year[year]:04d}"
            self._finish(draft)
        # Ids read back by reference: RETURNING in parameter order would make SQLite insert
        # one row per statement.
        session.execute(_bulk(insert(Concern)), [draft.values for draft in drafts])
        ids = dict(
            session.execute(
                select(Concern.reference, Concern.id).where(Concern.council_id == self.council.id)
            ).all()
        )
        id_of = {id(draft): ids[draft.values["reference"]] for draft in drafts}
        duplicates = [
            {
                "concern_id": id_of[id(draft)],
                "original_id": id_of[id(draft.duplicate_of)],
                "updated_at": draft.values["updated_at"],
            }
            for draft in drafts
            if draft.duplicate_of is not None
        ]
        if duplicates:
            # Core, not the ORM's bulk update, which would bump the version counter; the
            # stated `updated_at` keeps the column's clock default away.
            table = Concern.__table__
            session.execute(
                update(table)
                .where(table.c.id == bindparam("concern_id"))
                .values(
                    duplicate_of_id=bindparam("original_id"),
                    updated_at=bindparam("updated_at"),
                ),
                duplicates,
            )
        events, notes = [], []
        for draft in drafts:
            concern_id = id_of[id(draft)]
            for event in draft.events:
                original = id_of[id(draft.duplicate_of)] if draft.duplicate_of else None
                events.append(self._event_row(concern_id, draft, event, original))
            for note_on, body in draft.notes:
                notes.append(
                    {
                        "concern_id": concern_id,
                        "body": body,
                        "author_id": self.secretary_id,
                        "created_at": entered_at(note_on, 14),
                    }
                )
        session.execute(_bulk(insert(ConcernEvent)), events)
        if notes:
            session.execute(_bulk(insert(ConcernNote)), notes)
        session.execute(_bulk(insert(ResponseTemplate)), self._templates())

    def _finish(self, draft: _Draft) -> None:
        """Status, review date and last change from the events."""
        values, events = draft.values, draft.events
        values["status"] = events[-1].status
        values["updated_at"] = entered_at(events[-1].on, 11)
        staff_days = [event.on for event in events if event.by_staff]
        if values["channel"] not in (ConcernChannel.PUBLIC_FORM, ConcernChannel.ORGANISATION):
            values["reviewed_on"] = draft.submitted_on  # entered by the secretary
        elif staff_days and values["deleted_on"] is None:
            values["reviewed_on"] = min(staff_days)
        values["search_text"] = search_text(str(values["title"]), str(values["description"]))
        if draft.duplicate_of is not None:
            reference = draft.duplicate_of.values["reference"]
            for event in events:
                if event.status == S.DUPLICATE:
                    event.answer = self.texts.duplicate.format(reference=reference)

    def _event_row(
        self, concern_id: int, draft: _Draft, event: _Event, original: int | None
    ) -> dict[str, object]:
        if event.status == S.SUBMITTED:
            actor = draft.values["submitted_by_id"] or (
                None if draft.values["channel"] == ConcernChannel.PUBLIC_FORM else self.secretary_id
            )
        elif event.by_staff:
            actor = self.secretary_id
        else:
            actor = draft.values["submitted_by_id"]
        # Answers given outside the app are recorded a few days after the stated date.
        entered = event.on
        if event.channel not in (None, AnswerChannel.IN_APP):
            entered = min(event.on + timedelta(days=self.rng.randint(0, 4)), self.anchor)
        return {
            "concern_id": concern_id,
            "status": event.status,
            "changed_on": event.on,
            "answer": event.answer,
            "answer_channel": event.channel,
            "reason": event.reason,
            "referred_to": event.referred_to,
            "referred_to_name": event.referred_to_name,
            "duplicate_of_id": original if event.status == S.DUPLICATE else None,
            "actor_id": actor,
            "created_at": entered_at(entered, 10),
        }

    def _templates(self) -> list[dict[str, object]]:
        """Saved answers in the council's language, and in its largest other community's."""
        languages = [self.lang]
        if self.lang == "sq" and "serb" in self.minorities:
            languages.append("sr")
        if self.lang == "sr" and "albanian" in self.minorities:
            languages.append("sq")
        saved_at = entered_at(min(self.start + timedelta(days=20), self.anchor), 13)
        return [
            {
                "council_id": self.council.id,
                "language": language,
                "title": title,
                "body": body,
                "created_at": saved_at,
                "updated_at": saved_at,
            }
            for language in languages
            for title, body in TEXTS[language].templates
        ]


def _bulk(statement: Insert) -> Insert:
    """One multi-row INSERT per batch: NULLs written as such, not left out.

    By default the ORM omits None values (so column defaults apply), which splits rows with
    different None columns into separate statements, one row at a time at worst.
    """
    return statement.execution_options(render_nulls=True)


def _slug(name: str) -> str:
    table = str.maketrans("ëçËÇšžčćđŠŽČĆĐ ", "ecECszccdSZCCD.")
    return name.translate(table).lower()
