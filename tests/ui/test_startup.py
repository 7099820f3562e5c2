"""Start-up: the window's Qt-free modules load off the GUI thread, and the storage stack before Qt."""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Any

import pytest

from crm.domain.enums import Role
from crm.ui import app as ui_app
from crm.ui.screens import screens_for


def _run(script: str) -> str:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)  # noqa: S603
    return out.stdout.strip()


def test_the_preload_is_qt_free_and_covers_the_window_and_its_first_screens() -> None:
    # A service the first screens read but the preload misses is imported on the GUI thread again; a
    # Qt module in the preload would make PySide6 types from two threads.
    first = sorted({spec.factory.split(":")[0] for role in Role for spec in screens_for(role)[:2]})
    window = ["crm.ui.context", "crm.ui.main_window", "crm.ui.widgets.sync_status", *first]
    script = f"""
import importlib, sys
for name in {ui_app.PRELOADED_MODULES!r}:
    importlib.import_module(name)
assert "PySide6" not in sys.modules, "a preloaded module imports Qt"
preloaded = set(sys.modules)
for name in {window!r}:
    importlib.import_module(name)
print(sorted(m for m in sys.modules if m not in preloaded and m.startswith(("crm.domain", "crm.services"))))
"""
    assert _run(script) == "[]"


def test_the_app_loads_the_storage_stack_before_qt() -> None:
    order = _run("import sys, crm.ui.app; print(list(sys.modules))")
    assert order.index("'sqlalchemy'") < order.index("'PySide6'")
    assert order.index("'pydantic'") < order.index("'PySide6'")


def test_a_preload_imports_the_modules_on_a_worker_and_releases_the_waiters() -> None:
    # In a fresh process, with the real worker pool: the modules are not there before, are after the wait.
    script = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import crm.ui.app as a
before = [m for m in a.PRELOADED_MODULES if m not in sys.modules]
a.preload_window_modules()
a._await_window_modules()
print(bool(before), [m for m in a.PRELOADED_MODULES if m not in sys.modules], a._window_modules_loaded.is_set())
from crm.ui.worker import wait_all
wait_all()  # as `run` does before the process ends
"""
    assert _run(script) == "True [] True"


def test_a_failed_preload_does_not_block_the_window(monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(ui_app, "PRELOADED_MODULES", ("crm.services.no_such_module",))
    with caplog.at_level(logging.WARNING, logger="crm.ui.worker"):
        ui_app.preload_window_modules()
    assert ui_app._window_modules_loaded.is_set()  # waiters go on and import (and fail) themselves
    assert "ModuleNotFoundError" in caplog.text


def test_an_index_built_by_an_older_version_is_rebuilt_before_the_window_opens(
        ui_ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlmodel import Session, select

    from crm.domain.models import Client, LocalSetting
    from crm.services import search

    ws = ui_ctx.workspace
    with Session(ws.engine) as session:
        setting = session.get(LocalSetting, search.SETTING_KEY)
        assert setting is not None
        setting.value = {**setting.value, "version": search.INDEX_VERSION - 1}
        session.add(setting)
        session.commit()
        assert search.index_outdated(session=session)
    seen: list[tuple[int, int]] = []
    rebuild = search.rebuild_index

    def watched(*, session: Any, progress: Any = None) -> int:
        def report(done: int, total: int) -> None:
            seen.append((done, total))
            progress(done, total)
        return rebuild(session=session, progress=report)

    monkeypatch.setattr(search, "rebuild_index", watched)
    ctx = ui_ctx.rm
    window = ui_app.build_main_window(ui_app.Signed(ws, ctx.actor, ui_ctx.keystore))
    qtbot.addWidget(window)
    assert seen and seen[-1][0] == seen[-1][1] > 0  # rebuilt, reporting its progress to the dialog
    with Session(ws.engine) as session:
        assert not search.index_outdated(session=session)
        mine = session.exec(select(Client).where(Client.owner_id == ctx.actor.user_id)).first()
        assert mine is not None
        found = search.search_clients(session=session, actor=ctx.actor, text=mine.legal_name[-6:])
        assert mine.id in {row.id for row in found}
