"""Findings in words: the rule's obligation and a sentence with the actual numbers, translated."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from safety.compliance.rules import Finding, Group, Status
from safety.labels import label, register_labels

STATUS_LABELS = register_labels(
    Status,
    {
        Status.OK: _l("Met"),
        Status.WARNING: _l("Slipping"),
        Status.BREACH: _l("Not met"),
        Status.NOT_APPLICABLE: _l("Not applicable"),
    },
)

GROUP_LABELS = register_labels(
    Group,
    {
        Group.MUNICIPAL_OFFICIAL: _l("a municipal official"),
        Group.RELIGIOUS_COMMUNITY: _l("a religious community representative"),
        Group.CIVIL_SOCIETY: _l("a civil-society representative"),
        Group.COMMUNITY_REPRESENTATIVE: _l("a non-majority community representative"),
        Group.WOMAN: _l("a woman"),
        Group.YOUTH: _l("a person under 30"),
    },
)

OBLIGATIONS = {
    "R01": _l("The council is constituted"),
    "R02": _l("It has a chair"),
    "R03": _l("The police sit on it"),
    "R04": _l("Its membership is broad"),
    "R05": _l("Member terms are current"),
}


def obligation(rule: str) -> str:
    return str(OBLIGATIONS.get(rule, rule))


def _date(value: Any) -> str:
    # The same numeric day.month.year the templates' `date` filter prints.
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def explain(finding: Finding) -> str:
    """One sentence saying why `finding` has its status, with counts and dates."""
    details = finding.details
    match (finding.rule, finding.reason):
        case ("R01", "no_decision"):
            return _("No constituting decision (number and date) is recorded.")
        case ("R01", "not_yet_constituted"):
            return _(
                "The constituting decision is dated %(date)s, after this date.",
                date=_date(details["constituted_on"]),
            )
        case ("R01", "no_active_members"):
            return _("No member is active on this date.")
        case ("R01", "constituted"):
            return ngettext(
                "Constituted on %(date)s; %(num)d active member.",
                "Constituted on %(date)s; %(num)d active members.",
                details["active"],
                date=_date(details["constituted_on"]),
            )
        case ("R02", "missing"):
            return _("No active member is the chair.")
        case ("R03", "missing"):
            return _("No active member is the police station commander.")
        case ("R02" | "R03", "present"):
            return ngettext(
                "%(num)d active member holds this role.",
                "%(num)d active members hold this role.",
                details["count"],
            )
        case ("R04", "all_groups"):
            return _("Every required group is represented among the active members.")
        case ("R04", "groups_missing"):
            missing = ", ".join(label(Group(group)) for group in details["missing"])
            return ngettext(
                "%(num)d required group is missing: %(groups)s.",
                "%(num)d required groups are missing: %(groups)s.",
                len(details["missing"]),
                groups=missing,
            )
        case ("R05", "past_term"):
            return ngettext(
                "%(num)d active member serves past the end of the term (the earliest ended "
                "%(date)s).",
                "%(num)d active members serve past the end of their terms (the earliest ended "
                "%(date)s).",
                details["count"],
                date=_date(details["earliest"]),
            )
        case ("R05", "term_ending"):
            return ngettext(
                "%(num)d term ends within %(days)s days (the first on %(date)s).",
                "%(num)d terms end within %(days)s days (the first on %(date)s).",
                details["count"],
                days=finding.thresholds["r05_warning_days"],
                date=_date(details["earliest"]),
            )
        case ("R05", "terms_current"):
            return _("No active member serves past the end of the term.")
    return finding.reason
