"""Council helpers without SQL: Kosovo's today, name search and the R04 composition summary."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from safety.councils.models import Gender, Member, MemberRole, Municipality
from safety.templating import KOSOVO_TZ

# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"đ": "d", "\u0131": "i", "ł": "l", "ß": "ss"})

# Groups R04 looks for among active members, plus the chair and police (R02, R03), in the
# order the summary lists them.
COMPOSITION_ROLES = (
    MemberRole.CHAIR,
    MemberRole.POLICE_COMMANDER,
    MemberRole.MUNICIPAL_OFFICIAL,
    MemberRole.RELIGIOUS_COMMUNITY,
    MemberRole.CIVIL_SOCIETY,
    MemberRole.COMMUNITY_REPRESENTATIVE,
)


def today() -> date:
    """Today's calendar date in Kosovo (Europe/Belgrade), the only clock this area reads."""
    return datetime.now(KOSOVO_TZ).date()


def fold(text: str) -> str:
    """Lower-case `text` and drop accents so "Gracanica" matches "Gračanica"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_keys(municipality: Municipality) -> list[str]:
    """Every name of `municipality`, folded; "đ" also as "dj", the usual way to type it."""
    names = [municipality.name_sq, municipality.name_sr, municipality.name_tr or ""]
    names.extend(municipality.alias_list)
    keys = [fold(name) for name in names if name]
    keys.extend(fold(name.replace("đ", "dj").replace("Đ", "Dj")) for name in names if name)
    return keys


def matches_name(municipality: Municipality, query: str) -> bool:
    """True if the folded query occurs in any of the municipality's names."""
    needle = fold(query.strip())
    return not needle or any(needle in key for key in search_keys(municipality))


@dataclass(frozen=True)
class GroupPresence:
    role: MemberRole
    is_required: bool
    count: int

    @property
    def is_represented(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class Composition:
    """Who sits on a council on one day: the R04 groups and the counts the public may see."""

    active: int
    groups: tuple[GroupPresence, ...]
    women: int
    youth: int
    non_majority: int


def summarise_composition(
    members: Iterable[Member], municipality: Municipality, day: date
) -> Composition:
    """Summarise the members active on `day` against R04 (and the chair and police)."""
    active = [member for member in members if member.is_active_on(day)]
    groups = tuple(
        GroupPresence(
            role=role,
            # A community representative is only required where non-majority communities live.
            is_required=(
                role != MemberRole.COMMUNITY_REPRESENTATIVE or municipality.is_multi_ethnic
            ),
            count=sum(1 for member in active if member.role == role),
        )
        for role in COMPOSITION_ROLES
    )
    return Composition(
        active=len(active),
        groups=groups,
        women=sum(1 for member in active if member.gender == Gender.FEMALE),
        youth=sum(1 for member in active if member.is_youth_on(day)),
        # A member whose community is not recorded is not counted either way.
        non_majority=sum(
            1
            for member in active
            if member.community is not None and member.community != municipality.majority_community
        ),
    )
