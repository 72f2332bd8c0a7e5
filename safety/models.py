"""Imports every model module so `Base.metadata` is complete (for Alembic and tests)."""

from safety.accounts.models import LoginFailure, Role, User
from safety.audit.models import AuditEvent
from safety.compliance.models import Review, ThresholdChange
from safety.concerns.models import Concern
from safety.consultations.models import Meeting
from safety.councils.models import Council, Member, Municipality
from safety.db import Base
from safety.organisations.models import Organisation
from safety.plans.models import ActionPlan

__all__ = [
    "ActionPlan",
    "AuditEvent",
    "Base",
    "Concern",
    "Council",
    "LoginFailure",
    "Meeting",
    "Member",
    "Municipality",
    "Organisation",
    "Review",
    "Role",
    "ThresholdChange",
    "User",
]
