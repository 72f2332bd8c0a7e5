"""The home page: each person lands where their work is; the public sees the overview."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> Response | str:
    """Send each signed-in person to their home page; show the public landing page otherwise."""
    if current_user.is_authenticated:
        # The same links and predicates as the navigation: their council, their
        # organisation, account administration, or the councils every reviewer follows.
        if current_user.council_id is not None:
            return redirect(url_for("councils.show", council_id=current_user.council_id))
        if current_user.organisation_id is not None:
            return redirect(
                url_for("organisations.show", organisation_id=current_user.organisation_id)
            )
        if current_user.can_administer_accounts():
            return redirect(url_for("admin.users"))
        return redirect(url_for("councils.index"))
    return render_template("main/index.html")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Serve the SVG icon where browsers and crawlers look for it without reading <head>."""
    return current_app.send_static_file("favicon.svg")
