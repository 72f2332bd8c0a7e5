"""Demo data: the collector that asks every slice for its demo data, in dependency order.

Each slice owns its demo data in `safety/<slice>/demo.py` (names, rosters, organisations,
accounts...) and this module only calls them. Everything is deterministic: each area seeds
its own `random.Random` from `demo_common.SEED` and a key of its own, so two fresh databases
get the same data, and adding an area never shifts another area's people.

A new slice (meetings, concerns, plans...) adds `safety/<slice>/demo.py` with an
`add_<things>(session, ...)` builder that flushes, is idempotent (adds nothing on a rerun)
and takes what it needs from earlier builders (`councils`, `organisations`, `today`), then
adds one line to `create_demo_data` below, after the areas it depends on.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from safety.accounts import demo as accounts_demo
from safety.compliance import demo_reviews, demo_settings
from safety.concerns import demo as concerns_demo
from safety.consultations import demo as consultations_demo
from safety.councils import demo as councils_demo
from safety.organisations import demo as organisations_demo
from safety.plans import demo as plans_demo


def create_demo_data(session: Session, today: date | None = None) -> list[accounts_demo.DemoLogin]:
    """Add demo rosters, organisations, meetings and accounts (idempotent); return the logins.

    Expects the municipalities and councils to be seeded. Councils that already have members
    are left alone, as are accounts and organisations that already exist.
    """
    today = today or date.today()
    councils = councils_demo.councils_by_code(session)
    municipalities = {code: council.municipality for code, council in councils.items()}
    councils_demo.add_rosters(session, councils, today)
    organisations = organisations_demo.add_organisations(session, municipalities)
    consultations_demo.add_meetings(session, councils, organisations, today)
    logins = accounts_demo.add_accounts(session, councils, organisations)
    # After the accounts: secretaries record the answers, the organisation's user submits.
    concerns_demo.add_concerns(session, councils, organisations, today)
    # After the concerns: plan items answer the concerns accepted into the plan.
    plans_demo.add_plans(session, councils, organisations, today)
    # After the accounts: the demo administrator made the threshold changes.
    demo_settings.add_settings(session, municipalities, today)
    # Last: reviews are about the findings of everything above.
    demo_reviews.add_reviews(session, councils, today)
    return logins
