"""方案 screen: service proposals by status, their read-only summary, workflow steps, tracking and print."""

from __future__ import annotations

import html
import importlib.util
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import ProductRisk, ProposalStatus
from crm.domain.errors import DomainError
from crm.domain.rules.workflow import PROPOSAL_MACHINE
from crm.services import proposals as svc
from crm.services.org import user_names
from crm.services.proposals import ProposalPack, ProposalRow
from crm.ui.context import AppContext
from crm.ui.dialogs.pitch import problem_text
from crm.ui.labels import (
    NEED_AREAS,
    PRODUCT_FAMILIES,
    PROPOSAL_STATUSES,
    fen_to_wan,
    fen_to_yuan,
    label,
    suitability_reason,
)
from crm.ui.models.product_table_model import RISK_COLOURS
from crm.ui.models.proposal_table_model import STATUS_COLOURS, ProposalTableModel
from crm.ui.models.record_table_model import RecordTableModel
from crm.ui.widgets.columns import set_column_widths


def printing_available() -> bool:
    """The printing module is written separately; without it the Print button stays hidden."""
    return importlib.util.find_spec("crm.ui.printing") is not None


#: A ruled table with a grey header row, opened for the product lines and the timetable.
_TABLE = ("<table width='100%' cellspacing='0' cellpadding='4' border='1' "
          "style='border-collapse:collapse; border-color:#d1d5db'><tr style='background:#f3f4f6'>")


def _badge(text: str, background: str, colour: str) -> str:
    return (f"<span style='background:{background}; color:{colour}; font-weight:600'>"
            f"&nbsp;{html.escape(text)}&nbsp;</span>")


def _paragraphs(text: str) -> str:
    lines = (line for line in text.splitlines() if line.strip())
    return "".join(f"<p style='margin:2px 0'>{html.escape(line)}</p>" for line in lines)


class ProposalSummaryView(QTextBrowser):
    """Everything a reviewer needs on one page: needs, product lines with suitability, fees, timetable."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("proposal_summary")
        self.setOpenLinks(False)
        self.pack: ProposalPack | None = None
        self.show_pack(None)

    def show_pack(self, pack: ProposalPack | None, *, empty_text: str = "") -> None:
        self.pack = pack
        if pack is None:
            text = empty_text or self.tr("选择一个方案查看内容")
            self.setHtml(f"<p style='color:#6b7280'>{html.escape(text)}</p>")
            return
        self.setHtml(self.build_html(pack))

    def build_html(self, pack: ProposalPack) -> str:
        e = html.escape
        background, colour = STATUS_COLOURS[pack.status]
        parties = self.tr("客户：{0}　客户经理：{1}").format(pack.client.legal_name, pack.rm_name)
        parts = [f"<h3 style='margin-bottom:2px'>{e(pack.title)} "
                 f"{_badge(label(PROPOSAL_STATUSES, pack.status), background, colour)}</h3>",
                 f"<p style='color:#4b5563; margin-top:0'>{e(parties)}"]
        if pack.client.risk_tolerance:
            expiry = (self.tr("（有效期至 {0}）").format(pack.client.risk_expires_on.isoformat())
                      if pack.client.risk_expires_on else "")
            tolerance = self.tr("风险承受能力：{0}").format(pack.client.risk_tolerance.value + expiry)
            parts.append(f"　{e(tolerance)}")
        parts.append("</p>")
        if pack.decision_comment:
            who = pack.decided_by_name or self.tr("网点负责人")
            when = pack.decided_at.astimezone().strftime("%Y-%m-%d %H:%M") if pack.decided_at else ""
            returned = pack.status is ProposalStatus.RETURNED
            tint = ("#fef2f2", "#b91c1c") if returned else ("#f0fdf4", "#15803d")
            heading = self.tr("负责人意见")
            parts.append(f"<table width='100%' cellpadding='6' style='background:{tint[0]}; "
                         f"border-left:3px solid {tint[1]}'><tr><td><b>{e(heading)}</b>"
                         f"<span style='color:#6b7280'>（{e(who)} {e(when)}）</span><br>"
                         f"{e(pack.decision_comment)}</td></tr></table>")

        parts.append(self._section(self.tr("需求分析")))
        if pack.needs:
            parts.append("<table cellpadding='3'>")
            for need in pack.needs:
                parts.append(f"<tr><td valign='top' style='color:#6b7280; white-space:nowrap'>"
                             f"{e(label(NEED_AREAS, need.area))}</td><td>{e(need.text)}</td></tr>")
            parts.append("</table>")
        else:
            parts.append(self._muted(self.tr("（未填写）")))

        parts.append(self._section(self.tr("推荐产品组合")))
        if pack.lines:
            heads = (self.tr("产品"), self.tr("类别"), self.tr("风险"), self.tr("金额（元）"),
                     self.tr("期限"), self.tr("利率"), self.tr("费用"), self.tr("适当性"))
            parts.append(_TABLE)
            parts.extend(f"<th align='left'>{e(h)}</th>" for h in heads)
            parts.append("</tr>")
            for line in pack.lines:
                risk = ""
                if line.risk:
                    bg, fg = RISK_COLOURS[ProductRisk(line.risk)]
                    risk = _badge(line.risk.value, bg, fg)
                rate = f"{line.rate_pct:.2f}%" if line.rate_pct is not None else line.rate_text
                parts.append(
                    f"<tr><td>{e(line.product_name)}<br>"
                    f"<span style='color:#6b7280'>{e(line.product_code)}</span></td>"
                    f"<td>{e(label(PRODUCT_FAMILIES, line.family))}</td><td>{risk}</td>"
                    f"<td align='right'>{e(fen_to_yuan(line.amount_fen)) if line.amount_fen else ''}</td>"
                    f"<td>{e(line.term)}</td><td>{e(rate)}</td><td>{e(line.fee or line.fee_standard)}</td>"
                    f"<td>{self._suitability(line)}</td></tr>")
            parts.append("</table>")
            total = self.tr("合计金额：{0} 元（{1} 万元）").format(fen_to_yuan(pack.total_amount_fen),
                                                          fen_to_wan(pack.total_amount_fen))
            parts.append(f"<p style='margin-top:4px'>{e(total)}</p>")
        else:
            parts.append(self._muted(self.tr("（尚未添加产品）")))

        texts = ((self.tr("服务内容"), pack.service_content), (self.tr("服务流程"), pack.service_process),
                 (self.tr("收费标准"), pack.fee_standards), (self.tr("双方合作现状"), pack.cooperation))
        for title, text in texts:
            parts.append(self._section(title))
            parts.append(_paragraphs(text) or self._muted(self.tr("（未填写）")))

        parts.append(self._section(self.tr("实施计划")))
        if pack.steps:
            parts.append(_TABLE)
            step_heads = (self.tr("步骤"), self.tr("负责人"), self.tr("完成时限"), self.tr("状态"))
            parts.extend(f"<th align='left'>{e(h)}</th>" for h in step_heads)
            parts.append("</tr>")
            for step in pack.steps:
                done = self.tr("✔ 已完成") if step.done else ""
                due = step.due_on.isoformat() if step.due_on else ""
                parts.append(f"<tr><td>{e(step.step)}</td><td>{e(step.responsible)}</td>"
                             f"<td>{due}</td><td>{e(done)}</td></tr>")
            parts.append("</table>")
        else:
            parts.append(self._muted(self.tr("（尚未安排）")))

        if pack.cover_letter:
            parts.append(self._section(self.tr("致客户函")))
            parts.append(_paragraphs(pack.cover_letter))
        if pack.has_wealth:
            parts.append(self._section(self.tr("理财风险提示")))
            parts.append(self._muted(self.tr("方案含理财产品，打印件将附市场、信用、流动性、政策、操作风险提示。")))
        return "".join(parts)

    def _suitability(self, line: Any) -> str:
        s = line.suitability
        if s.allowed:
            return "<span style='color:#15803d'>✔ " + html.escape(self.tr("通过")) + "</span>"
        reason = suitability_reason(s.code, {"tolerance": s.tolerance, "product_risk": s.product_risk})
        if s.overridden:
            text = self.tr("越权审批（{0}）：{1}").format(s.override_by, s.override_reason)
            return f"<span style='color:#b45309'>⚠ {html.escape(text)}</span>"
        return f"<span style='color:#b91c1c'>✘ {html.escape(reason)}</span>"

    @staticmethod
    def _section(title: str) -> str:
        return (f"<h4 style='margin:12px 0 4px 0; color:#1e3a8a; border-bottom:1px solid #e5e7eb'>"
                f"{html.escape(title)}</h4>")

    @staticmethod
    def _muted(text: str) -> str:
        return f"<p style='color:#9ca3af; margin:2px 0'>{html.escape(text)}</p>"


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    return view


class ProposalsScreen(QWidget):
    proposal_selected = Signal(str)
    proposal_changed = Signal(str)  # a workflow step was taken on this proposal

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.names: dict[str, str] = ctx.read(user_names)
        self.model = ProposalTableModel(
            (lambda rm_id: self.names.get(rm_id, "")) if ctx.actor.is_branch_head else None)
        self.step_model = RecordTableModel([
            (self.tr("步骤"), lambda s: s.step),
            (self.tr("负责人"), lambda s: s.responsible),
            (self.tr("完成时限"), lambda s: s.due_on or ""),
            (self.tr("状态"), lambda s: self.tr("✔ 已完成") if s.done else self.tr("进行中")),
        ])
        self._all_rows: list[ProposalRow] = []
        self._build()
        self._connect_signals()
        self.reload()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.status = QComboBox()
        self.status.setObjectName("proposal_status_filter")
        self.status.addItem(self.tr("全部状态"), None)
        for status in ProposalStatus:
            self.status.addItem(label(PROPOSAL_STATUSES, status), status)
        self.search = QLineEdit()
        self.search.setObjectName("proposal_search")
        self.search.setPlaceholderText(self.tr("按方案名称或客户筛选（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("proposal_count")
        self.new_button = QPushButton(self.tr("新建方案(&N)"))
        self.new_button.setObjectName("new_proposal")
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.new_button)

        self.table = _table("proposal_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        set_column_widths(self.table, [(1, 190)])
        for column in range(2, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.summary = ProposalSummaryView()
        self.step_table = _table("proposal_steps")
        self.step_table.setModel(self.step_model)
        self.step_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.step_done_button = QPushButton(self.tr("标记完成/取消(&K)"))
        self.step_done_button.setObjectName("toggle_step")
        steps = QWidget()
        steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(0, 4, 0, 0)
        steps_layout.addWidget(self.step_table)
        step_bar = QHBoxLayout()
        self.step_hint = QLabel()
        self.step_hint.setStyleSheet("color: #6b7280;")
        step_bar.addWidget(self.step_hint, 1)
        step_bar.addWidget(self.step_done_button)
        steps_layout.addLayout(step_bar)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("proposal_detail_tabs")
        self.detail_tabs.addTab(self.summary, self.tr("方案内容"))
        self.detail_tabs.addTab(steps, self.tr("实施进度"))

        self.action_buttons: dict[str, QPushButton] = {}
        for key, text in (("edit", self.tr("编辑(&E)…")), ("submit", self.tr("提交审核(&U)")),
                          ("withdraw", self.tr("撤回(&W)")), ("deliver", self.tr("交付客户(&D)")),
                          ("start", self.tr("开始实施(&B)")), ("track", self.tr("跟踪记录(&T)…")),
                          ("print", self.tr("打印(&P)…"))):
            button = QPushButton(text)
            button.setObjectName(f"proposal_{key}")
            button.setEnabled(False)
            self.action_buttons[key] = button
        self.action_buttons["submit"].setToolTip(self.tr("Ctrl+Enter"))
        self.action_buttons["print"].setVisible(printing_available())
        actions = QHBoxLayout()
        for button in self.action_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        self.status_hint = QLabel()
        self.status_hint.setObjectName("proposal_status_hint")
        self.status_hint.setStyleSheet("color: #6b7280;")
        actions.addWidget(self.status_hint)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.detail_tabs, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 640])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def _connect_signals(self) -> None:
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(lambda _t: self.apply_text_filter())
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.table.activated.connect(lambda _i: self.on_edit())
        self.new_button.clicked.connect(self.on_new)
        self.step_table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_buttons())
        self.step_done_button.clicked.connect(self.on_toggle_step)
        handlers: dict[str, Callable[[], None]] = {
            "edit": self.on_edit, "submit": self.on_submit, "withdraw": self.on_withdraw,
            "deliver": self.on_deliver, "start": self.on_start, "track": self.on_track,
            "print": self.on_print,
        }
        for key, handler in handlers.items():
            self.action_buttons[key].clicked.connect(lambda _c=False, h=handler: h())
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.on_new)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.on_submit)
        QShortcut(QKeySequence.StandardKey.Print, self, self.on_print)
        self.ctx.data_changed.connect(self.on_data_changed)

    # -- list ------------------------------------------------------------------------------------

    def reload(self) -> None:
        self._all_rows = list(self.ctx.read(svc.list_proposals, status=self.status.currentData()))
        self.apply_text_filter()

    def apply_text_filter(self) -> None:
        current = self.current_id()
        needle = self.search.text().strip().lower()
        rows = [r for r in self._all_rows
                if not needle or needle in r.title.lower() or needle in r.client_name.lower()]
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("共 {0} 个方案").format(len(rows)))
        if not self.select(current or "") and rows:
            self.table.selectRow(0)
        if not rows:
            self.show_detail(None)

    def current_row(self) -> ProposalRow | None:
        return self.model.row_at(self.table.currentIndex().row())  # type: ignore[no-any-return]

    def current_id(self) -> str | None:
        row = self.current_row()
        return row.id if row else None

    def select(self, proposal_id: str) -> bool:
        row = next((i for i, r in enumerate(self.model.rows) if r.id == proposal_id), -1)
        if row < 0:
            return False
        if self.table.currentIndex().row() == row:
            self.show_detail(proposal_id)
        else:
            self.table.selectRow(row)
        return True

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        self.show_detail(row.id if row else None)
        if row:
            self.proposal_selected.emit(row.id)

    # -- detail ----------------------------------------------------------------------------------

    def show_detail(self, proposal_id: str | None) -> None:
        if proposal_id is None:
            self.summary.show_pack(None)
            self.step_model.set_rows([])
        else:
            self.summary.show_pack(self.ctx.read(svc.get_proposal_pack, proposal_id=proposal_id))
            self.step_model.set_rows(self.ctx.read(svc.list_steps, proposal_id=proposal_id))
        self.update_buttons()

    def current_status(self) -> ProposalStatus | None:
        pack = self.summary.pack
        return pack.status if pack else None

    def update_buttons(self) -> None:
        status = self.current_status()
        role = self.ctx.actor.role
        has = status is not None
        editable = has and status in svc.EDITABLE
        self.action_buttons["edit"].setEnabled(has)
        edit_text = self.tr("编辑(&E)…") if editable or not has else self.tr("查看(&E)…")
        self.action_buttons["edit"].setText(edit_text)
        for key in ("submit", "withdraw", "deliver", "start", "track"):
            self.action_buttons[key].setEnabled(has and PROPOSAL_MACHINE.can(status, key, role))
        approved = has and status in svc.APPROVED_STATES
        self.action_buttons["print"].setEnabled(has)
        print_text = self.tr("打印(&P)…") if approved or not has else self.tr("打印草稿(&P)…")
        self.action_buttons["print"].setText(print_text)
        self.action_buttons["print"].setToolTip(
            self.tr("打印客户方案") if approved else self.tr("未批准的方案打印时带“草稿”水印，不得交给客户"))
        tracking = has and status in svc.TRACKABLE
        self.step_done_button.setEnabled(tracking and self.step_table.currentIndex().isValid())
        self.step_hint.setText("" if tracking else self.tr("方案交付客户后可在此登记各步骤的完成情况"))
        hints = {
            ProposalStatus.DRAFT: self.tr("草稿：完善后提交网点负责人审核"),
            ProposalStatus.SUBMITTED: self.tr("待网点负责人审核"),
            ProposalStatus.RETURNED: self.tr("已退回：按负责人意见修改后重新提交"),
            ProposalStatus.APPROVED: self.tr("已批准：可打印并交付客户"),
            ProposalStatus.DELIVERED: self.tr("已交付客户：开始实施"),
            ProposalStatus.IMPLEMENTING: self.tr("实施中：按计划推进并登记跟踪"),
            ProposalStatus.TRACKED: self.tr("跟踪中"),
        }
        self.status_hint.setText(hints.get(status, "") if status else "")

    # -- actions ---------------------------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], title: str, **kwargs: Any) -> bool:
        proposal_id = self.current_id()
        if proposal_id is None:
            return False
        try:
            self.ctx.write(fn, entity="proposal", proposal_id=proposal_id, **kwargs)
        except DomainError as exc:
            QMessageBox.warning(self, title, problem_text(exc, self.ctx.language))
            return False
        self.proposal_changed.emit(proposal_id)  # the list reloaded itself on data_changed
        return True

    def open_editor(self, proposal_id: str | None = None) -> Any:
        from crm.ui.dialogs.proposal_editor import ProposalEditorDialog

        return ProposalEditorDialog(self.ctx, self, proposal_id=proposal_id)

    def on_new(self) -> None:
        dialog = self.open_editor()
        dialog.exec()
        created = dialog.proposal_id
        dialog.deleteLater()
        if created:
            self.status.setCurrentIndex(0)
            self.reload()
            self.select(created)

    def on_edit(self) -> None:
        proposal_id = self.current_id()
        if proposal_id is None:
            return
        dialog = self.open_editor(proposal_id)
        dialog.exec()
        dialog.deleteLater()
        self.reload()
        self.select(proposal_id)

    def on_submit(self) -> None:
        status = self.current_status()
        if status is not None and PROPOSAL_MACHINE.can(status, "submit", self.ctx.actor.role):
            self._run(svc.submit_proposal, self.tr("无法提交"))

    def on_withdraw(self) -> None:
        self._run(svc.withdraw_proposal, self.tr("无法撤回"))

    def on_deliver(self) -> None:
        self._run(svc.deliver_proposal, self.tr("无法交付"))

    def on_start(self) -> None:
        self._run(svc.start_proposal, self.tr("无法开始实施"))

    def ask_track_comment(self) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self, self.tr("跟踪记录"), self.tr("本次跟踪情况："))
        return text if ok else None

    def on_track(self) -> None:
        comment = self.ask_track_comment()
        if comment is not None:
            self._run(svc.track_proposal, self.tr("无法登记跟踪"), comment=comment)

    def on_toggle_step(self) -> None:
        step = self.step_model.row_at(self.step_table.currentIndex().row())
        proposal_id = self.current_id()
        if step is None or proposal_id is None:
            return
        try:
            self.ctx.write(svc.complete_step, entity="proposal", step_id=step.id, done=not step.done)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("无法更新步骤"), problem_text(exc, self.ctx.language))
            return
        self.select(proposal_id)
        row = next((i for i, s in enumerate(self.step_model.rows) if s.id == step.id), -1)
        if row >= 0:
            self.step_table.selectRow(row)

    def on_print(self) -> None:
        proposal_id = self.current_id()
        if proposal_id is None or not printing_available():
            return
        from crm.ui import printing  # type: ignore[attr-defined]

        try:
            printing.print_proposal(self.ctx, proposal_id, self)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("无法打印"), problem_text(exc, self.ctx.language))

    def on_data_changed(self, entity: str) -> None:
        if entity in ("proposal", "client", "sync"):
            if entity == "sync":
                self.names = self.ctx.read(user_names)
            self.reload()

