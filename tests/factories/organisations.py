"""Organisation factories: civil-society organisations, verified unless told otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from safety.dates import utcnow
from safety.organisations.models import Organisation, OrganisationStatus
from tests.factories import sequence


@pytest.fixture
def make_organisation(session: Session) -> Callable[..., Organisation]:
    def factory(
        status: OrganisationStatus = OrganisationStatus.VERIFIED, **overrides: Any
    ) -> Organisation:
        number = next(sequence)
        values: dict[str, Any] = {
            "name": f"Community Voice {number}",
            "registration_number": f"5{number:08d}",
            "contact_email": f"contact{number}@cso.example.org",
        }
        values.update(overrides)
        organisation = Organisation(**values)
        if status == OrganisationStatus.VERIFIED:
            # Verified as a reviewer does it, so the verified details are kept too.
            organisation.verify(utcnow())
        else:
            organisation.status = status
        session.add(organisation)
        session.commit()
        return organisation

    return factory
