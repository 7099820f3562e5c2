"""sync_view: pending changes, the actor's conflicts and rejections as the 同步 screen lists them, and the
local fall-backs for resolving a conflict and retrying or dismissing a refused change."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from crm.domain.enums import OutboxOp
from crm.domain.errors import InvalidTransition, NotFound, ValidationError
from crm.domain.models import AuditEvent, Client, Conflict, Outbox, SyncRejection
from crm.domain.types import utcnow
from crm.services import records, sync_view
from crm.services.clients import ClientUpdate, update_client


def add_conflict(session: Session, client: Client, user_id: str, *, field: str = "address",
                 base: object = "旧地址", mine: object = "我的地址",
                 theirs: object = "他们的地址") -> Conflict:
    conflict = Conflict(entity="client", entity_id=client.id, field=field, base_value=base, mine_value=mine,
                        theirs_value=theirs, user_id=user_id, mutation_id="m-1", version=7)
    session.add(conflict)
    session.commit()
    return conflict


def add_rejection(session: Session, client: Client, *, seq: int = 41, code: str = "client.not_owner",
                  payload: dict | None = None) -> SyncRejection:  # type: ignore[type-arg]
    rejection = SyncRejection(seq=seq, mutation_id=f"mut-{seq}", entity="client", entity_id=client.id,
                              op=OutboxOp.PATCH, payload=payload or {"address": "被拒的地址"}, code=code,
                              detail="", at=utcnow())
    session.add(rejection)
    session.commit()
    return rejection


def outbox_rows(session: Session) -> list[Outbox]:
    return list(session.exec(select(Outbox).order_by(col(Outbox.seq))))


def test_pending_lists_a_local_edit_with_its_fields_and_record(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(org.rm, name="上海测试贸易有限公司")
    update_client(session=session, actor=org.rm, client_id=client.id,
                  data=ClientUpdate(address="浦东新区世纪大道 100 号", progress="已约见财务总监"))
    session.commit()

    rows = sync_view.list_pending(session=session, actor=org.rm)
    assert len(rows) == 1
    row = rows[0]
    assert (row.entity, row.entity_id, row.op) == ("client", client.id, OutboxOp.PATCH)
    assert row.fields == ["address", "progress"]
    assert row.record == "上海测试贸易有限公司"
    counts = sync_view.sync_counts(session=session, actor=org.rm)
    assert (counts.pending, counts.conflicts, counts.rejected) == (1, 0, 0)


def test_record_label_hides_clients_outside_scope(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    other = make_client(org.rm2, name="别人的客户有限公司")
    assert sync_view.record_label(session, org.rm, "client", other.id) == ""
    assert sync_view.record_label(session, org.head, "client", other.id) == "别人的客户有限公司"
    assert sync_view.record_label(session, org.rm, "nonsense", "x") == ""


def test_conflicts_are_the_actors_own_and_sensitive_values_are_masked(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(org.rm)
    mine = add_conflict(session, client, org.rm.user_id)
    add_conflict(session, client, org.rm2.user_id, field="short_name")
    add_conflict(session, client, org.rm.user_id, field="uscc", base="91310101MA1FL0000X",
                 mine="91310101MA1FL1111X", theirs="91310101MA1FL2222X")

    rows = sync_view.list_conflicts(session=session, actor=org.rm)
    assert [r.field for r in rows] == ["address", "uscc"]
    address = rows[0]
    assert address.id == mine.id
    assert (address.base_text, address.mine_text, address.theirs_text) == ("旧地址", "我的地址", "他们的地址")
    assert address.mine_value == "我的地址" and not address.sensitive
    code = rows[1]
    assert code.sensitive and code.mine_value is None
    assert "1111" not in code.mine_text and code.mine_text  # masked, but something is shown
    assert sync_view.sync_counts(session=session, actor=org.rm).conflicts == 2
    assert sync_view.list_conflicts(session=session, actor=org.rm2)[0].field == "short_name"


@pytest.mark.parametrize(("choice", "value", "payload"), [
    ("mine", None, {"choice": "mine"}),
    ("theirs", None, {"choice": "theirs"}),
    ("edit", "两者合并后的地址", {"choice": "edit", "value": "两者合并后的地址"}),
])
def test_resolve_conflict_queues_the_command(session, org, make_client, choice, value, payload) -> None:  # type: ignore[no-untyped-def]
    client = make_client(org.rm)
    conflict = add_conflict(session, client, org.rm.user_id)
    sync_view.resolve_conflict(session=session, actor=org.rm, conflict_id=conflict.id, choice=choice,
                               value=value)
    session.commit()

    [queued] = outbox_rows(session)
    assert (queued.entity, queued.entity_id, queued.op, queued.name) == (
        "conflict", conflict.id, OutboxOp.COMMAND, "conflict.resolve")
    assert queued.payload == payload
    assert queued.base_versions == {"_row": 7}
    session.refresh(conflict)
    assert conflict.resolved and conflict.resolution == choice and conflict.resolved_by == org.rm.user_id
    assert sync_view.list_conflicts(session=session, actor=org.rm) == []


def test_resolve_conflict_refusals(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(org.rm)
    conflict = add_conflict(session, client, org.rm.user_id)
    with pytest.raises(ValidationError):
        sync_view.resolve_conflict(session=session, actor=org.rm, conflict_id=conflict.id, choice="both")
    with pytest.raises(ValidationError):
        sync_view.resolve_conflict(session=session, actor=org.rm, conflict_id=conflict.id, choice="edit")
    with pytest.raises(NotFound):  # another user's conflict looks missing
        sync_view.resolve_conflict(session=session, actor=org.rm2, conflict_id=conflict.id, choice="mine")
    sync_view.resolve_conflict(session=session, actor=org.rm, conflict_id=conflict.id, choice="mine")
    with pytest.raises(InvalidTransition):
        sync_view.resolve_conflict(session=session, actor=org.rm, conflict_id=conflict.id, choice="theirs")


def test_retry_rejection_requeues_and_reapplies_the_patch(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(org.rm, address="原地址")
    add_rejection(session, client, seq=41)

    [row] = sync_view.list_rejections(session=session, actor=org.rm)
    assert (row.seq, row.code, row.fields) == (41, "client.not_owner", ["address"])
    assert row.record == client.legal_name

    queued = sync_view.retry_rejection(session=session, actor=org.rm, seq=41)
    session.commit()
    assert queued.seq is not None
    assert (queued.entity, queued.op, queued.payload) == ("client", OutboxOp.PATCH, {"address": "被拒的地址"})
    assert queued.base_versions == {"address": 0}
    assert session.get(Client, client.id).address == "被拒的地址"  # type: ignore[union-attr]
    assert sync_view.list_rejections(session=session, actor=org.rm) == []
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "sync.retry")).first() is not None
    with pytest.raises(NotFound):
        sync_view.retry_rejection(session=session, actor=org.rm, seq=41)


def test_a_retried_rename_is_found_by_its_new_name(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    """Found in review: the retry wrote the name back onto the row but not into the search index."""
    from crm.services import search

    client = make_client(org.rm, name="丁雅婷商贸有限公司")
    search.rebuild_index(session=session)
    add_rejection(session, client, seq=42, payload={"legal_name": "火星探索贸易有限公司"})
    sync_view.retry_rejection(session=session, actor=org.rm, seq=42)
    session.commit()
    found = search.search_clients(session=session, actor=org.rm, text="火星探索")
    assert [row.id for row in found] == [client.id]
    assert search.search_clients(session=session, actor=org.rm, text="丁雅婷") == []


def test_dismiss_rejection(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(org.rm)
    add_rejection(session, client, seq=5)
    sync_view.dismiss_rejection(session=session, actor=org.rm, seq=5)
    session.commit()
    assert sync_view.list_rejections(session=session, actor=org.rm) == []
    assert outbox_rows(session) == []
    with pytest.raises(NotFound):
        sync_view.dismiss_rejection(session=session, actor=org.rm, seq=6)


def test_display_value_formats_for_people() -> None:
    assert sync_view.display_value("amount_fen", 1234567) == "12,345.67"
    assert sync_view.display_value("completed", True) == "✓"
    assert sync_view.display_value("phones", ["13812345678"]).count("*") >= 4
    assert sync_view.display_value("needs", ["融资", "结算"]) == "融资、结算"
    assert sync_view.display_value("kyc_documents", {"b": True, "a": False}) == '{"a": false, "b": true}'
    assert sync_view.display_value("address", None) == ""


def test_command_conflicts_through_records_keep_the_entity_name(session, org, make_client) -> None:  # type: ignore[no-untyped-def]
    # The conflict row is itself a replicated entity: its command travels as entity "conflict".
    client = make_client(org.rm)
    conflict = add_conflict(session, client, org.rm.user_id)
    assert records.entity_name(conflict) == "conflict"
