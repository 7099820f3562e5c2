"""客户 screen: search as you type, filters, lazy paging, detail tabs, audited unmasking, new prospects."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlmodel import select

from crm.domain.enums import ClientKind
from crm.domain.models import AuditEvent, Client, Outbox
from crm.services.clients import ClientFilter, count_clients
from crm.ui.dialogs.new_client import NewClientDialog
from crm.ui.models.client_table_model import ClientTableModel
from crm.ui.screens.clients import ClientsScreen

PASSWORD = "test-password-42"  # noqa: S105 (the ui_ctx fixture workspace password)


def _first_client(ctx: Any, **where: Any) -> Client:
    with ctx.session() as session:
        stmt = select(Client).where(Client.owner_id == ctx.actor.user_id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Client, key) == value)
        return session.exec(stmt.order_by(Client.legal_name)).first()


def test_search_as_you_type_narrows_the_list(qtbot: Any, show: Any, rm_ctx: Any, check_models: Any) -> None:
    screen = show(ClientsScreen(rm_ctx))
    check_models(screen)
    everyone = screen.model.total
    target = _first_client(rm_ctx)
    qtbot.keyClicks(screen.search, target.uscc[-6:] if target.uscc else target.legal_name[:3])
    qtbot.waitUntil(lambda: screen.model.total < everyone, timeout=2000)
    names = [screen.model.row_at(r).legal_name for r in range(screen.model.rowCount())]
    assert target.legal_name in names
    assert screen.count_label.text().startswith("共 ")


def test_filters_apply_to_the_list(show: Any, rm_ctx: Any) -> None:
    screen = show(ClientsScreen(rm_ctx))
    index = screen.kind.findData(ClientKind.CORPORATE)
    screen.kind.setCurrentIndex(index)
    kinds = {screen.model.row_at(r).kind for r in range(screen.model.rowCount())}
    assert kinds == {ClientKind.CORPORATE}
    expected = rm_ctx.read(count_clients, filters=ClientFilter(kinds=[ClientKind.CORPORATE]))
    assert screen.model.total == expected


def test_the_model_fetches_pages_lazily(
        monkeypatch: Any, qtbot: Any, head_ctx: Any, qtmodeltester: Any) -> None:
    from crm.ui.models import client_table_model

    monkeypatch.setattr(client_table_model, "PAGE", 50)
    model = ClientTableModel(head_ctx)
    with qtbot.waitSignal(model.total_changed, timeout=10_000):  # counted once the list has been shown
        model.set_filter(ClientFilter())
    assert model.total > 100
    assert model.rowCount() == 50 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 100
    qtmodeltester.check(model)


def test_detail_shows_masked_code_and_unmask_needs_the_password(monkeypatch: Any, show: Any, rm_ctx: Any) -> None:
    from PySide6.QtWidgets import QInputDialog

    screen = show(ClientsScreen(rm_ctx))
    client = _first_client(rm_ctx, kind=ClientKind.CORPORATE)
    screen.detail.show_client(client.id)
    shown = screen.detail.fields["code"].text()
    assert client.uscc not in shown and shown.endswith(client.uscc[-4:])
    assert screen.detail.contacts.rowCount() >= 1

    answers = iter([("wrong-password-1", True), (PASSWORD, True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    screen.detail.unmask_button.click()
    assert screen.detail.fields["code"].text() == shown  # wrong password: still masked
    screen.detail.unmask_button.click()
    assert screen.detail.fields["code"].text() == client.uscc
    with rm_ctx.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "client.unmask",
                                                       AuditEvent.entity_id == client.id)).all()
    assert len(events) == 1 and client.uscc not in str(events[0].detail)


def test_new_prospect_warns_about_a_likely_duplicate(qtbot: Any, rm_ctx: Any, message_boxes: Any) -> None:
    existing = _first_client(rm_ctx, kind=ClientKind.CORPORATE)
    dialog = NewClientDialog(rm_ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText(existing.legal_name)
    assert dialog.check_duplicates() == [existing.legal_name]
    assert existing.legal_name in dialog.warning.text()

    message_boxes.answer = message_boxes.answer.No
    dialog.on_save()
    assert dialog.created_id is None and message_boxes.shown[-1][0] == "question"


def test_new_prospect_is_saved_with_its_contact_offline(qtbot: Any, rm_ctx: Any) -> None:
    dialog = NewClientDialog(rm_ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("临港新能源装备有限公司")
    dialog.contact.setText("周敏")
    dialog.phone.setText("13912345678")
    with qtbot.waitSignal(rm_ctx.data_changed):
        dialog.on_save()
    assert dialog.created_id
    with rm_ctx.session() as session:
        client = session.get(Client, dialog.created_id)
        queued = session.exec(select(Outbox).where(Outbox.entity_id == dialog.created_id)).all()
    assert client.owner_id == rm_ctx.actor.user_id and client.status.value == "prospect"
    assert len(queued) == 1  # waiting for the next sync


def test_a_bad_credit_code_keeps_the_dialog_and_what_was_typed(qtbot: Any, rm_ctx: Any, message_boxes: Any) -> None:
    dialog = NewClientDialog(rm_ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("某某贸易有限公司")
    dialog.code.setText("91350100M000100Y44")
    dialog.on_save()
    assert dialog.created_id is None
    assert any("校验位" in text for text in message_boxes.texts)
    assert dialog.code.text() == "91350100M000100Y44"


def test_branch_head_sees_the_pool_filter(show: Any, head_ctx: Any) -> None:
    screen = show(ClientsScreen(head_ctx))
    assert screen.owner.isVisible()
    screen.owner.setCurrentIndex(screen.owner.findData("__pool__"))
    owners = {screen.model.row_at(r).owner_id for r in range(screen.model.rowCount())}
    assert owners == {None}
    assert screen.table.model().headerData(0, Qt.Orientation.Horizontal) == "客户名称"


def test_a_full_first_page_is_counted_off_the_gui_thread(
        monkeypatch: Any, qtbot: Any, head_ctx: Any, check_models: Any) -> None:
    """The keystroke reads one page; the exact total arrives later, from a worker thread, as a signal."""
    from crm.ui import worker
    from crm.ui.models import client_table_model

    monkeypatch.setattr(client_table_model, "PAGE", 20)
    monkeypatch.setattr(worker, "RUN_INLINE", False)
    expected = head_ctx.read(count_clients, filters=ClientFilter())
    assert expected > 20
    screen = ClientsScreen(head_ctx)  # the count's answer is queued: no event is processed until the wait
    qtbot.addWidget(screen)
    assert not screen.model.total_exact and screen.model.total == 20
    assert screen.count_label.text() == "共 20+ 个客户"
    with qtbot.waitSignal(screen.model.total_changed, timeout=10_000):
        pass
    assert screen.model.total_exact and screen.model.total == expected
    assert screen.count_label.text() == f"共 {expected:,} 个客户"
    assert worker.wait_all(10_000)
    check_models(screen)


def test_a_count_for_an_older_filter_is_dropped(head_ctx: Any, qtbot: Any, qtmodeltester: Any) -> None:
    people_only = ClientFilter(kinds=[ClientKind.PERSONAL])
    everyone, people = (head_ctx.read(count_clients, filters=f) for f in (ClientFilter(), people_only))
    assert people < everyone
    model = ClientTableModel(head_ctx)
    model.set_filter(ClientFilter())
    assert not model.total_exact  # counted only once the list has been shown a moment
    model.set_filter(people_only)
    qtbot.waitUntil(lambda: model.total_exact, timeout=10_000)
    assert model.total == people
    model.on_counted((model._generation - 1, everyone))  # a late answer for the first filter
    assert model.total == people
    qtmodeltester.check(model)


def test_going_back_to_a_filter_reads_nothing_until_data_changes(
        monkeypatch: Any, qtbot: Any, head_ctx: Any, qtmodeltester: Any) -> None:
    from crm.ui.models import client_table_model

    reads: list[str] = []
    real = client_table_model.list_clients

    def counting(**kwargs: Any) -> Any:
        reads.append(kwargs["filters"].text)
        return real(**kwargs)

    monkeypatch.setattr(client_table_model, "list_clients", counting)
    model = ClientTableModel(head_ctx)
    model.set_filter(ClientFilter(text="城"))
    model.set_filter(ClientFilter(text=""))
    qtbot.waitUntil(lambda: model.total_exact, timeout=10_000)
    everyone, first = model.total, [row.id for row in model.rows]
    model.set_filter(ClientFilter(text="城"))
    model.set_filter(ClientFilter(text=""))  # the cleared box: its page and its count as they were
    assert reads == ["城", ""]
    assert model.total_exact and model.total == everyone and [row.id for row in model.rows] == first
    head_ctx.data_changed.emit("visit")  # e.g. a visit changes a client's last visit date
    model.set_filter(ClientFilter(text="城"))
    assert reads == ["城", "", "城"]
    qtmodeltester.check(model)


def test_a_read_nobody_wants_any_more_is_abandoned_midway(head_ctx: Any) -> None:
    """A background count gives up inside its query once the user has typed on, and leaves the
    connection as it found it."""
    long_sum = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000) "
                "SELECT sum(x) FROM n")

    def add_up(*, session: Any, actor: Any) -> int:
        return int(session.connection().exec_driver_sql(long_sum).scalar())

    asked: list[int] = []

    def stale_after_the_first_check() -> bool:
        asked.append(1)
        return len(asked) > 1  # still wanted when the read starts, then no longer

    assert head_ctx.read_unless_stale(add_up, stale_after_the_first_check) is None
    assert len(asked) < 5  # stopped at its first progress check (a whole run makes hundreds)
    assert head_ctx.read_unless_stale(add_up, lambda: True) is None
    assert head_ctx.read_unless_stale(add_up, lambda: False) == 2_000_000 * 2_000_001 // 2
    assert head_ctx.read(add_up) == 2_000_000 * 2_000_001 // 2  # no progress check left behind


def test_editing_the_search_stops_the_count_of_the_list_shown(head_ctx: Any, qtbot: Any) -> None:
    screen = ClientsScreen(head_ctx)
    qtbot.addWidget(screen)
    generation = screen.model._generation
    screen.search.setText("城")
    assert screen.model._generation > generation  # a count under way for the old list now drops out
    screen.apply_filters()
    assert screen.model.total_exact


def test_scrolling_to_the_end_makes_the_count_exact(monkeypatch: Any, head_ctx: Any, qtmodeltester: Any) -> None:
    from crm.ui import worker
    from crm.ui.models import client_table_model

    monkeypatch.setattr(client_table_model, "PAGE", 30)
    monkeypatch.setattr(worker, "run_task", lambda *_a, **_k: None)  # the background count never answers
    monkeypatch.setattr(client_table_model, "run_task", lambda *_a, **_k: None)
    model = ClientTableModel(head_ctx)
    model.set_filter(ClientFilter())
    assert not model.total_exact and model.total == 30 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.total_exact and model.total == model.rowCount()
    assert model.total == head_ctx.read(count_clients, filters=ClientFilter())
    qtmodeltester.check(model)


def test_typing_shows_the_first_match_in_the_detail_once_the_list_is_shown(
        qtbot: Any, show: Any, rm_ctx: Any) -> None:
    screen = show(ClientsScreen(rm_ctx))
    target = _first_client(rm_ctx)
    screen.search.setText(target.legal_name)
    screen.apply_filters()
    assert screen.model.row_at(0).id == target.id
    qtbot.waitUntil(lambda: screen.detail.client_id == target.id, timeout=2000)
    # A client shown explicitly (a reminder, a new prospect) is not replaced by the deferred first row.
    other = _first_client(rm_ctx, kind=ClientKind.PERSONAL) or _first_client(rm_ctx)
    screen.search.setText("")
    screen.apply_filters()
    screen.detail.show_client(other.id)
    qtbot.wait(50)
    assert screen.detail.client_id == other.id


def test_columns_fit_their_english_headers(qapp: Any, qtbot: Any, show: Any, rm_ctx: Any) -> None:
    from crm.ui import i18n

    i18n.install(qapp, "en")
    try:
        screen = show(ClientsScreen(rm_ctx))
        screen.resize(1280, 600)
        header = screen.table.horizontalHeader()
        for column in range(1, screen.model.columnCount()):
            title = screen.model.headerData(column, Qt.Orientation.Horizontal)
            assert title and title.isascii(), title
            assert header.sectionSize(column) >= header.sectionSizeHint(column), title
    finally:
        i18n.install(qapp, "zh_CN")
