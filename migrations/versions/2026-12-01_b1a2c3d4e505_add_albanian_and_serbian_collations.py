"""Add Albanian, Serbian (Latin) and plain ICU collations for sorting names in SQL.

PostgreSQL only: SQLite has no stored collations, so the app registers functions of the
same names on every connection (safety/collation.py). The names and locales are copied
here rather than imported, so this revision stays as it was when it ran.

Revision ID: b1a2c3d4e505
Revises: b1a2c3d4e504
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b1a2c3d4e505"
down_revision: str | None = "b1a2c3d4e504"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Name -> BCP 47 tag. "sr" alone would be Cyrillic to ICU; the app writes Serbian in Latin.
COLLATIONS = {"sq_icu": "sq", "sr_latn_icu": "sr-Latn", "en_icu": "en"}


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _is_postgresql():
        return
    for name, locale in COLLATIONS.items():
        op.execute(f"CREATE COLLATION {name} (provider = icu, locale = '{locale}')")


def downgrade() -> None:
    if not _is_postgresql():
        return
    for name in COLLATIONS:
        op.execute(f"DROP COLLATION IF EXISTS {name}")
