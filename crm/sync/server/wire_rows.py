"""Table rows read by Core straight into wire values, with converters compiled once per table and dialect.

The ORM / `RowMapping` + `wire_value` path costs tens of microseconds per row, which a bootstrap of half a
million rows cannot afford. Here the statement selects the driver's raw values (no SQLAlchemy result
processing) and only the columns whose raw value differs from the wire value get a converter:

- UTC datetimes: SQLite's stored text ``YYYY-MM-DD HH:MM:SS.ffffff`` is rewritten as the ISO string
  `datetime.isoformat()` gives for the aware value (``…T…+00:00``, no fraction when it is zero);
- booleans: SQLite's 0/1 become ``false``/``true``;
- JSON on SQLite: the stored text is already JSON; for NDJSON it is embedded as is (`orjson.Fragment`),
  for a pull page it is parsed;
- dates on PostgreSQL (date objects) become ISO strings; SQLite's stored ``YYYY-MM-DD`` already is one;
- enums are stored as their value, which is the wire value.

Anything else, or a stored value outside the fast path's shape, goes through the column type's own result
processor and `wire_value`, exactly as before. tests/sync/test_wire_rows.py holds the two paths equal.

The "batch" snapshot layout (`BatchCodec`) goes one step further: it sends each row as an array of the
values a laptop's SQLite stores, which on an SQLite ledger are the driver's values themselves, so a batch
of rows is serialised by one orjson call and inserted by the laptop as it comes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.types import NullType, TypeDecorator

from crm.domain.models import ENTITY_TYPES
from crm.domain.serialize import wire_value
from crm.domain.types import EnumText, UTCDateTime
from crm.sync.protocol import stored_datetime

Converter = Callable[[Any], Any]


def _exact(proc: Converter | None) -> Converter:
    """The reference conversion: the type's result processor, then `wire_value`."""
    if proc is None:
        return wire_value
    return lambda raw: wire_value(proc(raw))


def _datetime(proc: Converter | None) -> Converter:
    slow = _exact(proc)

    def convert(raw: Any) -> Any:
        # SQLAlchemy writes SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' (26 characters).
        if raw.__class__ is str and len(raw) == 26 and raw[10] == " " and raw[19] == ".":
            fraction = raw[20:]
            if fraction == "000000":
                return f"{raw[:10]}T{raw[11:19]}+00:00"
            return f"{raw[:10]}T{raw[11:19]}.{fraction}+00:00"
        return slow(raw)

    return convert


def _date(proc: Converter | None) -> Converter:
    slow = _exact(proc)

    def convert(raw: Any) -> Any:
        if raw.__class__ is str and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            return raw
        if raw.__class__ is date:
            return raw.isoformat()
        return slow(raw)

    return convert


def _json_fragment(proc: Converter | None) -> Converter:
    slow = _exact(proc)

    def convert(raw: Any) -> Any:
        return orjson.Fragment(raw) if raw.__class__ is str else slow(raw)

    return convert


def _json_parsed(proc: Converter | None) -> Converter:
    slow = _exact(proc)

    def convert(raw: Any) -> Any:
        return orjson.loads(raw) if raw.__class__ is str else slow(raw)

    return convert


def column_converter(column: sa.Column[Any], dialect: sa.Dialect, *,
                     json_fragments: bool) -> Converter | None:
    """How one column's raw driver value becomes its wire value; None when it already is one."""
    coltype = column.type
    if isinstance(_base_type(coltype), (sa.String, sa.Integer, sa.Float)) and not _decorates_results(coltype):
        # The driver's str / int / float is the wire value (wire_value leaves those alone). Asked before
        # the processor: psycopg's numeric processors need the column's type code, which we do not have.
        return None
    proc = coltype._cached_result_processor(dialect, None)  # the type's own reference path
    sqlite = dialect.name == "sqlite"
    if isinstance(coltype, UTCDateTime):
        return _datetime(proc)
    if isinstance(coltype, EnumText):
        # Stored as its value, which is the wire value; the member lookup would only re-check it.
        return None
    if isinstance(coltype, sa.JSON):
        if not sqlite:
            return proc and _exact(proc)  # drivers such as psycopg hand back parsed JSON
        return _json_fragment(proc) if json_fragments else _json_parsed(proc)
    if isinstance(coltype, sa.Boolean):
        return proc  # SQLite's int_to_boolean; None where the driver returns bools
    if isinstance(coltype, sa.Date):
        return _date(proc)
    return _exact(proc)


def _decorates_results(coltype: Any) -> bool:
    """A TypeDecorator with a result conversion of its own (EnumText; not SQLModel's AutoString)."""
    return isinstance(coltype, TypeDecorator) and \
        type(coltype).process_result_value is not TypeDecorator.process_result_value


def _base_type(coltype: Any) -> Any:
    """The type a TypeDecorator (e.g. SQLModel's AutoString) stores as."""
    return coltype.impl_instance if isinstance(coltype, TypeDecorator) else coltype


class TableCodec:
    """One entity table: its raw-value select and the converters of the columns that need one."""

    def __init__(self, entity: str, dialect: sa.Dialect, *, json_fragments: bool) -> None:
        self.entity = entity
        self.table: sa.Table = ENTITY_TYPES[entity].__table__  # type: ignore[attr-defined]
        self.names = tuple(c.name for c in self.table.columns)
        converters = [(i, column_converter(c, dialect, json_fragments=json_fragments))
                      for i, c in enumerate(self.table.columns)]
        self.converters = {i: f for i, f in converters if f is not None}
        self.data: Callable[[Sequence[Any]], dict[str, Any]] = _row_function(self.names, self.converters)
        self.line_prefix = b'{"type":"row","entity":' + orjson.dumps(entity) + b',"data":'

    def select(self) -> sa.Select[Any]:
        """All columns, raw: typed as NullType so SQLAlchemy applies no result processing."""
        return raw_select(self.table)

    def lines(self, rows: Iterable[Sequence[Any]]) -> bytes:
        """NDJSON row lines, one per row, each ending in a newline."""
        prefix, dumps, data = self.line_prefix, orjson.dumps, self.data
        return b"".join([prefix + dumps(data(row)) + b"}\n" for row in rows])


def raw_select(table: sa.Table) -> sa.Select[Any]:
    """All columns of ``table``, typed as NullType so SQLAlchemy applies no result processing."""
    columns: list[Any] = [sa.type_coerce(c, NullType()).label(c.name) for c in table.columns]
    return sa.select(*columns)


def _row_function(names: Sequence[str],
                  converters: dict[int, Converter]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """``row -> {name: wire value}`` compiled for one table: a dict display with the converters inlined.

    Generated source (as dataclasses does) because a loop over columns per row costs several times more
    than one dict display; the names are the table's own column names, passed as repr() literals.
    """
    params = [f"v{i}" for i in range(len(names))]
    items = []
    for i, name in enumerate(names):
        value = f"v{i}" if i not in converters else f"(None if v{i} is None else c{i}(v{i}))"
        items.append(f"{name!r}: {value}")
    source = (f"def row_data(row):\n    {', '.join(params)}, = row\n"
              f"    return {{{', '.join(items)}}}\n")
    namespace: dict[str, Any] = {f"c{i}": f for i, f in converters.items()}
    exec(compile(source, f"<wire row {len(names)} columns>", "exec"), namespace)  # noqa: S102
    return namespace["row_data"]  # type: ignore[no-any-return]


# --- the "batch" snapshot layout: rows as the laptop stores them -----------------------------------


def stored_converter(column: sa.Column[Any], dialect: sa.Dialect) -> Converter | None:
    """How one column's raw driver value becomes the value a laptop's SQLite stores for it (the "batch"
    layout of a snapshot); None when it already is that value.

    An SQLite ledger stores exactly what a laptop stores (the same column types through the same
    SQLAlchemy dialect), so there every column passes through untouched. Elsewhere (PostgreSQL) the
    driver's objects are turned into SQLite's forms: timestamps into SQLAlchemy's text, dates into ISO
    text, JSON into JSON text, booleans into 0 and 1.
    """
    if dialect.name == "sqlite":
        return None
    coltype = column.type
    if isinstance(coltype, sa.Boolean):
        return int
    if isinstance(_base_type(coltype), (sa.String, sa.Integer, sa.Float)) and not _decorates_results(coltype):
        return None
    if isinstance(coltype, EnumText):
        return None  # stored as its value
    proc = coltype._cached_result_processor(dialect, None)
    value: Converter = proc if proc is not None else (lambda raw: raw)
    if isinstance(coltype, UTCDateTime):
        return lambda raw: stored_datetime(value(raw))
    if isinstance(coltype, sa.Date):
        return lambda raw: value(raw).isoformat()
    if isinstance(coltype, sa.JSON):
        exact = _exact(proc)
        return lambda raw: orjson.dumps(exact(raw)).decode()
    raise TypeError(f"{column.table.name}.{column.name}: no stored form for {coltype!r}")


class BatchCodec:
    """One entity table in the "batch" layout: `SnapshotBatch` lines of raw rows, converted only where
    the ledger's driver values differ from the laptop's stored ones (nowhere on SQLite)."""

    def __init__(self, entity: str, dialect: sa.Dialect) -> None:
        self.entity = entity
        self.table: sa.Table = ENTITY_TYPES[entity].__table__  # type: ignore[attr-defined]
        self.names = tuple(c.name for c in self.table.columns)
        found = ((i, stored_converter(c, dialect)) for i, c in enumerate(self.table.columns))
        converters = {i: f for i, f in found if f is not None}
        #: No conversion at all: the driver's row tuples are serialised as they come.
        self.passthrough = not converters
        self.convert = _tuple_function(len(self.names), converters)
        self.line_prefix = (b'{"type":"batch","entity":' + orjson.dumps(entity) + b',"columns":'
                            + orjson.dumps(self.names) + b',"rows":')

    def select(self) -> sa.Select[Any]:
        """All columns, raw (no SQLAlchemy result processing)."""
        return raw_select(self.table)

    def line(self, rows: Sequence[Sequence[Any]]) -> bytes:
        """One `SnapshotBatch` line. ``rows`` are driver tuples, or any rows when not `passthrough`."""
        if not self.passthrough:
            rows = list(map(self.convert, rows))
        return self.line_prefix + orjson.dumps(rows) + b"}\n"


def _tuple_function(width: int,
                    converters: dict[int, Converter]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """``row -> tuple`` with the converters inlined (None stays None), generated like `_row_function`."""
    params = [f"v{i}" for i in range(width)]
    items = [f"v{i}" if i not in converters else f"(None if v{i} is None else c{i}(v{i}))"
             for i in range(width)]
    source = f"def row_tuple(row):\n    {', '.join(params)}, = row\n    return ({', '.join(items)},)\n"
    namespace: dict[str, Any] = {f"c{i}": f for i, f in converters.items()}
    exec(compile(source, f"<stored row {width} columns>", "exec"), namespace)  # noqa: S102
    return namespace["row_tuple"]  # type: ignore[no-any-return]


_CODECS: weakref.WeakKeyDictionary[sa.Dialect, dict[tuple[str, bool], TableCodec]] = (
    weakref.WeakKeyDictionary())
_BATCH_CODECS: weakref.WeakKeyDictionary[sa.Dialect, dict[str, BatchCodec]] = weakref.WeakKeyDictionary()


def codec_for(entity: str, dialect: sa.Dialect, *, json_fragments: bool) -> TableCodec:
    """The table's codec, built once per engine's dialect (its processors may depend on its settings)."""
    codecs = _CODECS.setdefault(dialect, {})
    key = (entity, json_fragments)
    if key not in codecs:
        codecs[key] = TableCodec(entity, dialect, json_fragments=json_fragments)
    return codecs[key]


def batch_codec_for(entity: str, dialect: sa.Dialect) -> BatchCodec:
    """The table's "batch" layout codec, built once per engine's dialect."""
    codecs = _BATCH_CODECS.setdefault(dialect, {})
    if entity not in codecs:
        codecs[entity] = BatchCodec(entity, dialect)
    return codecs[entity]
