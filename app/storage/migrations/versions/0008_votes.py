"""named votes (issue 14): who voted how on a resolution

Revision ID: 0008_votes
Revises: 0007_amendment_resolutions
Create Date: 2026-12-01 15:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_votes'
down_revision = '0007_amendment_resolutions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('resolution_vote',
    sa.Column('resolution_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('choice', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('changed_in', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolution.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('resolution_id', 'person_id')
    )
    with op.batch_alter_table('resolution_vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolution_vote_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resolution_vote_resolution_id'), ['resolution_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('resolution_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolution_vote_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_resolution_vote_person_id'))
    op.drop_table('resolution_vote')
