"""Routes of the compliance product: settings."""

from __future__ import annotations

from tests.routes.base import Route

ROUTES: list[Route] = []
