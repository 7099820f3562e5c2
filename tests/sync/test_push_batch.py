"""A push applies its mutations in chunks (rows loaded per chunk, change-log rows written per chunk): a
batch that mixes fresh mutations, merges against another device, a device's own earlier edits, conflicts,
rejections, duplicates and a gap gives exactly what pushing the same mutations one at a time gives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.domain.enums import ClientKind, ClientStatus
from crm.domain.ids import new_id
from crm.domain.models import Client, Conflict, Contact
from crm.domain.rules.checksums import make_uscc
from crm.sync.protocol import Mutation, MutationResult, PushRequest
from crm.sync.server.db import open_ledger
from crm.sync.server.errors import PushGap
from crm.sync.server.models import ChangeLog, ChangeScope
from crm.sync.server.push import push

if TYPE_CHECKING:
    from conftest import LedgerDevice, LedgerOrg


def _client(org: LedgerOrg, n: int) -> Client:
    return Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=f"批量企业{n}有限公司",
                  uscc=make_uscc(f"91310101MB{n:07d}"), owner_id=org.rm.id, branch_id=org.branch.id)


def _scenario(org: LedgerOrg) -> tuple[LedgerDevice, list[Mutation], list[Mutation], dict[str, str]]:
    """Two devices of the RM: B has changed c1 before A pushes A's offline queue."""
    a, b = org.device(org.rm), org.device(org.rm)
    c1, c2 = _client(org, 1), _client(org, 2)
    for c in (c1, c2):
        assert b.push_one(b.create("client", c)).status.value == "applied"
    assert b.push_one(b.patch("client", c1.id, notes="B 的备注", legal_name="乙改名有限公司")).status.value \
        == "applied"
    theirs = Contact(client_id=c2.id, name="联系人丙")
    created = b.push_one(b.create("contact", theirs))
    assert b.push_one(b.patch("contact", theirs.id, name="联系人丁")).status.value == "applied"
    contact = Contact(client_id=c2.id, name="联系人甲", phones=["13800138000"])
    queue = [
        a.patch("client", c1.id, base={"notes": 0}, notes="A 的备注"),  # append against B's text
        a.patch("client", c1.id, base={"legal_name": 0}, legal_name="甲改名有限公司"),  # queued conflict
        a.patch("client", c1.id, base={"notes": 0}, notes="A 再改"),  # base: A's own earlier write
        a.patch("client", c1.id, owner_id=org.rm2.id),  # server-only field: rejected, seq advances
        a.patch("client", new_id(), notes="无此客户"),  # not found: rejected
        a.create("contact", contact),
        a.patch("contact", contact.id, name="联系人乙"),
        a.patch("client", c2.id, base={"progress": 0}, progress="进展"),
        # Reads the log (this chunk's rows must be written first), then is rejected: B changed it since.
        a.delete("contact", theirs.id, base=created.version),
        a.delete("contact", contact.id),
        a.patch("client", c2.id, base={"progress": 0}, progress="进展二"),  # own earlier write again
    ]
    duplicates = [*queue[:3], queue[3].model_copy(update={"mutation_id": new_id()})]  # the last: seq reused
    return a, queue, duplicates, {"c1": c1.id, "c2": c2.id, "contact": contact.id}


def _outcome(results: list[MutationResult]) -> list[tuple[Any, ...]]:
    return [(r.seq, r.status.value, r.code, r.duplicate, len(r.conflict_ids), r.version) for r in results]


def _state(org: LedgerOrg, ids: dict[str, str]) -> dict[str, Any]:
    with Session(org.engine) as s:
        rows = {name: s.get(Contact if name == "contact" else Client, row_id) for name, row_id in ids.items()}
        log = [(e.seq, e.entity, e.entity_id in ids.values(), e.op, sorted(e.changed_fields), e.version)
               for e in s.exec(select(ChangeLog).order_by(col(ChangeLog.seq)))]
        scopes = s.execute(sa.select(ChangeScope.seq, sa.func.count()).group_by(ChangeScope.seq)  # type: ignore[call-overload]
                           .order_by(ChangeScope.seq)).all()
        conflicts = [(c.field, c.base_value, c.mine_value, c.theirs_value)
                     for c in s.exec(select(Conflict).order_by(col(Conflict.field)))]
        return {
            "rows": {name: (r.version, r.field_versions, r.deleted, getattr(r, "notes", None),
                            getattr(r, "progress", None), getattr(r, "legal_name", None),
                            getattr(r, "name", None),
                            isinstance(r, Client) and r.owner_id == org.rm.id)
                     for name, r in rows.items() if r is not None},
            "log": log, "scopes": [tuple(x) for x in scopes], "conflicts": conflicts,
        }


def _one_by_one(org: LedgerOrg) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    a, queue, duplicates, ids = _scenario(org)
    results = [a.push(m).results[0] for m in queue + duplicates]
    return _outcome(results), _state(org, ids)


@pytest.mark.parametrize("chunk", [100, 3])
def test_a_mixed_batch_gives_what_one_at_a_time_gives(tmp_path: Path, ledger_org_factory: Any,
                                                      chunk: int) -> None:
    # Two fresh ledgers, so that seqs and versions can be compared as they are.
    one = open_ledger(f"sqlite:///{tmp_path / 'one.db'}")
    expected, expected_state = _one_by_one(ledger_org_factory(one))
    org = ledger_org_factory(open_ledger(f"sqlite:///{tmp_path / 'batch.db'}"))
    a, queue, duplicates, ids = _scenario(org)
    resp = push(org.engine, a.ctx, PushRequest(epoch=a.epoch, mutations=queue + duplicates), chunk=chunk)
    assert _outcome(resp.results) == expected
    assert _state(org, ids) == expected_state
    assert resp.last_applied_seq == queue[-1].seq
    # The scenario exercises what it claims to.
    statuses = [r[1] for r in expected]
    assert {"applied", "conflict", "rejected"} <= set(statuses)
    assert [r[3] for r in expected].count(True) == len(duplicates)
    assert expected[-1][2] == "push.seq_reused"
    assert [c[0] for c in expected_state["conflicts"]] == ["legal_name"]
    assert expected_state["rows"]["c1"][7] is True  # the owner did not move
    assert ("rejected", "record.changed_since") in [(r[1], r[2]) for r in expected]
    assert expected_state["rows"]["contact"][2] is True  # created, renamed, deleted


def test_a_gap_inside_a_batch_keeps_what_came_before(ledger_org: LedgerOrg) -> None:
    a, queue, _duplicates, ids = _scenario(ledger_org)
    skipped = queue[4]
    batch = queue[:4] + queue[5:]
    with pytest.raises(PushGap) as gap:
        push(ledger_org.engine, a.ctx, PushRequest(epoch=a.epoch, mutations=batch), chunk=2)
    assert gap.value.expected_seq == skipped.seq
    resent = push(ledger_org.engine, a.ctx, PushRequest(epoch=a.epoch, mutations=queue), chunk=2)
    assert [r.duplicate for r in resent.results] == [True] * 4 + [False] * (len(queue) - 4)
    assert resent.last_applied_seq == queue[-1].seq
    with Session(ledger_org.engine) as s:
        c1 = s.get(Client, ids["c1"])
        assert c1 is not None and "A 再改" in (c1.notes or "")
