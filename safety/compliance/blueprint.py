"""The compliance blueprint, shared by the view modules of the compliance product."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("compliance", __name__)
