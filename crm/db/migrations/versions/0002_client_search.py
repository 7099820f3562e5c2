"""Client full-text search: an FTS5 trigram index over derived, privacy-reduced search documents.

Local (SQLite / SQLCipher) stores only; other dialects get nothing. Derived data, written by
crm.services.search (index_client / rebuild_index), never replicated:

- ``client_search``: a contentless FTS5 index (``trigram`` tokenizer: any substring of 3+ characters
  matches; ``contentless_delete`` so one client's entry can be replaced). It stores no text, only the
  index. Columns: names, contact names, notes, pinyin, identifier tails (last 6 characters,
  never a whole identifier) and ``grams``, the 1- and 2-character grams of the names as delimited
  units so that 1-2 character Chinese queries ('王', '城中') use the index too.
- ``client_search_doc``: one narrow row per live client; ``doc`` is the FTS rowid, ``client_id`` is
  unique so a client's entry is found by an index seek; name, short name and pinyin keys (NFKC, lower
  case) rank exact and prefix matches first.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        """
        CREATE TABLE client_search_doc (
            doc INTEGER PRIMARY KEY,
            client_id VARCHAR(36) NOT NULL UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            short_name TEXT NOT NULL DEFAULT '',
            pinyin TEXT NOT NULL DEFAULT ''
        )
        """
    )
    op.execute(
        """
        CREATE VIRTUAL TABLE client_search USING fts5(
            name, short_name, people, notes, pinyin, tails, grams,
            content='', contentless_delete=1, tokenize='trigram'
        )
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS client_search")
    op.execute("DROP TABLE IF EXISTS client_search_doc")
