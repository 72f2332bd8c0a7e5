"""The ministry's reviews of councils and the councils' responses."""

from __future__ import annotations

from safety.compliance.blueprint import bp  # noqa: F401
