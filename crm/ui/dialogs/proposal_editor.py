"""Write a service proposal (服务方案): needs, product lines under suitability, texts and timetable."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import NeedArea, ProposalStatus
from crm.domain.errors import DomainError
from crm.domain.models import Product
from crm.services import proposals as svc
from crm.services.org import list_staff
from crm.services.products import list_products
from crm.services.proposals import ProposalCreate, ProposalLineCreate, ProposalStepCreate, ProposalUpdate
from crm.ui.context import AppContext
from crm.ui.dialogs.pitch import SuitabilityBanner, evaluate_suitability, problem_text
from crm.ui.labels import NEED_AREAS, PROPOSAL_STATUSES, fen_to_yuan, label
from crm.ui.models.product_table_model import catalogue_order
from crm.ui.models.record_table_model import RecordTableModel
from crm.ui.widgets.pickers import ClientPicker


def _text_edit(name: str, placeholder: str, height: int | None = None) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    if height:
        edit.setMinimumHeight(height)
    return edit


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    return view


class ProposalEditorDialog(QDialog):
    """A draft (or returned) proposal is edited here; other states open read-only.

    The proposal is created on the first save; adding a product line or a step saves first, since lines
    and steps belong to a stored proposal.
    """

    proposal_saved = Signal(str)
    proposal_submitted = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, proposal_id: str | None = None,
                 client_id: str | None = None, client_name: str = "", today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.proposal_id = proposal_id
        self.status = ProposalStatus.DRAFT
        self._dirty = False
        self._loading = False
        self.decision_comment = ""
        self.products: dict[str, Product] = {p.id: p for p in catalogue_order(ctx.read(list_products))}
        self.setWindowTitle(self.tr("服务方案"))
        self.resize(980, 720)
        self._build()
        self._connect_signals()
        if proposal_id:
            self.load()
        elif client_id:
            self.client_picker.set_client(client_id, client_name)
        self.update_state()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("proposal_banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.tabs = QTabWidget()
        self.tabs.setObjectName("proposal_tabs")
        self.tabs.addTab(self._build_general(), self.tr("基本信息(&1)"))
        self.tabs.addTab(self._build_needs(), self.tr("需求分析(&2)"))
        self.tabs.addTab(self._build_lines(), self.tr("产品组合(&3)"))
        self.tabs.addTab(self._build_service(), self.tr("服务与收费(&4)"))
        self.tabs.addTab(self._build_steps(), self.tr("实施计划(&5)"))

        self.error_label = QLabel()
        self.error_label.setObjectName("proposal_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.hide()
        self.state_label = QLabel()
        self.state_label.setObjectName("proposal_state")
        self.state_label.setStyleSheet("color: #6b7280;")
        self.save_button = QPushButton(self.tr("保存(&S)"))
        self.save_button.setObjectName("proposal_save")
        self.save_button.setToolTip("Ctrl+S")
        self.submit_button = QPushButton(self.tr("提交审核(&U)"))
        self.submit_button.setObjectName("proposal_submit")
        self.submit_button.setToolTip("Ctrl+Enter")
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setObjectName("proposal_close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.submit_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)

    def _build_general(self) -> QWidget:
        page = QWidget()
        self.client_picker = ClientPicker(self.ctx, page)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("proposal_title")
        self.title_edit.setPlaceholderText(self.tr("例如：××公司综合金融服务方案"))
        self.title_edit.setMaxLength(200)
        self.cover_letter = _text_edit("cover_letter", self.tr("致客户函：称呼、感谢与我行的服务理念"), 120)
        self.cooperation = _text_edit("cooperation",
                                      self.tr("双方合作现状：已开立账户、存贷款、已使用的产品与服务"), 90)
        form = QFormLayout(page)
        client_label = QLabel(self.tr("客户(&C)："))
        client_label.setBuddy(self.client_picker)
        title_label = QLabel(self.tr("方案名称(&T)："))
        title_label.setBuddy(self.title_edit)
        form.addRow(client_label, self.client_picker)
        form.addRow(title_label, self.title_edit)
        form.addRow(self.tr("致客户函："), self.cover_letter)
        form.addRow(self.tr("双方合作现状："), self.cooperation)
        return page

    def _build_needs(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        hints = {
            NeedArea.FINANCING: self.tr("资金缺口、用途、期限、担保方式"),
            NeedArea.WEALTH: self.tr("闲置资金规模、期限、流动性与风险偏好"),
            NeedArea.SETTLEMENT: self.tr("收付款渠道、账户体系、对账与代发需求"),
            NeedArea.RISK: self.tr("汇率、利率、信用与操作风险的管理需求"),
            NeedArea.INTERNATIONAL: self.tr("进出口结算、跨境融资与外汇需求"),
        }
        self.need_edits: dict[NeedArea, QPlainTextEdit] = {}
        for area in NeedArea:
            edit = _text_edit(f"need_{area.value}", hints[area], 70)
            self.need_edits[area] = edit
            form.addRow(label(NEED_AREAS, area) + "：", edit)
        return page

    def _build_lines(self) -> QWidget:
        page = QWidget()
        self.line_model = RecordTableModel([
            (self.tr("产品"), lambda ln: ln.product_name),
            (self.tr("风险"), lambda ln: ln.risk.value if ln.risk else ""),
            (self.tr("金额（元）"), lambda ln: fen_to_yuan(ln.amount_fen) if ln.amount_fen else ""),
            (self.tr("期限"), lambda ln: ln.term),
            (self.tr("利率"), lambda ln: f"{ln.rate_pct:.2f}%" if ln.rate_pct is not None else ln.rate_text),
            (self.tr("费用"), lambda ln: ln.fee),
            (self.tr("适当性"), lambda ln: self._suitability_text(ln)),
        ], highlight=lambda ln: not ln.suitability.allowed)
        self.line_table = _table("proposal_lines")
        self.line_table.setModel(self.line_model)
        self.line_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.remove_line_button = QPushButton(self.tr("移除所选产品(&M)"))
        self.remove_line_button.setObjectName("remove_line")

        box = QGroupBox(self.tr("添加产品"))
        self.line_product = QComboBox()
        self.line_product.setObjectName("line_product")
        for product in self.products.values():
            self.line_product.addItem(f"{product.code}  {product.name}", product.id)
        self.line_amount = QDoubleSpinBox()
        self.line_amount.setObjectName("line_amount")
        self.line_amount.setRange(0, 1e12)
        self.line_amount.setDecimals(2)
        self.line_amount.setGroupSeparatorShown(True)
        self.line_amount.setSuffix(self.tr(" 元"))
        self.line_term = QLineEdit()
        self.line_term.setObjectName("line_term")
        self.line_rate = QDoubleSpinBox()
        self.line_rate.setObjectName("line_rate")
        self.line_rate.setRange(0, 100)
        self.line_rate.setDecimals(2)
        self.line_rate.setSuffix(" %")
        self.line_rate.setSpecialValueText(self.tr("按产品定价"))
        self.line_fee = QLineEdit()
        self.line_fee.setObjectName("line_fee")
        self.line_note = QLineEdit()
        self.line_note.setObjectName("line_note")
        self.line_note.setPlaceholderText(self.tr("备注（客户可见，不得使用保本、稳赚等误导性用语）"))
        self.line_banner = SuitabilityBanner(box)
        self.add_line_button = QPushButton(self.tr("添加产品(&D)"))
        self.add_line_button.setObjectName("add_line")
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("产品：")), 0, 0)
        grid.addWidget(self.line_product, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("金额：")), 1, 0)
        grid.addWidget(self.line_amount, 1, 1)
        grid.addWidget(QLabel(self.tr("期限：")), 1, 2)
        grid.addWidget(self.line_term, 1, 3)
        grid.addWidget(QLabel(self.tr("利率：")), 2, 0)
        grid.addWidget(self.line_rate, 2, 1)
        grid.addWidget(QLabel(self.tr("费用：")), 2, 2)
        grid.addWidget(self.line_fee, 2, 3)
        grid.addWidget(QLabel(self.tr("备注：")), 3, 0)
        grid.addWidget(self.line_note, 3, 1, 1, 3)
        grid.addWidget(self.line_banner, 4, 0, 1, 4)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_line_button)
        grid.addLayout(add_row, 5, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        layout = QVBoxLayout(page)
        layout.addWidget(self.line_table, 1)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_line_button)
        layout.addLayout(remove_row)
        layout.addWidget(box)
        return page

    def _build_service(self) -> QWidget:
        page = QWidget()
        self.service_content = _text_edit("service_content", self.tr("为客户提供的服务内容"), 100)
        self.service_process = _text_edit("service_process", self.tr("服务流程：从需求确认到实施与回访"), 100)
        self.fee_standards = _text_edit("fee_standards",
                                        self.tr("收费标准：按我行公布的价目执行，说明减免"), 100)
        form = QFormLayout(page)
        form.addRow(self.tr("服务内容："), self.service_content)
        form.addRow(self.tr("服务流程："), self.service_process)
        form.addRow(self.tr("收费标准："), self.fee_standards)
        return page

    def _build_steps(self) -> QWidget:
        page = QWidget()
        self.step_model = RecordTableModel([
            (self.tr("步骤"), lambda s: s.step),
            (self.tr("负责人"), lambda s: s.responsible),
            (self.tr("完成时限"), lambda s: s.due_on or ""),
            (self.tr("状态"), lambda s: self.tr("已完成") if s.done else ""),
        ])
        self.step_table = _table("proposal_steps_edit")
        self.step_table.setModel(self.step_model)
        self.step_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.remove_step_button = QPushButton(self.tr("删除所选步骤(&X)"))
        self.remove_step_button.setObjectName("remove_step")

        box = QGroupBox(self.tr("添加实施步骤"))
        self.step_text = QLineEdit()
        self.step_text.setObjectName("step_text")
        self.step_text.setPlaceholderText(self.tr("例如：开立一般存款账户并开通企业网银"))
        self.step_responsible = QComboBox()
        self.step_responsible.setObjectName("step_responsible")
        self.step_responsible.setEditable(True)
        self.step_responsible.addItem(self.ctx.actor.display_name)
        for user in self.ctx.read(list_staff):
            if user.display_name != self.ctx.actor.display_name:
                self.step_responsible.addItem(user.display_name)
        self.step_due = QDateEdit()
        self.step_due.setObjectName("step_due")
        self.step_due.setCalendarPopup(True)
        self.step_due.setDisplayFormat("yyyy-MM-dd")
        due = self.today + timedelta(days=14)
        self.step_due.setDate(QDate(due.year, due.month, due.day))
        self.add_step_button = QPushButton(self.tr("添加步骤(&G)"))
        self.add_step_button.setObjectName("add_step")
        row = QHBoxLayout(box)
        row.addWidget(self.step_text, 3)
        row.addWidget(QLabel(self.tr("负责人：")))
        row.addWidget(self.step_responsible, 1)
        row.addWidget(QLabel(self.tr("完成时限：")))
        row.addWidget(self.step_due)
        row.addWidget(self.add_step_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.step_table, 1)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_step_button)
        layout.addLayout(remove_row)
        layout.addWidget(box)
        return page

    def _text_widgets(self) -> list[QLineEdit | QPlainTextEdit]:
        return [self.title_edit, self.cover_letter, self.cooperation, self.service_content,
                self.service_process, self.fee_standards, *self.need_edits.values()]

    def _connect_signals(self) -> None:
        for widget in self._text_widgets():
            widget.textChanged.connect(self.on_text_changed)
        self.client_picker.client_chosen.connect(self.on_client_chosen)
        self.line_product.currentIndexChanged.connect(self.on_line_product_changed)
        self.add_line_button.clicked.connect(self.on_add_line)
        self.remove_line_button.clicked.connect(self.on_remove_line)
        self.add_step_button.clicked.connect(self.on_add_step)
        self.step_text.returnPressed.connect(self.on_add_step)
        self.remove_step_button.clicked.connect(self.on_remove_step)
        self.save_button.clicked.connect(self.on_save)
        self.submit_button.clicked.connect(self.on_submit)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.on_save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.on_submit)

    # -- state -----------------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.status in svc.EDITABLE

    @property
    def dirty(self) -> bool:
        return self._dirty

    def load(self) -> None:
        """Fill the form from the stored proposal, its lines (with suitability) and its steps."""
        assert self.proposal_id is not None
        self._loading = True
        try:
            proposal = self.ctx.read(svc.get_proposal, proposal_id=self.proposal_id)
            pack = self.ctx.read(svc.get_proposal_pack, proposal_id=self.proposal_id, today=self.today)
            self.status = ProposalStatus(proposal.status)
            self.client_picker.set_client(proposal.client_id, pack.client.legal_name)
            self.title_edit.setText(proposal.title)
            self.cover_letter.setPlainText(proposal.cover_letter)
            self.cooperation.setPlainText(proposal.cooperation)
            self.service_content.setPlainText(proposal.service_content)
            self.service_process.setPlainText(proposal.service_process)
            self.fee_standards.setPlainText(proposal.fee_standards)
            for area, edit in self.need_edits.items():
                edit.setPlainText(proposal.needs.get(area.value, ""))
            self.line_model.set_rows(pack.lines)
            self.step_model.set_rows(self.ctx.read(svc.list_steps, proposal_id=self.proposal_id))
            self.decision_comment = proposal.decision_comment
        finally:
            self._loading = False
        self._dirty = False
        self.update_state()

    def _reload_parts(self) -> None:
        assert self.proposal_id is not None
        pack = self.ctx.read(svc.get_proposal_pack, proposal_id=self.proposal_id, today=self.today)
        self.line_model.set_rows(pack.lines)
        self.step_model.set_rows(self.ctx.read(svc.list_steps, proposal_id=self.proposal_id))
        self.update_state()

    def update_state(self) -> None:
        editable = self.editable
        for widget in self._text_widgets():
            widget.setReadOnly(not editable)
        self.client_picker.setReadOnly(self.proposal_id is not None)
        for control in (self.add_line_button, self.remove_line_button, self.add_step_button,
                        self.remove_step_button, self.save_button, self.submit_button, self.line_product,
                        self.line_amount, self.line_term, self.line_rate, self.line_fee, self.line_note,
                        self.step_text, self.step_responsible, self.step_due):
            control.setEnabled(editable)
        self.submit_button.setEnabled(editable and self.line_model.rowCount() > 0)
        self.submit_button.setToolTip("Ctrl+Enter" if self.line_model.rowCount()
                                      else self.tr("至少添加一个产品后才能提交审核"))
        title = self.title_edit.text() or self.tr("新服务方案")
        self.setWindowTitle(self.tr("服务方案 — {0}").format(title))
        state = label(PROPOSAL_STATUSES, self.status)
        if self.proposal_id is None:
            state = self.tr("新建（尚未保存）")
        elif self._dirty:
            state += self.tr(" · 有未保存的修改")
        self.state_label.setText(self.tr("状态：{0}").format(state))
        if self.status is ProposalStatus.RETURNED and self.decision_comment:
            self.banner.setText(self.tr("负责人退回意见：{0}").format(self.decision_comment))
            self.banner.setStyleSheet("background:#fef2f2; color:#991b1b; border-left:4px solid #b91c1c; "
                                      "padding:6px;")
            self.banner.show()
        elif not editable:
            status = label(PROPOSAL_STATUSES, self.status)
            self.banner.setText(self.tr("{0}的方案不能修改，此处仅供查看。").format(status))
            self.banner.setStyleSheet("background:#eff6ff; color:#1e40af; border-left:4px solid #1e40af; "
                                      "padding:6px;")
            self.banner.show()
        else:
            self.banner.hide()
        self.on_line_product_changed()

    def on_text_changed(self) -> None:
        if not self._loading and not self._dirty:
            self._dirty = True
            self.update_state()

    def _suitability_text(self, line: Any) -> str:
        s = line.suitability
        if s.allowed:
            return self.tr("✔ 通过")
        if s.overridden:
            return self.tr("⚠ 负责人越权审批")
        return self.tr("✘ 不适当")

    def _show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- saving ----------------------------------------------------------------------------------

    def _needs(self) -> dict[NeedArea, str]:
        return {area: edit.toPlainText().strip() for area, edit in self.need_edits.items()
                if edit.toPlainText().strip()}

    def _texts(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text().strip(), "needs": self._needs(),
            "cover_letter": self.cover_letter.toPlainText(), "cooperation": self.cooperation.toPlainText(),
            "service_content": self.service_content.toPlainText(),
            "service_process": self.service_process.toPlainText(),
            "fee_standards": self.fee_standards.toPlainText(),
        }

    def save(self) -> bool:
        """Create or update the proposal's texts; True when stored. Problems are shown, never raised."""
        if not self.editable:
            return False
        self._show_problem("")
        texts = self._texts()
        if not texts["title"]:
            self._show_problem(self.tr("请填写方案名称"))
            self.tabs.setCurrentIndex(0)
            self.title_edit.setFocus()
            return False
        try:
            if self.proposal_id is None:
                client_id = self.client_picker.resolve()
                if not client_id:
                    self._show_problem(self.tr("请选择客户"))
                    self.tabs.setCurrentIndex(0)
                    self.client_picker.setFocus()
                    return False
                proposal = self.ctx.write(svc.create_proposal, entity="proposal",
                                          data=ProposalCreate(client_id=client_id, **texts))
                self.proposal_id = proposal.id
            elif self._dirty:
                self.ctx.write(svc.update_proposal, entity="proposal", proposal_id=self.proposal_id,
                               data=ProposalUpdate(**texts))
        except DomainError as exc:
            self._show_problem(problem_text(exc, self.ctx.language))
            return False
        self._dirty = False
        self.update_state()
        self.proposal_saved.emit(self.proposal_id)
        return True

    def on_save(self) -> None:
        self.save()

    def submit(self) -> bool:
        if not self.editable or not self.save():
            return False
        assert self.proposal_id is not None
        try:
            self.ctx.write(svc.submit_proposal, entity="proposal", proposal_id=self.proposal_id,
                           today=self.today)
        except DomainError as exc:
            self._show_problem(problem_text(exc, self.ctx.language))
            return False
        self.status = ProposalStatus.SUBMITTED
        self.proposal_submitted.emit(self.proposal_id)
        return True

    def on_submit(self) -> None:
        if self.submit_button.isEnabled() and self.submit():
            self.accept()

    # -- product lines ---------------------------------------------------------------------------

    def on_client_chosen(self, _client_id: str) -> None:
        self.on_line_product_changed()

    def on_line_product_changed(self, _index: int = -1) -> None:
        product = self.products.get(self.line_product.currentData() or "")
        if product is not None:
            self.line_term.setPlaceholderText(product.term)
            self.line_fee.setPlaceholderText(product.fee_standard)
        client_id = self.client_picker.client_id
        if not self.editable:
            self.line_banner.show_idle(self.tr("方案当前状态不可添加产品"))
        elif not client_id or product is None:
            self.line_banner.show_idle(self.tr("选择客户和产品后自动进行适当性检查"))
        else:
            try:
                self.line_banner.show_state(evaluate_suitability(self.ctx, client_id, product.id, self.today))
            except DomainError as exc:
                self.line_banner.show_idle(problem_text(exc, self.ctx.language))
        state = self.line_banner.state
        self.add_line_button.setEnabled(self.editable and state is not None and state.sellable)

    def add_line(self) -> bool:
        product = self.products.get(self.line_product.currentData() or "")
        if product is None or not self.save():
            return False
        assert self.proposal_id is not None
        rate = self.line_rate.value()
        data = ProposalLineCreate(product_id=product.id, amount_fen=round(self.line_amount.value() * 100),
                                  term=self.line_term.text() or product.term, rate_pct=rate or None,
                                  fee=self.line_fee.text(), note=self.line_note.text())
        try:
            self.ctx.write(svc.add_line, entity="proposal", proposal_id=self.proposal_id, data=data,
                           today=self.today)
        except DomainError as exc:
            self._show_problem(problem_text(exc, self.ctx.language))
            return False
        for widget in (self.line_term, self.line_fee, self.line_note):
            widget.clear()
        self.line_amount.setValue(0)
        self.line_rate.setValue(0)
        self._reload_parts()
        return True

    def on_add_line(self) -> None:
        self.add_line()

    def on_remove_line(self) -> None:
        line = self.line_model.row_at(self.line_table.currentIndex().row())
        if line is None:
            return
        try:
            self.ctx.write(svc.remove_line, entity="proposal", line_id=line.id)
        except DomainError as exc:
            self._show_problem(problem_text(exc, self.ctx.language))
            return
        self._reload_parts()

    # -- timetable -------------------------------------------------------------------------------

    def add_step(self) -> bool:
        text = self.step_text.text().strip()
        if not text:
            self._show_problem(self.tr("请填写步骤内容"))
            self.step_text.setFocus()
            return False
        if not self.save():
            return False
        assert self.proposal_id is not None
        data = ProposalStepCreate(step=text, responsible=self.step_responsible.currentText(),
                                  due_on=cast(date, self.step_due.date().toPython()))
        try:
            self.ctx.write(svc.add_step, entity="proposal", proposal_id=self.proposal_id, data=data)
        except DomainError as exc:
            self._show_problem(problem_text(exc, self.ctx.language))
            return False
        self.step_text.clear()
        self._reload_parts()
        self.step_text.setFocus()
        return True

    def on_add_step(self) -> None:
        self.add_step()

    def on_remove_step(self) -> None:
        step = self.step_model.row_at(self.step_table.currentIndex().row())
        if step is None:
            return
        try:
            self.ctx.write(svc.remove_step, entity="proposal", step_id=step.id)
        except DomainError as exc:
            self._show_problem(problem_text(exc, self.ctx.language))
            return
        self._reload_parts()

    # -- closing ---------------------------------------------------------------------------------

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, self.tr("未保存的修改"), self.tr("方案有未保存的修改，是否保存？"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def _may_close(self) -> bool:
        if not (self.editable and self._dirty):
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self._may_close():
            super().reject()
