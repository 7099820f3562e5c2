"""Client full-text search: Chinese substrings, pinyin, identifier tails, ranking, scope, upkeep."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import Session

from crm.db import migrate
from crm.db.engine import encrypted_engine
from crm.domain.enums import ClientKind, ClientStatus, Role
from crm.domain.models import Branch, Client, User
from crm.domain.rules.checksums import make_resident_id, make_uscc
from crm.services import records, search
from crm.services.clients import (
    ClientCreate,
    ClientFilter,
    ClientUpdate,
    ContactCreate,
    add_contact,
    count_clients,
    create_client,
    find_duplicates,
    list_clients,
    update_client,
)
from crm.services.context import Actor


def names(rows: list[Any]) -> list[str]:
    return [r.legal_name for r in rows]


def find(session: Session, actor: Actor, text: str) -> list[str]:
    return names(search.search_clients(session=session, actor=actor, text=text))


@pytest.fixture
def book(session: Session, org: Any, make_client: Any) -> dict[str, Client]:
    """A few clients of the first RM, indexed in bulk as after a bootstrap."""
    clients = {
        "bank": make_client(org.rm, name="中国银行股份有限公司上海市分行", short_name="中国银行"),
        "tech": make_client(org.rm, name="上海城中科技发展有限公司", short_name="城中科技",
                            notes="老板关注供应链金融，联系电话13812345678"),
        "trade": make_client(org.rm, name="北京环球贸易有限公司"),
        "cq": make_client(org.rm, name="重庆长安汽车股份有限公司"),
        "person": make_client(org.rm, name="王芳芳", kind=ClientKind.PERSONAL,
                              id_number=make_resident_id("11010519491231002")),
    }
    assert search.rebuild_index(session=session) == len(clients)
    session.commit()
    return clients


# --- finding ------------------------------------------------------------------------------------


def test_chinese_substrings_of_three_or_more_characters(session: Session, org: Any, book: Any) -> None:
    assert find(session, org.rm, "城中科技") == ["上海城中科技发展有限公司"]
    assert find(session, org.rm, "环球贸易有限") == ["北京环球贸易有限公司"]
    # Full-width and spaced input is normalised; all terms must match.
    assert find(session, org.rm, "  城中　科技发展 ") == ["上海城中科技发展有限公司"]
    assert find(session, org.rm, "城中科技 北京") == []


def test_one_and_two_character_queries(session: Session, org: Any, book: Any) -> None:
    assert find(session, org.rm, "城中") == ["上海城中科技发展有限公司"]
    assert find(session, org.rm, "王") == ["王芳芳"]
    assert set(find(session, org.rm, "上海")) == {"中国银行股份有限公司上海市分行",
                                                   "上海城中科技发展有限公司"}
    assert find(session, org.rm, "环球 北京") == ["北京环球贸易有限公司"]
    assert find(session, org.rm, "汽") == ["重庆长安汽车股份有限公司"]


def test_pinyin_initials_and_full_pinyin(session: Session, org: Any, book: Any) -> None:
    assert find(session, org.rm, "zgyh") == ["中国银行股份有限公司上海市分行"]
    assert find(session, org.rm, "ZGYH") == ["中国银行股份有限公司上海市分行"]
    assert find(session, org.rm, "zhongguoyinhang") == ["中国银行股份有限公司上海市分行"]
    # Polyphones follow the word: 银行 is yinhang, 重庆 chongqing, 长安 chang'an.
    assert find(session, org.rm, "yinxing") == []
    assert find(session, org.rm, "chongqingchangan") == ["重庆长安汽车股份有限公司"]
    assert find(session, org.rm, "cqca") == ["重庆长安汽车股份有限公司"]
    assert find(session, org.rm, "wff") == ["王芳芳"]
    assert "上海城中科技发展有限公司" in find(session, org.rm, "czkj")


def test_one_and_two_letters_find_pinyin_initials_and_names(
        session: Session, org: Any, book: Any, make_client: Any) -> None:
    """Too short for the trigram index: one or two letters match a run of the initials ('zg' in zgyh)
    or of a Latin name, ranked by where they start."""
    make_client(org.rm, name="IBM中国有限公司")
    search.rebuild_index(session=session)
    assert find(session, org.rm, "zg") == ["中国银行股份有限公司上海市分行", "IBM中国有限公司"]
    assert find(session, org.rm, "ZG") == find(session, org.rm, "zg")
    assert find(session, org.rm, "cq") == ["重庆长安汽车股份有限公司"]
    assert find(session, org.rm, "wf") == ["王芳芳"]
    assert find(session, org.rm, "kj") == ["上海城中科技发展有限公司"]  # inside the initials: shczkjfz
    assert find(session, org.rm, "ib") == ["IBM中国有限公司"]
    assert find(session, org.rm, "w") == ["王芳芳"]
    assert set(find(session, org.rm, "z")) == {"中国银行股份有限公司上海市分行", "上海城中科技发展有限公司",
                                               "IBM中国有限公司"}
    assert find(session, org.rm, "xq") == []
    assert find(session, org.rm, "wf 王") == ["王芳芳"]  # and with other terms


def test_credit_code_id_number_and_phone_tails(session: Session, org: Any, book: Any) -> None:
    uscc = book["trade"].uscc
    assert find(session, org.rm, uscc[-6:]) == ["北京环球贸易有限公司"]
    assert find(session, org.rm, uscc[-4:].lower()) == ["北京环球贸易有限公司"]
    assert find(session, org.rm, uscc) == ["北京环球贸易有限公司"]  # whole code: matched by its tail
    id_number = book["person"].id_number
    assert find(session, org.rm, id_number[-4:]) == ["王芳芳"]

    add_contact(session=session, actor=org.rm, client_id=book["cq"].id,
                data=ContactCreate(name="李四", phones=["139 0021 7788", "0755-2345678-123"]))
    assert find(session, org.rm, "7788") == ["重庆长安汽车股份有限公司"]
    assert find(session, org.rm, "217788") == ["重庆长安汽车股份有限公司"]
    assert find(session, org.rm, "13900217788") == ["重庆长安汽车股份有限公司"]
    assert find(session, org.rm, "+86 139-0021-7788") == ["重庆长安汽车股份有限公司"]
    assert find(session, org.rm, "2345678") == ["重庆长安汽车股份有限公司"]  # landline, extension ignored
    assert find(session, org.rm, "李四") == ["重庆长安汽车股份有限公司"]


def test_exact_then_prefix_name_matches_rank_first(session: Session, org: Any, make_client: Any) -> None:
    for name in ("上海城中科技有限公司城中科技", "城中科技有限公司", "浙江城中科技有限公司", "城中科技"):
        make_client(org.rm, name=name)
    make_client(org.rm, name="南方贸易有限公司", notes="城中科技的上游供应商，城中科技城中科技")
    search.rebuild_index(session=session)
    found = find(session, org.rm, "城中科技")
    assert found[:2] == ["城中科技", "城中科技有限公司"]
    assert found[-1] == "南方贸易有限公司"  # only the notes match: last
    assert len(found) == 5


def test_a_ranked_page_is_the_same_whether_the_best_matches_are_in_scope_or_not(
        session: Session, org: Any, make_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The best-ranked matches are read first; when the scope leaves out too many of them (another RM's
    clients), the page is ranked again over every match, in the same order."""
    for i in range(6):  # the best matches (exact names first) belong to another RM
        make_client(org.rm2, name="城中" if i == 0 else f"城中{i}号仓储有限公司")
    for i in range(5):
        make_client(org.rm, name=f"浙江城中{i}号科技有限公司")
    search.rebuild_index(session=session)
    text = ClientFilter(text="城中")
    mine = sorted(f"浙江城中{i}号科技有限公司" for i in range(5))
    theirs = ["城中"] + sorted(f"城中{i}号仓储有限公司" for i in range(1, 6))
    assert names(list_clients(session=session, actor=org.rm2, filters=text)) == theirs
    for per_row in (4, 1):  # 1: the first reads cannot fill a page, the second ranking does
        monkeypatch.setattr("crm.services.clients._CANDIDATES_PER_ROW", per_row)
        assert names(list_clients(session=session, actor=org.rm, filters=text)) == mine
        pages = [names(list_clients(session=session, actor=org.rm, filters=text, offset=i, limit=2))
                 for i in range(0, 6, 2)]
        assert pages == [mine[0:2], mine[2:4], mine[4:]]
        assert names(list_clients(session=session, actor=org.head, filters=text, offset=5, limit=3)) == (
            sorted(theirs[1:] + mine)[4:7])


def test_hostile_input_never_breaks_the_query(session: Session, org: Any, book: Any) -> None:
    hostile = ['"', "*", "AND (", "'", "OR", "NOT", "NEAR(", '城中"', '"城中科技" OR "1', "城中*", "{name}:",
               "name:城中", "-", "^城中", "\\", "%", "_", "%%城中%", "'; DROP TABLE client; --", ")(",
               "\x00", "城" * 500, "a b c d e f g h i j k l m n", "+", "()", "＂城中＂", "城中 AND 科技"]
    for text in hostile:
        rows = list_clients(session=session, actor=org.rm, filters=ClientFilter(text=text), limit=50)
        count = count_clients(session=session, actor=org.rm, filters=ClientFilter(text=text))
        assert count == len(rows), text
    assert names(list_clients(session=session, actor=org.rm, filters=ClientFilter(text='城中"'))) == [
        "上海城中科技发展有限公司"]
    assert count_clients(session=session, actor=org.rm, filters=ClientFilter(text="*")) == 0
    assert session.get(Client, book["tech"].id) is not None


def test_text_search_combines_with_the_other_filters(session: Session, org: Any, book: Any) -> None:
    f = ClientFilter(text="上海", kinds=[ClientKind.CORPORATE])
    assert count_clients(session=session, actor=org.rm, filters=f) == 2
    f = ClientFilter(text="上海", kinds=[ClientKind.PERSONAL])
    assert count_clients(session=session, actor=org.rm, filters=f) == 0


def test_the_full_text_match_drives_the_query_plan(session: Session, org: Any, book: Any) -> None:
    """Scanning the actor's scope and re-running MATCH per client would be catastrophically slow."""
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "MATCH" in statement and " client." in statement:  # not the match count that picks the plan
            captured.append((statement, parameters))

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        for actor in (org.rm, org.head):
            filters = ClientFilter(text="城中", kinds=[ClientKind.CORPORATE])
            list_clients(session=session, actor=actor, filters=filters)
            count_clients(session=session, actor=actor, filters=ClientFilter(text="zgyh"))
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    assert len(captured) == 4
    for statement, parameters in captured:
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        steps = [row[3] for row in plan if row[3].startswith(("SCAN", "SEARCH"))]
        assert steps[0].startswith("SCAN client_search VIRTUAL TABLE"), steps
        assert any(step.startswith("SEARCH client USING INDEX sqlite_autoindex_client_1 (id=?)")
                   for step in steps), steps


def test_broad_queries_list_in_name_order_and_count_up_to_a_cap(
        session: Session, org: Any, book: Any, make_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past BROAD_MATCHES matches a page is read in name order, not ranked; the same clients match."""
    make_client(org.rm, name="城中")  # an exact match: ranked first while the query is narrow
    make_client(org.rm, name="城中精密机械有限公司")
    search.rebuild_index(session=session)
    text = ClientFilter(text="城中")
    ranked = names(list_clients(session=session, actor=org.rm, filters=text))
    assert ranked[0] == "城中" and len(ranked) == 3
    monkeypatch.setattr(search, "BROAD_MATCHES", 1)
    assert search.count_matches(session, "城中", at_most=2) == 2
    assert search.count_matches(session, "城中", at_most=10) == 3
    broad = names(list_clients(session=session, actor=org.rm, filters=text))
    assert broad == sorted(ranked) and broad[0] == "上海城中科技发展有限公司"
    assert names(list_clients(session=session, actor=org.rm, filters=text, offset=1, limit=1)) == broad[1:2]
    # Scope and the other filters still apply; nothing out of scope is listed or counted.
    assert list_clients(session=session, actor=org.rm2, filters=text) == []
    assert count_clients(session=session, actor=org.rm2, filters=text, at_most=5) == 0
    assert count_clients(session=session, actor=org.rm, filters=text) == 3
    assert count_clients(session=session, actor=org.rm, filters=text, at_most=2) == 2
    assert count_clients(session=session, actor=org.rm, filters=text, at_most=9) == 3
    only_people = ClientFilter(text="城中", kinds=[ClientKind.PERSONAL])
    assert list_clients(session=session, actor=org.rm, filters=only_people) == []


def test_a_broad_page_reads_the_matches_in_number_order(
        session: Session, org: Any, book: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The broad plan reads the full-text matches in document-number order (name order) and stops at the
    page's end: no sort of every match, no scan of the scope, the full-text query never run per client."""
    monkeypatch.setattr(search, "BROAD_MATCHES", 1)
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "MATCH" in statement and " client." in statement:
            captured.append((statement, parameters))

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        assert len(list_clients(session=session, actor=org.head, filters=ClientFilter(text="上海"))) == 2
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    (statement, parameters), = captured
    plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    parents = {row[0]: row[1] for row in plan}
    arms = [row for row in plan if row[3].startswith("SCAN client_search VIRTUAL TABLE")]
    assert len(arms) == 2, plan  # the numbered matches, then the late ones
    for arm in arms:
        steps = [row[3] for row in plan if row[1] == arm[1]]
        assert steps[0] == arm[3], plan  # the matches drive: each looked up, never a scan of the scope
        assert all(step.startswith("SEARCH") for step in steps[1:]), plan
    # The only sort is of the page's candidates; the first arm's order is the index's own.
    sorts = [row for row in plan if "TEMP B-TREE" in row[3]]
    assert all(parents.get(row[1], 0) == 0 for row in sorts), plan


def test_a_broad_page_stays_in_name_order_as_clients_come_and_go(
        session: Session, org: Any, book: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients indexed after the rebuild (new, renamed, any indexed text changed) are numbered outside
    the name order and merged back into it; a page and the next follow on. Past LATE_LIMIT of them the
    index is due for a rebuild, which numbers everyone in name order again."""
    monkeypatch.setattr(search, "BROAD_MATCHES", 1)
    new_names = ("上海阿尔法咨询有限公司", "上海甲乙贸易有限公司", "上海浦东物流有限公司")
    made = [create_client(session=session, actor=org.rm, data=ClientCreate(
        kind=ClientKind.CORPORATE, legal_name=name, uscc=make_uscc(f"91310101MA{n:07d}")))
        for n, name in enumerate(new_names, 900)]
    update_client(session=session, actor=org.rm, client_id=book["tech"].id,
                  data=ClientUpdate(legal_name="上海城西科技发展有限公司"))
    update_client(session=session, actor=org.rm, client_id=book["bank"].id,
                  data=ClientUpdate(notes="上海市分行的营业部"))  # re-indexed, name unchanged
    records.delete(session, org.rm, made[1])
    search.index_client(session, made[1].id)
    numbers = dict(session.connection().exec_driver_sql("SELECT client_id, doc FROM client_search_doc").all())
    late = [client.id for client in (book["bank"], book["tech"], made[0], made[2])]
    assert all(numbers[client_id] >= search.LATE_DOCS for client_id in late)
    assert not search.index_outdated(session=session)
    monkeypatch.setattr(search, "LATE_LIMIT", len(late) - 1)
    assert search.index_outdated(session=session)

    expected = sorted(["中国银行股份有限公司上海市分行", "上海城西科技发展有限公司", "上海阿尔法咨询有限公司",
                       "上海浦东物流有限公司"])
    text = ClientFilter(text="上海")
    assert names(list_clients(session=session, actor=org.rm, filters=text)) == expected
    pages = [names(list_clients(session=session, actor=org.rm, filters=text, offset=i, limit=1))
             for i in range(5)]
    assert pages == [[name] for name in expected] + [[]]
    assert count_clients(session=session, actor=org.rm, filters=text) == 4
    # A rebuild numbers everyone in name order again; the list is the same.
    search.rebuild_index(session=session)
    assert max(numbers for (numbers,) in session.connection().exec_driver_sql(
        "SELECT doc FROM client_search_doc").all()) < search.LATE_DOCS
    assert not search.index_outdated(session=session)
    assert names(list_clients(session=session, actor=org.rm, filters=text)) == expected


# --- scope --------------------------------------------------------------------------------------


def test_search_respects_scope(session: Session, org: Any, make_client: Any) -> None:
    make_client(org.rm, name="城中精密机械有限公司")
    make_client(None, name="城中物流有限公司")  # branch pool: visible to both RMs
    make_client(None, name="城东城中商贸有限公司", branch=org.other_branch)
    search.rebuild_index(session=session)
    assert set(find(session, org.rm, "城中")) == {"城中精密机械有限公司", "城中物流有限公司"}
    assert find(session, org.rm2, "城中") == ["城中物流有限公司"]
    assert find(session, org.rm2, "精密机械") == []
    assert len(find(session, org.head, "城中")) == 2
    assert find(session, org.other_head, "城中") == ["城东城中商贸有限公司"]
    assert find(session, org.admin, "城中") == []


# --- upkeep -------------------------------------------------------------------------------------


def test_index_follows_renames_contacts_and_deletes(session: Session, org: Any) -> None:
    client = create_client(session=session, actor=org.rm, data=ClientCreate(
        kind=ClientKind.CORPORATE, legal_name="江苏云帆信息技术有限公司",
        uscc=make_uscc("91320100MA1XYW001")))
    assert find(session, org.rm, "云帆") == ["江苏云帆信息技术有限公司"]

    update_client(session=session, actor=org.rm, client_id=client.id,
                  data=ClientUpdate(legal_name="江苏星河数据科技有限公司"))
    assert find(session, org.rm, "云帆") == []
    assert find(session, org.rm, "xhsj") == ["江苏星河数据科技有限公司"]  # initials match as a substring
    assert find(session, org.rm, "星河数据") == ["江苏星河数据科技有限公司"]
    assert find(session, org.rm, "jsxhsjkj") == ["江苏星河数据科技有限公司"]

    add_contact(session=session, actor=org.rm, client_id=client.id,
                data=ContactCreate(name="欧阳娜娜", phones=["13611112222"]))
    assert find(session, org.rm, "欧阳") == ["江苏星河数据科技有限公司"]
    assert find(session, org.rm, "112222") == ["江苏星河数据科技有限公司"]

    records.delete(session, org.rm, client)
    search.index_client(session, client.id)
    assert find(session, org.rm, "星河数据") == []
    doc = session.connection().exec_driver_sql(
        "SELECT count(*) FROM client_search_doc WHERE client_id = ?", (client.id,)).scalar()
    assert doc == 0
    session.connection().exec_driver_sql("INSERT INTO client_search(client_search) VALUES('integrity-check')")


def test_ensure_index_builds_once_per_index_version(session: Session, org: Any, make_client: Any) -> None:
    make_client(org.rm, name="宁波港航物流有限公司")
    assert search.ensure_index(session=session) is True
    assert search.ensure_index(session=session) is False
    assert find(session, org.rm, "港航") == ["宁波港航物流有限公司"]


def test_rebuild_reports_progress(session: Session, org: Any, make_client: Any) -> None:
    for i in range(3):
        make_client(org.rm, name=f"进度测试{i}号有限公司")
    seen: list[tuple[int, int]] = []
    assert search.rebuild_index(session=session, progress=lambda d, t: seen.append((d, t))) == 3
    assert seen[-1] == (3, 3)


def test_the_connection_that_rebuilt_the_index_is_not_used_again(
        session: Session, org: Any, make_client: Any) -> None:
    """FTS5 keeps state from a bulk load on its connection that slows later deletes there: the pool
    replaces that connection once it comes back."""
    make_client(org.rm, name="连接测试有限公司")
    rebuilt = session.connection().connection.dbapi_connection
    search.rebuild_index(session=session)
    session.commit()
    session.close()
    engine = session.get_bind()
    held = [engine.connect() for _ in range(4)]  # every pooled connection, and one more
    try:
        assert all(c.connection.dbapi_connection is not rebuilt for c in held)
        assert held[0].exec_driver_sql("SELECT count(*) FROM client_search_doc").scalar() == 1
    finally:
        for c in held:
            c.close()
    with pytest.raises(Exception, match="closed"):  # replaced when its turn came, not just left aside
        rebuilt.execute("SELECT 1")


# --- duplicates ---------------------------------------------------------------------------------


def test_similar_names_ignore_company_suffixes(session: Session, org: Any, make_client: Any) -> None:
    same = make_client(org.rm, name="杭州西湖龙井茶业有限公司")
    close = make_client(org.rm, name="杭州西湖龙井茶叶(集团)股份有限公司")
    make_client(org.rm, name="杭州萧山机械制造有限公司")
    search.rebuild_index(session=session)
    ids = search.similar_names(session, "杭州西湖龙井茶业股份有限公司", limit=10)
    assert ids == [same.id, close.id]
    assert search.core_name("上海城中科技(集团)股份有限公司") == "上海城中科技"
    assert search.similar_names(session, "有限公司", limit=10) == []


def test_find_duplicates_by_phone_and_name(session: Session, org: Any, book: Any) -> None:
    add_contact(session=session, actor=org.rm, client_id=book["trade"].id,
                data=ContactCreate(name="赵六", phones=["021-61234567"]))
    assert search.clients_with_phone(session, "(021) 6123-4567") == [book["trade"].id]
    assert search.clients_with_phone(session, "021-71234567") == []  # same tail, other number
    assert search.clients_with_phone(session, "not a phone") == []
    rows = find_duplicates(session=session, actor=org.rm, phones=["02161234567"],
                           legal_name="上海城中科技发展股份有限公司")
    assert [r.id for r in rows] == [book["trade"].id, book["tech"].id]
    assert find_duplicates(session=session, actor=org.rm2, phones=["02161234567"]) == []


# --- privacy ------------------------------------------------------------------------------------


def test_index_holds_only_tails_of_identifiers(session: Session, org: Any, book: Any) -> None:
    phone = "13912345678"
    add_contact(session=session, actor=org.rm, client_id=book["tech"].id,
                data=ContactCreate(name="钱七", phones=[phone, "010-87654321"]))
    update_client(session=session, actor=org.rm, client_id=book["tech"].id,
                  data=ClientUpdate(notes=f"手机 {phone[:3]}-{phone[3:7]}-{phone[7:]}，"
                                          f"代码{book['trade'].uscc}，身份证{book['person'].id_number}"))
    secrets = [phone, "13812345678", "87654321", "1087654321"]
    for client in book.values():
        for value in (client.uscc, client.id_number):
            if value:
                secrets += [value, value.lower(), value[-7:].lower()]
    conn = session.connection()
    # The stored documents (names and pinyin keys)...
    docs = conn.exec_driver_sql("SELECT * FROM client_search_doc").all()
    assert len(docs) == len(book)
    for doc in docs:
        text = " ".join(str(v) for v in doc).lower()
        squeezed = "".join(ch for ch in text if ch.isalnum())
        for secret in secrets:
            assert secret.lower() not in squeezed, secret
    # ...and the index itself (contentless: it keeps no text, and no column holds a whole number).
    assert conn.exec_driver_sql("SELECT count(*) FROM client_search").scalar() == len(book)
    for secret in secrets:
        hits = conn.exec_driver_sql("SELECT count(*) FROM client_search WHERE client_search MATCH ?",
                                    (f'"{secret.lower()}"',)).scalar()
        assert hits == 0, secret
    assert conn.exec_driver_sql("SELECT count(*) FROM client_search WHERE client_search MATCH ?",
                                ('{notes} : "5678"',)).scalar() == 1  # the redacted phone's tail
    # ...and yet every identifier is still findable by its tail.
    assert find(session, org.rm, "5678") == ["上海城中科技发展有限公司"]
    assert find(session, org.rm, "654321") == ["上海城中科技发展有限公司"]


# --- migration ----------------------------------------------------------------------------------


def test_upgrade_from_0001_then_rebuild_makes_existing_clients_searchable(tmp_path: Path) -> None:
    engine = encrypted_engine(tmp_path / "old.db", os.urandom(32))
    try:
        migrate.upgrade(engine, "0001")
        with Session(engine) as s:
            branch = Branch(code="320101", name="鼓楼支行")
            s.add(branch)
            s.flush()
            head = User(username="head", display_name="孙行长", role=Role.BRANCH_HEAD, branch_id=branch.id,
                        heads_branch_ids=[branch.id])
            s.add(head)
            s.add_all([Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=name,
                              branch_id=branch.id)
                       for name in ("南京鼓楼医药有限公司", "南京玄武软件有限公司")])
            s.commit()
            actor = Actor.of(head)

        def tables() -> set[str]:
            return set(sa.inspect(engine).get_table_names())

        assert "client_search_doc" not in tables()
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert {"client_search", "client_search_doc"} <= tables()
        with Session(engine) as s:
            assert find(s, actor, "鼓楼医药") == []  # built, not yet filled
            assert search.ensure_index(session=s) is True
            s.commit()
        with Session(engine) as s:
            assert find(s, actor, "鼓楼医药") == ["南京鼓楼医药有限公司"]
            assert find(s, actor, "njxw") == ["南京玄武软件有限公司"]

        cfg = migrate._config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert not {"client_search", "client_search_doc"} & tables()
    finally:
        engine.dispose()
