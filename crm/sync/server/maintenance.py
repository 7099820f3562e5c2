"""Nightly ledger maintenance: compact the change log and drop old tombstones; never the audit trail.

What is kept and why (history younger than the retention period is never changed):

Pulls (`ledger.pull`) page through ``change_scope`` rows of the caller's scopes after its cursor and, per
row, send the row's CURRENT state for its latest entry (a put) or a remove. So within one scope an older
entry of a row followed by a newer one of the same row is redundant: a device behind both gets the newer
one and ends in the same state (a put sends today's data whatever the older put was; a remove after a
put removes; a put after a remove restores). A device that already passed the older entry never reads
it again. Hence step 1 deletes, among entries older than the horizon, every ``change_scope`` row that
has a newer row for the same record in the SAME scope. It is per scope, not per record: after a
reassignment the old scope's last word is the `remove`, the new scope's the `put`, and each caller keeps
the last entry of each of its scopes — whose newest one is what the uncompacted log would have given
it, since every entry lives in at least one scope. The cursor arithmetic stays exact because a
``change_log`` row is only ever deleted when no ``change_scope`` row points to it (a page's count of
seqs equals its count of log entries), seqs are never renumbered and the head never moves.

Merges (`mutations._log_bases`, `_base_value`, `_changed_by_others`) read the older ``change_log``
entries of a row to find the base of a device's edit and who changed a field since. Step 2 therefore
does not drop history blindly: an old put entry loses only the fields that a later put of the same row
changed again (the value of a field at a base older than the horizon is then unknown, which the merge
treats conservatively: a queued conflict, never a silent overwrite), the latest put of each device per
row is kept (so "changed by someone else since" stays exact), and an entry is deleted only when no
field is left and no scope points to it.

Tombstones (step 3): a row deleted (``deleted = true``) before the horizon, with no change since and no
row referring to it, is removed from its table. Its remaining log entries become `remove` entries, so a
device that still had the row (its cursor older than the tombstone) removes it on its next pull, and
its other entries go. Devices offline for longer than the retention period lose nothing they may see,
but edits they queued against records deleted meanwhile are refused (``record.not_found``).

The audit trail (``auditevent``), devices, push results, credentials and the meta row are not touched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from crm.db.engine import session_scope
from crm.domain.models import ENTITY_TYPES
from crm.domain.types import utcnow
from crm.sync.protocol import ChangeOp
from crm.sync.server.models import ChangeLog, ChangeScope

log = logging.getLogger("crm.ledger.maintenance")

RETENTION_DAYS = 180
#: Merge notes (the device's intent where the ledger wrote something else), see mutations.MINE_KEY.
MINE_KEY = "_mine"
#: Columns of a create entry that no later put repeats; they carry nothing a merge reads.
_BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "version", "field_versions"})
_BATCH = 500
#: Postgres advisory lock id: two server processes never compact at once.
_LOCK_ID = 0x43524D_4C45444752  # "CRM" "LEDGR"
JOB_ID = "ledger-compaction"

_LOG = ChangeLog.__table__  # type: ignore[attr-defined]
_SCOPE = ChangeScope.__table__  # type: ignore[attr-defined]


@dataclass
class CompactionReport:
    horizon_seq: int | None  # entries up to this seq were older than the retention period
    scope_entries_dropped: int = 0
    log_entries_trimmed: int = 0
    log_entries_dropped: int = 0
    tombstones_dropped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: bool = False  # another process was compacting

    @property
    def tombstones(self) -> int:
        return sum(self.tombstones_dropped.values())


def horizon_seq(session: Session, cutoff: datetime) -> int | None:
    """The newest seq written before ``cutoff`` (seqs follow commit order, so older ones are too)."""
    return session.execute(sa.select(sa.func.max(_LOG.c.seq)).where(_LOG.c.server_ts < cutoff)).scalar()


def compact_change_log(session: Session, now: datetime,
                       retention_days: int = RETENTION_DAYS) -> CompactionReport:
    """Compact entries older than ``retention_days`` and drop tombstones as old (see the module docstring).

    Flushes, never commits: the caller's transaction makes it all or nothing.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    started = time.perf_counter()
    cutoff = now - timedelta(days=retention_days)
    horizon = horizon_seq(session, cutoff)
    report = CompactionReport(horizon_seq=horizon)
    if horizon is None:
        return report
    report.scope_entries_dropped = _drop_superseded_scopes(session, horizon)
    trimmed, dropped = _trim_history(session, horizon)
    report.log_entries_trimmed = trimmed
    report.log_entries_dropped = dropped
    for entity, count in _drop_tombstones(session, horizon, cutoff).items():
        report.tombstones_dropped[entity] = count
    report.log_entries_dropped += _drop_orphan_removes(session, horizon)
    report.seconds = time.perf_counter() - started
    log.info("change log compacted up to seq %d: %d scope entries and %d log entries dropped, %d trimmed, "
             "%d tombstones dropped in %.1f s", horizon, report.scope_entries_dropped,
             report.log_entries_dropped, report.log_entries_trimmed, report.tombstones, report.seconds)
    return report


# --- step 1: the pull index ------------------------------------------------------------------------


def _drop_superseded_scopes(session: Session, horizon: int) -> int:
    """Delete old change_scope rows with a newer row of the same record in the same scope."""
    s, lg = _SCOPE.alias("s"), _LOG.alias("l")
    latest = (
        sa.select(s.c.scope_key, lg.c.entity, lg.c.entity_id, sa.func.max(s.c.seq).label("top"))
        .join(lg, lg.c.seq == s.c.seq)
        .group_by(s.c.scope_key, lg.c.entity, lg.c.entity_id)
        .having(sa.and_(sa.func.count() > 1, sa.func.min(s.c.seq) <= horizon))
        .subquery("latest")
    )
    s2, l2 = _SCOPE.alias("s2"), _LOG.alias("l2")
    doomed = (
        sa.select(s2.c.scope_key, s2.c.seq)
        .join(l2, l2.c.seq == s2.c.seq)
        .join(latest, sa.and_(latest.c.scope_key == s2.c.scope_key, latest.c.entity == l2.c.entity,
                              latest.c.entity_id == l2.c.entity_id))
        .where(s2.c.seq < latest.c.top, s2.c.seq <= horizon)
    )
    pairs = [(row.scope_key, row.seq) for row in session.execute(doomed)]
    for part in _chunks(pairs):
        session.execute(sa.delete(_SCOPE).where(sa.tuple_(_SCOPE.c.scope_key, _SCOPE.c.seq).in_(part)))
    return len(pairs)


# --- step 2: merge history -------------------------------------------------------------------------


def _referenced(session: Session, seqs: Sequence[int]) -> set[int]:
    out: set[int] = set()
    for part in _chunks(list(seqs)):
        out.update(session.execute(sa.select(_SCOPE.c.seq).where(_SCOPE.c.seq.in_(part)).distinct()).scalars())
    return out


def _trim_history(session: Session, horizon: int) -> tuple[int, int]:
    """Strip fields changed again later from old put entries; delete those left empty and unreferenced."""
    rows = session.execute(
        sa.select(_LOG.c.entity, _LOG.c.entity_id).where(_LOG.c.op == ChangeOp.PUT.value)
        .group_by(_LOG.c.entity, _LOG.c.entity_id)
        .having(sa.and_(sa.func.count() > 1, sa.func.min(_LOG.c.seq) <= horizon))
    ).all()
    trimmed = dropped = 0
    for part in _chunks([(r.entity, r.entity_id) for r in rows], _BATCH):
        entries = session.execute(
            sa.select(_LOG.c.seq, _LOG.c.entity, _LOG.c.entity_id, _LOG.c.actor_device, _LOG.c.changed_fields)
            .where(sa.tuple_(_LOG.c.entity, _LOG.c.entity_id).in_(part), _LOG.c.op == ChangeOp.PUT.value)
            .order_by(_LOG.c.entity, _LOG.c.entity_id, _LOG.c.seq.desc())
        ).all()
        updates: list[dict[str, Any]] = []
        empty: list[int] = []
        later: set[str] = set()
        devices: set[str | None] = set()
        current: tuple[str, str] | None = None
        for e in entries:  # newest first within each record
            if (e.entity, e.entity_id) != current:
                current, later, devices = (e.entity, e.entity_id), set(), set()
            changed = e.changed_fields if isinstance(e.changed_fields, dict) else {}
            last_of_device = e.actor_device not in devices
            devices.add(e.actor_device)
            fields = {k for k in changed if k != MINE_KEY}
            if e.seq <= horizon:
                kept = {k: v for k, v in changed.items() if k != MINE_KEY and k not in later}
                raw_mine = changed.get(MINE_KEY)
                mine: dict[str, Any] = raw_mine if isinstance(raw_mine, dict) else {}
                kept_mine = {k: v for k, v in mine.items() if k not in later}
                if kept_mine:
                    kept[MINE_KEY] = kept_mine
                if not (set(kept) - _BOOKKEEPING) and not last_of_device:
                    empty.append(e.seq)
                elif kept != changed:
                    updates.append({"k_seq": e.seq, "k_changed": kept})
            later |= fields
        if empty:
            referenced = _referenced(session, empty)
            for seq in empty:
                if seq in referenced:
                    updates.append({"k_seq": seq, "k_changed": {}})
            gone = [seq for seq in empty if seq not in referenced]
            for chunk in _chunks(gone):
                session.execute(sa.delete(_LOG).where(_LOG.c.seq.in_(chunk)))
            dropped += len(gone)
        if updates:
            stmt = _LOG.update().where(_LOG.c.seq == sa.bindparam("k_seq")).values(
                changed_fields=sa.bindparam("k_changed", type_=_LOG.c.changed_fields.type))
            session.execute(stmt, updates)
            trimmed += len(updates)
    return trimmed, dropped


def _drop_orphan_removes(session: Session, horizon: int) -> int:
    """Old `remove` entries no scope points to any more carry nothing (merges read puts only)."""
    orphans = sa.select(_LOG.c.seq).where(
        _LOG.c.seq <= horizon, _LOG.c.op == ChangeOp.REMOVE.value,
        ~sa.exists().where(_SCOPE.c.seq == _LOG.c.seq))
    seqs = list(session.execute(orphans).scalars())
    for part in _chunks(seqs):
        session.execute(sa.delete(_LOG).where(_LOG.c.seq.in_(part)))
    return len(seqs)


# --- step 3: tombstones ----------------------------------------------------------------------------


def _referrers(table: sa.Table, present: set[str]) -> list[tuple[sa.Table, sa.Column[Any]]]:
    """(table, column) pairs holding a foreign key to ``table``."""
    out = []
    for other in SQLModel.metadata.sorted_tables:
        if other.name not in present:
            continue
        for fk in other.foreign_keys:
            if fk.column.table.name == table.name:
                out.append((other, fk.parent))
    return out


def _drop_tombstones(session: Session, horizon: int, cutoff: datetime) -> dict[str, int]:
    present = set(sa.inspect(session.connection()).get_table_names())
    names = {cls.__table__.name: entity for entity, cls in ENTITY_TYPES.items()}  # type: ignore[attr-defined]
    dropped: dict[str, int] = {}
    # Children first, so a parent whose children go in the same run can go too.
    for table in reversed(SQLModel.metadata.sorted_tables):
        entity = names.get(table.name)
        if entity is None or table.name not in present:
            continue
        conditions = [table.c.deleted.is_(True), table.c.updated_at < cutoff,
                      ~sa.exists().where(_LOG.c.entity == entity, _LOG.c.entity_id == table.c.id,
                                         _LOG.c.seq > horizon)]
        for other, column in _referrers(table, present):
            ref = other.alias(f"ref_{other.name}")
            conditions.append(~sa.exists().where(ref.c[column.name] == table.c.id))
        ids = list(session.execute(sa.select(table.c.id).where(*conditions)).scalars())
        if not ids:
            continue
        for part in _chunks(ids):
            _retire_entries(session, entity, part)
            session.execute(sa.delete(table).where(table.c.id.in_(part)))
        dropped[entity] = len(ids)
    return dropped


def _retire_entries(session: Session, entity: str, ids: Sequence[str]) -> None:
    """A dropped row's referenced entries become removes; the rest of its history goes."""
    of_rows = sa.and_(_LOG.c.entity == entity, _LOG.c.entity_id.in_(ids))
    referenced = sa.exists().where(_SCOPE.c.seq == _LOG.c.seq)
    session.execute(_LOG.update().where(of_rows, referenced)
                    .values(op=ChangeOp.REMOVE.value, changed_fields={}))
    session.execute(sa.delete(_LOG).where(of_rows, ~referenced))


def _chunks(items: Sequence[Any], size: int = _BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


# --- the nightly job -------------------------------------------------------------------------------


def run_maintenance(engine: sa.Engine, *, now: datetime | None = None,
                    retention_days: int = RETENTION_DAYS) -> CompactionReport:
    """One compaction in one transaction; on PostgreSQL skipped if another server process is at it."""
    with session_scope(engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            got = session.execute(sa.text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": _LOCK_ID}).scalar()
            if not got:
                log.info("change log compaction already running elsewhere; skipped")
                return CompactionReport(horizon_seq=None, skipped=True)
        return compact_change_log(session, now or utcnow(), retention_days)


def _nightly(engine: sa.Engine, retention_days: int) -> None:
    try:
        run_maintenance(engine, retention_days=retention_days)
    except Exception:  # logged; tomorrow night tries again
        log.exception("change log compaction failed")


def start_maintenance(engine: sa.Engine, *, hour: int = 2, minute: int = 30,
                      retention_days: int = RETENTION_DAYS, timezone: Any = None) -> Any:
    """Start the nightly compaction (APScheduler, background thread) and return the scheduler; call its
    ``shutdown()`` when the server stops. ``timezone`` defaults to China time (UTC+8)."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger

    from crm.services.complaints import CHINA_TZ

    tz = timezone or CHINA_TZ
    scheduler = BackgroundScheduler(timezone=tz)
    scheduler.add_job(_nightly, CronTrigger(hour=hour, minute=minute, timezone=tz),
                      args=[engine, retention_days], id=JOB_ID, coalesce=True, max_instances=1,
                      misfire_grace_time=6 * 3600)
    scheduler.start()
    return scheduler
