"""Ledger tables: epoch and head, change log and scopes, devices, results, credentials, login throttle

Revision ID: L0001
Revises:
Create Date: 2026-11-23 16:21:40
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "L0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_log',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('changed_fields', sa.JSON(), nullable=False),
    sa.Column('actor_user', sa.String(length=36), nullable=True),
    sa.Column('actor_device', sa.String(length=36), nullable=True),
    sa.Column('mutation_id', sa.String(length=36), nullable=True),
    sa.Column('server_ts', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index('ix_change_log_entity_row', ['entity', 'entity_id', 'seq'], unique=False)

    op.create_table('change_scope',
    sa.Column('scope_key', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('scope_key', 'seq')
    )
    op.create_table('credential',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('device',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=True),
    sa.Column('last_applied_seq', sa.BigInteger(), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('wipe_requested', sa.Boolean(), nullable=False),
    sa.Column('wiped_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_device_user_id'), ['user_id'], unique=False)

    op.create_table('ledger_meta',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('epoch', sa.String(length=36), nullable=False),
    sa.Column('head', sa.BigInteger(), nullable=False),
    sa.Column('epoch_started_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('login_attempt',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(), nullable=True),
    sa.Column('blocked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('mutation_result',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq')
    )
    with op.batch_alter_table('mutation_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mutation_result_mutation_id'), ['mutation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mutation_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mutation_result_mutation_id'))

    op.drop_table('mutation_result')
    op.drop_table('login_attempt')
    op.drop_table('ledger_meta')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_user_id'))
        batch_op.drop_index(batch_op.f('ix_device_token_hash'))

    op.drop_table('device')
    op.drop_table('credential')
    op.drop_table('change_scope')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_entity_row')

    op.drop_table('change_log')
