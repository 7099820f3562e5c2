"""投诉 screen: the complaint register with deadlines and breaches, registration and the handling workflow."""

from __future__ import annotations

import html
import importlib
import importlib.util
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import ComplaintCategory, ComplaintChannel, ComplaintStatus, FeedbackMode
from crm.domain.errors import DomainError
from crm.domain.rules.workflow import COMPLAINT_MACHINE, complaint_deadlines, complaint_route
from crm.domain.types import utcnow
from crm.services import complaints as svc
from crm.services.complaints import CHINA_TZ, ComplaintCreate, ComplaintRegisterRow
from crm.services.org import user_names
from crm.ui.context import AppContext
from crm.ui.errors import error_text, show_error
from crm.ui.labels import (
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    COMPLAINT_STATUSES,
    FEEDBACK_MODES,
    department_label,
    label,
)
from crm.ui.models.tinted_table_model import TintedTableModel
from crm.ui.widgets.columns import set_column_widths
from crm.ui.widgets.pickers import ClientPicker

_OK, _CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
#: An open deadline closer than this is shown amber ("due soon").
DUE_SOON_RESPOND = timedelta(hours=4)
DUE_SOON_RESOLVE = timedelta(days=2)
#: The register opens on the last half year of complaints.
DEFAULT_PERIOD_DAYS = 180
ACTIONS = ("classify", "handle", "resolve", "feed_back", "follow_up", "close", "reopen")
_OPEN = "__open__"


def printing_available() -> bool:
    """The printing module is written separately; without it the Print button stays hidden."""
    return importlib.util.find_spec("crm.ui.printing") is not None


def china(value: datetime | None) -> str:
    return value.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if value else ""


def short_china(value: datetime | None) -> str:
    return value.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if value else ""


def complaint_tone(row: ComplaintRegisterRow, now: datetime) -> str | None:
    """'breach' for an open case past a deadline (or done late), 'soon' for one nearly due, else None."""
    if row.status is ComplaintStatus.CLOSED:
        return None
    if row.response_breached or row.resolution_breached:
        return "breach"
    if row.responded_at is None and row.respond_by - now <= DUE_SOON_RESPOND:
        return "soon"
    if row.resolved_at is None and row.resolve_by - now <= DUE_SOON_RESOLVE:
        return "soon"
    return None


# --- small dialogs ---------------------------------------------------------------------------------


class ComplaintRegisterDialog(QDialog):
    """登记投诉: client, channel, when, summary and details; optionally classified at once."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = utcnow) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.now = now
        self.created_id: str | None = None
        self.setWindowTitle(self.tr("登记投诉"))
        self.setMinimumWidth(520)
        self.client = ClientPicker(ctx)
        self.channel = QComboBox()
        self.channel.setObjectName("complaint_channel")
        for channel in ComplaintChannel:
            self.channel.addItem(label(COMPLAINT_CHANNELS, channel), channel)
        self.received = QDateTimeEdit()
        self.received.setObjectName("complaint_received")
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd HH:mm")
        # Deadlines and registers run on Beijing time wherever the laptop's clock is set.
        local = now().astimezone(CHINA_TZ)
        self.received.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                            QTime(local.hour, local.minute)))
        self.received.setMaximumDateTime(self.received.dateTime().addSecs(300))
        self.category = QComboBox()
        self.category.setObjectName("complaint_category")
        self.category.addItem(self.tr("暂不分类"), None)
        for category in ComplaintCategory:
            self.category.addItem(label(COMPLAINT_CATEGORIES, category), category)
        self.summary = QLineEdit()
        self.summary.setObjectName("complaint_summary")
        self.summary.setMaxLength(200)
        self.summary.setPlaceholderText(self.tr("一句话概括客户的诉求"))
        self.details = QPlainTextEdit()
        self.details.setObjectName("complaint_details")
        self.details.setPlaceholderText(self.tr("经过、客户诉求、已做的解释（可选）"))
        self.details.setTabChangesFocus(True)
        self.hint = QLabel()
        self.hint.setObjectName("complaint_deadline_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #4b5563;")
        self.message = QLabel()
        self.message.setObjectName("complaint_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c;")
        form = QFormLayout()
        form.addRow(self.tr("客户(&K)"), self.client)
        form.addRow(self.tr("渠道(&Q)"), self.channel)
        form.addRow(self.tr("受理时间(&T)"), self.received)
        self.received.setToolTip(self.tr("北京时间"))
        form.addRow(self.tr("类别(&G)"), self.category)
        form.addRow(self.tr("摘要(&S)"), self.summary)
        form.addRow(self.tr("详情(&D)"), self.details)
        self.buttons = QDialogButtonBox(_OK | _CANCEL)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        self.buttons.accepted.connect(self.on_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.received.dateTimeChanged.connect(lambda _v: self.update_hint())
        self.category.currentIndexChanged.connect(lambda _i: self.update_hint())
        self.update_hint()
        self.client.setFocus()

    def received_at(self) -> datetime:
        naive: datetime = self.received.dateTime().toPython()  # type: ignore[assignment]
        return naive.replace(tzinfo=CHINA_TZ)

    def update_hint(self) -> None:
        deadlines = complaint_deadlines(self.received_at())
        text = self.tr("须在 {0} 前响应，{1} 前解决（均为北京时间）").format(
            china(deadlines.respond_by), china(deadlines.resolve_by))
        category = self.category.currentData()
        if category is not None:
            text += self.tr("；分类后转交：{0}").format(department_label(complaint_route(category)))
        self.hint.setText(text)

    def data(self) -> ComplaintCreate:
        return ComplaintCreate(client_id=self.client.resolve(), channel=self.channel.currentData(),
                               summary=self.summary.text(), details=self.details.toPlainText().strip(),
                               received_at=self.received_at(), category=self.category.currentData())

    def on_accept(self) -> None:
        client_id = self.client.resolve()
        if not client_id:
            self.message.setText(self.tr("请选择客户（输入名称或拼音首字母后从列表中选择）"))
            self.client.setFocus()
            return
        if not self.summary.text().strip():
            self.message.setText(self.tr("请填写投诉摘要"))
            self.summary.setFocus()
            return
        try:
            complaint = self.ctx.write(svc.register_complaint, entity="complaint", data=self.data())
        except DomainError as exc:
            self.message.setText(error_text(exc, self.ctx.language))
            return
        except Exception as exc:
            show_error(self, exc, self.ctx.language)
            return
        self.created_id = complaint.id
        self.accept()


class ChoiceDialog(QDialog):
    """Pick one of a few options with radio buttons (category, feedback mode); Enter accepts."""

    def __init__(self, title: str, prompt: str, options: list[tuple[Any, str]], *,
                 hint: Callable[[Any], str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.hint_for = hint
        self.group = QButtonGroup(self)
        self.values: list[Any] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        for n, (value, text) in enumerate(options):
            button = QRadioButton(text)
            button.setObjectName(f"choice_{getattr(value, 'value', value)}")
            self.group.addButton(button, n)
            self.values.append(value)
            layout.addWidget(button)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #4b5563;")
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox(_OK | _CANCEL)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.group.idToggled.connect(lambda _i, _c: self._update())
        if self.group.buttons():
            self.group.buttons()[0].setChecked(True)
            self.group.buttons()[0].setFocus()
        self._update()

    def value(self) -> Any:
        n = self.group.checkedId()
        return self.values[n] if 0 <= n < len(self.values) else None

    def set_value(self, value: Any) -> None:
        if value in self.values:
            self.group.button(self.values.index(value)).setChecked(True)

    def _update(self) -> None:
        value = self.value()
        self.ok_button.setEnabled(value is not None)
        self.hint.setText(self.hint_for(value) if self.hint_for and value is not None else "")


class TextDialog(QDialog):
    """A few lines of text (resolution, follow-up note, reason); OK waits for text when it is required."""

    def __init__(self, title: str, prompt: str, *, required: bool = True, text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.required = required
        self.editor = QPlainTextEdit(text)
        self.editor.setObjectName("text_prompt")
        self.editor.setTabChangesFocus(True)
        buttons = QDialogButtonBox(_OK | _CANCEL)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setToolTip(self.tr("Ctrl+Enter"))
        layout = QVBoxLayout(self)
        prompt_label = QLabel(prompt)
        prompt_label.setWordWrap(True)
        layout.addWidget(prompt_label)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.editor.textChanged.connect(self._update)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._accept_if_ok)
        self._update()
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.text()) or not self.required)

    def _accept_if_ok(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()


# --- the screen ------------------------------------------------------------------------------------


class ComplaintsScreen(QWidget):
    complaint_selected = Signal(str)

    def __init__(self, ctx: AppContext, now: Callable[[], datetime] = utcnow) -> None:
        super().__init__()
        self.ctx = ctx
        self.now = now
        self.rows: list[ComplaintRegisterRow] = []
        self.names: dict[str, str] = {}
        self._as_of = now()
        self.model = TintedTableModel([
            (self.tr("受理时间"), lambda r: china(r.received_at)),
            (self.tr("客户"), lambda r: r.client_name),
            (self.tr("渠道"), lambda r: label(COMPLAINT_CHANNELS, r.channel)),
            (self.tr("类别"), lambda r: label(COMPLAINT_CATEGORIES, r.category) if r.category
             else self.tr("未分类")),
            (self.tr("承办部门"), lambda r: department_label(r.department)),
            (self.tr("摘要"), lambda r: r.summary),
            (self.tr("状态"), lambda r: label(COMPLAINT_STATUSES, r.status)),
            (self.tr("响应时限"),
             lambda r: self._deadline_text(r.respond_by, r.responded_at, r.response_breached)),
            (self.tr("解决时限"),
             lambda r: self._deadline_text(r.resolve_by, r.resolved_at, r.resolution_breached)),
            (self.tr("受理人"), lambda r: self.names.get(r.rm_id, "")),
        ], tone=lambda r: complaint_tone(r, self._as_of), cell_tone=self._cell_tone, tooltip=self._tooltip)
        self._build()
        self._connect_signals()
        self.reload()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        today = self.now().astimezone(CHINA_TZ).date()
        self.status = QComboBox()
        self.status.setObjectName("complaint_status_filter")
        self.status.addItem(self.tr("全部状态"), None)
        self.status.addItem(self.tr("在办（未结案）"), _OPEN)
        for status in ComplaintStatus:
            self.status.addItem(label(COMPLAINT_STATUSES, status), status)
        self.overdue_only = QCheckBox(self.tr("仅看超时(&O)"))
        self.overdue_only.setObjectName("complaint_overdue_only")
        self.date_from = QDateEdit(_qdate(today - timedelta(days=DEFAULT_PERIOD_DAYS)))
        self.date_to = QDateEdit(_qdate(today))
        for name, edit in (("complaint_from", self.date_from), ("complaint_to", self.date_to)):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search = QLineEdit()
        self.search.setObjectName("complaint_search")
        self.search.setPlaceholderText(self.tr("按客户或摘要筛选（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self.tr("登记投诉(&N)…"))
        self.new_button.setObjectName("complaint_new")
        self.new_button.setToolTip(self.tr("Ctrl+N"))
        self.print_button = QPushButton(self.tr("打印登记簿(&P)…"))
        self.print_button.setObjectName("complaint_print")
        self.print_button.setToolTip(self.tr("按所选受理日期打印投诉登记簿（Ctrl+P）"))
        self.print_button.setVisible(printing_available())
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(QLabel(self.tr("受理日期")))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("—"))
        filters.addWidget(self.date_to)
        filters.addWidget(self.overdue_only)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.new_button)
        filters.addWidget(self.print_button)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("complaint_summary_line")
        late, soon = html.escape(self.tr("超时")), html.escape(self.tr("即将到期"))
        legend = QLabel(f"<span style='background:#fde8e8; color:#9b1c1c'>&nbsp;{late}&nbsp;</span>　"
                        f"<span style='background:#fff4d6; color:#8a5a00'>&nbsp;{soon}&nbsp;</span>")
        legend.setObjectName("complaint_legend")
        summary = QHBoxLayout()
        summary.addWidget(self.summary_label, 1)
        summary.addWidget(legend)

        self.table = QTableView()
        self.table.setObjectName("complaint_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)  # the row tones carry the meaning
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        widths = ((0, 122), (1, 150), (2, 64), (3, 70), (4, 84), (6, 60), (7, 134), (8, 134), (9, 56))
        set_column_widths(self.table, widths)
        self.table.setColumnHidden(9, not self.ctx.actor.is_branch_head)

        self.action_buttons: dict[str, QPushButton] = {}
        for key, text, tip in (
                ("classify", self.tr("分类转交(&C)…"), self.tr("确定类别，转交对应部门")),
                ("handle", self.tr("开始处理(&H)"), self.tr("承办部门受理，即为响应")),
                ("resolve", self.tr("处理完毕(&R)…"), self.tr("登记处理结果")),
                ("feed_back", self.tr("结果反馈(&B)…"), self.tr("已将处理结果告知客户（书面或电话）")),
                ("follow_up", self.tr("跟进服务(&U)…"), self.tr("反馈后的跟进服务记录")),
                ("close", self.tr("结案(&L)"), self.tr("结束本投诉")),
                ("reopen", self.tr("重新处理(&E)…"), self.tr("客户仍不满意：退回处理中"))):
            button = QPushButton(text)
            button.setObjectName(f"complaint_{key}")
            button.setToolTip(tip)
            button.setEnabled(False)
            self.action_buttons[key] = button
        actions = QHBoxLayout()
        for button in self.action_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)

        self.detail = QTextBrowser()
        self.detail.setObjectName("complaint_detail")
        self.detail.setOpenLinks(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.detail, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(summary)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue_only.toggled.connect(lambda _c: self.apply_filters())
        self.date_from.dateChanged.connect(lambda _d: self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.reload())
        self.search.textChanged.connect(lambda _t: self.apply_filters())
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.on_selection_changed())
        self.new_button.clicked.connect(self.on_new)
        self.print_button.clicked.connect(self.on_print)
        handlers: dict[str, Callable[[], None]] = {
            "classify": self.on_classify, "handle": self.on_handle, "resolve": self.on_resolve,
            "feed_back": self.on_feed_back, "follow_up": self.on_follow_up, "close": self.on_close,
            "reopen": self.on_reopen,
        }
        for key, handler in handlers.items():
            self.action_buttons[key].clicked.connect(lambda _c=False, h=handler: h())
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.on_new)
        QShortcut(QKeySequence.StandardKey.Print, self, self.on_print)
        self.ctx.data_changed.connect(self.on_data_changed)

    # -- list ------------------------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]

    def reload(self) -> None:
        selected = self.current_id()
        date_from, date_to = self.period()
        self._as_of = self.now()
        try:
            with self.ctx.session() as session:
                register = svc.complaint_register(session=session, actor=self.ctx.actor, date_from=date_from,
                                                  date_to=max(date_from, date_to), now=self._as_of)
                self.names = user_names(session=session, actor=self.ctx.actor)
        except Exception as exc:
            show_error(self, exc, self.ctx.language)
            return
        status = self.status.currentData()
        rows = [r for r in register.rows
                if status is None or (status == _OPEN and r.status is not ComplaintStatus.CLOSED)
                or r.status == status]
        self.rows = sorted(rows, key=lambda r: r.received_at, reverse=True)
        self.summary_label.setText(self.tr(
            "{0} 至 {1}：共 {2} 件，在办 {3} 件，响应超时 {4} 件，解决超时 {5} 件").format(
            date_from, date_to, register.total, register.open, register.response_breaches,
            register.resolution_breaches))
        self.apply_filters(selected)

    def apply_filters(self, keep: str | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        text = self.search.text().strip().lower()
        rows = [r for r in self.rows
                if (not text or text in r.client_name.lower() or text in r.summary.lower())
                and (not self.overdue_only.isChecked() or r.response_breached or r.resolution_breached)]
        self.model.set_rows(rows)
        index = next((n for n, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
        if index >= 0:
            self.table.selectRow(index)
        self.on_selection_changed()

    def current_row(self) -> ComplaintRegisterRow | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def current_id(self) -> str | None:
        row = self.current_row() if hasattr(self, "table") else None
        return row.id if row else None

    def select(self, complaint_id: str) -> bool:
        for n, row in enumerate(self.model.rows):
            if row.id == complaint_id:
                self.table.selectRow(n)
                return True
        return False

    def _deadline_text(self, due: datetime, done: datetime | None, breached: bool) -> str:
        if done is not None:
            return short_china(due) + (self.tr(" 超时完成") if breached else " ✓")
        return short_china(due) + (self.tr(" 已超时") if breached else "")

    def _cell_tone(self, row: ComplaintRegisterRow, column: int) -> str | None:
        if (column == 7 and row.response_breached) or (column == 8 and row.resolution_breached):
            return "bad"
        return None

    def _tooltip(self, row: ComplaintRegisterRow, column: int) -> str | None:
        if column == 7:
            return self.tr("应于 {0} 前响应；{1}").format(
                china(row.respond_by), self.tr("已于 {0} 响应").format(china(row.responded_at))
                if row.responded_at else self.tr("尚未响应"))
        if column == 8:
            return self.tr("应于 {0} 前解决；{1}").format(
                china(row.resolve_by), self.tr("已于 {0} 解决").format(china(row.resolved_at))
                if row.resolved_at else self.tr("尚未解决"))
        if column == 5:
            return row.summary
        return None

    # -- detail and buttons ----------------------------------------------------------------------

    def on_selection_changed(self) -> None:
        row = self.current_row()
        self.update_buttons()
        if row is None:
            hint = self.tr("选择一条投诉查看处理经过") if self.model.rows else self.tr("没有符合条件的投诉")
            self.detail.setHtml(f"<p style='color:#6b7280'>{html.escape(hint)}</p>")
            return
        try:
            complaint = self.ctx.read(svc.get_complaint, complaint_id=row.id)
        except Exception as exc:
            self.detail.setHtml(f"<p>{html.escape(error_text(exc, self.ctx.language))}</p>")
            return
        self.detail.setHtml(self._detail_html(row, complaint))
        self.complaint_selected.emit(row.id)

    def allowed(self, row: ComplaintRegisterRow | None) -> set[str]:
        if row is None:
            return set()
        return set(COMPLAINT_MACHINE.allowed(ComplaintStatus(row.status), self.ctx.actor.role))

    def update_buttons(self) -> None:
        allowed = self.allowed(self.current_row())
        for key, button in self.action_buttons.items():
            button.setEnabled(key in allowed)

    def _detail_html(self, row: ComplaintRegisterRow, c: Any) -> str:
        e = html.escape
        tone = complaint_tone(row, self._as_of)
        colours = {"breach": ("#fde8e8", "#9b1c1c"), "soon": ("#fff4d6", "#8a5a00")}
        background, colour = colours.get(tone or "", ("#e5edff", "#1e40af"))
        status = label(COMPLAINT_STATUSES, row.status)
        parts = [f"<h3 style='margin:0'>{e(row.client_name)}　<span style='background:{background};"
                 f"color:{colour}'>&nbsp;{e(status)}&nbsp;</span></h3>",
                 f"<p style='margin:4px 0; font-weight:600'>{e(c.summary)}</p>"]
        if c.details:
            parts.append(f"<p style='margin:2px 0; color:#374151'>{e(c.details)}</p>")

        def step(done: bool, title: str, when: str, text: str = "") -> str:
            mark = "●" if done else "○"
            colour = "#15803d" if done else "#9ca3af"
            return (f"<tr><td style='color:{colour}; padding-right:6px'>{mark}</td>"
                    f"<td style='padding-right:12px; white-space:nowrap'><b>{e(title)}</b></td>"
                    f"<td style='padding-right:12px; white-space:nowrap; color:#4b5563'>{e(when)}</td>"
                    f"<td>{text}</td></tr>")

        def due(deadline: datetime, done_at: datetime | None, breached: bool) -> str:
            text = self.tr("时限 {0}").format(china(deadline))
            if breached:
                return f"<span style='color:#b91c1c; font-weight:600'>{e(text)} · {e(self.tr('超时'))}</span>"
            if done_at is not None:
                return f"<span style='color:#15803d'>{e(text)} · {e(self.tr('按时'))}</span>"
            return f"<span style='color:#4b5563'>{e(text)}</span>"

        rows = [
            step(True, self.tr("受理"), china(c.received_at),
                 e(self.tr("{0}，受理人 {1}").format(label(COMPLAINT_CHANNELS, c.channel),
                                                  self.names.get(c.rm_id, "")))),
            step(c.category is not None, self.tr("分类转交"), "",
                 e(f"{label(COMPLAINT_CATEGORIES, c.category)} → {department_label(c.department)}")
                 if c.category else ""),
            step(c.responded_at is not None, self.tr("开始处理"), china(c.responded_at),
                 due(c.respond_by, c.responded_at, row.response_breached)),
            step(c.resolved_at is not None, self.tr("处理完毕"), china(c.resolved_at),
                 due(c.resolve_by, c.resolved_at, row.resolution_breached)
                 + (f"<br>{e(c.resolution)}" if c.resolution else "")),
            step(c.fed_back_at is not None, self.tr("结果反馈"), china(c.fed_back_at),
                 e(label(FEEDBACK_MODES, c.feedback_mode)) if c.feedback_mode else ""),
            step(bool(c.follow_up), self.tr("跟进服务"), "", e(c.follow_up)),
            step(c.closed_at is not None, self.tr("结案"), china(c.closed_at)),
        ]
        parts.append(f"<table style='margin-top:8px' cellspacing='0' cellpadding='3'>{''.join(rows)}</table>")
        return "".join(parts)

    # -- workflow --------------------------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], **kwargs: Any) -> bool:
        row = self.current_row()
        if row is None:
            return False
        try:
            self.ctx.write(fn, entity="complaint", complaint_id=row.id, **kwargs)
        except Exception as exc:
            show_error(self, exc, self.ctx.language)
            return False
        return True

    def _can(self, key: str) -> bool:
        return key in self.allowed(self.current_row())

    def on_new(self) -> None:
        dialog = ComplaintRegisterDialog(self.ctx, self, now=self.now)
        if dialog.exec() and dialog.created_id:
            created = dialog.created_id
            # A complaint received today must be in the list even when the filters hid it.
            self.search.clear()
            self.status.setCurrentIndex(0)
            today = self.now().astimezone(CHINA_TZ).date()
            if self.period()[1] < today:
                self.date_to.setDate(_qdate(today))
            self.reload()
            self.select(created)

    def on_classify(self) -> None:
        if not self._can("classify"):
            return
        dialog = ChoiceDialog(self.tr("分类转交"), self.tr("投诉类别："),
                              [(c, label(COMPLAINT_CATEGORIES, c)) for c in ComplaintCategory],
                              hint=lambda c: self.tr("将转交：{0}").format(
                                  department_label(complaint_route(c))),
                              parent=self)
        if dialog.exec() and dialog.value() is not None:
            self._run(svc.classify_complaint, category=dialog.value())

    def on_handle(self) -> None:
        if self._can("handle"):
            self._run(svc.start_handling, at=self.now())

    def on_resolve(self) -> None:
        if not self._can("resolve"):
            return
        dialog = TextDialog(self.tr("处理完毕"), self.tr("处理结果（将反馈给客户）："), parent=self)
        if dialog.exec():
            self._run(svc.resolve_complaint, resolution=dialog.text(), at=self.now())

    def on_feed_back(self) -> None:
        if not self._can("feed_back"):
            return
        dialog = ChoiceDialog(self.tr("结果反馈"), self.tr("处理结果已通过以下方式告知客户："),
                              [(m, label(FEEDBACK_MODES, m))
                               for m in (FeedbackMode.PHONE, FeedbackMode.WRITTEN)],
                              parent=self)
        if dialog.exec() and dialog.value() is not None:
            self._run(svc.feed_back, mode=dialog.value(), at=self.now())

    def on_follow_up(self) -> None:
        if not self._can("follow_up"):
            return
        dialog = TextDialog(self.tr("跟进服务"), self.tr("跟进服务记录："), parent=self)
        if dialog.exec():
            self._run(svc.follow_up, note=dialog.text())

    def on_close(self) -> None:
        if not self._can("close"):
            return
        answer = QMessageBox.question(self, self.tr("结案"), self.tr("确认结案？结案后不能再重新处理。"))
        if answer == QMessageBox.StandardButton.Yes:
            self._run(svc.close_complaint, at=self.now())

    def on_reopen(self) -> None:
        if not self._can("reopen"):
            return
        dialog = TextDialog(self.tr("重新处理"), self.tr("客户仍不满意的原因（可选）："), required=False,
                            parent=self)
        if dialog.exec():
            self._run(svc.reopen_complaint, reason=dialog.text())

    def on_print(self) -> None:
        if not printing_available():
            return
        date_from, date_to = self.period()
        try:
            module = importlib.import_module("crm.ui.printing")
            # Builds the PDF off the GUI thread, opens it and audits the print (crm.ui.printing).
            module.print_complaint_register(self.ctx, self, date_from=date_from, date_to=date_to)
        except Exception as exc:
            show_error(self, exc, self.ctx.language)

    def on_data_changed(self, entity: str) -> None:
        if entity in ("complaint", "client", "sync"):
            self.reload()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
