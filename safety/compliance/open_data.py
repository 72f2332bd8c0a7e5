"""The open datasets of the transparency page: public facts only, aggregated in SQL.

Four datasets, each a fixed number of statements whatever the number of records: the councils
(the compliance load, five), held public consultations and community activities with their
participation figures (two), adopted plans with their items' progress (one) and concerns
counted by council, year, category and status (one). No column holds a person's name, a
contact, a concern's text or anything a secretary wrote in free text: only codes, dates,
categories and counts. Deleted (spam) concerns are left out; restricted ones are counted
like the others, and only counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from safety.compliance.evaluation import load_compliance
from safety.concerns.models import Concern
from safety.consultations.models import (
    Meeting,
    MeetingHost,
    MeetingKind,
    MeetingStatus,
    ParticipantCommunity,
    Participation,
    ParticipationCommunity,
)
from safety.councils.models import Council, Municipality
from safety.plans.models import ActionPlan, ItemStatus, PlanItem, PlanStatus
from safety.plans.queries import overdue_condition

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

PUBLIC_KINDS = (MeetingKind.PUBLIC_CONSULTATION, MeetingKind.COMMUNITY_ACTIVITY)
"""Meetings open to the public, whose participation is counted (never council meetings)."""

ADOPTED_STATUSES = (PlanStatus.ADOPTED, PlanStatus.FORWARDED_TO_ASSEMBLY)

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    name: str
    description: Any


@dataclass(frozen=True)
class Dataset:
    """One downloadable dataset: its columns (documented on the page) and how it is read."""

    name: str
    title: Any
    description: Any
    columns: tuple[Column, ...]
    read: Callable[[Session, date], list[Row]]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def records(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        return [dict(zip(self.column_names, row, strict=True)) for row in rows]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def council_rows(session: Session, day: date) -> list[Row]:
    """Each council with its municipality, constituting decision, members and status today."""
    facts = load_compliance(session, since=day)
    rows = []
    for found in facts.on(day):
        council, municipality = found.council, found.municipality
        decision = council.constituting_decision
        rows.append(
            (
                municipality.code,
                municipality.name_sq,
                municipality.name_sr,
                municipality.name_tr,
                municipality.district,
                municipality.osce_region,
                municipality.majority_community.value,
                _iso(decision.decided_on) if decision else None,
                decision.number if decision else None,
                sum(1 for member in council.members if member.is_active_on(day)),
                found.overall.value,
            )
        )
    return rows


COMMUNITY_COLUMNS = tuple(f"community_{community.value}" for community in ParticipantCommunity)


def consultation_rows(session: Session, day: date) -> list[Row]:
    """Held public consultations and community activities, oldest first, with participation."""
    by_community = (
        select(
            ParticipationCommunity.meeting_id,
            *(
                func.sum(
                    case(
                        (
                            ParticipationCommunity.community == community,
                            ParticipationCommunity.count,
                        ),
                        else_=0,
                    )
                ).label(f"c_{community.value}")
                for community in ParticipantCommunity
            ),
        )
        .group_by(ParticipationCommunity.meeting_id)
        .subquery()
    )
    held = (
        (Meeting.status == MeetingStatus.HELD),
        Meeting.kind.in_(PUBLIC_KINDS),
        Meeting.held_on <= day,
    )
    statement = (
        select(
            Meeting.id,
            Meeting.held_on,
            Municipality.code,
            Meeting.kind,
            Meeting.settlement,
            Meeting.interpretation,
            Participation.total,
            Participation.women,
            Participation.men,
            Participation.gender_undisclosed,
            Participation.under_30,
            Participation.aged_30_plus,
            Participation.age_undisclosed,
            *(by_community.c[f"c_{community.value}"] for community in ParticipantCommunity),
        )
        .join(Council, Council.id == Meeting.council_id)
        .join(Municipality, Municipality.id == Council.municipality_id)
        .outerjoin(Participation, Participation.meeting_id == Meeting.id)
        .outerjoin(by_community, by_community.c.meeting_id == Meeting.id)
        .where(*held)
        .order_by(Meeting.held_on, Municipality.code, Meeting.id)
    )
    # Co-hosts in a second statement: joined into the first, they would repeat its rows.
    hosts: dict[int, list[str]] = defaultdict(list)
    for meeting_id, code in session.execute(
        select(MeetingHost.meeting_id, Municipality.code)
        .join(Meeting, Meeting.id == MeetingHost.meeting_id)
        .join(Council, Council.id == MeetingHost.council_id)
        .join(Municipality, Municipality.id == Council.municipality_id)
        .where(*held)
        .order_by(MeetingHost.meeting_id, Municipality.code)
    ):
        hosts[meeting_id].append(code)
    rows = []
    for meeting_id, held_on, code, kind, settlement, interpretation, *counts in session.execute(
        statement
    ):
        recorded = counts[0] is not None
        participation = counts[:7]
        communities = [int(value or 0) if recorded else None for value in counts[7:]]
        rows.append(
            (
                held_on.isoformat(),
                code,
                " ".join(hosts.get(meeting_id) or [code]),
                MeetingKind(kind).value,
                settlement,
                bool(interpretation),
                *participation,
                *communities,
            )
        )
    return rows


def plan_rows(session: Session, day: date) -> list[Row]:
    """Adopted plans, by year and council, with their items' counts and mean progress today."""
    counted = PlanItem.status != ItemStatus.CANCELLED
    items = (
        select(
            PlanItem.plan_id,
            func.count(PlanItem.id).label("total"),
            func.sum(case((PlanItem.status == ItemStatus.DONE, 1), else_=0)).label("done"),
            func.sum(case((PlanItem.status == ItemStatus.CANCELLED, 1), else_=0)).label(
                "cancelled"
            ),
            func.sum(case((overdue_condition(PlanItem, day), 1), else_=0)).label("overdue"),
            func.avg(case((counted, PlanItem.progress), else_=None)).label("progress"),
        )
        .group_by(PlanItem.plan_id)
        .subquery()
    )
    statement = (
        select(
            ActionPlan.year,
            Municipality.code,
            ActionPlan.status,
            ActionPlan.adopted_on,
            ActionPlan.forwarded_on,
            func.coalesce(items.c.total, 0),
            func.coalesce(items.c.done, 0),
            func.coalesce(items.c.cancelled, 0),
            func.coalesce(items.c.overdue, 0),
            items.c.progress,
        )
        .join(Council, Council.id == ActionPlan.council_id)
        .join(Municipality, Municipality.id == Council.municipality_id)
        .outerjoin(items, items.c.plan_id == ActionPlan.id)
        .where(
            ActionPlan.status.in_(ADOPTED_STATUSES),
            ActionPlan.adopted_on.is_not(None),
            ActionPlan.adopted_on <= day,
        )
        .order_by(ActionPlan.year, Municipality.code)
    )
    rows = []
    for row in session.execute(statement):
        year, code, status, adopted_on, forwarded_on, *counts, progress = row
        rows.append(
            (
                year,
                code,
                PlanStatus(status).value,
                _iso(adopted_on),
                _iso(forwarded_on),
                *(int(count) for count in counts),
                None if progress is None else round(float(progress)),
            )
        )
    return rows


def concern_rows(session: Session, day: date) -> list[Row]:
    """Concerns counted by council, year submitted, category and today's status."""
    year = extract("year", Concern.submitted_on)
    statement = (
        select(
            Municipality.code,
            year,
            Concern.category,
            Concern.status,
            func.count(Concern.id),
        )
        .join(Council, Council.id == Concern.council_id)
        .join(Municipality, Municipality.id == Council.municipality_id)
        # Spam is deleted, and a deleted concern is absent from every count (quality bar #20).
        .where(Concern.deleted_on.is_(None), Concern.submitted_on <= day)
        .group_by(Municipality.code, year, Concern.category, Concern.status)
        .order_by(Municipality.code, year, Concern.category, Concern.status)
    )
    return [
        (code, int(submitted_year), str(category), str(status), int(count))
        for code, submitted_year, category, status, count in session.execute(statement)
    ]


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "councils",
            _l("Councils"),
            _l("One row per council: its municipality, constitution, members and status today."),
            (
                Column("code", _l("The municipality's official code, 01 to 38.")),
                Column("name_sq", _l("The municipality's name in Albanian.")),
                Column("name_sr", _l("The municipality's name in Serbian.")),
                Column("name_tr", _l("The municipality's name in Turkish, where it has one.")),
                Column("district", _l("The district.")),
                Column("osce_region", _l("The OSCE region.")),
                Column("majority_community", _l("The municipality's majority community.")),
                Column(
                    "constituted_on",
                    _l("Date of the Assembly's first decision constituting the council."),
                ),
                Column("constituting_decision", _l("That decision's number.")),
                Column("active_members", _l("Members on the council today.")),
                Column(
                    "overall_status",
                    _l("Overall compliance today: breach, warning, ok or not_applicable."),
                ),
            ),
            council_rows,
        ),
        Dataset(
            "consultations",
            _l("Public consultations and community activities"),
            _l(
                "One row per public consultation or community activity held, with its "
                "participants counted by gender, age group and community (blank when not "
                "recorded)."
            ),
            (
                Column("held_on", _l("The day it was held.")),
                Column("council_code", _l("The organising council's municipality code.")),
                Column("host_codes", _l("Every host council's code, separated by spaces.")),
                Column("kind", _l("public_consultation or community_activity.")),
                Column("settlement", _l("The settlement where it was held, if recorded.")),
                Column("interpretation", _l("Whether interpretation was provided.")),
                Column("participants", _l("Participants in all.")),
                Column("women", _l("Women.")),
                Column("men", _l("Men.")),
                Column("gender_undisclosed", _l("Participants who did not state a gender.")),
                Column("under_30", _l("Participants under 30.")),
                Column("aged_30_plus", _l("Participants aged 30 and over.")),
                Column("age_undisclosed", _l("Participants who did not state an age.")),
                *(
                    Column(name, _l("Participants of this community."))
                    for name in COMMUNITY_COLUMNS
                ),
            ),
            consultation_rows,
        ),
        Dataset(
            "plans",
            _l("Adopted action plans"),
            _l("One row per adopted action plan, with its items' progress today."),
            (
                Column("year", _l("The plan's year.")),
                Column("council_code", _l("The council's municipality code.")),
                Column("status", _l("adopted or forwarded_to_assembly.")),
                Column("adopted_on", _l("The day the council adopted it.")),
                Column("forwarded_on", _l("The day it was forwarded to the Assembly, if so.")),
                Column("items", _l("Items in the plan.")),
                Column("items_done", _l("Items done.")),
                Column("items_cancelled", _l("Items cancelled.")),
                Column(
                    "items_overdue",
                    _l("Items past their deadline today and neither done nor cancelled."),
                ),
                Column(
                    "progress_percent",
                    _l("Mean progress of the items not cancelled, in percent (blank: no items)."),
                ),
            ),
            plan_rows,
        ),
        Dataset(
            "concerns",
            _l("Concerns"),
            _l(
                "Community concerns counted by council, year submitted, category and status "
                "today. Only counts: no concern's text, place or submitter. Concerns deleted "
                "as spam are not counted."
            ),
            (
                Column("council_code", _l("The council's municipality code.")),
                Column("year", _l("The year the concern was submitted.")),
                Column("category", _l("The concern's category.")),
                Column("status", _l("Its status today.")),
                Column("count", _l("How many concerns.")),
            ),
            concern_rows,
        ),
    )
}
"""The datasets by name, in the order the page lists them."""
