"""Placeholder: the councils area is being built."""

from flask import Blueprint

bp = Blueprint("councils", __name__, url_prefix="/councils")


@bp.get("/")
def index() -> str:
    return "councils"


@bp.get("/<int:council_id>")
def show(council_id: int) -> str:
    return "council"
