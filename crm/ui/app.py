"""Desktop entry point: QApplication, translations, unlock or first-run enrolment, main window, self-test."""

from __future__ import annotations

import logging
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from crm.db.keystore import KeyStore, default_keystore
from crm.db.workspace import Workspace, default_workspace_dir, load_settings
from crm.ui import i18n

log = logging.getLogger(__name__)


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


def workspace_actor(workspace: Workspace) -> Any:
    from crm.db.engine import session_scope
    from crm.domain.errors import DomainError
    from crm.domain.models import LocalSetting, User
    from crm.services.context import Actor

    with session_scope(workspace.engine) as session:
        owner = session.get(LocalSetting, "owner")
        user = session.get(User, owner.value["user_id"]) if owner and owner.value else None
        if user is None:
            raise DomainError("workspace.no_owner")
        return Actor.of(user)


def build_main_window(signed: Signed) -> Any:
    from crm.ui.context import AppContext
    from crm.ui.main_window import MainWindow

    ctx = AppContext(signed.workspace, signed.actor, keystore=signed.keystore, sync_engine=signed.sync_engine,
                     demo=signed.demo)
    window = MainWindow(ctx)
    return window


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
    app = make_app()
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
        print("self-test: " + ("FAILED" if failures else f"OK ({len(window.specs)} screens)"), file=sys.stderr)
        return 1 if failures else 0
    window.show()
    window.start_background_jobs()  # reminders (catch-up first) and the periodic sync; stopped on close
    QTimer.singleShot(0, lambda: window.sync_status.sync_now())
    code = app.exec()
    signed.workspace.close()
    return int(code)
