"""The meetings slice's routes: one module per job, all on the `consultations` blueprint."""

from safety.consultations.blueprint import bp
from safety.consultations.views import (  # noqa: F401  (importing registers the routes)
    attendance,
    calendar,
    meetings,
    paper,
    public,
    records,
)

__all__ = ["bp"]
