"""A council's concerns as everyone sees them: counts over time, and the public concerns' texts.

Open to everyone, signed in or not, and the same for every reader: restricted concerns and
concerns not yet reviewed count as numbers only; no submitter's identity or contact and no
unpublished photo is ever read here.
"""

from __future__ import annotations

from flask import render_template

from safety.concerns.blueprint import bp
from safety.concerns.public_stats import (
    CHART_BAR_WIDTH,
    CHART_GAP,
    CHART_HEIGHT,
    category_by_year,
    chart_bars,
    public_answers,
    public_concerns_query,
    published_photo_ids,
    status_by_quarter,
    window_start,
)
from safety.concerns.queries import council_or_404
from safety.dates import today
from safety.db import get_session
from safety.pagination import paginate


@bp.get("/councils/<int:council_id>/concerns/public")
def public(council_id: int) -> str:
    """Show a council's concerns in numbers over time, and the texts of its public ones."""
    session = get_session()
    council = council_or_404(session, council_id)
    day = today()
    by_status = status_by_quarter(session, council.id, day)
    page = paginate(public_concerns_query(council.id), session.execute)
    concern_ids = [row.id for row in page.items]
    bars = chart_bars(by_status)
    return render_template(
        "concerns/public.html",
        council=council,
        since=window_start(day),
        by_status=by_status,
        by_category=category_by_year(session, council.id, day),
        bars=bars,
        chart_width=max(len(bars) * (CHART_BAR_WIDTH + CHART_GAP), CHART_BAR_WIDTH),
        chart_height=CHART_HEIGHT,
        bar_width=CHART_BAR_WIDTH,
        concerns=page.items,
        answers=public_answers(session, concern_ids),
        photos=published_photo_ids(session, concern_ids),
        newer_url=page.newer_url,
        older_url=page.older_url,
    )
