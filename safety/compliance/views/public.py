"""Public transparency: every council's compliance, the map and the open data."""

from __future__ import annotations

from safety.compliance.blueprint import bp  # noqa: F401
