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


def seed_municipalities(session: Session) -> tuple[int, int]:
    """Insert missing municipalities and councils, refresh facts; return (created, updated).

    Running it again changes nothing unless the bundled data changed; fields an
    administrator maintains (multi-ethnic flag, council details) are never overwritten.
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
            "aliases": row.aliases,
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
