"""Lists of concerns and their CSV exports: a council's, across councils, an organisation's own.

A council's list is for its staff: its own secretary, the ministry and administrators (who
read restricted concerns too; only the secretary sees who submitted them). The list across
councils is the ministry's and administrators'; a secretary asking for it is sent to their
own council's list. A CSO user lists its organisation's own concerns, whatever the
organisation's verification status.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from safety.accounts.models import Role, User
from safety.collation import sort_key
from safety.concerns.access import can_read_council_concerns, is_council_secretary
from safety.concerns.answer_days import answer_days_today
from safety.concerns.blueprint import bp
from safety.concerns.export import stream_csv
from safety.concerns.list_forms import AllConcernsFilterForm, ConcernFilterForm
from safety.concerns.listing import Scope, concern_list_query, list_rows
from safety.concerns.queries import council_or_404
from safety.councils.models import Council, Municipality
from safety.councils.queries import by_municipality_name
from safety.dates import today
from safety.db import get_session
from safety.i18n import current_language
from safety.pagination import filter_args, paginate

Page = Response | str


def can_read_all_concerns(user: User) -> bool:
    """The list across councils: the ministry's review tool, and administrators'."""
    return bool(user.is_authenticated) and user.role in (Role.MINISTRY, Role.ADMIN)


def can_read_own_concerns(user: User) -> bool:
    """A CSO user's list of its organisation's concerns (pending organisations included)."""
    return bool(user.is_authenticated) and user.role == Role.CSO and bool(user.organisation_id)


@bp.app_template_global()
def concerns_list_url(user: User) -> str | None:
    """Where the navigation's "Concerns" link takes `user`, or None if they have no list."""
    if not user.is_authenticated:
        return None
    if user.role == Role.SECRETARY and user.council_id is not None:
        return url_for("concerns.index", council_id=user.council_id)
    if can_read_all_concerns(user):
        return url_for("concerns.all")
    if can_read_own_concerns(user):
        return url_for("concerns.mine")
    return None


def _council_for_list(council_id: int) -> Council:
    """The council whose concerns are asked for: 404 if none, 403 unless its staff."""
    council = council_or_404(get_session(), council_id)
    if not can_read_council_concerns(current_user, council.id):
        abort(403)
    return council


def _read_filters(form: ConcernFilterForm) -> ConcernFilterForm:
    # An unknown filter value is shown as an error and ignored rather than failing the page.
    form.validate()
    return form


def _query(scope: Scope, form: ConcernFilterForm) -> Any:
    return concern_list_query(
        scope,
        form.filters(),
        today=today(),
        days=answer_days_today(),
        language=current_language(),
    )


def _list_page(template: str, scope: Scope, form: ConcernFilterForm, **context: Any) -> str:
    page = paginate(_query(scope, form), get_session().execute, form)
    return render_template(
        template,
        form=form,
        scope=scope,
        rows=list_rows(page.items, today=today(), days=answer_days_today()),
        newer_url=page.newer_url,
        older_url=page.older_url,
        **context,
    )


def _csv_response(scope: Scope, form: ConcernFilterForm, name: str) -> Response:
    rows = stream_csv(
        _query(scope, form),
        scope,
        today=today(),
        days=answer_days_today(),
        language=current_language(),
    )
    filename = f"concerns-{name}-{today().isoformat()}.csv"
    return Response(
        stream_with_context(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _council_scope(council: Council) -> Scope:
    # Only the council's own secretary sees who submitted (records.md, "Who may do what").
    return Scope.council(council.id, with_submitter=is_council_secretary(current_user, council.id))


@bp.get("/councils/<int:council_id>/concerns/")
@login_required
def index(council_id: int) -> Page:
    """List a council's concerns, filtered, searched, sorted and paged (its staff only)."""
    council = _council_for_list(council_id)
    form = _read_filters(ConcernFilterForm(formdata=request.args))
    return _list_page(
        "concerns/index.html",
        _council_scope(council),
        form,
        council=council,
        export_url=url_for("concerns.export", council_id=council.id, **filter_args(form)),
    )


@bp.get("/councils/<int:council_id>/concerns/export.csv")
@login_required
def export(council_id: int) -> Response:
    """Download the concerns the council's list shows with these filters, as CSV."""
    council = _council_for_list(council_id)
    form = _read_filters(ConcernFilterForm(formdata=request.args))
    return _csv_response(_council_scope(council), form, council.municipality.code.lower())


def _all_concerns_form() -> AllConcernsFilterForm:
    """The filters across councils, with the councils and districts to choose from."""
    form = AllConcernsFilterForm(formdata=request.args)
    language = current_language()
    councils = get_session().execute(
        select(Council.id, Municipality)
        .join(Municipality, Municipality.id == Council.municipality_id)
        .order_by(*by_municipality_name(language))
    )
    municipalities = []
    council_choices: list[tuple[str, str]] = [("", _("All"))]
    for council_id, municipality in councils:
        municipalities.append(municipality)
        council_choices.append((str(council_id), municipality.bilingual_name(language)))
    form.council.choices = council_choices
    districts = sorted({m.district for m in municipalities}, key=sort_key(language))
    form.district.choices = [("", _("All")), *((d, d) for d in districts)]
    return _read_filters(form)


@bp.get("/concerns/", endpoint="all")
@login_required
def all_councils() -> Page:
    """List concerns across councils, for the ministry and administrators."""
    if current_user.role == Role.SECRETARY:
        # A secretary's list is their own council's; send them there rather than refuse.
        return redirect(url_for("concerns.index", council_id=current_user.council_id))
    if not can_read_all_concerns(current_user):
        abort(403)
    form = _all_concerns_form()
    return _list_page(
        "concerns/all.html",
        Scope.everywhere(),
        form,
        export_url=url_for("concerns.export_all", **filter_args(form)),
    )


@bp.get("/concerns/export.csv")
@login_required
def export_all() -> Response:
    """Download the concerns the list across councils shows with these filters, as CSV."""
    if not can_read_all_concerns(current_user):
        abort(403)
    return _csv_response(Scope.everywhere(), _all_concerns_form(), "all")


@bp.get("/concerns/mine")
@login_required
def mine() -> Page:
    """List the concerns of the user's organisation, with how many answers each has had."""
    if not can_read_own_concerns(current_user):
        abort(403)
    form = _read_filters(ConcernFilterForm(formdata=request.args))
    return _list_page("concerns/mine.html", Scope.organisation(current_user.organisation_id), form)
