"""Engines: the SQLCipher-encrypted laptop store and plain SQLite/PostgreSQL URLs for the ledger."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import event
from sqlmodel import Session

from crm.domain.errors import DomainError

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    # FULL: a power cut right after a visit is saved must not lose it.
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 10000",
)
# The driver looks every bound value up in its adapter registry unless it is an exact int, float or str:
# for None and bool a miss costs two failed attribute lookups (raised and cleared AttributeErrors), about a
# third of the cost of inserting a row full of NULLs. Registered, they bind as before (NULL, 0/1) at the
# cost of a dictionary hit. The registry is the driver module's, so this holds for every connection.
sqlcipher.register_adapter(type(None), lambda _value: None)
sqlcipher.register_adapter(bool, int)

# Pages are decrypted on every cache miss: a 64 MiB page cache keeps search and the client list fast
# (bench/bench_search.py). The laptop pool is small, so the memory this may take stays bounded.
LOCAL_PRAGMAS = ("PRAGMA cache_size = -65536",)


def encrypted_engine(db_path: Path, key: bytes) -> sa.Engine:
    """An engine whose every connection is keyed with the raw 256-bit key (no passphrase KDF per connect)."""
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    hex_key = key.hex()

    def connect() -> Any:
        conn = sqlcipher.connect(str(db_path), check_same_thread=False)
        conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            conn.close()
            raise DomainError("workspace.key_mismatch") from exc
        for pragma in SQLITE_PRAGMAS + LOCAL_PRAGMAS:
            conn.execute(pragma)
        return conn

    engine = sa.create_engine(f"sqlite:///{db_path}", creator=connect, module=sqlcipher, pool_size=3,
                              max_overflow=3)
    _sqlite_transactions(engine)
    return engine


def ledger_engine(url: str, **kwargs: Any) -> sa.Engine:
    """Engine for the central ledger: an SQLite file (demo, pilot) or PostgreSQL (production)."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            for pragma in SQLITE_PRAGMAS:
                dbapi_conn.execute(pragma)

        _sqlite_transactions(engine)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_transactions(engine: sa.Engine) -> None:
    """Let SQLAlchemy, not the driver, open transactions, so BEGIN and SAVEPOINT behave.

    The stdlib-style driver otherwise defers BEGIN and breaks savepoints (SQLAlchemy's documented
    pysqlite workaround).
    """

    @event.listens_for(engine, "connect")
    def _no_driver_begin(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN")


@contextmanager
def session_scope(engine: sa.Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error; never shared across threads."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
