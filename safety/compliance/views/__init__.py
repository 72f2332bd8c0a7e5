"""The compliance product's routes: one module per job, all on the `compliance` blueprint."""

from safety.compliance.blueprint import bp
from safety.compliance.views import (  # noqa: F401  (importing registers the routes)
    communities,
    council,
    dashboard,
    public,
    report,
    reviews,
    settings,
)

__all__ = ["bp"]
