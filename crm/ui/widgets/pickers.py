"""Input helpers shared by screens and forms: a search-as-you-type client picker, a date prompt, and
keyboard shortcuts bound in one call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import cast

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm.services.clients import ClientFilter, list_clients
from crm.ui.context import AppContext

SEARCH_DEBOUNCE_MS = 120
SUGGESTIONS = 15
_ID_ROLE = Qt.ItemDataRole.UserRole


class ClientPicker(QLineEdit):
    """Type part of a name, pinyin initials, a code or a phone tail; pick from the suggestions.

    The client service does the matching (also pinyin), so the completer shows its results unfiltered.
    Leaving the field with a text that names exactly one suggestion picks that one.
    """

    client_chosen = Signal(str)  # client id; "" when the field no longer names a client

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._client_id = ""
        self._chosen_text = ""
        self.setObjectName("client_picker")
        self.setPlaceholderText(self.tr("输入客户名称、拼音首字母或代码"))
        self.setClearButtonEnabled(True)
        self.suggestions = QStandardItemModel(self)
        self.completer_ = QCompleter(self.suggestions, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(10)
        self.setCompleter(self.completer_)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.textEdited.connect(self.on_text_edited)
        self._debounce.timeout.connect(self.search_now)
        self.completer_.activated[QModelIndex].connect(self.on_suggestion_activated)  # type: ignore[index]
        self.editingFinished.connect(self.resolve)

    # -- public API ------------------------------------------------------------------------------

    @property
    def client_id(self) -> str:
        return self._client_id

    def set_client(self, client_id: str, name: str) -> None:
        self._client_id = client_id
        self._chosen_text = name
        self.setText(name)
        self.client_chosen.emit(client_id)

    def resolve(self) -> str:
        """Settle the choice from the typed text (exact or single match); returns the client id."""
        if self._debounce.isActive():
            self.search_now(popup=False)
        text = self.text().strip()
        if not text:
            self._set_id("")
        elif text != self._chosen_text:
            names = [(self.suggestions.item(r).text(), self.suggestions.item(r).data(_ID_ROLE))
                     for r in range(self.suggestions.rowCount())]
            exact = [cid for name, cid in names if name == text]
            match = exact[0] if len(exact) == 1 else names[0][1] if len(names) == 1 else ""
            if match:
                self._chosen_text = next(name for name, cid in names if cid == match)
                self.setText(self._chosen_text)
            self._set_id(match)
        return self._client_id

    # -- behaviour -------------------------------------------------------------------------------

    def on_text_edited(self, text: str) -> None:
        if text.strip() != self._chosen_text:
            self._set_id("")
        self._debounce.start()

    def search_now(self, popup: bool = True) -> None:
        self._debounce.stop()
        text = self.text().strip()
        rows = self.ctx.read(list_clients, filters=ClientFilter(text=text), limit=SUGGESTIONS) if text else []
        self.suggestions.clear()
        for row in rows:
            item = QStandardItem(row.legal_name)
            item.setData(row.id, _ID_ROLE)
            owner = row.owner_name or self.tr("待认领")
            item.setToolTip(f"{row.legal_name}（{owner}）")
            self.suggestions.appendRow(item)
        if popup and rows and self.hasFocus():
            self.completer_.complete()

    def on_suggestion_activated(self, index: QModelIndex) -> None:
        client_id = index.data(_ID_ROLE)
        if client_id:
            self._chosen_text = index.data(Qt.ItemDataRole.DisplayRole)
            self._set_id(client_id)
            # The completer writes the text after this signal; keep ours consistent with it.
            QTimer.singleShot(0, self, self._show_chosen_text)

    def _show_chosen_text(self) -> None:
        self.setText(self._chosen_text)

    def _set_id(self, client_id: str) -> None:
        if client_id != self._client_id:
            self._client_id = client_id
            self.client_chosen.emit(client_id)


class DatePromptDialog(QDialog):
    """Ask for one date (reschedule a task, 延迟至… a plan item), keyboard first: type, Enter."""

    def __init__(self, title: str, prompt: str, initial: date, *, minimum: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.date_edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
        self.date_edit.setObjectName("date_prompt")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        if minimum is not None:
            self.date_edit.setMinimumDate(QDate(minimum.year, minimum.month, minimum.day))
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(QLabel(prompt), self.date_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> date:
        return cast(date, self.date_edit.date().toPython())


def ask_date(parent: QWidget | None, title: str, prompt: str, initial: date,
             minimum: date | None = None) -> date | None:
    dialog = DatePromptDialog(title, prompt, initial, minimum=minimum, parent=parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PeriodPromptDialog(QDialog):
    """Ask for a period (from, to), defaulting to last month: what a branch prints its ledger for."""

    def __init__(self, title: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        last_end = today.replace(day=1) - timedelta(days=1)
        self.date_from = self._edit(last_end.replace(day=1), "period_from")
        self.date_to = self._edit(last_end, "period_to")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b91c1c;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.on_accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("起始日期(&F)"), self.date_from)
        form.addRow(self.tr("截止日期(&T)"), self.date_to)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @staticmethod
    def _edit(day: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def value(self) -> tuple[date, date]:
        return (cast(date, self.date_from.date().toPython()), cast(date, self.date_to.date().toPython()))

    def on_accept(self) -> None:
        start, end = self.value()
        if end < start:
            self.message.setText(self.tr("截止日期不能早于起始日期"))
            return
        self.accept()


def ask_period(parent: QWidget | None, title: str, today: date | None = None) -> tuple[date, date] | None:
    dialog = PeriodPromptDialog(title, today or date.today(), parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def bind_key(parent: QWidget, keys: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QShortcut:
    """A keyboard shortcut on `parent` calling `slot`; WidgetWithChildrenShortcut keeps a screen's keys
    to that screen when several live in one window."""
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut
