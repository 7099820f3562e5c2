"""The ledger's fast row encoding (crm.sync.server.wire_rows) gives exactly the wire values of the reference
path (typed Core rows through `wire_value`), for every table, on SQLite and PostgreSQL; the snapshot's
gzip stream holds exactly the NDJSON lines."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.domain.enums import Role
from crm.domain.ids import new_id
from crm.domain.models import ENTITY_TYPES, Client, User
from crm.domain.serialize import wire_value
from crm.sync.server import admin, wire_rows
from crm.sync.server.app import _gzip_chunks
from crm.sync.server.ledger import context_for, snapshot, snapshot_ndjson


def reference(conn: sa.Connection, entity: str) -> dict[str, dict[str, Any]]:
    table = ENTITY_TYPES[entity].__table__  # type: ignore[attr-defined]
    return {row["id"]: {k: wire_value(v) for k, v in row.items()}
            for row in conn.execute(sa.select(table)).mappings()}


def fast(conn: sa.Connection, entity: str, *, fragments: bool) -> dict[str, dict[str, Any]]:
    codec = wire_rows.codec_for(entity, conn.dialect, json_fragments=fragments)
    rows = conn.execute(codec.select()).all()
    if fragments:
        lines = [orjson.loads(line) for line in codec.lines(rows).splitlines()]
        assert all(line["type"] == "row" and line["entity"] == entity for line in lines)
        return {line["data"]["id"]: line["data"] for line in lines}
    return {data["id"]: data for data in map(codec.data, rows)}


def test_every_table_encodes_as_the_reference_path(ledger_engine: sa.Engine,
                                                   ledger_cheap_hashing: Any) -> None:
    admin.seed_demo(ledger_engine, clients=12, visits=40)
    # Edge values: a timestamp on a whole second (isoformat leaves out the fraction), nulls, false flags.
    whole = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    with ledger_engine.begin() as conn:
        some = conn.execute(sa.select(Client.__table__.c.id).limit(1)).scalar_one()  # type: ignore[attr-defined]
        conn.execute(sa.update(Client).where(Client.id == some).values(  # type: ignore[arg-type]
            updated_at=whole, kyc_refreshed_on=None, last_visit_on=date(2026, 2, 28), is_tech=False,
            field_versions={"notes": 7, "名称": 3}, kyc_documents=[]))
    seen = 0
    with ledger_engine.connect() as conn:
        for entity in ENTITY_TYPES:
            expected = reference(conn, entity)
            seen += bool(expected)
            assert fast(conn, entity, fragments=False) == expected, entity
            assert fast(conn, entity, fragments=True) == expected, entity
        assert reference(conn, "client")[some]["updated_at"] == "2026-03-04T05:06:07+00:00"
    assert seen >= 15  # the demo data fills most tables, so the comparison is not vacuous


def test_stored_values_outside_the_fast_path_still_match(ledger_engine: sa.Engine,
                                                         ledger_cheap_hashing: Any) -> None:
    if ledger_engine.dialect.name != "sqlite":
        pytest.skip("hand-written stored text is a SQLite matter")
    admin.seed_demo(ledger_engine, clients=3, visits=0)
    with ledger_engine.begin() as conn:
        ids = list(conn.execute(sa.select(Client.__table__.c.id).limit(3)).scalars())  # type: ignore[attr-defined]
        # Written by hand (an old tool, a console): no fraction, a short fraction.
        conn.exec_driver_sql("UPDATE client SET created_at = '2026-01-02 03:04:05' WHERE id = ?", (ids[0],))
        conn.exec_driver_sql("UPDATE client SET created_at = '2026-01-02 03:04:05.5' WHERE id = ?", (ids[1],))
    with ledger_engine.connect() as conn:
        expected = reference(conn, "client")
        got = fast(conn, "client", fragments=True)
    assert got == expected
    assert got[ids[0]]["created_at"] == "2026-01-02T03:04:05+00:00"
    assert got[ids[1]]["created_at"] == "2026-01-02T03:04:05.500000+00:00"


def test_snapshot_lines_parse_to_the_snapshot(ledger_engine: sa.Engine, ledger_cheap_hashing: Any) -> None:
    admin.seed_demo(ledger_engine, clients=6, visits=10)
    with Session(ledger_engine) as s:
        head = s.exec(select(User).where(col(User.role) == Role.BRANCH_HEAD).order_by(col(User.username))
                      ).first()
    assert head is not None
    ctx = context_for(head, new_id())
    raw = b"".join(snapshot_ndjson(ledger_engine, ctx, batch=3))
    assert raw.endswith(b"\n")
    lines = [orjson.loads(line) for line in raw.splitlines()]
    assert lines == list(snapshot(ledger_engine, ctx, batch=5))
    assert lines[0]["type"] == "header" and lines[-1] == {"type": "end", "rows": len(lines) - 2}
    assert sum(1 for line in lines if line.get("entity") == "client") > 0


def _numbered(n: int) -> Iterator[bytes]:
    for i in range(n):
        yield b"".join(orjson.dumps({"type": "row", "n": i, "text": "客户" * (i % 50)}) + b"\n"
                       for _ in range(20))


@pytest.mark.parametrize("level", [1, 6])
def test_gzip_stream_holds_exactly_the_lines(level: int) -> None:
    plain = b"".join(_numbered(400))
    pieces = list(_gzip_chunks(_numbered(400), level=level, flush_every=8 * 1024, emit_at=4 * 1024))
    assert len(pieces) > 2  # streamed, not one blob at the end
    assert gzip.decompress(b"".join(pieces)) == plain
    # A client reading as it arrives can decode every piece so far (sync flushes in between).
    partial = zlib.decompressobj(31).decompress(b"".join(pieces[:2]))
    assert plain.startswith(partial) and partial.count(b"\n") > 0


def test_gzip_stream_closes_its_source_when_the_client_goes_away() -> None:
    closed: list[bool] = []

    def source() -> Iterator[bytes]:
        try:
            yield from _numbered(1000)
        finally:
            closed.append(True)

    stream = _gzip_chunks(source(), emit_at=1024)
    next(stream)
    stream.close()
    assert closed == [True]
