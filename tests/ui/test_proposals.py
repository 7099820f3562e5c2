"""方案 screen and editor: an RM writes and submits a proposal, the head decides, the RM delivers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlmodel import select

from crm.domain.enums import NeedArea, ProposalStatus
from crm.domain.models import Client, Product, Proposal, ProposalLine
from crm.services import proposals as svc
from crm.ui.context import AppContext
from crm.ui.dialogs.decision import DecisionDialog
from crm.ui.dialogs.proposal_editor import ProposalEditorDialog
from crm.ui.screens.approvals import ApprovalsScreen
from crm.ui.screens.proposals import ProposalsScreen, printing_available

TITLE = "测试综合金融服务方案"


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


def _client(ctx: AppContext) -> Client:
    """A client of the signed-in RM with a current risk assessment (wealth lines pass for R1)."""
    today = date.today()
    with ctx.session() as session:
        clients = session.exec(select(Client).where(Client.owner_id == ctx.actor.user_id)).all()
    found = [c for c in clients if c.risk_tolerance and c.risk_expires_on and c.risk_expires_on >= today]
    if not found:
        pytest.skip("the demo RM has no client with a current assessment")
    return sorted(found, key=lambda c: c.legal_name)[0]


def _product(ctx: AppContext, code: str) -> Product:
    with ctx.session() as session:
        return session.exec(select(Product).where(Product.code == code)).one()


def _row_of(screen: ProposalsScreen, proposal_id: str) -> Any:
    return next((r for r in screen.model.rows if r.id == proposal_id), None)


@pytest.fixture
def rm_screen(qtbot: Any, rm_ctx: AppContext) -> ProposalsScreen:
    widget = ProposalsScreen(rm_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def write_proposal(qtbot: Any, editor: ProposalEditorDialog, client: Client, product: Product) -> None:
    """Fill the editor the way an RM does: client, title, needs, a product line, a step, the texts."""
    editor.client_picker.set_client(client.id, client.legal_name)
    editor.title_edit.setText(TITLE)  # QTest cannot type CJK; the input method would
    editor.need_edits[NeedArea.SETTLEMENT].setPlainText("多家银行开户，希望归集结算")
    editor.need_edits[NeedArea.FINANCING].setPlainText("扩产流动资金约300万元")
    editor.service_content.setPlainText("结算、融资与现金管理一揽子服务")
    editor.fee_standards.setPlainText("按我行公布的收费标准执行")
    editor.cover_letter.setPlainText("尊敬的客户：感谢贵司长期以来的信任与支持。")

    editor.tabs.setCurrentIndex(2)
    editor.line_product.setCurrentIndex(editor.line_product.findData(product.id))
    assert editor.line_banner.property("verdict") == "ok"
    editor.line_amount.setValue(3_000_000)
    editor.line_term.setText("一年")
    qtbot.mouseClick(editor.add_line_button, Qt.MouseButton.LeftButton)
    assert editor.error_label.isHidden(), editor.error_label.text()
    assert editor.line_model.rowCount() == 1
    assert editor.proposal_id is not None  # saved before the line was added

    editor.tabs.setCurrentIndex(4)
    editor.step_text.setText("开立一般存款账户并开通企业网银")
    qtbot.mouseClick(editor.add_step_button, Qt.MouseButton.LeftButton)
    assert editor.step_model.rowCount() == 1
    assert editor.step_model.row_at(0).responsible == editor.ctx.actor.display_name


def test_rm_writes_and_submits_a_proposal_the_head_approves_it(
        qtbot: Any, rm_screen: ProposalsScreen, rm_ctx: AppContext, head_ctx: AppContext,
        check_models: Any) -> None:
    check_models(rm_screen)
    client = _client(rm_ctx)
    product = _product(rm_ctx, "CR-WC-01")
    created: list[str] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, ProposalEditorDialog)
        check_models(dialog)
        assert not dialog.submit_button.isEnabled()  # nothing to review yet
        write_proposal(qtbot, dialog, client, product)
        assert dialog.submit_button.isEnabled()
        created.append(dialog.proposal_id or "")
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
        assert dialog.error_label.isHidden(), dialog.error_label.text()

    run_modal(lambda: qtbot.mouseClick(rm_screen.new_button, Qt.MouseButton.LeftButton), answer)
    proposal_id = created[0]
    assert rm_ctx.read(svc.get_proposal, proposal_id=proposal_id).status is ProposalStatus.SUBMITTED
    assert rm_screen.current_id() == proposal_id
    assert "待审核" in rm_screen.summary.toPlainText()
    assert rm_screen.action_buttons["withdraw"].isEnabled()
    assert not rm_screen.action_buttons["submit"].isEnabled()
    with rm_ctx.session() as session:
        lines = session.exec(select(ProposalLine).where(ProposalLine.proposal_id == proposal_id)).all()
        assert [(ln.amount_fen, ln.term) for ln in lines] == [(300_000_000, "一年")]

    # The head finds it under 审批 → 服务方案, reads needs, lines with suitability, fees and timetable.
    approvals = ApprovalsScreen(head_ctx)
    qtbot.addWidget(approvals)
    tab = approvals.proposals_tab
    approvals.tabs.setCurrentWidget(tab)
    row = next(i for i, r in enumerate(tab.model.rows) if r.id == proposal_id)
    tab.table.selectRow(row)
    summary = tab.summary.toPlainText()
    for text in (TITLE, "多家银行开户", "流动资金贷款", "通过", "按我行公布的收费标准执行",
                 "开立一般存款账户"):
        assert text in summary
    before = tab.count

    def approve(dialog: QWidget) -> None:
        assert isinstance(dialog, DecisionDialog)
        dialog.comment_edit.setPlainText("同意，注意贷款用途监控")
        qtbot.mouseClick(dialog.choice_buttons["approve"], Qt.MouseButton.LeftButton)

    run_modal(lambda: qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton), approve)
    assert tab.count == before - 1
    assert f"服务方案 ({before - 1})" == approvals.tab_title(tab)

    # The RM's list (refreshed as after a sync) shows it approved, with the head's comment.
    rm_screen.reload()
    assert rm_screen.select(proposal_id)
    assert _row_of(rm_screen, proposal_id).status is ProposalStatus.APPROVED
    assert "同意，注意贷款用途监控" in rm_screen.summary.toPlainText()
    assert rm_screen.action_buttons["deliver"].isEnabled()
    assert rm_screen.action_buttons["edit"].text().startswith("查看")

    # Deliver, start, tick a step, track.
    qtbot.mouseClick(rm_screen.action_buttons["deliver"], Qt.MouseButton.LeftButton)
    assert _row_of(rm_screen, proposal_id).status is ProposalStatus.DELIVERED
    qtbot.mouseClick(rm_screen.action_buttons["start"], Qt.MouseButton.LeftButton)
    assert _row_of(rm_screen, proposal_id).status is ProposalStatus.IMPLEMENTING
    rm_screen.detail_tabs.setCurrentIndex(1)
    rm_screen.step_table.selectRow(0)
    assert rm_screen.step_done_button.isEnabled()
    qtbot.mouseClick(rm_screen.step_done_button, Qt.MouseButton.LeftButton)
    assert rm_screen.step_model.row_at(0).done
    rm_screen.ask_track_comment = lambda: "首笔贷款已发放"  # type: ignore[method-assign]
    qtbot.mouseClick(rm_screen.action_buttons["track"], Qt.MouseButton.LeftButton)
    assert _row_of(rm_screen, proposal_id).status is ProposalStatus.TRACKED


def test_returned_proposal_shows_the_comment_and_can_be_resubmitted(
        qtbot: Any, rm_ctx: AppContext, head_ctx: AppContext, rm_screen: ProposalsScreen) -> None:
    client = _client(rm_ctx)
    editor = ProposalEditorDialog(rm_ctx)
    qtbot.addWidget(editor)
    write_proposal(qtbot, editor, client, _product(rm_ctx, "EB-CORP-01"))
    assert editor.submit()
    proposal_id = editor.proposal_id
    assert proposal_id

    approvals = ApprovalsScreen(head_ctx)
    qtbot.addWidget(approvals)
    tab = approvals.proposals_tab
    tab.table.selectRow(next(i for i, r in enumerate(tab.model.rows) if r.id == proposal_id))

    def refuse_then_return(dialog: QWidget) -> None:
        assert isinstance(dialog, DecisionDialog)
        qtbot.mouseClick(dialog.choice_buttons["return"], Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.error_label.isVisibleTo(dialog)  # a return needs the comment
        dialog.comment_edit.setPlainText("请补充服务流程和收费减免说明")
        qtbot.mouseClick(dialog.choice_buttons["return"], Qt.MouseButton.LeftButton)

    run_modal(lambda: qtbot.mouseClick(tab.return_button, Qt.MouseButton.LeftButton), refuse_then_return)
    assert rm_ctx.read(svc.get_proposal, proposal_id=proposal_id).status is ProposalStatus.RETURNED

    reopened = ProposalEditorDialog(rm_ctx, proposal_id=proposal_id)
    qtbot.addWidget(reopened)
    assert reopened.editable
    assert reopened.banner.isVisibleTo(reopened)
    assert "请补充服务流程和收费减免说明" in reopened.banner.text()
    reopened.service_process.setPlainText("需求确认→方案审批→开户→网银开通→回访")
    assert reopened.dirty
    assert reopened.submit()
    assert rm_ctx.read(svc.get_proposal, proposal_id=proposal_id).status is ProposalStatus.SUBMITTED
    with rm_ctx.session() as session:
        stored = session.get(Proposal, proposal_id)
        assert stored is not None and stored.service_process.startswith("需求确认")


def test_editor_refuses_an_unsuitable_line(qtbot: Any, rm_ctx: AppContext) -> None:
    client = _client(rm_ctx)
    editor = ProposalEditorDialog(rm_ctx, client_id=client.id, client_name=client.legal_name)
    qtbot.addWidget(editor)
    editor.line_product.setCurrentIndex(editor.line_product.findData(_product(rm_ctx, "WM-FUND-04").id))
    assert editor.line_banner.property("verdict") == "refused"
    assert "R5 高于客户风险承受能力" in editor.line_banner.text.text()
    assert not editor.add_line_button.isEnabled()
    editor.title_edit.setText(TITLE)
    assert editor.add_line() is False
    assert "R5 高于客户风险承受能力" in editor.error_label.text()
    assert editor.line_model.rowCount() == 0


def test_list_filters_and_print_button(qtbot: Any, rm_screen: ProposalsScreen, rm_ctx: AppContext) -> None:
    everything = rm_screen.model.rowCount()
    assert everything > 0
    assert rm_screen.action_buttons["print"].isVisibleTo(rm_screen) == printing_available()
    rm_screen.status.setCurrentIndex(rm_screen.status.findData(ProposalStatus.DRAFT))
    assert all(r.status is ProposalStatus.DRAFT for r in rm_screen.model.rows)
    rm_screen.status.setCurrentIndex(0)
    assert rm_screen.model.rowCount() == everything
    first = rm_screen.model.rows[0]
    rm_screen.search.setText(first.client_name)
    assert rm_screen.model.rowCount() >= 1
    name = first.client_name
    assert all(name in r.client_name or name in r.title for r in rm_screen.model.rows)
    assert f"共 {rm_screen.model.rowCount()} 个方案" == rm_screen.count_label.text()
