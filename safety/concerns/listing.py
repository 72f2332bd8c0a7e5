"""One query for every list of concerns: scope, filters, search and order, for pages and CSV.

The council's list, the ministry's list across councils, an organisation's own list and
both CSV exports are built here, so an export holds exactly the rows its list shows. Deleted
concerns never appear. The due date and the overdue mark read the same rule as the concern
page (`safety.concerns.deadlines`, and its SQL twin in `safety.concerns.queries`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, String, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from safety.collation import sort_key
from safety.concerns.deadlines import due_on, is_overdue
from safety.concerns.models import (
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernStatus,
    Sensitivity,
)
from safety.concerns.queries import answered_on_column, overdue_clause
from safety.councils.models import Community, Council, Municipality
from safety.councils.search import fold
from safety.labels import label, register_labels
from safety.organisations.models import Organisation

OPEN = "open"
"""The status filter's value for submitted, under review or reopened (`OPEN_STATUSES`)."""

MAX_SEARCH_TERMS = 8
"""Each word is one LIKE over every concern's text: a longer query adds cost, not precision."""


class SortKey(enum.StrEnum):
    SUBMITTED = "submitted"
    DUE = "due"
    STATUS = "status"
    CATEGORY = "category"


SORT_LABELS = register_labels(
    SortKey,
    {
        SortKey.SUBMITTED: _l("Date submitted"),
        SortKey.DUE: _l("Answer due by"),
        SortKey.STATUS: _l("Status"),
        SortKey.CATEGORY: _l("Category"),
    },
)


_SEPARATORS = re.compile(r"[\W_]+")


def fold_text(text: str) -> str:
    """Lower-case `text` without accents; "đ" becomes "dj", the usual way to type it."""
    return fold(text.replace("đ", "dj").replace("Đ", "Dj"))


def search_terms(text: str) -> tuple[str, ...]:
    """The lower-cased words of a search (as `search_text` is lower-cased), each required."""
    return tuple(word for word in _SEPARATORS.split(text.lower()) if word)[:MAX_SEARCH_TERMS]


# The accented letters of Albanian and Serbian (Latin), folded in SQL as `fold_text` folds
# them in Python. Plain REPLACE behaves the same on SQLite and PostgreSQL, which SQLite's
# ASCII-only LOWER and PostgreSQL's `unaccent` extension would not. Kept to these letters:
# each is one more nested call, and SQLite's parser refuses deep nesting.
_LOWER_FOLDS = (("ë", "e"), ("ç", "c"), ("č", "c"), ("ć", "c"), ("š", "s"), ("ž", "z"), ("đ", "dj"))
# Capitals, for columns stored as typed (SQLite's LOWER leaves them as they are).
_UPPER_FOLDS = tuple((letter.upper(), plain) for letter, plain in _LOWER_FOLDS)


def folded(column: ColumnElement[Any], *, lowered: bool = False) -> ColumnElement[Any]:
    """`column` folded like `fold_text`; `lowered` text (`search_text`) skips capitals."""
    expression = column
    for accented, plain in _LOWER_FOLDS if lowered else _LOWER_FOLDS + _UPPER_FOLDS:
        expression = func.replace(expression, accented, plain)
    return expression if lowered else func.lower(expression)


def matches(column: ColumnElement[Any], typed: str, *, lowered: bool) -> ColumnElement[bool]:
    """`column` contains what was typed: folded on both sides, or exactly as typed.

    Folding lets "gracanica" find "Gračanica"; the exact comparison keeps letters outside
    the folded set (Turkish "ş", "ö"...) found when typed as stored.
    """
    typed = typed.lower()
    column_as_typed = column if lowered else func.lower(column)
    clause = folded(column, lowered=lowered).contains(fold_text(typed), autoescape=True)
    if fold_text(typed) == typed:
        return clause
    return or_(clause, column_as_typed.contains(typed, autoescape=True))


@dataclass(frozen=True)
class ConcernFilters:
    """What a reader asked a list for: filters, search words and order (all optional)."""

    words: tuple[str, ...] = ()
    statuses: frozenset[ConcernStatus] = frozenset()
    category: ConcernCategory | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    community: Community | None = None
    settlement: str | None = None
    sensitivity: Sensitivity | None = None
    overdue_only: bool = False
    serious_only: bool = False
    council_id: int | None = None
    district: str | None = None
    sort: SortKey = SortKey.SUBMITTED
    descending: bool = True

    def across(self, *, council_id: int | None, district: str | None) -> ConcernFilters:
        """The same filters narrowed to a council or district (the list across councils)."""
        return replace(self, council_id=council_id, district=district)


class ListKind(enum.Enum):
    COUNCIL = "council"
    ALL = "all"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Scope:
    """Whose concerns a list holds, and whether its reader may see who submitted them."""

    kind: ListKind
    council_id: int | None = None
    organisation_id: int | None = None
    with_submitter: bool = False

    @classmethod
    def council(cls, council_id: int, *, with_submitter: bool) -> Scope:
        return cls(ListKind.COUNCIL, council_id=council_id, with_submitter=with_submitter)

    @classmethod
    def everywhere(cls) -> Scope:
        # Across councils the reader is the ministry or an administrator: never submitters.
        return cls(ListKind.ALL)

    @classmethod
    def organisation(cls, organisation_id: int) -> Scope:
        # An organisation's own concerns: it submitted them, so it sees who did.
        return cls(ListKind.ORGANISATION, organisation_id=organisation_id, with_submitter=True)

    @property
    def across_councils(self) -> bool:
        return self.kind is not ListKind.COUNCIL


@dataclass(frozen=True)
class ListRow:
    """One concern as a list or an export row shows it."""

    id: int
    reference: str
    title: str
    category: ConcernCategory
    settlement: str | None
    communities: str
    status: ConcernStatus
    submitted_on: date
    reopened_on: date | None
    serious_incident: bool
    incident_on: date | None
    sensitivity: Sensitivity
    council_id: int
    municipality: Municipality
    answered_on: date | None
    due_on: date
    is_overdue: bool
    submitter_name: str | None = None
    submitter_email: str | None = None
    submitter_phone: str | None = None
    organisation_name: str | None = None
    answers_count: int = 0
    last_answer_on: date | None = None

    @property
    def is_restricted(self) -> bool:
        return self.sensitivity == Sensitivity.RESTRICTED

    @property
    def community_list(self) -> list[str]:
        return [value for value in self.communities.split(",") if value]


# The council's municipality, named so a result row reads `row.municipality`.
_MUNICIPALITY = aliased(Municipality, name="municipality")


def _has_answer() -> ColumnElement[bool]:
    return (ConcernEvent.concern_id == Concern.id) & (func.coalesce(ConcernEvent.answer, "") != "")


def _columns(scope: Scope) -> list[Any]:
    columns: list[Any] = [
        Concern.id,
        Concern.reference,
        Concern.title,
        Concern.category,
        Concern.settlement,
        Concern.communities,
        Concern.status,
        Concern.submitted_on,
        Concern.reopened_on,
        Concern.serious_incident,
        Concern.incident_on,
        Concern.sensitivity,
        Concern.council_id,
        _MUNICIPALITY,
        answered_on_column().label("answered_on"),
    ]
    if scope.with_submitter:
        columns += [
            Concern.submitter_name,
            Concern.submitter_email,
            Concern.submitter_phone,
            Organisation.name.label("organisation_name"),
        ]
    if scope.kind is ListKind.ORGANISATION:
        columns += [
            select(func.count(ConcernEvent.id))
            .where(_has_answer())
            .correlate(Concern)
            .scalar_subquery()
            .label("answers_count"),
            select(func.max(ConcernEvent.changed_on))
            .where(_has_answer())
            .correlate(Concern)
            .scalar_subquery()
            .label("last_answer_on"),
        ]
    return columns


def _order(filters: ConcernFilters, language: str) -> list[ColumnElement[Any]]:
    if filters.sort is SortKey.DUE:
        # Every concern has the same number of days: ordering by the start of its cycle is
        # ordering by its due date.
        key: ColumnElement[Any] = func.coalesce(Concern.reopened_on, Concern.submitted_on)
    elif filters.sort is SortKey.STATUS:
        # The order of the workflow, not of the words.
        key = case(
            {status: rank for rank, status in enumerate(ConcernStatus)}, value=Concern.status
        )
    elif filters.sort is SortKey.CATEGORY:
        # Alphabetical in the reader's language, as the labels read.
        by_label = sorted(ConcernCategory, key=lambda member: sort_key(language)(label(member)))
        key = case({member: rank for rank, member in enumerate(by_label)}, value=Concern.category)
    else:
        key = Concern.submitted_on
    direction = key.desc() if filters.descending else key.asc()
    return [direction, Concern.submitted_on.desc(), Concern.id.desc()]


def _community_clause(community: Community) -> ColumnElement[bool]:
    # Communities are stored comma-separated: fence both ends so "roma" is not found in "romani".
    fenced = literal(",", String) + Concern.communities + literal(",", String)
    return fenced.contains(f",{community.value},", autoescape=True)


def concern_list_query(
    scope: Scope, filters: ConcernFilters, *, today: date, days: int, language: str
) -> Select[Any]:
    """The rows of a list: one statement, however many concerns match."""
    municipality = _MUNICIPALITY
    query = (
        select(*_columns(scope))
        .join(Council, Council.id == Concern.council_id)
        .join(municipality, municipality.id == Council.municipality_id)
        .where(Concern.deleted_on.is_(None))
    )
    if scope.with_submitter:
        query = query.outerjoin(Organisation, Organisation.id == Concern.organisation_id)
    if scope.kind is ListKind.COUNCIL:
        query = query.where(Concern.council_id == scope.council_id)
    elif scope.kind is ListKind.ORGANISATION:
        query = query.where(Concern.organisation_id == scope.organisation_id)
    if filters.council_id is not None:
        query = query.where(Concern.council_id == filters.council_id)
    if filters.district:
        query = query.where(municipality.district == filters.district)
    for term in filters.words:
        query = query.where(matches(Concern.search_text, term, lowered=True))
    if filters.statuses:
        query = query.where(Concern.status.in_(sorted(filters.statuses)))
    if filters.category is not None:
        query = query.where(Concern.category == filters.category)
    if filters.submitted_from is not None:
        query = query.where(Concern.submitted_on >= filters.submitted_from)
    if filters.submitted_to is not None:
        query = query.where(Concern.submitted_on <= filters.submitted_to)
    if filters.community is not None:
        query = query.where(_community_clause(filters.community))
    if filters.settlement:
        query = query.where(matches(Concern.settlement, filters.settlement, lowered=False))
    if filters.sensitivity is not None:
        query = query.where(Concern.sensitivity == filters.sensitivity)
    if filters.overdue_only:
        query = query.where(overdue_clause(today, days))
    if filters.serious_only:
        query = query.where(Concern.serious_incident.is_(True))
    return query.order_by(*_order(filters, language))


def list_rows(rows: Iterable[Any], *, today: date, days: int) -> list[ListRow]:
    """Result rows with their due date and overdue mark (the concern page's rule)."""
    return [
        ListRow(
            **row._mapping,
            due_on=due_on(row.submitted_on, row.reopened_on, days=days),
            is_overdue=is_overdue(row, today, days=days),
        )
        for row in rows
    ]
