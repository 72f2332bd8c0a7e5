"""The home page: each role lands where its work is; the public sees the overview."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from safety.accounts.models import Role

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> Response | str:
    """Send each role to its home page; show the public landing page otherwise."""
    if current_user.is_authenticated:
        if current_user.role == Role.SECRETARY:
            return redirect(url_for("councils.show", council_id=current_user.council_id))
        if current_user.role == Role.CSO:
            return redirect(
                url_for("organisations.show", organisation_id=current_user.organisation_id)
            )
        if current_user.role == Role.ADMIN:
            return redirect(url_for("admin.users"))
        return redirect(url_for("councils.index"))
    return render_template("main/index.html")
