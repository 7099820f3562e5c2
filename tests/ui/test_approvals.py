"""审批 screen (branch head): counts, plan return with a comment, claims, visit review, assignment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from sqlmodel import select

from crm.domain.enums import ClaimStatus, PlanStatus, ProposalStatus, Role
from crm.domain.models import Client, ClientClaim, Plan, User, Visit
from crm.services import plans as plan_svc
from crm.services.claims import claim_client, list_claims, list_pool
from crm.services.clients import ClientFilter, count_clients
from crm.services.context import Actor
from crm.services.proposals import list_proposals
from crm.services.visits import list_visits
from crm.ui.context import AppContext
from crm.ui.dialogs.decision import DecisionDialog
from crm.ui.screens.approvals import ApprovalsScreen


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


def activate(qtbot: Any, window: QWidget) -> None:
    """Shortcuts fire only in the active window, as for a user at the keyboard."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture
def screen(qtbot: Any, head_ctx: AppContext) -> ApprovalsScreen:
    widget = ApprovalsScreen(head_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def _actor(ctx: AppContext, username: str) -> Actor:
    with ctx.session() as session:
        return Actor.of(session.exec(select(User).where(User.username == username)).one())


def test_tab_titles_count_what_waits(screen: ApprovalsScreen, head_ctx: AppContext,
                                     check_models: Any) -> None:
    assert check_models(screen) >= 5
    me = head_ctx.actor.user_id
    plans = [p for p in head_ctx.read(plan_svc.list_plans, status=PlanStatus.SUBMITTED) if p.rm_id != me]
    proposals = [p for p in head_ctx.read(list_proposals, status=ProposalStatus.SUBMITTED) if p.rm_id != me]
    visits = [v for v in head_ctx.read(list_visits, awaiting_review=True, limit=1000) if v.rm_id != me]
    open_states = (ClaimStatus.PENDING, ClaimStatus.CONTESTED)
    claims = [c for c in head_ctx.read(list_claims) if c.status in open_states]
    pooled = head_ctx.read(count_clients, filters=ClientFilter(pooled=True))
    titles = [screen.tabs.tabText(i) for i in range(screen.tabs.count())]
    assert titles[0] == f"月度计划 ({len(plans)})"
    assert titles[1] == f"服务方案 ({len(proposals)})"
    assert titles[2] == f"拜访点评 ({len(visits)})"
    assert titles[3].startswith(f"客户认领 ({len(claims)}")
    assert titles[4] == f"客户分配 (待分配 {pooled})"
    assert plans and proposals and visits and claims, "the demo data should give the head work in every tab"


def test_rm_cannot_see_the_approvals_screen() -> None:
    from crm.ui.screens import screens_for

    assert "approvals" not in [s.key for s in screens_for(Role.RM)]
    assert "approvals" in [s.key for s in screens_for(Role.BRANCH_HEAD)]


def test_head_returns_a_plan_with_a_comment(qtbot: Any, screen: ApprovalsScreen,
                                            head_ctx: AppContext) -> None:
    tab = screen.plans_tab
    screen.tabs.setCurrentWidget(tab)
    entry = tab.current_entry()
    assert entry is not None
    before = tab.count
    # The plan opens read-only in the Gantt.
    assert tab.gantt.model.rowCount() == entry.items
    assert not tab.gantt.editable
    assert entry.rm_name in tab.title.text()

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, DecisionDialog)
        assert dialog.suggested == "return"
        dialog.comment_edit.setPlainText("重点客户拜访频次不足，请补充存款到期客户的续存安排")
        activate(qtbot, dialog)
        qtbot.keyClick(dialog.comment_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    run_modal(lambda: qtbot.mouseClick(tab.return_button, Qt.MouseButton.LeftButton), answer)
    with head_ctx.session() as session:
        plan = session.get(Plan, entry.id)
        assert plan is not None
        assert plan.status is PlanStatus.RETURNED
        assert plan.decision_comment == "重点客户拜访频次不足，请补充存款到期客户的续存安排"
        assert plan.decided_by == head_ctx.actor.user_id
    assert tab.count == before - 1
    assert entry.id not in [e.id for e in tab.model.rows]
    assert screen.tab_title(tab) == f"月度计划 ({before - 1})"


def test_head_approves_a_plan(qtbot: Any, screen: ApprovalsScreen, head_ctx: AppContext) -> None:
    tab = screen.plans_tab
    entry = tab.current_entry()
    assert entry is not None

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, DecisionDialog)
        qtbot.mouseClick(dialog.choice_buttons["approve"], Qt.MouseButton.LeftButton)

    run_modal(lambda: qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton), answer)
    assert head_ctx.read(plan_svc.get_plan, plan_id=entry.id).status is PlanStatus.APPROVED


def test_head_settles_a_contested_claim(qtbot: Any, screen: ApprovalsScreen, head_ctx: AppContext) -> None:
    # Two RMs claim the same pooled client: it becomes contested and is highlighted with both names.
    pool = [p for p in head_ctx.read(list_pool) if p.open_claims == 0]
    assert pool, "the demo pool should have an unclaimed client"
    target = pool[0]
    first, second = _actor(head_ctx, "wangfang"), _actor(head_ctx, "lilei")
    for rm, reason in ((first, "曾在原单位服务该客户多年"), (second, "客户主动联系本人办理业务")):
        with head_ctx.session() as session:
            claim_client(session=session, actor=rm, client_id=target.client_id, reason=reason)
    head_ctx.data_changed.emit("claim")

    tab = screen.claims_tab
    screen.tabs.setCurrentWidget(tab)
    rows = [(i, c) for i, c in enumerate(tab.model.rows) if c.client_id == target.client_id]
    assert [c.status for _i, c in rows] == [ClaimStatus.CONTESTED, ClaimStatus.CONTESTED]
    row = next(i for i, c in rows if c.claimant_id == second.user_id)
    rivals = tab.model.index(row, 3).data()
    assert rivals == first.display_name
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#fff3cd")
    tab.table.selectRow(row)
    assert "争议认领" in tab.detail.text() and first.display_name in tab.detail.text()

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, DecisionDialog)
        assert first.display_name in dialog.subject_label.text()
        dialog.comment_edit.setPlainText("客户指定由李雷服务")
        qtbot.mouseClick(dialog.choice_buttons["grant"], Qt.MouseButton.LeftButton)

    run_modal(lambda: qtbot.mouseClick(tab.grant_button, Qt.MouseButton.LeftButton), answer)
    with head_ctx.session() as session:
        client = session.get(Client, target.client_id)
        assert client is not None and client.owner_id == second.user_id
        claims = {c.claimant_id: c for c in session.exec(
            select(ClientClaim).where(ClientClaim.client_id == target.client_id))}
        assert claims[second.user_id].status is ClaimStatus.GRANTED
        assert claims[second.user_id].decision_comment == "客户指定由李雷服务"
        assert claims[first.user_id].status is ClaimStatus.REJECTED
    assert all(c.client_id != target.client_id for c in tab.model.rows)


def test_head_reviews_a_visit(qtbot: Any, screen: ApprovalsScreen, head_ctx: AppContext) -> None:
    tab = screen.visits_tab
    screen.tabs.setCurrentWidget(tab)
    visit_row = tab.current_row()
    assert visit_row is not None
    assert visit_row.client_name in tab.detail.toPlainText()
    assert not tab.review_button.isEnabled()  # nothing written yet
    before = tab.count

    tab.comment.setPlainText("下次拜访带上代发工资方案，约财务总监面谈")
    assert tab.review_button.isEnabled()
    activate(qtbot, screen)
    tab.comment.setFocus()
    qtbot.keyClick(tab.comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    with head_ctx.session() as session:
        visit = session.get(Visit, visit_row.id)
        assert visit is not None
        assert visit.review_comment == "下次拜访带上代发工资方案，约财务总监面谈"
        assert visit.reviewed_by == head_ctx.actor.user_id
    assert visit_row.id not in [v.id for v in tab.model.rows]
    assert tab.count == before - 1
    assert tab.comment.toPlainText() == ""


def test_head_assigns_pooled_clients_to_an_rm(qtbot: Any, screen: ApprovalsScreen, head_ctx: AppContext,
                                              message_boxes: Any) -> None:
    tab = screen.assign_tab
    screen.tabs.setCurrentWidget(tab)
    assert tab.pool_only.isChecked()
    pooled = tab.model.rowCount()
    assert pooled >= 2
    chosen = [tab.model.row_at(0).id, tab.model.row_at(1).id]
    selection = tab.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        selection.select(tab.model.index(row, 0), flags)
    assert "已选 2 个客户" in tab.selection_label.text()
    rm = _actor(head_ctx, "wangfang")
    tab.owner.setCurrentIndex(tab.owner.findData(rm.user_id))
    qtbot.mouseClick(tab.assign_button, Qt.MouseButton.LeftButton)

    assert message_boxes.shown and message_boxes.shown[-1][0] == "question"
    with head_ctx.session() as session:
        owners = {session.get(Client, cid).owner_id for cid in chosen}  # type: ignore[union-attr]
    assert owners == {rm.user_id}
    assert tab.model.rowCount() == pooled - 2
    assert screen.tab_title(tab) == f"客户分配 (待分配 {pooled - 2})"

    # Searching all clients (not only the pool) finds an owned client to reassign.
    tab.pool_only.setChecked(False)
    assert tab.model.total > pooled


def test_assignment_list_total_is_counted_after_it_is_shown(qtbot: Any, screen: ApprovalsScreen,
                                                            head_ctx: AppContext) -> None:
    """Found in review: the tab printed the first page's size (60 of 200) as the total, for good."""
    tab = screen.assign_tab
    screen.tabs.setCurrentWidget(tab)
    tab.pool_only.setChecked(False)
    everyone = head_ctx.read(count_clients, filters=ClientFilter())
    assert everyone > tab.model.rowCount()  # more than a page: counted after the list is shown
    qtbot.waitUntil(lambda: tab.total_label.text() == f"共 {everyone:,} 个客户", timeout=3000)
