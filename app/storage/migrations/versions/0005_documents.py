"""documents: offices' signing certificates and the register of issued documents

Revision ID: 0005_documents
Revises: 0003_merge
Create Date: 2026-12-01 10:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_documents'
down_revision = '0004_merge_base'
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
    op.create_table('office_certificate',
    sa.Column('office_id', sa.String(length=36), nullable=True),
    sa.Column('office_name', sa.String(length=300), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('certificate_pem', sa.Text(), nullable=False),
    *_row_columns(),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('office_certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_certificate_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(batch_op.f('ix_office_certificate_office_id'), ['office_id'], unique=False)

    op.create_table('issued_document',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=True),
    sa.Column('number', sa.String(length=50), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_by', sa.String(length=300), nullable=True),
    sa.Column('signed', sa.Integer(), nullable=False),
    *_row_columns(),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_document_sha256'))
        batch_op.drop_index(batch_op.f('ix_issued_document_meeting_id'))
    op.drop_table('issued_document')
    with op.batch_alter_table('office_certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_certificate_office_id'))
        batch_op.drop_index(batch_op.f('ix_office_certificate_fingerprint'))
    op.drop_table('office_certificate')
