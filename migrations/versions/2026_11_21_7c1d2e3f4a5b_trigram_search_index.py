"""trigram index for catalogue search on PostgreSQL

The catalogue search is a set of LIKE '%word%' conditions on companies.search_text. Without an
index PostgreSQL scans every company; a pg_trgm GIN index answers them directly. SQLite has no
such index and keeps scanning (fine at its scale). The index is not in the models (SQLAlchemy
cannot express the operator class portably); migrations/env.py tells autogenerate to leave it.

Revision ID: 7c1d2e3f4a5b
Revises: 2f02e078573d
Create Date: 2026-11-21 06:55:00
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "7c1d2e3f4a5b"
down_revision = "2f02e078573d"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
INDEX = "ix_companies_search_trgm"


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar()
    if not available:
        log.warning("pg_trgm is not available: catalogue search will scan the table")
        return
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        savepoint.commit()
    except sa.exc.DBAPIError:  # no right to create extensions: search still works, slower
        savepoint.rollback()
        log.warning("could not create the pg_trgm extension: catalogue search will scan")
        return
    op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON companies "
               "USING gin (search_text gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
