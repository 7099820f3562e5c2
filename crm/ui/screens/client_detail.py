"""Client detail: profile with masked identifiers (unmask re-asks the password, audited) and tabs of records."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import HoldingKind
from crm.services import clients as client_svc
from crm.services.complaints import list_complaints
from crm.services.context import get_client
from crm.services.org import user_names
from crm.services.pitches import list_pitches
from crm.services.proposals import list_proposals
from crm.services.surveys import list_surveys
from crm.services.visits import list_visits
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.labels import (
    COMPLAINT_STATUSES,
    PITCH_STAGES,
    PROPOSAL_STATUSES,
    VISIT_MODES,
    client_kind_label,
    client_status_label,
    fen_to_wan,
    fen_to_yuan,
    industry_label,
    label,
)
from crm.ui.models.record_table_model import RecordTableModel


def _table(model: RecordTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ClientDetail(QWidget):
    unmasked = Signal(str, str)  # client id, field

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.client_id: str | None = None
        self._clear: dict[str, str] = {}
        self._build()

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("client_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("client_tabs")

        profile = QWidget()
        self.form = QFormLayout(profile)
        self.fields: dict[str, QLabel] = {}
        for key, text in (("kind", self.tr("客户类型")), ("status", self.tr("状态")), ("tier", self.tr("层级")),
                          ("industry", self.tr("行业")), ("code", self.tr("统一社会信用代码/身份证号")),
                          ("owner", self.tr("营销责任人")), ("rating", self.tr("信用评级 / 风险等级")),
                          ("tolerance", self.tr("风险承受能力")), ("deposits", self.tr("存款余额（万元）")),
                          ("loans", self.tr("贷款余额（万元）")), ("objective", self.tr("营销目标")),
                          ("entry", self.tr("营销切入点")), ("progress", self.tr("营销进度")),
                          ("issues", self.tr("需要解决的问题"))):
            value = QLabel()
            value.setObjectName(f"field_{key}")
            value.setWordWrap(True)
            self.fields[key] = value
            if key == "code":
                row = QHBoxLayout()
                row.addWidget(value, 1)
                self.unmask_button = QPushButton(self.tr("显示完整号码(&M)…"))
                self.unmask_button.setObjectName("unmask")
                self.unmask_button.clicked.connect(self.on_unmask_clicked)
                row.addWidget(self.unmask_button)
                self.form.addRow(text, row)
            else:
                self.form.addRow(text, value)
        self.tabs.addTab(profile, self.tr("概况"))

        self.contacts = RecordTableModel([
            (self.tr("姓名"), lambda c: c.name + ("（主）" if c.is_primary else "")),
            (self.tr("职务"), lambda c: c.title),
            (self.tr("电话（脱敏）"), lambda c: "、".join(client_svc.masked_phones(c))),
            (self.tr("邮箱"), lambda c: c.email),
        ])
        self.tabs.addTab(_table(self.contacts, "contacts_table"), self.tr("联系人"))
        today = date.today()
        self.holdings = RecordTableModel([
            (self.tr("类别"), lambda h: {"account": self.tr("账户"), "deposit": self.tr("存款"),
                                        "loan": self.tr("贷款"), "wealth": self.tr("理财")}.get(h.kind.value, "")),
            (self.tr("名称"), lambda h: h.name),
            (self.tr("账号（脱敏）"), lambda h: client_svc.masked_account(h)),
            (self.tr("金额（元）"), lambda h: fen_to_yuan(h.amount_fen)),
            (self.tr("到期日"), lambda h: h.maturity_on or ""),
            (self.tr("下次还款"), lambda h: _next_repayment(h)),
            (self.tr("担保"), lambda h: h.collateral or h.guarantee),
        ], highlight=lambda h: bool(h.maturity_on and 0 <= (h.maturity_on - today).days <= 30)
            or (h.kind is HoldingKind.LOAN and h.overdue_days > 0))
        self.tabs.addTab(_table(self.holdings, "holdings_table"), self.tr("持有产品"))
        self.visits = RecordTableModel([
            (self.tr("日期"), lambda v: v.visit_on), (self.tr("方式"), lambda v: label(VISIT_MODES, v.mode)),
            (self.tr("客户经理"), lambda v: v.rm_name), (self.tr("目的"), lambda v: v.purpose),
            (self.tr("达成"), lambda v: "" if v.goal_reached is None else ("✓" if v.goal_reached else "✗")),
            (self.tr("点评"), lambda v: v.review_comment),
        ])
        self.tabs.addTab(_table(self.visits, "visits_table"), self.tr("拜访记录"))
        self.pitches = RecordTableModel([
            (self.tr("产品"), lambda p: p.product_name), (self.tr("阶段"), lambda p: label(PITCH_STAGES, p.stage)),
            (self.tr("金额（万元）"), lambda p: fen_to_wan(p.amount_fen)),
        ])
        self.tabs.addTab(_table(self.pitches, "pitches_table"), self.tr("产品营销"))
        self.proposals = RecordTableModel([
            (self.tr("方案"), lambda p: p.title), (self.tr("状态"), lambda p: label(PROPOSAL_STATUSES, p.status)),
            (self.tr("更新"), lambda p: p.updated_at.date()),
        ])
        self.tabs.addTab(_table(self.proposals, "proposals_table"), self.tr("服务方案"))
        self.complaints = RecordTableModel([
            (self.tr("受理时间"), lambda c: c.received_at.date()), (self.tr("摘要"), lambda c: c.summary),
            (self.tr("状态"), lambda c: label(COMPLAINT_STATUSES, c.status)),
        ])
        self.tabs.addTab(_table(self.complaints, "complaints_table"), self.tr("投诉"))
        self.surveys = RecordTableModel([
            (self.tr("日期"), lambda s: s.conducted_on), (self.tr("周期"), lambda s: s.cycle),
            (self.tr("得分"), lambda s: f"{s.score:.1f}"), (self.tr("意见"), lambda s: s.comments),
        ])
        self.tabs.addTab(_table(self.surveys, "surveys_table"), self.tr("满意度"))

        self.prep_button = QPushButton(self.tr("打印拜访准备表(&P)"))
        self.prep_button.setObjectName("print_prep")
        self.prep_button.clicked.connect(self.on_print_prep)
        self.survey_button = QPushButton(self.tr("打印满意度调查表"))
        self.survey_button.setObjectName("print_survey")
        self.survey_button.clicked.connect(self.on_print_survey)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.prep_button)
        header.addWidget(self.survey_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

    # -- behaviour -------------------------------------------------------------------------------

    def show_client(self, client_id: str | None) -> None:
        self.client_id = client_id
        self._clear.clear()
        if client_id is None:
            self.title.setText(self.tr("未选择客户"))
            for model in self._models():
                model.set_rows([])
            for value in self.fields.values():
                value.setText("")
            self.unmask_button.setEnabled(False)
            self.prep_button.setEnabled(False)
            self.survey_button.setEnabled(False)
            return
        self.prep_button.setEnabled(True)
        self.survey_button.setEnabled(True)
        with self.ctx.session() as session:
            actor = self.ctx.actor
            client = get_client(session, actor, client_id)
            names = user_names(session=session, actor=actor)
            self._fill_profile(client, names)
            self.contacts.set_rows(client_svc.list_contacts(session=session, actor=actor, client_id=client_id))
            self.holdings.set_rows(client_svc.list_holdings(session=session, actor=actor, client_id=client_id))
            self.visits.set_rows(list_visits(session=session, actor=actor, client_id=client_id, limit=200))
            self.pitches.set_rows(list_pitches(session=session, actor=actor, client_id=client_id))
            self.proposals.set_rows(list_proposals(session=session, actor=actor, client_id=client_id))
            self.complaints.set_rows(list_complaints(session=session, actor=actor, client_id=client_id))
            self.surveys.set_rows(list_surveys(session=session, actor=actor, client_id=client_id))

    def _models(self) -> list[RecordTableModel]:
        return [self.contacts, self.holdings, self.visits, self.pitches, self.proposals, self.complaints,
                self.surveys]

    def _fill_profile(self, client: Any, names: dict[str, str]) -> None:
        self.title.setText(client.legal_name + (f"（{client.short_name}）" if client.short_name else ""))
        masked = client_svc.masked_view(client)
        f = self.fields
        f["kind"].setText(client_kind_label(client.kind))
        f["status"].setText(client_status_label(client.status))
        f["tier"].setText(client.tier.value)
        f["industry"].setText(industry_label(client.industry))
        f["code"].setText(masked["uscc"] or masked["id_number"] or self.tr("（未登记）"))
        self._sensitive_field = "uscc" if client.uscc else ("id_number" if client.id_number else "")
        self.unmask_button.setEnabled(bool(self._sensitive_field))
        f["owner"].setText(names.get(client.owner_id or "", "") if client.owner_id else self.tr("（待认领）"))
        f["rating"].setText(" / ".join(x for x in (client.credit_rating, client.risk_grade) if x))
        expiry = f"（{self.tr('有效期至')} {client.risk_expires_on}）" if client.risk_expires_on else ""
        f["tolerance"].setText((client.risk_tolerance.value + expiry) if client.risk_tolerance else self.tr("未评估"))
        f["deposits"].setText(fen_to_wan(client.deposit_balance_fen))
        f["loans"].setText(fen_to_wan(client.loan_balance_fen))
        f["objective"].setText(client.marketing_objective)
        f["entry"].setText(client.entry_point)
        f["progress"].setText(client.progress)
        f["issues"].setText(client.open_issues)

    def on_unmask_clicked(self) -> None:
        if not self.client_id or not self._sensitive_field:
            return
        password, ok = QInputDialog.getText(self, self.tr("身份验证"), self.tr("查看完整号码需再次输入密码（将记入审计）："),
                                            QLineEdit.EchoMode.Password)
        if not ok:
            return
        if not self.ctx.verify_password(password):
            QMessageBox.warning(self, self.tr("身份验证"), self.tr("密码不正确"))
            return
        try:
            clear = self.ctx.write(client_svc.unmask, entity="audit", client_id=self.client_id,
                                   field=self._sensitive_field)
        except Exception as exc:
            show_error(self, exc, self.ctx.language)
            return
        self.fields["code"].setText(clear)
        self.unmasked.emit(self.client_id, self._sensitive_field)


    def on_print_prep(self) -> None:
        if self.client_id:
            from crm.ui import printing

            printing.print_client_prep(self.ctx, self.client_id, self)

    def on_print_survey(self) -> None:
        if self.client_id:
            from crm.ui import printing

            printing.print_survey_form(self.ctx, self, client_id=self.client_id)


def _next_repayment(holding: Any) -> str:
    today = date.today().isoformat()
    upcoming = sorted(e["due_on"] for e in holding.repayment_schedule if not e.get("paid") and e["due_on"] >= today)
    return upcoming[0] if upcoming else ""
