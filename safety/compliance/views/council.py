"""A council's compliance page: every finding explained, and its 12-month trend."""

from __future__ import annotations

from safety.compliance.blueprint import bp  # noqa: F401
