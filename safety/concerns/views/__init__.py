"""The concerns slice's routes: one module per job, all on the `concerns` blueprint."""

from safety.concerns.blueprint import bp
from safety.concerns.views import (  # noqa: F401  (importing registers the routes)
    cases,
    intake,
    lists,
    photos,
    public,
)

__all__ = ["bp"]
