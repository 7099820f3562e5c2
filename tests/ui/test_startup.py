"""Start-up: the main window's modules load ahead, off the GUI thread, and a failed load never hangs it."""

from __future__ import annotations

import importlib.util
import logging

import pytest

from crm.domain.enums import Role
from crm.ui import app as ui_app
from crm.ui.screens import screens_for


@pytest.mark.parametrize("role", [Role.RM, Role.BRANCH_HEAD])
def test_the_preload_covers_the_first_screens(role: Role) -> None:
    # The window shows the first screen at once and 客户 is the next one opened; a screen added in
    # front of them should join the preload, or its imports land back on the GUI thread.
    first = {spec.factory.split(":")[0] for spec in screens_for(role)[:2]}
    assert first <= set(ui_app.WINDOW_MODULES)
    for name in ui_app.WINDOW_MODULES:
        assert importlib.util.find_spec(name) is not None, name


def test_a_preload_imports_the_window_modules_and_releases_the_waiters() -> None:
    ui_app.preload_window_modules()  # inline in tests (crm.ui.worker.RUN_INLINE)
    ui_app._await_window_modules()
    assert ui_app._window_modules_loaded.is_set()


def test_a_failed_preload_does_not_block_the_window(monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(ui_app, "WINDOW_MODULES", ("crm.ui.no_such_module",))
    with caplog.at_level(logging.WARNING, logger="crm.ui.worker"):
        ui_app.preload_window_modules()
    assert ui_app._window_modules_loaded.is_set()  # waiters go on and import (and fail) themselves
    assert "ModuleNotFoundError" in caplog.text
