"""Demo meetings: years of council meetings, public consultations and community activities.

Every council constituted before the anchor date (today, or the date tests pass) gets its
history from 1 January three years before the anchor's year (never before its constituting
date) up to about two months after the anchor: held meetings in the past, scheduled ones
ahead. Each council draws from its own `random.Random(f"{SEED}-meetings-<code>")`, so changing
one council's profile never shifts another's history; the co-hosted events of a pair draw from
`f"{SEED}-meetings-<code>-<code>"`. Dates that decide a compliance status are placed relative
to the anchor, so the statuses below hold whatever day the demo is built.

Profiles, by municipality code (12 Zubin Potok and 38 Partesh were never constituted and get
nothing):

- exemplary (01 07 15 22 27 32): monthly on the first Tuesday except August, this year as a
  12-month series; quorate; minutes circulated within a week and approved at the next
  meeting; 2-4 consultations a year reaching non-majority communities, women and youth; an
  extraordinary meeting now and then; community activities.
- steady (02 05 08 13 18 21 24 26 28 33 34 36): monthly with an occasional month skipped or
  cancelled; quorate; minutes within ten days; two consultations a year.
- lapsing (09 11 19 25 35): monthly for a few months, then silent for 3-6 months; minutes
  late or never written, some never approved.
- never consults (06 10 14 20 31): council meetings as steady, never a public consultation.
- consults without reach (03 16 23 30): consultations in the majority's settlement, in one
  language without interpretation, only the majority community, few women, almost no youth.
- inquorate (04 17 29 37): attendance often at or below half, some meetings without an
  attendance register.

Twists, placed relative to the anchor so the current state shows every status:

- 34: the meetings of the last 32 days were cancelled (R06 warning);
- 11: met again lately after a long silence, under 4 meetings in 12 months (R06 breach);
- 18: one inquorate meeting some five months ago (R07 warning);
- 13: the minutes before the last meeting were not approved at it (R08 warning);
- 33: a consultation 17-26 days ago whose record is still a draft (R08 warning);
- 05: one consultation so far this year (R09 warning after 30 June);
- 21: consultations without young participants (R11 warning);
- 25: silent from December to mid-April of last year (R06 breach on 31 March then).
Councils never constituted (12, 38) are "not applicable" for R06-R11.

Co-hosted consultations and youth days (naming the Inter-Municipal Declaration for
inter-community dialogue the organiser signed): 08 with 09, 32 with 36, 22 with 26.

The councils' own demo gives each council only the roster appointed at its latest
re-constitution (months before the anchor). Meetings before it need the members who sat then,
so councils constituted earlier also get the previous mandate's roster here, from before the
history starts until the re-constitution date (`left_on`), with the same naming conventions.
"""

# Names and institutions are spelled as their owners spell them.
# ruff: noqa: RUF001

from __future__ import annotations

import enum
import html
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from safety.consultations.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingGuest,
    MeetingHost,
    MeetingKind,
    MeetingOrganisation,
    MeetingRecord,
    MeetingSeries,
    MeetingStatus,
    ParticipantCommunity,
    Participation,
    ParticipationCommunity,
    RecordDecision,
    RecordStatus,
)
from safety.councils import demo as councils_demo
from safety.councils.models import Community, Council, CouncilDecision, Gender, Member, MemberRole
from safety.dates import format_date
from safety.demo_common import DEMO_DOMAIN, SEED, entered_at
from safety.organisations import demo as organisations_demo
from safety.organisations.models import Organisation


class Profile(enum.StrEnum):
    EXEMPLARY = "exemplary"
    STEADY = "steady"
    LAPSING = "lapsing"
    NEVER_CONSULTS = "never_consults"
    NO_REACH = "no_reach"
    INQUORATE = "inquorate"


class Twist(enum.StrEnum):
    RECENT_GAP = "recent_gap"
    RESUMED = "resumed"
    ONE_INQUORATE = "one_inquorate"
    APPROVAL_MISSED = "approval_missed"
    LATE_RECORD = "late_record"
    ONE_CONSULTATION = "one_consultation"
    FEW_YOUTH = "few_youth"
    WINTER_SILENCE = "winter_silence"


_BY_PROFILE = {
    Profile.EXEMPLARY: "01 07 15 22 27 32",
    Profile.STEADY: "02 05 08 13 18 21 24 26 28 33 34 36",
    Profile.LAPSING: "09 11 19 25 35",
    Profile.NEVER_CONSULTS: "06 10 14 20 31",
    Profile.NO_REACH: "03 16 23 30",
    Profile.INQUORATE: "04 17 29 37",
}
PROFILES: dict[str, Profile] = {
    code: profile for profile, codes in _BY_PROFILE.items() for code in codes.split()
}
TWISTS: dict[str, Twist] = {
    "34": Twist.RECENT_GAP,
    "11": Twist.RESUMED,
    "18": Twist.ONE_INQUORATE,
    "13": Twist.APPROVAL_MISSED,
    "33": Twist.LATE_RECORD,
    "05": Twist.ONE_CONSULTATION,
    "21": Twist.FEW_YOUTH,
    "25": Twist.WINTER_SILENCE,
}
# (organiser, co-host): neighbours that hold consultations and youth days together.
CO_HOSTS: tuple[tuple[str, str], ...] = (("08", "09"), ("32", "36"), ("22", "26"))

# Settlements where a non-majority community of the municipality is the majority:
# code -> (Albanian name, Serbian name, community).
NON_MAJORITY_SETTLEMENTS: dict[str, tuple[str, str, Community]] = {
    "04": ("Plemetin", "Plemetina", Community.SERB),
    "08": ("Mahalla e Romëve", "Romska mahala", Community.ROMA),
    "10": ("Koshtovë", "Košutovo", Community.ALBANIAN),
    "11": ("Boletin", "Boljetin", Community.ALBANIAN),
    "13": ("Priluzhë", "Prilužje", Community.SERB),
    "15": ("Gorazhdec", "Goraždevac", Community.SERB),
    "16": ("Osojan", "Osojane", Community.SERB),
    "18": ("Brekoc", "Brekovac", Community.EGYPTIAN),
    "21": ("Hoçë e Madhe", "Velika Hoča", Community.SERB),
    "22": ("Sredskë", "Sredska", Community.BOSNIAK),
    "23": ("Brod", "Brod", Community.GORANI),
    "30": ("Firajë", "Firaja", Community.ALBANIAN),
    "32": ("Shillovë", "Šilovo", Community.SERB),
}

LANGUAGE_OF: dict[str, str] = {
    "albanian": "sq",
    "serb": "sr",
    "bosniak": "bs",
    "gorani": "bs",
    "turkish": "tr",
    "roma": "rom",
    "montenegrin": "sr",
}

# -- Texts, in Albanian for Albanian- (and Turkish-) majority councils, Serbian otherwise ----

MONTHS = {
    "sq": ("janar shkurt mars prill maj qershor korrik gusht shtator tetor nëntor dhjetor"),
    "sr": ("januar februar mart april maj jun jul avgust septembar oktobar novembar decembar"),
}


@dataclass(frozen=True)
class _Texts:
    regular_title: str
    extraordinary_title: str
    consultation_title: str
    approve_minutes: str
    police_report: str
    new_members: str
    any_other: str
    topics: tuple[str, ...]
    incidents: tuple[str, ...]
    consultation_topics: tuple[str, ...]
    consultation_agenda: tuple[str, str, str]
    activities: tuple[tuple[str, str, str], ...]  # (title, place, agenda item)
    council_place: str
    council_address: str
    consultation_places: tuple[str, ...]
    school: str
    postpone_reasons: tuple[str, ...]
    cancel_reasons: tuple[str, ...]
    summer_break: str
    police_findings: tuple[str, ...]
    decisions: tuple[str, ...]
    conclusions: tuple[str, ...]
    opened: str
    quorate: str
    inquorate: str
    no_register: str
    police_said: str
    discussed: str
    extraordinary_called: str
    consultation_held: str
    citizens_raised: str
    activity_held: str
    guests: tuple[str, ...]
    declaration: str


TEXTS: dict[str, _Texts] = {
    "sq": _Texts(
        regular_title="Mbledhja e rregullt e KKSB-së – {month} {year}",
        extraordinary_title="Mbledhje e jashtëzakonshme e KKSB-së: {topic}",
        consultation_title="Konsultim publik: {topic}",
        approve_minutes="Miratimi i procesverbalit të mbledhjes së kaluar",
        police_report="Raporti i komandantit të stacionit policor për situatën e sigurisë",
        new_members="Prezantimi i anëtarëve të KKSB-së sipas vendimit të ri të Kuvendit Komunal",
        any_other="Të ndryshme",
        topics=(
            "Siguria në rrugë pranë shkollave",
            "Ndriçimi publik në lagjet periferike",
            "Qentë endacakë: masat e Drejtorisë së Shërbimeve Publike",
            "Parandalimi i dhunës në familje",
            "Përgatitjet për dimrin dhe për emergjencat",
            "Siguria gjatë festave të fundvitit",
            "Hartimi i planit të veprimit për vitin e ardhshëm",
            "Parandalimi i përdorimit të narkotikëve te të rinjtë",
            "Kthimi dhe liria e lëvizjes së komuniteteve joshumicë",
            "Raportet e KLSP-ve për lagjet dhe fshatrat",
            "Vendgrumbullimet ilegale të mbeturinave",
            "Të shtënat me armë zjarri në ahengje",
            "Trafiku gjatë verës dhe kthimi i mërgatës",
        ),
        incidents=(
            "aksidenti i rëndë në rrugën rajonale",
            "vjedhjet e shpeshta në lagjet e banuara",
            "tensionet pas incidentit ndëretnik",
            "vërshimet dhe gatishmëria e shërbimeve emergjente",
            "dëmtimi i një objekti fetar",
        ),
        consultation_topics=(
            "Siguria në rrugë pranë shkollave",
            "Projektplani i veprimit për siguri në bashkësi",
            "Ndriçimi publik dhe siguria në lagje",
            "Siguria e grave dhe e vajzave në hapësirat publike",
            "Liria e lëvizjes dhe siguria e komuniteteve",
            "Parandalimi i dhunës te të rinjtë",
            "Qentë endacakë dhe shëndeti publik",
        ),
        consultation_agenda=(
            "Hapja dhe prezantimi i temës",
            "Pyetje dhe komente nga qytetarët",
            "Përfundimet",
        ),
        activities=(
            (
                "Dita sportive e të rinjve të të gjitha komuniteteve",
                "Palestra sportive",
                "Turne në futboll të vogël me ekipe të përziera",
            ),
            (
                "Fushatë vetëdijesimi kundër armëve ilegale",
                "Sheshi qendror",
                "Shpërndarja e fletushkave dhe biseda me qytetarët",
            ),
            (
                "Dita e sigurisë në shkolla",
                "Shkolla fillore",
                "Ligjërata e policisë për sigurinë në trafik",
            ),
        ),
        council_place="Salla e mbledhjeve e Komunës",
        council_address="Ndërtesa e Komunës, kati I",
        consultation_places=(
            "Salla e Kuvendit Komunal",
            "Shtëpia e Kulturës",
            "Qendra Rinore",
        ),
        school="Shkolla fillore",
        postpone_reasons=(
            "Kryetari i Komunës ishte në udhëtim zyrtar.",
            "Bora i kishte bllokuar rrugët drejt qendrës.",
            "Në të njëjtën ditë u mbajt seanca e Kuvendit Komunal.",
            "Komandanti i stacionit policor u thirr në Drejtorinë Rajonale.",
        ),
        cancel_reasons=(
            "Shumica e anëtarëve njoftuan se nuk do të vinin; nuk do të kishte kuorum.",
            "Ditë feste zyrtare.",
            "Fushata për zgjedhjet lokale.",
            "Salla e mbledhjeve ishte në renovim.",
        ),
        summer_break="Pushimi veror i këshillit.",
        police_findings=(
            "vjedhjet në banesa kanë rënë, ndërsa aksidentet në trafik janë rritur",
            "policia trajtoi disa raste të dhunës në familje",
            "situata ishte e qetë, pa incidente me motiv ndëretnik",
            "janë shtuar rastet e shpejtësisë së tepërt pranë shkollave",
            "u konfiskuan disa armë pa leje pas kontrolleve në terren",
        ),
        decisions=(
            "KKSB-ja i rekomandon Drejtorisë së Shërbimeve Publike vendosjen e shenjave të "
            "trafikut pranë shkollave.",
            "Stacioni Policor shton patrullimet në orët e mbrëmjes në lagjet me ndriçim të dobët.",
            "Koordinatori përgatit ftesën për konsultimin publik të radhës.",
            "Formohet grup punues për projektplanin e veprimit.",
            "KKSB-ja kërkon nga Drejtoria e Arsimit një takim me drejtorët e shkollave.",
            "Zyra Komunale për Komunitete dhe Kthim raporton në mbledhjen e ardhshme.",
        ),
        conclusions=(
            "Kërkesat e qytetarëve u dërgohen drejtorive përgjegjëse brenda 15 ditësh.",
            "KKSB-ja boton përgjigjet në faqen e Komunës.",
            "Pika të reja të ndriçimit publik propozohen për buxhetin e vitit të ardhshëm.",
            "Patrullimet pranë shkollave shtohen në fillim të vitit shkollor.",
        ),
        opened="Mbledhjen e hapi kryesuesi.",
        quorate="Të pranishëm ishin {present} nga {active} anëtarë; mbledhja kishte kuorum.",
        inquorate=(
            "Të pranishëm ishin {present} nga {active} anëtarë; mbledhja nuk kishte kuorum, "
            "prandaj përfundimet do t'i konfirmojë mbledhja e ardhshme."
        ),
        no_register="Lista e pjesëmarrjes nuk u plotësua.",
        police_said="Komandanti i stacionit policor raportoi se {finding}.",
        discussed="U diskutua: {topic}.",
        extraordinary_called="Mbledhja u thirr pas ngjarjes: {topic}.",
        # A place name cannot take the case "në" asks for, so the record names it as a label.
        consultation_held="Vendi i konsultimit: {place}, {settlement}. Pjesëmarrës: {total}.",
        citizens_raised="Qytetarët ngritën shqetësime për temën: {topic}.",
        activity_held="Vendi i aktivitetit: {place}, {settlement}. Pjesëmarrës: {total}.",
        guests=(
            "Kryetari i KLSP-së, {settlement}",
            "Drejtori i shkollës së mesme",
            "Zyrtar i Misionit të OSBE-së në Kosovë",
            "Përfaqësues i Zyrës Komunale për Komunitete dhe Kthim",
        ),
        declaration="Deklarata ndërkomunale për dialog ndërkomunitar",
    ),
    "sr": _Texts(
        regular_title="Redovni sastanak OSBZ-a – {month} {year}",
        extraordinary_title="Vanredni sastanak OSBZ-a: {topic}",
        consultation_title="Javna konsultacija: {topic}",
        approve_minutes="Usvajanje zapisnika sa prethodnog sastanka",
        police_report="Izveštaj komandira policijske stanice o bezbednosnoj situaciji",
        new_members="Predstavljanje članova OSBZ-a prema novoj odluci Skupštine opštine",
        any_other="Razno",
        topics=(
            "Bezbednost saobraćaja u blizini škola",
            "Javna rasveta u prigradskim naseljima",
            "Psi lutalice: mere Direkcije za javne službe",
            "Prevencija nasilja u porodici",
            "Priprema za zimu i vanredne situacije",
            "Bezbednost tokom praznika na kraju godine",
            "Izrada akcionog plana za narednu godinu",
            "Prevencija upotrebe narkotika među mladima",
            "Povratak i sloboda kretanja nevećinskih zajednica",
            "Izveštaji LKJB o stanju u naseljima",
            "Divlje deponije",
            "Pucanje iz vatrenog oružja na proslavama",
            "Saobraćaj tokom leta i dolazak dijaspore",
        ),
        incidents=(
            "teška saobraćajna nesreća na regionalnom putu",
            "učestale krađe u stambenim naseljima",
            "tenzije posle međuetničkog incidenta",
            "poplave i spremnost hitnih službi",
            "oštećenje verskog objekta",
        ),
        consultation_topics=(
            "Bezbednost saobraćaja u blizini škola",
            "Nacrt akcionog plana za bezbednost u zajednici",
            "Javna rasveta i bezbednost u naseljima",
            "Bezbednost žena i devojčica na javnim mestima",
            "Sloboda kretanja i bezbednost zajednica",
            "Prevencija nasilja među mladima",
            "Psi lutalice i javno zdravlje",
        ),
        consultation_agenda=(
            "Otvaranje i predstavljanje teme",
            "Pitanja i komentari građana",
            "Zaključci",
        ),
        activities=(
            (
                "Sportski dan mladih svih zajednica",
                "Sportska hala",
                "Turnir u malom fudbalu sa mešovitim ekipama",
            ),
            (
                "Kampanja podizanja svesti protiv ilegalnog oružja",
                "Gradski trg",
                "Podela letaka i razgovor sa građanima",
            ),
            (
                "Dan bezbednosti u školama",
                "Osnovna škola",
                "Predavanje policije o bezbednosti u saobraćaju",
            ),
        ),
        council_place="Sala za sastanke opštine",
        council_address="Zgrada opštine, I sprat",
        consultation_places=(
            "Sala Skupštine opštine",
            "Dom kulture",
            "Omladinski centar",
        ),
        school="Osnovna škola",
        postpone_reasons=(
            "Predsednik opštine je bio na službenom putu.",
            "Sneg je blokirao puteve do centra.",
            "Istog dana je održana sednica Skupštine opštine.",
            "Komandir policijske stanice je pozvan u Regionalnu direkciju.",
        ),
        cancel_reasons=(
            "Većina članova je javila da neće doći; ne bi bilo kvoruma.",
            "Državni praznik.",
            "Kampanja za lokalne izbore.",
            "Sala za sastanke je bila u renoviranju.",
        ),
        summer_break="Letnja pauza saveta.",
        police_findings=(
            "su krađe u stanovima smanjene, a saobraćajne nesreće povećane",
            "je policija postupala u nekoliko slučajeva nasilja u porodici",
            "je situacija bila mirna, bez incidenata sa međuetničkim motivom",
            "je više slučajeva prekoračenja brzine u blizini škola",
            "je posle kontrola na terenu oduzeto nekoliko komada nelegalnog oružja",
        ),
        decisions=(
            "OSBZ preporučuje Direkciji za javne službe postavljanje saobraćajnih znakova kod "
            "škola.",
            "Policijska stanica pojačava večernje patrole u naseljima sa slabom rasvetom.",
            "Koordinator priprema poziv za sledeću javnu konsultaciju.",
            "Formira se radna grupa za nacrt akcionog plana.",
            "OSBZ traži od Direkcije za obrazovanje sastanak sa direktorima škola.",
            "Opštinska kancelarija za zajednice i povratak izveštava na sledećem sastanku.",
        ),
        conclusions=(
            "Zahtevi građana se u roku od 15 dana prosleđuju nadležnim direkcijama.",
            "OSBZ objavljuje odgovore na sajtu opštine.",
            "Nova mesta javne rasvete predlažu se za budžet sledeće godine.",
            "Patrole kod škola pojačavaju se na početku školske godine.",
        ),
        opened="Sastanak je otvorio predsedavajući.",
        quorate="Prisutno je bilo {present} od {active} članova; sastanak je imao kvorum.",
        inquorate=(
            "Prisutno je bilo {present} od {active} članova; sastanak nije imao kvorum, pa će "
            "zaključke potvrditi sledeći sastanak."
        ),
        no_register="Evidencija prisustva nije popunjena.",
        police_said="Komandir policijske stanice je izvestio da {finding}.",
        discussed="Razmatrano je: {topic}.",
        extraordinary_called="Sastanak je sazvan posle događaja: {topic}.",
        consultation_held="Mesto konsultacije: {place}, {settlement}. Učesnika: {total}.",
        citizens_raised="Građani su izneli probleme na temu: {topic}.",
        activity_held="Mesto aktivnosti: {place}, {settlement}. Učesnika: {total}.",
        guests=(
            "Predsednik LKJB, {settlement}",
            "Direktor srednje škole",
            "Službenik Misije OEBS-a na Kosovu",
            "Predstavnik Opštinske kancelarije za zajednice i povratak",
        ),
        declaration="Međuopštinska deklaracija o međuzajedničkom dijalogu",
    ),
}

# -- Small value types ---------------------------------------------------------------------

# (weekday, week of the month) habits of councils other than the exemplary ones; week 5 is
# the last of the month.
_PATTERNS = ((1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (1, 3), (3, 3), (3, 5))
_COUNCIL_HOURS = (time(9, 30), time(10), time(10), time(11), time(12))


class _Quorum(enum.Enum):
    QUORATE = "quorate"
    INQUORATE = "inquorate"
    UNRECORDED = "unrecorded"


@dataclass
class _Plan:
    """What every meeting plan has: the dates and status its history events tell."""

    planned_on: date
    status: MeetingStatus
    on: date  # the final date: held on, or scheduled for
    reason: str | None = None  # why it was cancelled or postponed
    postponed_on: date | None = None  # the day the postponement was decided


@dataclass
class _CouncilPlan(_Plan):
    """One council meeting as planned, before it becomes rows."""

    kind: MeetingKind = MeetingKind.REGULAR
    in_series: bool = False
    topic: str = ""
    quorum: _Quorum = _Quorum.QUORATE
    minutes_delay: int | None = 3  # days until circulated; None: minutes never leave draft
    approve: bool = True
    approve_after: int = 0  # later meetings that forgot to approve the minutes
    present: int = 0
    active: int = 0


@dataclass
class _Crowd:
    """Participants of a consultation or activity; every breakdown adds up to `total`."""

    total: int
    communities: dict[ParticipantCommunity, int]
    women: int
    gender_undisclosed: int
    under_30: int
    age_undisclosed: int


@dataclass
class _PublicPlan(_Plan):
    """A consultation or community activity as planned."""

    kind: MeetingKind = MeetingKind.PUBLIC_CONSULTATION
    title: str = ""
    place: str = ""
    settlement: str = ""
    settlement_community: Community = Community.ALBANIAN
    languages: str = ""
    interpretation: bool = False
    crowd: _Crowd | None = None
    agenda: tuple[str, ...] = ()
    record_delay: int | None = None  # None: the record stays a draft (an activity has none)
    record_body: tuple[str, ...] = ()
    conclusions: tuple[str, ...] = ()
    co_hosts: tuple[int, ...] = ()
    declaration: str | None = None
    organisations: list[str | Organisation] = field(default_factory=list)
    online_url: str | None = None
    starts_at: time = time(17)


@dataclass
class _Town:
    """What a council's history needs to know about its municipality."""

    code: str
    council: Council
    lang: str
    texts: _Texts
    seat: str
    majority: Community
    minorities: tuple[str, ...]
    constituted_on: date
    reconstituted_on: date
    declaration_on: date | None

    @property
    def language(self) -> str:
        return LANGUAGE_OF[self.majority.value]


# -- Entry point ---------------------------------------------------------------------------


def add_meetings(
    session: Session,
    councils: dict[str, Council],
    organisations: dict[str, Organisation],
    today: date,
    years: int = 3,
) -> None:
    """Give every constituted council without meetings its history up to ~2 months after `today`.

    `years` full calendar years before `today`'s year are covered, plus the current one.
    Councils that already have meetings are left alone, so a rerun adds nothing.
    """
    with_meetings = set(session.scalars(select(Meeting.council_id).distinct()))
    decided: dict[int, list[date]] = defaultdict(list)
    for council_id, decided_on in session.execute(
        select(CouncilDecision.council_id, CouncilDecision.decided_on)
    ):
        decided[council_id].append(decided_on)
    members: dict[int, list[Member]] = defaultdict(list)
    for member in session.scalars(select(Member).order_by(Member.id)):
        members[member.council_id].append(member)
    towns = {
        code: _town(code, council, decided[council.id])
        for code, council in sorted(councils.items())
        if decided[council.id]
    }
    verified = organisations.get("verified")
    for code, town in towns.items():
        if town.council.id in with_meetings:
            continue
        history = _History(town, members[town.council.id], today, years, verified)
        previous = history.previous_mandate()
        session.add_all(previous)
        session.flush()  # attendance rows name members by id
        history.members = [*previous, *history.members]
        batch = history.build()
        for organiser, partner in CO_HOSTS:
            if organiser == code and partner in towns:
                history.co_hosted(towns[partner])
        batch.insert(session)


def _town(code: str, council: Council, decided: list[date]) -> _Town:
    municipality = council.municipality
    majority = municipality.majority_community
    lang = "sr" if majority == Community.SERB else "sq"
    return _Town(
        code=code,
        council=council,
        lang=lang,
        texts=TEXTS[lang],
        seat=municipality.name_sr if lang == "sr" else municipality.name_sq,
        majority=majority,
        minorities=councils_demo.MINORITIES.get(code, ()),
        constituted_on=min(decided),
        reconstituted_on=max(decided),
        declaration_on=municipality.declaration_signed_on,
    )


# -- Calendar and text helpers -------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    """The `week`-th `weekday` (Monday = 0) of a month; week 5 is the last one."""
    if week == 5:
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    month = _add_months(start, 0)
    while month <= end:
        yield month.year, month.month
        month = _add_months(month, 1)


def _html(paragraphs: Sequence[str]) -> str:
    """Minutes as the records editor stores them: escaped text in paragraphs."""
    return "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)


def _split(total: int, weights: Sequence[tuple[ParticipantCommunity, float]]) -> dict:
    """`total` split by `weights` with largest remainders, so the parts add up exactly."""
    weight_sum = sum(weight for _, weight in weights)
    exact = [(community, total * weight / weight_sum) for community, weight in weights]
    parts = {community: int(share) for community, share in exact}
    by_remainder = sorted(exact, key=lambda item: item[1] - int(item[1]), reverse=True)
    for community, _ in by_remainder[: total - sum(parts.values())]:
        parts[community] += 1
    return {community: count for community, count in parts.items() if count}


def _crowd(
    rng: random.Random,
    total: int,
    weights: Sequence[tuple[ParticipantCommunity, float]],
    women_share: float,
    youth_share: float,
) -> _Crowd:
    """Participants by community, gender and age group, each adding up to `total`."""
    undisclosed = rng.randint(0, 2) if total > 15 else 0
    communities = _split(total - undisclosed, weights)
    if undisclosed:
        communities[ParticipantCommunity.UNDISCLOSED] = undisclosed
    gender_undisclosed = rng.randint(0, 2) if total > 20 else 0
    women = min(round(total * women_share), total - gender_undisclosed)
    age_undisclosed = rng.randint(0, 3) if total > 20 else 0
    under_30 = min(round(total * youth_share), total - age_undisclosed)
    return _Crowd(total, communities, women, gender_undisclosed, under_30, age_undisclosed)


# -- Rows ----------------------------------------------------------------------------------


class _Batch:
    """One council's rows as dicts, linked by list position until the database gives ids.

    ORM-enabled bulk INSERTs (ten times faster than adding objects) keep `make run` and the
    tests that build the demo quick; the price is that these rows get no audit events.
    """

    def __init__(self) -> None:
        self.series: dict[str, object] | None = None
        self.meetings: list[dict[str, object]] = []
        self.details: defaultdict[type, list[dict[str, object]]] = defaultdict(list)
        self.records: list[dict[str, object]] = []
        self.decisions: list[dict[str, object]] = []

    def meeting(self, **values: object) -> int:
        self.meetings.append(values)
        return len(self.meetings) - 1

    def detail(self, model: type, meeting: int, **values: object) -> None:
        self.details[model].append({"meeting_id": meeting, **values})

    def record(self, meeting: int, approver: int | None, **values: object) -> int:
        self.records.append({"meeting_id": meeting, "approved_at_meeting_id": approver, **values})
        return len(self.records) - 1

    def decision(self, record: int, position: int, text: str) -> None:
        self.decisions.append({"record_id": record, "position": position, "text": text})

    def insert(self, session: Session) -> None:
        series_id = None
        if self.series is not None:
            series_id = session.execute(
                insert(MeetingSeries).returning(MeetingSeries.id), [self.series]
            ).scalar_one()
        for meeting in self.meetings:
            meeting["series_id"] = series_id if meeting.pop("in_series") else None
        meeting_ids = _insert_returning(session, Meeting, self.meetings)
        for model, rows in self.details.items():
            for row in rows:
                row["meeting_id"] = meeting_ids[row["meeting_id"]]  # type: ignore[index]
            session.execute(insert(model), rows)
        for row in self.records:
            row["meeting_id"] = meeting_ids[row["meeting_id"]]  # type: ignore[index]
            approver = row["approved_at_meeting_id"]
            row["approved_at_meeting_id"] = None if approver is None else meeting_ids[approver]  # type: ignore[index]
        record_ids = _insert_returning(session, MeetingRecord, self.records)
        for row in self.decisions:
            row["record_id"] = record_ids[row["record_id"]]  # type: ignore[index]
        if self.decisions:
            session.execute(insert(RecordDecision), self.decisions)


def _insert_returning(session: Session, model: type, rows: list[dict[str, object]]) -> list[int]:
    """Insert `rows` in one statement per batch; their new ids, in the rows' order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
    return list(session.scalars(statement, rows))


# -- One council's history -----------------------------------------------------------------


class _History:
    """Builds one council's meetings from its own seeded RNG, relative to the anchor date."""

    def __init__(
        self,
        town: _Town,
        members: list[Member],
        anchor: date,
        years: int,
        verified: Organisation | None,
    ) -> None:
        self.town = town
        self.texts = town.texts
        self.code = town.code
        self.rng = random.Random(f"{SEED}-meetings-{town.code}")
        self.profile = PROFILES[town.code]
        self.twist = TWISTS.get(town.code)
        self.anchor = anchor
        self.start = max(date(anchor.year - years, 1, 1), town.constituted_on)
        self.horizon = anchor + timedelta(days=62)
        self.members = members
        self.verified = verified
        exemplary = self.profile == Profile.EXEMPLARY
        # Exemplary councils keep the first Tuesday; the others have habits of their own.
        self.pattern = (1, 1) if exemplary else self.rng.choice(_PATTERNS)
        self.starts_at = time(10) if exemplary else self.rng.choice(_COUNCIL_HOURS)
        self.gaps = self._gaps()

    # -- the previous mandate ------------------------------------------------------------

    def previous_mandate(self) -> list[Member]:
        """The roster that sat before the latest re-constitution (none if there was none)."""
        town = self.town
        if town.reconstituted_on <= town.constituted_on:
            return []
        rng = random.Random(f"{SEED}-meetings-{self.code}-mandate")
        appointed_on = max(
            town.constituted_on,
            date(self.start.year - 1, 1, 1) + timedelta(days=rng.randint(20, 150)),
        )
        left_on = town.reconstituted_on
        term_ends_on = max(appointed_on + timedelta(days=4 * 365), left_on)
        taken = {member.full_name for member in self.members}
        decision = f"{self.code}-016/{appointed_on.year}-{rng.randint(20, 200)}"
        serb = town.lang == "sr"
        majority = town.majority.value
        rows: list[Member] = []

        def add(
            role: MemberRole,
            institution: str,
            community: str = majority,
            gender: Gender | None = None,
            youth: bool = False,
        ) -> None:
            name, gender = _person(rng, taken, community, gender)
            age = rng.randint(20, 26) if youth else rng.randint(31, 62)
            rows.append(
                Member(
                    council_id=town.council.id,
                    full_name=name,
                    role=role,
                    institution=institution,
                    community=Community(community),
                    gender=gender,
                    birth_year=appointed_on.year - age,
                    appointed_on=appointed_on,
                    term_ends_on=term_ends_on,
                    left_on=left_on,
                    appointing_decision=decision,
                    is_publicly_named=rng.random() > 0.1,
                )
            )

        chair = "Predsednik opštine" if serb else "Kryetari i Komunës"
        add(MemberRole.CHAIR, f"{chair} {town.seat}", gender=Gender.MALE)
        if town.minorities:
            deputy = (
                "Zamenik predsednika opštine za zajednice"
                if serb
                else "Nënkryetari i Komunës për Komunitete"
            )
            add(MemberRole.DEPUTY_CHAIR, f"{deputy} {town.seat}", town.minorities[0])
        station = "Policijska stanica" if serb else "Stacioni Policor"
        add(MemberRole.POLICE_COMMANDER, f"{station} {town.seat}", gender=Gender.MALE)
        directorates = councils_demo.SR_DIRECTORATES if serb else councils_demo.SQ_DIRECTORATES
        for directorate in rng.sample(directorates, rng.randint(2, 3)):
            add(MemberRole.MUNICIPAL_OFFICIAL, directorate)
        religious = (
            "Srpska pravoslavna crkva – Eparhija raško-prizrenska"
            if serb
            else "Bashkësia Islame e Kosovës – Këshilli i Bashkësisë Islame "
            + town.council.municipality.name_sq
        )
        add(MemberRole.RELIGIOUS_COMMUNITY, religious, gender=Gender.MALE)
        civil = councils_demo.SR_CIVIL_SOCIETY if serb else councils_demo.SQ_CIVIL_SOCIETY
        womens = next(name for name in civil if name in councils_demo.WOMENS)
        add(MemberRole.CIVIL_SOCIETY, civil[0], youth=True)
        add(MemberRole.CIVIL_SOCIETY, womens, gender=Gender.FEMALE)
        if town.minorities:
            committee = (
                "Opštinski komitet za zajednice" if serb else "Komiteti Komunal për Komunitete"
            )
            add(MemberRole.COMMUNITY_REPRESENTATIVE, committee, town.minorities[0])
        others = councils_demo.SR_OTHER if serb else councils_demo.SQ_OTHER
        while len(rows) < 10:
            add(MemberRole.OTHER, rng.choice(others))
        return rows

    # -- council meetings: the plan ------------------------------------------------------

    def _gaps(self) -> list[tuple[date, date]]:
        """Silent spells [from, to) of a lapsing council, laid out backwards from the anchor."""
        if self.profile != Profile.LAPSING:
            return []
        rng = self.rng
        if self.twist == Twist.RESUMED:
            # Met again in the last weeks after half a year of silence, twice before that.
            end = self.anchor - timedelta(days=40)
            length, active = rng.randint(150, 200), 70
        else:
            # Silent since 95-170 days before the anchor, and nothing planned.
            end = self.horizon + timedelta(days=1)
            length = (end - self.anchor).days + rng.randint(95, 170)
            active = rng.randint(4, 9) * 30
        gaps = []
        while end > self.start:
            gaps.append((end - timedelta(days=length), end))
            end -= timedelta(days=length + active)
            length, active = rng.randint(90, 180), rng.randint(4, 9) * 30
        if self.twist == Twist.WINTER_SILENCE:
            year = self.anchor.year - 1
            gaps.append((date(year - 1, 12, 20), date(year, 4, 15)))
        return gaps

    def _silent(self, day: date) -> bool:
        return any(begin <= day < end for begin, end in self.gaps)

    def _series(self) -> dict[str, object] | None:
        """Exemplary and two steady councils planned this year's meetings as a series."""
        if self.profile != Profile.EXEMPLARY and self.code not in ("02", "24"):
            return None
        first = _add_months(self.anchor, -9)
        if first < self.start:
            return None
        weekday, week = self.pattern
        return {
            "council_id": self.town.council.id,
            "kind": MeetingKind.REGULAR,
            "weekday": weekday,
            "week_of_month": week,
            "first_month_on": first,
            "months": 12,
            "created_at": entered_at(first - timedelta(days=self.rng.randint(5, 20))),
        }

    def _council_plans(self, series: dict[str, object] | None) -> list[_CouncilPlan]:
        rng, anchor, texts = self.rng, self.anchor, self.texts
        in_series = (
            {
                (month.year, month.month)
                for month in (
                    _add_months(series["first_month_on"], offset)  # type: ignore[arg-type]
                    for offset in range(12)
                )
            }
            if series
            else set()
        )
        plans: list[_CouncilPlan] = []
        for year, month in _months(self.start, self.horizon):
            planned = _nth_weekday(year, month, *self.pattern)
            if not self.start <= planned <= self.horizon:
                continue
            plan = _CouncilPlan(
                planned,
                MeetingStatus.HELD,
                planned,
                in_series=(year, month) in in_series,
                topic=rng.choice(texts.topics),
            )
            roll = rng.random()
            summer = month == 8 and self.profile == Profile.EXEMPLARY
            if self._silent(planned) or summer:
                if not plan.in_series or planned >= anchor:
                    continue
                # The series had scheduled it; the council called it off.
                plan.status = MeetingStatus.CANCELLED
                plan.reason = texts.summer_break if summer else texts.cancel_reasons[0]
            elif planned >= anchor:
                plan.status = MeetingStatus.SCHEDULED
                if roll < 0.1:
                    self._postpone(plan)
            elif self.twist == Twist.RECENT_GAP and planned >= anchor - timedelta(days=32):
                plan.status = MeetingStatus.CANCELLED
                plan.reason = rng.choice(texts.cancel_reasons)
            elif planned >= anchor - timedelta(days=100 if self.twist else 45):
                pass  # recent months stay regular: the anchor's statuses come from the profile
            elif self.profile == Profile.EXEMPLARY:
                if roll < 0.05:
                    self._postpone(plan)
            elif roll < 0.14:
                if roll < 0.08 and not plan.in_series:
                    continue  # that month nobody called a meeting
                plan.status = MeetingStatus.CANCELLED
                plan.reason = rng.choice(texts.cancel_reasons)
            elif roll < 0.2:
                self._postpone(plan)
            plans.append(plan)
        plans.extend(self._extraordinary(plans))
        plans.sort(key=lambda plan: (plan.on, plan.kind))
        self._quorum_and_minutes(plans)
        return plans

    def _postpone(self, plan: _Plan) -> None:
        """Moved by one or two weeks, decided a few days before; held if the new date passed."""
        postponed_on = plan.planned_on - timedelta(days=self.rng.randint(2, 6))
        moved_to = plan.planned_on + timedelta(days=self.rng.choice((7, 14)))
        reason = self.rng.choice(self.texts.postpone_reasons)
        if postponed_on >= self.anchor:
            return  # not decided yet
        plan.on, plan.postponed_on, plan.reason = moved_to, postponed_on, reason
        plan.status = MeetingStatus.POSTPONED if moved_to >= self.anchor else MeetingStatus.HELD

    def _extraordinary(self, regular: list[_CouncilPlan]) -> list[_CouncilPlan]:
        """Meetings called after a serious incident, away from the regular dates."""
        rate = {Profile.EXEMPLARY: 1.0, Profile.STEADY: 0.6, Profile.INQUORATE: 0.5}
        taken = [plan.on for plan in regular]
        latest = self.anchor - timedelta(days=40)
        plans = []
        for year in range(self.start.year, latest.year + 1):
            chance = self.rng.random()
            day = date(year, 1, 1) + timedelta(days=self.rng.randint(10, 350))
            topic = self.rng.choice(self.texts.incidents)
            if (
                chance >= rate.get(self.profile, 0.3)
                or not self.start <= day <= latest
                or self._silent(day)
                or day.weekday() > 4
                or any(abs((day - other).days) < 8 for other in taken)
            ):
                continue
            plans.append(
                _CouncilPlan(
                    day, MeetingStatus.HELD, day, kind=MeetingKind.EXTRAORDINARY, topic=topic
                )
            )
        return plans

    def _quorum_and_minutes(self, plans: list[_CouncilPlan]) -> None:
        """Quorum and minutes of held meetings, by profile, then the twists near the anchor."""
        rng = self.rng
        held = [plan for plan in plans if plan.status == MeetingStatus.HELD]
        year_ago = self.anchor - timedelta(days=365)
        for index, plan in enumerate(held):
            roll = rng.random()
            if self.profile == Profile.INQUORATE:
                if roll < 0.12:
                    plan.quorum = _Quorum.UNRECORDED
                elif roll < 0.55:
                    plan.quorum = _Quorum.INQUORATE
            elif self.profile == Profile.LAPSING and roll < 0.3:
                plan.quorum = _Quorum.INQUORATE
            elif self.profile == Profile.EXEMPLARY or plan.on > year_ago - timedelta(days=30):
                pass  # the anchor's window stays quorate, so R07 comes from the profile
            elif roll < 0.05:
                plan.quorum = _Quorum.INQUORATE
            following = held[index + 1].on if index + 1 < len(held) else None
            plan.minutes_delay, plan.approve = self._minutes_plan(plan, following)
            if (
                self.profile not in (Profile.EXEMPLARY, Profile.LAPSING)
                and plan.on < self.anchor - timedelta(days=60)
                and rng.random() < 0.08
            ):
                plan.approve_after = 1  # forgotten at the next meeting, approved at the one after
        if self.twist == Twist.ONE_INQUORATE:
            target = self.anchor - timedelta(days=150)
            min(held, key=lambda plan: abs((plan.on - target).days)).quorum = _Quorum.INQUORATE
        if self.twist == Twist.APPROVAL_MISSED:
            [plan for plan in held if plan.on < self.anchor][-2].approve = False
        if self.twist == Twist.RESUMED:
            window = [plan for plan in held if year_ago < plan.on < self.anchor]
            for plan in window[: max(0, len(window) - 3)]:
                plan.status = MeetingStatus.CANCELLED
                plan.reason = self.texts.cancel_reasons[0]

    def _minutes_plan(self, plan: _CouncilPlan, following: date | None) -> tuple[int | None, bool]:
        """(days until the minutes are circulated, or None for never; approved when due)."""
        rng = self.rng
        if self.profile == Profile.LAPSING:
            roll = rng.random()
            if roll < 0.25:
                return None, False
            delay = rng.randint(31, 60) if roll < 0.4 else rng.randint(3, 20)
            return delay, rng.random() > 0.2
        low, high = {Profile.EXEMPLARY: (1, 6), Profile.INQUORATE: (3, 12)}.get(
            self.profile, (2, 10)
        )
        delay = rng.randint(low, high)
        if following is not None:
            # A good secretary circulates the minutes before the next meeting.
            delay = max(0, min(delay, (following - plan.on).days - 1))
        return delay, True

    # -- council meetings: rows ----------------------------------------------------------

    def build(self) -> _Batch:
        """Every row of this council's history."""
        self.batch = batch = _Batch()
        batch.series = self._series()
        held: list[tuple[_CouncilPlan, int]] = []
        for plan in self._council_plans(batch.series):
            meeting = self._council_meeting(plan)
            if plan.status == MeetingStatus.HELD:
                held.append((plan, meeting))
        self._minutes(held)
        for public in self._public_plans():
            self._public_meeting(public, self.rng)
        return batch

    def _meeting(
        self, rng: random.Random, plan: _Plan, kind: MeetingKind, title: str, **values: object
    ) -> int:
        """A meeting with its organiser as host and its dated history; its batch position."""
        created = entered_at(
            min(plan.planned_on - timedelta(days=rng.randint(7, 20)), self.anchor)
            - timedelta(days=1)
        )
        meeting = self.batch.meeting(
            council_id=self.town.council.id,
            kind=kind,
            status=plan.status,
            title=title[:200],
            scheduled_on=plan.on,
            held_on=plan.on if plan.status == MeetingStatus.HELD else None,
            cancelled_reason=plan.reason if plan.status == MeetingStatus.CANCELLED else None,
            created_at=created,
            updated_at=created,
            **{**_MEETING_DEFAULTS, **values},
        )
        self.batch.detail(MeetingHost, meeting, council_id=self.town.council.id)
        self._events(meeting, plan, created)
        return meeting

    def _events(self, meeting: int, plan: _Plan, created: datetime) -> None:
        """The dated history: scheduled, then postponed, cancelled or held."""
        eve = self.anchor - timedelta(days=1)
        events = [(MeetingEventKind.SCHEDULED, None, plan.planned_on, None, created)]
        if plan.postponed_on is not None:
            events.append(
                (
                    MeetingEventKind.POSTPONED,
                    plan.planned_on,
                    plan.on,
                    plan.reason,
                    entered_at(plan.postponed_on),
                )
            )
        if plan.status == MeetingStatus.CANCELLED:
            cancelled_at = entered_at(min(plan.planned_on - timedelta(days=2), eve))
            events.append(
                (MeetingEventKind.CANCELLED, plan.planned_on, None, plan.reason, cancelled_at)
            )
        if plan.status == MeetingStatus.HELD:
            held_at = entered_at(min(plan.on + timedelta(days=1), eve), 15)
            events.append((MeetingEventKind.HELD, None, plan.on, None, held_at))
        for kind, from_on, to_on, reason, created_at in events:
            self.batch.detail(
                MeetingEvent,
                meeting,
                kind=kind,
                from_on=from_on,
                to_on=to_on,
                reason=reason,
                created_at=created_at,
            )

    def _council_meeting(self, plan: _CouncilPlan) -> int:
        texts, town = self.texts, self.town
        if plan.kind == MeetingKind.REGULAR:
            month = MONTHS[town.lang].split()[plan.planned_on.month - 1]
            title = texts.regular_title.format(month=month, year=plan.planned_on.year)
            first_of_mandate = (
                town.reconstituted_on <= plan.on < town.reconstituted_on + timedelta(days=40)
            )
            agenda = [
                texts.new_members if first_of_mandate else texts.approve_minutes,
                texts.police_report,
                plan.topic,
                texts.any_other,
            ]
        else:
            title = texts.extraordinary_title.format(topic=plan.topic)
            agenda = [plan.topic[0].upper() + plan.topic[1:], texts.police_report]
        # Members of non-majority communities follow council meetings in their language.
        languages = self._languages(town.minorities[:1])
        meeting = self._meeting(
            self.rng,
            plan,
            plan.kind,
            title,
            starts_at=self.starts_at,
            ends_at=time(self.starts_at.hour + 2, self.starts_at.minute),
            place_name=texts.council_place,
            address=texts.council_address,
            settlement=town.seat,
            settlement_community=town.majority,
            languages=languages,
            interpretation="," in languages,
            in_series=plan.in_series,
        )
        for position, item in enumerate(agenda, start=1):
            self.batch.detail(AgendaItem, meeting, position=position, title=item)
        if plan.status == MeetingStatus.HELD:
            self._register(meeting, plan)
        return meeting

    def _languages(self, communities: Sequence[str]) -> str:
        codes = [self.town.language]
        for community in communities:
            code = LANGUAGE_OF.get(community)
            if code and code not in codes:
                codes.append(code)
        if "sq" not in codes and self.town.majority == Community.TURKISH:
            codes.append("sq")  # Mamushë works in Turkish and Albanian
        return ",".join(codes)

    def _register(self, meeting: int, plan: _CouncilPlan) -> None:
        """Attendance of every member active that day, matching the planned quorum."""
        rng = self.rng
        active = [member for member in self.members if member.is_active_on(plan.on)]
        plan.active = len(active)
        if plan.quorum != _Quorum.UNRECORDED and active:
            quorate = plan.quorum == _Quorum.QUORATE
            marks = [rng.random() < (0.85 if quorate else 0.4) for _ in active]
            needed = len(active) // 2 + 1
            order = list(range(len(active)))
            rng.shuffle(order)
            for index in order:
                if quorate and sum(marks) < needed:
                    marks[index] = True
                elif not quorate and sum(marks) >= needed:
                    marks[index] = False
            for member, present in zip(active, marks, strict=True):
                status, substitute, institution = AttendanceStatus.PRESENT, None, None
                if not present:
                    excused = rng.random() < 0.6
                    status = AttendanceStatus.EXCUSED if excused else AttendanceStatus.ABSENT
                    # A substitute counts as present: only quorate meetings have one.
                    if excused and quorate and rng.random() < 0.2:
                        community = (member.community or self.town.majority).value
                        substitute, _ = _person(rng, set(), community)
                        institution = member.institution
                plan.present += present or substitute is not None
                self.batch.detail(
                    Attendance,
                    meeting,
                    member_id=member.id,
                    status=status,
                    substitute_name=substitute,
                    substitute_institution=institution,
                )
        if rng.random() < 0.25:
            institution = rng.choice(self.texts.guests).format(settlement=self.town.seat)
            name, _ = _person(rng, set(), self.town.majority.value)
            self.batch.detail(MeetingGuest, meeting, name=name, institution=institution)

    def _minutes(self, held: list[tuple[_CouncilPlan, int]]) -> None:
        """Minutes of held council meetings; approved at the first later meeting after them."""
        rng, texts = self.rng, self.texts
        for index, (plan, meeting) in enumerate(held):
            paragraphs = [texts.opened]
            if plan.kind == MeetingKind.EXTRAORDINARY:
                paragraphs.insert(0, texts.extraordinary_called.format(topic=plan.topic))
            if plan.quorum == _Quorum.UNRECORDED or not plan.active:
                paragraphs.append(texts.no_register)
            else:
                quorate = plan.present > plan.active / 2
                sentence = texts.quorate if quorate else texts.inquorate
                paragraphs.append(sentence.format(present=plan.present, active=plan.active))
            paragraphs.append(texts.police_said.format(finding=rng.choice(texts.police_findings)))
            if plan.kind == MeetingKind.REGULAR:
                paragraphs.append(texts.discussed.format(topic=plan.topic))
            decisions = rng.sample(texts.decisions, rng.randint(1, 3))
            if plan.minutes_delay is None and rng.random() < 0.5:
                continue  # never written at all
            written_on = min(plan.on + timedelta(days=1), self.anchor)
            status, minutes_on, approver, approved_on = RecordStatus.DRAFT, None, None, None
            circulated_on = (
                None if plan.minutes_delay is None else plan.on + timedelta(plan.minutes_delay)
            )
            if circulated_on is not None and circulated_on <= self.anchor:
                status, minutes_on = RecordStatus.CIRCULATED, circulated_on
                written_on = max(plan.on, circulated_on - timedelta(days=rng.randint(0, 2)))
                eligible = [pair for pair in held[index + 1 :] if pair[0].on >= circulated_on]
                later = eligible[plan.approve_after] if len(eligible) > plan.approve_after else None
                if later is not None and plan.approve:
                    status, approved_on, approver = RecordStatus.APPROVED, later[0].on, later[1]
            record = self.batch.record(
                meeting,
                approver,
                status=status,
                body=_html(paragraphs),
                written_on=written_on,
                minutes_on=minutes_on,
                approved_on=approved_on,
                created_at=entered_at(written_on, 14),
                updated_at=entered_at(written_on, 14),
            )
            for position, text in enumerate(decisions, start=1):
                self.batch.decision(record, position, text)

    # -- consultations and activities ----------------------------------------------------

    def _public_plans(self) -> list[_PublicPlan]:
        rng, anchor = self.rng, self.anchor
        plans = []
        for year in range(self.start.year, self.horizon.year + 1):
            for first, last in self._consultation_months(year):
                on = self._weekday_in(rng, year, rng.randint(first, last))
                plans.append(self._consultation(on))
            for activity in range(len(self.texts.activities)):
                if rng.random() < _ACTIVITY_RATE[self.profile][activity]:
                    month = rng.choice(_ACTIVITY_MONTHS[activity])
                    plans.append(self._activity(self._weekday_in(rng, year, month), activity))
        if self.twist == Twist.ONE_CONSULTATION:
            # One consultation held this year, the next one only planned.
            plans = [
                plan
                for plan in plans
                if plan.kind != MeetingKind.PUBLIC_CONSULTATION or plan.on.year != anchor.year
            ]
            held = self._consultation(date(anchor.year, 1, 1) + timedelta(rng.randint(20, 80)))
            plans += [_firm(held), self._consultation(anchor + timedelta(rng.randint(12, 40)))]
        if self.twist == Twist.LATE_RECORD:
            late = _firm(self._consultation(anchor - timedelta(days=rng.randint(17, 26))))
            late.record_delay = None
            plans.append(late)
        return [
            plan
            for plan in plans
            if self.start <= plan.on <= self.horizon and not self._silent(plan.on)
        ]

    def _consultation_months(self, year: int) -> list[tuple[int, int]]:
        """The months (from, to) of each consultation the council holds in `year`."""
        rng = self.rng
        if self.profile == Profile.NEVER_CONSULTS:
            return []
        if self.profile == Profile.EXEMPLARY:
            return [(2, 4), (5, 7), (9, 10), (11, 12)][: rng.randint(2, 4)]
        if self.profile == Profile.LAPSING:
            return [(3, 5), (6, 10)][: rng.randint(0, 2)]
        if year < self.anchor.year and rng.random() < 0.2:
            return [(3, 7)]  # a thin year
        return [(3, 5), (6, 10)]

    @staticmethod
    def _weekday_in(rng: random.Random, year: int, month: int) -> date:
        """A weekday or Saturday of the month, when citizens can come."""
        day = date(year, month, rng.randint(1, 27))
        return day + timedelta(days=1) if day.weekday() == 6 else day

    def _status(self, rng: random.Random, plan: _Plan) -> None:
        """Held if past, scheduled ahead; now and then cancelled or postponed."""
        roll = rng.random()
        if plan.on >= self.anchor:
            plan.status = MeetingStatus.SCHEDULED
            if roll < 0.1:
                self._postpone(plan)
        elif roll < 0.04:
            plan.status = MeetingStatus.CANCELLED
            plan.reason = rng.choice(self.texts.cancel_reasons[1:])
        elif roll < 0.1:
            self._postpone(plan)

    def _reach(self) -> bool:
        return self.profile != Profile.NO_REACH

    def _consultation(self, on: date) -> _PublicPlan:
        rng, texts, town, profile = self.rng, self.texts, self.town, self.profile
        topic = rng.choice(texts.consultation_topics)
        settlement, settlement_community, place = (
            town.seat,
            town.majority,
            rng.choice(texts.consultation_places),
        )
        elsewhere = NON_MAJORITY_SETTLEMENTS.get(self.code)
        if elsewhere and self._reach() and rng.random() < 0.4:
            settlement = elsewhere[1] if town.lang == "sr" else elsewhere[0]
            settlement_community, place = elsewhere[2], texts.school
        majority = ParticipantCommunity(town.majority.value)
        if self._reach():
            weights = [(majority, rng.uniform(0.55, 0.8))]
            if settlement_community != town.majority:
                weights.append((ParticipantCommunity(settlement_community.value), 0.5))
            for rank, community in enumerate(town.minorities[:3]):
                weights.append((ParticipantCommunity(community), 0.3 / (rank + 1)))
            weights = list(dict(weights).items())
        else:
            weights = [(majority, 1.0)]
        women, youth = _SHARES[profile] if self.twist != Twist.FEW_YOUTH else ((0.33, 0.45), (0, 0))
        size = (30, 90) if profile == Profile.EXEMPLARY else (15, 60)
        crowd = _crowd(rng, rng.randint(*size), weights, rng.uniform(*women), rng.uniform(*youth))
        if profile == Profile.NO_REACH:
            crowd.under_30 = 1 if rng.random() < 0.3 else 0  # "few youth": below one on average
        reached = [community.value for community in crowd.communities if community != majority]
        languages = self._languages(reached) if self._reach() else town.language
        interpretation = "," in languages and (
            profile == Profile.EXEMPLARY or (self._reach() and rng.random() < 0.5)
        )
        if profile == Profile.EXEMPLARY:
            delay: int | None = rng.randint(2, 10)
        elif profile == Profile.LAPSING:
            delay = None if rng.random() < 0.25 else rng.randint(3, 40)
        else:
            delay = rng.randint(3, 13)
        plan = _PublicPlan(
            on,
            MeetingStatus.HELD,
            on,
            kind=MeetingKind.PUBLIC_CONSULTATION,
            title=texts.consultation_title.format(topic=topic),
            place=place,
            settlement=settlement,
            settlement_community=settlement_community,
            languages=languages,
            interpretation=interpretation,
            crowd=crowd,
            agenda=(texts.consultation_agenda[0], topic, *texts.consultation_agenda[1:]),
            record_delay=delay,
            record_body=(
                texts.consultation_held.format(
                    place=place, settlement=settlement, total=crowd.total
                ),
                texts.citizens_raised.format(topic=topic),
            ),
            conclusions=tuple(rng.sample(texts.conclusions, rng.randint(1, 2))),
            organisations=self._organisations(rng),
            online_url=(
                f"https://video.{DEMO_DOMAIN}/kksb-{self.code}-{on:%Y%m%d}"
                if profile == Profile.EXEMPLARY and rng.random() < 0.15
                else None
            ),
            starts_at=time(10) if on.weekday() == 5 else rng.choice((time(17), time(18))),
        )
        self._status(rng, plan)
        return plan

    def _activity(self, on: date, index: int) -> _PublicPlan:
        rng, texts, town = self.rng, self.texts, self.town
        title, place, item = texts.activities[index]
        weights = [(ParticipantCommunity(town.majority.value), 0.7)] + [
            (ParticipantCommunity(community), 0.3 / (rank + 1))
            for rank, community in enumerate(town.minorities[:3])
        ]
        youth = (0.6, 0.9) if index != 1 else (0.2, 0.4)
        crowd = _crowd(
            rng, rng.randint(25, 140), weights, rng.uniform(0.35, 0.55), rng.uniform(*youth)
        )
        plan = _PublicPlan(
            on,
            MeetingStatus.HELD,
            on,
            kind=MeetingKind.COMMUNITY_ACTIVITY,
            title=title,
            place=place,
            settlement=town.seat,
            settlement_community=town.majority,
            languages=self._languages(town.minorities[:2]),
            crowd=crowd,
            agenda=(item,),
            record_delay=rng.randint(2, 10) if rng.random() < 0.5 else None,
            record_body=(
                texts.activity_held.format(place=place, settlement=town.seat, total=crowd.total),
            ),
            organisations=self._organisations(rng),
            starts_at=time(10),
        )
        self._status(rng, plan)
        return plan

    def _organisations(self, rng: random.Random) -> list[str | Organisation]:
        """Typed names of local organisations, and the registered CSO where it works."""
        civil = (
            councils_demo.SR_CIVIL_SOCIETY
            if self.town.lang == "sr"
            else councils_demo.SQ_CIVIL_SOCIETY
        )
        chosen: list[str | Organisation] = list(rng.sample(civil, rng.randint(0, 2)))
        if (
            self.verified is not None
            and self.code in organisations_demo.CSO_MUNICIPALITIES
            and rng.random() < 0.6
        ):
            chosen.append(self.verified)
        return chosen

    def _public_meeting(self, plan: _PublicPlan, rng: random.Random) -> None:
        """The meeting with hosts, agenda, participation and record, as far as it got."""
        batch = self.batch
        meeting = self._meeting(
            rng,
            plan,
            plan.kind,
            plan.title,
            starts_at=plan.starts_at,
            ends_at=time(plan.starts_at.hour + 2),
            place_name=plan.place,
            settlement=plan.settlement,
            settlement_community=plan.settlement_community,
            languages=plan.languages,
            interpretation=plan.interpretation,
            online_url=plan.online_url,
            declaration=plan.declaration,
        )
        for council_id in plan.co_hosts:
            batch.detail(MeetingHost, meeting, council_id=council_id)
        for position, item in enumerate(plan.agenda, start=1):
            batch.detail(AgendaItem, meeting, position=position, title=item)
        if plan.status != MeetingStatus.HELD or plan.crowd is None:
            return
        crowd = plan.crowd
        batch.detail(
            Participation,
            meeting,
            total=crowd.total,
            women=crowd.women,
            men=crowd.total - crowd.women - crowd.gender_undisclosed,
            gender_undisclosed=crowd.gender_undisclosed,
            under_30=crowd.under_30,
            aged_30_plus=crowd.total - crowd.under_30 - crowd.age_undisclosed,
            age_undisclosed=crowd.age_undisclosed,
            updated_at=entered_at(
                min(plan.on + timedelta(days=1), self.anchor - timedelta(days=1))
            ),
        )
        for community, count in crowd.communities.items():
            batch.detail(ParticipationCommunity, meeting, community=community, count=count)
        for organisation in plan.organisations:
            registered = isinstance(organisation, Organisation)
            batch.detail(
                MeetingOrganisation,
                meeting,
                organisation_id=organisation.id if registered else None,
                name=None if registered else organisation,
            )
        activity = plan.kind == MeetingKind.COMMUNITY_ACTIVITY
        written_on = min(plan.on + timedelta(days=1), self.anchor)
        status, published_on = RecordStatus.DRAFT, None
        if plan.record_delay is not None:
            published_on = plan.on + timedelta(plan.record_delay)
            if published_on <= self.anchor:
                status = RecordStatus.PUBLISHED
                written_on = max(plan.on, published_on - timedelta(days=rng.randint(0, 2)))
            else:
                published_on = None
        if activity and status == RecordStatus.DRAFT:
            return  # an activity's short report is optional, written once it is published
        record = batch.record(
            meeting,
            None,
            status=status,
            body=_html(plan.record_body),
            written_on=written_on,
            minutes_on=published_on,
            approved_on=None,
            created_at=entered_at(written_on, 14),
            updated_at=entered_at(written_on, 14),
        )
        for position, text in enumerate(plan.conclusions, start=1):
            batch.decision(record, position, text)

    # -- co-hosted -----------------------------------------------------------------------

    def co_hosted(self, partner: _Town) -> None:
        """Yearly consultations and youth days held with a neighbouring council."""
        rng = random.Random(f"{SEED}-meetings-{self.code}-{partner.code}")
        start = max(self.start, partner.constituted_on)
        signed_on = self.town.declaration_on or partner.declaration_on
        names = dict.fromkeys((self.texts.declaration, partner.texts.declaration))
        declaration = " / ".join(names) + (f" ({format_date(signed_on)})" if signed_on else "")
        days = [
            self._weekday_in(rng, year, rng.randint(4, 10))
            for year in range(start.year, self.anchor.year + 1)
        ]
        days.append(self.anchor + timedelta(days=rng.randint(15, 55)))
        for index, on in enumerate(days):
            if not start <= on <= self.horizon:
                continue
            self._joint(rng, on, partner, declaration, index)

    def _joint(
        self, rng: random.Random, on: date, partner: _Town, declaration: str, index: int
    ) -> None:
        """One co-hosted consultation (or, every third year, a youth sports day)."""
        town = self.town
        host = town if index % 2 == 0 else partner
        topic_index = rng.randrange(len(TEXTS["sq"].consultation_topics))
        langs = dict.fromkeys((town.lang, partner.lang))
        activity = index % 3 == 2
        if activity:
            title = " / ".join(TEXTS[lang].activities[0][0] for lang in langs)
            place = host.texts.activities[0][1]
            agenda: tuple[str, ...] = (host.texts.activities[0][2],)
        else:
            topics = [TEXTS[lang].consultation_topics[topic_index] for lang in langs]
            title = " / ".join(
                TEXTS[lang].consultation_title.format(topic=topic)
                for lang, topic in zip(langs, topics, strict=True)
            )
            place = host.texts.consultation_places[1]
            agenda = (
                host.texts.consultation_agenda[0],
                topics[0],
                *host.texts.consultation_agenda[1:],
            )
        weights = [
            (ParticipantCommunity(town.majority.value), 0.45),
            (ParticipantCommunity(partner.majority.value), 0.35),
        ] + [
            (ParticipantCommunity(community), 0.1)
            for community in dict.fromkeys((*town.minorities[:2], *partner.minorities[:2]))
        ]
        weights = list(dict(weights).items())
        crowd = _crowd(
            rng,
            rng.randint(40, 120),
            weights,
            rng.uniform(0.38, 0.52),
            rng.uniform(0.5, 0.8) if activity else rng.uniform(0.2, 0.35),
        )
        languages = self._languages([partner.majority.value, *(c.value for c in crowd.communities)])
        plan = _PublicPlan(
            on,
            MeetingStatus.HELD,
            on,
            kind=MeetingKind.COMMUNITY_ACTIVITY if activity else MeetingKind.PUBLIC_CONSULTATION,
            title=title,
            place=place,
            settlement=host.seat,
            settlement_community=host.majority,
            languages=languages,
            interpretation=True,
            crowd=crowd,
            agenda=agenda,
            record_delay=rng.randint(3, 10),
            record_body=(
                (host.texts.activity_held if activity else host.texts.consultation_held).format(
                    place=place, settlement=host.seat, total=crowd.total
                ),
            ),
            conclusions=tuple(rng.sample(host.texts.conclusions, 2)),
            co_hosts=(partner.council.id,),
            declaration=declaration,
            organisations=self._organisations(rng),
            starts_at=time(11),
        )
        if on >= self.anchor:
            plan.status = MeetingStatus.SCHEDULED
        self._public_meeting(plan, rng)


def _firm(plan: _PublicPlan) -> _PublicPlan:
    """Held on its planned date: a twist's consultation must not be moved or called off."""
    plan.status, plan.on, plan.reason, plan.postponed_on = (
        MeetingStatus.HELD,
        plan.planned_on,
        None,
        None,
    )
    return plan


def _person(
    rng: random.Random, taken: set[str], community: str, gender: Gender | None = None
) -> tuple[str, Gender]:
    """A new name from the councils' name lists, not yet in `taken` (which it joins)."""
    if gender is None:
        gender = Gender.FEMALE if rng.random() < 0.35 else Gender.MALE
    men, women, families = (part.split() for part in councils_demo.NAMES[community])
    name = ""
    for _attempt in range(30):
        name = f"{rng.choice(women if gender == Gender.FEMALE else men)} {rng.choice(families)}"
        if name not in taken:
            break
    taken.add(name)
    return name, gender


# Every meeting row has every column, so each council's meetings go in one INSERT batch.
_MEETING_DEFAULTS: dict[str, object] = {
    "address": None,
    "online_url": None,
    "declaration": None,
    "in_series": False,
}

# (women's share, youth share) ranges of a consultation's participants, by profile.
_SHARES: dict[Profile, tuple[tuple[float, float], tuple[float, float]]] = {
    Profile.EXEMPLARY: ((0.36, 0.55), (0.15, 0.4)),
    Profile.STEADY: ((0.32, 0.48), (0.08, 0.25)),
    Profile.NEVER_CONSULTS: ((0.32, 0.48), (0.08, 0.25)),
    Profile.NO_REACH: ((0.08, 0.25), (0, 0)),
    Profile.LAPSING: ((0.2, 0.45), (0, 0.2)),
    Profile.INQUORATE: ((0.25, 0.45), (0.05, 0.2)),
}
# Chance per year of each activity (sports day, weapons campaign, school day), by profile.
_ACTIVITY_RATE: dict[Profile, tuple[float, float, float]] = {
    Profile.EXEMPLARY: (0.9, 0.6, 0.7),
    Profile.STEADY: (0.4, 0.3, 0.3),
    Profile.NEVER_CONSULTS: (0.2, 0.2, 0.2),
    Profile.NO_REACH: (0.3, 0.1, 0.2),
    Profile.LAPSING: (0.1, 0.1, 0.1),
    Profile.INQUORATE: (0.2, 0.2, 0.2),
}
_ACTIVITY_MONTHS = ((6, 9), (4, 11), (9, 10))
