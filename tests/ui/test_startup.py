"""Start-up: the window's Qt-free modules load off the GUI thread, and the storage stack before Qt."""

from __future__ import annotations

import logging
import subprocess
import sys

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


def test_a_preload_imports_the_modules_and_releases_the_waiters() -> None:
    ui_app.preload_window_modules()  # inline in tests (crm.ui.worker.RUN_INLINE)
    ui_app._await_window_modules()
    assert ui_app._window_modules_loaded.is_set()


def test_a_failed_preload_does_not_block_the_window(monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(ui_app, "PRELOADED_MODULES", ("crm.services.no_such_module",))
    with caplog.at_level(logging.WARNING, logger="crm.ui.worker"):
        ui_app.preload_window_modules()
    assert ui_app._window_modules_loaded.is_set()  # waiters go on and import (and fail) themselves
    assert "ModuleNotFoundError" in caplog.text
