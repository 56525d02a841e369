"""The signed-row part of migration 0009 (issue 22): row signatures and this office's counter. Kept in
its own module so that the one combined migration (0009_compact_signed, with issue 28's smaller keys)
calls it; the tables are app/storage/signed_models.py."""
import sqlalchemy as sa


def signed_upgrade(op) -> None:
    op.create_table('row_signature',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('key_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('office_id', 'counter')
    )
    with op.batch_alter_table('row_signature', schema=None) as batch_op:
        batch_op.create_index('ix_row_signature_row', ['entity', 'row_id'], unique=False)
    op.create_table('row_counter',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('office_id')
    )


def signed_downgrade(op) -> None:
    op.drop_table('row_counter')
    with op.batch_alter_table('row_signature', schema=None) as batch_op:
        batch_op.drop_index('ix_row_signature_row')
    op.drop_table('row_signature')
