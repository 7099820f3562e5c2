"""The desktop sync engine: enrol, bootstrap, push the outbox, pull ledger changes, epochs and wipes.

Qt-free and safe to drive from a background thread: every unit of work opens its own connection and
session, and one lock per workspace keeps two syncs of it from interleaving. docs/sync-protocol.md is
the contract; this module is the client half of it.
"""

from __future__ import annotations

import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from crm.db.engine import session_scope
from crm.db.keystore import KeyStore
from crm.db.workspace import DB_FILE, KEY_FILE, SETTINGS_FILE, Workspace
from crm.domain.enums import OutboxOp, Role
from crm.domain.errors import InvalidTransition, NotFound, ValidationError
from crm.domain.ids import new_id
from crm.domain.models import (
    Conflict,
    LocalSetting,
    Outbox,
    SyncJournal,
    SyncRejection,
    User,
)
from crm.domain.serialize import wire_value
from crm.domain.types import utcnow
from crm.services import bulk, outbox, records, search
from crm.services.context import Actor
from crm.sync.client import local
from crm.sync.client.errors import (
    EpochChanged,
    GapUnrecoverable,
    NotEnrolled,
    ProtocolError,
    PushGap,
    RequestRefused,
    ServerUnavailable,
    SyncBusy,
    SyncError,
    WipeRequested,
    WorkspaceWiped,
)
from crm.sync.client.local import CODECS, replica_connection, replica_session
from crm.sync.client.transport import Transport
from crm.sync.protocol import (
    JOURNAL_DAYS,
    PULL_PAGE_DEFAULT,
    PUSH_BATCH_MAX,
    Change,
    ChangeOp,
    EnrolRequest,
    Mutation,
    MutationResult,
    MutationStatus,
    PullResponse,
    PushRequest,
    SnapshotEnd,
    SnapshotHeader,
    StatusResponse,
    UserInfo,
)

log = logging.getLogger(__name__)

# LocalSetting keys. The token sits in the encrypted database only: never settings.json, never a log.
STATE_KEY = "sync.state"
TOKEN_KEY = "sync.token"  # noqa: S105 - the name of the setting, not a secret
USER_KEY = "sync.user"
OWNER_KEY = "owner"

#: Snapshot rows per executemany (the whole snapshot is one transaction), and per progress report.
BULK_ROWS = 2_000
BULK_PROGRESS_ROWS = 20_000
BULK_CACHE_KIB = 128 * 1024

_JOURNAL_TABLE = SyncJournal.__table__  # type: ignore[attr-defined]
_JOURNAL_INSERT = sqlite_insert(_JOURNAL_TABLE)
# A resend after a lost answer finds its journal row already there: refresh it, never duplicate it.
_JOURNAL_UPSERT = _JOURNAL_INSERT.on_conflict_do_update(
    index_elements=[_JOURNAL_TABLE.c.seq],
    set_={"result": _JOURNAL_INSERT.excluded.result, "acked_at": _JOURNAL_INSERT.excluded.acked_at})
_REJECTION_TABLE = SyncRejection.__table__  # type: ignore[attr-defined]
_REJECTION_INSERT = sqlite_insert(_REJECTION_TABLE)
_REJECTION_UPSERT = _REJECTION_INSERT.on_conflict_do_update(
    index_elements=[_REJECTION_TABLE.c.seq],
    set_={"code": _REJECTION_INSERT.excluded.code, "detail": _REJECTION_INSERT.excluded.detail,
          "at": _REJECTION_INSERT.excluded.at, "dismissed": False})

Progress = Callable[[str, int, int], None]
Clock = Callable[[], datetime]
CONFLICT_CHOICES = ("mine", "theirs", "edit")


@dataclass
class SyncReport:
    pushed: int = 0  # mutations the ledger answered (outbox rows acknowledged)
    applied: int = 0  # of those, applied (fully or with fields held in conflict)
    rejected: int = 0
    conflicts: int = 0  # pushed mutations that met a concurrent change held for a person
    pulled: int = 0  # ledger changes applied locally
    seconds: float = 0.0
    bootstrapped: bool = False
    replayed: int = 0  # journal entries sent again after a ledger restore or a gap
    open_conflicts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BootstrapReport:
    rows: int
    checkpoint: int
    epoch: str
    seconds: float
    skipped: int = 0  # rows of entities this version does not know (a newer ledger)


@dataclass
class SyncStatus:
    enrolled: bool
    server: str | None
    epoch: str | None
    device_id: str | None
    cursor: int | None
    pending: int
    open_conflicts: int
    rejected: int
    last_sync_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None
    user: dict[str, Any] | None = None
    role: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("last_sync_at", "last_attempt_at"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


@dataclass
class _Item:
    """One mutation to send: from the outbox, or (replay) from the journal of acknowledged ones."""

    seq: int
    mutation_id: str
    entity: str
    entity_id: str
    op: OutboxOp
    name: str
    payload: dict[str, Any]
    base_versions: dict[str, int]
    created_at: datetime
    from_journal: bool

    def mutation(self) -> Mutation:
        return Mutation(seq=self.seq, mutation_id=self.mutation_id, entity=self.entity,
                        entity_id=self.entity_id, op=self.op, name=self.name, payload=self.payload,
                        base_versions=self.base_versions, client_ts=self.created_at)


@dataclass
class _State:
    device_id: str | None = None
    epoch: str | None = None
    cursor: int | None = None  # None: no complete snapshot here yet (bootstrap needed)
    server_url: str | None = None
    last_sync_at: str | None = None
    last_attempt_at: str | None = None
    last_error: str | None = None
    bootstrapped_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, value: Any) -> _State:
        value = dict(value or {})
        known = {k: value.pop(k) for k in list(value) if k in cls.__dataclass_fields__ and k != "extra"}
        return cls(**known, extra=value)

    def dump(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if k != "extra"}
        out.update(self.extra)
        return out


class SyncEngine:
    """Sync one unlocked workspace with the ledger through `transport`.

    `clock` stamps journal and status times (tests inject one); `keystore` is needed only to erase the
    workspace's OS key store entry when the ledger orders a wipe.
    """

    def __init__(self, workspace: Workspace, transport: Transport | None, *, clock: Clock = utcnow,
                 keystore: KeyStore | None = None, page_size: int = PULL_PAGE_DEFAULT,
                 push_batch: int = PUSH_BATCH_MAX, journal_days: int = JOURNAL_DAYS,
                 status_interval: float = 600.0) -> None:
        self.workspace = workspace
        self._transport = transport
        self.clock = clock
        self.keystore = keystore
        self.page_size = page_size
        self.push_batch = min(push_batch, PUSH_BATCH_MAX)
        self.journal_days = journal_days
        self._lock = local.workspace_lock(str(Path(workspace.path).resolve()))
        self._wiped = False
        self.status_interval = status_interval
        self._status_at: float | None = None  # time.monotonic() of the last status answer

    @property
    def engine(self) -> sa.Engine:
        return self.workspace.engine

    @property
    def transport(self) -> Transport:
        # None is allowed for local-only use (status, conflicts, retries) when no server is configured.
        if self._transport is None:
            raise SyncError("sync.no_server")
        return self._transport

    # -- enrolment -------------------------------------------------------------------------------

    def enrol(self, username: str, password: str, device_name: str = "") -> UserInfo:
        """Enrol this workspace as a device of `username`; keeps the device id across re-enrolments so
        the ledger's mutation numbering for this device stays continuous."""
        with self._exclusive():
            with session_scope(self.engine) as session:
                state = self._state(session)
                owner = local.get_setting(session, OWNER_KEY)
            if owner and owner.get("username") and owner["username"] != username:
                raise SyncError("sync.workspace_other_user", params={"username": owner["username"]})
            device_id = state.device_id or new_id()
            resp = self.transport.enrol(EnrolRequest(username=username, password=password,
                                                     device_id=device_id, device_name=device_name[:100]))
            if owner and owner.get("user_id") and owner["user_id"] != resp.user.id:
                raise SyncError("sync.workspace_other_user", params={"username": owner.get("username", "")})
            with replica_session(self.engine) as session:
                state = self._state(session)
                state.device_id = resp.device_id
                if state.cursor is None:
                    # No data yet: this epoch is the one the coming bootstrap belongs to. With data, the
                    # old epoch stays so that a difference triggers re-bootstrap and replay.
                    state.epoch = resp.epoch
                state.server_url = getattr(self.transport, "base_url", state.server_url)
                self._save_state(session, state)
                local.put_setting(session, TOKEN_KEY, {"token": resp.token})
                self._store_user(session, resp.user)
            log.info("device enrolled (role %s)", resp.user.role.value)
            return resp.user

    def refresh_token(self) -> None:
        """Rotate the device token (the old one stops working on the ledger)."""
        with self._exclusive():
            token = self._token()
            resp = self.transport.refresh(token)
            with session_scope(self.engine) as session:
                local.put_setting(session, TOKEN_KEY, {"token": resp.token})

    # -- the whole cycle -------------------------------------------------------------------------

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Push then pull until caught up; bootstraps first when there is no snapshot or a new epoch.

        The ledger's status (epoch, wipe order, last applied mutation) is asked on the first sync of
        this engine, every `status_interval` seconds, and whenever an answer hints at news (a new epoch,
        a wipe order); in between, a sync with nothing to do is a single pull request.
        """
        with self._exclusive():
            started = time.perf_counter()
            report = SyncReport()
            token = self._token()
            check = self._status_at is None or time.monotonic() - self._status_at > self.status_interval
            try:
                for attempt in range(3):
                    try:
                        self._sync_once(token, report, progress, check_status=check)
                        break
                    except (EpochChanged, WipeRequested) as exc:
                        # The ledger was restored, or wants this device wiped: start over from status.
                        if attempt == 2:
                            raise
                        log.info("ledger answered %s; checking its status", exc.code)
                        check = True
            except WorkspaceWiped:
                raise  # nothing left to record into, and the database must not be recreated
            except SyncError as exc:
                self._record_attempt(error=exc.code)
                raise
            report.open_conflicts = self._open_conflicts()
            report.seconds = time.perf_counter() - started
            self._record_attempt(error=None)
            log.info("sync done: pushed %d (rejected %d, conflicts %d), pulled %d in %.2f s",
                     report.pushed, report.rejected, report.conflicts, report.pulled, report.seconds)
            return report

    def _sync_once(self, token: str, report: SyncReport, progress: Progress | None, *,
                   check_status: bool) -> None:
        with session_scope(self.engine) as session:
            state = self._state(session)
        replay_from = None
        if check_status or state.cursor is None:
            status = self.transport.status(token)
            self._status_at = time.monotonic()
            if status.wipe_requested:
                self._wipe(token)
            if state.cursor is None or status.epoch != state.epoch:
                if state.epoch is not None and status.epoch != state.epoch:
                    log.warning("ledger epoch changed: re-bootstrapping and replaying acknowledged mutations")
                self._bootstrap(token, progress)
                report.bootstrapped = True
            with replica_session(self.engine) as session:
                self._store_user(session, status.user)
            replay_from = self._replay_start(status)
        self._push(token, report, replay_from)
        report.pulled += self._pull(token)

    def _replay_start(self, status: StatusResponse) -> int | None:
        """Where to resend from when the ledger lacks mutations we hold as acknowledged (a restore)."""
        with session_scope(self.engine) as session:
            newest = session.exec(select(func.max(SyncJournal.seq))).one()
        if newest is not None and newest > status.last_applied_seq:
            return status.last_applied_seq + 1
        return None

    # -- bootstrap -------------------------------------------------------------------------------

    def bootstrap(self, progress: Progress | None = None) -> BootstrapReport:
        with self._exclusive():
            return self._bootstrap(self._token(), progress)

    def _bootstrap(self, token: str, progress: Progress | None) -> BootstrapReport:
        started = time.perf_counter()
        stream = self.transport.snapshot(token)
        try:
            first = next(stream, None)
            if first is None or first.get("type") != "header":
                raise ProtocolError("snapshot: no header")
            header = SnapshotHeader.model_validate(first)
            with replica_connection(self.engine) as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                before = raw.execute("PRAGMA cache_size").fetchone()[0]
                # Index pages of half a million inserts stay cached (a miss costs a decrypt); this
                # connection only, and set back before it returns to the pool.
                raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB:d}")
                try:
                    with bulk.collector_paused():
                        report = self._load_snapshot(conn, header, stream, progress)
                finally:
                    raw.execute(f"PRAGMA cache_size = {int(before):d}")
        except BaseException:
            # Nothing changed here (the old replica, its epoch and cursor stay): ask the ledger's status
            # again on the next sync, which then bootstraps again.
            self._status_at = None
            raise
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        report.seconds = time.perf_counter() - started
        log.info("bootstrap: %d rows at checkpoint %d in %.2f s", report.rows, report.checkpoint,
                 report.seconds)
        return report

    def _load_snapshot(self, conn: sa.Connection, header: SnapshotHeader, stream: Iterator[dict[str, Any]],
                       progress: Progress | None) -> BootstrapReport:
        """Replace the replica with the snapshot in ONE transaction: all or nothing.

        The old replica is cleared, the snapshot streamed in with executemany (either layout of
        docs/sync-protocol.md: a line per row, or batches of rows as the laptop stores them), the queued
        local edits laid on top again, the search index rebuilt and the checkpoint stored, and only then
        committed.
        A stream that breaks off (or any error, or a crash) rolls it all back: the old replica, its
        cursor and its index stay exactly as they were, readable and editable offline. In WAL mode other
        connections (the UI) keep reading the old replica meanwhile; their writes wait for the commit,
        as they would for any other sync transaction.
        """
        buffers: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        in_snapshot: set[tuple[str, str]] = set()  # the rows with queued edits that the snapshot holds
        rows = skipped = 0
        end: SnapshotEnd | None = None
        with conn.begin():
            # 1. Forget the old replica except the rows with queued edits (their edits go on top again
            #    at the end; rows the snapshot lacks are then judged one by one).
            pending = local.pending_keys(conn)
            saved = {key: local.local_row(conn, CODECS[key[0]], key[1])
                     for key in pending if key[0] in CODECS}
            local.clear_replicated(conn, keep=saved)
            # 2. Stream rows in with executemany: "row" lines buffered per entity, "batch" lines (the
            #    layout HttpTransport asks for) as they come, a few thousand rows each.
            for item in stream:
                kind = item.get("type")
                if kind == "row":
                    entity = item.get("entity")
                    codec = CODECS.get(entity)  # type: ignore[arg-type]
                    if codec is None:
                        skipped += 1
                        continue
                    buffer = buffers[entity]  # type: ignore[index]
                    try:
                        buffer.append(codec.raw(item["data"]))
                        if saved and (entity, item["data"]["id"]) in saved:
                            in_snapshot.add((entity, item["data"]["id"]))  # type: ignore[arg-type]
                    except (KeyError, TypeError, ValueError) as exc:
                        raise ProtocolError(f"snapshot: a {entity} row does not fit ({exc})") from None
                    rows += 1
                    if len(buffer) >= BULK_ROWS:
                        conn.exec_driver_sql(codec.insert_sql, buffer)
                        buffer.clear()
                        if progress is not None and rows % BULK_PROGRESS_ROWS < BULK_ROWS:
                            progress("snapshot", rows, 0)
                elif kind == "batch":
                    entity = item.get("entity")
                    codec = CODECS.get(entity)  # type: ignore[arg-type]
                    data = item.get("rows")
                    if not isinstance(data, list):
                        raise ProtocolError(f"snapshot: a {entity} batch has no rows")
                    if codec is None:
                        skipped += len(data)
                        continue
                    try:
                        loader = codec.batch_loader(item["columns"])
                        batch = loader.prepare(data)
                        if batch:
                            conn.exec_driver_sql(loader.insert_sql, batch)
                    except (KeyError, TypeError, ValueError, IndexError, sa.exc.ProgrammingError,
                            sa.exc.InterfaceError) as exc:
                        raise ProtocolError(f"snapshot: a {entity} batch does not fit ({exc})") from None
                    if saved:
                        keys = ((entity, row[loader.id_index]) for row in batch)
                        in_snapshot.update(key for key in keys if key in saved)
                    reported = rows // BULK_PROGRESS_ROWS
                    rows += len(batch)
                    if progress is not None and rows // BULK_PROGRESS_ROWS > reported:
                        progress("snapshot", rows, 0)
                elif kind == "end":
                    end = SnapshotEnd.model_validate(item)
                    break
                elif kind != "header":
                    raise ProtocolError(f"snapshot: unknown line type {kind!r}")
            if end is None:
                raise ProtocolError("snapshot: stream ended without its end line")
            if end.rows != rows + skipped:
                raise ProtocolError(f"snapshot: {rows + skipped} rows received, {end.rows} announced")
            for entity, buffer in buffers.items():
                if buffer:
                    conn.exec_driver_sql(CODECS[entity].insert_sql, buffer)
            if progress is not None:
                progress("snapshot", rows, rows)
            # 3. Queued edits on top, the search index once, and the checkpoint.
            own_user = (local.get_setting(conn, OWNER_KEY) or {}).get("user_id")
            for (entity, entity_id), before in saved.items():
                held = (entity, entity_id) in in_snapshot
                if held or self._created_here(conn, entity, entity_id):
                    self._relayer(conn, entity, entity_id, before, in_snapshot=held)
                else:
                    # Edited here but not in the snapshot: the row left our scopes or was deleted on the
                    # ledger meanwhile. It goes as a pull's remove would make it go; its queued edits are
                    # still pushed, and the ledger's refusal is shown.
                    local.remove_rows(conn, entity, [entity_id], set(), own_user=own_user)
            with Session(bind=conn) as session:
                self._ensure_own_user(session)
                search.rebuild_index(session=session,
                                     progress=(lambda d, t: progress("index", d, t)) if progress else None)
                session.flush()
            state = _State.of(local.get_setting(conn, STATE_KEY))
            state.epoch = header.epoch
            state.cursor = header.checkpoint
            state.bootstrapped_at = self.clock().isoformat()
            local.put_setting(conn, STATE_KEY, state.dump())
        return BootstrapReport(rows=rows, checkpoint=header.checkpoint, epoch=header.epoch, seconds=0.0,
                               skipped=skipped)

    @staticmethod
    def _created_here(conn: sa.Connection, entity: str, entity_id: str) -> bool:
        """Whether this device creates the row: a create queued, or acknowledged (a restored ledger may
        have lost it; the journal replay brings it back)."""
        if any(op == OutboxOp.CREATE for _seq, op, _payload in local.pending_for(conn, entity, entity_id)):
            return True
        journal = _JOURNAL_TABLE
        return conn.execute(sa.select(journal.c.seq).where(
            journal.c.entity == entity, journal.c.entity_id == entity_id, journal.c.op == OutboxOp.CREATE)
            .limit(1)).first() is not None

    def _relayer(self, conn: sa.Connection, entity: str, entity_id: str,
                 before: dict[str, Any] | None, *, in_snapshot: bool = True) -> None:
        codec = CODECS[entity]
        # Not in the snapshot, the row still here is our own kept copy, not the ledger's state.
        server = local.local_row(conn, codec, entity_id) if in_snapshot else None
        merged = local.overlay(codec, server, before, local.pending_for(conn, entity, entity_id))
        if server is not None:
            local.write_shadow(conn, entity, entity_id, _wire_row(server), int(server["version"] or 0))
        if merged is not None:
            conn.execute(codec.upsert, [merged])

    # -- push ------------------------------------------------------------------------------------

    def push(self) -> SyncReport:
        with self._exclusive():
            report = SyncReport()
            started = time.perf_counter()
            self._push(self._token(), report, None)
            report.seconds = time.perf_counter() - started
            return report

    def _push(self, token: str, report: SyncReport, replay_from: int | None) -> None:
        with session_scope(self.engine) as session:
            epoch = self._state(session).epoch or ""
        gaps = 0
        while True:
            batch = self._load_batch(replay_from)
            if not batch:
                return
            request = PushRequest(epoch=epoch, mutations=[item.mutation() for item in batch])
            try:
                resp = self.transport.push(token, request)
            except PushGap as gap:
                gaps += 1
                if gaps > 3 or gap.expected_seq >= batch[0].seq:
                    # A gap that our resend does not close would loop forever: the ledger and we disagree.
                    raise ProtocolError(f"push gap not closed (expected {gap.expected_seq})") from gap
                self._check_journal_covers(gap.expected_seq, batch[0].seq)
                log.warning("push gap: ledger expects %d, resending from the journal", gap.expected_seq)
                replay_from = gap.expected_seq
                continue
            except ServerUnavailable as exc:
                self._note_attempt(batch, exc.code)
                raise
            if not resp.results:
                raise ProtocolError("push: no results")
            self._apply_results(batch, resp.results, report)
            if replay_from is not None:
                replay_from = resp.last_applied_seq + 1

    def _load_batch(self, replay_from: int | None) -> list[_Item]:
        limit = self.push_batch
        with session_scope(self.engine) as session:
            items: list[_Item] = []
            first_outbox = session.exec(select(func.min(Outbox.seq))).one()
            if replay_from is not None:
                journal = select(SyncJournal).where(col(SyncJournal.seq) >= replay_from)
                if first_outbox is not None:
                    journal = journal.where(col(SyncJournal.seq) < first_outbox)
                for j in session.exec(journal.order_by(col(SyncJournal.seq)).limit(limit)):
                    items.append(_Item(j.seq, j.mutation_id, j.entity, j.entity_id, OutboxOp(j.op), j.name,
                                       j.payload, j.base_versions, j.created_at, True))
            query = select(Outbox).order_by(col(Outbox.seq)).limit(limit - len(items))
            if replay_from is not None:
                query = query.where(col(Outbox.seq) >= replay_from)
            if len(items) < limit:
                for o in session.exec(query):
                    assert o.seq is not None
                    items.append(_Item(o.seq, o.mutation_id, o.entity, o.entity_id, OutboxOp(o.op), o.name,
                                       o.payload, o.base_versions, o.created_at, False))
        return items

    def _check_journal_covers(self, expected: int, first_sent: int) -> None:
        with session_scope(self.engine) as session:
            have = set(session.exec(select(SyncJournal.seq).where(
                col(SyncJournal.seq) >= expected, col(SyncJournal.seq) < first_sent)))
        missing = [s for s in range(expected, first_sent) if s not in have]
        if missing:
            raise GapUnrecoverable(expected, min(have) if have else None)

    def _note_attempt(self, batch: Sequence[_Item], code: str) -> None:
        seqs = [item.seq for item in batch if not item.from_journal]
        with session_scope(self.engine) as session:
            for part in local.chunks(seqs):
                session.connection().execute(sa.update(Outbox).where(col(Outbox.seq).in_(part)).values(
                    attempts=Outbox.attempts + 1, last_error=code))

    def _apply_results(self, batch: Sequence[_Item], results: Sequence[MutationResult],
                       report: SyncReport) -> None:
        """Record a batch's answers in one transaction, set-based (a batch is up to 500 answers)."""
        by_seq = {item.seq: item for item in batch}
        now = self.clock()
        answered: list[tuple[_Item, MutationResult, MutationStatus]] = []
        for result in results:
            item = by_seq.get(result.seq)
            if item is None:
                continue  # an answer to something not in this batch: ignore, it is resent if needed
            if result.mutation_id != item.mutation_id:
                raise ProtocolError(f"push: result {result.seq} is for another mutation")
            answered.append((item, result, MutationStatus(result.status)))
        with replica_session(self.engine) as session:
            conn = session.connection()
            fresh = [(i, r, st) for i, r, st in answered if not i.from_journal]
            replayed = [(i, r, st) for i, r, st in answered if i.from_journal]
            for part in local.chunks([i.seq for i, _r, _st in fresh]):
                conn.execute(sa.delete(Outbox).where(col(Outbox.seq).in_(part)))
            if fresh:
                conn.execute(_JOURNAL_UPSERT, [
                    {"seq": i.seq, "mutation_id": i.mutation_id, "entity": i.entity, "entity_id": i.entity_id,
                     "op": i.op, "name": i.name, "payload": i.payload, "base_versions": i.base_versions,
                     "created_at": i.created_at, "acked_at": now, "result": st.value} for i, _r, st in fresh])
            if replayed:
                conn.execute(sa.update(SyncJournal).where(col(SyncJournal.seq) == sa.bindparam("s")).values(
                    result=sa.bindparam("r")), [{"s": i.seq, "r": st.value} for i, _r, st in replayed])
            # A replay the restored ledger now takes back a refusal it gave before: the refusal is gone
            # (dismissing it would otherwise drop a row the ledger holds).
            taken = [i.seq for i, _r, st in replayed if st is not MutationStatus.REJECTED]
            for part in local.chunks(taken):
                conn.execute(sa.delete(SyncRejection).where(col(SyncRejection.seq).in_(part)))
            rejected = [(i, r) for i, r, st in answered if st is MutationStatus.REJECTED]
            if rejected:
                conn.execute(_REJECTION_UPSERT, [
                    {"seq": i.seq, "mutation_id": i.mutation_id, "entity": i.entity, "entity_id": i.entity_id,
                     "op": i.op, "name": i.name, "payload": i.payload, "code": (r.code or "rejected")[:64],
                     "detail": r.detail, "at": now, "dismissed": False} for i, r in rejected])
                for i, r in rejected:
                    log.info("mutation %d rejected: %s", i.seq, r.code)
            self._acknowledge_versions(conn, [(i, r.version) for i, r, st in fresh
                                              if st is not MutationStatus.REJECTED and r.version is not None])
            for entity, entity_id in dict.fromkeys((i.entity, i.entity_id) for i, _r in rejected):
                self._restore_from_shadow(conn, entity, entity_id)
            self._settle_shadows(conn, fresh)
            cutoff = now - timedelta(days=self.journal_days)
            conn.execute(sa.delete(SyncJournal).where(col(SyncJournal.acked_at) < cutoff))
        report.pushed += len(fresh)
        report.replayed += len(replayed)
        report.rejected += len(rejected)
        report.applied += len(answered) - len(rejected)
        report.conflicts += sum(1 for _i, _r, st in answered if st is MutationStatus.CONFLICT)

    def _settle_shadows(self, conn: sa.Connection,
                        answered: Sequence[tuple[_Item, MutationResult, MutationStatus]]) -> None:
        """Show the ledger's state of rows whose queued edits are all answered, where no pull will.

        A shadow is the ledger's state of a row as of our cursor, kept when a pull met the row while
        edits were queued (the edits are shown on top of it). When the answer gives the row a version no
        newer than the shadow's, the ledger did not write the row after that pull: our edit met a
        conflict (theirs stays), lost an lww race, went to an approved plan's amendment, or took effect
        before the pull (its answer was lost). The shadow then holds the ledger's state and no pull
        brings the row again, so it is shown now. A newer version arrives with the next pull.
        """
        newest: dict[tuple[str, str], int] = {}
        for item, result, status in answered:
            if status is not MutationStatus.REJECTED and result.version is not None:
                key = (item.entity, item.entity_id)
                newest[key] = max(newest.get(key, 0), result.version)
        for (entity, entity_id), version in newest.items():
            shadow = local.get_shadow(conn, entity, entity_id)
            if shadow is not None and version <= shadow[1]:
                self._restore_from_shadow(conn, entity, entity_id)

    def _acknowledge_versions(self, conn: sa.Connection, acked: Sequence[tuple[_Item, int]]) -> None:
        """Record the versions the ledger gave our changes, so later edits name the right base.

        Fields without their own entry inherit the row version, so before raising the row version
        they get an explicit entry at the old one: we have not seen other changes to them yet.
        """
        by_entity: dict[str, list[tuple[_Item, int]]] = defaultdict(list)
        for item, version in acked:
            if item.entity in CODECS:
                by_entity[item.entity].append((item, version))
        for entity, items in by_entity.items():
            codec = CODECS[entity]
            table = codec.table
            current: dict[str, tuple[int, dict[str, int]]] = {}
            query = sa.select(table.c.id, table.c.version, table.c.field_versions)
            for part in local.chunks(list({i.entity_id for i, _v in items})):
                for row_id, row_version, fv in conn.execute(query.where(table.c.id.in_(part))):
                    current[row_id] = (int(row_version or 0), dict(fv or {}))
            for item, version in items:  # in seq order: a later ack of the same row builds on the earlier
                if item.entity_id not in current:
                    continue
                old_version, fv = current[item.entity_id]
                if item.op is OutboxOp.CREATE:
                    fv = dict.fromkeys(codec.value_columns, version)
                else:
                    for name in codec.value_columns:
                        fv.setdefault(name, old_version)
                    if item.op is OutboxOp.PATCH:
                        for name in item.payload:
                            if name in fv:
                                fv[name] = version
                current[item.entity_id] = (max(version, old_version), fv)
            if not current:
                # None of these rows is here any more (a pull took them out of our scopes while the
                # answer was on its way): nothing to record. An executemany without rows would fail
                # and roll the whole acknowledgement back, so the answers would never be recorded.
                continue
            conn.execute(
                sa.update(table).where(table.c.id == sa.bindparam("row_id")).values(
                    version=sa.bindparam("new_version"), field_versions=sa.bindparam("new_fv")),
                [{"row_id": row_id, "new_version": v, "new_fv": fv} for row_id, (v, fv) in current.items()])

    def _restore_from_shadow(self, conn: sa.Connection, entity: str, entity_id: str) -> None:
        """After a rejection: with nothing else queued for the row, show the ledger's state again."""
        if (entity, entity_id) in local.pending_keys(conn, [entity_id]):
            return
        shadow = local.get_shadow(conn, entity, entity_id)
        codec = CODECS.get(entity)
        if shadow is None or codec is None:
            return  # without a shadow we do not know the ledger's state; the rejection tells the user
        conn.execute(codec.upsert, [codec.row(shadow[0])])
        local.drop_shadows(conn, entity, [entity_id])
        client_id = search.document_client(entity, entity_id, shadow[0].get("client_id"))
        if client_id:
            search.index_clients(Session(bind=conn), [client_id])

    # -- pull ------------------------------------------------------------------------------------

    def pull(self) -> int:
        with self._exclusive():
            return self._pull(self._token())

    def _pull(self, token: str) -> int:
        with session_scope(self.engine) as session:
            state = self._state(session)
        if state.cursor is None:
            raise NotEnrolled() if state.device_id is None else ProtocolError("pull before bootstrap")
        cursor = state.cursor
        applied = 0
        while True:
            try:
                page = self.transport.pull(token, cursor, self.page_size)
            except RequestRefused as exc:
                if exc.server_code != "pull.cursor_invalid":
                    raise
                # Our cursor is beyond the ledger's head: the ledger was restored from a backup taken
                # before it (a new epoch that this refusal does not name). The cursor means nothing
                # there: forget it, so that the retry asks the status, re-bootstraps and replays.
                self._forget_cursor()
                raise EpochChanged(None, "pull cursor unknown to the ledger") from exc
            if page.epoch != state.epoch:
                raise EpochChanged(page.epoch)
            if page.cursor < cursor:
                raise ProtocolError(f"pull: cursor went back from {cursor} to {page.cursor}")
            if page.changes or page.cursor != cursor:
                applied += self.apply_page(page)
            if not page.has_more:
                return applied
            if page.cursor == cursor and not page.changes:
                raise ProtocolError("pull: has_more without progress")
            cursor = page.cursor

    def _forget_cursor(self) -> None:
        with session_scope(self.engine) as session:
            state = self._state(session)
            state.cursor = None
            self._save_state(session, state)

    def apply_page(self, page: PullResponse) -> int:
        """Apply one pull page and store its cursor in ONE local transaction; returns changes applied."""
        latest: dict[tuple[str, str], Change] = {}
        for change in page.changes:
            if change.entity in CODECS:
                latest[(change.entity, change.id)] = change  # a later change to a row supersedes an earlier
        with replica_session(self.engine) as session:
            conn = session.connection()
            pending = local.pending_keys(conn, [key[1] for key in latest])
            shadows = local.has_shadows(conn)
            touched: set[str] = set()
            puts: dict[str, list[Change]] = defaultdict(list)
            removes: dict[str, list[str]] = defaultdict(list)
            for (entity, entity_id), change in latest.items():
                if change.op is ChangeOp.REMOVE:
                    removes[entity].append(entity_id)
                else:
                    puts[entity].append(change)
            for entity, changes in puts.items():
                self._apply_puts(conn, entity, changes, pending, shadows, touched)
            if removes:
                own_user = (local.get_setting(conn, OWNER_KEY) or {}).get("user_id")
                for entity, ids in removes.items():
                    local.remove_rows(conn, entity, ids, touched, own_user=own_user)
            if touched:
                search.index_clients(session, sorted(touched))
            state = self._state(session)
            state.cursor = max(state.cursor or 0, page.cursor)
            self._save_state(session, state)
        return len(page.changes)

    def _apply_puts(self, conn: sa.Connection, entity: str, changes: Sequence[Change],
                    pending: set[tuple[str, str]], shadows: bool, touched: set[str]) -> None:
        """Write one entity's puts of a page as sets: the rows without queued edits through
        `local.put_rows` (only what differs is written); for those with some, their local rows and
        queued edits read by a few IN queries, the ledger's states kept as shadows and the overlays
        written, each with one executemany. A client's search document is marked for re-indexing
        (``touched``) only when a column it is built from changed."""
        codec = CODECS[entity]
        plain: list[dict[str, Any]] = []
        held: list[tuple[Change, dict[str, Any], dict[str, Any]]] = []
        for change in changes:
            data = dict(change.data or {})
            data.setdefault("id", change.id)
            data.setdefault("version", change.version)
            if (entity, change.id) in pending:
                row = codec.row(data)
                held.append((change, data, row))
                if entity == "client":
                    touched.add(change.id)
                elif entity == "contact" and row.get("client_id"):
                    touched.add(row["client_id"])
            else:
                plain.append(data)
        if held:
            # Queued local edits: keep the ledger's state aside and show ours on top of it.
            ids = [change.id for change, _data, _row in held]
            before = local.local_rows(conn, codec, ids)
            queued = local.pending_for_rows(conn, entity, ids)
            local.write_shadows(conn, entity, [(change.id, data, change.version)
                                               for change, data, _row in held])
            merged = [m for change, _data, row in held
                      if (m := local.overlay(codec, row, before.get(change.id), queued.get(change.id, [])))
                      is not None]
            if merged:
                conn.execute(codec.upsert, merged)
            if entity == "contact":
                touched.update(r["client_id"] for r in before.values() if r.get("client_id"))
        if plain:
            try:
                written = local.put_rows(conn, codec, plain)
            except (KeyError, TypeError, ValueError) as exc:  # e.g. a status this version does not know
                raise ProtocolError(f"pull: a {entity} row does not fit ({exc})") from None
            if entity == "client":
                touched.update(new[codec.id_index] for new, _old, names in written
                               if names & search.CLIENT_DOCUMENT_COLUMNS)
            elif entity == "contact":
                # A contact moved to another client leaves the old client's document stale too.
                at = codec.columns.index("client_id")
                for new, old, names in written:
                    if names & search.CONTACT_DOCUMENT_COLUMNS:
                        touched.update(v[at] for v in (new, old) if v is not None and v[at])
            if shadows:
                local.drop_shadows(conn, entity, [data["id"] for data in plain])

    # -- conflicts and rejections ----------------------------------------------------------------

    def resolve_conflict(self, conflict_id: str, choice: str, value: Any = None) -> None:
        """Queue `conflict.resolve` (mine / theirs / edit with `value`); the ledger applies it."""
        if choice not in CONFLICT_CHOICES:
            raise ValidationError("sync.conflict_choice", field="choice", params={"choice": choice})
        if choice == "edit" and value is None:
            raise ValidationError("sync.conflict_value_missing", field="value")
        with session_scope(self.engine) as session:
            conflict = session.get(Conflict, conflict_id)
            if conflict is None or conflict.deleted:
                raise NotFound("sync.conflict_not_found", params={"id": conflict_id})
            if conflict.resolved:
                raise InvalidTransition("sync.conflict_resolved", params={"id": conflict_id})
            actor = self._actor(session)
            payload: dict[str, Any] = {"choice": choice}
            if choice == "edit":
                payload["value"] = wire_value(value)
            records.command(session, actor, conflict, "conflict.resolve", payload,
                            {"resolved": True, "resolution": choice, "resolved_by": actor.user_id,
                             "resolved_at": self.clock()})

    def retry_rejection(self, seq: int) -> int:
        """Queue a rejected mutation again as a new outbox entry (a new number); returns its seq."""
        from crm.services import sync_view

        with session_scope(self.engine) as session:
            row = sync_view.retry_rejection(session=session, actor=self._actor(session), seq=seq)
            assert row.seq is not None
            return row.seq

    def dismiss_rejection(self, seq: int) -> None:
        """Accept the ledger's refusal: forget it and show the ledger's state of the row again."""
        with replica_session(self.engine) as session:
            rejection = session.get(SyncRejection, seq)
            if rejection is None:
                raise NotFound("sync.rejection_not_found", params={"seq": seq})
            rejection.dismissed = True
            session.add(rejection)
            session.flush()
            conn = session.connection()
            entity, entity_id = rejection.entity, rejection.entity_id
            if OutboxOp(rejection.op) is OutboxOp.CREATE and not local.pending_keys(conn, [entity_id]):
                codec = CODECS.get(entity)
                if codec is not None and local.get_shadow(conn, entity, entity_id) is None:
                    # The ledger never accepted the row: it exists only here.
                    local.remove_rows(conn, rejection.entity, [rejection.entity_id], set())
                    if rejection.entity == "client":
                        search.index_clients(session, [rejection.entity_id])
                    return
            self._restore_from_shadow(conn, rejection.entity, rejection.entity_id)

    # -- status ----------------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        """What the user needs to see, from local state only (no network)."""
        with session_scope(self.engine) as session:
            state = self._state(session)
            token = local.get_setting(session, TOKEN_KEY)
            user = local.get_setting(session, USER_KEY)
            row = session.get(User, user["id"]) if user else None
            if user and row is not None:
                # Pulls keep the User row current (a role change); the enrolment answer may be older.
                user = {**user, "display_name": row.display_name, "role": Role(row.role).value,
                        "branch_id": row.branch_id}
            pending = outbox.pending_count(session=session)
            rejected = int(session.exec(select(func.count()).select_from(SyncRejection).where(
                col(SyncRejection.dismissed).is_(False))).one())
        return SyncStatus(
            enrolled=bool(token), server=state.server_url or self.workspace.settings.server_url,
            epoch=state.epoch, device_id=state.device_id, cursor=state.cursor, pending=pending,
            open_conflicts=self._open_conflicts(), rejected=rejected,
            last_sync_at=_dt(state.last_sync_at), last_attempt_at=_dt(state.last_attempt_at),
            last_error=state.last_error,
            user={k: user.get(k) for k in ("id", "username", "display_name", "branch_id")} if user else None,
            role=user.get("role") if user else None,
        )

    def rejections(self) -> list[SyncRejection]:
        with session_scope(self.engine) as session:
            return list(session.exec(select(SyncRejection).where(col(SyncRejection.dismissed).is_(False))
                                     .order_by(col(SyncRejection.seq))))

    # -- wipe ------------------------------------------------------------------------------------

    def _wipe(self, token: str) -> None:
        """Crypto-erase: the wrapped key, its OS key store pepper and the database files, then tell the
        ledger. Erase first: an acknowledgement must never precede the erasure it confirms."""
        path = Path(self.workspace.path)
        workspace_id = self.workspace.settings.workspace_id
        log.warning("ledger requested a wipe of this device; erasing the workspace")
        self._wiped = True
        self.workspace.close()
        key_file = path / KEY_FILE
        if key_file.exists():
            size = key_file.stat().st_size
            with open(key_file, "r+b") as fh:
                fh.write(os.urandom(max(size, 1)))
                fh.flush()
                os.fsync(fh.fileno())
            key_file.unlink()
        if self.keystore is not None:
            self.keystore.delete(f"workspace:{workspace_id}")
        for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", DB_FILE + "-journal", SETTINGS_FILE):
            (path / name).unlink(missing_ok=True)
        try:
            self.transport.wipe_ack(token)
        except SyncError as exc:
            # The data is gone either way; the ledger keeps asking until some device acknowledges.
            log.warning("wipe acknowledgement failed: %s", exc.code)
        raise WorkspaceWiped()

    # -- plumbing --------------------------------------------------------------------------------

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        if self._wiped:
            raise WorkspaceWiped()
        if not self._lock.acquire(blocking=False):
            raise SyncBusy()
        try:
            yield
        finally:
            self._lock.release()

    def _token(self) -> str:
        with session_scope(self.engine) as session:
            value = local.get_setting(session, TOKEN_KEY)
        if not value or not value.get("token"):
            raise NotEnrolled()
        return str(value["token"])

    @staticmethod
    def _state(session: Session | sa.Connection) -> _State:
        return _State.of(local.get_setting(session, STATE_KEY))

    @staticmethod
    def _save_state(session: Session | sa.Connection, state: _State) -> None:
        local.put_setting(session, STATE_KEY, state.dump())

    def _record_attempt(self, *, error: str | None) -> None:
        try:
            with session_scope(self.engine) as session:
                state = self._state(session)
                now = self.clock().isoformat()
                state.last_attempt_at = now
                state.last_error = error
                if error is None:
                    state.last_sync_at = now
                self._save_state(session, state)
        except Exception:  # bookkeeping must not hide the sync's own outcome
            log.exception("could not record the sync attempt")

    def _store_user(self, session: Session, user: UserInfo) -> None:
        """The signed-in user: a User row (so services can build the Actor) and the workspace owner."""
        info = user.model_dump(mode="json")
        if local.get_setting(session, USER_KEY) == info and session.get(User, user.id) is not None:
            return  # unchanged: no write (and no fsync) on every sync
        local.put_setting(session, USER_KEY, info)
        local.put_setting(session, OWNER_KEY, {"user_id": user.id, "username": user.username})
        self._ensure_own_user(session)

    def _ensure_own_user(self, session: Session) -> None:
        info = local.get_setting(session, USER_KEY)
        if not info:
            return
        table = User.__table__  # type: ignore[attr-defined]
        now = self.clock()
        stmt = sqlite_insert(table).values(
            id=info["id"], username=info["username"], display_name=info["display_name"], role=info["role"],
            branch_id=info["branch_id"], heads_branch_ids=list(info.get("heads_branch_ids") or []),
            version=0, field_versions={}, created_at=now, updated_at=now, deleted=False, title="", phone="",
            email="", active=True)
        # An existing row (from the snapshot) is fuller and versioned: only role facts are refreshed.
        session.connection().execute(stmt.on_conflict_do_update(index_elements=[table.c.id], set_={
            "role": stmt.excluded.role, "branch_id": stmt.excluded.branch_id,
            "heads_branch_ids": stmt.excluded.heads_branch_ids}))

    def _actor(self, session: Session) -> Actor:
        owner = session.get(LocalSetting, OWNER_KEY)
        user = session.get(User, owner.value["user_id"]) if owner and owner.value else None
        if user is None:
            raise NotEnrolled()
        return Actor.of(user)

    def _open_conflicts(self) -> int:
        with session_scope(self.engine) as session:
            owner = local.get_setting(session, OWNER_KEY) or {}
            query = select(func.count()).select_from(Conflict).where(
                col(Conflict.resolved).is_(False), col(Conflict.deleted).is_(False))
            if owner.get("user_id"):
                query = query.where(col(Conflict.user_id) == owner["user_id"])
            return int(session.exec(query).one())


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _wire_row(row: dict[str, Any]) -> dict[str, Any]:
    return {name: wire_value(value) for name, value in row.items()}
