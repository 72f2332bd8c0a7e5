"""Idempotent seeding of the 38 municipalities and their councils from bundled data."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.councils.models import Community, Council, Municipality


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    district: str
    name_sq: str
    name_sr: str
    name_tr: str | None
    majority_community: Community
    osce_region: str
    aliases: str
    declaration_signed_on: date | None


def read_municipalities() -> list[MunicipalityRow]:
    """Parse the bundled copy of the municipalities list."""
    text = (resources.files("safety") / "data" / "municipalities.csv").read_text("utf-8")
    return [
        MunicipalityRow(
            code=row["code"],
            district=row["district"],
            name_sq=row["name_sq"],
            name_sr=row["name_sr"],
            name_tr=row["name_tr"] or None,
            majority_community=Community(row["majority_community"]),
            osce_region=row["osce_region"],
            aliases="|".join(a.strip() for a in row["aliases"].split(";") if a.strip()),
            declaration_signed_on=(
                date.fromisoformat(row["declaration_signed_on"])
                if row["declaration_signed_on"]
                else None
            ),
        )
        for row in csv.DictReader(text.splitlines())
    ]


def merge_aliases(kept: str, bundled: str) -> str:
    """The aliases already stored, then each bundled alias they lack (compared case-blind).

    Aliases added by an administrator survive a seed, and new bundled ones reach databases
    seeded before them. An alias dropped from the bundled list stays until removed by hand.
    """
    merged = [alias for alias in kept.split("|") if alias]
    known = {alias.casefold() for alias in merged}
    for alias in bundled.split("|"):
        if alias and alias.casefold() not in known:
            merged.append(alias)
            known.add(alias.casefold())
    return "|".join(merged)


def seed_municipalities(session: Session) -> tuple[int, int]:
    """Insert missing municipalities and councils, refresh facts; return (created, updated).

    Running it again changes nothing unless the bundled data changed; fields an
    administrator maintains (multi-ethnic flag, council details, added aliases) are never
    overwritten.
    """
    existing = {m.code: m for m in session.scalars(select(Municipality))}
    with_council = set(session.scalars(select(Council.municipality_id)))
    created = updated = 0
    for row in read_municipalities():
        municipality = existing.get(row.code)
        if municipality is None:
            municipality = Municipality(code=row.code)
            session.add(municipality)
            created += 1
        facts = {
            "district": row.district,
            "name_sq": row.name_sq,
            "name_sr": row.name_sr,
            "name_tr": row.name_tr,
            "majority_community": row.majority_community,
            "osce_region": row.osce_region,
            "aliases": merge_aliases(municipality.aliases or "", row.aliases),
            "declaration_signed_on": row.declaration_signed_on,
        }
        changed = False
        for field, value in facts.items():
            if getattr(municipality, field, None) != value:
                setattr(municipality, field, value)
                changed = True
        if changed and municipality.id is not None:
            updated += 1
        session.flush()
        if municipality.id not in with_council:
            session.add(Council(municipality_id=municipality.id))
    session.flush()
    return created, updated
