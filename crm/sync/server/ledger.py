"""The ledger's unit of work: seq allocation under the counter lock, change tracking into change_log and
change_scope, and the read side (pull, snapshot, status, conflicts). Qt- and FastAPI-free.

Writing: every writing transaction (`write_tx`) first locks the one counter row (PostgreSQL
``SELECT … FOR UPDATE``; on SQLite the first statement is a write, which takes the database's single
write lock as ``BEGIN IMMEDIATE`` would) and holds it to commit. Seqs are allocated under that lock, so
commit order equals seq order and a reader's snapshot always holds a gap-free prefix of the log.

Row changes are not written to the log by hand: a `before_flush` hook on `LedgerSession` records every
replicated row the unit of work creates or modifies (whoever modifies it: generic mutations, the
services' workflow commands, admin actions), with the values its scope-relevant fields had before. At
the end of each mutation `LedgerTx.finish()` turns those into change_log / change_scope rows (written
once per transaction, or before a merge reads the log), bumps each
row's version and field versions, writes `remove` entries into scopes a row left, and cascades a
client's move between scopes to its children.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, col, func, select

from crm.domain.models import (
    ENTITY_NAMES,
    ENTITY_TYPES,
    Conflict,
    Outbox,
    SyncedTable,
    User,
)
from crm.domain.serialize import to_wire, wire_value
from crm.domain.types import utcnow
from crm.services.context import Actor
from crm.sync.merge import Hlc
from crm.sync.protocol import (
    PULL_PAGE_DEFAULT,
    PULL_PAGE_MAX,
    SNAPSHOT_LAYOUTS,
    Change,
    ChangeOp,
    ConflictInfo,
    PullResponse,
    SnapshotEnd,
    SnapshotHeader,
    StatusResponse,
    UserInfo,
)
from crm.sync.server import scopes, wire_rows
from crm.sync.server.models import COUNTER_ID, ChangeLog, ChangeScope, Device, LedgerMeta

log = logging.getLogger("crm.ledger")

LEDGER_NODE = "ledger"
_NOT_LOGGED = frozenset({"version", "field_versions"})
# Bookkeeping columns: logged with a change but without a field version of their own.
_NO_FIELD_VERSION = frozenset({"id", "version", "field_versions", "created_at", "updated_at"})
_CHANGE_LOG = ChangeLog.__table__  # type: ignore[attr-defined]
_CHANGE_SCOPE = ChangeScope.__table__  # type: ignore[attr-defined]
_META = LedgerMeta.__table__  # type: ignore[attr-defined]


def now_ms(at: datetime | None = None) -> int:
    return int((at or utcnow()).timestamp() * 1000)


# --- who is calling -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceContext:
    """An authenticated device and its user, resolved on the ledger from the token (never from the body)."""

    device_id: str
    actor: Actor
    username: str
    keys: frozenset[str]

    @property
    def user_id(self) -> str:
        return self.actor.user_id

    def user_info(self) -> UserInfo:
        return UserInfo(id=self.actor.user_id, username=self.username, display_name=self.actor.display_name,
                        role=self.actor.role, branch_id=self.actor.branch_id,
                        heads_branch_ids=list(self.actor.heads_branch_ids))


def context_for(user: User, device_id: str) -> DeviceContext:
    actor = Actor.of(user)
    keys = scopes.caller_keys(user_id=user.id, role=actor.role, branch_id=user.branch_id,
                              heads_branch_ids=user.heads_branch_ids)
    return DeviceContext(device_id=device_id, actor=actor, username=user.username, keys=keys)


# --- change tracking ------------------------------------------------------------------------------


class _OldValues:
    """A row seen with the values its fields had before this mutation (for its former scopes)."""

    def __init__(self, obj: Any, old: dict[str, Any]) -> None:
        self._obj = obj
        self._old = old

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_"):
            return object.__getattribute__(self, name)
        old = object.__getattribute__(self, "_old")
        if name in old:
            return old[name]
        return getattr(object.__getattribute__(self, "_obj"), name)


@dataclass
class Touched:
    entity: str
    obj: SyncedTable
    created: bool
    fields: set[str] = field(default_factory=set)
    old: dict[str, Any] = field(default_factory=dict)
    old_keys: frozenset[str] = frozenset()


class Tracker:
    """Rows created or modified in the current mutation, in first-touch order."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.touched: dict[tuple[str, str], Touched] = {}
        self.paused = False
        self.outbox_used = False
        self.old_resolver = scopes.KeyResolver(session)

    def reset(self) -> None:
        self.touched.clear()
        self.outbox_used = False
        self.old_resolver = scopes.KeyResolver(self.session)

    def observe(self, session: Session) -> None:
        if self.paused:
            return
        for obj in list(session.new):
            if isinstance(obj, Outbox):
                self.outbox_used = True
            elif isinstance(obj, SyncedTable) and type(obj) in ENTITY_NAMES:
                key = (ENTITY_NAMES[type(obj)], obj.id)
                if key not in self.touched:
                    self.touched[key] = Touched(key[0], obj, created=True)
        for obj in list(session.dirty):
            if not (isinstance(obj, SyncedTable) and type(obj) in ENTITY_NAMES):
                continue
            if not session.is_modified(obj, include_collections=False):
                continue
            self._touch_dirty(ENTITY_NAMES[type(obj)], obj)

    def _touch_dirty(self, entity: str, obj: SyncedTable) -> None:
        state = sa.inspect(obj)
        changed: dict[str, Any] = {}
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            if hist.has_changes():
                changed[attr.key] = hist.deleted[0] if hist.deleted else hist.unchanged[0] if hist.unchanged \
                    else None
        key = (entity, obj.id)
        touched = self.touched.get(key)
        if touched is None:
            touched = Touched(entity, obj, created=False)
            # Old values are those before the first change in this mutation.
            touched.old = dict(changed)
            touched.old_keys = scopes.row_keys(entity, _OldValues(obj, touched.old), self.old_resolver)
            self.touched[key] = touched
            if entity in ("client", "proposal", "plan"):
                # Children touched later in this mutation must see their parent's former scopes.
                self.old_resolver.overrides[(entity, obj.id)] = touched.old_keys
            elif entity == "user":
                self.old_resolver.overrides[("user_branch", obj.id)] = touched.old.get(  # type: ignore[assignment]
                    "branch_id", obj.branch_id)  # type: ignore[attr-defined]
        else:
            for name, value in changed.items():
                touched.old.setdefault(name, value)
        if not touched.created:
            touched.fields.update(changed)


class LedgerSession(Session):
    """A Session whose flushes are observed by the ledger's tracker (see module docstring)."""


@event.listens_for(LedgerSession, "before_flush")
def _observe(session: Session, _ctx: Any, _instances: Any) -> None:
    tracker: Tracker | None = session.info.get("tracker")
    if tracker is not None:
        tracker.observe(session)


@dataclass
class Attribution:
    actor_user: str | None = None
    actor_device: str | None = None
    mutation_id: str | None = None
    hlc: Hlc = field(default_factory=lambda: Hlc(now_ms(), 0, LEDGER_NODE))


class LedgerTx:
    """One writing transaction holding the counter lock."""

    def __init__(self, session: LedgerSession, head: int, epoch: str) -> None:
        self.session = session
        self.head = head
        self.epoch = epoch
        self.tracker = Tracker(session)
        session.info["tracker"] = self.tracker
        self.who = Attribution()
        self._log: list[dict[str, Any]] = []
        self._scope: list[dict[str, Any]] = []
        # Log rows are written once per transaction (or before the log is read), not once per mutation.
        # `_mark`: how many pending rows came before the current mutation; `_resend`: rows of earlier
        # mutations written inside the current mutation's savepoint (lost if it rolls back).
        self._mark = (0, 0)
        self._resend: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
        self._notes: dict[tuple[str, str], dict[str, Any]] = {}

    # seqs and attribution

    def next_seq(self) -> int:
        self.head += 1
        return self.head

    def begin(self, who: Attribution) -> None:
        self.who = who
        self.tracker.reset()
        self._notes.clear()
        self._mark = (len(self._log), len(self._scope))
        self._resend = ([], [])

    def annotate(self, entity: str, entity_id: str, extra: dict[str, Any]) -> None:
        """Extra keys for the row's next change-log entry (the device's intent where a merge differed)."""
        self._notes.setdefault((entity, entity_id), {}).update(extra)

    # writing the log

    def _write(self, seq: int, entity: str, entity_id: str, op: str, version: int,
               changed: dict[str, Any], keys: frozenset[str]) -> None:
        self._log.append({
            "seq": seq, "entity": entity, "entity_id": entity_id, "op": op, "version": version,
            "changed_fields": changed, "actor_user": self.who.actor_user,
            "actor_device": self.who.actor_device,
            "mutation_id": self.who.mutation_id, "server_ts": utcnow(), "hlc": self.who.hlc.pack(),
        })
        self._scope.extend({"scope_key": k, "seq": seq} for k in sorted(keys))

    def _move(self, entity: str, obj: SyncedTable, old_keys: frozenset[str],
              new_keys: frozenset[str]) -> None:
        """A row whose data did not change left some scopes (remove) and is put into its current ones.

        The put follows any remove, even when the row entered no new scope: a caller who held the row
        through a scope it left and still sees it through another (a branch head when a client moves
        from their own book back to an RM's) must end on the put, not on the remove.
        """
        gone = old_keys - new_keys
        if gone:
            self._write(self.next_seq(), entity, obj.id, ChangeOp.REMOVE.value, obj.version, {}, gone)
        if new_keys and (gone or new_keys - old_keys):
            self._write(self.next_seq(), entity, obj.id, ChangeOp.PUT.value, obj.version, {}, new_keys)

    def finish(self) -> list[Touched]:
        """Log every row the mutation touched; bump versions; cascade scope moves. Returns the touched rows.

        Works before the final flush where it can, so a new or patched row is written once, version
        included (one INSERT / UPDATE rather than two).
        """
        session = self.session
        tracker = self.tracker
        tracker.observe(session)  # changes not flushed yet
        tracker.paused = True
        try:
            done = list(tracker.touched.values())
            resolver = scopes.KeyResolver(session)
            for t in done:
                # Parents created in this mutation are not in the identity map until flushed.
                if t.created and t.entity in ("client", "proposal", "plan"):
                    resolver.overrides[(t.entity, t.obj.id)] = scopes.row_keys(t.entity, t.obj, resolver)
            for t in done:
                obj = t.obj
                new_keys = scopes.row_keys(t.entity, obj, resolver)
                if not t.created:
                    if not (t.fields - _NOT_LOGGED - {"updated_at"}):
                        # No logged change of its own: at most a move between scopes.
                        self._move(t.entity, obj, t.old_keys, new_keys)
                        continue
                    gone = t.old_keys - new_keys
                    if gone:
                        # Before the put: a caller in both old and new scopes ends on the put.
                        self._write(self.next_seq(), t.entity, obj.id, ChangeOp.REMOVE.value, obj.version, {},
                                    gone)
                seq = self.next_seq()
                obj.version = seq
                if t.created:
                    obj.field_versions = {}
                    changed = to_wire(obj)
                else:
                    names = sorted(t.fields - _NOT_LOGGED)
                    fv = dict(obj.field_versions or {})
                    fv.update({n: seq for n in names if n not in _NO_FIELD_VERSION})
                    obj.field_versions = fv
                    changed = {n: wire_value(getattr(obj, n)) for n in names}
                changed.update(self._notes.get((t.entity, obj.id), {}))
                self._write(seq, t.entity, obj.id, ChangeOp.PUT.value, seq, changed, new_keys)
                if not t.created and t.old_keys != new_keys and t.entity in ("client", "proposal"):
                    self._cascade(t, new_keys, {(d.entity, d.obj.id) for d in done})
            session.flush()
            if tracker.outbox_used:
                # Services queue outbox rows for a laptop's push; on the ledger they mean nothing.
                session.execute(sa.delete(Outbox))
            # The log rows wait for the transaction's end (or the next read of the log): one insert
            # per push chunk instead of two per mutation.
        finally:
            tracker.paused = False
            tracker.reset()
            self._notes.clear()
        return done

    def _cascade(self, parent: Touched, new_keys: frozenset[str], skip: set[tuple[str, str]]) -> None:
        """A client (or proposal) moved between scopes: so do its children, data unchanged."""
        session = self.session
        old_res = scopes.KeyResolver(session)
        old_res.overrides[(parent.entity, parent.obj.id)] = parent.old_keys
        new_res = scopes.KeyResolver(session)
        new_res.overrides[(parent.entity, parent.obj.id)] = new_keys
        children = scopes.CLIENT_CHILDREN if parent.entity == "client" else scopes.PROPOSAL_CHILDREN
        link = "client_id" if parent.entity == "client" else "proposal_id"
        for entity in children:
            model: Any = ENTITY_TYPES[entity]
            for child in session.exec(select(model).where(getattr(model, link) == parent.obj.id)
                                      .order_by(col(model.id))):
                if (entity, child.id) in skip:
                    continue
                old = scopes.row_keys(entity, child, old_res)
                new = scopes.row_keys(entity, child, new_res)
                if old != new:
                    self._move(entity, child, old, new)
                if entity == "proposal" and old != new:
                    self._cascade(Touched("proposal", child, False, old_keys=old), new, skip)

    def flush_log(self) -> None:
        """Write the pending change_log / change_scope rows (call before reading the log)."""
        if self._log:
            self.session.execute(_CHANGE_LOG.insert(), self._log)
            if self._scope:
                self.session.execute(_CHANGE_SCOPE.insert(), self._scope)
            self._resend[0].extend(self._log[:self._mark[0]])
            self._resend[1].extend(self._scope[:self._mark[1]])
        self._log, self._scope = [], []
        self._mark = (0, 0)

    def discard(self, head: int) -> None:
        """A mutation's savepoint rolled back: forget its log rows and seqs, keep earlier mutations' rows."""
        self._log = self._resend[0] + self._log[:self._mark[0]]
        self._scope = self._resend[1] + self._scope[:self._mark[1]]
        self._mark = (len(self._log), len(self._scope))
        self._resend = ([], [])
        self.head = head
        self.tracker.reset()
        self._notes.clear()


def _lock_counter(session: Session) -> tuple[int, str]:
    if session.get_bind().dialect.name == "sqlite":
        # A write as the first statement takes SQLite's one write lock now (as BEGIN IMMEDIATE would),
        # waiting up to busy_timeout, instead of failing later when a read transaction tries to upgrade.
        session.execute(sa.text("UPDATE ledger_meta SET head = head WHERE id = :id"), {"id": COUNTER_ID})
        row = session.execute(sa.select(_META.c.head, _META.c.epoch).where(_META.c.id == COUNTER_ID)).one()
    else:
        row = session.execute(sa.select(_META.c.head, _META.c.epoch).where(_META.c.id == COUNTER_ID)
                              .with_for_update()).one()
    return int(row.head), str(row.epoch)


@contextmanager
def write_tx(engine: sa.Engine) -> Iterator[LedgerTx]:
    """A writing unit of work holding the counter lock until commit (see module docstring)."""
    session = LedgerSession(engine, expire_on_commit=False)
    try:
        head, epoch = _lock_counter(session)
        tx = LedgerTx(session, head, epoch)
        yield tx
        if tx.tracker.touched:
            tx.finish()
        tx.flush_log()
        if tx.head != head:
            session.execute(_META.update().where(_META.c.id == COUNTER_ID).values(head=tx.head))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop("tracker", None)
        session.close()


@contextmanager
def read_session(engine: sa.Engine) -> Iterator[Session]:
    """A consistent read: REPEATABLE READ on PostgreSQL; on SQLite (WAL) a read transaction is a snapshot."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
            yield session


def ledger_state(session: Session) -> tuple[int, str]:
    row = session.execute(sa.select(_META.c.head, _META.c.epoch).where(_META.c.id == COUNTER_ID)).one()
    return int(row.head), str(row.epoch)


# --- pull -----------------------------------------------------------------------------------------


def pull(engine: sa.Engine, ctx: DeviceContext, cursor: int, limit: int = PULL_PAGE_DEFAULT) -> PullResponse:
    """Current states of rows changed in the caller's scopes after ``cursor``, read in one snapshot.

    The page holds the first ``limit`` changed seqs after the cursor (up to the checkpoint), deduplicated
    per row (the latest entry wins). A put of a row that is no longer visible to the caller is skipped:
    its `remove` comes later. The returned cursor is the last seq covered.
    """
    from crm.domain.errors import ValidationError

    limit = max(1, min(int(limit), PULL_PAGE_MAX))
    keys = sorted(ctx.keys)
    with read_session(engine) as session:
        checkpoint, epoch = ledger_state(session)
        if cursor < 0 or cursor > checkpoint:
            raise ValidationError("pull.cursor_invalid", field="cursor",
                                  params={"cursor": cursor, "checkpoint": checkpoint})
        page = (sa.select(_CHANGE_SCOPE.c.seq).where(_CHANGE_SCOPE.c.scope_key.in_(keys),
                                                     _CHANGE_SCOPE.c.seq > cursor,
                                                     _CHANGE_SCOPE.c.seq <= checkpoint)
                .distinct().order_by(_CHANGE_SCOPE.c.seq).limit(limit).subquery())
        entries = session.execute(
            sa.select(_CHANGE_LOG.c.seq, _CHANGE_LOG.c.entity, _CHANGE_LOG.c.entity_id, _CHANGE_LOG.c.op,
                      _CHANGE_LOG.c.version)
            .join(page, page.c.seq == _CHANGE_LOG.c.seq).order_by(_CHANGE_LOG.c.seq)
        ).all()
        full = len(entries) >= limit
        end = entries[-1].seq if full else checkpoint
        latest: dict[tuple[str, str], Any] = {}
        for entry in entries:
            latest.pop((entry.entity, entry.entity_id), None)  # re-insert: keeps seq order of latest entries
            latest[(entry.entity, entry.entity_id)] = entry
        wanted: dict[str, list[str]] = {}
        for (entity, entity_id), entry in latest.items():
            if entry.op == ChangeOp.PUT.value:
                wanted.setdefault(entity, []).append(entity_id)
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for entity, ids in wanted.items():
            for data in _visible_rows(session, entity, ids, keys):
                rows[(entity, data["id"])] = data
        changes: list[Change] = []
        for (entity, entity_id), entry in latest.items():
            if entry.op == ChangeOp.REMOVE.value:
                changes.append(Change(seq=entry.seq, entity=entity, id=entity_id, op=ChangeOp.REMOVE,
                                      version=entry.version))
                continue
            current = rows.get((entity, entity_id))
            if current is None:
                continue  # no longer in the caller's scopes: a remove follows
            changes.append(Change(seq=entry.seq, entity=entity, id=entity_id, op=ChangeOp.PUT,
                                  version=int(current.get("version") or 0), data=current))
        return PullResponse(epoch=epoch, changes=changes, cursor=end, checkpoint=checkpoint,
                            has_more=end < checkpoint)


def _visible_rows(session: Session, entity: str, ids: list[str], keys: list[str]) -> Iterator[dict[str, Any]]:
    conn = session.connection()
    codec = wire_rows.codec_for(entity, conn.dialect, json_fragments=False)
    table = codec.table
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in conn.execute(codec.select().where(table.c.id.in_(chunk), scopes.visible(entity, keys))):
            yield codec.data(row)


# --- snapshot -------------------------------------------------------------------------------------


def snapshot_ndjson(engine: sa.Engine, ctx: DeviceContext, *, batch: int = 2000,
                    layout: str = "row") -> Generator[bytes, None, None]:
    """A bootstrap of the caller's scopes as NDJSON: a header line, the live rows, an end line.

    Yields chunks of whole lines (about ``batch`` rows each). One consistent read (REPEATABLE READ on
    PostgreSQL) for the whole stream, so the header's checkpoint matches the rows exactly; rows stream from
    a server-side cursor, entity by entity, parents first. Layout "row": one line per row through per-table
    converters (`crm.sync.server.wire_rows`) and orjson, the same wire values as a pull's. Layout "batch":
    one `SnapshotBatch` line per ``batch`` rows, values as the laptop stores them; on SQLite the driver's
    row tuples go to orjson as they are. Rows seeded without a change-log entry (version 0,
    `crm admin seed-demo`) are included like any other.
    """
    if layout not in SNAPSHOT_LAYOUTS:
        raise ValueError(f"unknown snapshot layout {layout!r}")
    keys = sorted(ctx.keys)
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            head = conn.execute(sa.select(_META.c.head, _META.c.epoch).where(_META.c.id == COUNTER_ID)).one()
            header = SnapshotHeader(epoch=str(head.epoch), checkpoint=int(head.head), scopes=keys)
            yield orjson.dumps(header.model_dump(mode="json")) + b"\n"
            count = 0
            for entity in scopes.SNAPSHOT_ORDER:
                codec: wire_rows.BatchCodec | wire_rows.TableCodec
                if layout == "batch":
                    codec = wire_rows.batch_codec_for(entity, conn.dialect)
                else:
                    codec = wire_rows.codec_for(entity, conn.dialect, json_fragments=True)
                table = codec.table
                stmt = (codec.select().where(table.c.deleted.is_(False), scopes.visible(entity, keys))
                        .order_by(table.c.id))
                if isinstance(codec, wire_rows.BatchCodec):
                    for rows in _driver_batches(conn, stmt, batch, raw=codec.passthrough):
                        count += len(rows)
                        yield codec.line(rows)
                    continue
                for rows in conn.execution_options(yield_per=batch).execute(stmt).partitions():
                    count += len(rows)
                    yield codec.lines(rows)
            yield orjson.dumps(SnapshotEnd(rows=count).model_dump(mode="json")) + b"\n"


def _driver_batches(conn: sa.Connection, stmt: sa.Select[Any], size: int, *,
                    raw: bool) -> Iterator[Sequence[Any]]:
    """The rows of ``stmt`` in lists of ``size``. ``raw`` on SQLite: the driver's own tuples, fetched from
    its cursor (which reads lazily), without SQLAlchemy's per-row work; otherwise SQLAlchemy rows from a
    server-side cursor."""
    if raw and conn.dialect.name == "sqlite":
        result = conn.execute(stmt)
        try:
            cursor = result.cursor
            while rows := cursor.fetchmany(size):
                yield rows
        finally:
            result.close()
        return
    yield from conn.execution_options(yield_per=size).execute(stmt).partitions()


def snapshot(engine: sa.Engine, ctx: DeviceContext, *, batch: int = 2000,
             layout: str = "row") -> Iterator[dict[str, Any]]:
    """`snapshot_ndjson` parsed: header, one dict per line, end."""
    chunks = snapshot_ndjson(engine, ctx, batch=batch, layout=layout)
    try:
        for chunk in chunks:
            for line in chunk.splitlines():
                yield orjson.loads(line)
    finally:
        chunks.close()  # releases the read transaction if the caller stops early


# --- status and conflicts -------------------------------------------------------------------------


def status(engine: sa.Engine, ctx: DeviceContext) -> StatusResponse:
    with read_session(engine) as session:
        head, epoch = ledger_state(session)
        device = session.get(Device, ctx.device_id)
        open_conflicts = session.exec(
            select(func.count()).select_from(Conflict).where(col(Conflict.user_id) == ctx.user_id,
                                                             col(Conflict.resolved).is_(False),
                                                             col(Conflict.deleted).is_(False))
        ).one()
        return StatusResponse(
            epoch=epoch, server_time=utcnow(), user=ctx.user_info(), device_id=ctx.device_id,
            last_applied_seq=device.last_applied_seq if device else 0, head_seq=head,
            wipe_requested=bool(device and device.wipe_requested), open_conflicts=int(open_conflicts))


def open_conflicts(engine: sa.Engine, ctx: DeviceContext) -> list[ConflictInfo]:
    """Unresolved conflicts the caller can see: their own, and for a branch head those of their staff."""
    with read_session(engine) as session:
        stmt = (select(Conflict).where(scopes.visible("conflict", ctx.keys),
                                       col(Conflict.resolved).is_(False), col(Conflict.deleted).is_(False))
                .order_by(col(Conflict.created_at), col(Conflict.id)))
        return [conflict_info(c) for c in session.exec(stmt)]


def conflict_info(c: Conflict) -> ConflictInfo:
    return ConflictInfo(id=c.id, entity=c.entity, entity_id=c.entity_id, field=c.field,
                        base_value=c.base_value, mine_value=c.mine_value, theirs_value=c.theirs_value,
                        user_id=c.user_id, mutation_id=c.mutation_id, created_at=c.created_at,
                        version=c.version)
