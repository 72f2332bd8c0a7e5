"""The plans blueprint, shared by the view modules of the action-plans slice."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("plans", __name__)
