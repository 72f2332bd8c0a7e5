"""Administrators change thresholds from a stated date, with a reason."""

from __future__ import annotations

from safety.compliance.blueprint import bp  # noqa: F401
