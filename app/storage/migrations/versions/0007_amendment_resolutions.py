"""amendment resolutions (issue 14): a resolution an approved amendment adds is a real resolution, so the
tracker follows it up; `amendment_id` names the amendment, and resolutions an approved amendment
cancelled take the derived status «cancelled» (files made before this kept them open)

Revision ID: 0007_amendment_resolutions
Revises: 0006_workflow
Create Date: 2026-12-01 15:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_amendment_resolutions'
down_revision = '0006_workflow'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amendment_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_resolution_amendment_id'), ['amendment_id'], unique=False)
    # the derived status is a cache (app/domain/rules.derive_status): written without an audit entry
    op.execute("UPDATE resolution SET status = 'cancelled' WHERE status <> 'cancelled' AND id IN ("
               "SELECT c.target_id FROM amendment_change c JOIN amendment a ON a.id = c.amendment_id "
               "JOIN resolution r ON r.id = c.target_id WHERE c.kind = 'resolution_cancel' "
               "AND c.deleted_at IS NULL AND a.deleted_at IS NULL AND a.status = 'approved' "
               "AND r.meeting_id = a.meeting_id)")


def downgrade() -> None:
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolution_amendment_id'))
        batch_op.drop_column('amendment_id')
