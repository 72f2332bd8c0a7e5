"""Compliance factories: threshold changes, the communities of a municipality, reviews."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from safety.accounts.models import User
from safety.compliance.models import Review, ReviewMessage, ReviewStatus, ThresholdChange
from safety.councils.models import Council, Municipality, MunicipalityCommunity
from safety.dates import today


@pytest.fixture
def make_threshold_change(session: Session) -> Callable[..., ThresholdChange]:
    """A threshold's new value from `effective_from` (today unless given)."""

    def factory(
        name: str, value: Any, effective_from: date | None = None, **overrides: Any
    ) -> ThresholdChange:
        change = ThresholdChange(
            name=name,
            value=value,
            effective_from=effective_from or today(),
            reason=overrides.pop("reason", "Agreed by the steering group."),
            **overrides,
        )
        session.add(change)
        session.flush()
        return change

    return factory


@pytest.fixture
def set_communities(session: Session) -> Callable[[Municipality, Iterable[str]], None]:
    """Replace a municipality's list of communities (`Community` values or "unknown")."""

    def factory(municipality: Municipality, communities: Iterable[str]) -> None:
        session.execute(
            delete(MunicipalityCommunity).where(
                MunicipalityCommunity.municipality_id == municipality.id
            )
        )
        for community in communities:
            session.add(MunicipalityCommunity(municipality_id=municipality.id, community=community))
        session.flush()
        session.expire(municipality, ["is_multi_ethnic"])

    return factory


@pytest.fixture
def make_review(
    session: Session, council_a: Council, users: dict[str, User]
) -> Callable[..., Review]:
    """A ministry review of a council; `messages` are (side, body) pairs of its thread."""

    def factory(
        council: Council | None = None,
        *,
        messages: Iterable[tuple[str, str]] = (),
        **overrides: Any,
    ) -> Review:
        day = today()
        values: dict[str, Any] = {
            "council_id": (council or council_a).id,
            "reviewer_id": users["ministry"].id,
            "reviewed_as_of": day,
            "findings": "The council has not held a public consultation this year.",
            "recommendations": "Hold a public consultation before the end of June.",
            "respond_by": day + timedelta(days=30),
            "status": ReviewStatus.AWAITING_RESPONSE,
            "rules": "R09",
        }
        values.update(overrides)
        review = Review(**values)
        session.add(review)
        session.flush()
        for side, body in messages:
            author = users["ministry"] if side == "ministry" else None
            session.add(
                ReviewMessage(
                    review_id=review.id,
                    side=side,
                    body=body,
                    author_id=author.id if author else None,
                )
            )
        session.flush()
        return review

    return factory
