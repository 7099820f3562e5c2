"""An index that serves the client list: count and first page of a branch without reading every row.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (branch, live, name, id) answers the branch head's count and alphabetical first page from the
    # index alone; on the encrypted store every table page read is also a page decrypted.
    op.create_index("ix_client_branch_live_name", "client", ["branch_id", "deleted", "legal_name", "id"])


def downgrade() -> None:
    op.drop_index("ix_client_branch_live_name", table_name="client")
