"""import batches are checked and imported as background jobs

Revision ID: 9a8b7c6d5e4f
Revises: 7c1d2e3f4a5b
Create Date: 2026-11-21 07:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "9a8b7c6d5e4f"
down_revision = "7c1d2e3f4a5b"
branch_labels = None
depends_on = None

NEW = "status IN ('pending', 'checked', 'refused', 'committing', 'committed')"
OLD = "status IN ('checked', 'committed')"


def upgrade():
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_import_batches_status"), type_="check")
        batch_op.create_check_constraint("status", NEW)
        batch_op.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_import_batches_job_id_jobs"), "jobs",
                                    ["job_id"], ["id"], ondelete="SET NULL")


def downgrade():
    op.execute("DELETE FROM import_batches WHERE status NOT IN ('checked', 'committed')")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_import_batches_job_id_jobs"), type_="foreignkey")
        batch_op.drop_column("job_id")
        batch_op.drop_constraint(batch_op.f("ck_import_batches_status"), type_="check")
        batch_op.create_check_constraint("status", OLD)
