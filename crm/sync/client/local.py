"""The local side of sync: typed rows from wire data, bulk and page writes, pending-edit overlays, cascades.

Everything here runs inside a caller's transaction on a connection whose foreign-key enforcement is
off (see `replica_connection`): the laptop holds a partial replica, so a row may legitimately point at
a user or product outside the caller's scopes, and snapshot lines arrive in no particular order. The
ledger already enforced integrity; local edits still run with foreign keys on.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import partial
from operator import is_not, itemgetter
from typing import Any

import orjson
import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from crm.domain.enums import OutboxOp
from crm.domain.models import (
    ENTITY_TYPES,
    Contact,
    LocalSetting,
    Outbox,
    ServerShadow,
    SyncedTable,
)
from crm.domain.types import EnumText, UTCDateTime

#: Bookkeeping columns: never part of a user's pending edit.
META = frozenset({"id", "version", "field_versions", "created_at", "updated_at", "deleted"})
#: What a removed parent takes along locally: the same parent/child lists the ledger's scopes use
#: (crm/sync/server/scopes.py, which this package may not import), so a child's visibility follows its
#: parent's here as there. A user or branch leaving scope takes nothing with it.
CASCADE: dict[str, tuple[tuple[str, str], ...]] = {
    "client": tuple((child, "client_id") for child in (
        "contact", "holding", "override", "visit", "pitch", "proposal", "complaint", "survey", "task")),
    "proposal": (("proposal_line", "proposal_id"), ("proposal_step", "proposal_id")),
    "plan": (("plan_item", "plan_id"),),
}
#: A child that is the user's own work (their visit, task, proposal…) stays visible to them through
#: ``rm:<user>`` when its client moves on, so the cascade spares it; the ledger removes it if it must.
OWN_WORK_COLUMNS = ("rm_id", "owner_id", "claimant_id")
#: SQLite's default limit on bound parameters is 32766; keep IN lists well below it.
_IN_CHUNK = 500


# --- typed rows from wire data ------------------------------------------------------------------


def _to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        dt = value
    else:
        dt = datetime.fromisoformat(value)
    # The wire carries UTC with an offset; a naive value from an older peer is UTC too.
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _to_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return date.fromisoformat(value[:10] if isinstance(value, str) else value)


def _store_datetime(value: Any) -> str | None:
    """A wire timestamp as SQLAlchemy's SQLite DATETIME stores it (naive UTC, always microseconds)."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 32 and value.endswith("+00:00") and value[10] == "T":
        return value[:10] + " " + value[11:26]  # the common case, without parsing
    dt = _to_datetime(value).astimezone(UTC)
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f")


def _store_date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        return value
    return _to_date(value).isoformat()


def _store_json(value: Any) -> str:
    # Compact UTF-8 JSON (what json.dumps(ensure_ascii=False, separators=(",", ":")) writes), read back
    # by SQLAlchemy's JSON type; orjson does it for a fraction of the cost. None is the JSON text 'null',
    # as SQLAlchemy's JSON type stores it (not SQL NULL, which a NOT NULL column such as
    # conflict.base_value refuses).
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # what orjson does not take (an integer beyond 64 bits) the standard library does
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class EntityCodec:
    """Wire dicts of one entity to complete, typed column dicts ready for Core executemany.

    Built once per entity: per-row work is a dict walk with precomputed converters, no pydantic or ORM.
    """

    def __init__(self, entity: str, model: type[SyncedTable]) -> None:
        self.entity = entity
        self.model = model
        self.table: sa.Table = model.__table__  # type: ignore[attr-defined]
        self.columns = [c.name for c in self.table.columns]
        self.value_columns = [c for c in self.columns if c not in META]
        self._convert: dict[str, Callable[[Any], Any]] = {}
        for column in self.table.columns:
            if isinstance(column.type, UTCDateTime):
                self._convert[column.name] = _to_datetime
            elif isinstance(column.type, sa.Date):
                self._convert[column.name] = _to_date
        self._defaults: dict[str, Callable[[], Any]] = {}
        self._constant_defaults: dict[str, Any] = {}  # the columns whose default is a value, not a factory
        for name in self.columns:
            info = model.model_fields.get(name)
            if info is not None and info.default_factory is not None:
                self._defaults[name] = info.default_factory  # type: ignore[assignment]
            else:
                default = None if info is None or info.default is PydanticUndefined else info.default
                self._defaults[name] = lambda d=default: d  # type: ignore[misc]
                self._constant_defaults[name] = default
        self._upsert: Any = None
        self._loaders: dict[tuple[str, ...], BatchLoader] = {}
        # OR REPLACE: rows with queued edits survive the clearing that precedes a bootstrap (see
        # clear_replicated) and are simply overwritten by the ledger's state, then overlaid again.
        compiled = sa.insert(self.table).prefix_with("OR REPLACE").compile(dialect=sqlite_dialect(),
                                                                           column_keys=self.columns)
        assert compiled.positiontup == self.columns  # the tuples from `raw` follow this order
        self.insert_sql = str(compiled)
        self.plain_insert_sql = self.insert_sql.replace("INSERT OR REPLACE INTO", "INSERT INTO", 1)
        # Stored dates and timestamps, checked by parsing them (a pull must not store 2026-02-30).
        self.temporal = [(i, date.fromisoformat if isinstance(c.type, sa.Date) else datetime.fromisoformat)
                         for i, c in enumerate(self.table.columns)
                         if isinstance(c.type, sa.Date | UTCDateTime)]
        self.id_index = self.columns.index("id")
        self.json_columns = frozenset(i for i, c in enumerate(self.table.columns)
                                      if isinstance(c.type, sa.JSON))
        quote = _SQLITE.identifier_preparer.quote
        self._select_sql = (f"SELECT {', '.join(map(quote, self.columns))} "  # noqa: S608 - own names
                            f"FROM {_SQLITE.identifier_preparer.format_table(self.table)} WHERE id IN ")
        self._updates: dict[tuple[int, ...], str] = {}
        self.raw = self._raw_converter()

    def _raw_converter(self) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        """A generated function: wire dict -> tuple of stored values, for the driver's executemany.

        Bootstrap inserts half a million rows; SQLAlchemy's per-value bind processing would cost more
        than the insert itself, so values are put straight into the forms SQLAlchemy stores and reads
        back (see _store_datetime), with enum values checked against their enum.
        """
        env: dict[str, Any] = {"_dt": _store_datetime, "_date": _store_date, "_json": _store_json,
                               "_enum": _check_enum, "_str": str}
        parts: list[str] = []
        for i, column in enumerate(self.table.columns):
            name = column.name
            if name in self._constant_defaults:
                env[f"c{i}"] = self._constant_defaults[name]
                get = f"g({name!r}, c{i})"  # one dict lookup
            else:
                env[f"d{i}"] = self._defaults[name]
                get = f"(d[{name!r}] if {name!r} in d else d{i}())"
            if isinstance(column.type, UTCDateTime):
                # The common wire form ('2026-01-02T03:04:05.123456+00:00') is cut into the stored one
                # inline (see _store_datetime); anything else goes through it.
                parts.append(f"(v[:10] + ' ' + v[11:26] if (v := {get}).__class__ is _str and len(v) == 32 "
                             f"and v[10] == 'T' and v.endswith('+00:00') else _dt(v))")
            elif isinstance(column.type, sa.Date):
                parts.append(f"_date({get})")
            elif isinstance(column.type, sa.JSON):
                parts.append(f"_json({get})")
            elif isinstance(column.type, EnumText):
                env[f"e{i}"] = frozenset(m.value for m in column.type.enum_cls)
                parts.append(f"_enum({get}, e{i}, {name!r})")
            else:
                parts.append(get)
        source = "def convert(d):\n    g = d.get\n    return (" + ", ".join(parts) + ",)\n"
        exec(compile(source, f"<codec {self.entity}>", "exec"), env)  # noqa: S102 - our own generated code
        return env["convert"]  # type: ignore[no-any-return]

    def row(self, data: dict[str, Any]) -> dict[str, Any]:
        """Every column, typed; a column the peer did not send gets the model default."""
        convert = self._convert
        out: dict[str, Any] = {}
        for name in self.columns:
            if name in data:
                value = data[name]
                if value is not None and name in convert:
                    value = convert[name](value)
                out[name] = value
            else:
                out[name] = self._defaults[name]()
        return out

    def partial(self, data: dict[str, Any]) -> dict[str, Any]:
        """Only the known columns present in `data` (a patch payload), typed."""
        out: dict[str, Any] = {}
        for name, value in data.items():
            if name not in self.table.c:
                continue
            conv = self._convert.get(name)
            out[name] = conv(value) if conv is not None and value is not None else value
        return out

    def batch_loader(self, columns: Sequence[str]) -> BatchLoader:
        """The loader of `SnapshotBatch` rows sent with ``columns`` (built once per column list)."""
        key = tuple(columns)
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = BatchLoader(self, key)
        return loader

    def stored_rows(self, conn: sa.Connection, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """The stored values (``columns`` order, as `raw` makes them) of the rows of ``ids`` that are
        here, by id: one query per 500 ids."""
        found: dict[str, tuple[Any, ...]] = {}
        at = self.id_index
        for part in chunks(list(dict.fromkeys(ids))):
            marks = ", ".join("?" * len(part))
            for row in conn.exec_driver_sql(f"{self._select_sql}({marks})", tuple(part)):
                found[row[at]] = tuple(row)
        return found

    def update_sql(self, changed: tuple[int, ...]) -> str:
        """``UPDATE`` of the columns at the positions ``changed`` of the row ``WHERE id = ?`` (the values,
        then the id); built once per set of columns."""
        sql = self._updates.get(changed)
        if sql is None:
            quote = _SQLITE.identifier_preparer.quote
            sets = ", ".join(f"{quote(self.columns[i])} = ?" for i in changed)
            sql = self._updates[changed] = (
                f"UPDATE {_SQLITE.identifier_preparer.format_table(self.table)} SET {sets} WHERE id = ?")  # noqa: S608
        return sql

    @property
    def upsert(self) -> Any:
        if self._upsert is None:
            stmt = sqlite_insert(self.table)
            self._upsert = stmt.on_conflict_do_update(
                index_elements=[self.table.c.id],
                set_={name: stmt.excluded[name] for name in self.columns if name != "id"},
            )
        return self._upsert


def _check_enum(value: Any, allowed: frozenset[str], name: str) -> Any:
    if value is None or value in allowed:
        return value
    raise ValueError(f"{name}: unknown value")


_not_none = partial(is_not, None)
_SQLITE = sqlite_dialect()


class BatchLoader:
    """Rows of a `SnapshotBatch` (arrays of stored values in the ledger's column order) made ready for the
    driver's executemany, checked a column at a time rather than converted a row at a time.

    The rows are inserted as they come when the ledger's columns are this table's (the common case).
    Columns the laptop does not know (a newer ledger) are dropped; columns the ledger did not send (an
    older one) get the model default. Checks, per batch and column, in C-speed passes: enum values
    must be known (as `EntityCodec.raw` requires); timestamps and dates must have the stored shape
    (26 and 10 characters), or they are parsed and stored as `EntityCodec.raw` would; a JSON value that
    is not already JSON text is encoded. A row of the wrong length fails the insert.
    """

    def __init__(self, codec: EntityCodec, columns: tuple[str, ...]) -> None:
        self.codec = codec
        table = codec.table
        if len(set(columns)) != len(columns) or "id" not in columns:
            raise ValueError(f"{codec.entity}: the batch's columns do not fit")
        known = [name for name in columns if name in table.c]
        self._keep = None if len(known) == len(columns) else [columns.index(name) for name in known]
        self._missing = [name for name in codec.columns if name not in columns]
        # Written out rather than compiled: SQLAlchemy would put the columns in the table's order. Only
        # names of this table's own columns get here, quoted.
        quote = _SQLITE.identifier_preparer.quote
        self.insert_sql = (f"INSERT OR REPLACE INTO {_SQLITE.identifier_preparer.format_table(table)} "  # noqa: S608
                           f"({', '.join(map(quote, known + self._missing))}) "
                           f"VALUES ({', '.join('?' * (len(known) + len(self._missing)))})")
        self.id_index = known.index("id")
        self._checks: list[tuple[int, str, Any]] = []
        for i, name in enumerate(known):
            coltype = table.c[name].type
            if isinstance(coltype, UTCDateTime):
                self._checks.append((i, "datetime", _store_datetime))
            elif isinstance(coltype, sa.Date):
                self._checks.append((i, "date", _store_date))
            elif isinstance(coltype, sa.JSON):
                self._checks.append((i, "json", None))
            elif isinstance(coltype, EnumText):
                self._checks.append((i, "enum", frozenset(m.value for m in coltype.enum_cls) | {None}))

    def prepare(self, rows: list[Any]) -> list[tuple[Any, ...]]:
        """The rows to insert, as tuples (what SQLAlchemy passes on to the driver); raises ValueError,
        TypeError or IndexError for rows that do not fit."""
        if self._keep is not None:
            pick = itemgetter(*self._keep)
            rows = [list(pick(row)) if len(self._keep) > 1 else [pick(row)] for row in rows]
        if self._missing:
            stored = dict(zip(self.codec.columns, self.codec.raw({}), strict=True))
            defaults = [stored[name] for name in self._missing]
            rows = [[*row, *defaults] for row in rows]
        for i, kind, fix in self._checks:
            values = list(map(itemgetter(i), rows))
            if kind == "enum":
                bad = set(values) - fix
                if bad:
                    raise ValueError(f"{self.codec.entity}: unknown value {sorted(map(str, bad))[0]!r}")
                continue
            if kind == "json":
                if set(map(type, values)) <= {str, type(None)}:
                    continue
                fix = _store_json_text
            else:
                width = 26 if kind == "datetime" else 10
                try:
                    if set(map(len, filter(_not_none, values))) <= {width}:
                        continue
                except TypeError:
                    pass
            rows = [list(row) for row in rows]  # rare: values outside the stored shape
            for row in rows:
                row[i] = fix(row[i])
        return list(map(tuple, rows))


def _store_json_text(value: Any) -> str | None:
    """A JSON column's stored text: JSON text as it is, anything else encoded."""
    return value if value is None or isinstance(value, str) else _store_json(value)


CODECS: dict[str, EntityCodec] = {name: EntityCodec(name, model) for name, model in ENTITY_TYPES.items()}


#: parent entity -> [(child entity, referencing column)]
CHILDREN = CASCADE


# --- connections --------------------------------------------------------------------------------


@contextmanager
def replica_connection(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection with foreign keys off for applying ledger data (see the module docstring).

    The pragma is a no-op inside a transaction, so it is set on the driver connection before SQLAlchemy
    begins one, and set back before the connection returns to the pool.
    """
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            yield conn
        finally:
            if conn.in_transaction():
                conn.rollback()
            raw.execute("PRAGMA foreign_keys = ON")


@contextmanager
def replica_session(engine: sa.Engine) -> Iterator[Session]:
    """One unit of work on a `replica_connection`: commit on success, roll back on any error."""
    with replica_connection(engine) as conn:
        session = Session(bind=conn, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


_workspace_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def workspace_lock(key: str) -> threading.Lock:
    """One lock per workspace in this process: two engines on one workspace never sync at once."""
    with _locks_guard:
        return _workspace_locks.setdefault(key, threading.Lock())


def _c(db: sa.Connection | Session) -> sa.Connection:
    """Core statements always go to the connection (SQLModel deprecates Session.execute)."""
    return db.connection() if isinstance(db, Session) else db


# --- settings -----------------------------------------------------------------------------------


def get_setting(conn: sa.Connection | Session, key: str) -> Any:
    table = LocalSetting.__table__  # type: ignore[attr-defined]
    return _c(conn).execute(sa.select(table.c.value).where(table.c.key == key)).scalar()


def put_setting(conn: sa.Connection | Session, key: str, value: Any) -> None:
    table = LocalSetting.__table__  # type: ignore[attr-defined]
    stmt = sqlite_insert(table).values(key=key, value=value)
    _c(conn).execute(stmt.on_conflict_do_update(index_elements=[table.c.key],
                                                set_={"value": stmt.excluded.value}))


# --- pending edits and overlays -----------------------------------------------------------------


def chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def pending_keys(conn: sa.Connection | Session, ids: Iterable[str] | None = None) -> set[tuple[str, str]]:
    """(entity, id) of rows with queued local edits, optionally only among `ids`."""
    table = Outbox.__table__  # type: ignore[attr-defined]
    base = sa.select(table.c.entity, table.c.entity_id).distinct()
    if ids is None:
        return {(e, i) for e, i in _c(conn).execute(base)}
    found: set[tuple[str, str]] = set()
    for part in chunks(list(dict.fromkeys(ids))):
        found.update((e, i) for e, i in _c(conn).execute(base.where(table.c.entity_id.in_(part))))
    return found


def pending_for(conn: sa.Connection | Session, entity: str, entity_id: str) -> list[Any]:
    table = Outbox.__table__  # type: ignore[attr-defined]
    return list(_c(conn).execute(
        sa.select(table.c.seq, table.c.op, table.c.payload)
        .where(table.c.entity == entity, table.c.entity_id == entity_id).order_by(table.c.seq)))


def local_row(conn: sa.Connection | Session, codec: EntityCodec, entity_id: str) -> dict[str, Any] | None:
    found = _c(conn).execute(sa.select(codec.table).where(codec.table.c.id == entity_id)).mappings().first()
    return dict(found) if found is not None else None


def local_rows(conn: sa.Connection | Session, codec: EntityCodec,
               ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The local rows of `ids` that exist, by id (one query per 500 ids)."""
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(list(dict.fromkeys(ids))):
        for row in _c(conn).execute(sa.select(codec.table).where(codec.table.c.id.in_(part))).mappings():
            found[row["id"]] = dict(row)
    return found


def pending_for_rows(conn: sa.Connection | Session, entity: str, ids: Sequence[str]) -> dict[str, list[Any]]:
    """`pending_for` of many rows of one entity: their queued edits in outbox order, by id."""
    table = Outbox.__table__  # type: ignore[attr-defined]
    found: dict[str, list[Any]] = {}
    for part in chunks(list(dict.fromkeys(ids))):
        for entity_id, seq, op, payload in _c(conn).execute(
                sa.select(table.c.entity_id, table.c.seq, table.c.op, table.c.payload)
                .where(table.c.entity == entity, table.c.entity_id.in_(part)).order_by(table.c.seq)):
            found.setdefault(entity_id, []).append((seq, op, payload))
    return found


def overlay(codec: EntityCodec, server: dict[str, Any] | None, local: dict[str, Any] | None,
            pending: Sequence[Any]) -> dict[str, Any] | None:
    """The row to show: the ledger's state with this device's queued edits re-applied on top.

    Patches re-apply their fields from the outbox. Commands (plan.submit…) record only their
    parameters, not the fields they changed locally, so for them a field keeps its local value when it
    differs from the ledger's and the ledger has not changed it since our base (its field version is not
    newer than ours): then the difference can only be our own pending change.
    """
    if server is None:
        return local  # the ledger has no state yet: a queued create, kept as is
    merged = dict(server)
    server_fv: dict[str, int] = dict(server.get("field_versions") or {})
    server_version = int(server.get("version") or 0)
    fv = dict(server_fv)
    local_fv: dict[str, int] = dict((local or {}).get("field_versions") or {})
    local_version = int((local or {}).get("version") or 0)
    kept: set[str] = set()
    guess_commands = False
    for _seq, op, payload in pending:
        if op == OutboxOp.PATCH:
            for name, value in codec.partial(payload or {}).items():
                if name not in META:
                    merged[name] = value
                    kept.add(name)
        elif op == OutboxOp.DELETE:
            merged["deleted"] = True
        else:
            guess_commands = True
    for name in kept:
        # The pending patch was based on our version of the field; keep that base for the push.
        fv[name] = local_fv.get(name, local_version)
    if local is not None and guess_commands:
        for name in codec.value_columns:
            if name in kept or local.get(name) == server.get(name):
                continue
            base = local_fv.get(name, local_version)
            if server_fv.get(name, server_version) <= base:
                merged[name] = local.get(name)
                fv[name] = base
                kept.add(name)
    if local is not None and kept and local.get("updated_at") and server.get("updated_at"):
        merged["updated_at"] = max(local["updated_at"], server["updated_at"])
    merged["field_versions"] = fv
    return merged


def write_shadow(conn: sa.Connection | Session, entity: str, entity_id: str, data: dict[str, Any],
                 version: int) -> None:
    table = ServerShadow.__table__  # type: ignore[attr-defined]
    stmt = sqlite_insert(table).values(entity=entity, entity_id=entity_id, data=data, version=version)
    _c(conn).execute(stmt.on_conflict_do_update(
        index_elements=[table.c.entity, table.c.entity_id],
        set_={"data": stmt.excluded.data, "version": stmt.excluded.version}))


def write_shadows(conn: sa.Connection | Session, entity: str,
                  shadows: Sequence[tuple[str, dict[str, Any], int]]) -> None:
    """`write_shadow` of many rows, (id, data, version) each, with one executemany."""
    if not shadows:
        return
    table = ServerShadow.__table__  # type: ignore[attr-defined]
    stmt = sqlite_insert(table)
    _c(conn).execute(
        stmt.on_conflict_do_update(index_elements=[table.c.entity, table.c.entity_id],
                                   set_={"data": stmt.excluded.data, "version": stmt.excluded.version}),
        [{"entity": entity, "entity_id": entity_id, "data": data, "version": version}
         for entity_id, data, version in shadows])


def drop_shadows(conn: sa.Connection | Session, entity: str, ids: Sequence[str]) -> None:
    table = ServerShadow.__table__  # type: ignore[attr-defined]
    for part in chunks(list(ids)):
        _c(conn).execute(sa.delete(table).where(table.c.entity == entity, table.c.entity_id.in_(part)))


def has_shadows(conn: sa.Connection | Session) -> bool:
    table = ServerShadow.__table__  # type: ignore[attr-defined]
    return _c(conn).execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None


def get_shadow(conn: sa.Connection | Session, entity: str,
               entity_id: str) -> tuple[dict[str, Any], int] | None:
    table = ServerShadow.__table__  # type: ignore[attr-defined]
    found = _c(conn).execute(sa.select(table.c.data, table.c.version).where(
        table.c.entity == entity, table.c.entity_id == entity_id)).first()
    return (found[0], found[1]) if found is not None else None


# --- pulled rows --------------------------------------------------------------------------------


def _same_number(text: Any, stored: Any) -> bool:
    """Whether JSON text such as '3' is the number SQLite keeps for it (a JSON column has NUMERIC
    affinity, so the text of a number is stored as that number)."""
    if not isinstance(text, str) or isinstance(stored, bool) or not isinstance(stored, int | float):
        return False
    try:
        return bool(orjson.loads(text) == stored)
    except orjson.JSONDecodeError:
        return False


Written = tuple[tuple[Any, ...], tuple[Any, ...] | None, frozenset[str]]


def put_rows(conn: sa.Connection, codec: EntityCodec, rows: Sequence[dict[str, Any]]) -> list[Written]:
    """Store the ledger's states of rows (wire dicts) that have no queued edits here, doing only the
    writes that change something.

    A row not here is inserted. A row here is compared with its stored values and gets an ``UPDATE`` of
    just the columns that differ, so SQLite rewrites only the indexes on those columns; a row stored as
    it is stays untouched. (An upsert of every column rewrites every index entry of the row: for 1,000
    clients, 13 indexes and thousands of scattered pages.) The writes keep the order of ``rows``, the
    ledger's order: a user renamed to free a username comes before the user who takes it. Consecutive
    rows with the same statement go in one executemany. A plain INSERT, never OR REPLACE, so a clash on
    another unique column fails instead of deleting the row that holds the value. Dates and timestamps
    are checked (ValueError), as converting them to the model's types would. Returns (new stored values,
    old ones or None, names of the columns written) per row, in the order given.
    """
    new = [codec.raw(data) for data in rows]
    for i, check in codec.temporal:
        for values in new:
            if values[i] is not None:
                check(values[i])
    at = codec.id_index
    stored = codec.stored_rows(conn, [values[at] for values in new])
    columns = codec.columns
    runs: list[tuple[str, list[tuple[Any, ...]]]] = []
    out: list[Written] = []
    for values in new:
        old = stored.get(values[at])
        if old is None:
            sql, params = codec.plain_insert_sql, values
            names = frozenset(columns)
        else:
            changed = tuple(i for i, (value, before) in enumerate(zip(values, old, strict=True))
                            if value != before
                            and not (i in codec.json_columns and _same_number(value, before)))
            names = frozenset(columns[i] for i in changed)
            sql, params = ((codec.update_sql(changed), (*(values[i] for i in changed), values[at]))
                           if changed else ("", ()))
        if sql:
            if runs and runs[-1][0] == sql:
                runs[-1][1].append(params)
            else:
                runs.append((sql, [params]))
        stored[values[at]] = values  # the same row twice in `rows`: the later one goes on top of the first
        out.append((values, old, names))
    for sql, batch in runs:
        conn.exec_driver_sql(sql, batch)
    return out


# --- removals -----------------------------------------------------------------------------------


def remove_rows(conn: sa.Connection | Session, entity: str, ids: Sequence[str],
                touched_clients: set[str], *, own_user: str | None = None) -> int:
    """Delete rows and their children (CASCADE) recursively, sparing `own_user`'s own work; returns the
    number of rows deleted."""
    codec = CODECS[entity]
    ids = list(dict.fromkeys(ids))
    if not ids:
        return 0
    deleted = 0
    for child, column in CASCADE.get(entity, ()):
        table = CODECS[child].table
        query = sa.select(table.c.id)
        if own_user is not None:
            for own in OWN_WORK_COLUMNS:
                if own in table.c:
                    query = query.where(sa.or_(table.c[own].is_(None), table.c[own] != own_user))
        child_ids: list[str] = []
        for part in chunks(ids):
            child_ids.extend(_c(conn).execute(query.where(table.c[column].in_(part))).scalars())
        deleted += remove_rows(conn, child, child_ids, touched_clients, own_user=own_user)
    if entity == "contact":
        table = Contact.__table__  # type: ignore[attr-defined]
        for part in chunks(ids):
            touched_clients.update(_c(conn).execute(
                sa.select(table.c.client_id).where(table.c.id.in_(part))).scalars())
    elif entity == "client":
        touched_clients.update(ids)
    for part in chunks(ids):
        deleted += _c(conn).execute(sa.delete(codec.table).where(codec.table.c.id.in_(part))).rowcount or 0
    drop_shadows(conn, entity, ids)
    return deleted


def clear_replicated(conn: sa.Connection | Session, keep: Iterable[tuple[str, str]] = ()) -> None:
    """Empty the replicated tables and the shadows (a bootstrap replaces them), except the rows in
    `keep` (those with queued edits: an interrupted bootstrap must not hide them). Outbox and journal
    stay."""
    kept: dict[str, list[str]] = {}
    for entity, entity_id in keep:
        kept.setdefault(entity, []).append(entity_id)
    for entity, codec in CODECS.items():
        ids = kept.get(entity)
        if ids and len(ids) <= _IN_CHUNK:
            _c(conn).execute(sa.delete(codec.table).where(codec.table.c.id.not_in(ids)))
        elif not ids:
            _c(conn).execute(sa.delete(codec.table))
        else:
            keep_ids = set(ids)
            doomed = [i for i in _c(conn).execute(sa.select(codec.table.c.id)).scalars() if i not in keep_ids]
            for part in chunks(doomed):
                _c(conn).execute(sa.delete(codec.table).where(codec.table.c.id.in_(part)))
    _c(conn).execute(sa.delete(ServerShadow.__table__))  # type: ignore[attr-defined]
