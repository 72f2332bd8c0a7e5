"""Findings in words: the rule's obligation and a sentence with the actual numbers, translated."""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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
    "R06": _l("It meets regularly"),
    "R07": _l("Meetings are quorate"),
    "R08": _l("Minutes are kept"),
    "R09": _l("It consults the public"),
    "R10": _l("Consultations reach every community"),
    "R11": _l("Consultations include women and youth"),
    "R12": _l("It has a current action plan"),
    "R13": _l("The plan was consulted on"),
    "R14": _l("The plan is forwarded"),
    "R15": _l("The plan is carried out"),
    "R16": _l("Every concern gets an answer"),
    "R17": _l("It reports upward"),
    "R18": _l("It responds to serious incidents"),
}


STATUS_SYMBOLS = {
    Status.OK: "\u2713",  # check mark
    Status.WARNING: "!",
    Status.BREACH: "\u2715",  # multiplication x
    Status.NOT_APPLICABLE: "\u2013",  # en dash, as the pages write "nothing to judge"
}
"""A symbol per status in each cell, so colour is never the only carrier (WCAG 1.4.1)."""


def obligation(rule: str) -> str:
    return str(OBLIGATIONS.get(rule, rule))


def _date(value: Any) -> str:
    # The same numeric day.month.year the templates' `date` filter prints.
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def _number(value: float) -> str:
    # One decimal at most, in the reader's number format (25.7, 1).
    return format_decimal(value, format="#,##0.#")


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
        case (_rule, "not_constituted"):
            return _not_constituted(details)
        case ("R06", _reason):
            return _meets_regularly(finding)
        case ("R07", _reason):
            return _quorate(finding)
        case ("R08", _reason):
            return _minutes_kept(finding)
        case ("R09", _reason):
            return _consults_public(finding)
        case ("R10", _reason):
            return _reaches_communities(finding)
        case ("R11", _reason):
            return _women_and_youth(finding)
        case ("R12", _reason):
            return _current_plan(finding)
        case ("R13", _reason):
            return _plan_consulted(finding)
        case ("R14", _reason):
            return _plan_forwarded(finding)
        case ("R15", _reason):
            return _plan_carried_out(finding)
        case ("R16", _reason):
            return _concerns_answered(finding)
        case ("R17", _reason):
            return _reports_upward(finding)
        case ("R18", _reason):
            return _responds_to_incidents(finding)
    return finding.reason


def _not_constituted(details: Any) -> str:
    if details["constituted_on"] is None:
        return _("No constituting date is recorded: activity is not judged.")
    return _(
        "The council was constituted on %(date)s, after this date: activity is not judged.",
        date=_date(details["constituted_on"]),
    )


def _beyond_limit(finding: Finding, warning: str, breach: str) -> str:
    """A second sentence naming the limit a warning or breach passed, else nothing."""
    if finding.status == Status.BREACH:
        return " " + _("That is more than %(limit)s days.", limit=finding.thresholds[breach])
    if finding.status == Status.WARNING:
        return " " + _("That is more than %(limit)s days.", limit=finding.thresholds[warning])
    return ""


def _meets_regularly(finding: Finding) -> str:
    details = finding.details
    match finding.reason:
        case "too_few_meetings":
            return ngettext(
                "Only %(num)d council meeting was held since %(start)s; at least %(min)s are "
                "required in 12 months.",
                "Only %(num)d council meetings were held since %(start)s; at least %(min)s are "
                "required in 12 months.",
                details["count"],
                start=_date(details["window_start"]),
                min=finding.thresholds["r06_min_meetings"],
            )
        case "no_meeting":
            sentence = ngettext(
                "No council meeting has been held since the council was constituted on "
                "%(date)s, %(num)d day earlier.",
                "No council meeting has been held since the council was constituted on "
                "%(date)s, %(num)d days earlier.",
                details["days"],
                date=_date(details["constituted_on"]),
            )
        case _:
            sentence = ngettext(
                "The last council meeting was held on %(date)s, %(num)d day earlier.",
                "The last council meeting was held on %(date)s, %(num)d days earlier.",
                details["days"],
                date=_date(details["last_held_on"]),
            )
    return sentence + _beyond_limit(finding, "r06_warning_days", "r06_breach_days")


def _quorate(finding: Finding) -> str:
    details = finding.details
    start = _date(details["window_start"])
    match finding.reason:
        case "no_meetings":
            return _("No council meeting was held since %(start)s.", start=start)
        case "all_quorate":
            return ngettext(
                "The %(num)d council meeting held since %(start)s had more than half of the "
                "active members present.",
                "All %(num)d council meetings held since %(start)s had more than half of the "
                "active members present.",
                details["count"],
                start=start,
            )
    sentence = ngettext(
        "%(num)d of %(total)s council meetings held since %(start)s did not have more than "
        "half of the active members present: %(dates)s.",
        "%(num)d of %(total)s council meetings held since %(start)s did not have more than "
        "half of the active members present: %(dates)s.",
        details["inquorate"],
        total=details["count"],
        start=start,
        dates=", ".join(_date(day) for day in details["dates"]),
    )
    if details["unrecorded"]:
        sentence += " " + ngettext(
            "For %(num)d of them no attendance was recorded, so a quorum cannot be shown.",
            "For %(num)d of them no attendance was recorded, so a quorum cannot be shown.",
            details["unrecorded"],
        )
    return sentence


def _unapproved(details: Any) -> str:
    return ngettext(
        "The minutes of %(num)d council meeting are not approved although a later council "
        "meeting was held (the oldest of %(date)s).",
        "The minutes of %(num)d council meetings are not approved although a later council "
        "meeting was held (the oldest of %(date)s).",
        details["unapproved"],
        date=_date(details["unapproved_held_on"]),
    )


def _minutes_kept(finding: Finding) -> str:
    details = finding.details
    match finding.reason:
        case "no_meetings":
            return _("No council meeting or public consultation has been held yet.")
        case "minutes_kept":
            return _(
                "No meeting has waited more than %(limit)s days for its minutes or record, and "
                "council minutes were approved by the next council meeting.",
                limit=finding.thresholds["r08_warning_days"],
            )
        case "unapproved":
            return _unapproved(details)
    limit = (
        finding.thresholds["r08_breach_days"]
        if finding.status == Status.BREACH
        else finding.thresholds["r08_warning_days"]
    )
    sentence = ngettext(
        "%(num)d meeting has waited more than %(limit)s days for minutes or a record out of "
        "draft; the oldest, held on %(date)s, has waited %(days)s days.",
        "%(num)d meetings have waited more than %(limit)s days for minutes or a record out of "
        "draft; the oldest, held on %(date)s, has waited %(days)s days.",
        details["late"],
        limit=finding.thresholds["r08_warning_days"],
        date=_date(details["oldest_held_on"]),
        days=details["oldest_days"],
    )
    if finding.status == Status.BREACH:
        sentence += " " + _("That is more than %(limit)s days.", limit=limit)
    if details["unapproved"]:
        sentence += " " + _unapproved(details)
    return sentence


def _consults_public(finding: Finding) -> str:
    details = finding.details
    if finding.reason == "first_year":
        return ngettext(
            "%(num)d public consultation held in %(year)s by this date; in the year the "
            "council was constituted only a met obligation is judged.",
            "%(num)d public consultations held in %(year)s by this date; in the year the "
            "council was constituted only a met obligation is judged.",
            details["count"],
            year=details["year"],
        )
    if finding.reason == "missed":
        return ngettext(
            "%(num)d public consultation held in %(year)s by this date; %(needed)s were "
            "required by %(due)s.",
            "%(num)d public consultations held in %(year)s by this date; %(needed)s were "
            "required by %(due)s.",
            details["count"],
            year=details["year"],
            needed=details["needed"],
            due=_date(details["due_on"]),
        )
    return ngettext(
        "%(num)d public consultation held in %(year)s by this date; %(needed)s required by "
        "%(due)s.",
        "%(num)d public consultations held in %(year)s by this date; %(needed)s required by "
        "%(due)s.",
        details["count"],
        year=details["year"],
        needed=details["needed"],
        due=_date(details["due_on"]),
    )


def _reaches_communities(finding: Finding) -> str:
    details = finding.details
    match finding.reason:
        case "single_community":
            return _("The municipality is recorded as not multi-ethnic.")
        case "no_consultations":
            return _(
                "No public consultation was held since %(start)s, so none reached a "
                "non-majority community.",
                start=_date(details["window_start"]),
            )
        case "reached":
            return ngettext(
                "%(num)d public consultation held since %(start)s reached a non-majority "
                "community (the latest on %(date)s).",
                "%(num)d public consultations held since %(start)s reached a non-majority "
                "community (the latest on %(date)s).",
                details["reached"],
                start=_date(details["window_start"]),
                date=_date(details["last_reached_on"]),
            )
    return ngettext(
        "The %(num)d public consultation held since %(start)s had no participants from a "
        "non-majority community, was not held in a non-majority settlement and had no "
        "interpretation.",
        "None of the %(num)d public consultations held since %(start)s had participants from "
        "a non-majority community, was held in a non-majority settlement or had "
        "interpretation.",
        details["count"],
        start=_date(details["window_start"]),
    )


def _women_and_youth(finding: Finding) -> str:
    details = finding.details
    start = _date(details["window_start"])
    match finding.reason:
        case "no_consultations":
            return _("No public consultation was held since %(start)s.", start=start)
        case "no_participants":
            return ngettext(
                "The %(num)d public consultation held since %(start)s recorded no participants.",
                "The %(num)d public consultations held since %(start)s recorded no participants.",
                details["count"],
                start=start,
            )
    return ngettext(
        "%(num)d public consultation since %(start)s: %(women)s women among %(participants)s "
        "participants (%(share)s%%, at least %(min_share)s%% required) and %(youth)s under 30 "
        "(%(average)s per consultation, at least %(min_youth)s required).",
        "%(num)d public consultations since %(start)s: %(women)s women among "
        "%(participants)s participants (%(share)s%%, at least %(min_share)s%% required) and "
        "%(youth)s under 30 (%(average)s per consultation, at least %(min_youth)s required).",
        details["count"],
        start=start,
        women=details["women"],
        participants=details["participants"],
        share=_number(details["women_percent"]),
        min_share=finding.thresholds["r11_women_share"],
        youth=details["youth"],
        average=_number(details["youth_per_consultation"]),
        min_youth=finding.thresholds["r11_youth_per_consultation"],
    )


def _concerns_answered(finding: Finding) -> str:
    details = finding.details
    match finding.reason:
        case "no_concerns":
            return _("No concern had been submitted by this date.")
        case "answered":
            return ngettext(
                "%(num)d concern submitted by this date: none has waited more than %(limit)s "
                "days for a first answer (%(waiting)s still within that time).",
                "%(num)d concerns submitted by this date: none has waited more than %(limit)s "
                "days for a first answer (%(waiting)s still within that time).",
                details["count"],
                limit=finding.thresholds["r16_warning_days"],
                waiting=details["waiting"],
            )
    sentence = ngettext(
        "%(num)d concern has waited more than %(limit)s days for a first answer; the oldest, "
        "submitted on %(date)s, has waited %(days)s days.",
        "%(num)d concerns have waited more than %(limit)s days for a first answer; the "
        "oldest, submitted on %(date)s, has waited %(days)s days.",
        details["late"],
        limit=finding.thresholds["r16_warning_days"],
        date=_date(details["oldest_on"]),
        days=details["oldest_days"],
    )
    if finding.status == Status.BREACH:
        sentence += " " + _(
            "That is more than %(limit)s days.", limit=finding.thresholds["r16_breach_days"]
        )
    return sentence


def _responds_to_incidents(finding: Finding) -> str:
    details = finding.details
    start = _date(details["window_start"])
    match finding.reason:
        case "no_incidents":
            return _("No serious incident was recorded since %(start)s.", start=start)
        case "answered":
            return ngettext(
                "%(num)d serious incident since %(start)s: %(answered)s answered within "
                "%(limit)s days, %(pending)s less than %(warning)s days old.",
                "%(num)d serious incidents since %(start)s: %(answered)s answered within "
                "%(limit)s days, %(pending)s less than %(warning)s days old.",
                details["count"],
                start=start,
                answered=details["answered"],
                pending=details["pending"],
                limit=finding.thresholds["r18_response_days"],
                warning=finding.thresholds["r18_warning_days"],
            )
    return ngettext(
        "%(num)d serious incident has had no extraordinary meeting, public consultation or "
        "community activity in response; the oldest happened on %(date)s, %(days)s days "
        "earlier, and a response is due within %(limit)s days.",
        "%(num)d serious incidents have had no extraordinary meeting, public consultation or "
        "community activity in response; the oldest happened on %(date)s, %(days)s days "
        "earlier, and a response is due within %(limit)s days.",
        details["unanswered"],
        date=_date(details["oldest_on"]),
        days=details["oldest_days"],
        limit=finding.thresholds["r18_response_days"],
    )


# -- Action plans and activity reports (R12-R15, R17) -------------------------------------


def _current_plan(finding: Finding) -> str:
    details = finding.details
    match finding.reason:
        case "adopted":
            return _(
                "The action plan for %(year)s was adopted on %(date)s.",
                year=details["year"],
                date=_date(details["adopted_on"]),
            )
        case "first_year":
            return _(
                "No action plan for %(year)s was adopted by this date; in the year the council "
                "was constituted only a met obligation is judged.",
                year=details["year"],
            )
        case "not_yet_adopted":
            return _(
                "No action plan for %(year)s has been adopted yet; it is due by %(due)s.",
                year=details["year"],
                due=_date(details["due_on"]),
            )
    return _(
        "No action plan for %(year)s was adopted by this date; it was due by %(due)s.",
        year=details["year"],
        due=_date(details["due_on"]),
    )


def _no_adopted_plan(details: Any) -> str:
    return _("No action plan for %(year)s was adopted by this date.", year=details["year"])


def _comment_period(details: Any) -> str:
    return ngettext(
        "The public comment period from %(start)s had %(num)d working day before the plan "
        "was adopted on %(date)s.",
        "The public comment period from %(start)s had %(num)d working days before the plan "
        "was adopted on %(date)s.",
        details["working_days"],
        start=_date(details["comment_starts_on"]),
        date=_date(details["adopted_on"]),
    )


def _plan_consulted(finding: Finding) -> str:
    details = finding.details
    if finding.reason == "no_adopted_plan":
        return _no_adopted_plan(details)
    report_days = finding.thresholds["r13_report_days"]
    match finding.reason:
        case "no_comment_period":
            return _(
                "The action plan for %(year)s, adopted on %(date)s, had no public comment "
                "period before its adoption.",
                year=details["year"],
                date=_date(details["adopted_on"]),
            )
        case "no_report":
            return ngettext(
                "The action plan for %(year)s was adopted on %(date)s, %(num)d day earlier, and "
                "no consultation report has been published; it is due within %(limit)s days "
                "of adoption.",
                "The action plan for %(year)s was adopted on %(date)s, %(num)d days earlier, "
                "and no consultation report has been published; it is due within %(limit)s "
                "days of adoption.",
                details["days_since_adoption"],
                year=details["year"],
                date=_date(details["adopted_on"]),
                limit=report_days,
            )
        case "short_period":
            return (
                _comment_period(details)
                + " "
                + _(
                    "At least %(min)s working days are required.",
                    min=finding.thresholds["r13_min_working_days"],
                )
            )
        case "report_due":
            return (
                _comment_period(details)
                + " "
                + _(
                    "The consultation report is due within %(limit)s days of adoption.",
                    limit=report_days,
                )
            )
    return (
        _comment_period(details)
        + " "
        + _(
            "The consultation report was published on %(date)s.",
            date=_date(details["report_published_on"]),
        )
    )


def _plan_forwarded(finding: Finding) -> str:
    details = finding.details
    match finding.reason:
        case "no_adopted_plan":
            return _no_adopted_plan(details)
        case "forwarded":
            return _(
                "The action plan for %(year)s, adopted on %(date)s, was forwarded to the "
                "Municipal Assembly on %(forwarded)s.",
                year=details["year"],
                date=_date(details["adopted_on"]),
                forwarded=_date(details["forwarded_on"]),
            )
    sentence = ngettext(
        "The action plan for %(year)s was adopted on %(date)s, %(num)d day earlier, and has "
        "not been forwarded to the Municipal Assembly.",
        "The action plan for %(year)s was adopted on %(date)s, %(num)d days earlier, and has "
        "not been forwarded to the Municipal Assembly.",
        details["days_since_adoption"],
        year=details["year"],
        date=_date(details["adopted_on"]),
    )
    if finding.status == Status.OK:
        return (
            sentence
            + " "
            + _(
                "It is due there within %(limit)s days of adoption.",
                limit=finding.thresholds["r14_warning_days"],
            )
        )
    return sentence + _beyond_limit(finding, "r14_warning_days", "r14_breach_days")


def _plan_carried_out(finding: Finding) -> str:
    details = finding.details
    match finding.reason:
        case "no_adopted_plan":
            return _(
                "No action plan for %(year)s or the year before was adopted by this date.",
                year=details["year"],
            )
        case "no_items":
            return _("The adopted action plans have no items other than cancelled ones.")
        case "on_schedule":
            return ngettext(
                "The %(num)d item of the adopted action plans is not past its deadline "
                "without being done.",
                "None of the %(num)d items of the adopted action plans is past its deadline "
                "without being done.",
                details["count"],
            )
    sentence = ngettext(
        "%(overdue)s of %(num)d item of the adopted action plans is past its deadline and "
        "neither done nor cancelled (%(share)s%%); the oldest deadline was %(date)s.",
        "%(overdue)s of %(num)d items of the adopted action plans are past their deadline and "
        "neither done nor cancelled (%(share)s%%); the oldest deadline was %(date)s.",
        details["count"],
        overdue=details["overdue"],
        share=_number(details["overdue_percent"]),
        date=_date(details["oldest_deadline"]),
    )
    if finding.status == Status.BREACH:
        sentence += " " + _(
            "That is more than %(limit)s%% of the items.",
            limit=finding.thresholds["r15_breach_share"],
        )
    return sentence


def _report_sentence(report: Any) -> str:
    """One sentence per report R17 looked at; each kind and state in full, for translators."""
    year = report["year"]
    annual = report["kind"] == "annual"
    match report["state"]:
        case "submitted":
            day = _date(report["submitted_on"])
            if annual:
                return _(
                    "The annual activity report for %(year)s was submitted on %(date)s.",
                    year=year,
                    date=day,
                )
            return _(
                "The mid-year activity report for %(year)s was submitted on %(date)s.",
                year=year,
                date=day,
            )
        case "missing":
            day = _date(report["due_on"])
            if annual:
                return _(
                    "The annual activity report for %(year)s was due by %(date)s and has not "
                    "been submitted.",
                    year=year,
                    date=day,
                )
            return _(
                "The mid-year activity report for %(year)s was due by %(date)s and has not "
                "been submitted.",
                year=year,
                date=day,
            )
    day = _date(report["due_on"])
    if annual:
        return _("The annual activity report for %(year)s is due by %(date)s.", year=year, date=day)
    return _("The mid-year activity report for %(year)s is due by %(date)s.", year=year, date=day)


def _reports_upward(finding: Finding) -> str:
    reports = finding.details["reports"]
    if not reports:
        return _("No activity report is due yet for a period since the council was constituted.")
    return " ".join(_report_sentence(report) for report in reports)
