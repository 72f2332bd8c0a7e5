"""Administrators' writes to the compliance settings: thresholds, a municipality's communities.

Flush-only, like every service: the view commits. Both writes are audited by the model
listener (a threshold change's row carries its reason; each community added or removed is
its own row).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from safety.accounts.models import User
from safety.compliance.models import ThresholdChange
from safety.compliance.threshold_catalogue import CATALOGUE, InvalidValueError, order_problem
from safety.compliance.thresholds import threshold_history
from safety.councils.models import (
    UNKNOWN_COMMUNITIES,
    Community,
    Municipality,
    MunicipalityCommunity,
)
from safety.dates import today as kosovo_today

REASON_MAX_LENGTH = 2000

COMMUNITY_VALUES = (*(community.value for community in Community), UNKNOWN_COMMUNITIES)
"""What a municipality's list may hold: every community, and "unknown"."""


class SettingsError(ValueError):
    """A change the service refuses; the message says why, translated."""


def change_threshold(
    session: Session,
    actor: User | None,
    name: str,
    value: Any,
    effective_from: date,
    reason: str,
    *,
    today: date | None = None,
) -> ThresholdChange:
    """Record `name`'s new `value` from `effective_from` on (today or later), with a reason.

    Refuses an unknown name, a value the threshold cannot take, a date before today, an
    empty reason, and a value that would put a warning limit above its breach limit on the
    effective date.
    """
    threshold = CATALOGUE.get(name)
    if threshold is None:
        raise SettingsError(_("There is no threshold named %(name)s.", name=name))
    try:
        value = threshold.check(value)
    except InvalidValueError as error:
        raise SettingsError(str(error)) from None
    # Decided reading 22: a change never rewrites the past.
    if effective_from < (today or kosovo_today()):
        raise SettingsError(_("A change takes effect today or later, never earlier."))
    reason = (reason or "").strip()
    if not reason:
        raise SettingsError(_("Give the reason for the change."))
    if len(reason) > REASON_MAX_LENGTH:
        raise SettingsError(_("Keep the reason under %(num)d characters.", num=REASON_MAX_LENGTH))
    problem = order_problem({**threshold_history(session).on(effective_from), name: value})
    if problem:
        raise SettingsError(problem)
    change = ThresholdChange(
        name=name,
        value=value,
        effective_from=effective_from,
        reason=reason,
        changed_by_id=actor.id if actor else None,
    )
    session.add(change)
    session.flush()
    return change


def set_communities(
    session: Session, actor: User | None, municipality: Municipality, communities: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Make `communities` the municipality's list; return (added, removed).

    Only the difference is written, so the trail shows what changed, and a community kept
    on the list keeps its row. The majority community must be listed, unless the list says
    "unknown" (nobody has checked).
    """
    # The audit listener records who acted (the signed-in user); `actor` keeps the
    # services' common signature.
    del actor
    wanted = set(communities)
    unknown_values = wanted - set(COMMUNITY_VALUES)
    if unknown_values:
        raise SettingsError(_("Choose communities from the list."))
    if UNKNOWN_COMMUNITIES not in wanted and municipality.majority_community.value not in wanted:
        raise SettingsError(
            _(
                "The majority community must be among those living in the municipality, "
                'unless you check "Not known".'
            )
        )
    rows = {
        row.community: row
        for row in session.scalars(
            select(MunicipalityCommunity).where(
                MunicipalityCommunity.municipality_id == municipality.id
            )
        )
    }
    added = wanted - set(rows)
    removed = set(rows) - wanted
    for community in sorted(removed):
        session.delete(rows[community])
    for community in sorted(added):
        session.add(MunicipalityCommunity(municipality_id=municipality.id, community=community))
    session.flush()
    session.expire(municipality, ["is_multi_ethnic"])
    return added, removed
