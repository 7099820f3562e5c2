"""产品 screen and pitch dialog: catalogue filters, suitability refusal, pitching, stages, overrides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from sqlmodel import select

from crm.domain.enums import PitchStage, ProductFamily, ProductRisk
from crm.domain.models import AuditEvent, Client, Pitch, Product, SuitabilityOverride
from crm.services.pitches import list_overrides, list_pitches
from crm.ui.context import AppContext
from crm.ui.dialogs.pitch import PitchDialog
from crm.ui.models.product_table_model import RISK_COLOURS, ProductTableModel
from crm.ui.screens.products import ProductsScreen

TODAY = date.today()


def _product(ctx: AppContext, code: str) -> Product:
    with ctx.session() as session:
        return session.exec(select(Product).where(Product.code == code)).one()


def _assessed_client(ctx: AppContext, max_level: int = 3) -> Client:
    """A client of the signed-in RM with a current assessment at most C<max_level>."""
    with ctx.session() as session:
        clients = session.exec(select(Client).where(Client.owner_id == ctx.actor.user_id)).all()
    for client in sorted(clients, key=lambda c: c.legal_name):
        if client.risk_tolerance and client.risk_tolerance.level <= max_level and client.risk_expires_on \
                and client.risk_expires_on >= TODAY:
            return client
    pytest.skip("the demo RM has no client with a current assessment")


def _count(ctx: AppContext, model: Any) -> int:
    with ctx.session() as session:
        return len(session.exec(select(model)).all())


def run_modal(trigger: Callable[[], None], answer: Callable[[QWidget], None]) -> None:
    """Press `trigger`, which opens a modal dialog, and let `answer` fill it in and close it."""
    answered: list[bool] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, poll)
            return
        try:
            answer(dialog)
        finally:
            answered.append(True)
            if dialog.isVisible():
                dialog.close()

    QTimer.singleShot(0, poll)
    trigger()
    assert answered, "the dialog never opened"


@pytest.fixture
def screen(qtbot: Any, rm_ctx: AppContext) -> ProductsScreen:
    widget = ProductsScreen(rm_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def test_catalogue_filters_and_risk_colours(qtbot: Any, screen: ProductsScreen, check_models: Any) -> None:
    assert check_models(screen) >= 2
    assert screen.model.rowCount() == 55
    # Deposits first, in the order of the families, not alphabetically by code.
    assert screen.model.row_at(0).family == ProductFamily.DEPOSIT

    screen.family.setCurrentIndex(screen.family.findData(ProductFamily.WEALTH))
    assert screen.model.rowCount() > 0
    assert {p.family for p in screen.model.rows} == {ProductFamily.WEALTH}

    screen.search.setText("储蓄国债")  # QTest cannot type CJK; the input method would
    screen.apply_filters()
    assert [p.code for p in screen.model.rows] == ["WM-BOND-01", "WM-BOND-02"]
    assert "共 2 个产品" in screen.count_label.text()

    screen.search.clear()
    screen.apply_filters()
    row = screen.model.row_of(_product(screen.ctx, "WM-FUND-04").id)
    index = screen.model.index(row, ProductTableModel.COLUMNS.index("risk"))
    assert index.data() == "R5 高风险"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(RISK_COLOURS[ProductRisk.R5][0])

    screen.select_product(_product(screen.ctx, "WM-FUND-04").id)
    text = screen.detail.toPlainText()
    assert "理财风险提示" in text and "市场风险" in text


def test_unsuitable_wealth_product_is_refused_with_the_reason_and_nothing_written(
        qtbot: Any, rm_ctx: AppContext) -> None:
    client = _assessed_client(rm_ctx)
    product = _product(rm_ctx, "WM-FUND-04")  # R5: above any tolerance up to C3
    pitches_before, audit_before = _count(rm_ctx, Pitch), _count(rm_ctx, AuditEvent)

    dialog = PitchDialog(rm_ctx, product_id=product.id, client_id=client.id, client_name=client.legal_name)
    qtbot.addWidget(dialog)
    dialog.show()

    state = dialog.state
    assert state is not None and not state.sellable
    banner = dialog.banner.text.text()
    assert f"产品风险等级 R5 高于客户风险承受能力 {client.risk_tolerance.value}" in banner
    assert "不得推荐" in banner
    assert dialog.banner.property("verdict") == "refused"
    assert not dialog.pitch_button.isEnabled()
    assert dialog.override_box.isHidden()  # an RM has no override path

    # Forcing it (e.g. the shortcut) reaches the service, which refuses in the user's words.
    assert dialog.submit() is False
    assert dialog.error_label.isVisibleTo(dialog)
    assert "R5 高于客户风险承受能力" in dialog.error_label.text()
    assert (_count(rm_ctx, Pitch), _count(rm_ctx, AuditEvent)) == (pitches_before, audit_before)


def test_suitable_pitch_is_recorded_and_advanced_through_its_stages(
        qtbot: Any, screen: ProductsScreen, rm_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    client = _assessed_client(rm_ctx)
    product = _product(rm_ctx, "WM-R1-01")
    screen.select_product(product.id)

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PitchDialog)
        assert dialog.product.currentData() == product.id
        dialog.client_picker.set_client(client.id, client.legal_name)
        assert dialog.banner.property("verdict") == "ok"
        dialog.amount.setValue(200_000)
        qtbot.mouseClick(dialog.pitch_button, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(screen.pitch_recorded) as recorded:
        run_modal(lambda: qtbot.mouseClick(screen.pitch_button, Qt.MouseButton.LeftButton), answer)
    pitch_id = recorded.args[0]
    rows = {p.id: p for p in rm_ctx.read(list_pitches, client_id=client.id)}
    assert rows[pitch_id].stage is PitchStage.PROPOSED
    assert rows[pitch_id].amount_fen == 20_000_000
    assert screen.current_pitch().id == pitch_id

    # Stage buttons follow the pitch workflow.
    assert screen.stage_buttons["interest"].isEnabled()
    assert not screen.stage_buttons["win"].isEnabled()
    for name in ("interest", "apply", "win"):
        qtbot.mouseClick(screen.stage_buttons[name], Qt.MouseButton.LeftButton)
    assert screen.current_pitch().stage is PitchStage.WON
    assert not any(b.isEnabled() for b in screen.stage_buttons.values())

    # A lost pitch needs its reason; it can be reopened.
    other = _product(rm_ctx, "DEP-TD-01")
    dialog = PitchDialog(rm_ctx, screen, product_id=other.id, client_id=client.id,
                         client_name=client.legal_name)
    qtbot.addWidget(dialog)
    assert dialog.submit()
    screen.select_pitch(dialog.pitch.id)
    monkeypatch.setattr(screen, "ask_lost_reason", lambda: "客户选择他行产品")
    qtbot.mouseClick(screen.stage_buttons["lose"], Qt.MouseButton.LeftButton)
    assert screen.current_pitch().stage is PitchStage.LOST
    assert screen.current_pitch().lost_reason == "客户选择他行产品"
    assert screen.stage_buttons["reopen"].isEnabled()


def test_pitch_list_filters_by_client(qtbot: Any, screen: ProductsScreen, rm_ctx: AppContext) -> None:
    client = _assessed_client(rm_ctx)
    dialog = PitchDialog(rm_ctx, screen, product_id=_product(rm_ctx, "DEP-CA-01").id, client_id=client.id,
                         client_name=client.legal_name)
    qtbot.addWidget(dialog)
    assert dialog.submit()
    screen.pitch_client.set_client(client.id, client.legal_name)
    assert screen.pitch_model.rowCount() >= 1
    assert {p.client_id for p in screen.pitch_model.rows} == {client.id}


def test_head_overrides_then_pitches_and_the_rm_may_use_it(qtbot: Any, head_ctx: AppContext,
                                                          rm_ctx: AppContext) -> None:
    client = _assessed_client(rm_ctx)
    product = _product(head_ctx, "WM-FUND-04")
    overrides_before = len(head_ctx.read(list_overrides, client_id=client.id))

    dialog = PitchDialog(head_ctx, product_id=product.id, client_id=client.id, client_name=client.legal_name)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.banner.property("verdict") == "refused"
    assert dialog.override_box.isVisibleTo(dialog)
    assert "越权审批并推荐" in dialog.pitch_button.text()
    assert not dialog.pitch_button.isEnabled()  # the reason comes first
    dialog.override_reason.insertPlainText("客户书面确认知悉高风险，且有长期闲置资金")
    assert dialog.pitch_button.isEnabled()
    qtbot.mouseClick(dialog.pitch_button, Qt.MouseButton.LeftButton)

    assert dialog.pitch is not None and dialog.pitch.override_id
    overrides = head_ctx.read(list_overrides, client_id=client.id)
    assert len(overrides) == overrides_before + 1
    with head_ctx.session() as session:
        override = session.get(SuitabilityOverride, dialog.pitch.override_id)
        assert override is not None and override.reason.startswith("客户书面确认")
        audited = session.exec(select(AuditEvent).where(AuditEvent.action == "suitability.override",
                                                        AuditEvent.entity_id == override.id)).all()
        assert audited

    # The override now lets the client's RM pitch the same product, and says so.
    rm_dialog = PitchDialog(rm_ctx, product_id=product.id, client_id=client.id, client_name=client.legal_name)
    qtbot.addWidget(rm_dialog)
    assert rm_dialog.banner.property("verdict") == "override"
    assert "越权审批" in rm_dialog.banner.text.text()
    assert rm_dialog.pitch_button.isEnabled()
    assert rm_dialog.submit()
    assert rm_dialog.pitch is not None and rm_dialog.pitch.override_id == dialog.pitch.override_id


def test_amount_below_minimum_is_caught_before_writing(qtbot: Any, rm_ctx: AppContext) -> None:
    client = _assessed_client(rm_ctx)
    product = _product(rm_ctx, "DEP-TD-01")  # 起购 10,000 元
    dialog = PitchDialog(rm_ctx, product_id=product.id, client_id=client.id, client_name=client.legal_name)
    qtbot.addWidget(dialog)
    dialog.amount.setValue(500)
    assert not dialog.pitch_button.isEnabled()
    assert "低于起购金额 10,000.00 元" in dialog.amount_hint.text()
    dialog.amount.setValue(20_000)
    assert dialog.pitch_button.isEnabled()
