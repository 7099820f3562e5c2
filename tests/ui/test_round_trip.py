"""Through a real ledger over HTTP: RM → branch head → RM approval, an offline edit, a conflict resolved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QRadioButton

from crm.demo_ledger import DEMO_HEAD, DEMO_RM, DemoLedger
from crm.domain.enums import PlanGoal, PlanStatus
from crm.services import plans as plan_svc
from crm.services.clients import ClientFilter, ClientUpdate, list_clients, update_client
from crm.services.outbox import pending_count
from crm.services.sync_view import list_conflicts
from crm.sync.client import HttpTransport, ServerUnavailable
from crm.ui.context import AppContext
from crm.ui.dialogs.conflict import ConflictDialog
from crm.ui.screens.approvals import ApprovalsScreen

TODAY = date(2026, 11, 23)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[DemoLedger]:
    ledger = DemoLedger.start(clients=120, visits=300, seed=11, root=tmp_path / "demo", today=TODAY)
    yield ledger
    ledger.stop()


def _ctx(signed: Any) -> AppContext:
    return AppContext(signed.workspace, signed.actor, keystore=None, sync_engine=signed.sync_engine,
                      demo=signed.demo)


def _pending(ctx: AppContext) -> int:
    with ctx.session() as session:
        return pending_count(session=session)


def test_plan_approval_round_trip_offline_edit_and_conflict(qtbot: Any, ledger: DemoLedger) -> None:
    rm = _ctx(ledger.sign_in(DEMO_RM))
    head = _ctx(ledger.sign_in(DEMO_HEAD))
    try:
        # 1. The RM plans next month and submits it; the ledger gets it on sync.
        plan = rm.write(plan_svc.create_plan, entity="plan", data=plan_svc.PlanCreate(month="2026-12"))
        client = rm.read(list_clients, filters=ClientFilter(owner_id=rm.actor.user_id), limit=1)[0]
        rm.write(plan_svc.add_item, entity="plan", plan_id=plan.id, data=plan_svc.PlanItemIn(
            client_id=client.id, goal=PlanGoal.DEPOSIT, planned_days=[date(2026, 12, 2)]))
        rm.write(plan_svc.submit_plan, entity="plan", plan_id=plan.id)
        rm.sync_engine.sync()
        assert _pending(rm) == 0

        # 2. The branch head pulls it, sees it waiting in 审批, approves it.
        head.sync_engine.sync()
        screen = ApprovalsScreen(head)
        qtbot.addWidget(screen)
        waiting = head.read(plan_svc.list_plans, status=PlanStatus.SUBMITTED)
        assert plan.id in {p.id for p in waiting}
        head.write(plan_svc.approve_plan, entity="plan", plan_id=plan.id, comment="同意，重点跟进存款")
        head.sync_engine.sync()

        # 3. The RM syncs and finds the plan approved with the head's comment.
        rm.sync_engine.sync()
        approved = rm.read(plan_svc.get_plan, plan_id=plan.id)
        assert approved.status is PlanStatus.APPROVED
        assert approved.decision_comment == "同意，重点跟进存款"

        # 4. Offline: the edit is kept and queued; when the network is back it goes through.
        real_transport = rm.sync_engine._transport
        rm.sync_engine._transport = HttpTransport("http://127.0.0.1:9", retries=0)
        rm.write(update_client, entity="client", client_id=client.id,
                 data=ClientUpdate(address="长宁区延安西路 1288 号 12 楼"))
        with pytest.raises(ServerUnavailable):
            rm.sync_engine.sync()
        assert _pending(rm) == 1
        rm.sync_engine._transport = real_transport
        rm.sync_engine.sync()
        assert _pending(rm) == 0
        head.sync_engine.sync()
        seen = head.read(list_clients, filters=ClientFilter(text=client.legal_name[:4]), limit=50)
        assert client.id in {c.id for c in seen}

        # 5. Both change the same address offline; the RM's lands first, the head's meets a conflict.
        rm.write(update_client, entity="client", client_id=client.id, data=ClientUpdate(address="RM 的地址"))
        head.write(update_client, entity="client", client_id=client.id, data=ClientUpdate(address="行长的地址"))
        rm.sync_engine.sync()
        report = head.sync_engine.sync()
        assert report.conflicts >= 1
        conflicts = head.read(list_conflicts)
        assert [(c.entity, c.field) for c in conflicts] == [("client", "address")]

        dialog = ConflictDialog(head, conflicts)
        qtbot.addWidget(dialog)
        dialog.findChild(QRadioButton, "keep_mine_0").click()
        dialog.on_accept()
        assert dialog.message.text() == ""
        assert dialog.result() == dialog.DialogCode.Accepted
        head.sync_engine.sync()
        assert head.read(list_conflicts) == []
        rm.sync_engine.sync()
        with rm.session() as session:
            from crm.domain.models import Client

            assert session.get(Client, client.id).address == "行长的地址"
    finally:
        for ctx in (rm, head):
            ctx.sync_engine.transport.close()
            ctx.workspace.close()


def test_a_sync_that_breaks_off_after_a_pulled_page_refreshes_the_client_list(
        qtbot: Any, ledger: DemoLedger) -> None:
    """Found in review: pages pulled before a sync broke off are committed, but only a finished sync told
    the screens, so the client list kept serving its remembered pages: a client reassigned away stayed."""
    rm = _ctx(ledger.sign_in(DEMO_RM))
    head = _ctx(ledger.sign_in(DEMO_HEAD))
    real = rm.sync_engine.transport
    try:
        _break_off_after_a_pulled_page(qtbot, rm, head)
    finally:
        real.close()
        head.sync_engine.transport.close()
        for ctx in (rm, head):
            ctx.workspace.close()


def _break_off_after_a_pulled_page(qtbot: Any, rm: AppContext, head: AppContext) -> None:
    from crm.domain.enums import Role
    from crm.services.clients import assign_client
    from crm.services.org import list_staff
    from crm.ui.screens.clients import ClientsScreen
    from crm.ui.widgets.sync_status import sync_controller

    screen = ClientsScreen(rm)
    qtbot.addWidget(screen)
    shown = {row.id: row for row in screen.model.rows}
    leaving = next(row for row in shown.values() if row.owner_id is None)  # in the pool, seen by the RM
    other = next(u for u in head.read(list_staff, roles=(Role.RM,)) if u.id != rm.actor.user_id)
    head.write(assign_client, entity="client", client_id=leaving.id, owner_id=other.id)
    head.sync_engine.sync()

    class BreaksAfterTheClientLeaves:
        """The real transport, until the page that takes the client away has been handed over."""

        def __init__(self, real: Any) -> None:
            self.real, self.handed_over = real, False

        def __getattr__(self, name: str) -> Any:
            return getattr(self.real, name)

        def pull(self, token: str, cursor: int, size: int) -> Any:
            if self.handed_over:
                raise ServerUnavailable("connection reset")
            page = self.real.pull(token, cursor, size)
            self.handed_over = any(c.entity == "client" and c.id == leaving.id for c in page.changes)
            return page

    rm.sync_engine._transport = BreaksAfterTheClientLeaves(rm.sync_engine._transport)
    rm.sync_engine.page_size = 1
    controller = sync_controller(rm)  # its task runs inline (tests/ui/conftest.py)
    assert controller.sync_now()
    assert controller.last_error is not None and rm.sync_engine._transport.handed_over
    screen.search.setText("")
    screen.apply_filters()
    assert leaving.id not in {row.id for row in screen.model.rows}
    assert screen.model.total == len(rm.read(list_clients, filters=ClientFilter(), limit=10_000))
