"""The desktop sync engine against a scripted in-memory ledger (a test double of the protocol only).

The double follows docs/sync-protocol.md closely enough to exercise the engine's side: seqs, duplicate and
gap answers, stored rejections, scoped puts and removes, epochs, wipes. The real ledger is exercised in
test_client_http.py.
"""

from __future__ import annotations

import copy
import logging
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import KEY_FILE, Workspace
from crm.domain.enums import ClientKind, ClientStatus, OutboxOp, Role, VisitMode
from crm.domain.errors import DomainError
from crm.domain.models import (
    Branch,
    Client,
    Conflict,
    Contact,
    Holding,
    LocalSetting,
    Outbox,
    ServerShadow,
    SyncJournal,
    User,
    Visit,
)
from crm.domain.serialize import to_wire
from crm.services import records, search
from crm.services.context import Actor
from crm.sync.client import (
    AuthFailed,
    EpochChanged,
    GapUnrecoverable,
    ProtocolError,
    PushGap,
    ServerUnavailable,
    SyncEngine,
    WipeRequested,
    WorkspaceWiped,
)
from crm.sync.client import engine as engine_module
from crm.sync.client import local as local_module
from crm.sync.protocol import (
    Change,
    ChangeOp,
    ConflictInfo,
    EnrolRequest,
    EnrolResponse,
    MutationResult,
    MutationStatus,
    PullResponse,
    PushRequest,
    PushResponse,
    StatusResponse,
    TokenResponse,
    UserInfo,
)

KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "Login-pass-2026"  # noqa: S105 - a test credential
META = {"id", "version", "field_versions", "created_at", "updated_at", "deleted"}


# --- the scripted ledger ------------------------------------------------------------------------


class FakeLedger:
    """Ledger state plus the protocol's rules; `Scripted` below is the Transport over it."""

    def __init__(self) -> None:
        self.epoch = "epoch-1"
        self.head = 0
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        self.log: list[tuple[int, str, str, str]] = []  # seq, entity, id, put/remove
        self.last_applied = 0
        self.results: dict[int, MutationResult] = {}
        self.applied_mutations: list[str] = []  # mutation ids in the order they took effect
        self.token = "tok-" + secrets.token_hex(24)
        self.wipe_requested = False
        self.wipe_acked = False
        self.conflict_fields: set[str] = set()
        branch = Branch(code="310101", name="城中支行")
        self.branch_id = branch.id
        me = User(username="wangfang", display_name="王芳", role=Role.RM, branch_id=branch.id)
        other = User(username="lilei", display_name="李雷", role=Role.RM, branch_id=branch.id)
        self.me, self.other = me.id, other.id
        self.user_info = UserInfo(id=me.id, username="wangfang", display_name="王芳", role=Role.RM,
                                  branch_id=branch.id)
        for entity, obj in (("branch", branch), ("user", me), ("user", other)):
            self.put(entity, to_wire(obj))

    # ledger-side edits
    def next_seq(self) -> int:
        self.head += 1
        return self.head

    def put(self, entity: str, data: dict[str, Any]) -> dict[str, Any]:
        seq = self.next_seq()
        row = dict(data)
        row["version"] = seq
        row["field_versions"] = {k: seq for k in row if k not in META}
        self.rows[(entity, row["id"])] = row
        self.log.append((seq, entity, row["id"], "put"))
        return row

    def edit(self, entity: str, entity_id: str, **fields: Any) -> dict[str, Any]:
        seq = self.next_seq()
        row = self.rows[(entity, entity_id)]
        for name, value in fields.items():
            row[name] = value
            row["field_versions"][name] = seq
        row["version"] = seq
        self.log.append((seq, entity, entity_id, "put"))
        return row

    def remove(self, entity: str, entity_id: str) -> None:
        self.rows.pop((entity, entity_id), None)
        self.log.append((self.next_seq(), entity, entity_id, "remove"))

    def client(self, name: str = "上海恒信精密机械有限公司", owner: str | None = None, **fields: Any) -> str:
        c = Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=name,
                   owner_id=owner or self.me, branch_id=self.branch_id, **fields)
        self.put("client", to_wire(c))
        return c.id

    def saved(self) -> dict[str, Any]:
        keys = ("head", "rows", "log", "last_applied", "results")
        return copy.deepcopy({k: getattr(self, k) for k in keys})

    def restore(self, saved: dict[str, Any], epoch: str) -> None:
        """What a restore from backup looks like to devices: older state, a new epoch."""
        for key, value in copy.deepcopy(saved).items():
            setattr(self, key, value)
        self.epoch = epoch

    # protocol
    def apply(self, m: Any) -> MutationResult:
        def result(status: MutationStatus, **kw: Any) -> MutationResult:
            return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status=status, **kw)

        key = (m.entity, m.entity_id)
        if m.payload.get("legal_name") == "POISON" or m.name == "client.poison":
            return result(MutationStatus.REJECTED, code="client.poison", detail="refused by the test ledger")
        if m.op is OutboxOp.CREATE:
            row = self.put(m.entity, m.payload)
            self.applied_mutations.append(m.mutation_id)
            return result(MutationStatus.APPLIED, version=row["version"])
        if key not in self.rows:
            return result(MutationStatus.REJECTED, code="record.not_found")
        held = [f for f in m.payload if f in self.conflict_fields]
        if m.op is OutboxOp.PATCH:
            row = self.edit(m.entity, m.entity_id, **{k: v for k, v in m.payload.items() if k not in held})
        elif m.op is OutboxOp.DELETE:
            row = self.edit(m.entity, m.entity_id, deleted=True)
        else:
            changes = {"resolved": True, "resolution": m.payload.get("choice")}
            row = self.edit(m.entity, m.entity_id, **(changes if m.entity == "conflict" else {}))
        self.applied_mutations.append(m.mutation_id)
        if held:
            conflict = Conflict(entity=m.entity, entity_id=m.entity_id, field=held[0], user_id=self.me,
                                mine_value=m.payload[held[0]], theirs_value=self.rows[key][held[0]],
                                mutation_id=m.mutation_id)
            self.put("conflict", to_wire(conflict))
            return result(MutationStatus.CONFLICT, version=row["version"], conflict_ids=[conflict.id])
        return result(MutationStatus.APPLIED, version=row["version"])


class Scripted:
    """The Transport over a FakeLedger, with switches for failures."""

    def __init__(self, ledger: FakeLedger) -> None:
        self.ledger = ledger
        self.base_url = "https://ledger.test"
        self.offline = False
        self.drop_next_push_answer = False  # the ledger commits the push, the answer never arrives
        self.snapshot_fail_after: int | None = None
        self.pushes: list[list[int]] = []
        self.pull_calls = 0
        self.status_calls = 0

    def _check(self, token: str, *, wiping_ok: bool = False) -> FakeLedger:
        if self.offline:
            raise ServerUnavailable("offline", server=self.base_url)
        if token != self.ledger.token:
            raise AuthFailed("auth.invalid_token")
        if self.ledger.wipe_requested and not wiping_ok:
            raise WipeRequested()  # like the ledger: only status and wipe-ack for such a device
        return self.ledger

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        if self.offline:
            raise ServerUnavailable("offline")
        if request.password != PASSWORD:
            raise AuthFailed("auth.bad_credentials")
        return EnrolResponse(device_id=request.device_id, token=self.ledger.token, user=self.ledger.user_info,
                             epoch=self.ledger.epoch, server_time=datetime.now(UTC))

    def refresh(self, token: str) -> TokenResponse:
        led = self._check(token)
        led.token = "tok-" + secrets.token_hex(24)
        return TokenResponse(token=led.token)

    def status(self, token: str) -> StatusResponse:
        self.status_calls += 1
        led = self._check(token, wiping_ok=True)
        return StatusResponse(epoch=led.epoch, server_time=datetime.now(UTC), user=led.user_info,
                              device_id="d", last_applied_seq=led.last_applied, head_seq=led.head,
                              wipe_requested=led.wipe_requested)

    def snapshot(self, token: str) -> Iterator[dict[str, Any]]:
        led = self._check(token)
        yield {"type": "header", "epoch": led.epoch, "checkpoint": led.head, "scopes": ["rm:x"]}
        count = 0
        for (entity, _id), data in list(led.rows.items()):
            if self.snapshot_fail_after is not None and count >= self.snapshot_fail_after:
                raise ServerUnavailable("stream cut")
            if data.get("deleted"):
                continue
            count += 1
            yield {"type": "row", "entity": entity, "data": copy.deepcopy(data)}
        yield {"type": "end", "rows": count}

    def push(self, token: str, request: PushRequest) -> PushResponse:
        led = self._check(token)
        if request.epoch != led.epoch:
            raise EpochChanged(led.epoch)
        self.pushes.append([m.seq for m in request.mutations])
        results: list[MutationResult] = []
        for m in request.mutations:
            if m.seq <= led.last_applied:
                results.append(led.results[m.seq].model_copy(update={"duplicate": True}))
                continue
            if m.seq > led.last_applied + 1:
                if not results:
                    raise PushGap(led.last_applied + 1)
                break
            r = led.apply(m)
            led.results[m.seq] = r
            led.last_applied = m.seq
            results.append(r)
        if self.drop_next_push_answer:
            self.drop_next_push_answer = False
            raise ServerUnavailable("connection reset")
        return PushResponse(results=results, last_applied_seq=led.last_applied)

    def pull(self, token: str, cursor: int, limit: int) -> PullResponse:
        led = self._check(token)
        self.pull_calls += 1
        entries = [e for e in led.log if e[0] > cursor][:limit]
        end = entries[-1][0] if len(entries) >= limit else led.head
        latest: dict[tuple[str, str], tuple[int, str]] = {}
        for seq, entity, entity_id, op in entries:
            latest.pop((entity, entity_id), None)
            latest[(entity, entity_id)] = (seq, op)
        changes = []
        for (entity, entity_id), (seq, op) in latest.items():
            data = led.rows.get((entity, entity_id))
            if op == "remove" or data is None:
                changes.append(Change(seq=seq, entity=entity, id=entity_id, op=ChangeOp.REMOVE))
            else:
                changes.append(Change(seq=seq, entity=entity, id=entity_id, op=ChangeOp.PUT,
                                      version=data["version"], data=copy.deepcopy(data)))
        return PullResponse(epoch=led.epoch, changes=changes, cursor=end, checkpoint=led.head,
                            has_more=end < led.head)

    def conflicts(self, token: str) -> list[ConflictInfo]:
        self._check(token)
        return []

    def wipe_ack(self, token: str) -> None:
        self._check(token, wiping_ok=True).wipe_acked = True


# --- fixtures -----------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def keystore() -> MemoryKeyStore:
    return MemoryKeyStore()


@pytest.fixture
def ws(tmp_path: Path, keystore: MemoryKeyStore) -> Iterator[Workspace]:
    workspace = Workspace.create(tmp_path / "ws", password=PASSWORD, keystore=keystore, kdf=KDF)
    yield workspace
    workspace.close()


@pytest.fixture
def ledger() -> FakeLedger:
    return FakeLedger()


@pytest.fixture
def wire(ledger: FakeLedger) -> Scripted:
    return Scripted(ledger)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def eng(ws: Workspace, wire: Scripted, clock: Clock, keystore: MemoryKeyStore) -> SyncEngine:
    return SyncEngine(ws, wire, clock=clock, keystore=keystore, page_size=50, push_batch=20)


@pytest.fixture
def synced(eng: SyncEngine, ledger: FakeLedger) -> SyncEngine:
    eng.enrol("wangfang", PASSWORD, "test laptop")
    eng.sync()
    return eng


def actor(ws: Workspace) -> Actor:
    with Session(ws.engine) as s:
        owner = s.get(LocalSetting, "owner")
        assert owner is not None
        user = s.get(User, owner.value["user_id"])
        assert user is not None
        return Actor.of(user)


def local_edit(ws: Workspace, entity_cls: Any, entity_id: str, **changes: Any) -> None:
    with Session(ws.engine, expire_on_commit=False) as s:
        obj = s.get(entity_cls, entity_id)
        records.patch(s, actor(ws), obj, changes)
        s.commit()


def get(ws: Workspace, entity_cls: Any, entity_id: str) -> Any:
    with Session(ws.engine) as s:
        return s.get(entity_cls, entity_id)


def count(ws: Workspace, entity_cls: Any) -> int:
    with Session(ws.engine) as s:
        return int(s.exec(select(func.count()).select_from(entity_cls)).one())


def cursor(ws: Workspace) -> int | None:
    with Session(ws.engine) as s:
        state = s.get(LocalSetting, "sync.state")
        return state.value.get("cursor") if state else None


def found(ws: Workspace, text: str) -> set[str]:
    """Legal names the local search finds for `text` (the index must follow pulls)."""
    with Session(ws.engine) as s:
        rows = search.search_clients(session=s, actor=actor(ws), text=text, limit=10_000)
        return {r.legal_name for r in rows}


# --- enrolment and secrets ----------------------------------------------------------------------


def test_enrol_keeps_the_token_inside_the_encrypted_database_only(
        eng: SyncEngine, ws: Workspace, ledger: FakeLedger, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    log_file = ws.log_dir / "crm.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        user = eng.enrol("wangfang", PASSWORD, "laptop")
        eng.sync()
        eng.workspace.settings.server_url = "https://ledger.test"
        eng.workspace.save_settings()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert user.username == "wangfang"
    assert eng._token() == ledger.token
    ws.engine.dispose()  # checkpoint nothing: the WAL and -shm files are inspected as they are
    token = ledger.token.encode()
    files = [p for p in ws.path.rglob("*") if p.is_file()]
    assert any(p.name == "crm.db" for p in files) and log_file in files
    for path in files:
        assert token not in path.read_bytes(), f"token in clear in {path.name}"
    assert ledger.token not in caplog.text
    # The owner is recorded for the services (workspace_actor) and the User row exists.
    with Session(ws.engine) as s:
        owner = s.get(LocalSetting, "owner")
        assert owner is not None and owner.value["user_id"] == ledger.me
        assert s.get(User, ledger.me) is not None


def test_a_wrong_password_is_refused_and_stores_nothing(eng: SyncEngine, ws: Workspace) -> None:
    with pytest.raises(AuthFailed):
        eng.enrol("wangfang", "Wrong-pass-2026")
    assert eng.status().enrolled is False


def test_re_enrolment_keeps_the_device_id(eng: SyncEngine) -> None:
    eng.enrol("wangfang", PASSWORD)
    first = eng.status().device_id
    eng.enrol("wangfang", PASSWORD)
    assert eng.status().device_id == first


def test_another_user_cannot_enrol_into_this_workspace(synced: SyncEngine) -> None:
    with pytest.raises(DomainError) as err:
        synced.enrol("lilei", PASSWORD)
    assert err.value.code == "sync.workspace_other_user"


# --- bootstrap ----------------------------------------------------------------------------------


def test_the_codecs_store_rows_exactly_as_the_orm_does(synced: SyncEngine, ws: Workspace,
                                                      ledger: FakeLedger) -> None:
    """Bootstrap and pull write stored values directly (EntityCodec.raw); they must be the ORM's, or a
    NOT NULL column refuses them (JSON None is the text 'null') and a pull rewrites rows it should skip."""
    cid = ledger.client("存储企业", notes="备注")
    rows = [
        ("client", Client.model_validate(ledger.rows[("client", cid)])),
        ("contact", Contact(client_id=cid, name="欧阳修", phones=["13800138000"])),
        ("visit", Visit(client_id=cid, rm_id=ledger.me, visit_on=date(2026, 11, 2), mode=VisitMode.ON_SITE)),
        ("conflict", Conflict(entity="client", entity_id=cid, field="notes", base_value=None,
                              mine_value="我的", theirs_value={"a": [1, "二"]}, user_id=ledger.me)),
    ]
    with Session(ws.engine, expire_on_commit=False) as s:
        for _entity, obj in rows:
            s.add(obj)
        s.commit()
    with ws.engine.connect() as c:
        for entity, obj in rows:
            codec = engine_module.CODECS[entity]
            stored = codec.stored_rows(c, [obj.id])[obj.id]
            assert codec.raw(to_wire(obj)) == stored, entity


def test_bootstrap_bulk_inserts_replaces_local_data_and_indexes_once(
        eng: SyncEngine, ws: Workspace, ledger: FakeLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [ledger.client(f"测试企业{i}有限公司") for i in range(2_600)]
    for cid in ids[:1_500]:
        ledger.put("contact", to_wire(Contact(client_id=cid, name="张三", phones=["13800138000"])))
    # Local leftovers of a replicated table go; the outbox stays.
    with Session(ws.engine) as s:
        s.add(Branch(code="999999", name="旧数据"))
        s.add(Outbox(entity="branch", entity_id="x" * 36, op=OutboxOp.PATCH, payload={"name": "n"}))
        s.commit()
    inserts: list[int] = []
    real = sa.Connection.exec_driver_sql

    def spy(self: sa.Connection, statement: Any, parameters: Any = None, **kw: Any) -> Any:
        if isinstance(parameters, list) and len(parameters) > 1:
            inserts.append(len(parameters))
        return real(self, statement, parameters, **kw)

    rebuilds: list[int] = []
    real_rebuild = engine_module.search.rebuild_index

    def counting_rebuild(**kw: Any) -> int:
        rebuilds.append(1)
        return real_rebuild(**kw)

    monkeypatch.setattr(sa.Connection, "exec_driver_sql", spy)
    monkeypatch.setattr(engine_module.search, "rebuild_index", counting_rebuild)
    seen: list[tuple[str, int, int]] = []
    eng.enrol("wangfang", PASSWORD)
    report = eng.bootstrap(progress=lambda stage, done, total: seen.append((stage, done, total)))
    monkeypatch.undo()
    assert report.rows == 3 + 2_600 + 1_500
    assert report.checkpoint == ledger.head and cursor(ws) == ledger.head
    assert count(ws, Client) == 2_600 and count(ws, Contact) == 1_500
    assert count(ws, Branch) == 1  # the local leftover was replaced
    assert count(ws, Outbox) == 1
    assert max(inserts) >= 2_000  # executemany in thousands, not row by row
    assert rebuilds == [1]
    assert len(found(ws, "测试企业")) == 2_600
    assert seen[-1][0] == "index" or any(stage == "snapshot" for stage, *_ in seen)


def test_bulk_inserted_rows_read_back_exactly_as_the_ledger_sent_them(
        eng: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("类型企业", kyc_documents={"license": True}, kyc_refreshed_on=date(2026, 3, 1),
                        is_tech=True, tier="A", deposit_balance_fen=123_456_789, risk_tolerance="C3")
    ledger.rows[("client", cid)]["created_at"] = "2026-01-02T03:04:05+08:00"  # another offset
    visit = Visit(client_id=cid, rm_id=ledger.me, visit_on=date(2026, 11, 2), satisfaction=None,
                  goal_reached=False, reviewed_at=datetime(2026, 11, 3, 4, 5, 6, 7, tzinfo=UTC))
    ledger.put("visit", to_wire(visit))
    eng.enrol("wangfang", PASSWORD)
    eng.bootstrap()
    for entity, cls, key in (("client", Client, cid), ("visit", Visit, visit.id)):
        expected = dict(ledger.rows[(entity, key)])
        got = to_wire(get(ws, cls, key))
        if entity == "client":
            assert got["created_at"] == "2026-01-01T19:04:05+00:00"
            expected["created_at"] = got["created_at"]
        assert got == expected


def test_an_interrupted_bootstrap_is_never_used_and_is_redone(
        eng: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    for i in range(30):
        ledger.client(f"企业{i}")
    eng.enrol("wangfang", PASSWORD)
    wire.snapshot_fail_after = 10
    with pytest.raises(ServerUnavailable):
        eng.sync()
    assert cursor(ws) is None
    wire.snapshot_fail_after = None
    report = eng.sync()
    assert report.bootstrapped and count(ws, Client) == 30 and cursor(ws) == ledger.head


def test_an_interrupted_rebootstrap_leaves_the_old_replica_whole(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    edited = ledger.client("待同步企业")
    others = [ledger.client(f"其他企业{i}") for i in range(20)]
    synced.sync()
    local_edit(ws, Client, edited, notes="本机未同步")
    old_cursor = cursor(ws)
    ledger.epoch = "epoch-2"
    ledger.client("新纪元企业")
    wire.snapshot_fail_after = 15
    with pytest.raises(ServerUnavailable):
        synced.sync()
    # Nothing of the broken snapshot is kept, nothing of the old replica is lost: rows, search index,
    # epoch and cursor are as before, and the row with a queued edit still shows it.
    assert get(ws, Client, edited).notes == "本机未同步" and count(ws, Outbox) == 1
    assert all(get(ws, Client, i) is not None for i in others)
    assert count(ws, Client) == 21 and cursor(ws) == old_cursor and synced.status().epoch != "epoch-2"
    assert len(found(ws, "其他企业")) == 20
    # Still editable offline: a second edit is queued on top of the first.
    local_edit(ws, Client, others[0], notes="断网时补记")
    assert count(ws, Outbox) == 2
    wire.snapshot_fail_after = None
    report = synced.sync()
    assert report.bootstrapped and report.pushed == 2
    assert synced.status().epoch == "epoch-2" and cursor(ws) == ledger.head and count(ws, Client) == 22
    assert get(ws, Client, edited).notes == ledger.rows[("client", edited)]["notes"] == "本机未同步"
    assert get(ws, Client, others[0]).notes == "断网时补记"


def test_a_snapshot_without_its_end_line_is_refused(eng: SyncEngine, ws: Workspace, wire: Scripted) -> None:
    real = wire.snapshot

    def truncated(token: str) -> Iterator[dict[str, Any]]:
        for item in real(token):
            if item["type"] == "end":
                return
            yield item

    wire.snapshot = truncated  # type: ignore[method-assign]
    eng.enrol("wangfang", PASSWORD)
    with pytest.raises(ProtocolError):
        eng.bootstrap()
    assert cursor(ws) is None


# --- pull ---------------------------------------------------------------------------------------


def test_pull_applies_pages_until_caught_up(synced: SyncEngine, ws: Workspace, ledger: FakeLedger,
                                            wire: Scripted) -> None:
    for i in range(120):
        ledger.client(f"新客户{i}")
    before = wire.pull_calls
    report = synced.sync()
    assert report.pulled == 120 and wire.pull_calls - before == 3  # pages of 50
    assert count(ws, Client) == 120 and cursor(ws) == ledger.head
    assert found(ws, "新客户119") == {"新客户119"}


def test_a_crash_mid_page_applies_nothing_and_keeps_the_cursor(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = ledger.client("保留企业")
    synced.sync()
    start = cursor(ws)
    ledger.edit("client", kept, legal_name="改名企业")
    new = ledger.client("新企业")

    def crash(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("power cut")  # after the puts were written, before the cursor

    monkeypatch.setattr(engine_module.search, "index_clients", crash)
    with pytest.raises(RuntimeError):
        synced.sync()
    assert cursor(ws) == start
    assert get(ws, Client, kept).legal_name == "保留企业" and get(ws, Client, new) is None
    monkeypatch.undo()
    synced.sync()
    assert get(ws, Client, kept).legal_name == "改名企业" and get(ws, Client, new) is not None
    assert cursor(ws) == ledger.head


def test_pending_edits_stay_on_top_of_pulled_state_with_a_shadow(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    cid = ledger.client("恒信机械", notes="旧备注")
    synced.sync()
    local_edit(ws, Client, cid, notes="我的备注")
    ledger.edit("client", cid, region="浦东", notes="别人的备注")
    synced.pull()  # pull without pushing first: the edit is still queued
    row = get(ws, Client, cid)
    assert row.region == "浦东" and row.notes == "我的备注"
    shadow = get(ws, ServerShadow, ("client", cid))
    assert shadow is not None and shadow.data["notes"] == "别人的备注"
    # The pending patch keeps the base it was made on, so the ledger can merge it three-way.
    assert row.field_versions["notes"] < ledger.rows[("client", cid)]["field_versions"]["notes"]
    synced.sync()
    assert count(ws, Outbox) == 0 and get(ws, ServerShadow, ("client", cid)) is None
    assert get(ws, Client, cid).notes == ledger.rows[("client", cid)]["notes"] == "我的备注"


def test_a_pending_command_keeps_its_local_effect_under_a_pull(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("指派企业", owner=ledger.me)
    synced.sync()
    with Session(ws.engine, expire_on_commit=False) as s:
        client = s.get(Client, cid)
        records.command(s, actor(ws), client, "client.assign", {"owner_id": ledger.other},
                        {"maintainer_id": ledger.other})
        s.commit()
    ledger.edit("client", cid, region="徐汇")  # an unrelated change by someone else
    synced.pull()
    row = get(ws, Client, cid)
    assert row.region == "徐汇" and row.maintainer_id == ledger.other


def test_remove_cascades_to_children_but_spares_the_users_own_work(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("转出企业")
    contact = Contact(client_id=cid, name="李四", phones=["13900139000"])
    holding = Holding(client_id=cid, kind="deposit", name="活期")
    theirs = Visit(client_id=cid, rm_id=ledger.other, visit_on=date(2026, 11, 1), mode=VisitMode.ON_SITE)
    mine = Visit(client_id=cid, rm_id=ledger.me, visit_on=date(2026, 11, 2), mode=VisitMode.ON_SITE)
    for entity, obj in (("contact", contact), ("holding", holding), ("visit", theirs), ("visit", mine)):
        ledger.put(entity, to_wire(obj))
    synced.sync()
    assert found(ws, "转出") == {"转出企业"}
    ledger.remove("client", cid)  # reassigned away: only the client's remove reaches this device
    synced.sync()
    assert get(ws, Client, cid) is None and get(ws, Contact, contact.id) is None
    assert get(ws, Holding, holding.id) is None and get(ws, Visit, theirs.id) is None
    assert get(ws, Visit, mine.id) is not None
    assert found(ws, "转出") == set()


def index_contents(ws: Workspace) -> tuple[dict[str, tuple[str, str, str]], list[tuple[str, str, int, int]]]:
    """The search index as data, by client id (document numbers aside): each client's ranking row, and
    every term occurrence (client, term, column, offset) the full-text index holds."""
    with ws.engine.connect() as c:
        c.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms "
                          "USING fts5vocab(main, client_search, instance)")
        docs = {doc: (cid, (name, short, pinyin)) for doc, cid, name, short, pinyin in c.exec_driver_sql(
            "SELECT doc, client_id, name, short_name, pinyin FROM client_search_doc")}
        terms = sorted((docs[doc][0], term, column, offset)
                       for term, doc, column, offset in c.exec_driver_sql(
                           "SELECT term, doc, col, offset FROM temp.search_terms"))
    return dict(docs.values()), terms


def test_a_pull_page_touching_many_clients_leaves_the_index_a_full_rebuild_builds(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    ids = [ledger.client(f"索引客户{i}有限公司", short_name=f"客户{i}", uscc=f"91310101MA1FL{i:05d}")
           for i in range(700)]
    people = [ledger.put("contact", to_wire(Contact(client_id=ids[i], name=f"联系人{i}",
                                                    phones=[f"1380013{i:04d}"])))["id"] for i in range(300)]
    synced.sync()
    for i in (2, 4):
        local_edit(ws, Client, ids[i], notes=f"本机备注{i}")  # queued: the page overlays them
    # One page (more clients than one IN list holds): renames, moved and removed contacts, removed and
    # deleted clients, new clients.
    for i in range(0, 700, 2):
        ledger.edit("client", ids[i], legal_name=f"改名客户{i}(集团)有限公司", notes=f"电话 13912345{i:03d}")
    for i in range(0, 300, 3):
        ledger.edit("contact", people[i], client_id=ids[i + 350], name=f"新联系人{i}")
    for i in range(1, 300, 5):
        ledger.remove("contact", people[i])
    for i in range(600, 650):
        ledger.remove("client", ids[i])
    for i in range(650, 660):
        ledger.edit("client", ids[i], deleted=True)
    for i in range(30):
        ledger.client(f"新增客户{i}", short_name=f"新{i}")
    synced.page_size = 5_000
    before = wire.pull_calls
    assert synced.pull() > 500 and wire.pull_calls - before == 1
    incremental = index_contents(ws)
    assert len(incremental[0]) == 700 + 30 - 60
    for i in (2, 4):
        row, shadow = get(ws, Client, ids[i]), get(ws, ServerShadow, ("client", ids[i]))
        assert row.notes == f"本机备注{i}" and row.legal_name == f"改名客户{i}(集团)有限公司"
        assert shadow.data["notes"] == f"电话 13912345{i:03d}"
    with Session(ws.engine) as s:
        search.rebuild_index(session=s)
        s.commit()
    assert index_contents(ws) == incremental
    assert found(ws, "联系人99") == {"索引客户449有限公司"}  # moved: gone from the old client's document
    assert found(ws, "新增客户29") == {"新增客户29"} and found(ws, "索引客户601") == set()


def test_a_contact_put_reindexes_its_client(synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("索引企业")
    synced.sync()
    ledger.put("contact", to_wire(Contact(client_id=cid, name="欧阳修", phones=[])))
    synced.sync()
    assert found(ws, "欧阳修") == {"索引企业"}


def _log_client_writes(ws: Workspace) -> None:
    """Triggers that record, per client, which of its columns an UPDATE set (`UPDATE OF` fires only for
    the columns in the SET list) and every INSERT."""
    with ws.engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE written (client_id TEXT, what TEXT)")
        for column in ("legal_name", "region", "version"):
            c.exec_driver_sql(f"CREATE TRIGGER written_{column} AFTER UPDATE OF {column} ON client "  # noqa: S608
                              f"BEGIN INSERT INTO written VALUES (new.id, '{column}'); END")
        c.exec_driver_sql("CREATE TRIGGER written_insert AFTER INSERT ON client "
                          "BEGIN INSERT INTO written VALUES (new.id, 'insert'); END")


def _writes(ws: Workspace) -> list[tuple[str, str]]:
    with ws.engine.begin() as c:
        rows = [tuple(r) for r in c.exec_driver_sql("SELECT client_id, what FROM written ORDER BY rowid")]
        c.exec_driver_sql("DELETE FROM written")
    return rows  # type: ignore[return-value]


def _log_reindexing(ws: Workspace) -> None:
    """A trigger that records every search document written (a client re-indexed)."""
    with ws.engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE reindexed (client_id TEXT)")
        c.exec_driver_sql("CREATE TRIGGER reindexed_doc AFTER INSERT ON client_search_doc "
                          "BEGIN INSERT INTO reindexed VALUES (new.client_id); END")


def _reindexed(ws: Workspace) -> list[str]:
    with ws.engine.begin() as c:
        rows = list(c.exec_driver_sql("SELECT client_id FROM reindexed ORDER BY rowid").scalars())
        c.exec_driver_sql("DELETE FROM reindexed")
    return rows


def test_a_pull_writes_only_the_columns_that_changed_and_nothing_for_a_row_as_stored(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    moved, renamed, same = (ledger.client(name, region="黄浦")
                            for name in ("迁址企业", "改名企业", "原样企业"))
    synced.sync()
    _log_client_writes(ws)
    start = cursor(ws)
    ledger.edit("client", moved, region="浦东")
    ledger.edit("client", renamed, legal_name="新名企业")
    fresh = ledger.client("新到企业")
    page = wire.pull(synced._token(), start or 0, 1_000)
    assert synced.apply_page(page) == 3
    assert sorted(_writes(ws)) == sorted([(moved, "region"), (moved, "version"), (renamed, "legal_name"),
                                          (renamed, "version"), (fresh, "insert")])
    assert get(ws, Client, moved).region == "浦东" and get(ws, Client, renamed).legal_name == "新名企业"
    assert get(ws, Client, same).region == "黄浦"
    # The same page again (a response delivered twice): every row is already as the ledger has it.
    synced.apply_page(page)
    assert _writes(ws) == []
    assert {k: v for k, v in vars(get(ws, Client, renamed)).items() if not k.startswith("_")} == {
        k: v for k, v in vars(local_row_from(ledger, renamed)).items() if not k.startswith("_")}


def local_row_from(ledger: FakeLedger, client_id: str) -> Client:
    """The ledger's state of a client as the laptop's model reads it."""
    return Client.model_validate(ledger.rows[("client", client_id)])


def test_a_pull_keeps_the_ledgers_order_for_values_that_must_stay_unique(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    # A username freed by a rename and taken by a new user, in one page: both users stay.
    ledger.edit("user", ledger.other, username="lilei.old")
    newcomer = User(username="lilei", display_name="新李雷", role=Role.RM, branch_id=ledger.branch_id)
    ledger.put("user", to_wire(newcomer))
    # Renames with different sets of changed columns: C, then B frees 'bbb', then A takes it.
    a, b, c = (User(username=n * 3, display_name=n.upper(), role=Role.RM, branch_id=ledger.branch_id)
               for n in "abc")
    for user in (c, b, a):
        ledger.put("user", to_wire(user))
    synced.sync()
    ledger.edit("user", c.id, username="ccc2", display_name="C2")
    ledger.edit("user", b.id, username="bbb-old")
    ledger.edit("user", a.id, username="bbb", display_name="A2")
    synced.sync()
    assert get(ws, User, ledger.other).username == "lilei.old"
    assert get(ws, User, newcomer.id).username == "lilei"
    assert [get(ws, User, u.id).username for u in (a, b, c)] == ["bbb", "bbb-old", "ccc2"]


def test_the_same_row_twice_in_one_write_ends_as_its_later_state(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    w, x = (ledger.client(name, region="黄浦") for name in ("W企业", "X企业"))
    synced.sync()
    rows = {k: copy.deepcopy(ledger.rows[("client", k)]) for k in (w, x)}
    codec = engine_module.CODECS["client"]
    with ws.engine.begin() as c:
        local_module.put_rows(c, codec, [{**rows[w], "legal_name": "W2", "region": "浦东"},
                                         {**rows[x], "legal_name": "X2"},
                                         {**rows[x], "legal_name": "X3", "region": "浦东"}])
    assert get(ws, Client, x).legal_name == "X3" and get(ws, Client, x).region == "浦东"


def test_a_conflict_with_numbers_pulled_again_is_left_as_it_is(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    # SQLite keeps the JSON text of a number as that number (NUMERIC affinity): still the same value.
    cid = ledger.client("数字企业")
    data = ledger.put("conflict", to_wire(Conflict(entity="client", entity_id=cid, field="open_issues",
                                                   base_value=3, mine_value=4, theirs_value=2.5,
                                                   user_id=ledger.me)))
    synced.sync()
    with ws.engine.begin() as c:
        codec = engine_module.CODECS["conflict"]
        (_new, _old, names), = local_module.put_rows(c, codec, [copy.deepcopy(data)])
    assert names == frozenset()
    assert get(ws, Conflict, data["id"]).theirs_value == 2.5


@pytest.mark.parametrize(("field", "value"), [("status", "merged_away"), ("risk_assessed_on", "2026-02-30")])
def test_a_pull_row_that_does_not_fit_is_a_protocol_error_and_changes_nothing(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, field: str, value: str) -> None:
    cid = ledger.client("状态企业", region="黄浦")
    synced.sync()
    start = cursor(ws)
    ledger.edit("client", cid, region="浦东", **{field: value})  # an unknown status, or no date
    with pytest.raises(ProtocolError):
        synced.pull()
    assert cursor(ws) == start and get(ws, Client, cid).region == "黄浦"


def test_a_pull_reindexes_a_client_only_when_its_document_changes(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("恒信精密机械有限公司", region="黄浦", progress="初次接触")
    contact = ledger.put("contact", to_wire(Contact(client_id=cid, name="欧阳修", phones=[])))["id"]
    synced.sync()
    _log_reindexing(ws)
    ledger.edit("client", cid, region="浦东")  # not a column the document is built from
    ledger.edit("contact", contact, title="财务总监")  # nor this
    synced.sync()
    assert _reindexed(ws) == []
    ledger.edit("client", cid, progress="已签约代发")
    synced.sync()
    assert _reindexed(ws) == [cid]
    assert found(ws, "签约代发") == {"恒信精密机械有限公司"} and found(ws, "初次接触") == set()
    ledger.edit("contact", contact, name="司马光")
    synced.sync()
    assert _reindexed(ws) == [cid] and found(ws, "司马光") == {"恒信精密机械有限公司"}


def _statements_of(ws: Workspace, action: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SQL statements (with their first set of parameters) that ``action`` runs on the workspace."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
               executemany: bool) -> None:
        seen.append((statement, parameters[0] if executemany and parameters else parameters))

    sa.event.listen(ws.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(ws.engine, "before_cursor_execute", record)
    return seen


def test_applying_a_change_reads_no_table_in_full(synced: SyncEngine, ws: Workspace,
                                                  ledger: FakeLedger) -> None:
    """A pull's work follows the size of the page, not of the replica: every statement it runs finds its
    rows through an index (SQLite's query plan has no full SCAN of a table)."""
    ids = [ledger.client(f"计划企业{i}", progress="初次接触") for i in range(20)]
    contact = ledger.put("contact", to_wire(Contact(client_id=ids[0], name="欧阳修", phones=[])))["id"]
    visit = ledger.put("visit", to_wire(Visit(client_id=ids[1], rm_id=ledger.me, visit_on=date(2026, 11, 2),
                                              mode=VisitMode.ON_SITE)))["id"]
    synced.sync()
    local_edit(ws, Client, ids[2], notes="本机备注")  # a row with a queued edit meets the pull too
    ledger.edit("client", ids[2], progress="已签约")
    ledger.edit("client", ids[3], region="浦东")
    ledger.edit("contact", contact, client_id=ids[4], name="司马光")
    ledger.edit("visit", visit, information="谈了代发")
    ledger.remove("client", ids[5])
    ledger.client("新到企业")
    statements = _statements_of(ws, synced.pull)
    plans: dict[str, list[str]] = {}
    with ws.engine.connect() as c:
        for statement, parameters in statements:
            if statement.split()[0].upper() not in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                continue
            details = [row[-1] for row in c.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            if statement.rstrip().endswith("LIMIT ? OFFSET ?") and parameters[-2] == 1:
                continue  # an existence test: it stops at the first row
            plans[statement] = details
    assert any(s.startswith("UPDATE") for s in plans) and any(s.startswith("DELETE") for s in plans)
    # Only the schema (sqlite_master, a few dozen rows) and the FTS index's own lookups may say SCAN.
    scans = {s: d for s, d in plans.items()
             if any(step.startswith("SCAN") and "VIRTUAL TABLE" not in step and step != "SCAN sqlite_master"
                    for step in d)}
    assert scans == {}


# --- push ---------------------------------------------------------------------------------------


def _queue_clients(ws: Workspace, n: int, name: str = "离线客户") -> list[str]:
    a = actor(ws)
    ids = []
    with Session(ws.engine, expire_on_commit=False) as s:
        for i in range(n):
            c = Client(kind=ClientKind.CORPORATE, legal_name=f"{name}{i}", owner_id=a.user_id,
                       branch_id=a.branch_id)
            records.create(s, a, c)
            ids.append(c.id)
        s.commit()
    return ids


def test_push_sends_the_outbox_in_order_in_batches_and_journals_acks(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    ids = _queue_clients(ws, 45)
    report = synced.sync()
    assert report.pushed == 45 and report.applied == 45 and report.rejected == 0
    assert [len(b) for b in wire.pushes] == [20, 20, 5]
    flat = [s for b in wire.pushes for s in b]
    assert flat == sorted(flat)
    assert count(ws, Outbox) == 0 and count(ws, SyncJournal) == 45
    assert all(("client", i) in ledger.rows for i in ids)
    row = get(ws, Client, ids[0])
    assert row.version == ledger.rows[("client", ids[0])]["version"] > 0


def test_a_lost_answer_is_resent_and_answered_as_duplicates(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    _queue_clients(ws, 5)
    wire.drop_next_push_answer = True
    with pytest.raises(ServerUnavailable):
        synced.sync()
    assert count(ws, Outbox) == 5 and ledger.last_applied == 5
    with Session(ws.engine) as s:
        assert all(o.attempts == 1 for o in s.exec(select(Outbox)))
    report = synced.sync()
    assert report.pushed == 5 and count(ws, Outbox) == 0 and count(ws, SyncJournal) == 5
    assert len(ledger.applied_mutations) == len(set(ledger.applied_mutations)) == 5
    assert synced.status().last_error is None


def test_a_gap_is_closed_by_resending_from_the_journal(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    _queue_clients(ws, 3)
    synced.sync()
    # The ledger lost the last two acknowledged mutations (same epoch, e.g. a failed-over replica).
    ledger.last_applied = 1
    for seq in (2, 3):
        ledger.results.pop(seq)
    _queue_clients(ws, 2, "新")
    report = synced.push()
    assert wire.pushes[-2][0] == 4 and wire.pushes[-1][:3] == [2, 3, 4]
    assert report.pushed == 2 and report.replayed == 2 and ledger.last_applied == 5
    assert count(ws, Outbox) == 0


def test_a_gap_older_than_the_journal_is_reported(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    _queue_clients(ws, 2)
    synced.sync()
    with Session(ws.engine) as s:
        s.exec(select(SyncJournal)).all()
        s.connection().execute(sa.delete(SyncJournal))
        s.commit()
    ledger.last_applied = 0
    _queue_clients(ws, 1, "新")
    with pytest.raises(GapUnrecoverable):
        synced.push()
    assert count(ws, Outbox) == 1


def test_a_rejection_is_stored_and_does_not_wedge_the_queue(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    good = _queue_clients(ws, 1, "好")[0]
    bad = _queue_clients(ws, 1, "坏")[0]
    local_edit(ws, Client, bad, legal_name="POISON")
    after = _queue_clients(ws, 1, "后")[0]
    report = synced.sync()
    assert report.pushed == 4 and report.rejected == 1 and count(ws, Outbox) == 0
    assert ("client", good) in ledger.rows and ("client", after) in ledger.rows
    [rej] = synced.rejections()
    assert rej.code == "client.poison" and rej.entity_id == bad and rej.payload == {"legal_name": "POISON"}
    assert synced.status().rejected == 1
    # Retry: a new outbox entry with a new number; the old rejection is dismissed.
    new_seq = synced.retry_rejection(rej.seq)
    assert new_seq > rej.seq and count(ws, Outbox) == 1 and synced.status().rejected == 0
    synced.sync()
    assert synced.status().rejected == 1  # refused again, shown again


def test_dismissing_a_rejection_restores_the_ledgers_state(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("原名")
    synced.sync()
    local_edit(ws, Client, cid, notes="待定")
    ledger.edit("client", cid, region="静安")
    synced.pull()  # the shadow now holds the ledger's row
    local_edit(ws, Client, cid, legal_name="POISON")
    report = synced.sync()
    assert report.rejected == 1
    assert get(ws, Client, cid).legal_name == "原名"  # restored from the shadow, nothing else pending
    [rej] = synced.rejections()
    synced.dismiss_rejection(rej.seq)
    assert synced.status().rejected == 0


def test_dismissing_a_rejected_create_removes_the_local_only_row(synced: SyncEngine, ws: Workspace) -> None:
    a = actor(ws)
    with Session(ws.engine, expire_on_commit=False) as s:
        c = records.create(s, a, Client(kind=ClientKind.CORPORATE, legal_name="POISON", owner_id=a.user_id,
                                        branch_id=a.branch_id))
        s.commit()
    synced.sync()
    assert get(ws, Client, c.id) is not None
    [rej] = synced.rejections()
    synced.dismiss_rejection(rej.seq)
    assert get(ws, Client, c.id) is None


def test_acks_update_local_versions_so_later_edits_name_the_right_base(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("版本企业")
    synced.sync()
    base = get(ws, Client, cid).version
    local_edit(ws, Client, cid, notes="一")
    ledger.edit("client", cid, region="长宁")  # unseen by this device when its push is answered
    synced.push()
    row = get(ws, Client, cid)
    acked = ledger.rows[("client", cid)]["field_versions"]["notes"]
    assert row.version == acked and row.field_versions["notes"] == acked
    assert row.field_versions["region"] == base  # not yet seen: keeps its old base


def test_conflicts_are_counted_and_resolved_by_a_queued_command(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    cid = ledger.client("冲突企业", deposit_balance_fen=100)
    synced.sync()
    ledger.conflict_fields = {"deposit_balance_fen"}
    local_edit(ws, Client, cid, deposit_balance_fen=200)
    report = synced.sync()
    assert report.conflicts == 1 and report.open_conflicts == 1
    with Session(ws.engine) as s:
        conflict = s.exec(select(Conflict)).one()
    with pytest.raises(DomainError) as err:
        synced.resolve_conflict(conflict.id, "maybe")
    assert err.value.code == "sync.conflict_choice"
    synced.resolve_conflict(conflict.id, "mine")
    with Session(ws.engine) as s:
        queued = s.exec(select(Outbox)).one()
    assert (queued.entity, queued.op, queued.name) == ("conflict", OutboxOp.COMMAND, "conflict.resolve")
    assert queued.payload == {"choice": "mine"}
    assert synced.status().open_conflicts == 0
    with pytest.raises(DomainError) as err:
        synced.resolve_conflict(conflict.id, "theirs")
    assert err.value.code == "sync.conflict_resolved"
    synced.sync()
    assert ledger.rows[("conflict", conflict.id)]["resolved"] is True


def test_the_journal_keeps_thirty_days(synced: SyncEngine, ws: Workspace, clock: Clock) -> None:
    _queue_clients(ws, 2)
    synced.sync()
    clock.now += timedelta(days=31)
    _queue_clients(ws, 1, "新")
    synced.sync()
    with Session(ws.engine) as s:
        assert [j.seq for j in s.exec(select(SyncJournal))] == [3]


# --- epochs, wipes, status ----------------------------------------------------------------------


def test_a_ledger_restore_rebootstraps_and_replays_journal_and_outbox(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger) -> None:
    backup = ledger.saved()
    acked = _queue_clients(ws, 3, "已确认")
    synced.sync()
    ledger.restore(backup, epoch="epoch-2")  # the three acknowledged creates are gone from the ledger
    queued = _queue_clients(ws, 2, "未发送")
    local_edit(ws, Client, acked[0], notes="离线修改")
    report = synced.sync()
    assert report.bootstrapped and report.replayed == 3 and report.pushed == 3
    assert all(("client", i) in ledger.rows for i in acked + queued)
    assert ledger.rows[("client", acked[0])]["notes"] == "离线修改"
    assert synced.status().epoch == "epoch-2"
    assert {get(ws, Client, i).legal_name for i in acked + queued} >= {"已确认0", "未发送1"}
    assert count(ws, Outbox) == 0


def test_an_epoch_change_met_during_push_starts_over(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    _queue_clients(ws, 1)
    real_status = wire.status
    calls = []

    def status_then_restore(token: str) -> StatusResponse:
        answer = real_status(token)
        if not calls:
            ledger.epoch = "epoch-3"  # restored between our status call and our push
        calls.append(1)
        return answer

    wire.status = status_then_restore  # type: ignore[method-assign]
    synced.status_interval = 0  # ask the status on this sync
    report = synced.sync()
    assert len(calls) == 2 and report.bootstrapped and count(ws, Outbox) == 0


def test_a_wipe_order_erases_keys_and_data_then_acknowledges(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, keystore: MemoryKeyStore) -> None:
    path = ws.path
    assert keystore.get(f"workspace:{ws.settings.workspace_id}") is not None
    ledger.wipe_requested = True
    with pytest.raises(WorkspaceWiped):
        synced.sync()
    assert not (path / KEY_FILE).exists() and not (path / "crm.db").exists()
    assert keystore.get(f"workspace:{ws.settings.workspace_id}") is None
    assert ledger.wipe_acked and not Workspace.exists(path)


def test_status_reports_pending_conflicts_rejections_and_last_sync(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted, clock: Clock) -> None:
    st = synced.status()
    assert st.enrolled and st.server == "https://ledger.test" and st.epoch == "epoch-1"
    assert st.role == "rm" and st.user and st.user["username"] == "wangfang"
    assert st.last_sync_at == clock.now and st.pending == 0
    _queue_clients(ws, 2)
    wire.offline = True
    clock.now += timedelta(minutes=5)
    with pytest.raises(ServerUnavailable):
        synced.sync()
    st = synced.status()
    assert st.pending == 2 and st.last_error == "sync.server_unavailable"
    assert st.last_attempt_at == clock.now and st.last_sync_at == clock.now - timedelta(minutes=5)
    assert "token" not in str(st.as_dict())


def test_a_noop_sync_is_one_pull_request(synced: SyncEngine, wire: Scripted) -> None:
    pushes, pulls, statuses = len(wire.pushes), wire.pull_calls, wire.status_calls
    report = synced.sync()
    assert (report.pushed, report.pulled, report.bootstrapped) == (0, 0, False)
    assert (len(wire.pushes), wire.pull_calls, wire.status_calls) == (pushes, pulls + 1, statuses)
    synced.status_interval = 0  # the status is asked again once it is due
    synced.sync()
    assert wire.status_calls == statuses + 1


def test_two_syncs_of_one_workspace_never_interleave(synced: SyncEngine, ws: Workspace, wire: Scripted,
                                                     clock: Clock) -> None:
    other = SyncEngine(ws, wire, clock=clock)
    inner: list[str] = []
    real = wire.pull

    def pull(token: str, cursor: int, limit: int) -> PullResponse:
        try:
            other.sync()
        except DomainError as exc:
            inner.append(exc.code)
        return real(token, cursor, limit)

    wire.pull = pull  # type: ignore[method-assign]
    synced.sync()
    assert inner == ["sync.busy"]


def test_offline_edits_survive_and_sync_when_the_ledger_returns(
        synced: SyncEngine, ws: Workspace, ledger: FakeLedger, wire: Scripted) -> None:
    wire.offline = True
    ids = _queue_clients(ws, 3, "离线")
    for _ in range(2):
        with pytest.raises(ServerUnavailable):
            synced.sync()
    wire.offline = False
    report = synced.sync()
    assert report.pushed == 3 and all(("client", i) in ledger.rows for i in ids)
    with Session(ws.engine) as s:
        assert s.exec(select(func.count()).select_from(Outbox).where(col(Outbox.attempts) > 0)).one() == 0
