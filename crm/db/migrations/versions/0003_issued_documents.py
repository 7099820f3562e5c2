"""Issued documents: one row per printed document (id, hashes, pages, who and when), replicated to the
ledger so a printout can be verified later (`crm report verify`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issueddocumentrecord",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("field_versions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("doc_id", sa.String(length=36), nullable=False),
        sa.Column("doc_type", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.String(length=36), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["issued_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("issueddocumentrecord", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issueddocumentrecord_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_issueddocumentrecord_doc_id"), ["doc_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_issueddocumentrecord_doc_type"), ["doc_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_issueddocumentrecord_issued_by"), ["issued_by"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("issueddocumentrecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issueddocumentrecord_issued_by"))
        batch_op.drop_index(batch_op.f("ix_issueddocumentrecord_doc_type"))
        batch_op.drop_index(batch_op.f("ix_issueddocumentrecord_doc_id"))
        batch_op.drop_index(batch_op.f("ix_issueddocumentrecord_client_id"))
    op.drop_table("issueddocumentrecord")
