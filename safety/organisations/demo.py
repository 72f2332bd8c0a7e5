"""Demo organisations: one verified CSO serving three municipalities, one awaiting review."""

# The Turkish name is spelled as its owners spell it (dotless i).
# ruff: noqa: RUF001

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.councils.models import Municipality
from safety.dates import utcnow
from safety.demo_common import DEMO_DOMAIN
from safety.organisations.models import Organisation, OrganisationStatus

CSO_MUNICIPALITIES = ("01", "07", "03")


def add_organisations(
    session: Session, municipalities: dict[str, Municipality]
) -> dict[str, Organisation]:
    """Add the demo organisations that do not exist yet; return all of them by key."""
    wanted = {
        "verified": {
            "name": "Qendra për Siguri në Komunitet / Centar za bezbednost zajednice",
            "registration_number": "DEMO-5110001",
            "contact_email": f"info.qsk@{DEMO_DOMAIN}",
            "contact_phone": "+383 44 210 310",
            "address": "Rr. Agim Ramadani 15, Prishtinë",
            "description": (
                "Works with neighbourhoods in Prishtinë, Graçanicë and Fushë Kosovë on safer "
                "school routes, street lighting and dialogue between communities."
            ),
            "status": OrganisationStatus.VERIFIED,
            "codes": CSO_MUNICIPALITIES,
        },
        "pending": {
            "name": "Rrjeti Rinor Mamushë / Mamuşa Gençlik Ağı",
            "registration_number": "DEMO-5110002",
            "contact_email": f"genclik.mamusa@{DEMO_DOMAIN}",
            "address": "Mamushë",
            "description": "Youth network asking for safer roads to school in Mamushë.",
            "status": OrganisationStatus.PENDING,
            "codes": ("26",),
        },
    }
    numbers = [values["registration_number"] for values in wanted.values()]
    found = {
        organisation.registration_number: organisation
        for organisation in session.scalars(
            select(Organisation).where(Organisation.registration_number.in_(numbers))
        )
    }
    organisations = {}
    for key, values in wanted.items():
        organisation = found.get(str(values["registration_number"]))
        if organisation is None:
            fields = {
                name: value for name, value in values.items() if name not in ("codes", "status")
            }
            organisation = Organisation(**fields)
            if values["status"] == OrganisationStatus.VERIFIED:
                organisation.verify(utcnow())
            organisation.municipalities = [municipalities[code] for code in values["codes"]]
            session.add(organisation)
        organisations[key] = organisation
    session.flush()
    return organisations
