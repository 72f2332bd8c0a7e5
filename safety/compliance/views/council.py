"""A council's compliance page: every finding explained, and its 12-month trend."""

from __future__ import annotations

from flask import abort

from safety.compliance.blueprint import bp


@bp.get("/councils/<int:council_id>/compliance")
def council(council_id: int) -> str:
    """Placeholder so other pages can link here; the council-page helper replaces it."""
    abort(404)
