"""The signed-in state the widgets share: workspace, acting user, sync engine, and change notifications."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QObject, Signal
from sqlmodel import Session

from crm.db.engine import session_scope
from crm.db.keystore import KeyStore
from crm.db.workspace import Workspace
from crm.services.context import Actor

#: SQLite steps between two checks of whether a background read is still wanted: about one a
#: millisecond, each taking the GIL for a moment.
_STALE_CHECK_STEPS = 50_000


class AppContext(QObject):
    """One per unlocked workspace. Services run in a fresh session per unit of work, never shared.

    `data_changed(entity)` tells every screen that rows of `entity` changed (a local edit or a pull),
    so they refresh without knowing who changed what.
    """

    data_changed = Signal(str)
    lock_requested = Signal()
    switch_user_requested = Signal()

    def __init__(self, workspace: Workspace, actor: Actor, *, keystore: KeyStore | None,
                 sync_engine: Any = None, demo: Any = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.actor = actor
        self.keystore = keystore
        self.sync_engine = sync_engine
        self.demo = demo  # the embedded demo ledger, when started with --demo
        self._sync_mark: tuple[Any, ...] | None = None  # the replica's sync state at the last failed sync

    def after_failed_sync(self) -> None:
        """A sync broke off: the pages pulled before the break are committed (each with its cursor), and
        answers received may have changed rows, so the screens look again when the replica moved since
        the last failure (always, the first time: nothing is known to compare with)."""
        try:
            status = self.sync_engine.status() if self.sync_engine is not None else None
        except Exception:  # the replica cannot be read: the screens will say so when they look
            status = None
        mark = None if status is None else (status.epoch, status.cursor, status.pending, status.rejected,
                                            status.open_conflicts)
        if mark is None or mark != self._sync_mark:
            self._sync_mark = mark
            self.data_changed.emit("sync")

    @property
    def language(self) -> str:
        return self.workspace.settings.language

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.workspace.engine) as session:
            yield session

    def read(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """Call a read service as the signed-in user in its own session."""
        with self.session() as session:
            return fn(session=session, actor=self.actor, **kwargs)

    def read_unless_stale(self, fn: Callable[..., Any], stale: Callable[[], bool], **kwargs: Any) -> Any:
        """``read`` for a worker thread whose answer may stop mattering (the user typed on): None, without
        reading, once ``stale()`` says so; a query already running is abandoned midway."""
        if stale():
            return None
        try:
            with self.session() as session:
                dbapi = session.connection().connection.dbapi_connection
                # SQLite asks every so many steps and a true answer interrupts the query; elsewhere the
                # query runs to its end.
                watch = getattr(dbapi, "set_progress_handler", None)
                if watch is not None:
                    watch(stale, _STALE_CHECK_STEPS)
                try:
                    return fn(session=session, actor=self.actor, **kwargs)
                finally:
                    if watch is not None:
                        watch(None, 0)
        except sa.exc.OperationalError:
            if stale():
                return None
            raise

    def write(self, fn: Callable[..., Any], *, entity: str, **kwargs: Any) -> Any:
        """Call a write service in one transaction, then tell the screens `entity` changed."""
        with self.session() as session:
            result = fn(session=session, actor=self.actor, **kwargs)
        self.data_changed.emit(entity)
        return result

    def verify_password(self, password: str) -> bool:
        from crm.domain.errors import DomainError

        try:
            self.workspace.verify_password(password, self.keystore)
        except DomainError:
            return False
        return True
