"""The "batch" snapshot layout: rows as arrays of stored values, a few thousand to a line.

A laptop bootstrapped from it holds exactly what the "row" layout gives it, table for table and value for
value, on an SQLite and a PostgreSQL ledger; a batch from a ledger of another schema version still loads;
values that do not fit are refused; a batch stream that breaks off leaves the old replica whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import Role
from crm.domain.models import Branch, Client, Outbox, User
from crm.domain.serialize import to_wire
from crm.services import records
from crm.services.context import Actor
from crm.sync.client import ProtocolError, ServerUnavailable, SyncEngine
from crm.sync.client.local import CODECS
from crm.sync.server import admin, ledger
from crm.sync.server.ledger import context_for

KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "Batch-pass-2026"  # noqa: S105 - a test credential


class Lines:
    """A transport serving the given snapshot lines (as JSON over the wire would), optionally cut off."""

    def __init__(self, lines: list[dict[str, Any]]) -> None:
        self.lines = lines
        self.cut_after: int | None = None

    def snapshot(self, token: str) -> Iterator[dict[str, Any]]:
        for i, line in enumerate(self.lines):
            if self.cut_after is not None and i >= self.cut_after:
                raise ServerUnavailable("stream cut (test)")
            yield json.loads(json.dumps(line))


def workspace(tmp_path: Path, name: str) -> Workspace:
    return Workspace.create(tmp_path / name, password=PASSWORD, keystore=MemoryKeyStore(), kdf=KDF)


def load(ws: Workspace, lines: list[dict[str, Any]]) -> SyncEngine:
    eng = SyncEngine(ws, Lines(lines))  # type: ignore[arg-type]
    eng._bootstrap("token", None)
    return eng


def replica(ws: Workspace) -> dict[str, dict[str, dict[str, Any]]]:
    """Every replicated row as SQLAlchemy reads it back (typed values), by entity and id."""
    with ws.engine.connect() as conn:
        return {entity: {row["id"]: dict(row) for row in conn.execute(sa.select(codec.table)).mappings()}
                for entity, codec in CODECS.items()}


def search_documents(ws: Workspace) -> list[tuple[Any, ...]]:
    with ws.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT doc, client_id, name, short_name, pinyin FROM client_search_doc ORDER BY doc")]


def head_context(engine: sa.Engine) -> Any:
    with Session(engine) as s:
        heads = select(User).where(col(User.role) == Role.BRANCH_HEAD).order_by(col(User.username))
        head = s.exec(heads).first()
        assert head is not None
        return context_for(head, "device-1")


def test_a_batch_snapshot_loads_exactly_what_the_row_snapshot_loads(
        ledger_engine: sa.Engine, ledger_cheap_hashing: Any, tmp_path: Path) -> None:
    admin.seed_demo(ledger_engine, clients=12, visits=40)
    # Edge values: a whole second (no fraction on the wire), nulls, false flags, JSON with Chinese keys.
    whole = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    table = Client.__table__  # type: ignore[attr-defined]
    with ledger_engine.begin() as conn:
        some = list(conn.execute(sa.select(table.c.id).order_by(table.c.id).limit(2)).scalars())
        conn.execute(sa.update(table).where(table.c.id == some[0]).values(
            updated_at=whole, kyc_refreshed_on=None, last_visit_on=date(2026, 2, 28), is_tech=False,
            field_versions={"notes": 7, "名称": 3}, kyc_documents=[]))
        if conn.dialect.name == "sqlite":
            # Written by hand (an old tool, a console): no fraction. Stored on the laptop in full.
            conn.exec_driver_sql("UPDATE client SET created_at = '2026-01-02 03:04:05' WHERE id = ?",
                                 (some[1],))
    ctx = head_context(ledger_engine)
    rows = list(ledger.snapshot(ledger_engine, ctx))
    batches = list(ledger.snapshot(ledger_engine, ctx, layout="batch", batch=7))
    assert {line["type"] for line in batches} == {"header", "batch", "end"}
    assert batches[-1] == rows[-1] and batches[0] == rows[0]
    assert sum(len(line["rows"]) for line in batches if line["type"] == "batch") == rows[-1]["rows"]

    by_rows, by_batches = workspace(tmp_path, "rows"), workspace(tmp_path, "batches")
    try:
        load(by_rows, rows)
        load(by_batches, batches)
        expected, got = replica(by_rows), replica(by_batches)
        assert sum(map(len, expected.values())) == rows[-1]["rows"] > 100
        for entity in CODECS:
            assert got[entity] == expected[entity], entity
        assert got["client"][some[0]]["updated_at"] == whole
        with by_batches.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT created_at FROM client WHERE id = ?", (some[1],)).scalar()
        assert len(stored) == 26  # the stored shape, as the row layout leaves it
        # The search index is built from the batches as from the rows.
        assert search_documents(by_batches) == search_documents(by_rows)
        assert len(search_documents(by_batches)) == len(expected["client"])
    finally:
        by_rows.close()
        by_batches.close()


HEADER = {"type": "header", "epoch": "e1", "checkpoint": 5, "scopes": ["rm:u"]}
BRANCH_COLUMNS = [c.name for c in CODECS["branch"].table.columns]


def stored(entity: str, obj: Any, **values: Any) -> list[Any]:
    """A row of ``obj`` as the batch layout carries it (the stored values), with ``values`` put in."""
    codec = CODECS[entity]
    row = dict(zip(codec.columns, codec.raw(to_wire(obj)), strict=True))
    row.update(values)
    return [row[name] for name in codec.columns]


def branch_row(branch_id: str, **values: Any) -> list[Any]:
    return stored("branch", Branch(id=branch_id, code="310101", name="城中支行", version=3,
                                   field_versions={"name": 3}), **values)


def test_a_batch_from_another_schema_version_still_loads(tmp_path: Path) -> None:
    # A newer ledger sends a column this laptop does not know (dropped); an older one leaves out a
    # column (the model default). Values outside the stored shape are stored as the row layout would.
    columns = [*BRANCH_COLUMNS, "future_column"]
    newer = [*branch_row("b" * 36, created_at="2026-01-02T03:04:05+08:00"), "ignored"]
    older_columns = [c for c in BRANCH_COLUMNS if c != "parent_id"]
    older = [v for c, v in zip(BRANCH_COLUMNS, branch_row("c" * 36, code="310102"), strict=True)
             if c != "parent_id"]
    ws = workspace(tmp_path, "ws")
    try:
        load(ws, [HEADER, {"type": "batch", "entity": "branch", "columns": columns, "rows": [newer]},
                  {"type": "batch", "entity": "branch", "columns": older_columns, "rows": [older]},
                  {"type": "batch", "entity": "not_a_table", "columns": ["id"], "rows": [["x"]]},
                  {"type": "end", "rows": 3}])
        got = replica(ws)["branch"]
        assert set(got) == {"b" * 36, "c" * 36}
        assert got["b" * 36]["created_at"] == datetime(2026, 1, 1, 19, 4, 5, tzinfo=UTC)
        assert got["b" * 36]["field_versions"] == {"name": 3} and got["b" * 36]["deleted"] is False
        assert got["c" * 36]["parent_id"] is None and got["c" * 36]["code"] == "310102"
    finally:
        ws.close()


@pytest.mark.parametrize("change", [
    {"created_at": "not a time"},
    {"created_at": 5},
    {"field_versions": {"name": 3}},  # JSON as an object instead of JSON text: encoded, so it loads
    {"version": {"nested": True}},  # a value the driver cannot bind
], ids=["bad-timestamp", "number-timestamp", "json-object", "unbindable"])
def test_values_that_do_not_fit_are_refused_and_nothing_is_kept(tmp_path: Path,
                                                               change: dict[str, Any]) -> None:
    ws = workspace(tmp_path, "ws")
    try:
        lines = [HEADER, {"type": "batch", "entity": "branch", "columns": BRANCH_COLUMNS,
                          "rows": [branch_row("d" * 36, **change)]}, {"type": "end", "rows": 1}]
        if "field_versions" in change:
            load(ws, lines)
            assert replica(ws)["branch"]["d" * 36]["field_versions"] == {"name": 3}
            return
        with pytest.raises(ProtocolError):
            load(ws, lines)
        assert replica(ws)["branch"] == {}
    finally:
        ws.close()


USER_COLUMNS = [c.name for c in CODECS["user"].table.columns]


def user_row(**values: Any) -> list[Any]:
    return stored("user", User(id="u" * 36, username="x", display_name="X", role=Role.RM, branch_id="b" * 36),
                  **values)


@pytest.mark.parametrize("row", [user_row(role="emperor"), user_row()[:-1]],
                         ids=["unknown-enum", "short-row"])
def test_an_unknown_enum_value_or_a_short_row_is_refused(tmp_path: Path, row: list[Any]) -> None:
    ws = workspace(tmp_path, "ws")
    try:
        with pytest.raises(ProtocolError):
            load(ws, [HEADER, {"type": "batch", "entity": "user", "columns": USER_COLUMNS, "rows": [row]},
                      {"type": "end", "rows": 1}])
        assert replica(ws)["user"] == {}
    finally:
        ws.close()


def test_a_well_formed_user_row_loads(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "ws")
    try:
        load(ws, [HEADER, {"type": "batch", "entity": "user", "columns": USER_COLUMNS, "rows": [user_row()]},
                  {"type": "end", "rows": 1}])
        assert replica(ws)["user"]["u" * 36]["role"] == Role.RM
    finally:
        ws.close()


def test_a_batch_stream_that_breaks_off_leaves_the_old_replica_whole(
        ledger_engine: sa.Engine, ledger_cheap_hashing: Any, tmp_path: Path) -> None:
    admin.seed_demo(ledger_engine, clients=12, visits=40)
    ctx = head_context(ledger_engine)
    lines = list(ledger.snapshot(ledger_engine, ctx, layout="batch", batch=5))
    ws = workspace(tmp_path, "ws")
    try:
        eng = load(ws, lines)
        before = replica(ws)
        client_id = sorted(before["client"])[0]
        with Session(ws.engine) as s:
            client = s.get(Client, client_id)
            me = s.get(User, ctx.user_id)
            assert client is not None and me is not None
            records.patch(s, Actor.of(me), client, {"notes": "本机未同步"})
            s.commit()
        edited = replica(ws)
        transport = eng.transport
        assert isinstance(transport, Lines)
        transport.cut_after = len(lines) // 2
        with pytest.raises(ServerUnavailable):
            eng._bootstrap("token", None)
        assert replica(ws) == edited  # nothing of the broken stream, nothing of the old replica lost
        with Session(ws.engine) as s:
            assert len(s.exec(select(Outbox)).all()) == 1
            assert s.get(Client, client_id).notes == "本机未同步"  # type: ignore[union-attr]
        transport.cut_after = None
        eng._bootstrap("token", None)  # the whole stream: the edit stays on top of the ledger's rows
        with Session(ws.engine) as s:
            assert s.get(Client, client_id).notes == "本机未同步"  # type: ignore[union-attr]
        assert set(replica(ws)["visit"]) == set(before["visit"])
    finally:
        ws.close()
