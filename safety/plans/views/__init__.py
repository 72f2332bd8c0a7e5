"""The plans slice's routes: one module per job, all on the `plans` blueprint."""

from safety.plans.blueprint import bp
from safety.plans.views import (  # noqa: F401  (importing registers the routes)
    comments,
    holidays,
    plans,
    reports,
)

__all__ = ["bp"]
