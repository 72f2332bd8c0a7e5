"""Placeholder: this job's routes land with its module."""

from __future__ import annotations

from tests.routes.base import Route

ROUTES: list[Route] = []
