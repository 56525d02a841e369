"""merge bookkeeping: conflicts awaiting the secretary, and the offices merged from

Revision ID: 0003_merge
Revises: 0002_search
Create Date: 2026-11-26 10:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_merge'
down_revision = '0002_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('merge_conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=50), nullable=True),
    sa.Column('mine', sa.Text(), nullable=True),
    sa.Column('theirs', sa.Text(), nullable=True),
    sa.Column('other_row_id', sa.String(length=36), nullable=True),
    sa.Column('other_office', sa.String(length=36), nullable=True),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('merge_conflict', schema=None) as batch_op:
        batch_op.create_index('ix_merge_conflict_open', ['resolved_at', 'entity', 'row_id'], unique=False)

    op.create_table('merge_peer',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('office_name', sa.String(length=300), nullable=True),
    sa.Column('last_merged_at', sa.DateTime(), nullable=False),
    sa.Column('merges', sa.Integer(), nullable=False),
    sa.Column('last_file', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('office_id')
    )


def downgrade() -> None:
    op.drop_table('merge_peer')
    with op.batch_alter_table('merge_conflict', schema=None) as batch_op:
        batch_op.drop_index('ix_merge_conflict_open')
    op.drop_table('merge_conflict')
