"""Engines: the SQLCipher-encrypted laptop store and plain SQLite/PostgreSQL URLs for the ledger."""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import event
from sqlmodel import Session

from crm.domain.errors import DomainError

log = logging.getLogger(__name__)

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
# No checkpoint inside a commit: a WalCheckpointer does them on a helper thread (see there).
# A WAL grown by a bootstrap (hundreds of MB) is cut back to 64 MiB when it starts over.
LOCAL_PRAGMAS = ("PRAGMA cache_size = -65536", "PRAGMA wal_autocheckpoint = 0",
                 "PRAGMA journal_size_limit = 67108864")


def compact_json(value: Any) -> str:
    """JSON as both stores keep it: compact UTF-8 (what SQLAlchemy's JSON columns are given here)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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

    # JSON as the sync engine's bulk writes store it (crm/sync/client/local.py): compact, UTF-8. The same
    # text both ways lets a pull see that a row it meets is already stored as it is.
    engine = sa.create_engine(f"sqlite:///{db_path}", creator=connect, module=sqlcipher, pool_size=3,
                              max_overflow=3, json_serializer=compact_json)
    _sqlite_transactions(engine)
    WalCheckpointer(engine)
    return engine


_WROTE = "crm.wal_wrote"  # pool record info: a transaction that wrote rows committed on this connection
_CHANGES_SEEN = "crm.wal_changes"  # the connection's total_changes at its last such commit


class WalCheckpointer:
    """Checkpoints the WAL of one laptop store on a helper thread, so that no commit pays for it.

    SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages: that commit
    (a sync pull page, a form saved on the GUI thread) then also copies the whole WAL into the database
    file and syncs it. After a bootstrap that is the whole replica, 0.7 to 1.3 s on the bench's 528,213
    rows (bench/bench_sync_client.py, ``bootstrap_checkpoint_s``). The store's connections have it off
    (``wal_autocheckpoint = 0``). Every commit that wrote rows wakes this thread instead; once commits
    pause for QUIET seconds (or AT_MOST after the first one not yet checkpointed, under a steady stream
    of them) it runs a PASSIVE checkpoint on a pooled connection, which readers and writers do not wait
    for. Durability
    does not change: a commit is on disk once the WAL is synced (``synchronous = FULL``). The thread
    ends after IDLE seconds without commits and the next commit starts another; disposing of the
    engine (closing the workspace) stops it and waits for a checkpoint under way, and closing the last
    connection checkpoints what is left (SQLite's own close). A checkpoint that a reader kept from
    copying everything is tried again AT_MOST seconds later. Commits made with the driver's COMMIT
    rather than through SQLAlchemy are checkpointed with the next one that is not.
    """

    QUIET = 0.25
    AT_MOST = 2.0
    IDLE = 10.0

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = weakref.ref(engine)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._first: float | None = None  # when the oldest commit not yet checkpointed ended
        self._last = 0.0
        self._stop = False
        self._thread: threading.Thread | None = None
        self._running = threading.Lock()  # one checkpoint at a time (the thread's or checkpoint_now's)
        self.checkpoints = 0  # run so far (tests, benchmarks)
        event.listen(engine, "commit", self._on_commit)
        # SQLAlchemy's commit event comes before the commit; a connection goes back to the pool after it.
        event.listen(engine, "checkin", self._on_checkin)
        event.listen(engine, "engine_disposed", self._disposed)

    @staticmethod
    def of(engine: sa.Engine) -> WalCheckpointer | None:
        """The checkpointer of an engine made by `encrypted_engine`."""
        for listener in engine.dispatch.engine_disposed:
            owner = getattr(listener, "__self__", None)
            if isinstance(owner, WalCheckpointer):
                return owner
        return None

    def _on_commit(self, conn: sa.Connection) -> None:
        # Noted on the connection (its pool record) and only when the transaction wrote rows: a session
        # that only read commits too, and another connection's read must not take this commit's turn.
        info = conn.info
        try:
            changes = conn.connection.driver_connection.total_changes  # type: ignore[union-attr]
        except AttributeError:
            changes = None
        if changes is None or changes != info.get(_CHANGES_SEEN):
            info[_CHANGES_SEEN] = changes
            info[_WROTE] = True

    def _on_checkin(self, _dbapi_conn: Any, record: Any) -> None:
        if record.info.pop(_WROTE, False):
            self._schedule(0.0)

    def _schedule(self, delay: float) -> None:
        """Note a commit that ended now (or a checkpoint to retry in ``delay`` s) and wake the thread;
        nothing while the engine is being disposed of."""
        now = time.monotonic()
        with self._lock:
            if self._stop:
                return
            if self._first is None:
                self._first = now + delay
            self._last = now + delay
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
                self._thread.start()
            else:
                self._wake.notify()

    def stop(self) -> None:
        """Stop the thread and wait for a checkpoint under way; call before disposing of the engine, so
        that its connection goes back to a pool that is still open. A later commit starts it again."""
        self._disposed(None)

    def _disposed(self, _engine: sa.Engine | None) -> None:
        with self._lock:
            self._stop = True
            self._first = None
            self._wake.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(30)
        with self._lock:
            self._stop = False  # the engine may be used again: its next commit starts a thread

    def _run(self) -> None:
        idle_since = time.monotonic()
        while True:
            with self._lock:
                while True:
                    now = time.monotonic()
                    if self._stop or (self._first is None and now - idle_since >= self.IDLE):
                        self._thread = None
                        return
                    if self._first is None:
                        self._wake.wait(self.IDLE - (now - idle_since))
                        continue
                    due = min(self._last + self.QUIET, self._first + self.AT_MOST)
                    if now >= due:
                        self._first = None
                        break
                    self._wake.wait(due - now)
            self._checkpoint()
            idle_since = time.monotonic()

    def checkpoint_now(self) -> None:
        """Checkpoint at once on the calling thread (what the thread would do next); for benchmarks and
        tests that must not measure a checkpoint under way in the background."""
        with self._lock:
            self._first = None
        self._checkpoint()

    def _checkpoint(self) -> None:
        engine = self._engine()
        if engine is None:
            return
        pool = engine.pool
        try:
            raw = engine.raw_connection()
        except Exception:  # a store being closed or moved: the next close checkpoints
            log.debug("WAL checkpoint skipped: no connection", exc_info=True)
            return
        try:
            with self._running:
                busy, frames, copied = raw.driver_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                self.checkpoints += 1
            if busy or copied < frames:
                # A reader still uses older pages, or another checkpoint ran: try again a little later.
                with self._lock:
                    retry = self._first is None
                if retry:
                    self._schedule(self.AT_MOST)
        except sqlcipher.Error:
            log.debug("WAL checkpoint failed", exc_info=True)  # retried after the next commit
        finally:
            with self._lock:
                closing = self._stop or engine.pool is not pool
            if closing:
                raw.invalidate()  # its pool is (being) disposed of: close it now, not at garbage collection
            else:
                raw.close()


def ledger_engine(url: str, **kwargs: Any) -> sa.Engine:
    """Engine for the central ledger: an SQLite file (demo, pilot) or PostgreSQL (production)."""
    # JSON stored as the laptop stores it (compact_json), so the rows a snapshot copies as stored text
    # match what later pulls write.
    kwargs.setdefault("json_serializer", compact_json)
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
