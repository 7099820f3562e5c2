"""Pitch a product to a client (产品营销) behind the live suitability check, with the head's override path."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from crm.domain.enums import ProductFamily, ProductRisk, RiskTolerance
from crm.domain.errors import DomainError, SuitabilityRefused
from crm.domain.models import Pitch, SuitabilityOverride
from crm.domain.rules.suitability import assessment_expiry
from crm.services.context import Actor, get_client
from crm.services.org import get_user
from crm.services.pitches import (
    OVERRIDE_VALID_DAYS,
    PitchCreate,
    check_pitchable,
    grant_override,
    pitch_product,
    suitability_for,
)
from crm.services.products import get_product, list_products
from crm.ui.context import AppContext
from crm.ui.errors import error_text
from crm.ui.labels import (
    SUITABILITY_REASONS,
    fen_to_yuan,
    product_risk_label,
    risk_tolerance_label,
    suitability_reason,
)
from crm.ui.models.product_table_model import catalogue_order
from crm.ui.widgets.pickers import ClientPicker


@dataclass(frozen=True)
class SuitabilityState:
    """What the suitability banner shows for one client and product on one day."""

    client_name: str
    tolerance: RiskTolerance | None
    expires_on: date | None
    product_name: str
    product_family: ProductFamily
    product_risk: ProductRisk | None
    min_amount_fen: int
    allowed: bool
    code: str | None
    override: SuitabilityOverride | None
    override_by: str
    today: date

    @property
    def sellable(self) -> bool:
        """Allowed outright, or refused but lifted by a valid branch-head override."""
        return self.allowed or self.override is not None

    @property
    def reason(self) -> str:
        return suitability_reason(self.code, {"tolerance": self.tolerance, "product_risk": self.product_risk,
                                              "expires_on": self.expires_on})


def evaluate_suitability(ctx: AppContext, client_id: str, product_id: str, today: date) -> SuitabilityState:
    """Run the service's suitability gate read-only, so the dialog can say why before anything is written."""

    def run(*, session: Session, actor: Actor) -> SuitabilityState:
        client = get_client(session, actor, client_id)
        product = get_product(session=session, actor=actor, product_id=product_id)
        result = suitability_for(client, product, today)
        override = None
        if not result.allowed:
            try:
                gate = check_pitchable(session=session, client=client, product=product, today=today)
                override = gate.override
            except SuitabilityRefused:
                override = None
        approver = ""
        if override is not None:
            approver = get_user(session=session, actor=actor, user_id=override.approved_by).display_name
        return SuitabilityState(
            client_name=client.short_name or client.legal_name, tolerance=client.risk_tolerance,
            expires_on=assessment_expiry(client.risk_assessed_on, client.risk_expires_on),
            product_name=product.name, product_family=ProductFamily(product.family),
            product_risk=ProductRisk(product.risk) if product.risk else None,
            min_amount_fen=product.min_amount_fen, allowed=result.allowed, code=result.code,
            override=override, override_by=approver, today=today)

    return ctx.read(run)  # type: ignore[no-any-return]


def problem_text(exc: BaseException, language: str) -> str:
    """A refusal in the user's words: suitability codes through the Labels catalogue, the rest as usual."""
    if isinstance(exc, DomainError) and exc.code in SUITABILITY_REASONS:
        return suitability_reason(exc.code, exc.params)
    return error_text(exc, language)


class SuitabilityBanner(QFrame):
    """The live result of the suitability check (适当性): tolerance and expiry against the product's risk."""

    _STYLES: ClassVar[dict[str, tuple[str, str]]] = {
        "ok": ("#ecfdf5", "#15803d"),
        "override": ("#fffbeb", "#b45309"),
        "refused": ("#fef2f2", "#b91c1c"),
        "idle": ("#f3f4f6", "#6b7280"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suitability_banner")
        self.state: SuitabilityState | None = None
        self.text = QLabel()
        self.text.setObjectName("suitability_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.text)
        self.show_idle(self.tr("选择客户和产品后自动进行适当性检查"))

    def _paint(self, kind: str) -> None:
        background, accent = self._STYLES[kind]
        self.setStyleSheet(f"#suitability_banner {{ background: {background}; border: 1px solid {accent}; "
                           f"border-left: 4px solid {accent}; border-radius: 4px; }}"
                           f"#suitability_text {{ color: #1f2937; }}")
        self.setProperty("verdict", kind)

    def show_idle(self, text: str) -> None:
        self.state = None
        self._paint("idle")
        self.text.setText(html.escape(text))

    def show_state(self, state: SuitabilityState) -> None:
        self.state = state
        if state.tolerance is None:
            tolerance = self.tr("未评估")
        else:
            tolerance = risk_tolerance_label(state.tolerance)
            if state.expires_on is not None:
                expired = state.expires_on < state.today
                note = self.tr("已于 {0} 过期") if expired else self.tr("有效期至 {0}")
                tolerance += "（" + note.format(state.expires_on.isoformat()) + "）"
        risk = product_risk_label(state.product_risk) if state.product_risk else self.tr("无风险等级")
        lines = [
            self.tr("客户风险承受能力：{0}").format(html.escape(tolerance)),
            self.tr("产品风险等级：{0}").format(html.escape(risk)),
        ]
        if state.allowed:
            kind = "ok"
            verdict = "✔ " + self.tr("适当性检查通过，可以推荐")
        elif state.override is not None:
            kind = "override"
            until = state.override.valid_until.isoformat() if state.override.valid_until else ""
            verdict = "⚠ " + self.tr("{0}。已有网点负责人{1}越权审批（有效期至 {2}），可以推荐").format(
                html.escape(state.reason), html.escape(state.override_by), until)
        else:
            kind = "refused"
            verdict = "✘ " + self.tr("不得推荐：{0}").format(html.escape(state.reason))
        self._paint(kind)
        self.text.setText("<br>".join(lines) + f"<br><b>{verdict}</b>")


class PitchDialog(QDialog):
    """Choose client, product and amount; refused products cannot be pitched unless a head overrides."""

    pitch_recorded = Signal(str)  # pitch id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, product_id: str | None = None,
                 client_id: str | None = None, client_name: str = "", today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.pitch: Pitch | None = None
        self.setWindowTitle(self.tr("向客户推荐产品"))
        self.setMinimumWidth(560)
        self._build()
        self._connect_signals()
        if product_id:
            self.select_product(product_id)
        if client_id:
            self.client_picker.set_client(client_id, client_name)
        self.refresh_check()

    def _build(self) -> None:
        self.client_picker = ClientPicker(self.ctx, self)
        self.product = QComboBox()
        self.product.setObjectName("pitch_product")
        for p in catalogue_order(self.ctx.read(list_products)):
            self.product.addItem(f"{p.code}  {p.name}", p.id)
        self.amount = QDoubleSpinBox()
        self.amount.setObjectName("pitch_amount")
        self.amount.setRange(0, 1e12)
        self.amount.setDecimals(2)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSuffix(self.tr(" 元"))
        self.amount.setSpecialValueText(self.tr("尚未商定"))
        self.amount_hint = QLabel()
        self.amount_hint.setObjectName("amount_hint")
        self.amount_hint.setStyleSheet("color: #6b7280;")

        form = QFormLayout()
        client_label = QLabel(self.tr("客户(&C)："))
        client_label.setBuddy(self.client_picker)
        product_label = QLabel(self.tr("产品(&R)："))
        product_label.setBuddy(self.product)
        amount_label = QLabel(self.tr("金额(&A)："))
        amount_label.setBuddy(self.amount)
        form.addRow(client_label, self.client_picker)
        form.addRow(product_label, self.product)
        form.addRow(amount_label, self.amount)
        form.addRow("", self.amount_hint)

        self.banner = SuitabilityBanner(self)

        self.override_box = QGroupBox(self.tr("网点负责人越权审批（将记入审计）"))
        self.override_box.setObjectName("override_box")
        self.override_reason = QPlainTextEdit()
        self.override_reason.setObjectName("override_reason")
        self.override_reason.setPlaceholderText(self.tr("说明为何仍向该客户推荐此产品，例如客户书面确认知悉风险等"))
        self.override_reason.setFixedHeight(72)
        self.override_until = QDateEdit()
        self.override_until.setObjectName("override_until")
        self.override_until.setCalendarPopup(True)
        self.override_until.setDisplayFormat("yyyy-MM-dd")
        until = self.today + timedelta(days=OVERRIDE_VALID_DAYS)
        self.override_until.setDate(QDate(until.year, until.month, until.day))
        self.override_until.setMinimumDate(QDate(self.today.year, self.today.month, self.today.day))
        override_form = QFormLayout(self.override_box)
        override_form.addRow(self.tr("理由："), self.override_reason)
        override_form.addRow(self.tr("有效期至："), self.override_until)
        self.override_box.hide()

        self.error_label = QLabel()
        self.error_label.setObjectName("pitch_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.hide()

        self.buttons = QDialogButtonBox()
        self.pitch_button = QPushButton(self.tr("推荐(&P)"))
        self.pitch_button.setObjectName("pitch_ok")
        self.pitch_button.setDefault(True)
        self.buttons.addButton(self.pitch_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.override_box)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.client_picker.client_chosen.connect(self.on_client_chosen)
        self.product.currentIndexChanged.connect(self.on_product_changed)
        self.amount.valueChanged.connect(self.on_amount_changed)
        self.override_reason.textChanged.connect(self.update_buttons)
        self.buttons.accepted.connect(self.on_accepted)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_accepted)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.on_accepted)

    # -- public API ------------------------------------------------------------------------------

    @property
    def state(self) -> SuitabilityState | None:
        return self.banner.state

    def select_product(self, product_id: str) -> None:
        index = self.product.findData(product_id)
        if index >= 0:
            self.product.setCurrentIndex(index)

    def needs_override(self) -> bool:
        state = self.state
        return bool(state and not state.sellable and self.ctx.actor.is_branch_head)

    # -- behaviour -------------------------------------------------------------------------------

    def on_client_chosen(self, _client_id: str) -> None:
        self.refresh_check()

    def on_product_changed(self, _index: int) -> None:
        self.refresh_check()

    def on_amount_changed(self, _value: float) -> None:
        self.update_buttons()

    def refresh_check(self) -> None:
        self.error_label.hide()
        client_id = self.client_picker.client_id
        product_id = self.product.currentData()
        if not client_id or not product_id:
            self.banner.show_idle(self.tr("选择客户和产品后自动进行适当性检查"))
        else:
            try:
                self.banner.show_state(evaluate_suitability(self.ctx, client_id, product_id, self.today))
            except DomainError as exc:
                self.banner.show_idle(problem_text(exc, self.ctx.language))
        self.override_box.setVisible(self.needs_override())
        self.update_buttons()

    def _amount_fen(self) -> int:
        return round(self.amount.value() * 100)

    def _amount_problem(self) -> str:
        state = self.state
        if state is None or not state.min_amount_fen:
            return ""
        if self._amount_fen() and self._amount_fen() < state.min_amount_fen:
            return self.tr("低于起购金额 {0} 元").format(fen_to_yuan(state.min_amount_fen))
        return ""

    def update_buttons(self) -> None:
        state = self.state
        minimum = (self.tr("起购金额 {0} 元").format(fen_to_yuan(state.min_amount_fen))
                   if state and state.min_amount_fen else "")
        problem = self._amount_problem()
        self.amount_hint.setText(problem or minimum)
        self.amount_hint.setStyleSheet("color: #b91c1c;" if problem else "color: #6b7280;")
        if self.needs_override():
            self.pitch_button.setText(self.tr("越权审批并推荐(&O)"))
            ok = bool(self.override_reason.toPlainText().strip())
        else:
            self.pitch_button.setText(self.tr("推荐(&P)"))
            ok = bool(state and state.sellable)
        self.pitch_button.setEnabled(ok and not problem)

    def on_accepted(self) -> None:
        if self.submit():
            self.accept()

    def submit(self) -> bool:
        """Record the pitch (after the override, for a head); on refusal show why and write nothing."""
        client_id = self.client_picker.resolve()
        product_id = self.product.currentData()
        if not client_id or not product_id:
            self._show_problem(self.tr("请选择客户和产品"))
            return False
        data = PitchCreate(client_id=client_id, product_id=product_id, amount_fen=self._amount_fen())
        try:
            if self.needs_override():
                self.pitch = self.ctx.write(_override_and_pitch, entity="pitch", data=data,
                                            reason=self.override_reason.toPlainText(),
                                            valid_until=self.override_until.date().toPython(),
                                            today=self.today)
            else:
                self.pitch = self.ctx.write(pitch_product, entity="pitch", data=data, today=self.today)
        except DomainError as exc:
            self.refresh_check()  # the client or catalogue may have changed since the last check
            self._show_problem(problem_text(exc, self.ctx.language))
            return False
        assert self.pitch is not None
        self.pitch_recorded.emit(self.pitch.id)
        return True

    def _show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


def _override_and_pitch(*, session: Session, actor: Actor, data: PitchCreate, reason: str, valid_until: date,
                        today: date) -> Any:
    """Both in one transaction: an override is never left behind by a pitch that then failed."""
    override = grant_override(session=session, actor=actor, client_id=data.client_id,
                              product_id=data.product_id, reason=reason, valid_until=valid_until, today=today)
    with_override = data.model_copy(update={"override_id": override.id})
    return pitch_product(session=session, actor=actor, data=with_override, today=today)
