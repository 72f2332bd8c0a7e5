"""Placeholder: the audit browser is being built."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
def index() -> str:
    return "audit"
