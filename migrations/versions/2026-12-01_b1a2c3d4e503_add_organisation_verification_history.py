"""Add organisation verification history (placeholder until written).

Revision ID: b1a2c3d4e503
Revises: b1a2c3d4e502
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

revision: str = "b1a2c3d4e503"
down_revision: str | None = "b1a2c3d4e502"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
