"""The yearly national evaluation report, as printable HTML and PDF."""

from __future__ import annotations

from safety.compliance.blueprint import bp  # noqa: F401
