"""Routes of the compliance product: report."""

from __future__ import annotations

from tests.routes.base import Route

ROUTES: list[Route] = []
