"""Property-based proof that offline-first sync loses nothing.

A Hypothesis state machine drives three devices, two RMs of one branch (wangfang, lilei) and their
branch head (zhangwei), each a real encrypted workspace with a real `SyncEngine`, against the real
ledger service layer on an SQLite file. `InProcessTransport` (below) is the `Transport`: it calls the
service functions directly (no HTTP), maps the ledger's coded errors exactly as `HttpTransport` does,
round-trips every request and answer through JSON, and can be told to lose a request before the
ledger sees it, lose the answer after the ledger applied it, or deliver a request twice.

Rules: offline edits on each device (client fields of every merge policy, contacts, visits, tasks, plans
and their workflow, head decisions, reassignment, conflict resolution), push / pull / sync, the faults
above, a client that crashes before it processes a push answer, a ledger restart, device clocks days
off, and a ledger restored from an earlier backup (new epoch: devices re-bootstrap and replay their
journal).

At quiescence (every fault healed, every device synced until nothing moves, a bounded loop):
- no outbox entry is left;
- every mutation a device made is in its journal with the ledger's stored result for that device and
  number, and was applied at most once (one contiguous run of change-log entries per mutation id, each
  mutation id stored once); a rejection is visible on the device, a conflict on the ledger;
- every device's replica equals the ledger's view of that device's scopes, row for row and field for
  field, and the device keeps nothing (not even a tombstone) outside its scopes.

Run with CI=1 for the full 200 examples (derandomized); locally 30 examples keep it quick.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test
from sqlmodel import Session, col, select

from crm.db.crypto import KdfParams
from crm.db.workspace import Workspace
from crm.domain.enums import ClientKind, ClientStatus, ClientTier, PlanStatus, RmKind, Role
from crm.domain.errors import DomainError
from crm.domain.models import (
    Branch,
    Client,
    Conflict,
    Contact,
    FollowUpTask,
    Outbox,
    Plan,
    PlanItem,
    SyncJournal,
    SyncRejection,
    User,
)
from crm.domain.serialize import wire_value
from crm.services import clients, plans, tasks, visits
from crm.services.context import Actor, can_edit_client, can_see_client, signed_in_actor
from crm.sync.client import EpochChanged, ServerUnavailable, SyncEngine
from crm.sync.client.local import CODECS
from crm.sync.client.transport import HttpTransport
from crm.sync.protocol import (
    ConflictInfo,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    PullResponse,
    PushRequest,
    PushResponse,
    StatusResponse,
    TokenResponse,
)

pytestmark = pytest.mark.slow

CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.register_profile(
    "sync-properties-ci", max_examples=200, stateful_step_count=25, deadline=None, derandomize=True,
    database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.register_profile(
    "sync-properties-dev", max_examples=30, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
PROFILE = settings.get_profile("sync-properties-ci" if CI else "sync-properties-dev")

LEDGER_PASSWORD = "Ledger-pass-2026"  # noqa: S105 - throwaway ledger users
WS_PASSWORD = "Laptop-pass-2026"  # noqa: S105 - throwaway workspaces
KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
DEVICES = ("a", "b", "h")
USERNAMES = {"a": "wangfang", "b": "lilei", "h": "zhangwei"}
ENDPOINTS = ("status", "snapshot", "push", "pull")
DROP_REQUEST, DROP_RESPONSE, DUPLICATE = "drop_request", "drop_response", "duplicate"
MONTHS = ("2027-03", "2027-04")
QUIESCE_ROUNDS = 6


# --- the ledger "server": the SQLite file, its engine, restarts and backups -----------------------


def _no_fsync(engine: sa.Engine) -> None:
    """Test speed only (as tests/sync/conftest.py does): durability is not what this test checks."""

    @sa.event.listens_for(engine, "connect")
    def _pragma(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA synchronous = OFF")

    engine.dispose()  # connections opened while migrating are re-made with the pragma


class LedgerServer:
    """The ledger's database file and the engine a server process holds on it.

    The engine object outlives restarts and examples (its pool is emptied, its compiled-statement cache
    stays warm): building SQLAlchemy's statements again for every example would cost more than the
    example. Nothing else of the "process" survives: every connection is closed.
    """

    def __init__(self, path: Path) -> None:
        from crm.sync.server.db import open_ledger

        self.path = path
        self.engine = open_ledger(f"sqlite:///{path}")
        _no_fsync(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def restart(self) -> None:
        """The server process stops (every connection closes) and starts again, checking migrations as
        `crm server` does."""
        from crm.sync.server.db import upgrade_ledger

        self.engine.dispose()
        upgrade_ledger(self.engine)

    @staticmethod
    def _files(base: Path) -> list[Path]:
        return [Path(str(base) + suffix) for suffix in ("", "-wal", "-shm")]

    def backup(self, dest: Path) -> None:
        """A consistent copy of the database file (taken with the server's connections closed)."""
        self.engine.dispose()
        for src, dst in zip(self._files(self.path), self._files(dest), strict=True):
            if src.exists():
                shutil.copyfile(src, dst)

    def replace(self, source: Path) -> None:
        """The database file becomes a copy of ``source`` (a template or a backup)."""
        self.engine.dispose()
        for path in self._files(self.path):
            path.unlink(missing_ok=True)
        for src, dst in zip(self._files(source), self._files(self.path), strict=True):
            if src.exists():
                shutil.copyfile(src, dst)

    def restore(self, backup: Path) -> str:
        """Put an older copy back, restart and start a new epoch (what `crm admin new-epoch` is for)."""
        from crm.sync.server import admin

        self.replace(backup)
        self.restart()
        return admin.new_epoch(self.engine, reason="restore from backup (test)")


# --- the in-process transport ---------------------------------------------------------------------


class InProcessTransport:
    """`Transport` calling the ledger's service layer directly, with injectable network faults.

    Faults are queued per endpoint and used once each: ``drop_request`` (the ledger never sees it),
    ``drop_response`` (the ledger handled it, the answer is lost: the client sees ServerUnavailable), and
    ``duplicate`` (delivered twice; the client gets the second answer). A snapshot whose answer is
    dropped is cut off mid-stream.
    """

    base_url = "inprocess://ledger"

    def __init__(self, ledger: LedgerServer, address: str = "127.0.0.1") -> None:
        self.ledger = ledger
        self.address = address
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.calls: Counter[str] = Counter()
        self.faults_fired: Counter[str] = Counter()

    # -- faults ----------------------------------------------------------------------------------

    def arm(self, endpoint: str, fault: str) -> None:
        self.faults[endpoint].append(fault)

    def heal(self) -> None:
        self.faults.clear()

    def _next_fault(self, endpoint: str) -> str | None:
        queue = self.faults.get(endpoint)
        if not queue:
            return None
        fault = queue.pop(0)
        self.faults_fired[f"{endpoint}:{fault}"] += 1
        return fault

    # -- plumbing --------------------------------------------------------------------------------

    @property
    def engine(self) -> sa.Engine:
        return self.ledger.engine

    def _serve(self, handler: Callable[[], Any]) -> Any:
        """Run one request on the ledger; its coded errors become the client's as over HTTP."""
        from crm.sync.server.app import status_for
        from crm.sync.server.errors import EpochChanged as LedgerEpochChanged
        from crm.sync.server.errors import PushGap as LedgerPushGap
        from crm.sync.server.errors import Throttled

        try:
            return handler()
        except DomainError as exc:
            body = ErrorBody(code=exc.code, detail=exc.field or "")
            headers: dict[str, str] = {}
            if isinstance(exc, LedgerPushGap):
                body.expected_seq = exc.expected_seq
            elif isinstance(exc, LedgerEpochChanged):
                body.epoch = exc.epoch
            elif isinstance(exc, Throttled):
                headers["Retry-After"] = str(exc.retry_after)
            resp = httpx.Response(status_for(exc), headers=headers,
                                  content=body.model_dump_json(exclude_none=True).encode())
            # The production mapping of an error answer to the client's exceptions, applied to ours.
            raise HttpTransport._error(self, resp) from None  # type: ignore[arg-type]

    def _call(self, endpoint: str, handler: Callable[[], Any]) -> Any:
        self.calls[endpoint] += 1
        fault = self._next_fault(endpoint)
        if fault == DROP_REQUEST:
            raise ServerUnavailable("request lost (test)", server=self.base_url)
        answer = self._serve(handler)
        if fault == DUPLICATE:
            answer = self._serve(handler)
        if fault == DROP_RESPONSE:
            raise ServerUnavailable("answer lost (test)", server=self.base_url)
        return answer

    def _ctx(self, token: str, *, wiping_ok: bool = False) -> Any:
        from crm.domain.errors import PermissionDenied
        from crm.sync.server import auth

        found = auth.authenticate(self.engine, token)
        if found.wipe_requested and not wiping_ok:
            raise PermissionDenied("device.wipe_requested")
        return found.ctx

    @staticmethod
    def _wire(model: Any, value: Any) -> Any:
        """Through JSON and back, as the bytes on the wire would be."""
        return model.model_validate_json(value.model_dump_json())

    # -- endpoints -------------------------------------------------------------------------------

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        from crm.sync.server import auth

        req = self._wire(EnrolRequest, request)
        answer = self._call("enrol", lambda: auth.enrol(self.engine, req, self.address))
        return self._wire(EnrolResponse, answer)

    def refresh(self, token: str) -> TokenResponse:
        from crm.sync.server import auth

        return self._wire(TokenResponse, self._call(
            "refresh", lambda: TokenResponse(token=auth.refresh_token(self.engine, self._ctx(token)))))

    def status(self, token: str) -> StatusResponse:
        from crm.sync.server import ledger

        return self._wire(StatusResponse, self._call(
            "status", lambda: ledger.status(self.engine, self._ctx(token, wiping_ok=True))))

    def push(self, token: str, request: PushRequest) -> PushResponse:
        from crm.sync.server.push import push

        req = self._wire(PushRequest, request)
        return self._wire(PushResponse, self._call("push", lambda: push(self.engine, self._ctx(token), req)))

    def pull(self, token: str, cursor: int, limit: int) -> PullResponse:
        from crm.sync.server import ledger

        return self._wire(PullResponse, self._call(
            "pull", lambda: ledger.pull(self.engine, self._ctx(token), cursor, limit)))

    def conflicts(self, token: str) -> list[ConflictInfo]:
        from crm.sync.server import ledger

        found = self._call("conflicts", lambda: ledger.open_conflicts(self.engine, self._ctx(token)))
        return [self._wire(ConflictInfo, c) for c in found]

    def wipe_ack(self, token: str) -> None:
        from crm.sync.server import auth

        self._call("wipe_ack", lambda: auth.wipe_ack(self.engine, self._ctx(token, wiping_ok=True)))

    def snapshot(self, token: str) -> Iterator[dict[str, Any]]:
        from crm.sync.server import ledger

        self.calls["snapshot"] += 1
        fault = self._next_fault("snapshot")
        if fault == DROP_REQUEST:
            raise ServerUnavailable("request lost (test)", server=self.base_url)
        lines = self._serve(lambda: [json.loads(json.dumps(line))
                                     for line in ledger.snapshot(self.engine, self._ctx(token))])
        if fault == DUPLICATE:
            lines = self._serve(lambda: [json.loads(json.dumps(line))
                                         for line in ledger.snapshot(self.engine, self._ctx(token))])
        if fault == DROP_RESPONSE:
            # The stream breaks off before its end line: the client must discard what it got.
            yield from lines[:max(1, len(lines) // 2)]
            raise ServerUnavailable("stream cut (test)", server=self.base_url)
        yield from lines


# --- devices ----------------------------------------------------------------------------------------


class DeviceClock:
    """A laptop's clock: real time plus a skew the machine sets (days ahead or behind)."""

    def __init__(self) -> None:
        self.skew = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.skew

    def today(self) -> date:
        return self().date()


@dataclass
class Device:
    name: str
    username: str
    transport: InProcessTransport
    clock: DeviceClock
    ws: Workspace
    engine: SyncEngine
    made: dict[int, str] = field(default_factory=dict)  # every mutation made here: seq -> mutation id

    @property
    def db(self) -> sa.Engine:
        return self.ws.engine

    def restart(self) -> None:
        """The laptop's process dies and starts again: connections closed, the engine's memory lost."""
        self.ws.engine.dispose()
        self.engine = new_sync_engine(self.ws, self.transport, self.clock)


def new_sync_engine(ws: Workspace, transport: InProcessTransport, clock: DeviceClock) -> SyncEngine:
    # Small pages and batches, so paging and batching happen with a few dozen changes.
    return SyncEngine(ws, transport, clock=clock, page_size=50, push_batch=20)


def open_workspace(path: Path) -> Workspace:
    ws = Workspace.open(path, password=WS_PASSWORD, keystore=None)
    _no_fsync(ws.engine)
    return ws


# --- the rig: a template (an organisation, three enrolled and bootstrapped devices) and the working
# --- ledger and workspaces every example starts from a fresh copy of -----------------------------


@dataclass
class Rig:
    template: Path
    work: Path
    ledger: LedgerServer
    workspaces: dict[str, Workspace]
    user_ids: dict[str, str]
    device_ids: dict[str, str]
    other_client: str  # a client of another branch: no device may ever hold it

    def reset(self) -> None:
        """Every example starts from the template's files. The engines are kept (see LedgerServer);
        their pools are emptied before the files are replaced, so no connection sees two files."""
        self.ledger.replace(self.template / "ledger.db")
        for name, ws in self.workspaces.items():
            ws.engine.dispose()
            shutil.rmtree(ws.path)
            shutil.copytree(self.template / f"ws-{name}", ws.path)
        shutil.rmtree(self.work / "backups", ignore_errors=True)
        (self.work / "backups").mkdir()

    def close(self) -> None:
        for ws in self.workspaces.values():
            ws.close()
        self.ledger.close()


def build_rig(root: Path) -> Rig:
    from crm.sync.server import admin
    from crm.sync.server.ledger import write_tx

    template = root / "template"
    template.mkdir()
    ledger = LedgerServer(template / "ledger.db")
    engine = ledger.engine
    branch = admin.create_branch(engine, code="310101", name="城中支行")
    other_branch = admin.create_branch(engine, code="310102", name="城东支行")

    def user(username: str, name: str, role: Role, code: str, kind: RmKind | None = None) -> str:
        return admin.create_user(engine, username=username, display_name=name, role=role, branch_code=code,
                                 password=LEDGER_PASSWORD, rm_kind=kind).id

    ids = {
        "a": user("wangfang", "王芳", Role.RM, "310101", RmKind.CORPORATE),
        "b": user("lilei", "李雷", Role.RM, "310101", RmKind.PERSONAL),
        "h": user("zhangwei", "张伟", Role.BRANCH_HEAD, "310101"),
    }
    other_rm = user("sunli", "孙丽", Role.RM, "310102", RmKind.CORPORATE)
    with write_tx(engine) as tx:
        seeds = [
            ("上海恒信精密机械有限公司", ids["a"], None, branch.id),
            ("苏州安达物流有限公司", ids["a"], None, branch.id),
            ("杭州明远科技有限公司", ids["b"], None, branch.id),
            ("无锡华通电子有限公司", None, None, branch.id),  # the branch pool
            ("南京长江建材有限公司", ids["a"], ids["b"], branch.id),  # owned by a, maintained by b
            ("宁波东海贸易有限公司", other_rm, None, other_branch.id),
        ]
        made = []
        for legal_name, owner, maintainer, branch_id in seeds:
            c = Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=legal_name,
                       owner_id=owner, maintainer_id=maintainer, branch_id=branch_id, notes="初始备注")
            tx.session.add(c)
            made.append(c)
        tx.session.flush()
        for c in made[:3]:
            tx.session.add(Contact(client_id=c.id, name="联系人" + c.legal_name[:2], title="财务总监",
                                   is_primary=True))
        other_client = made[-1].id
    device_ids: dict[str, str] = {}
    for name in DEVICES:
        ws = Workspace.create(template / f"ws-{name}", password=WS_PASSWORD, keystore=None, kdf=KDF)
        try:
            sync = SyncEngine(ws, InProcessTransport(ledger), clock=DeviceClock())
            sync.enrol(USERNAMES[name], LEDGER_PASSWORD, f"{name} laptop")
            sync.sync()
            status = sync.status()
            assert status.device_id is not None and status.pending == 0
            device_ids[name] = status.device_id
        finally:
            ws.close()
    ledger.close()
    work = root / "work"
    work.mkdir()
    shutil.copyfile(template / "ledger.db", work / "ledger.db")
    workspaces = {}
    for name in DEVICES:
        shutil.copytree(template / f"ws-{name}", work / f"ws-{name}")
        workspaces[name] = open_workspace(work / f"ws-{name}")
    return Rig(template=template, work=work, ledger=LedgerServer(work / "ledger.db"), workspaces=workspaces,
               user_ids=ids, device_ids=device_ids, other_client=other_client)


@pytest.fixture(scope="session")
def sync_rig(tmp_path_factory: pytest.TempPathFactory, ledger_cheap_hashing: Any) -> Iterator[Rig]:
    rig = build_rig(tmp_path_factory.mktemp("sync-properties"))
    yield rig
    rig.close()


# --- what the machine can do on a device ------------------------------------------------------------

CLIENT_EDITS: dict[str, Callable[[int, Any, str], Any]] = {
    # queue
    "legal_name": lambda v, cur, who: ("上海恒信精密机械有限公司", "恒信精密机械", "恒信精机有限公司",
                                       "新恒信")[v],
    "address": lambda v, cur, who: f"浦东新区张江路{v + 1}号",
    "status": lambda v, cur, who: list(ClientStatus)[v],
    # append
    "notes": lambda v, cur, who: f"{cur}\n{who}:{v}",
    "progress": lambda v, cur, who: f"{cur} 进展{who}{v}".strip(),
    # lww
    "tier": lambda v, cur, who: list(ClientTier)[v],
    "region": lambda v, cur, who: ("浦东", "黄浦", "徐汇", "静安")[v],
    "is_tech": lambda v, cur, who: bool(v % 2),
}
CLIENT_FIELDS = {"queue": ("legal_name", "address", "status"), "append": ("notes", "progress"),
                 "lww": ("tier", "region", "is_tech")}
assert {f for fields in CLIENT_FIELDS.values() for f in fields} == set(CLIENT_EDITS)
CONTACT_EDITS: dict[str, Callable[[int, str], Any]] = {
    "name": lambda v, who: ("张三", "李四", "王五", "赵六")[v],  # queue
    "title": lambda v, who: ("财务总监", "总经理", "出纳", "董事长")[v],  # lww
    "email": lambda v, who: f"c{v}@example.cn",  # queue
}
PLAN_STEPS = ("create", "add_item", "add_item", "note", "edit_item", "remove_item", "submit", "submit",
              "withdraw", "amend")
pick = st.integers(min_value=0, max_value=11)
small = st.integers(min_value=0, max_value=3)
devices = st.sampled_from(DEVICES)
rms = st.sampled_from(("a", "b"))


class SyncMachine(RuleBasedStateMachine):
    """Three devices and the ledger; see the module docstring for the rules and invariants."""

    rig: Rig  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self.rig.reset()
        self.ledger = self.rig.ledger
        self.devices: dict[str, Device] = {}
        for name in DEVICES:
            transport, clock = InProcessTransport(self.ledger), DeviceClock()
            ws = self.rig.workspaces[name]
            self.devices[name] = Device(name, USERNAMES[name], transport, clock, ws,
                                        new_sync_engine(ws, transport, clock))
        self.backups: list[Path] = []
        self.quiesced = 0
        self.notes: Counter[str] = Counter()  # what happened, for the statistics

    # -- helpers ---------------------------------------------------------------------------------

    def edit(self, dev: Device, action: Callable[[Session, Actor], Any], what: str) -> bool:
        """One local edit as the UI makes it (services, one transaction); its outbox rows are stamped
        with the device's clock. A refusal by the local services is simply an edit not made."""
        with Session(dev.db, expire_on_commit=False) as s:
            before = set(s.exec(select(Outbox.seq)))
            try:
                action(s, signed_in_actor(session=s))
            except DomainError:
                s.rollback()
                self.notes[f"refused locally: {what}"] += 1
                return False
            s.flush()
            for row in s.exec(select(Outbox).where(col(Outbox.seq).not_in(before))):
                assert row.seq is not None
                row.created_at = dev.clock()
                s.add(row)
                dev.made[row.seq] = row.mutation_id
            s.commit()
        self.notes[f"edit: {what}"] += 1
        return True

    def local(self, dev: Device, query: Any) -> list[Any]:
        with Session(dev.db, expire_on_commit=False) as s:
            return list(s.exec(query))

    def local_clients(self, dev: Device, *, editable: bool) -> list[Client]:
        with Session(dev.db, expire_on_commit=False) as s:
            actor = signed_in_actor(session=s)
            rows = s.exec(select(Client).where(col(Client.deleted).is_(False)).order_by(col(Client.id)))
            check = can_edit_client if editable else can_see_client
            return [c for c in rows if check(actor, c)]

    @staticmethod
    def choose(items: list[Any], which: int) -> Any:
        return items[which % len(items)] if items else None

    def net(self, dev: Device, what: str, call: Callable[[], Any]) -> None:
        """A network operation during the run: lost requests or answers are expected (the next sync
        retries), and a lone push or pull may meet a restored ledger (the next sync re-bootstraps)."""
        try:
            call()
            self.notes[f"net ok: {what}"] += 1
        except ServerUnavailable:
            self.notes[f"net failed: {what}"] += 1
        except EpochChanged:
            if what == "sync":
                raise  # a full sync handles a new epoch itself
            self.notes[f"epoch changed: {what}"] += 1

    # -- offline edits ---------------------------------------------------------------------------

    @rule(d=devices, which=pick, policy=st.sampled_from(sorted(CLIENT_FIELDS)), v=small)
    def edit_client(self, d: str, which: int, policy: str, v: int) -> None:
        """A client field of each merge policy: queue (names, address, status), append (notes,
        progress), lww (tier, region, flags)."""
        fields = CLIENT_FIELDS[policy]
        name = fields[(which + v) % len(fields)]
        dev = self.devices[d]
        client = self.choose(self.local_clients(dev, editable=True), which)
        if client is None:
            return
        value = CLIENT_EDITS[name](v, getattr(client, name), d)
        self.edit(dev, lambda s, a: clients.update_client(session=s, actor=a, client_id=client.id,
                                                          data=clients.ClientUpdate(**{name: value})),
                  f"client.{name}")

    @rule(pair=st.permutations(DEVICES), which=pick, policy=st.sampled_from(sorted(CLIENT_FIELDS)), v=small,
          contact=st.booleans())
    def rival_edits(self, pair: list[str], which: int, policy: str, v: int, contact: bool) -> None:
        """Two devices change the same field of the same row offline, to different values: a queue field
        meets a conflict, an append field keeps both texts, an lww field goes to the later clock."""
        first, second = self.devices[pair[0]], self.devices[pair[1]]
        if contact:
            theirs = {c.id for c in self.local_contacts(second)}
            both = [c for c in self.local_contacts(first) if c.id in theirs]
            if not both:
                return
            target = both[which % len(both)].id
            name = sorted(CONTACT_EDITS)[(which + v) % len(CONTACT_EDITS)]
            for dev, value in ((first, v), (second, (v + 1) % 4)):
                mine = next(c for c in self.local_contacts(dev) if c.id == target)
                self.edit_contact(dev, mine, name, value)
            return
        ids = {c.id for c in self.local_clients(second, editable=True)}
        shared = [c for c in self.local_clients(first, editable=True) if c.id in ids]
        if not shared:
            return
        target = shared[which % len(shared)].id
        fields = CLIENT_FIELDS[policy]
        name = fields[(which + v) % len(fields)]
        for dev, value in ((first, v), (second, (v + 1) % 4)):
            client = next(c for c in self.local_clients(dev, editable=True) if c.id == target)
            data = clients.ClientUpdate(**{name: CLIENT_EDITS[name](value, getattr(client, name), dev.name)})
            self.edit(dev, lambda s, a, data=data: clients.update_client(  # type: ignore[misc]
                session=s, actor=a, client_id=target, data=data), f"rival client.{name}")

    @rule(d=devices, which=pick, name=st.sampled_from(("add", *sorted(CONTACT_EDITS))), v=small)
    def contact(self, d: str, which: int, name: str, v: int) -> None:
        """Add a contact (a primary one demotes the others) or change one's name, title or e-mail."""
        dev = self.devices[d]
        if name == "add":
            client = self.choose(self.local_clients(dev, editable=True), which)
            if client is None:
                return
            data = clients.ContactCreate(name=CONTACT_EDITS["name"](v, d), title="经理", is_primary=v < 2,
                                         phones=["13800138000"] if v % 2 else [])
            self.edit(dev, lambda s, a: clients.add_contact(session=s, actor=a, client_id=client.id,
                                                            data=data), "contact.add")
            return
        contact = self.choose(self.local_contacts(dev), which)
        if contact is not None:
            self.edit_contact(dev, contact, name, v)

    def local_contacts(self, dev: Device) -> list[Contact]:
        return self.local(dev, select(Contact).where(col(Contact.deleted).is_(False))
                          .order_by(col(Contact.id)))

    def edit_contact(self, dev: Device, contact: Contact, name: str, v: int) -> None:
        values = {n: getattr(contact, n) for n in ("name", "title", "phones", "email", "is_primary")}
        values[name] = CONTACT_EDITS[name](v, dev.name)
        self.edit(dev, lambda s, a: clients.update_contact(session=s, actor=a, contact_id=contact.id,
                                                           data=clients.ContactCreate(**values)),
                  f"contact.{name}")

    @rule(d=devices, which=pick, completed=st.booleans(), action=st.booleans(), v=small)
    def log_visit(self, d: str, which: int, completed: bool, action: bool, v: int) -> None:
        """A visit dated the laptop's today (a completed one moves the client's last visit forward),
        optionally with a follow-up task."""
        dev = self.devices[d]
        client = self.choose(self.local_clients(dev, editable=True), which)
        if client is None:
            return
        today = dev.clock.today()
        data = visits.VisitCreate(
            client_id=client.id, visit_on=today, purpose=f"拜访{v}", completed=completed,
            satisfaction=v + 2 if completed else None, goal_reached=True if completed else None,
            actions=[visits.ActionIn(title="回访", due_on=today + timedelta(days=7))] if action else [])
        self.edit(dev, lambda s, a: visits.log_visit(session=s, actor=a, data=data, today=today), "visit.log")

    @rule(d=devices, which=pick, step=st.sampled_from(("create", "create_for_client", "complete", "cancel",
                                                       "reopen")), days=small)
    def task(self, d: str, which: int, step: str, days: int) -> None:
        """Create a task (own, or about a visible client) or move one: the owner completes, the owner or
        the head cancels and reopens (status is a queue field: concurrent moves conflict)."""
        dev = self.devices[d]
        if step.startswith("create"):
            client = self.choose(self.local_clients(dev, editable=False), which) if step != "create" else None
            data = tasks.TaskCreate(title=f"跟进{days}", due_on=dev.clock.today() + timedelta(days=days),
                                    client_id=client.id if client is not None else None)
            self.edit(dev, lambda s, a: tasks.create_task(session=s, actor=a, data=data), "task.create")
            return
        task = self.choose(self.local(dev, select(FollowUpTask).where(col(FollowUpTask.deleted).is_(False))
                                      .order_by(col(FollowUpTask.id))), which)
        if task is None:
            return
        call = {"complete": tasks.complete_task, "cancel": tasks.cancel_task,
                "reopen": tasks.reopen_task}[step]
        self.edit(dev, lambda s, a: call(session=s, actor=a, task_id=task.id), f"task.{step}")

    # -- plans and their workflow ----------------------------------------------------------------

    def local_plans(self, dev: Device, *statuses: PlanStatus) -> list[Plan]:
        query = select(Plan).where(col(Plan.deleted).is_(False)).order_by(col(Plan.id))
        if statuses:
            query = query.where(col(Plan.status).in_(statuses))
        return self.local(dev, query)

    @rule(d=rms, which=pick, step=st.sampled_from(PLAN_STEPS), v=small)
    def rm_plan(self, d: str, which: int, step: str, v: int) -> None:
        """An RM works on a monthly plan: create it, add / edit / remove items, edit its note, submit,
        withdraw, amend an approved one. Offline, the plan may have been approved or returned
        meanwhile: the ledger then puts an edit into an amendment, or refuses the step visibly."""
        dev = self.devices[d]
        mine = [p for p in self.local_plans(dev) if p.rm_id == self.rig.user_ids[d]]
        free = [m for m in MONTHS if m not in {p.month for p in mine}]
        if free and (step == "create" or not mine):
            data = plans.PlanCreate(month=free[v % len(free)])
            self.edit(dev, lambda s, a: plans.create_plan(session=s, actor=a, data=data), "plan.create")
            mine = [p for p in self.local_plans(dev) if p.rm_id == self.rig.user_ids[d]]
        if step == "create" or not mine:
            return
        plan = self.choose(mine, which)
        if step == "add_item":
            year, month_no = plans.parse_month(plan.month)
            days = plans.working_days(year, month_no)
            client = self.choose(self.local_clients(dev, editable=False), which // 2) if v % 2 else None
            new = plans.PlanItemIn(client_id=client.id if client else None,
                                   prospect_name="" if client else f"潜在客户{v}",
                                   planned_days=[days[(which + v) % len(days)]], goal_text=f"目标{v}")
            self.edit(dev, lambda s, a: plans.add_item(session=s, actor=a, plan_id=plan.id, data=new),
                      "plan.add_item")
        elif step == "note":
            self.edit(dev, lambda s, a: plans.update_plan_note(session=s, actor=a, plan_id=plan.id,
                                                               note=f"{plan.note} 备注{d}{v}".strip()),
                      "plan.note")
        elif step in ("edit_item", "remove_item"):
            item = self.choose(self.local(dev, select(PlanItem).where(col(PlanItem.plan_id) == plan.id,
                                                                      col(PlanItem.deleted).is_(False))
                                          .order_by(col(PlanItem.id))), v)
            if item is None:
                return
            if step == "remove_item":
                self.edit(dev, lambda s, a: plans.remove_item(session=s, actor=a, item_id=item.id),
                          "plan.remove_item")
            else:
                change = plans.PlanItemUpdate(goal_text=f"目标{d}{v}", sort=v)
                self.edit(dev, lambda s, a: plans.update_item(session=s, actor=a, item_id=item.id,
                                                              data=change), "plan.edit_item")
        else:
            if step == "submit" and not self.local(dev, select(PlanItem.id).where(
                    col(PlanItem.plan_id) == plan.id, col(PlanItem.deleted).is_(False))):
                first_item = plans.PlanItemIn(prospect_name=f"潜在客户{v}", goal_text="开户")
                self.edit(dev, lambda s, a: plans.add_item(session=s, actor=a, plan_id=plan.id,
                                                           data=first_item), "plan.add_item")
            call = {"submit": plans.submit_plan, "withdraw": plans.withdraw_plan,
                    "amend": plans.amend_plan}[step]
            done = self.edit(dev, lambda s, a: call(session=s, actor=a, plan_id=plan.id), f"plan.{step}")
            if done and step == "withdraw":
                # Taken back to be changed: if the head approved it meanwhile, the ledger refuses the
                # withdrawal and puts the change into an amendment of the approved plan.
                self.edit(dev, lambda s, a: plans.update_plan_note(session=s, actor=a, plan_id=plan.id,
                                                                   note=f"{plan.note} 修改{d}{v}".strip()),
                          "plan.note")

    @rule(which=pick, approve=st.booleans())
    def head_decides(self, which: int, approve: bool) -> None:
        """The head approves or returns a submitted plan, as their laptop shows it."""
        dev = self.devices["h"]
        plan = self.choose(self.local_plans(dev, PlanStatus.SUBMITTED), which)
        if plan is None:
            return
        if approve:
            self.edit(dev, lambda s, a: plans.approve_plan(session=s, actor=a, plan_id=plan.id,
                                                           comment="同意"), "plan.approve")
        else:
            self.edit(dev, lambda s, a: plans.return_plan(session=s, actor=a, plan_id=plan.id,
                                                          comment="请补充目标"), "plan.return")

    # -- reassignment, conflicts and rejections --------------------------------------------------

    @rule(which=pick, to=st.sampled_from(DEVICES), by_admin=st.booleans())
    def reassign(self, which: int, to: str, by_admin: bool) -> None:
        """The head gives a client to another member of staff: on their laptop (client.assign, queued)
        or with `crm admin assign-client` on the ledger."""
        head = self.devices["h"]
        client = self.choose(self.local_clients(head, editable=True), which)
        if client is None:
            return
        if by_admin:
            from crm.sync.server import admin

            admin.assign_client(self.ledger.engine, client_id=client.id, username=USERNAMES[to])
            self.notes["admin: client.assign"] += 1
            return
        owner = self.rig.user_ids[to]
        self.edit(head, lambda s, a: clients.assign_client(session=s, actor=a, client_id=client.id,
                                                           owner_id=owner), "client.assign")

    @rule(d=devices, which=pick, choice=st.sampled_from(("mine", "theirs", "edit", "retry", "dismiss")))
    def user_decides(self, d: str, which: int, choice: str) -> None:
        """The user resolves an open conflict (mine / theirs / an edited value), or retries or dismisses
        a refused mutation."""
        dev = self.devices[d]
        before = set(self.local(dev, select(Outbox.seq)))
        if choice in ("retry", "dismiss"):
            rejection = self.choose(dev.engine.rejections(), which)
            if rejection is None:
                return
            if choice == "dismiss":
                dev.engine.dismiss_rejection(rejection.seq)
            else:
                dev.engine.retry_rejection(rejection.seq)
        else:
            conflict = self.choose(self.local(dev, select(Conflict).where(
                col(Conflict.resolved).is_(False), col(Conflict.deleted).is_(False))
                .order_by(col(Conflict.id))), which)
            if conflict is None:
                return
            try:
                dev.engine.resolve_conflict(conflict.id, choice,
                                            conflict.mine_value if choice == "edit" else None)
            except DomainError:
                self.notes["refused locally: conflict.resolve"] += 1
                return
        for row in self.local(dev, select(Outbox).where(col(Outbox.seq).not_in(before))):
            assert row.seq is not None
            dev.made[row.seq] = row.mutation_id
        self.notes[f"user: {choice}"] += 1

    # -- the network -----------------------------------------------------------------------------

    @rule(d=devices)
    def push(self, d: str) -> None:
        dev = self.devices[d]
        self.net(dev, "push", dev.engine.push)

    @rule(d=devices)
    def pull(self, d: str) -> None:
        dev = self.devices[d]
        if dev.engine.status().cursor is None:
            return  # not bootstrapped (a restore made it forget its cursor): only a sync may go on
        self.net(dev, "pull", dev.engine.pull)

    @rule(d=devices)
    def sync(self, d: str) -> None:
        dev = self.devices[d]
        self.net(dev, "sync", dev.engine.sync)

    @rule(order=st.permutations(DEVICES))
    def sync_all(self, order: list[str]) -> None:
        for d in order:
            self.net(self.devices[d], "sync", self.devices[d].engine.sync)

    @rule(d=devices, endpoint=st.sampled_from(ENDPOINTS),
          fault=st.sampled_from((DROP_REQUEST, DROP_RESPONSE, DUPLICATE)),
          then=st.sampled_from(("sync", "push", "pull", "later")))
    def arm_fault(self, d: str, endpoint: str, fault: str, then: str) -> None:
        """The device's next request to the endpoint is lost, its answer is lost, or it arrives twice;
        the device syncs, pushes or pulls right away, or meets the fault later."""
        self.devices[d].transport.arm(endpoint, fault)
        if then != "later":
            getattr(self, then)(d)

    @rule(d=devices)
    def crash_before_ack(self, d: str) -> None:
        """The ledger applies a push, the laptop dies before it reads the answer, and starts again."""
        dev = self.devices[d]
        if not self.local(dev, select(Outbox.seq).limit(1)):
            return
        dev.transport.faults["push"].insert(0, DROP_RESPONSE)
        self.net(dev, "push", dev.engine.push)
        dev.restart()
        self.notes["crash before ack"] += 1

    @rule(d=devices, days=st.integers(min_value=-10, max_value=10))
    def skew_clock(self, d: str, days: int) -> None:
        """The laptop's clock is days off: it stamps its mutations and journal with that time."""
        self.devices[d].clock.skew = timedelta(days=days, minutes=days * 7)

    # -- the ledger ------------------------------------------------------------------------------

    @rule(event=st.sampled_from(("restart", "backup", "restore", "restore, snapshot cut")), which=pick)
    def ledger_event(self, event: str, which: int) -> None:
        """The ledger's server restarts; or a backup of its database is taken; or it is restored from an
        earlier backup and a new epoch starts: every device must re-bootstrap and replay from its journal
        what the backup lacks (and one device's first snapshot may break off mid-stream)."""
        if event == "restart":
            self.ledger.restart()
        elif event == "backup" or not self.backups:
            dest = self.rig.work / "backups" / f"backup-{len(self.backups)}.db"
            self.ledger.backup(dest)
            self.backups.append(dest)
            event = "backup"
        else:
            self.ledger.restore(self.choose(self.backups, which))
            if event != "restore":
                self.arm_fault(d=DEVICES[which % len(DEVICES)], endpoint="snapshot", fault=DROP_RESPONSE,
                               then="sync")
        self.notes[f"ledger: {event}"] += 1

    @precondition(lambda self: self.quiesced < 1)
    @rule()
    def quiesce(self) -> None:
        """Mid-run quiescence: the invariants hold, and the run goes on from a settled state."""
        self.quiesced += 1
        self.heal_and_settle()
        self.check_quiescent()

    # -- quiescence and the invariants -----------------------------------------------------------

    def heal_and_settle(self) -> None:
        """Let faults still armed fire in one last round of syncs, then heal them all and sync every
        device until a whole round moves nothing (bounded)."""
        for dev in self.devices.values():
            if any(dev.transport.faults.values()):
                self.net(dev, "sync", dev.engine.sync)
        for dev in self.devices.values():
            dev.transport.heal()
        for _round in range(QUIESCE_ROUNDS):
            moved = False
            for dev in self.devices.values():
                report = dev.engine.sync()
                if report.pushed or report.pulled or report.replayed or report.bootstrapped:
                    moved = True
            if not moved:
                return
        raise AssertionError(f"devices still syncing changes after {QUIESCE_ROUNDS} rounds")

    def check_quiescent(self) -> None:
        from crm.sync.server.ledger import read_session
        from crm.sync.server.models import ChangeLog, MutationResultRow
        from crm.sync.server.models import Device as LedgerDevice

        with read_session(self.ledger.engine) as s:
            results = list(s.exec(select(MutationResultRow)))
            log = list(s.exec(select(ChangeLog.seq, ChangeLog.mutation_id, ChangeLog.entity,
                                     ChangeLog.entity_id).order_by(col(ChangeLog.seq))))
            log_rows = {(m, e, i) for _seq, m, e, i in log if m is not None}
            ledger_devices = {d.id: d for d in s.exec(select(LedgerDevice))}
            conflicts_by_mutation = Counter(m for m in s.exec(select(Conflict.mutation_id)))
            conflict_ids = set(s.exec(select(Conflict.id)))

        # Each mutation id is stored once, and took effect in one run of change-log entries.
        stored = Counter(r.mutation_id for r in results)
        assert not [m for m, n in stored.items() if n > 1], "a mutation was stored under two numbers"
        result_ids = set(stored)
        seen: set[str] = set()
        previous: str | None = None
        for _seq, mutation_id, _entity, _id in log:
            if mutation_id is not None and mutation_id != previous:
                assert mutation_id not in seen, f"mutation {mutation_id} took effect twice"
                assert mutation_id in result_ids, f"change by mutation {mutation_id} without a result"
                seen.add(mutation_id)
            previous = mutation_id

        by_device: dict[str, dict[int, MutationResultRow]] = defaultdict(dict)
        for r in results:
            by_device[r.device_id][r.seq] = r
        for name, dev in self.devices.items():
            device_id = self.rig.device_ids[name]
            with Session(dev.db) as s:
                outbox = list(s.exec(select(Outbox)))
                journal = {j.seq: j for j in s.exec(select(SyncJournal))}
                rejections = {r.seq: r for r in s.exec(select(SyncRejection))}
            assert not outbox, f"{name}: outbox entries stuck after quiescence: {[o.seq for o in outbox]}"
            for seq, mutation_id in dev.made.items():
                assert seq in journal, f"{name}: mutation {seq} vanished (neither queued nor journalled)"
                assert journal[seq].mutation_id == mutation_id
            on_ledger = by_device[device_id]
            assert set(on_ledger) == set(journal), (
                f"{name}: ledger results {sorted(on_ledger)} != journal {sorted(journal)}")
            assert ledger_devices[device_id].last_applied_seq == max(journal, default=0)
            for seq, j in journal.items():
                r = on_ledger[seq]
                assert r.mutation_id == j.mutation_id, f"{name}: seq {seq} is another mutation on the ledger"
                assert r.status == j.result, f"{name}: seq {seq} is {r.status} on the ledger, {j.result} here"
                if r.status == "rejected":
                    assert seq in rejections and rejections[seq].code == (r.code or "rejected")[:64], (
                        f"{name}: rejection of {seq} ({r.code}) not visible on the device")
                if r.status == "applied" and j.op == "create":
                    assert (j.mutation_id, j.entity, j.entity_id) in log_rows, (
                        f"{name}: create {seq} answered applied but not in the change log")
                if r.status == "conflict":
                    assert conflicts_by_mutation[j.mutation_id] >= 1, f"{name}: conflict of {seq} not held"
                    assert set(r.result.get("conflict_ids") or []) <= conflict_ids
        for name, dev in self.devices.items():
            # The user reads each refusal and dismisses it: the device then shows the ledger's state.
            for rejection in dev.engine.rejections():
                dev.engine.dismiss_rejection(rejection.seq)
            self.check_replica(name, dev)

    def check_replica(self, name: str, dev: Device) -> None:
        """The device holds exactly the ledger's live rows of its scopes, field for field, and its
        tombstones are rows of its scopes deleted on the ledger."""
        from crm.domain.models import ENTITY_TYPES
        from crm.sync.server import ledger, scopes
        from crm.sync.server.ledger import context_for, read_session

        with read_session(self.ledger.engine) as s:
            user = s.get(User, self.rig.user_ids[name])
            assert user is not None
            ctx = context_for(user, self.rig.device_ids[name])
        expected: dict[tuple[str, str], dict[str, Any]] = {}
        for line in ledger.snapshot(self.ledger.engine, ctx):
            if line["type"] == "row":
                expected[(line["entity"], line["data"]["id"])] = line["data"]
        expected = {key: comparable(key[0], data) for key, data in expected.items()}
        held: dict[tuple[str, str], dict[str, Any]] = {}
        tombstones: dict[str, list[str]] = defaultdict(list)
        with dev.db.connect() as conn:
            for entity, codec in CODECS.items():
                for row in conn.execute(sa.select(codec.table)).mappings():
                    data = {k: wire_value(v) for k, v in row.items()}
                    if data["deleted"]:
                        tombstones[entity].append(data["id"])
                    else:
                        held[(entity, data["id"])] = comparable(entity, data)
        missing = sorted(set(expected) - set(held))
        extra = sorted(set(held) - set(expected))
        assert not missing, f"{name}: rows of its scopes missing on the device: {missing}"
        assert not extra, f"{name}: rows the ledger does not show this device: {extra}"
        different = {key: diff for key, data in expected.items()
                     if (diff := row_differences(held[key], data))}
        assert not different, f"{name}: rows differ from the ledger (device, ledger): {different}"
        assert self.rig.other_client not in {i for (e, i) in held if e == "client"}
        if tombstones:
            with read_session(self.ledger.engine) as s:
                for entity, ids in tombstones.items():
                    table = ENTITY_TYPES[entity].__table__  # type: ignore[attr-defined]
                    found = set(s.execute(sa.select(table.c.id).where(
                        table.c.id.in_(ids), table.c.deleted.is_(True),
                        scopes.visible(entity, ctx.keys))).scalars())
                    assert found == set(ids), (
                        f"{name}: tombstones not deleted rows of its scopes: {entity} {set(ids) - found}")

    def note_outcomes(self) -> None:
        """What the ledger answered this example's mutations (for the run's statistics)."""
        from crm.sync.server.ledger import read_session
        from crm.sync.server.models import MutationResultRow

        with read_session(self.ledger.engine) as s:
            for status, code in s.exec(select(MutationResultRow.status, MutationResultRow.code)):
                self.notes[f"ledger {status}: {code or '-'}"] += 1

    def teardown(self) -> None:
        try:
            self.heal_and_settle()
            self.check_quiescent()
            self.note_outcomes()
        finally:
            for dev in self.devices.values():
                self.notes.update({f"fault fired: {k}": n for k, n in dev.transport.faults_fired.items()})
            STATS.update(self.notes)
            STATS["examples"] += 1


STATS: Counter[str] = Counter()


def comparable(entity: str, data: dict[str, Any]) -> dict[str, Any]:
    """A row as the comparison sees it: every column but `updated_at` (a display stamp the device sets
    on its own edits; a command the ledger answers `command.noop` brings no change to pull), with field
    versions made explicit for every value column (a field without an entry has the row's version)."""
    out = {k: v for k, v in data.items() if k not in ("updated_at", "field_versions")}
    fv = data.get("field_versions") or {}
    version = int(data.get("version") or 0)
    out["field_versions"] = {name: int(fv.get(name, version)) for name in CODECS[entity].value_columns}
    out["_explicit"] = sorted(fv)
    return out


def row_differences(held: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """Fields whose values differ. Field versions must agree wherever the ledger recorded a change of
    the field; a field the ledger never changed since the row was created carries no version there (its
    merge base is 0), so the device may hold any version up to the row's for it (it records the
    creating mutation's, which is exact)."""
    out = {f: (held.get(f), v) for f, v in expected.items()
           if f not in ("field_versions", "_explicit") and held.get(f) != v}
    explicit = set(expected["_explicit"])
    version = int(expected["version"] or 0)
    for name, ledger_fv in expected["field_versions"].items():
        mine = held["field_versions"][name]
        if (mine != ledger_fv) if name in explicit else (mine > version):
            out[f"field_versions.{name}"] = (mine, ledger_fv if name in explicit else f"<= {version}")
    return out


def test_offline_sync_loses_nothing(sync_rig: Rig) -> None:
    started = time.perf_counter()

    class Machine(SyncMachine):
        rig = sync_rig

    STATS.clear()
    run_state_machine_as_test(Machine, settings=PROFILE)
    elapsed = time.perf_counter() - started
    print(f"\nsync state machine: {STATS['examples']} examples in {elapsed:.1f} s")
    for key, value in sorted(STATS.items()):
        print(f"  {key}: {value}")


# --- the minimal failing examples the machine found, kept as plain regression tests -----------------


def run_steps(rig: Rig, *steps: tuple[str, dict[str, Any]]) -> SyncMachine:
    """One example by hand: the named rules in order, then quiescence and its checks (the teardown)."""

    class Machine(SyncMachine):
        pass

    Machine.rig = rig
    machine = Machine()
    try:
        for name, kwargs in steps:
            getattr(machine, name)(**kwargs)
    finally:
        machine.teardown()
    return machine


def test_plan_review_round_trips(sync_rig: Rig) -> None:
    for approve in (True, False):
        m = run_steps(sync_rig,
                      ("rm_plan", {"d": "a", "which": 0, "step": "submit", "v": 0}),
                      ("sync", {"d": "a"}), ("sync", {"d": "h"}),
                      ("head_decides", {"which": 0, "approve": approve}),
                      ("sync", {"d": "h"}))
        assert m.notes["edit: plan.approve" if approve else "edit: plan.return"] == 1


def test_concurrent_contact_edits_meet_in_a_conflict(sync_rig: Rig) -> None:
    m = run_steps(sync_rig,
                  ("contact", {"d": "a", "which": 0, "name": "name", "v": 0}),
                  ("contact", {"d": "h", "which": 0, "name": "name", "v": 1}),
                  ("sync", {"d": "a"}), ("sync", {"d": "h"}))
    assert m.notes["ledger conflict: merge.conflict"] == 1


def test_a_pull_behind_a_restored_ledger_re_bootstraps(sync_rig: Rig) -> None:
    """Found: after a restore, a device whose cursor is past the restored head had every pull refused
    (400 pull.cursor_invalid, which names no epoch) until its next status check, 10 minutes later."""
    m = run_steps(sync_rig,
                  ("ledger_event", {"event": "backup", "which": 0}),
                  ("edit_client", {"d": "a", "which": 0, "policy": "lww", "v": 1}),
                  ("sync", {"d": "a"}),
                  ("ledger_event", {"event": "restore", "which": 0}),
                  ("sync", {"d": "a"}))
    assert m.notes["net ok: sync"] == 2


def test_a_lost_answer_for_a_row_that_left_the_device_is_recorded(sync_rig: Rig) -> None:
    """Found: the ledger applies an edit, its answer is lost, a pull then takes the row out of the
    device's scopes; recording the resent answer failed (an executemany without rows) and rolled back,
    so the device resent the mutation forever."""
    run_steps(sync_rig,
              ("edit_client", {"d": "a", "which": 0, "policy": "lww", "v": 0}),
              ("arm_fault", {"d": "a", "endpoint": "push", "fault": DROP_RESPONSE, "then": "push"}),
              ("reassign", {"by_admin": True, "to": "b", "which": 0}),
              ("pull", {"d": "a"}),
              ("sync", {"d": "a"}))


def test_an_edit_held_in_conflict_after_a_pull_shows_the_ledgers_value(sync_rig: Rig) -> None:
    """Found: a pull while an edit was queued kept the ledger's row as a shadow under the edit; the edit
    then met a conflict (theirs stays) and the device showed its own value for good."""
    run_steps(sync_rig,
              ("contact", {"d": "a", "which": 0, "name": "name", "v": 0}),
              ("contact", {"d": "h", "which": 0, "name": "name", "v": 1}),
              ("sync", {"d": "h"}), ("pull", {"d": "a"}), ("sync", {"d": "a"}))


def test_a_head_keeps_a_visit_when_its_client_leaves_their_own_book(sync_rig: Rig) -> None:
    """Found: a client moved from the head's own book back to an RM; its visit got a `remove` for
    rm:<head> and no put, so the head, who still sees it through branch:<b>, lost it."""
    run_steps(sync_rig,
              ("log_visit", {"action": False, "completed": False, "d": "a", "v": 0, "which": 0}),
              ("reassign", {"by_admin": False, "to": "h", "which": 0}),
              ("sync_all", {"order": ["a", "b", "h"]}),
              ("reassign", {"by_admin": True, "to": "a", "which": 0}))


def test_a_row_edited_while_it_left_the_scopes_is_dropped_at_re_bootstrap(sync_rig: Rig) -> None:
    """Found: a row with a queued edit survives a re-bootstrap even when the snapshot no longer has it
    (reassigned away before the restored backup was taken); it stayed on the device for good."""
    run_steps(sync_rig,
              ("reassign", {"by_admin": True, "to": "a", "which": 2}),
              ("ledger_event", {"event": "backup", "which": 0}),
              ("ledger_event", {"event": "restore", "which": 0}),
              ("contact", {"d": "b", "name": "name", "v": 1, "which": 0}))


def test_a_snapshot_cut_off_after_a_restore_leaves_the_user_signed_in(sync_rig: Rig) -> None:
    """Found: a bootstrap empties the replica first; when its snapshot broke off, the device had lost
    even its own User row, so every local service failed (workspace.no_owner) until the next sync."""
    m = run_steps(sync_rig,
                  ("ledger_event", {"event": "backup", "which": 0}),
                  ("ledger_event", {"event": "restore, snapshot cut", "which": 0}),
                  ("edit_client", {"d": "a", "policy": "append", "v": 0, "which": 0}))
    assert m.notes["fault fired: snapshot:drop_response"] == 1


def test_a_re_bootstrap_that_breaks_off_leaves_the_old_replica_whole_and_editable(sync_rig: Rig) -> None:
    """Found: `_load_snapshot` committed the emptied replica before the snapshot streamed in, so a
    snapshot that broke off (here after a restore) left the laptop without its data until a later sync
    completed one: offline, the user saw no clients, and an edit referring to an organisation row (a new
    plan) failed on a foreign key instead of being queued. A bootstrap is now one transaction."""

    class Machine(SyncMachine):
        rig = sync_rig

    m = Machine()
    try:
        dev = m.devices["a"]
        m.ledger_event(event="backup", which=0)
        before_rows = {entity: m.local(dev, select(model.id).order_by(col(model.id)))
                       for entity, model in (("client", Client), ("contact", Contact), ("branch", Branch))}
        before = dev.engine.status()
        assert before_rows["client"] and before.cursor is not None
        m.ledger_event(event="restore, snapshot cut", which=0)
        assert dev.transport.faults_fired["snapshot:drop_response"] == 1
        after = dev.engine.status()
        # Untouched: the same rows, the old epoch and cursor (so the next sync bootstraps again).
        assert (after.epoch, after.cursor) == (before.epoch, before.cursor)
        assert {entity: m.local(dev, select(model.id).order_by(col(model.id)))
                for entity, model in (("client", Client), ("contact", Contact), ("branch", Branch))
                } == before_rows
        target = m.local_clients(dev, editable=True)[0]
        with Session(dev.db) as s:
            assert target.id in {row.id for row in clients.list_clients(
                session=s, actor=signed_in_actor(session=s),
                filters=clients.ClientFilter(text=target.legal_name), limit=50)}
        # Editable offline: a new plan (it refers to the branch) and a client edit are queued.
        queued = len(m.local(dev, select(Outbox.seq)))
        assert m.edit(dev, lambda s, a: plans.create_plan(session=s, actor=a,
                                                          data=plans.PlanCreate(month=MONTHS[0])),
                      "plan.create")
        assert m.edit(dev, lambda s, a: clients.update_client(
            session=s, actor=a, client_id=target.id, data=clients.ClientUpdate(notes="断网时补记")),
            "client.notes")
        assert len(m.local(dev, select(Outbox.seq))) > queued
    finally:
        m.teardown()


def test_a_refused_conflict_resolution_shows_the_conflict_open_again(sync_rig: Rig) -> None:
    """Found (CI): the ledger refused a "mine" resolution as stale (the field had changed again since),
    but the device kept showing the conflict resolved: the row had no shadow to restore, because only a
    pull meeting a row with queued edits kept one. The first queued edit of a row now keeps it."""
    run_steps(sync_rig,
              ("quiesce", {}), ("pull", {"d": "a"}), ("skew_clock", {"d": "a", "days": 1}),
              ("pull", {"d": "a"}), ("contact", {"d": "h", "name": "name", "v": 0, "which": 4}),
              ("skew_clock", {"d": "a", "days": 1}), ("push", {"d": "h"}),
              ("reassign", {"by_admin": False, "to": "b", "which": 1}),
              ("reassign", {"by_admin": True, "to": "a", "which": 0}),
              ("skew_clock", {"d": "a", "days": 0}),
              ("reassign", {"by_admin": False, "to": "a", "which": 5}),
              ("skew_clock", {"d": "b", "days": -8}), ("skew_clock", {"d": "b", "days": -10}),
              ("contact", {"d": "a", "name": "name", "v": 1, "which": 5}),
              ("contact", {"d": "a", "name": "email", "v": 3, "which": 4}),
              ("skew_clock", {"d": "b", "days": -7}), ("pull", {"d": "a"}),
              ("reassign", {"by_admin": False, "to": "b", "which": 2}), ("pull", {"d": "b"}),
              ("reassign", {"by_admin": False, "to": "b", "which": 2}),
              ("sync", {"d": "b"}), ("sync", {"d": "a"}), ("sync", {"d": "h"}),
              ("user_decides", {"choice": "mine", "d": "a", "which": 1}),
              ("sync", {"d": "b"}))


def test_own_visit_and_task_survive_restores_and_reassignments(sync_rig: Rig) -> None:
    """Found by the state machine (seed 25)."""
    run_steps(sync_rig,
              ("sync_all", {"order": ["a", "b", "h"]}), ("sync", {"d": "a"}), ("sync", {"d": "a"}),
              ("sync", {"d": "a"}), ("sync", {"d": "a"}),
              ("contact", {"d": "a", "name": "add", "v": 0, "which": 0}),
              ("sync_all", {"order": ["a", "b", "h"]}), ("sync", {"d": "a"}), ("sync", {"d": "a"}),
              ("log_visit", {"action": True, "completed": False, "d": "a", "v": 0, "which": 5}),
              ("rival_edits", {"contact": True, "pair": ["a", "h", "b"], "policy": "append", "v": 0,
                               "which": 0}),
              ("sync", {"d": "b"}),
              ("rival_edits", {"contact": False, "pair": ["a", "h", "b"], "policy": "append", "v": 0,
                               "which": 0}),
              ("ledger_event", {"event": "restore, snapshot cut", "which": 0}),
              ("rival_edits", {"contact": True, "pair": ["a", "b", "h"], "policy": "append", "v": 0,
                               "which": 0}),
              ("reassign", {"by_admin": True, "to": "b", "which": 4}),
              ("sync_all", {"order": ["h", "a", "b"]}),
              ("reassign", {"by_admin": False, "to": "a", "which": 11}),
              ("skew_clock", {"d": "a", "days": 9}),
              ("ledger_event", {"event": "restore", "which": 8}),
              ("reassign", {"by_admin": False, "to": "b", "which": 2}),
              ("sync_all", {"order": ["a", "h", "b"]}))
