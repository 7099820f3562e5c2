"""Fixtures for widget tests: a real encrypted demo workspace, contexts for an RM and the branch head,
background tasks run inline, message boxes recorded instead of shown, and item-model checking."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QObject
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QWidget
from sqlmodel import Session, select

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.models import User
from crm.services.context import Actor
from crm.services.demo_data import fill_workspace
from crm.ui import worker
from crm.ui.context import AppContext

# Cheap argon2 cost for tests only; the product default is in crm.db.crypto.DEFAULT_KDF.
TEST_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "test-password-42"  # noqa: S105 (a throwaway test workspace)
DEMO_SEED = 7
DEMO_TODAY = date(2026, 11, 23)
#: Demo staff of 城中支行 used by the tests: an RM with an approved plan for the demo month, the head.
RM_USERNAME = "chenqiang"
HEAD_USERNAME = "zhangwei"


UI_DIR = Path(__file__).resolve().parent
#: Qt messages that say nothing about the code under test (the offscreen platform's limits).
QT_LOG_IGNORE = (
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the (keyboard|mouse)",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(UI_DIR):
            item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE))


@dataclass
class UiContexts:
    """One demo workspace and the signed-in contexts built on it (all share the same database)."""

    workspace: Workspace
    keystore: MemoryKeyStore
    make: Callable[[str], AppContext]
    _made: dict[str, AppContext] = field(default_factory=dict)

    def for_user(self, username: str) -> AppContext:
        if username not in self._made:
            self._made[username] = self.make(username)
        return self._made[username]

    @property
    def rm(self) -> AppContext:
        return self.for_user(RM_USERNAME)

    @property
    def head(self) -> AppContext:
        return self.for_user(HEAD_USERNAME)


@pytest.fixture(autouse=True)
def inline_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """`run_task` runs synchronously, so a test sees the loaded data right after the call."""
    monkeypatch.setattr(worker, "RUN_INLINE", True)


@dataclass
class MessageBoxes:
    """Message boxes the code under test tried to show: (kind, title, text)."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes

    @property
    def texts(self) -> list[str]:
        return [text for _kind, _title, text in self.shown]

    def clear(self) -> None:
        self.shown.clear()


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    """A modal box would block an offscreen test forever: record it and answer `answer` instead."""
    boxes = MessageBoxes()

    def fake(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: QWidget | None, title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
            boxes.shown.append((kind, title, text))
            return boxes.answer

        return show

    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    return boxes


@pytest.fixture
def ui_ctx(tmp_path: Path, qapp: Any) -> Iterator[UiContexts]:
    """A real SQLCipher workspace filled with the demo branch (200 clients, 600 visits, today 2026-11-23)."""
    keystore = MemoryKeyStore()
    ws = Workspace.create(tmp_path / "ws", password=PASSWORD, keystore=keystore, kdf=TEST_KDF)
    fill_workspace(ws, seed=DEMO_SEED, clients=200, visits=600, today=DEMO_TODAY)

    def make(username: str) -> AppContext:
        with Session(ws.engine) as session:
            user = session.exec(select(User).where(User.username == username)).one()
            actor = Actor.of(user)
        return AppContext(ws, actor, keystore=keystore)

    contexts = UiContexts(workspace=ws, keystore=keystore, make=make)
    yield contexts
    ws.close()


@pytest.fixture
def rm_ctx(ui_ctx: UiContexts) -> AppContext:
    return ui_ctx.rm


@pytest.fixture
def head_ctx(ui_ctx: UiContexts) -> AppContext:
    return ui_ctx.head


def project_models(*targets: QObject) -> list[QAbstractItemModel]:
    """The project's own item models (crm.ui.*) given directly or shown by views inside widgets."""
    found: dict[int, QAbstractItemModel] = {}
    for target in targets:
        if isinstance(target, QAbstractItemModel):
            candidates = [target]
        else:
            candidates = [view.model() for view in target.findChildren(QAbstractItemView)]
        for model in candidates:
            if model is not None and type(model).__module__.startswith("crm."):
                found[id(model)] = model
    return list(found.values())


@pytest.fixture
def check_models(qtmodeltester: Any, request: pytest.FixtureRequest) -> Callable[..., int]:
    """Run pytest-qt's model tester on every project model of the given widgets or models; the checks
    keep running on each later change until the test ends. Returns how many models are checked."""
    # Imported here: pytest-qt sets up its Qt binding only once the plugin is configured.
    from pytestqt.modeltest import ModelTester

    testers: list[Any] = []

    def check(*targets: QObject) -> int:
        models = project_models(*targets)
        for model in models:
            tester = qtmodeltester if not testers else ModelTester(request.config)
            tester.check(model)
            testers.append(tester)
        return len(models)

    return check


@pytest.fixture
def demo_today() -> date:
    """The demo data's "today"; screens under test get it through their `clock`."""
    return DEMO_TODAY


@pytest.fixture
def demo_clock() -> Callable[[], date]:
    return lambda: DEMO_TODAY


class Keyboard:
    """Typing as a user does. `QTest.keyClicks` aborts the process on non-Latin-1 text, so Chinese text
    arrives as an input-method commit, the way a pinyin IME delivers it."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot

    def type(self, widget: QWidget, text: str) -> None:
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtWidgets import QApplication

        widget.setFocus()
        for chunk in _runs(text):
            if chunk.isascii():
                self.qtbot.keyClicks(widget, chunk)
            else:
                event = QInputMethodEvent("", [])
                event.setCommitString(chunk)
                QApplication.sendEvent(widget, event)

    def pick_client(self, picker: Any, client_id: str, query: str) -> None:
        """Type `query` (pinyin initials, a code…) into a ClientPicker and choose `client_id` from the
        suggestions with Down… and Enter."""
        from PySide6.QtCore import Qt

        picker.setFocus()
        self.qtbot.keyClicks(picker, query)
        popup = picker.completer_.popup()
        self.qtbot.waitUntil(popup.isVisible)
        ids = [picker.suggestions.item(r).data(Qt.ItemDataRole.UserRole)
               for r in range(picker.suggestions.rowCount())]
        assert client_id in ids, f"{query!r} does not suggest the client"
        for _ in range(ids.index(client_id) + 1):
            self.qtbot.keyClick(popup, Qt.Key.Key_Down)
        self.qtbot.keyClick(popup, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: picker.client_id == client_id)


def _runs(text: str) -> list[str]:
    """Split into runs of ASCII and non-ASCII characters."""
    runs: list[str] = []
    for ch in text:
        if runs and runs[-1][-1].isascii() == ch.isascii():
            runs[-1] += ch
        else:
            runs.append(ch)
    return runs


@pytest.fixture
def keyboard(qtbot: Any) -> Keyboard:
    return Keyboard(qtbot)


@pytest.fixture
def show(qtbot: Any) -> Callable[[QWidget], QWidget]:
    """Register a top-level widget with qtbot, show it and make it the active window (shortcuts and
    focus only work in the active window)."""

    def show_widget(widget: QWidget) -> QWidget:
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)
        return widget

    return show_widget
