"""Protect audit_events with triggers; give link tables surrogate ids (placeholder until written).

Revision ID: b1a2c3d4e501
Revises: c02948a8c9d3
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

revision: str = "b1a2c3d4e501"
down_revision: str | None = "c02948a8c9d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
