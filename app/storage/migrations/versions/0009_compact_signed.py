"""signed trust-bearing rows and per-office counters (issue 22), with issue 28's smaller keys

Revision ID: 0009
Revises: 0008_votes
Create Date: 2026-12-07 12:30:00
"""
from alembic import op

from app.storage.migrations.signed_steps import signed_downgrade, signed_upgrade


revision = '0009'
down_revision = '0008_votes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    signed_upgrade(op)


def downgrade() -> None:
    signed_downgrade(op)
