"""Findings for one council or all 38, for any date: the one path every page and command uses.

`load_compliance` reads everything the rules need, history included, in five queries whatever
the number of councils or records: the councils with their municipality, decisions and members;
the meetings; the concerns; the plans, reports and holidays; the threshold changes. The rules
then read the facts as they stood on any `as_of`, so a dashboard for one date and a 12-month
trend cost the same queries.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from safety.compliance.facts import (
    concern_facts_by_council,
    council_facts,
    meeting_facts_by_council,
    plan_facts_by_council,
)
from safety.compliance.rules import CouncilFacts, Finding, Status, evaluate, overall_status
from safety.compliance.thresholds import ThresholdHistory, threshold_history
from safety.councils.models import Council, Municipality


@dataclass(frozen=True)
class CouncilCompliance:
    """One council's findings (R01-R18 in rule order) and overall status on `as_of`."""

    council: Council
    as_of: date
    findings: tuple[Finding, ...]
    overall: Status

    @property
    def municipality(self) -> Municipality:
        return self.council.municipality

    @property
    def code(self) -> str:
        return self.council.municipality.code

    def finding(self, rule: str) -> Finding:
        return next(finding for finding in self.findings if finding.rule == rule)


@dataclass(frozen=True)
class ComplianceFacts:
    """What the rules read for a set of councils, loaded once and evaluable at any date."""

    councils: tuple[Council, ...]
    facts: dict[int, CouncilFacts]
    thresholds: ThresholdHistory
    # The first date these facts answer for (None: any date); see `load_compliance`.
    since: date | None = None

    def _check(self, as_of: date) -> None:
        if self.since is not None and as_of < self.since:
            raise ValueError(f"facts loaded for dates from {self.since}, asked for {as_of}")

    def on(self, as_of: date) -> list[CouncilCompliance]:
        """Every council's findings on `as_of`, in municipality-code order."""
        self._check(as_of)
        values = self.thresholds.on(as_of)
        found = []
        for council in self.councils:
            findings = evaluate(self.facts[council.id], as_of, values)
            found.append(CouncilCompliance(council, as_of, findings, overall_status(findings)))
        return found

    def council_on(self, council_id: int, as_of: date) -> CouncilCompliance:
        """One loaded council's findings on `as_of` (KeyError for a council not loaded)."""
        self._check(as_of)
        council = next((c for c in self.councils if c.id == council_id), None)
        if council is None:
            raise KeyError(council_id)
        findings = evaluate(self.facts[council_id], as_of, self.thresholds.on(as_of))
        return CouncilCompliance(council, as_of, findings, overall_status(findings))


def load_compliance(
    session: Session, council_ids: Collection[int] | None = None, since: date | None = None
) -> ComplianceFacts:
    """The facts of the given councils (all when `None`), in five queries.

    `since` is the earliest date the facts will be evaluated at (the dashboard's date, a
    trend's first month end): history settled before it is aggregated in SQL rather than
    read row by row, which keeps ten years of concerns cheap. The facts then refuse earlier
    dates.
    """
    query = (
        select(Council)
        .join(Council.municipality)
        # Members and decisions are small per council: one joined query beats three.
        .options(
            joinedload(Council.municipality),
            joinedload(Council.members),
            joinedload(Council.decisions),
        )
        .order_by(Municipality.code)
        # A session that loaded these councils before (a test, a view that wrote first)
        # keeps its loaded members and decisions unless they are read again.
        .execution_options(populate_existing=True)
    )
    if council_ids is not None:
        query = query.where(Council.id.in_(list(council_ids)))
    councils = tuple(session.scalars(query).unique())
    ids = [council.id for council in councils]
    meetings = meeting_facts_by_council(session, ids)
    concerns = concern_facts_by_council(session, ids, since)
    plans = plan_facts_by_council(session, ids)
    facts = {
        council.id: council_facts(
            council, meetings[council.id], concerns[council.id], plans[council.id]
        )
        for council in councils
    }
    return ComplianceFacts(councils, facts, threshold_history(session), since)


def evaluate_councils(
    session: Session, as_of: date, council_ids: Collection[int] | None = None
) -> list[CouncilCompliance]:
    """Findings of the given councils (all when `None`) on `as_of`."""
    return load_compliance(session, council_ids, since=as_of).on(as_of)


def evaluate_council(session: Session, council_id: int, as_of: date) -> CouncilCompliance | None:
    """One council's findings on `as_of`, through the same path as all 38; None if unknown."""
    found = evaluate_councils(session, as_of, [council_id])
    return found[0] if found else None


def month_ends(last: date, months: int = 12) -> list[date]:
    """The last day of each of the `months` months up to `last`'s month, oldest first; the
    latest is `last` itself when it falls before its month's end (a trend ends today)."""
    ends: list[date] = []
    first_of_month = last.replace(day=1)
    for _ in range(months):
        next_month = (first_of_month + timedelta(days=32)).replace(day=1)
        ends.append(min(next_month - timedelta(days=1), last))
        first_of_month = (first_of_month - timedelta(days=1)).replace(day=1)
    return sorted(ends)


def trend(facts: ComplianceFacts, council_id: int, days: Sequence[date]) -> list[CouncilCompliance]:
    """One council's findings at each of `days`, from facts loaded once."""
    return [facts.council_on(council_id, day) for day in days]
