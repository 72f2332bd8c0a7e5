"""What would fix a finding, and where each rule comes from: the council page's advice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from safety.compliance.rules import DEFAULT_THRESHOLDS, Finding, Group, Status
from safety.labels import label

# The product's own copy of the "Source" column of compliance-rules.md: the page must cite
# where each obligation comes from, and the product never reads the shared notes at run time.
SOURCES: Mapping[str, Any] = {
    "R01": _l(
        "Kosovo Police page on the councils (established in every municipality); OSCE 2012 on "
        "the revised Administrative Instruction (appointment through the Municipal Assembly)"
    ),
    "R02": _l("Kosovo Police page on the councils (led by the mayor)"),
    "R03": _l("Kosovo Police page on the councils"),
    "R04": _l(
        "OSCE 2012 (composition); KCSS 2010 (poor representation of women, youth, minorities)"
    ),
    "R05": _l("Revised Administrative Instruction (appointment procedure)"),
    "R06": _l("Kosovo Police page on the councils (regular monthly meetings)"),
    "R07": _l("Common rule of collegial bodies"),
    "R08": _l("Councils' practice (agendas open with approval of the previous minutes)"),
    "R09": _l(
        "Law on Local Self-Government and the Administrative Instruction on Transparency in "
        "Municipalities (at least two public meetings a year); Saferworld/FIQ"
    ),
    "R10": _l("KCSS 2010; OSCE 2011"),
    "R11": _l("KCSS 2010 (poor representation); OSCE youth inter-community activities"),
    "R12": _l("Saferworld/FIQ (councils not developing action plans); councils' practice"),
    "R13": _l(
        "Administrative Instruction (MLGA) No. 06/2018 on minimum standards of public "
        "consultation in municipalities; Regulation No. 05/2016"
    ),
    "R14": _l("Councils' practice (plan recommended to the Municipal Assembly)"),
    "R15": _l("Accountability practice (Decidim, CONSUL results)"),
    "R16": _l("Administrative Instruction (MLGA) No. 06/2018 and Regulation No. 05/2016"),
    "R17": _l("MIA/MLGA oversight role (OSCE 2012); practice of six-month summaries"),
    "R18": _l("OSCE 2011 (timely responses improved perceived security)"),
}


def source(rule: str) -> str:
    """The source the rule's obligation and default thresholds are taken from."""
    return str(SOURCES.get(rule, ""))


def remedy(finding: Finding) -> str:
    """One or two sentences saying what would fix `finding`; empty when nothing needs fixing."""
    if finding.status in (Status.OK, Status.NOT_APPLICABLE):
        return ""
    limit = _limits(finding)
    details = finding.details
    match (finding.rule, finding.reason):
        case (_rule, "not_constituted" | "no_decision"):
            return _(
                "Record the Municipal Assembly's decision constituting the council, with its "
                "number and date."
            )
        case ("R01", "not_yet_constituted"):
            return _(
                "The council exists from the date of its constituting decision; if the Assembly "
                "decided earlier, correct the decision's date."
            )
        case ("R01", _reason):
            return _(
                "Record the members the Municipal Assembly appointed, with their appointment dates."
            )
        case ("R02", _reason):
            return _("Record the mayor or a deputy mayor as the council's chair.")
        case ("R03", _reason):
            return _("Record the police station commander as a member of the council.")
        case ("R04", _reason):
            return _broad_membership(details)
        case ("R05", "term_ending"):
            return _(
                "Prepare the reappointment or replacement of the members whose terms end within "
                "%(days)s days, and record it.",
                days=limit("r05_warning_days"),
            )
        case ("R05", _reason):
            return _(
                "Record the reappointment of the members whose terms have ended, or their "
                "departure."
            )
        case ("R06", "too_few_meetings"):
            return _(
                "Hold council meetings regularly and record them as held: at least %(min)s in 12 "
                "months, the next within %(days)s days of the last.",
                min=limit("r06_min_meetings"),
                days=limit("r06_warning_days"),
            )
        case ("R06", _reason):
            return _(
                "Hold a council meeting and record it as held; the next meeting must follow "
                "within %(days)s days.",
                days=limit("r06_warning_days"),
            )
        case ("R07", _reason):
            return _(
                "Make sure more than half of the active members (or their substitutes) attend "
                "each council meeting, and record the attendance of every meeting."
            )
        case ("R08", "unapproved"):
            return _(
                "Put the minutes to the next council meeting for approval and record the approval."
            )
        case ("R08", _reason):
            return _(
                "Record the missing minutes or consultation records; they are due within %(days)s "
                "days of each meeting.",
                days=limit("r08_warning_days"),
            )
        case ("R09", _reason):
            return _(
                "Hold a public consultation and record it as held; at least %(num)s are required "
                "in each calendar year.",
                num=limit("r09_min_consultations"),
            )
        case ("R10", _reason):
            return _(
                "Hold a public consultation that reaches a non-majority community (invite its "
                "members, meet in one of its settlements or provide interpretation) and record "
                "who took part."
            )
        case ("R11", _reason):
            return _women_and_youth(finding.reason, limit)
        case ("R12", _reason):
            return _(
                "Adopt the action plan for the year at a council meeting after its public "
                "comment period; it is due by %(due)s of each year.",
                due=_month_day(limit("r12_plan_due")),
            )
        case ("R13", "no_report"):
            return _(
                "Publish the consultation report, answering every comment with the reason it "
                "was accepted or rejected; it is due within %(days)s days of adoption.",
                days=limit("r13_report_days"),
            )
        case ("R13", _reason):
            return _(
                "Open the next plan for public comment for at least %(days)s working days before "
                "its adoption, and publish the consultation report.",
                days=limit("r13_min_working_days"),
            )
        case ("R14", _reason):
            return _(
                "Forward the adopted action plan to the Municipal Assembly and record the date; "
                "it is due there within %(days)s days of adoption.",
                days=limit("r14_warning_days"),
            )
        case ("R15", _reason):
            return _(
                "Bring the overdue items up to date: record their progress, mark the finished "
                "ones done, or cancel those no longer pursued with a reason. More than "
                "%(share)s%% overdue is a breach.",
                share=limit("r15_breach_share"),
            )
        case ("R16", _reason):
            return _(
                "Give a first answer to every concern waiting more than %(days)s days, oldest "
                "first.",
                days=limit("r16_warning_days"),
            )
        case ("R17", "due_soon"):
            return _(
                "Submit the activity report to the Municipal Assembly before its due date and "
                "record the submission."
            )
        case ("R17", _reason):
            return _(
                "Submit the missing activity report to the Municipal Assembly and record the "
                "submission."
            )
        case ("R18", _reason):
            return _(
                "Hold an extraordinary meeting, a public consultation or a community activity "
                "in response to each serious incident, within %(days)s days of it.",
                days=limit("r18_response_days"),
            )
    return _("Check the records this rule reads and correct what is missing.")


def _limits(finding: Finding) -> Any:
    """The threshold the finding used, or the default where its rule records none."""

    def limit(name: str) -> Any:
        return finding.thresholds.get(name, DEFAULT_THRESHOLDS[name])

    return limit


def _month_day(value: str) -> str:
    # A `MM-DD` threshold as day.month, the pages' numeric date order.
    month, day = value.split("-")
    return f"{day}.{month}."


def _broad_membership(details: Mapping[str, Any]) -> str:
    missing = [label(Group(group)) for group in details.get("missing", ())]
    if not missing:
        return _("Appoint members so that every required group is represented.")
    return _(
        "Ask the Municipal Assembly to appoint %(groups)s, and record the appointment.",
        groups=", ".join(missing),
    )


def _women_and_youth(reason: str, limit: Any) -> str:
    women = _(
        "Invite women to the public consultations; at least %(share)s%% of the participants "
        "should be women.",
        share=limit("r11_women_share"),
    )
    youth = _(
        "Invite young people to the public consultations; on average, at least %(num)s of "
        "each consultation's participants should be under 30.",
        num=limit("r11_youth_per_consultation"),
    )
    match reason:
        case "women_missed":
            return women
        case "youth_missed":
            return youth
        case "no_participants":
            return _(
                "Record the participants of each public consultation by gender, age and community."
            )
    return f"{women} {youth}"
