"""Administrators keep the list of communities living in each municipality; the ministry reads it.

Whether a municipality is multi-ethnic (R04, R10) is derived from the list, never entered
beside it: more than one community, or "not known" (decided reading 11).
"""

from __future__ import annotations

from collections import defaultdict

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from safety.compliance.blueprint import bp
from safety.compliance.services import COMMUNITY_VALUES, SettingsError, set_communities
from safety.compliance.settings_access import require_changer, require_reader
from safety.compliance.settings_forms import CommunitiesForm
from safety.councils.models import (
    UNKNOWN_COMMUNITIES,
    Community,
    Municipality,
    MunicipalityCommunity,
)
from safety.db import get_session
from safety.i18n import current_language
from safety.labels import label


def community_label(value: str) -> str:
    """A community's name, or the words for "not known"."""
    if value == UNKNOWN_COMMUNITIES:
        return _("Not known (counts as multi-ethnic)")
    return label(Community(value))


def _listed(values: set[str]) -> list[str]:
    """Recorded values in the form's order (the communities, then "not known")."""
    return [value for value in COMMUNITY_VALUES if value in values]


@bp.get("/admin/communities")
@login_required
def communities() -> str:
    """List the 38 municipalities with their communities and whether they are multi-ethnic."""
    require_reader()
    session = get_session()
    municipalities = session.scalars(select(Municipality).order_by(Municipality.code)).all()
    recorded: dict[int, set[str]] = defaultdict(set)
    for municipality_id, community in session.execute(
        select(MunicipalityCommunity.municipality_id, MunicipalityCommunity.community)
    ):
        recorded[municipality_id].add(community)
    rows = [
        (municipality, [community_label(value) for value in _listed(recorded[municipality.id])])
        for municipality in municipalities
    ]
    return render_template(
        "compliance/communities.html",
        rows=rows,
        multi_ethnic=sum(1 for municipality in municipalities if municipality.is_multi_ethnic),
        language=current_language(),
    )


@bp.route("/admin/municipalities/<int:municipality_id>/communities", methods=["GET", "POST"])
@login_required
def edit_communities(municipality_id: int) -> Response | str | tuple[str, int]:
    """Check the communities living in a municipality (or "not known")."""
    require_changer()
    session = get_session()
    municipality = session.get(Municipality, municipality_id)
    if municipality is None:
        abort(404)
    current = set(
        session.scalars(
            select(MunicipalityCommunity.community).where(
                MunicipalityCommunity.municipality_id == municipality_id
            )
        )
    )
    form = CommunitiesForm(municipality.majority_community.value)
    form.communities.choices = [(value, community_label(value)) for value in COMMUNITY_VALUES]
    if not form.is_submitted():
        form.communities.data = _listed(current)

    def page(status: int) -> tuple[str, int]:
        return render_template(
            "compliance/communities_edit.html",
            form=form,
            municipality=municipality,
            language=current_language(),
        ), status

    if not form.validate_on_submit():
        return page(400 if form.is_submitted() else 200)
    try:
        added, removed = set_communities(
            session, current_user, municipality, form.communities.data or []
        )
    except SettingsError as error:
        session.rollback()
        form.form_errors.append(str(error))
        return page(400)
    session.commit()
    name = municipality.name(current_language())
    if added or removed:
        flash(_("The communities of %(name)s have been saved.", name=name), "success")
    else:
        flash(_("Nothing changed in the communities of %(name)s.", name=name), "info")
    return redirect(url_for("compliance.communities", _anchor=f"m-{municipality.code}"))
