"""Older/newer paging for list pages, without a COUNT query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import abort, current_app, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import Select

T = TypeVar("T")

MAX_PAGE = 1_000_000
"""Beyond this a page number is refused (400): the offset must fit the databases' integers."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    newer_url: str | None
    older_url: str | None


def filter_args(filters: FlaskForm | None) -> dict[str, list[str]]:
    """The filter form's own fields as typed, for url_for; nothing else from the query string.

    Other query keys never reach url_for, where names like `_external`, `_scheme` or a view
    argument would change the link itself rather than filter the list.
    """
    if filters is None:
        return {}
    fields = {field.name: field for field in filters}
    values = {}
    # In the order the query string gave them, so the links read like the address typed.
    for name in dict.fromkeys(request.args):
        field = fields.get(name)
        typed = [value for value in (field.raw_data or []) if value != ""] if field else []
        if typed:
            values[name] = typed
    return values


def _page_url(page: int, filters: dict[str, list[str]]) -> str:
    """This list's URL with the same filters, on another page."""
    return url_for(request.endpoint or "", **(request.view_args or {}), **filters, page=page)


def paginate(
    query: Select[Any], run: Callable[[Select[Any]], Any], filters: FlaskForm | None = None
) -> Page[Any]:
    """Run `query` for the requested page (`?page=N`) with `run` (session.scalars/execute).

    `filters` is the list's filter form (read from the query string): the newer/older links
    carry its fields, so they keep the filters.
    """
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    if page > MAX_PAGE:
        abort(400)
    size = current_app.config["PAGE_SIZE"]
    # One row more than a page tells whether an older page exists, without a COUNT query.
    rows = run(query.limit(size + 1).offset((page - 1) * size)).all()
    values = filter_args(filters)
    return Page(
        items=rows[:size],
        newer_url=_page_url(page - 1, values) if page > 1 else None,
        older_url=_page_url(page + 1, values) if len(rows) > size else None,
    )
