"""full-text index for catalogue search on PostgreSQL (replaces the trigram index)

Catalogue search now matches words from their beginning ("fundi" finds "fundición"), which is
what people type into a search box, and PostgreSQL answers it from a GIN index on
to_tsvector('simple', search_text): no extension needed, and well under a millisecond where the
trigram index (and the sequential scan the planner often preferred over it) took 3–6 ms on
10,000 suppliers. The 'simple' configuration has no stop words and no stemming; the search
text is already folded (lower case, no accents, punctuation as spaces). SQLite uses the same
word-prefix rule with LIKE. The index is not in the models (see migrations/env.py).

Revision ID: 5b7e1f0c2d3a
Revises: 9a8b7c6d5e4f
Create Date: 2026-11-22 08:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5b7e1f0c2d3a"
down_revision = "9a8b7c6d5e4f"
branch_labels = None
depends_on = None

INDEX = "ix_companies_search_fts"
TRIGRAM = "ix_companies_search_trgm"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {TRIGRAM}")
    op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON companies "
               "USING gin (to_tsvector('simple'::regconfig, search_text))")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    has_trgm = bind.execute(sa.text(
        "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar()
    if has_trgm:
        op.execute(f"CREATE INDEX IF NOT EXISTS {TRIGRAM} ON companies "
                   "USING gin (search_text gin_trgm_ops)")
