"""A council's public history of consultations and activities, open to everyone."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from safety.consultations.access import council_or_404
from safety.consultations.blueprint import bp
from safety.consultations.public_forms import PublicActivityFilterForm
from safety.consultations.public_queries import (
    activity_from_row,
    public_activities,
    public_activity_years,
)
from safety.councils.models import Council
from safety.dates import today
from safety.db import get_session
from safety.i18n import current_language
from safety.pagination import paginate

Page = str | tuple[str, int]


@bp.get("/councils/<int:council_id>/consultations")
def public_list(council_id: int) -> Page:
    """List a council's held and upcoming public activities, newest first, by year."""
    council = council_or_404(council_id, joinedload(Council.municipality))
    session = get_session()
    day, language = today(), current_language()
    form = PublicActivityFilterForm(formdata=request.args)
    form.year.choices = [
        ("", _("All years")),
        *((str(year), str(year)) for year in public_activity_years(session, council.id, day)),
    ]
    if not form.validate():
        return render_template(
            "consultations/public_list.html",
            council=council,
            form=form,
            activities=[],
            newer_url=None,
            older_url=None,
        ), 400
    page = paginate(
        public_activities(council.id, day, language, year=form.year.data), session.execute, form
    )
    return render_template(
        "consultations/public_list.html",
        council=council,
        form=form,
        activities=[activity_from_row(row, language) for row in page.items],
        newer_url=page.newer_url,
        older_url=page.older_url,
    )
