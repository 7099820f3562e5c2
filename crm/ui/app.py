"""Desktop entry point: QApplication, translations, unlock or first-run enrolment, main window, self-test."""

from __future__ import annotations

import importlib
import logging
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

# The storage stack (SQLAlchemy, SQLModel, pydantic) before Qt: once PySide6 is loaded, its import hook
# reads the source of every module imported after it, ~0.1 s more for these.
from crm.db.keystore import KeyStore, default_keystore
from crm.db.workspace import Workspace, default_workspace_dir, load_settings

# isort: split
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from crm.ui import i18n

log = logging.getLogger(__name__)

# What the main window and its first screens (今日, 客户) read, imported off the GUI thread while the key
# is derived: the domain tables and the services, ~0.3 s of SQLModel and pydantic classes. Qt-free by
# the import contracts; the Qt modules are imported on the GUI thread (PySide6 makes its types lazily,
# and that is not safe from two threads at once).
PRELOADED_MODULES = (
    "crm.domain.models",
    "crm.services.context",
    "crm.services.search",
    "crm.services.sync_view",
    # 今日
    "crm.services.claims",
    "crm.services.outbox",
    "crm.services.plans",
    "crm.services.proposals",
    "crm.services.tasks",
    "crm.services.visits",
    # 客户 and the client detail
    "crm.services.clients",
    "crm.services.complaints",
    "crm.services.org",
    "crm.services.pitches",
    "crm.services.surveys",
)
_window_modules_loaded = threading.Event()
_window_modules_loaded.set()  # nothing to wait for until preload_window_modules() starts a load


@dataclass
class Signed:
    """An unlocked workspace and who is using it; what the main window is built from."""

    workspace: Workspace
    actor: Any
    keystore: KeyStore | None
    sync_engine: Any = None
    demo: Any = None


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName("bank-rm-crm")
    QCoreApplication.setApplicationName("bank-rm-crm")
    return app  # type: ignore[return-value]


def preload_window_modules() -> None:
    """Import PRELOADED_MODULES on a worker thread while the GUI thread waits for the password and argon2
    derives the key (argon2 releases the GIL)."""
    from crm.ui.worker import run_task

    if not _window_modules_loaded.is_set():
        return
    _window_modules_loaded.clear()
    run_task(_import_window_modules)


def _import_window_modules() -> None:
    try:
        for name in PRELOADED_MODULES:
            importlib.import_module(name)
        # The mappers' configuration is pure Python too (~25 ms for the 29 tables), otherwise done by
        # the first query on the GUI thread; SQLAlchemy serialises it under its own lock.
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
    finally:
        # A failed import is raised again, with its traceback, where the GUI thread imports the module.
        _window_modules_loaded.set()


def _await_window_modules() -> None:
    """Block until a preload under way is done: the GUI thread then finds these modules imported rather
    than importing them alongside the worker."""
    _window_modules_loaded.wait()


def workspace_actor(workspace: Workspace) -> Any:
    _await_window_modules()
    from crm.db.engine import session_scope
    from crm.services.context import signed_in_actor

    with session_scope(workspace.engine) as session:
        return signed_in_actor(session=session)


def build_main_window(signed: Signed) -> Any:
    _await_window_modules()
    from crm.db.engine import session_scope
    from crm.services.search import ensure_index, index_outdated
    from crm.ui.context import AppContext
    from crm.ui.main_window import MainWindow

    with session_scope(signed.workspace.engine) as session:
        if index_outdated(session=session):  # built by an older version of the app: rebuilt once
            _rebuild_search_index(session, ensure_index)
    ctx = AppContext(signed.workspace, signed.actor, keystore=signed.keystore, sync_engine=signed.sync_engine,
                     demo=signed.demo)
    window = MainWindow(ctx)
    return window


def _rebuild_search_index(session: Any, ensure_index: Callable[..., bool]) -> None:
    """The one-time rebuild after an update (seconds on a large book), with a progress dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    class Dialog(QProgressDialog):
        def reject(self) -> None:  # Escape: the rebuild cannot be cancelled, so the dialog stays
            pass

    dialog = Dialog(QCoreApplication.translate("App", "正在更新客户搜索索引（仅此一次）…"), "", 0, 100)
    dialog.setWindowTitle(QCoreApplication.translate("App", "客户经理工作台"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)

    def progress(done: int, total: int) -> None:
        dialog.setValue(100 * done // total if total else 100)
        QApplication.processEvents()

    try:
        ensure_index(session=session, progress=progress)
    finally:
        dialog.close()
        dialog.deleteLater()


def self_test(window: Any) -> list[str]:
    """Open every screen once; return the failures (screen key and reason)."""
    failures: list[str] = []
    for spec in window.specs:
        try:
            widget = window.show_screen(spec.key)
            QApplication.processEvents()
            if not widget.isVisible() and window.isVisible():
                failures.append(f"{spec.key}: not visible")
        except Exception as exc:  # the self-test reports every broken screen, not only the first
            failures.append(f"{spec.key}: {type(exc).__name__}: {exc}")
            log.debug("%s", traceback.format_exc())
    return failures


def local_demo_workspace(keystore: KeyStore | None) -> Signed:
    """A throwaway workspace filled by the demo generator, with no ledger: used by the bundle's self-test."""
    import secrets

    from crm.services.demo_data import fill_workspace

    path = Path(tempfile.mkdtemp(prefix="crm-selftest-")) / "workspace"
    ws = Workspace.create(path, password="Selftest-" + secrets.token_urlsafe(12), keystore=keystore)
    fill_workspace(ws, seed=7, clients=300, visits=1200, today=date.today())
    return Signed(ws, workspace_actor(ws), keystore)


def run(*, workspace: Path | None, demo_factory: Callable[[], Signed] | None, self_test_only: bool,
        language: str | None = None) -> int:
    try:
        return _run(workspace=workspace, demo_factory=demo_factory, self_test_only=self_test_only,
                    language=language)
    finally:
        from crm.ui.worker import wait_all

        # A task still running (the preload, when the login is cancelled at once) while Python shuts
        # down would crash the process on its way out.
        wait_all(10000)


def _run(*, workspace: Path | None, demo_factory: Callable[[], Signed] | None, self_test_only: bool,
         language: str | None) -> int:
    app = make_app()
    preload_window_modules()
    keystore = default_keystore()
    path = workspace or default_workspace_dir()
    settings_lang = language or (load_settings(path).language if Workspace.exists(path) else "zh_CN")
    i18n.install(app, settings_lang)
    try:
        if demo_factory is not None:
            signed = demo_factory()
        elif self_test_only and not Workspace.exists(path):
            signed = local_demo_workspace(keystore)
        else:
            from crm.ui.dialogs.login import obtain_session

            obtained = obtain_session(path, keystore)
            if obtained is None:
                return 1
            signed = obtained
    except Exception as exc:
        from crm.ui.errors import error_text

        print(f"crm gui: {error_text(exc, settings_lang)}", file=sys.stderr)
        return 1
    window = build_main_window(signed)
    if self_test_only:
        window.show()
        failures = self_test(window)
        window.close()
        signed.workspace.close()
        for failure in failures:
            print(f"self-test: {failure}", file=sys.stderr)
        if signed.demo is not None:
            signed.demo.remove()
        verdict = "FAILED" if failures else f"OK ({len(window.specs)} screens)"
        print(f"self-test: {verdict}", file=sys.stderr)
        return 1 if failures else 0
    controller = WindowController(app, signed)
    controller.open()
    code = app.exec()
    controller.close()
    return int(code)


class WindowController:
    """Owns the main window's life: opening, switching the demo user, switching the language."""

    def __init__(self, app: QApplication, signed: Signed) -> None:
        self.app = app
        self.signed = signed
        self.window: Any = None

    def open(self) -> None:
        from crm.ui.dialogs.login import acknowledge_if_needed

        if not acknowledge_if_needed(self.signed.workspace, self.signed.actor):
            self.app.quit()
            return
        self.window = build_main_window(self.signed)
        self.window.ctx.switch_user_requested.connect(self.on_switch_user_requested)
        self.window.language_change_requested.connect(self.on_language_change_requested)
        self.window.show()
        # Reminders (catch-up first) and periodic sync, once the window is up; stopped on close.
        self.window.start_background_jobs_soon()
        QTimer.singleShot(0, lambda: self.window.sync_status.sync_now())

    def _close_window(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def close(self) -> None:
        self._close_window()
        self.signed.workspace.close()
        if self.signed.demo is not None:
            self.signed.demo.remove()

    def on_switch_user_requested(self) -> None:
        """Demo only: sign in as the other demo user against the same embedded ledger."""
        demo = self.signed.demo
        if demo is None:
            return
        from crm.domain.models import User
        from crm.ui.errors import show_error

        with self.window.ctx.session() as session:
            user = session.get(User, self.signed.actor.user_id)
            username = user.username if user else ""
        previous = self.signed
        self.window.sync_status.sync_now()  # what the current user did reaches the ledger first
        from crm.ui.worker import wait_all

        wait_all(30000)
        self._close_window()
        try:
            self.signed = demo.sign_in(demo.other_user(username))
        except Exception as exc:
            self.signed = previous
            show_error(None, exc)
            self.open()
            return
        previous.workspace.close()
        self.open()

    def on_language_change_requested(self, language: str) -> None:
        settings = self.signed.workspace.settings
        if settings.language == language:
            return
        settings.language = language
        self.signed.workspace.save_settings()
        i18n.install(self.app, language)
        self._close_window()
        self.open()
