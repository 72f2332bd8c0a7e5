"""Demo rosters: a constituting decision, a coordinator and members for all 38 councils.

Everything is generated from a seeded `random.Random` per council, so two fresh databases get
the same people; only dates move with `today`, so the demo never looks years out of date. A
few councils are left incomplete on purpose (no woman, no youth, a term past its end, a
member who left, no police commander...) so the compliance pages have something to show.
"""

# Names and institutions are spelled as their owners spell them (Turkish dotless i, dashes).
# ruff: noqa: RUF001

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from safety.councils.models import (
    Community,
    Council,
    CouncilDecision,
    DecisionKind,
    Gender,
    Member,
    MemberRole,
)
from safety.demo_common import DEMO_DOMAIN, SEED

# -- Names -------------------------------------------------------------------------------

# community: (men's first names, women's first names, family names), space-separated.
NAMES: dict[str, tuple[str, str, str]] = {
    "albanian": (
        (
            "Arben Besnik Driton Fatmir Agim Bekim Valon Shpend Ilir Artan Blerim Gëzim Lulzim "
            "Mentor Naim Përparim Rexhep Skender Ymer Faton Kushtrim Labinot Ardian Arianit "
            "Burim Dardan Egzon Florent Genc Jeton"
        ),
        (
            "Arta Blerta Donika Drita Elira Fjolla Hana Teuta Valbona Vjosa Mimoza Lirije "
            "Shqipe Albulena Besa Edona Fatime Gentiana Kaltrina Lumnije Merita Njomza Rina "
            "Qëndresa Zana Yllka"
        ),
        (
            "Berisha Krasniqi Gashi Morina Hoxha Shala Kastrati Bytyqi Rexhepi Hyseni Ahmeti "
            "Kelmendi Thaçi Haxhiu Zeqiri Mustafa Osmani Salihu Jashari Avdiu Dervishi Limani "
            "Sylejmani Rama Ibrahimi Bajrami Hajdari Musliu Kryeziu Ramadani"
        ),
    ),
    "serb": (
        (
            "Nenad Dragan Miloš Srđan Dejan Stefan Nikola Marko Bojan Zoran Goran Milan "
            "Vladimir Dušan Aleksandar Ivan Nebojša Slaviša Radovan Miroslav"
        ),
        (
            "Jelena Milica Dragana Snežana Ivana Marija Tijana Jovana Vesna Gordana Sanja "
            "Biljana Nataša Danijela Ana Katarina Mirjana"
        ),
        (
            "Jovanović Petrović Nikolić Stojanović Ristić Milić Đorđević Trajković Popović "
            "Marković Stanković Kostić Ilić Todorović Arsić Savić Lazić Dimitrijević Vasić "
            "Simić"
        ),
    ),
    "turkish": (
        "Mehmet Ahmet Mustafa Yusuf Emre Murat Cengiz Erkan Kadri Raif Orhan Selim",
        "Ayşe Fatma Emine Zeynep Elif Sevgi Hatice Nurten Gülsen",
        "Demir Kaya Şahin Çelik Yıldız Aydın Öztürk Kılıç Arslan Doğan Hoca Kurtiş",
    ),
    "bosniak": (
        "Emir Adnan Alen Edin Sead Enis Nermin",
        "Amra Selma Lejla Aida Emina Medina",
        "Hodžić Bećirović Mehmedović Dervišević Kurtić Bajraktarević",
    ),
    "gorani": (
        "Ramadan Nedžat Ćamil Sabit Muharem",
        "Fikrija Zejnepa Sabina Nurija",
        "Šerifi Ajdini Jakupi Ramadani Bećiri",
    ),
    "roma": (
        "Bajram Elvis Avdi Sabit Fadil Kujtim",
        "Sevdije Vjollca Ramize Bukurije Shpresa",
        "Durmishi Veseli Mustafa Berisha Qerimi Rama",
    ),
    "ashkali": (
        "Bekim Osman Danush Ismet Nazmi",
        "Fetije Hajrije Shpresa Mevlude",
        "Krasniqi Gashi Baftiu Salihu Hajdini",
    ),
    "egyptian": (
        "Rasim Xhevdet Agron Nazmi",
        "Merita Drita Vjollca Fatmire",
        "Hysa Beqiri Elshani Dauti",
    ),
    "croat": (
        "Ivan Anton Josip Marko",
        "Marija Ana Katarina",
        "Glasnović Matić Palić Đurić",
    ),
    # Albanian Catholic clergy and laity (the "community" stored for them is Albanian).
    "albanian_catholic": (
        "Gjergj Mark Ndue Pal Lekë Zef Nikollë",
        "Mrika Drane Lule Tereza",
        "Gjoni Marku Prenkaj Lleshi Zefi Gjergji",
    ),
}

# Non-majority communities that live in each municipality (by code), most numerous first.
MINORITIES: dict[str, tuple[str, ...]] = {
    "01": ("serb", "bosniak", "turkish", "ashkali"),
    "02": ("roma", "ashkali"),
    "03": ("serb", "roma", "ashkali"),
    "04": ("serb", "roma", "ashkali"),
    "05": ("serb", "ashkali", "croat"),
    "06": ("ashkali",),
    "07": ("albanian", "roma"),
    "08": ("roma", "ashkali", "bosniak", "turkish"),
    "09": ("albanian", "bosniak", "gorani", "turkish"),
    "10": ("albanian", "bosniak"),
    "11": ("albanian", "bosniak"),
    "12": ("albanian",),
    "13": ("serb", "roma", "ashkali"),
    "14": ("serb",),
    "15": ("bosniak", "serb", "roma", "egyptian"),
    "16": ("serb", "bosniak", "egyptian", "roma"),
    "17": ("serb", "egyptian", "roma"),
    "18": ("egyptian", "roma", "ashkali"),
    "19": ("serb", "egyptian"),
    "20": ("egyptian",),
    "21": ("serb", "egyptian", "roma", "ashkali"),
    "22": ("bosniak", "turkish", "roma", "ashkali"),
    "23": ("gorani",),
    "24": ("ashkali", "roma"),
    "25": ("ashkali",),
    "26": ("albanian", "roma"),
    "27": ("ashkali", "roma", "serb"),
    "28": ("roma",),
    "29": ("ashkali",),
    "30": ("albanian",),
    "31": ("roma",),
    "32": ("serb", "turkish", "roma"),
    "33": ("serb", "roma"),
    "34": ("serb", "croat"),
    "35": ("albanian", "roma"),
    "36": ("albanian", "roma"),
    "37": ("albanian",),
    "38": ("albanian",),
}

# Municipalities with a sizeable Catholic congregation next to the Islamic Community.
CATHOLIC = frozenset({"05", "17", "18", "22", "27", "34"})

# Deliberate gaps, so compliance checks find a realistic variety (code -> gaps).
GAPS: dict[str, frozenset[str]] = {
    "02": frozenset({"no_youth"}),
    "06": frozenset({"no_woman", "term_expired"}),
    "09": frozenset({"no_police", "member_left"}),
    "10": frozenset({"term_expired", "no_youth"}),
    "12": frozenset({"not_constituted", "no_chair"}),
    "14": frozenset({"no_woman"}),
    "17": frozenset({"member_left", "term_ending"}),
    "20": frozenset({"no_civil_society", "no_youth"}),
    "23": frozenset({"no_religious"}),
    "25": frozenset({"no_woman", "no_youth", "member_left"}),
    "28": frozenset({"term_ending", "recently_constituted"}),
    "31": frozenset({"member_left"}),
    "33": frozenset({"term_expired"}),
    "37": frozenset({"no_police"}),
    "38": frozenset({"not_constituted"}),
    "07": frozenset({"member_left"}),
}

SQ_DIRECTORATES = (
    "Drejtoria e Arsimit",
    "Drejtoria e Shëndetësisë dhe Mirëqenies Sociale",
    "Drejtoria e Shërbimeve Publike",
    "Drejtoria e Urbanizmit",
    "Zyra Komunale për Komunitete dhe Kthim",
    "Drejtoria e Kulturës, Rinisë dhe Sportit",
    "Kuvendi Komunal",
)
SR_DIRECTORATES = (
    "Direkcija za obrazovanje",
    "Direkcija za zdravstvo i socijalnu zaštitu",
    "Direkcija za javne službe",
    "Direkcija za urbanizam",
    "Opštinska kancelarija za zajednice i povratak",
    "Direkcija za kulturu, omladinu i sport",
    "Skupština opštine",
)
SQ_CIVIL_SOCIETY = (
    "OJQ Zëri i Rinisë",
    "Qendra për Mbrojtjen e Grave dhe Fëmijëve",
    "Rrjeti i Grave të Kosovës",
    "Këshilli Rinor Vendor",
    "OJQ Fqinjët e Mirë",
    "Shoqata e Prindërve",
)
SR_CIVIL_SOCIETY = (
    "NVO Aktiv",
    "Udruženje žena „Ruka ruci“",
    "Lokalni omladinski savet",
    "NVO Sigurna zajednica",
    "Udruženje roditelja",
)
WOMENS = frozenset(
    {
        "Qendra për Mbrojtjen e Grave dhe Fëmijëve",
        "Rrjeti i Grave të Kosovës",
        "Udruženje žena „Ruka ruci“",
    }
)
SQ_BUSINESS = ("Oda Ekonomike e Kosovës", "Shoqata e Bizneseve Lokale")
SR_BUSINESS = ("Udruženje preduzetnika", "Privredna komora – lokalna kancelarija")
SQ_OTHER = ("Komiteti Lokal për Siguri Publike (KLSP)", "Shkolla e mesme e lartë")
SR_OTHER = ("Lokalni komitet za javnu bezbednost (LKJB)", "Srednja škola")


@dataclass
class _Person:
    full_name: str
    gender: Gender
    community: Community


class _RosterMaker:
    """Builds one council's constituting decision and members from its own seeded RNG."""

    def __init__(self, council: Council, today: date) -> None:
        municipality = council.municipality
        self.council = council
        self.code = municipality.code
        self.today = today
        self.rng = random.Random(f"{SEED}-{self.code}")
        self.gaps = GAPS.get(self.code, frozenset())
        self.majority = municipality.majority_community.value
        self.is_serb = self.majority == "serb"
        self.place = municipality.name_sr if self.is_serb else municipality.name_sq
        self.name_sq = municipality.name_sq
        self.used_names: set[str] = set()
        self.decisions: list[CouncilDecision] = []

    def person(self, community: str | None = None, gender: Gender | None = None) -> _Person:
        """A new person of `community` (a NAMES key); the majority community by default."""
        community = community or self.majority
        if gender is None:
            women_share = 0.0 if "no_woman" in self.gaps else 0.4
            gender = Gender.FEMALE if self.rng.random() < women_share else Gender.MALE
        if "no_woman" in self.gaps and gender == Gender.FEMALE:
            gender = Gender.MALE
        men, women, families = (group.split() for group in NAMES[community])
        for _attempt in range(20):
            first = self.rng.choice(women if gender == Gender.FEMALE else men)
            name = f"{first} {self.rng.choice(families)}"
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return _Person(name, gender, Community(community.removesuffix("_catholic")))

    def birth_year(self, youth: bool = False, senior: bool = False) -> int:
        year = self.today.year
        if youth:
            return self.rng.randint(year - 27, year - 20)
        if senior:
            # Mayors, station commanders and clergy are rarely young.
            return self.rng.randint(year - 64, year - 38)
        low = year - 62
        high = year - 33 if "no_youth" in self.gaps else year - 24
        return self.rng.randint(low, high)

    def decide(self) -> tuple[str | None, date]:
        """Fill in the council's latest decision and coordinator; return (number, date)."""
        rng = self.rng
        # Councils were re-constituted after the 2025 local elections, some of them late.
        decided_on = self.today - timedelta(days=rng.randint(120, 380))
        number = f"{self.code}-016/{decided_on.year}-{rng.randint(40, 260)}"
        coordinator = self.person()
        slug = _slug(self.name_sq)
        self.council.coordinator_name = coordinator.full_name
        self.council.coordinator_email = f"kkss.{slug}@{DEMO_DOMAIN}"
        self.council.coordinator_phone = (
            f"+383 {rng.choice(('44', '45', '49'))} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        )
        if "not_constituted" in self.gaps:
            self.council.notes = (
                "Roster proposed by the mayor's office; the Municipal Assembly has not yet "
                "adopted the constituting decision."
            )
            return None, decided_on
        self.decisions = self._decision_history(number, decided_on)
        return number, decided_on

    def _decision_history(self, number: str, decided_on: date) -> list[CouncilDecision]:
        """The first constitution under the revised AI (2013-2014), then today's re-constitution.

        A few councils were first constituted only with this mandate, so their constituting
        date is recent. A separate random stream keeps the rest of the demo unchanged.
        """
        rng = random.Random(f"{SEED}-{self.code}-decisions")
        latest = CouncilDecision(
            council_id=self.council.id,
            kind=DecisionKind.RECONSTITUTING,
            number=number,
            decided_on=decided_on,
        )
        if "recently_constituted" in self.gaps:
            latest.kind = DecisionKind.CONSTITUTING
            return [latest]
        first_on = date(2013, 3, 1) + timedelta(days=rng.randint(0, 600))
        first = CouncilDecision(
            council_id=self.council.id,
            kind=DecisionKind.CONSTITUTING,
            number=f"{self.code}-016/{first_on.year}-{rng.randint(10, 99)}",
            decided_on=first_on,
        )
        return [first, latest]

    def members(self, decision: str | None, decided_on: date) -> list[Member]:
        rng = self.rng
        term_ends_on = decided_on + timedelta(days=4 * 365)
        rows: list[Member] = []

        def add(
            role: MemberRole,
            institution: str,
            person: _Person,
            birth_year: int,
            publicly_named: bool = True,
        ) -> Member:
            member = Member(
                council_id=self.council.id,
                full_name=person.full_name,
                role=role,
                institution=institution,
                community=person.community,
                gender=person.gender,
                birth_year=birth_year,
                appointed_on=decided_on,
                term_ends_on=term_ends_on,
                appointing_decision=decision,
                is_publicly_named=publicly_named,
            )
            rows.append(member)
            return member

        chair_title = "Predsednik opštine" if self.is_serb else "Kryetari i Komunës"
        if "no_chair" not in self.gaps:
            chair = self.person(gender=Gender.FEMALE if rng.random() < 0.15 else Gender.MALE)
            add(
                MemberRole.CHAIR, f"{chair_title} {self.place}", chair, self.birth_year(senior=True)
            )
        minorities = MINORITIES.get(self.code, ())
        if minorities:
            deputy_title = (
                "Zamenik predsednika opštine za zajednice"
                if self.is_serb
                else "Nënkryetari i Komunës për Komunitete"
            )
            add(
                MemberRole.DEPUTY_CHAIR,
                f"{deputy_title} {self.place}",
                self.person(minorities[0]),
                self.birth_year(),
            )
        if "no_police" not in self.gaps:
            station = (
                f"Policijska stanica {self.place}"
                if self.is_serb
                else f"Stacioni Policor {self.place}"
            )
            commander = self.person(gender=Gender.FEMALE if rng.random() < 0.1 else Gender.MALE)
            add(MemberRole.POLICE_COMMANDER, station, commander, self.birth_year(senior=True))
        directorates = SR_DIRECTORATES if self.is_serb else SQ_DIRECTORATES
        for directorate in rng.sample(directorates, rng.randint(2, 4)):
            add(MemberRole.MUNICIPAL_OFFICIAL, directorate, self.person(), self.birth_year())
        if "no_religious" not in self.gaps:
            for institution, community in self._religious_communities():
                add(
                    MemberRole.RELIGIOUS_COMMUNITY,
                    institution,
                    self.person(community, gender=Gender.MALE),
                    self.birth_year(senior=True),
                )
        if "no_civil_society" not in self.gaps:
            civil_society = SR_CIVIL_SOCIETY if self.is_serb else SQ_CIVIL_SOCIETY
            if "no_woman" in self.gaps:
                civil_society = tuple(name for name in civil_society if name not in WOMENS)
            organisations = rng.sample(civil_society, rng.randint(1, 3))
            for index, organisation in enumerate(organisations):
                # The first civil-society seat goes to a youth organisation where one exists.
                youth = index == 0 and "no_youth" not in self.gaps
                add(
                    MemberRole.CIVIL_SOCIETY,
                    organisation,
                    self.person(gender=Gender.FEMALE if organisation in WOMENS else None),
                    self.birth_year(youth=youth),
                    publicly_named=rng.random() > 0.15,
                )
        for community in minorities[: rng.randint(1, 2)]:
            committee = (
                "Opštinski komitet za zajednice"
                if self.is_serb
                else "Komiteti Komunal për Komunitete"
            )
            add(
                MemberRole.COMMUNITY_REPRESENTATIVE,
                committee,
                self.person(community),
                self.birth_year(),
                publicly_named=rng.random() > 0.2,
            )
        if rng.random() < 0.7:
            business = SR_BUSINESS if self.is_serb else SQ_BUSINESS
            add(MemberRole.BUSINESS, rng.choice(business), self.person(), self.birth_year())
        others = SR_OTHER if self.is_serb else SQ_OTHER
        while len(rows) < 9 or (len(rows) < 16 and rng.random() < 0.35):
            add(MemberRole.OTHER, rng.choice(others), self.person(), self.birth_year())
        if "no_woman" not in self.gaps and not any(m.gender == Gender.FEMALE for m in rows):
            rows[-1].gender = Gender.FEMALE
            rows[-1].full_name = self.person(gender=Gender.FEMALE).full_name
        # A few people prefer not to state their gender.
        if rng.random() < 0.2:
            men = [member for member in rows if member.gender == Gender.MALE]
            rng.choice(men).gender = Gender.UNDISCLOSED
        self._apply_term_gaps(rows, decided_on)
        return rows

    def _religious_communities(self) -> list[tuple[str, str]]:
        """The religious communities with a seat, each with the community its cleric is from."""
        if self.is_serb:
            return [("Srpska pravoslavna crkva – Eparhija raško-prizrenska", "serb")]
        islamic = f"Bashkësia Islame e Kosovës – Këshilli i Bashkësisë Islame {self.name_sq}"
        seats = [(islamic, self.majority)]
        if self.code in CATHOLIC:
            seats.append(("Kisha Katolike – Dioqeza e Prizren-Prishtinës", "albanian_catholic"))
        elif MINORITIES.get(self.code, ("",))[0] == "serb":
            seats.append(("Kisha Ortodokse Serbe – Eparkia e Rashkë-Prizrenit", "serb"))
        return seats

    def _apply_term_gaps(self, rows: list[Member], decided_on: date) -> None:
        rng = self.rng
        if "member_left" in self.gaps:
            # Someone resigned: their row stays, with the day they left, and a successor joined.
            leaver = rows[rng.randint(3, len(rows) - 2)]
            leaver.left_on = decided_on + timedelta(days=rng.randint(40, 120))
            successor = self.person()
            rows.append(
                Member(
                    council_id=self.council.id,
                    full_name=successor.full_name,
                    role=leaver.role,
                    institution=leaver.institution,
                    community=successor.community,
                    gender=successor.gender,
                    birth_year=self.birth_year(),
                    appointed_on=leaver.left_on + timedelta(days=rng.randint(10, 45)),
                    term_ends_on=leaver.term_ends_on,
                    appointing_decision=f"{self.code}-016/{leaver.left_on.year}-"
                    f"{rng.randint(261, 400)}",
                    is_publicly_named=True,
                )
            )
        if "term_expired" in self.gaps:
            # A member carried over from the previous council whose term was never renewed.
            veteran = rows[rng.randint(2, len(rows) - 1)]
            veteran.appointed_on = decided_on - timedelta(days=4 * 365)
            veteran.term_ends_on = self.today - timedelta(days=rng.randint(20, 90))
        if "term_ending" in self.gaps:
            member = rows[rng.randint(2, len(rows) - 1)]
            member.term_ends_on = self.today + timedelta(days=rng.randint(10, 50))


def _slug(name: str) -> str:
    table = str.maketrans("ëçËÇšžčćđŠŽČĆĐ ", "ecECszccdSZCCD-")
    return name.translate(table).lower()


def councils_by_code(session: Session) -> dict[str, Council]:
    """The seeded councils (with their municipality), by municipality code."""
    return {
        council.municipality.code: council
        for council in session.scalars(
            select(Council).options(joinedload(Council.municipality))
        ).unique()
    }


def add_rosters(session: Session, councils: dict[str, Council], today: date) -> None:
    """Give every council without members its decision, coordinator and roster."""
    with_members = set(session.scalars(select(Member.council_id).distinct()))
    members: list[Member] = []
    for code in sorted(councils):
        council = councils[code]
        if council.id in with_members:
            continue
        maker = _RosterMaker(council, today)
        decision, decided_on = maker.decide()
        members.extend(maker.members(decision, decided_on))
        session.add_all(maker.decisions)
    session.add_all(members)
    session.flush()
