"""Sorting in the reader's language: one ICU collation per language, applied in SQL.

PostgreSQL gets the collations from a migration (ICU provider); SQLite gets collation
functions of the same names on every connection, comparing with PyICU. Both use the
system's ICU library, so a list comes back in the same order on either engine, and sorting
in SQL keeps paginated lists right (sorting one page in Python would not).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import icu
from sqlalchemy import ColumnElement


class Collation(NamedTuple):
    name: str
    """The collation's name in SQL (the same on PostgreSQL and SQLite)."""
    locale: str
    """The BCP 47 tag given to ICU (PostgreSQL's `locale =` and PyICU's Locale)."""


# Serbian is written in Latin script here: "sr" alone is Cyrillic to ICU, and Latin text
# would then sort in the root order (Đ beside D, Š beside S) instead of the Serbian alphabet.
# English has no letters of its own to place, so "en" is ICU's plain (root) order.
COLLATIONS: dict[str, Collation] = {
    "sq": Collation("sq_icu", "sq"),
    "sr": Collation("sr_latn_icu", "sr-Latn"),
    "en": Collation("en_icu", "en"),
}
PLAIN = COLLATIONS["en"]


def collation_for(language: str) -> Collation:
    """The collation of `language`; a language without one sorts in the plain order."""
    return COLLATIONS.get(language, PLAIN)


def collate(column: ColumnElement[Any], language: str) -> ColumnElement[Any]:
    """`column` to be compared and ordered by the rules of `language`."""
    return column.collate(collation_for(language).name)


def _new_collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(locale))


@functools.cache
def _shared_collator(locale: str) -> icu.Collator:
    # ICU collators are safe to share between threads for comparing and sort keys.
    return _new_collator(locale)


def sort_key(language: str) -> Callable[[str], bytes]:
    """A `key=` for sorting a small in-memory list (drop-down choices) in `language`'s order."""
    return _shared_collator(collation_for(language).locale).getSortKey


def register_sqlite_collations(dbapi_connection: Any) -> None:
    """Give a new SQLite connection the collations PostgreSQL gets from the migration."""
    for collation in COLLATIONS.values():
        dbapi_connection.create_collation(
            collation.name, _shared_collator(collation.locale).compare
        )
