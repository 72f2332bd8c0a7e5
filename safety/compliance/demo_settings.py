"""Demo settings: the communities living in each municipality, and two threshold changes.

Communities follow the 2011 census and the OSCE's municipal profiles, roughly: 33 of the 38
municipalities are multi-ethnic; five are recorded as Albanian only (Skenderaj, Junik,
Malishevë, Kaçanik, Hani i Elezit), so their councils need no non-majority community
representative (R04) and R10 does not apply to them. One threshold change is already in
force (R05's notice of ending terms, which moves few findings) and one is scheduled for next
1 January (R13's comment period), so the thresholds page shows both kinds. Idempotent: a
municipality that has a list keeps it, and a change already recorded is not added again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.accounts.models import Role, User
from safety.compliance.models import ThresholdChange
from safety.councils.models import Municipality, MunicipalityCommunity

COMMUNITIES: Mapping[str, str] = {
    "01": "albanian serb bosniak turkish roma ashkali egyptian gorani",
    "02": "albanian serb roma ashkali",
    "03": "albanian serb roma ashkali egyptian",
    "04": "albanian serb roma ashkali egyptian",
    "05": "albanian serb roma ashkali croat",
    "06": "albanian ashkali",
    "07": "serb albanian roma",
    "08": "albanian serb bosniak turkish roma ashkali egyptian",
    "09": "serb albanian bosniak gorani turkish roma ashkali",
    "10": "serb albanian bosniak",
    "11": "serb albanian bosniak roma",
    "12": "serb albanian",
    "13": "albanian serb roma ashkali",
    "14": "albanian",
    "15": "albanian serb bosniak roma ashkali egyptian montenegrin",
    "16": "albanian serb bosniak roma ashkali egyptian",
    "17": "albanian serb roma ashkali egyptian",
    "18": "albanian egyptian roma ashkali serb",
    "19": "albanian serb egyptian ashkali",
    "20": "albanian",
    "21": "albanian serb roma ashkali egyptian",
    "22": "albanian bosniak turkish serb roma ashkali gorani",
    "23": "albanian gorani bosniak",
    "24": "albanian ashkali roma serb",
    "25": "albanian",
    "26": "turkish albanian roma",
    "27": "albanian serb roma ashkali bosniak",
    "28": "albanian",
    "29": "albanian ashkali roma serb",
    "30": "serb albanian roma",
    "31": "albanian",
    "32": "albanian serb turkish roma ashkali",
    "33": "albanian serb roma",
    "34": "albanian serb croat roma",
    "35": "serb albanian roma",
    "36": "serb albanian roma",
    "37": "serb albanian",
    "38": "serb albanian roma",
}
"""Communities living in each municipality (by code), the majority community first."""

MONO_ETHNIC = frozenset(code for code, listed in COMMUNITIES.items() if " " not in listed)
"""The five municipalities recorded as not multi-ethnic."""


def add_settings(session: Session, municipalities: Mapping[str, Municipality], today: date) -> None:
    """Add the communities of each municipality and the two threshold changes (idempotent)."""
    _add_communities(session, municipalities)
    _add_threshold_changes(session, today)
    session.flush()


def _add_communities(session: Session, municipalities: Mapping[str, Municipality]) -> None:
    listed = set(session.scalars(select(MunicipalityCommunity.municipality_id).distinct()))
    for code, municipality in sorted(municipalities.items()):
        if municipality.id in listed:
            continue
        session.add_all(
            MunicipalityCommunity(municipality_id=municipality.id, community=community)
            for community in COMMUNITIES[code].split()
        )


def _add_threshold_changes(session: Session, today: date) -> None:
    admin_id = session.scalar(select(User.id).where(User.role == Role.ADMIN).order_by(User.id))
    in_force = date(today.year - 1, 3, 1)
    scheduled = date(today.year + 1, 1, 1)
    changes = (
        ThresholdChange(
            name="r05_warning_days",
            value=90,
            effective_from=in_force,
            reason=(
                "The Municipal Assembly needs three months to appoint a successor, so councils "
                "are warned 90 days before a member's term ends instead of 60."
            ),
            changed_by_id=admin_id,
            changed_at=datetime(in_force.year, 2, 12, 9, 30, tzinfo=UTC),
        ),
        ThresholdChange(
            name="r13_min_working_days",
            value=20,
            effective_from=scheduled,
            reason=(
                "The steering group asks for at least 20 working days of public comment on "
                "action plans from next year, in line with the ministry's consultation guidance."
            ),
            changed_by_id=admin_id,
            changed_at=datetime(today.year, today.month, today.day, 8, 0, tzinfo=UTC),
        ),
    )
    recorded = set(session.execute(select(ThresholdChange.name, ThresholdChange.effective_from)))
    session.add_all(
        change for change in changes if (change.name, change.effective_from) not in recorded
    )
