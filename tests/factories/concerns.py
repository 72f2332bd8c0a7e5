"""Concern factories: concerns in any status with their dated events, as the rules read them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from safety.concerns.models import (
    AnswerChannel,
    Concern,
    ConcernCategory,
    ConcernChannel,
    ConcernEvent,
    ConcernStatus,
    Sensitivity,
)
from safety.councils.models import Council
from tests.factories import sequence


@pytest.fixture
def make_concern(session: Session, council_a: Council) -> Callable[..., Concern]:
    """A concern with a `submitted` event, then `history` as (status, date, answer) triples.

    The concern's `status` becomes the last status of its history.
    """

    def factory(
        council: Council | None = None,
        *,
        submitted_on: date = date(2025, 3, 3),
        history: Iterable[tuple[ConcernStatus, date, str | None]] = (),
        **overrides: Any,
    ) -> Concern:
        number = next(sequence)
        title = overrides.pop("title", f"Broken street lights near school {number}")
        description = overrides.pop(
            "description", "The street lights on the road to the school have been out for weeks."
        )
        values: dict[str, Any] = {
            "council_id": (council or council_a).id,
            "reference": f"T-{number:06d}",
            "title": title,
            "description": description,
            "search_text": f"{title} {description}".lower(),
            "category": ConcernCategory.LIGHTING_AND_INFRASTRUCTURE,
            "settlement": "Dardania",
            "submitted_on": submitted_on,
            "sensitivity": Sensitivity.PUBLIC,
            "channel": ConcernChannel.PHONE,
            "reviewed_on": submitted_on,
        }
        values.update(overrides)
        concern = Concern(**values)
        session.add(concern)
        session.flush()
        session.add(
            ConcernEvent(
                concern_id=concern.id, status=ConcernStatus.SUBMITTED, changed_on=submitted_on
            )
        )
        for status, changed_on, answer in history:
            session.add(
                ConcernEvent(
                    concern_id=concern.id,
                    status=status,
                    changed_on=changed_on,
                    answer=answer,
                    answer_channel=AnswerChannel.IN_APP if answer else None,
                    reason=answer if status == ConcernStatus.REJECTED else None,
                )
            )
            concern.status = status
        session.commit()
        return concern

    return factory
