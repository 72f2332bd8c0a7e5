"""From stored records to the frozen facts the pure rules read."""

from __future__ import annotations

from safety.compliance.rules import CouncilFacts, MemberFacts
from safety.councils.models import Council, Member


def member_facts(member: Member) -> MemberFacts:
    return MemberFacts(
        role=member.role,
        appointed_on=member.appointed_on,
        left_on=member.left_on,
        term_ends_on=member.term_ends_on,
        gender=member.gender,
        birth_year=member.birth_year,
        community=member.community,
    )


def council_facts(council: Council) -> CouncilFacts:
    """The membership facts of a council loaded with its municipality, decisions and members."""
    municipality = council.municipality
    first = council.constituting_decision
    return CouncilFacts(
        constituted_on=first.decided_on if first else None,
        decision_number=first.number if first else None,
        is_multi_ethnic=municipality.is_multi_ethnic,
        majority_community=municipality.majority_community,
        members=tuple(member_facts(member) for member in council.members),
    )
