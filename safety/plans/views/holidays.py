"""The holiday table's pages: administrators list holidays by year, add, correct and delete them.

The table is the only calendar working days are counted with (decided reading 12); every
change is audited by the model's own trail. Everyone else gets 403.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from safety.accounts.models import Role, User
from safety.dates import format_date, today
from safety.db import get_session
from safety.plans.blueprint import bp
from safety.plans.comment_forms import HolidayFilterForm, HolidayForm
from safety.plans.holiday_prefill import FIRST_YEAR, LAST_YEAR
from safety.plans.models import Holiday

Page = Response | str | tuple[str, int]


@bp.app_template_global()
def can_manage_holidays(user: User) -> bool:
    """Administrators keep the holiday table (the navigation asks too)."""
    return user.is_authenticated and user.role == Role.ADMIN


def _administrator_only() -> None:
    if not can_manage_holidays(current_user):
        abort(403)


def _year_choices() -> list[tuple[int, str]]:
    """The pre-filled years, and any other year the table holds, newest first."""
    extract_year = func.extract("year", Holiday.day)
    held = {int(year) for year in get_session().scalars(select(extract_year).distinct())}
    years = sorted(held | set(range(FIRST_YEAR, LAST_YEAR + 1)), reverse=True)
    return [(year, str(year)) for year in years]


@bp.get("/admin/holidays")
@login_required
def holidays() -> str | tuple[str, int]:
    """List one year's holidays (this year's unless another is chosen)."""
    _administrator_only()
    form = HolidayFilterForm(request.args)
    form.year.choices = _year_choices()
    status = 200
    if not form.validate() or form.year.data is None:
        status = 400 if request.args.get("year") else 200
        form.year.data = today().year
    year = form.year.data
    rows = get_session().scalars(
        select(Holiday)
        .where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(Holiday.day, Holiday.id)
    )
    return render_template("plans/holidays.html", form=form, year=year, holidays=list(rows)), status


def _back_to_year(holiday: Holiday) -> Response:
    return redirect(url_for("plans.holidays", year=holiday.day.year))


@bp.route("/admin/holidays/new", methods=["GET", "POST"])
@login_required
def new_holiday() -> Page:
    """Add a holiday to the table (a confirmed Eid, a one-off day off, a substitute day)."""
    _administrator_only()
    form = HolidayForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("plans/holiday_form.html", form=form, holiday=None), status
    holiday = Holiday()
    form.populate_obj(holiday)
    session = get_session()
    session.add(holiday)
    session.commit()
    flash(_("The holiday on %(date)s has been added.", date=format_date(holiday.day)), "success")
    return _back_to_year(holiday)


def _holiday_or_404(holiday_id: int) -> Holiday:
    holiday = get_session().get(Holiday, holiday_id)
    if holiday is None:
        abort(404)
    return holiday


@bp.route("/admin/holidays/<int:holiday_id>/edit", methods=["GET", "POST"])
@login_required
def edit_holiday(holiday_id: int) -> Page:
    """Correct a holiday: confirm an estimated date, fix a name, change its kind."""
    _administrator_only()
    holiday = _holiday_or_404(holiday_id)
    form = HolidayForm(obj=holiday)

    def page(status: int) -> tuple[str, int]:
        return render_template("plans/holiday_form.html", form=form, holiday=holiday), status

    if not form.validate_on_submit():
        return page(400 if request.method == "POST" else 200)
    form.populate_obj(holiday)
    get_session().commit()
    flash(_("The holiday on %(date)s has been saved.", date=format_date(holiday.day)), "success")
    return _back_to_year(holiday)


@bp.post("/admin/holidays/<int:holiday_id>/delete")
@login_required
def delete_holiday(holiday_id: int) -> Response:
    """Remove a holiday from the table: that day counts as a working day again."""
    _administrator_only()
    holiday = _holiday_or_404(holiday_id)
    session = get_session()
    session.delete(holiday)
    session.commit()
    flash(
        _(
            "The holiday on %(date)s has been deleted: it counts as a working day again.",
            date=format_date(holiday.day),
        ),
        "success",
    )
    return _back_to_year(holiday)
