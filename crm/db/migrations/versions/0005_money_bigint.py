"""Money columns (分) as 64-bit integers.

SQLite's INTEGER is already 64-bit, so only PostgreSQL ledgers change: there a 32-bit integer column
overflows past 21,474,836.47 yuan, which a corporate deposit or loan easily exceeds.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MONEY = {
    "client": ("deposit_balance_fen", "loan_balance_fen"),
    "holding": ("amount_fen", "collateral_value_fen"),
    "product": ("min_amount_fen",),
    "pitch": ("amount_fen",),
    "proposalline": ("amount_fen",),
}


def _alter(type_: type[sa.types.TypeEngine[int]]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in MONEY.items():
        for column in columns:
            op.alter_column(table, column, type_=type_(), existing_nullable=False)


def upgrade() -> None:
    _alter(sa.BigInteger)


def downgrade() -> None:
    _alter(sa.Integer)
