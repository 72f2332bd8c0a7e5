"""Translated display labels for every stored enum value (forms and templates share them)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from safety.accounts.models import Role
from safety.audit import AuditAction
from safety.councils.models import Community, Gender, MemberRole

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.MINISTRY: _l("Ministry reviewer"),
    Role.SECRETARY: _l("Council secretary"),
    Role.CSO: _l("Civil-society organisation"),
}

COMMUNITY_LABELS = {
    Community.ALBANIAN: _l("Albanian"),
    Community.SERB: _l("Serb"),
    Community.BOSNIAK: _l("Bosniak"),
    Community.TURKISH: _l("Turkish"),
    Community.ROMA: _l("Roma"),
    Community.ASHKALI: _l("Ashkali"),
    Community.EGYPTIAN: _l("Egyptian"),
    Community.GORANI: _l("Gorani"),
    Community.MONTENEGRIN: _l("Montenegrin"),
    Community.CROAT: _l("Croat"),
    Community.OTHER: _l("Other community"),
}

GENDER_LABELS = {
    Gender.FEMALE: _l("Woman"),
    Gender.MALE: _l("Man"),
    Gender.UNDISCLOSED: _l("Not stated"),
}

MEMBER_ROLE_LABELS = {
    MemberRole.CHAIR: _l("Chair"),
    MemberRole.DEPUTY_CHAIR: _l("Deputy chair"),
    MemberRole.POLICE_COMMANDER: _l("Police station commander"),
    MemberRole.MUNICIPAL_OFFICIAL: _l("Municipal official"),
    MemberRole.RELIGIOUS_COMMUNITY: _l("Religious community"),
    MemberRole.CIVIL_SOCIETY: _l("Civil society"),
    MemberRole.COMMUNITY_REPRESENTATIVE: _l("Community representative"),
    MemberRole.BUSINESS: _l("Business"),
    MemberRole.OTHER: _l("Other"),
}

AUDIT_ACTION_LABELS = {
    AuditAction.CREATE: _l("Created"),
    AuditAction.UPDATE: _l("Updated"),
    AuditAction.DELETE: _l("Deleted"),
    AuditAction.LOGIN: _l("Signed in"),
    AuditAction.LOGOUT: _l("Signed out"),
    AuditAction.LOGIN_FAILED: _l("Failed sign-in"),
    AuditAction.ACCESS_DENIED: _l("Access refused"),
    AuditAction.PASSWORD_CHANGE: _l("Password changed"),
    AuditAction.PASSWORD_RESET: _l("Password reset"),
}

LABELS_BY_ENUM = {
    Role: ROLE_LABELS,
    Community: COMMUNITY_LABELS,
    Gender: GENDER_LABELS,
    MemberRole: MEMBER_ROLE_LABELS,
    AuditAction: AUDIT_ACTION_LABELS,
}


def label(value: object) -> str:
    """The translated label of an enum member (or the value itself when it has none)."""
    labels = LABELS_BY_ENUM.get(type(value), {})
    return str(labels.get(value, value)) if value is not None else ""


def choices(labels: dict) -> list[tuple[str, str]]:
    """(value, label) pairs for a SelectField, in declaration order."""
    return [(member.value, str(text)) for member, text in labels.items()]
