"""Administrators keep the list of communities living in each municipality."""

from __future__ import annotations

from safety.compliance.blueprint import bp  # noqa: F401
