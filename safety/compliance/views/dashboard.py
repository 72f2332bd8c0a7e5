"""The ministry dashboard: councils x rules on any date, filtered, sorted, exported."""

from __future__ import annotations

from safety.compliance.blueprint import bp  # noqa: F401
