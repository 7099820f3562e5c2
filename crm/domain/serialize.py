"""Rows to plain JSON-able dicts and back: the one representation for the outbox, the wire and snapshots."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from crm.domain.types import EnumText, UTCDateTime


def to_wire(obj: SQLModel, fields: list[str] | None = None) -> dict[str, Any]:
    table = obj.__table__  # type: ignore[attr-defined]
    names = fields if fields is not None else [c.name for c in table.columns]
    return {name: wire_value(getattr(obj, name)) for name in names}


def wire_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_wire(model: type[SQLModel], data: dict[str, Any]) -> dict[str, Any]:
    """Column values typed for `model` from wire data; unknown keys are dropped (newer peers may add)."""
    columns = model.__table__.columns  # type: ignore[attr-defined]
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name not in columns:
            continue
        out[name] = column_value(columns[name].type, value)
    return out


def column_value(coltype: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(coltype, UTCDateTime):
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if isinstance(coltype, EnumText):
        return coltype.enum_cls(value)
    if isinstance(coltype, sa.Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value
