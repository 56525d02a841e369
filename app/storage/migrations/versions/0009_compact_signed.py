"""compact storage (issue 28) and signed trust-bearing rows with per-office counters (issue 22), one
migration for both, as the project's rule asks

Issue 28's steps are in app/storage/migrations/compact_steps.py, issue 22's in signed_steps.py.

Revision ID: 0009
Revises: 0008_votes
Create Date: 2026-12-07 12:30:00
"""
from app.storage.migrations.compact_steps import compact_downgrade, compact_upgrade
from app.storage.migrations.signed_steps import signed_downgrade, signed_upgrade

revision = '0009'
down_revision = '0008_votes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from alembic import op
    compact_upgrade(op)
    signed_upgrade(op)


def downgrade() -> None:
    from alembic import op
    signed_downgrade(op)
    compact_downgrade(op)
