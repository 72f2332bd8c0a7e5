"""The consultations blueprint, shared by the view modules of the meetings slice."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consultations", __name__)
