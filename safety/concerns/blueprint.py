"""The concerns blueprint, shared by the view modules of the concerns slice."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("concerns", __name__)
