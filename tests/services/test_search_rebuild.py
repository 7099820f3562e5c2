"""A full rebuild of the search index builds its documents on a helper thread: the same index as indexing
the clients one by one, and an error while building reaches the caller with nothing half-written kept."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import ClientKind, ClientStatus
from crm.domain.ids import new_id
from crm.domain.models import Branch, Client, Contact
from crm.services import search

KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "Rebuild-pass-2026"  # noqa: S105 - a test credential
MATCH = "SELECT count(*) FROM client_search WHERE client_search MATCH '\"科技有\"'"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create(tmp_path / "ws", password=PASSWORD, keystore=MemoryKeyStore(), kdf=KDF)
    with Session(workspace.engine) as s:
        branch = Branch(code="310101", name="城中支行")
        s.add(branch)
        for i in range(search._BATCH * 2 + 7):  # three batches, the last one short
            client = Client(id=new_id(), kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE,
                            legal_name=f"城中{i % 97}科技有限公司", short_name=f"城中{i}",
                            branch_id=branch.id, notes=f"联系电话 1380013{i:04d}")
            s.add(client)
            if i % 3 == 0:
                s.add(Contact(client_id=client.id, name=f"张{i}", phones=[f"1391234{i:04d}"]))
        s.commit()
    yield workspace
    workspace.close()


def index_contents(ws: Workspace) -> tuple[list[tuple[Any, ...]], int]:
    with ws.engine.connect() as conn:
        docs = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM client_search_doc ORDER BY doc")]
        hits = conn.exec_driver_sql(MATCH).scalar_one()
    return docs, int(hits)


def test_a_rebuild_indexes_every_client_as_one_by_one_indexing_does(ws: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    total = 2 * search._BATCH + 7
    with Session(ws.engine) as s:
        assert search.rebuild_index(session=s, progress=lambda done, all_: seen.append((done, all_))) == total
        s.commit()
    assert seen == [(search._BATCH, total), (2 * search._BATCH, total), (total, total)]
    docs, hits = index_contents(ws)
    assert len(docs) == total and hits == total
    assert [d[0] for d in docs] == list(range(1, total + 1))
    # The same documents as indexing each client by itself (numbers aside).
    with Session(ws.engine) as s:
        ids = [d[1] for d in docs]
        search.index_clients(s, ids)
        s.commit()
    again, hits_again = index_contents(ws)
    assert sorted(d[1:] for d in again) == sorted(d[1:] for d in docs) and hits_again == total


def test_an_error_while_building_reaches_the_caller_and_stops_the_helper(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    with Session(ws.engine) as s:
        search.rebuild_index(session=s)
        s.commit()
    before = index_contents(ws)
    real = search.build_document
    calls = iter(range(10**6))

    def failing(row: Any, contacts: Any) -> search.Document:
        if next(calls) == search._BATCH + 3:
            raise RuntimeError("pinyin table missing")
        return real(row, contacts)

    monkeypatch.setattr(search, "build_document", failing)
    with Session(ws.engine) as s, pytest.raises(RuntimeError, match="pinyin table missing"):
        search.rebuild_index(session=s)
    assert not [t for t in threading.enumerate() if t.name == "search-documents"]
    assert index_contents(ws) == before  # rolled back: the old index stands
