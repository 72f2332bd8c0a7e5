"""Placeholder: the organisations area is being built."""

from flask import Blueprint

bp = Blueprint("organisations", __name__)


@bp.get("/organisations")
def index() -> str:
    return "organisations"


@bp.get("/organisations/<int:organisation_id>")
def show(organisation_id: int) -> str:
    return "organisation"


@bp.get("/register")
def register() -> str:
    return "register"
