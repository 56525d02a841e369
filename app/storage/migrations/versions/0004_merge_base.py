"""merge base and approval seals: what this office last accepted from each office, per row, and the
fingerprint of each approved meeting

Revision ID: 0004_merge_base
Revises: 0003_merge
Create Date: 2026-12-01 10:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_merge_base'
down_revision = '0003_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('merge_base',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('seen', sa.Text(), nullable=False),
    sa.Column('kept', sa.Text(), nullable=True),
    sa.Column('merged_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('office_id', 'entity', 'row_id')
    )
    op.create_table('meeting_seal',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('sealed_at', sa.DateTime(), nullable=False),
    sa.Column('office_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('meeting_id')
    )
    with op.batch_alter_table('merge_peer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audit_mark', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('merge_peer', schema=None) as batch_op:
        batch_op.drop_column('audit_mark')
    op.drop_table('meeting_seal')
    op.drop_table('merge_base')
