"""Initial schema: every domain table, the audit trail, the outbox, sync bookkeeping and local settings.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 16:15:41.259452
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('auditevent',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditevent_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_auditevent_entity_id'), ['entity_id'], unique=False)

    op.create_table('branch',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.String(length=32), nullable=False),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['branch.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('branch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_branch_code'), ['code'], unique=True)
        batch_op.create_index(batch_op.f('ix_branch_parent_id'), ['parent_id'], unique=False)

    op.create_table('conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('base_value', sa.JSON(), nullable=False),
    sa.Column('mine_value', sa.JSON(), nullable=False),
    sa.Column('theirs_value', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.Column('resolution', sa.String(), nullable=False),
    sa.Column('resolved_by', sa.String(length=36), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_resolved'), ['resolved'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_user_id'), ['user_id'], unique=False)

    op.create_table('localsetting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('base_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('mutation_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_entity_id'), ['entity_id'], unique=False)

    op.create_table('product',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('family', sa.String(length=32), nullable=False),
    sa.Column('risk', sa.String(length=32), nullable=True),
    sa.Column('liquidity', sa.String(length=32), nullable=False),
    sa.Column('term', sa.String(), nullable=False),
    sa.Column('rate_pct', sa.Float(), nullable=True),
    sa.Column('rate_text', sa.String(), nullable=False),
    sa.Column('min_amount_fen', sa.Integer(), nullable=False),
    sa.Column('fee_standard', sa.String(), nullable=False),
    sa.Column('disclosures', sa.JSON(), nullable=False),
    sa.Column('target_clients', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_code'), ['code'], unique=True)
        batch_op.create_index(batch_op.f('ix_product_family'), ['family'], unique=False)

    op.create_table('servershadow',
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'entity_id')
    )
    op.create_table('syncjournal',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('base_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=False),
    sa.Column('result', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('mutation_id')
    )
    with op.batch_alter_table('syncjournal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_syncjournal_acked_at'), ['acked_at'], unique=False)

    op.create_table('syncrejection',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('dismissed', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('mutation_id')
    )
    op.create_table('scoreweight',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('scoreweight', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scoreweight_branch_id'), ['branch_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('rm_kind', sa.String(length=32), nullable=True),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('heads_branch_ids', sa.JSON(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=False),
    sa.Column('email', sa.String(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_username'), ['username'], unique=True)

    op.create_table('client',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('legal_name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('kyc_documents', sa.JSON(), nullable=False),
    sa.Column('kyc_refreshed_on', sa.Date(), nullable=True),
    sa.Column('industry', sa.String(length=1), nullable=False),
    sa.Column('ownership', sa.String(), nullable=False),
    sa.Column('size', sa.String(), nullable=False),
    sa.Column('region', sa.String(), nullable=False),
    sa.Column('district', sa.String(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('lifecycle_stage', sa.String(length=32), nullable=True),
    sa.Column('is_tech', sa.Boolean(), nullable=False),
    sa.Column('without_loans', sa.Boolean(), nullable=False),
    sa.Column('effective_account', sa.Boolean(), nullable=False),
    sa.Column('operating_status', sa.String(), nullable=False),
    sa.Column('credit_rating', sa.String(), nullable=False),
    sa.Column('risk_grade', sa.String(), nullable=False),
    sa.Column('repayment_capacity', sa.String(), nullable=False),
    sa.Column('guarantees', sa.String(), nullable=False),
    sa.Column('risk_tolerance', sa.String(length=32), nullable=True),
    sa.Column('risk_assessed_on', sa.Date(), nullable=True),
    sa.Column('risk_expires_on', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('maintainer_id', sa.String(length=36), nullable=True),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('tier', sa.String(length=32), nullable=False),
    sa.Column('deposit_balance_fen', sa.Integer(), nullable=False),
    sa.Column('loan_balance_fen', sa.Integer(), nullable=False),
    sa.Column('marketing_objective', sa.String(), nullable=False),
    sa.Column('entry_point', sa.String(), nullable=False),
    sa.Column('progress', sa.String(), nullable=False),
    sa.Column('open_issues', sa.String(), nullable=False),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('last_visit_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['maintainer_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_effective_account'), ['effective_account'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_industry'), ['industry'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_maintainer_id'), ['maintainer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_risk_grade'), ['risk_grade'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_tier'), ['tier'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_uscc'), ['uscc'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_without_loans'), ['without_loans'], unique=False)

    op.create_table('kpifigure',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('rm_id', sa.String(length=36), nullable=True),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('metric', sa.String(length=32), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('actual', sa.Float(), nullable=False),
    sa.Column('prior', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['rm_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kpifigure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpifigure_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kpifigure_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_kpifigure_rm_id'), ['rm_id'], unique=False)

    op.create_table('plan',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('rm_id', sa.String(length=36), nullable=False),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=36), nullable=True),
    sa.Column('decision_comment', sa.String(), nullable=False),
    sa.Column('amends_plan_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['amends_plan_id'], ['plan.id'], ),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['rm_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_month'), ['month'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_rm_id'), ['rm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_status'), ['status'], unique=False)

    op.create_table('clientclaim',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('claimant_id', sa.String(length=36), nullable=False),
    sa.Column('branch_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('decided_by', sa.String(length=36), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_comment', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], ),
    sa.ForeignKeyConstraint(['claimant_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clientclaim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clientclaim_branch_id'), ['branch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clientclaim_claimant_id'), ['claimant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clientclaim_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clientclaim_status'), ['status'], unique=False)

    op.create_table('complaint',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('rm_id', sa.String(length=36), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=True),
    sa.Column('department', sa.String(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('summary', sa.String(length=200), nullable=False),
    sa.Column('details', sa.String(), nullable=False),
    sa.Column('respond_by', sa.DateTime(), nullable=False),
    sa.Column('resolve_by', sa.DateTime(), nullable=False),
    sa.Column('responded_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.String(), nullable=False),
    sa.Column('feedback_mode', sa.String(length=32), nullable=True),
    sa.Column('fed_back_at', sa.DateTime(), nullable=True),
    sa.Column('follow_up', sa.String(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['rm_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_rm_id'), ['rm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_status'), ['status'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('phones', sa.JSON(), nullable=False),
    sa.Column('email', sa.String(), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_client_id'), ['client_id'], unique=False)

    op.create_table('holding',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('account_type', sa.String(length=32), nullable=True),
    sa.Column('account_no', sa.String(), nullable=False),
    sa.Column('currency', sa.String(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('rate_pct', sa.Float(), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('maturity_on', sa.Date(), nullable=True),
    sa.Column('repayment_schedule', sa.JSON(), nullable=False),
    sa.Column('collateral', sa.String(), nullable=False),
    sa.Column('collateral_value_fen', sa.Integer(), nullable=False),
    sa.Column('guarantee', sa.String(), nullable=False),
    sa.Column('collateral_check_on', sa.Date(), nullable=True),
    sa.Column('fund_use_check_on', sa.Date(), nullable=True),
    sa.Column('project_check_on', sa.Date(), nullable=True),
    sa.Column('overdue_days', sa.Integer(), nullable=False),
    sa.Column('loan_classification', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('holding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holding_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_holding_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_holding_maturity_on'), ['maturity_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_holding_product_id'), ['product_id'], unique=False)

    op.create_table('planitem',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.Column('prospect_name', sa.String(), nullable=False),
    sa.Column('goal', sa.String(length=32), nullable=False),
    sa.Column('goal_text', sa.String(), nullable=False),
    sa.Column('planned_days', sa.JSON(), nullable=False),
    sa.Column('product_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('delayed_to', sa.Date(), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('planitem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planitem_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_planitem_plan_id'), ['plan_id'], unique=False)

    op.create_table('proposal',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('rm_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('cover_letter', sa.String(), nullable=False),
    sa.Column('cooperation', sa.String(), nullable=False),
    sa.Column('service_content', sa.String(), nullable=False),
    sa.Column('service_process', sa.String(), nullable=False),
    sa.Column('fee_standards', sa.String(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=36), nullable=True),
    sa.Column('decision_comment', sa.String(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['decided_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['rm_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_rm_id'), ['rm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_status'), ['status'], unique=False)

    op.create_table('suitabilityoverride',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('approved_by', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('refused_code', sa.String(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('suitabilityoverride', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suitabilityoverride_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suitabilityoverride_product_id'), ['product_id'], unique=False)

    op.create_table('survey',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('rm_id', sa.String(length=36), nullable=False),
    sa.Column('conducted_on', sa.Date(), nullable=False),
    sa.Column('cycle', sa.String(), nullable=False),
    sa.Column('dimensions', sa.JSON(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('comments', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['rm_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_conducted_on'), ['conducted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_rm_id'), ['rm_id'], unique=False)

    op.create_table('proposalline',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('proposal_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(), nullable=False),
    sa.Column('rate_pct', sa.Float(), nullable=True),
    sa.Column('fee', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('override_id', sa.String(length=36), nullable=True),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['override_id'], ['suitabilityoverride.id'], ),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('proposalline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposalline_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposalstep',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('proposal_id', sa.String(length=36), nullable=False),
    sa.Column('step', sa.String(), nullable=False),
    sa.Column('responsible', sa.String(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('proposalstep', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposalstep_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('rm_id', sa.String(length=36), nullable=False),
    sa.Column('visit_on', sa.Date(), nullable=False),
    sa.Column('mode', sa.String(length=32), nullable=False),
    sa.Column('overview', sa.String(), nullable=False),
    sa.Column('purpose', sa.String(), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=True),
    sa.Column('contact_name', sa.String(), nullable=False),
    sa.Column('likely_needs', sa.String(), nullable=False),
    sa.Column('likely_objections', sa.String(), nullable=False),
    sa.Column('approach', sa.String(), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('contact_met', sa.String(), nullable=False),
    sa.Column('information', sa.String(), nullable=False),
    sa.Column('goal_reached', sa.Boolean(), nullable=True),
    sa.Column('goal_reason', sa.String(), nullable=False),
    sa.Column('next_steps', sa.String(), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('review_comment', sa.String(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=36), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['reviewed_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['rm_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_rm_id'), ['rm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_visit_on'), ['visit_on'], unique=False)

    op.create_table('followuptask',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('owner_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('followuptask', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followuptask_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followuptask_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_followuptask_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followuptask_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_followuptask_visit_id'), ['visit_id'], unique=False)

    op.create_table('pitch',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('field_versions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('rm_id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('lost_reason', sa.String(), nullable=False),
    sa.Column('override_id', sa.String(length=36), nullable=True),
    sa.Column('stage_changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['override_id'], ['suitabilityoverride.id'], ),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.ForeignKeyConstraint(['rm_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pitch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pitch_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pitch_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pitch_rm_id'), ['rm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pitch_stage'), ['stage'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pitch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pitch_stage'))
        batch_op.drop_index(batch_op.f('ix_pitch_rm_id'))
        batch_op.drop_index(batch_op.f('ix_pitch_product_id'))
        batch_op.drop_index(batch_op.f('ix_pitch_client_id'))

    op.drop_table('pitch')
    with op.batch_alter_table('followuptask', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followuptask_visit_id'))
        batch_op.drop_index(batch_op.f('ix_followuptask_status'))
        batch_op.drop_index(batch_op.f('ix_followuptask_owner_id'))
        batch_op.drop_index(batch_op.f('ix_followuptask_due_on'))
        batch_op.drop_index(batch_op.f('ix_followuptask_client_id'))

    op.drop_table('followuptask')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_visit_on'))
        batch_op.drop_index(batch_op.f('ix_visit_rm_id'))
        batch_op.drop_index(batch_op.f('ix_visit_client_id'))

    op.drop_table('visit')
    with op.batch_alter_table('proposalstep', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposalstep_proposal_id'))

    op.drop_table('proposalstep')
    with op.batch_alter_table('proposalline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposalline_proposal_id'))

    op.drop_table('proposalline')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_rm_id'))
        batch_op.drop_index(batch_op.f('ix_survey_conducted_on'))
        batch_op.drop_index(batch_op.f('ix_survey_client_id'))

    op.drop_table('survey')
    with op.batch_alter_table('suitabilityoverride', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suitabilityoverride_product_id'))
        batch_op.drop_index(batch_op.f('ix_suitabilityoverride_client_id'))

    op.drop_table('suitabilityoverride')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_status'))
        batch_op.drop_index(batch_op.f('ix_proposal_rm_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_client_id'))

    op.drop_table('proposal')
    with op.batch_alter_table('planitem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planitem_plan_id'))
        batch_op.drop_index(batch_op.f('ix_planitem_client_id'))

    op.drop_table('planitem')
    with op.batch_alter_table('holding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holding_product_id'))
        batch_op.drop_index(batch_op.f('ix_holding_maturity_on'))
        batch_op.drop_index(batch_op.f('ix_holding_kind'))
        batch_op.drop_index(batch_op.f('ix_holding_client_id'))

    op.drop_table('holding')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_client_id'))

    op.drop_table('contact')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_status'))
        batch_op.drop_index(batch_op.f('ix_complaint_rm_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_received_at'))
        batch_op.drop_index(batch_op.f('ix_complaint_client_id'))

    op.drop_table('complaint')
    with op.batch_alter_table('clientclaim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clientclaim_status'))
        batch_op.drop_index(batch_op.f('ix_clientclaim_client_id'))
        batch_op.drop_index(batch_op.f('ix_clientclaim_claimant_id'))
        batch_op.drop_index(batch_op.f('ix_clientclaim_branch_id'))

    op.drop_table('clientclaim')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_status'))
        batch_op.drop_index(batch_op.f('ix_plan_rm_id'))
        batch_op.drop_index(batch_op.f('ix_plan_month'))
        batch_op.drop_index(batch_op.f('ix_plan_branch_id'))

    op.drop_table('plan')
    with op.batch_alter_table('kpifigure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpifigure_rm_id'))
        batch_op.drop_index(batch_op.f('ix_kpifigure_period'))
        batch_op.drop_index(batch_op.f('ix_kpifigure_branch_id'))

    op.drop_table('kpifigure')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_without_loans'))
        batch_op.drop_index(batch_op.f('ix_client_uscc'))
        batch_op.drop_index(batch_op.f('ix_client_tier'))
        batch_op.drop_index(batch_op.f('ix_client_status'))
        batch_op.drop_index(batch_op.f('ix_client_risk_grade'))
        batch_op.drop_index(batch_op.f('ix_client_owner_id'))
        batch_op.drop_index(batch_op.f('ix_client_maintainer_id'))
        batch_op.drop_index(batch_op.f('ix_client_kind'))
        batch_op.drop_index(batch_op.f('ix_client_industry'))
        batch_op.drop_index(batch_op.f('ix_client_id_number'))
        batch_op.drop_index(batch_op.f('ix_client_effective_account'))
        batch_op.drop_index(batch_op.f('ix_client_branch_id'))

    op.drop_table('client')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_username'))
        batch_op.drop_index(batch_op.f('ix_user_branch_id'))

    op.drop_table('user')
    with op.batch_alter_table('scoreweight', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scoreweight_branch_id'))

    op.drop_table('scoreweight')
    op.drop_table('syncrejection')
    with op.batch_alter_table('syncjournal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_syncjournal_acked_at'))

    op.drop_table('syncjournal')
    op.drop_table('servershadow')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_family'))
        batch_op.drop_index(batch_op.f('ix_product_code'))

    op.drop_table('product')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_entity_id'))

    op.drop_table('outbox')
    op.drop_table('localsetting')
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_user_id'))
        batch_op.drop_index(batch_op.f('ix_conflict_resolved'))
        batch_op.drop_index(batch_op.f('ix_conflict_entity_id'))

    op.drop_table('conflict')
    with op.batch_alter_table('branch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_branch_parent_id'))
        batch_op.drop_index(batch_op.f('ix_branch_code'))

    op.drop_table('branch')
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auditevent_entity_id'))
        batch_op.drop_index(batch_op.f('ix_auditevent_action'))

    op.drop_table('auditevent')
