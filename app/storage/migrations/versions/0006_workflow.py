"""workflow (issue 14): undo batches in the audit log, follow-up letter numbers, votes, agenda templates,
attachments, amendments

Revision ID: 0006_workflow
Revises: 0005_documents
Create Date: 2026-12-01 12:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_workflow'
down_revision = '0005_documents'
branch_labels = None
depends_on = None


def _row_columns():
    return [sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False),
            sa.Column('deleted_at', sa.DateTime(), nullable=True),
            sa.Column('row_version', sa.Integer(), nullable=False),
            sa.Column('changed_in', sa.String(length=36), nullable=True)]


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entry_batch'), ['batch'], unique=False)
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letter_number', sa.String(length=100), nullable=True))
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('votes_for', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('votes_against', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('votes_abstain', sa.Integer(), nullable=True))
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_template', sa.Text(), nullable=True))

    op.create_table('attachment',
    sa.Column('meeting_id', sa.String(length=36), nullable=True),
    sa.Column('resolution_id', sa.String(length=36), nullable=True),
    sa.Column('follow_up_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    *_row_columns(),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_up.id'], ),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolution.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_follow_up_id'), ['follow_up_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_resolution_id'), ['resolution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)

    op.create_table('amendment',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    *_row_columns(),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_meeting_id'), ['meeting_id'], unique=False)
    op.create_table('amendment_change',
    sa.Column('amendment_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('target_id', sa.String(length=36), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    *_row_columns(),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('amendment_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_change_amendment_id'), ['amendment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('amendment_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_change_amendment_id'))
    op.drop_table('amendment_change')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_meeting_id'))
    op.drop_table('amendment')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_follow_up_id'))
    op.drop_table('attachment')
    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_column('agenda_template')
    with op.batch_alter_table('resolution', schema=None) as batch_op:
        batch_op.drop_column('votes_abstain')
        batch_op.drop_column('votes_against')
        batch_op.drop_column('votes_for')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_column('letter_number')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_batch'))
        batch_op.drop_column('batch')
