"""Nightly ledger maintenance (crm.sync.server.maintenance): compaction keeps every pull's result, keeps
merges safe, drops old tombstones, leaves the retention window and the audit trail untouched."""

from __future__ import annotations

import copy
import threading
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from crm.db.engine import session_scope
from crm.domain.enums import ClientKind, ClientStatus
from crm.domain.models import AuditEvent, Client, Contact, Holding, User, Visit
from crm.domain.rules.checksums import make_uscc
from crm.services.audit import verify_audit_chain
from crm.sync.protocol import MutationStatus
from crm.sync.server.maintenance import RETENTION_DAYS, compact_change_log, run_maintenance, start_maintenance
from crm.sync.server.models import ChangeLog, ChangeScope

if TYPE_CHECKING:
    from conftest import LedgerDevice, LedgerOrg

APPLIED, CONFLICT = MutationStatus.APPLIED, MutationStatus.CONFLICT
_serial = iter(range(1, 10**6))
LOG = ChangeLog.__table__  # type: ignore[attr-defined]
SCOPE = ChangeScope.__table__  # type: ignore[attr-defined]


def ok(result: Any) -> Any:
    assert result.status is APPLIED, (result.status, result.code, result.detail)
    return result


def version(engine: sa.Engine, model: Any, row_id: str) -> int:
    with Session(engine) as s:
        obj = s.get(model, row_id)
        assert obj is not None
        return int(obj.version)


def seed_client(org: LedgerOrg, owner: User) -> Client:
    n = next(_serial)
    client = Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=f"维护测试{n}有限公司",
                    uscc=make_uscc(f"91310101MB{n:07d}"), owner_id=owner.id, branch_id=org.branch.id)
    head = org.device(org.head)
    ok(head.push_one(head.create("client", client)))
    return client


def age_everything(engine: sa.Engine, days: int) -> int:
    """Pretend every change so far (and every row's last update) happened ``days`` ago; returns the head."""
    delta = timedelta(days=days)
    with Session(engine) as s:
        rows = s.execute(sa.select(LOG.c.seq, LOG.c.server_ts)).all()
        s.execute(LOG.update().where(LOG.c.seq == sa.bindparam("k")).values(server_ts=sa.bindparam("t")),
                  [{"k": r.seq, "t": r.server_ts - delta} for r in rows])
        for model in (Contact, Holding):
            table = model.__table__  # type: ignore[attr-defined]
            stamps = s.execute(sa.select(table.c.id, table.c.updated_at)).all()
            if stamps:
                stmt = table.update().where(table.c.id == sa.bindparam("k")).values(
                    updated_at=sa.bindparam("t"))
                s.execute(stmt, [{"k": i, "t": t - delta} for i, t in stamps])
        s.commit()
        return int(s.execute(sa.select(sa.func.max(LOG.c.seq))).scalar() or 0)


def clone(device: LedgerDevice) -> LedgerDevice:
    twin = copy.copy(device)
    twin.rows = copy.deepcopy(device.rows)
    return twin


def live(rows: dict[tuple[str, str], dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {k: v for k, v in rows.items() if not v.get("deleted")}


def log_rows(engine: sa.Engine, above: int = 0) -> list[Any]:
    with Session(engine) as s:
        return [tuple(r) for r in s.execute(sa.select(LOG).where(LOG.c.seq > above).order_by(LOG.c.seq))]


def scope_rows(engine: sa.Engine, above: int = 0) -> set[tuple[str, int]]:
    with Session(engine) as s:
        return {(r.scope_key, r.seq) for r in s.execute(sa.select(SCOPE).where(SCOPE.c.seq > above))}


def audit_rows(engine: sa.Engine) -> list[tuple[Any, ...]]:
    with Session(engine) as s:
        table = AuditEvent.__table__  # type: ignore[attr-defined]
        return [tuple(r) for r in s.execute(sa.select(table).order_by(table.c.seq))]


def build_history(org: LedgerOrg) -> dict[str, Any]:
    """Creates, edits, a reassignment and back, deletions, with devices pulling at different moments."""
    rm, rm2, head = org.device(org.rm), org.device(org.rm2), org.device(org.head)
    saved: list[LedgerDevice] = [clone(d) for d in (rm, rm2, head)]  # never pulled: cursor 0
    a, b = seed_client(org, org.rm), seed_client(org, org.rm)
    contacts = [Contact(client_id=a.id, name=f"联系人{i}", phones=[f"1380000000{i}"]) for i in range(4)]
    for c in contacts:
        ok(rm.push_one(rm.create("contact", c)))
    loan = Holding(client_id=b.id, kind="loan", amount_fen=1_000_000)
    ok(rm.push_one(rm.create("holding", loan)))
    visit = Visit(client_id=a.id, rm_id=org.rm.id, visit_on=date.today(), completed=True,
                  contact_id=contacts[3].id, information="拜访")
    ok(rm.push_one(rm.create("visit", visit)))
    for d in (rm, rm2, head):
        d.sync_down()
        saved.append(clone(d))
    for i in range(3):  # the same fields edited again and again: superseded history
        ok(rm.push_one(rm.patch("contact", contacts[0].id, title=f"职务{i}")))
        ok(head.push_one(head.patch("client", a.id, notes=f"第{i}次备注")))
    ok(rm.push_one(rm.patch("holding", loan.id, amount_fen=900_000)))
    ok(head.push_one(head.command("client.assign", "client", b.id, owner_id=org.rm2.id)))
    for d in (rm, rm2):  # rm2 now holds b and its loan; both leave its scope again below
        d.sync_down()
        saved.append(clone(d))
    assert rm2.has("client", b.id) and rm2.has("holding", loan.id)
    ok(rm.push_one(rm.delete("contact", contacts[1].id)))
    ok(rm.push_one(rm.delete("contact", contacts[3].id)))  # still named by the visit: kept
    ok(head.push_one(head.command("client.assign", "client", b.id, owner_id=org.rm.id)))
    for d in (rm2, head):
        d.sync_down()
        saved.append(clone(d))
    ok(head.push_one(head.patch("contact", contacts[2].id, phones=["13911112222"])))  # by another device
    ok(rm.push_one(rm.patch("contact", contacts[2].id, title="出纳")))  # then the row moves on
    return {"devices": (rm, rm2, head), "saved": saved, "a": a, "b": b, "contacts": contacts, "loan": loan,
            "visit": visit}


def finish(device: LedgerDevice) -> dict[tuple[str, str], dict[str, Any]]:
    twin = clone(device)
    twin.sync_down(limit=3)  # small pages: the page arithmetic is exercised too
    return live(twin.rows)


def test_compaction_keeps_every_pull_result_and_the_window(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    h = build_history(org)
    horizon = age_everything(org.engine, RETENTION_DAYS + 20)
    rm = h["devices"][0]
    ok(rm.push_one(rm.patch("contact", h["contacts"][0].id, title="总经理")))  # inside the window
    saved = h["saved"] + [clone(org.device(u)) for u in (org.rm, org.rm2, org.head)]
    expected = [finish(d) for d in saved]
    window_log, window_scope = log_rows(org.engine, horizon), scope_rows(org.engine, horizon)
    before_log, before_scope = len(log_rows(org.engine)), len(scope_rows(org.engine))
    audit = audit_rows(org.engine)

    with session_scope(org.engine) as s:
        report = compact_change_log(s, datetime.now(UTC))

    assert report.horizon_seq == horizon
    assert report.scope_entries_dropped > 0 and report.log_entries_dropped > 0
    assert len(scope_rows(org.engine)) == before_scope - report.scope_entries_dropped
    assert len(log_rows(org.engine)) < before_log
    assert log_rows(org.engine, horizon) == window_log and scope_rows(org.engine, horizon) == window_scope
    # Every device, whatever its cursor, ends with exactly what it would have had.
    assert [finish(d) for d in saved] == expected
    # Every scope entry still points at a log entry (pages count seqs and entries alike).
    with Session(org.engine) as s:
        dangling = s.execute(sa.select(sa.func.count()).select_from(SCOPE).where(
            ~sa.exists().where(LOG.c.seq == SCOPE.c.seq))).scalar()
        assert dangling == 0
        assert verify_audit_chain(session=s).ok
    assert audit_rows(org.engine) == audit  # the audit trail is never touched
    # A second run finds nothing more to do.
    with session_scope(org.engine) as s:
        again = compact_change_log(s, datetime.now(UTC))
    assert (again.scope_entries_dropped, again.log_entries_dropped, again.tombstones) == (0, 0, 0)


def test_old_tombstones_are_dropped_and_removed_from_devices_that_still_hold_them(
        ledger_org: LedgerOrg) -> None:
    org = ledger_org
    h = build_history(org)
    early = h["saved"][3]  # rm after the first pull: holds every contact
    contacts = h["contacts"]
    assert early.has("contact", contacts[1].id)
    age_everything(org.engine, RETENTION_DAYS + 1)
    with session_scope(org.engine) as s:
        report = compact_change_log(s, datetime.now(UTC))
    assert report.tombstones_dropped == {"contact": 1}
    with Session(org.engine) as s:
        assert s.get(Contact, contacts[1].id) is None  # gone from the ledger
        assert s.get(Contact, contacts[3].id) is not None  # a visit still names it: kept as a tombstone
        left = s.execute(sa.select(LOG.c.op).where(LOG.c.entity_id == contacts[1].id)).scalars().all()
        assert left and set(left) == {"remove"}
    late = clone(early)
    late.sync_down()
    assert not late.has("contact", contacts[1].id)  # told to remove what it still had
    fresh = org.device(org.rm)
    fresh.sync_down()
    assert not fresh.has("contact", contacts[1].id) and fresh.has("contact", contacts[0].id)


def test_nothing_younger_than_the_retention_period_is_touched(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    build_history(org)
    age_everything(org.engine, RETENTION_DAYS - 1)
    before_log, before_scope = log_rows(org.engine), scope_rows(org.engine)
    with session_scope(org.engine) as s:
        report = compact_change_log(s, datetime.now(UTC))
    assert report.horizon_seq is None
    assert log_rows(org.engine) == before_log and scope_rows(org.engine) == before_scope


def test_merges_stay_safe_for_a_device_far_behind(ledger_org: LedgerOrg) -> None:
    """A base older than the horizon: a field changed since by someone else is never silently overwritten,
    and a delete over someone else's edit is still refused."""
    org = ledger_org
    h = build_history(org)
    rm = h["devices"][0]
    contact = h["contacts"][2]  # its phones were changed by the head's device after the rm's base
    old_base = h["saved"][3].rows[("contact", contact.id)]["version"]
    age_everything(org.engine, RETENTION_DAYS + 30)
    with session_scope(org.engine) as s:
        compact_change_log(s, datetime.now(UTC))
    result = rm.push_one(rm.patch("contact", contact.id, base={"phones": old_base}, phones=["13700000000"]))
    assert result.status is CONFLICT
    with Session(org.engine) as s:
        saved = s.get(Contact, contact.id)
        assert saved is not None and saved.phones == ["13911112222"]
    refused = rm.push_one(rm.delete("contact", contact.id, base=old_base))
    assert refused.code == "record.changed_since"
    # A base inside the window merges as before: a fast-forward.
    current = version(org.engine, Contact, h["contacts"][0].id)
    ok(rm.push_one(rm.patch("contact", h["contacts"][0].id, base={"title": current}, title="董事长")))


def test_run_maintenance_commits_and_the_nightly_job_starts_and_stops(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    build_history(org)
    age_everything(org.engine, RETENTION_DAYS + 5)
    before = len(log_rows(org.engine))
    report = run_maintenance(org.engine)
    assert not report.skipped and len(log_rows(org.engine)) < before
    before_threads = set(threading.enumerate())
    scheduler = start_maintenance(org.engine, hour=3, minute=0)
    try:
        job = scheduler.get_job("ledger-compaction")
        assert job is not None and (job.next_run_time.hour, job.next_run_time.minute) == (3, 0)
        assert set(threading.enumerate()) - before_threads  # its own thread runs
    finally:
        scheduler.shutdown(wait=True)
    assert not scheduler.running and set(threading.enumerate()) <= before_threads


def test_bad_arguments_are_refused(ledger_org: LedgerOrg) -> None:
    with Session(ledger_org.engine) as s:
        with pytest.raises(ValueError):
            compact_change_log(s, datetime(2026, 1, 1))
        with pytest.raises(ValueError):
            compact_change_log(s, datetime.now(UTC), retention_days=0)
