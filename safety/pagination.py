"""Older/newer paging for list pages, without a COUNT query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import current_app, request, url_for
from sqlalchemy import Select

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    newer_url: str | None
    older_url: str | None


def _page_url(page: int) -> str:
    """This list's URL with the same filters, on another page."""
    args = request.args.to_dict()
    args["page"] = str(page)
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)


def paginate(query: Select[Any], run: Callable[[Select[Any]], Any]) -> Page[Any]:
    """Run `query` for the requested page (`?page=N`) with `run` (session.scalars/execute)."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    size = current_app.config["PAGE_SIZE"]
    # One row more than a page tells whether an older page exists, without a COUNT query.
    rows = run(query.limit(size + 1).offset((page - 1) * size)).all()
    return Page(
        items=rows[:size],
        newer_url=_page_url(page - 1) if page > 1 else None,
        older_url=_page_url(page + 1) if len(rows) > size else None,
    )
