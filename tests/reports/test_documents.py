"""The printed documents built from demo data: contents, masking, drafts, fonts, records and verification.

Real PDFs are checked with poppler's ``pdftotext``/``pdffonts``/``pdfinfo``; without them (or without a
Chinese font) the tests skip locally and fail in CI.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen.canvas import Canvas
from sqlmodel import Session, col, func, select

from crm.db.crypto import KdfParams
from crm.db.engine import session_scope
from crm.db.workspace import Workspace
from crm.domain.enums import RiskTolerance, Role
from crm.domain.errors import NotFound, PermissionDenied, ValidationError
from crm.domain.models import (
    AuditEvent,
    Client,
    Contact,
    IssuedDocumentRecord,
    LocalSetting,
    Outbox,
    Plan,
    User,
    Visit,
)
from crm.reports.documents import issue
from crm.reports.documents.issue import PrintOptions
from crm.reports.documents.labels import CHINA_TZ, DISCLOSURES
from crm.reports.fonts import FontNotFound, register_cjk_fonts
from crm.reports.provenance import IssuedDocument
from crm.services import proposals as proposal_svc
from crm.services import report_data as rd
from crm.services.complaints import complaint_register
from crm.services.context import Actor
from crm.services.products import get_product_by_code
from crm.services.proposals import ProposalCreate, ProposalLineCreate, ProposalStepCreate

TEST_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=CHINA_TZ)
OPTIONS = PrintOptions(now=NOW, today=TODAY)
PERIOD = (date(2026, 10, 1), TODAY)
KNOWN_PHONE = "13912345678"
PASSWORD = "test-password-42"  # noqa: S105 - a throwaway test workspace
LANDSCAPE_A4 = re.compile(r"Page size:\s+841\.8\d* x 595\.2\d* pts")


# --- poppler and fonts ------------------------------------------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _need(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason} (CI must not skip the report tests)", pytrace=False)
    pytest.skip(reason)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        _need(f"{name} not found: install poppler-utils")
    assert path is not None
    return path


def _run(*args: str) -> str:
    # Fixed argument lists with tool paths from shutil.which: nothing here comes from outside.
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout  # noqa: S603


def pages_of(path: Path) -> list[str]:
    return _run(_tool("pdftotext"), "-raw", str(path), "-").split("\f")[:-1]


def text_of(path: Path) -> str:
    return "\n".join(pages_of(path))


def flat(path: Path) -> str:
    """The text without any whitespace: table cells and wrapped lines compare as written."""
    return re.sub(r"\s+", "", text_of(path))


@pytest.fixture(scope="module", autouse=True)
def cjk_font() -> None:
    try:
        register_cjk_fonts()
    except FontNotFound as exc:
        _need(f"no CJK TrueType font: {exc.params['install_hint']}")


# --- a demo workspace with two proposals of our own ------------------------------------------------------


@dataclass
class Demo:
    ws: Workspace
    head: Actor
    rm: Actor
    rm2: Actor
    client: Client  # the rm's corporate client the proposals are for
    pool_client: Client  # an unowned client of the branch: the rm sees it but may not unmask it
    wealth_id: str  # approved proposal with a wealth product
    plain_id: str  # draft proposal without one
    plan_id: str
    out: Path


def _actor(session: Session, username: str) -> Actor:
    return Actor.of(session.exec(select(User).where(col(User.username) == username)).one())


def _proposal(session: Session, rm: Actor, client: Client, title: str, codes: list[str]) -> str:
    proposal = proposal_svc.create_proposal(
        session=session,
        actor=rm,
        data=ProposalCreate(
            client_id=client.id,
            title=title,
            needs={
                "financing": "扩大产能需要流动资金约 800 万元",
                "settlement": "希望统一结算银行、实现自动对账",
            },
            cover_letter="尊敬的客户：感谢贵司长期以来的信任与支持。我行秉持“以客户为中心”的服务理念，制定本方案。",
            cooperation="双方自2018年起合作，贵司在我行开立基本存款账户。",
            service_content="提供融资、结算与现金管理一揽子服务。",
            service_process="需求确认—方案审批—签约—实施—回访",
            fee_standards="按我行服务价格目录执行。",
        ),
    )
    for code in codes:
        product = get_product_by_code(session=session, actor=rm, code=code)
        proposal_svc.add_line(
            session=session,
            actor=rm,
            proposal_id=proposal.id,
            today=TODAY,
            data=ProposalLineCreate(product_id=product.id, amount_fen=100_000_000, term="一年"),
        )
    proposal_svc.add_step(
        session=session,
        actor=rm,
        proposal_id=proposal.id,
        data=ProposalStepCreate(step="授信审批", responsible="王芳", due_on=date(2026, 12, 10)),
    )
    return proposal.id


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    from crm.services.demo_data import fill_workspace

    root = tmp_path_factory.mktemp("docs")
    ws = Workspace.create(root / "ws", password=PASSWORD, keystore=None, kdf=TEST_KDF)
    fill_workspace(ws, seed=2026, clients=150, visits=500, today=TODAY)
    with session_scope(ws.engine) as session:
        head = _actor(session, "zhangwei")
        rm = _actor(session, "wangfang")
        rm2 = _actor(session, "lilei")
        client = session.exec(
            select(Client)
            .where(col(Client.owner_id) == rm.user_id, col(Client.uscc).is_not(None))
            .order_by(col(Client.id))
        ).first()
        assert client is not None
        client.risk_tolerance = RiskTolerance.C3
        client.risk_assessed_on = date(2026, 6, 1)
        client.risk_expires_on = date(2027, 5, 31)
        session.add(client)
        session.add(
            Contact(
                client_id=client.id,
                name="林晓东",
                title="财务总监",
                phones=[KNOWN_PHONE],
                email="linxd@example.com",
                is_primary=True,
            )
        )
        pool = session.exec(
            select(Client).where(col(Client.owner_id).is_(None), col(Client.branch_id) == rm.branch_id)
        ).first()
        assert pool is not None
        session.flush()
        wealth_id = _proposal(session, rm, client, "测试综合金融服务方案（含理财）", ["WM-R2-01", "CR-WC-01"])
        plain_id = _proposal(session, rm, client, "测试融资服务方案", ["CR-WC-01", "EB-CORP-01"])
        proposal_svc.submit_proposal(session=session, actor=rm, proposal_id=wealth_id, today=TODAY)
        proposal_svc.approve_proposal(session=session, actor=head, proposal_id=wealth_id, comment="同意")
        plan = session.exec(
            select(Plan).where(col(Plan.rm_id) == rm.user_id).order_by(col(Plan.month).desc())
        ).first()
        assert plan is not None
        session.expunge_all()
    out = root / "out"
    out.mkdir()
    yield Demo(ws, head, rm, rm2, client, pool, wealth_id, plain_id, plan.id, out)
    ws.close()


@pytest.fixture(scope="module")
def printed(demo: Demo) -> dict[str, tuple[Path, IssuedDocument]]:
    """Every document printed once, each in its own unit of work (as the CLI and the GUI do)."""
    jobs: dict[str, Any] = {
        "pack_final": lambda s, o: issue.print_proposal(
            session=s, actor=demo.rm, proposal_id=demo.wealth_id, out=o, options=OPTIONS
        ),
        "pack_draft": lambda s, o: issue.print_proposal(
            session=s, actor=demo.rm, proposal_id=demo.plain_id, out=o, options=OPTIONS
        ),
        "ledger_branch": lambda s, o: issue.print_ledger_book(
            session=s, actor=demo.head, date_from=PERIOD[0], date_to=PERIOD[1], out=o, options=OPTIONS
        ),
        "ledger_rm": lambda s, o: issue.print_ledger_book(
            session=s, actor=demo.rm, date_from=PERIOD[0], date_to=PERIOD[1], out=o, options=OPTIONS
        ),
        "visits": lambda s, o: issue.print_visit_register(
            session=s, actor=demo.head, date_from=PERIOD[0], date_to=PERIOD[1], out=o, options=OPTIONS
        ),
        "plan": lambda s, o: issue.print_plan(
            session=s, actor=demo.rm, plan_id=demo.plan_id, out=o, options=OPTIONS
        ),
        "complaints": lambda s, o: issue.print_complaint_register(
            session=s, actor=demo.head, date_from=date(2025, 11, 24), date_to=TODAY, out=o, options=OPTIONS
        ),
        "survey_blank": lambda s, o: issue.print_survey_form(
            session=s, actor=demo.rm, out=o, options=OPTIONS
        ),
        "survey_client": lambda s, o: issue.print_survey_form(
            session=s, actor=demo.rm, client_id=demo.client.id, out=o, options=OPTIONS
        ),
        "prep": lambda s, o: issue.print_client_prep(
            session=s, actor=demo.rm, client_id=demo.client.id, out=o, options=OPTIONS
        ),
    }
    result = {}
    for name, job in jobs.items():
        path = demo.out / f"{name}.pdf"
        with session_scope(demo.ws.engine) as session:
            result[name] = (path, job(session, path))
    return result


def _clear_values(session: Session, client_ids: list[str] | None = None) -> list[str]:
    """Identity numbers, credit codes and phones as stored (what must never print for a masked copy)."""
    stmt = select(Client)
    if client_ids is not None:
        stmt = stmt.where(col(Client.id).in_(client_ids))
    clients = list(session.exec(stmt))
    ids = [c.id for c in clients]
    values = [v for c in clients for v in (c.uscc, c.id_number) if v]
    for contact in session.exec(select(Contact).where(col(Contact.client_id).in_(ids))):
        values += [re.sub(r"\D", "", p) for p in contact.phones if p]
    return values


# --- every document -----------------------------------------------------------------------------------


def test_every_document_embeds_its_fonts_and_has_a_footer(
    printed: dict[str, tuple[Path, IssuedDocument]],
) -> None:
    for name, (path, issued) in printed.items():
        lines = _run(_tool("pdffonts"), str(path)).splitlines()[2:]
        assert lines, name
        for line in lines:
            parts = line.split()
            assert parts[-5:-2] == ["yes", "yes", "yes"], (name, line)  # embedded, subset, ToUnicode
            assert not parts[0].startswith(("Helvetica", "Times", "Courier")), (name, line)
        pages = pages_of(path)
        assert len(pages) == issued.pages, name
        for number, page in enumerate(pages, start=1):
            assert re.search(rf"第\s*{number}\s*页\s*/\s*共\s*{issued.pages}\s*页", page), (name, number)
            assert "打印人：" in page and "打印时间：2026-11-23 10:00" in page, name
        assert issued.check_code in pages[-1].replace(" ", ""), name


# --- proposal pack ------------------------------------------------------------------------------------


def test_proposal_pack_has_every_part_in_chinese(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    path, issued = printed["pack_final"]
    text = flat(path)
    assert f"致{demo.client.legal_name}函" in text
    for heading in (
        "我们的服务理念",
        "双方简介",
        "双方合作现状",
        "需求分析",
        "推荐方案",
        "服务的组织与计划",
        "收费标准",
        "适当性评估结果",
        "理财产品风险提示",
        "合规声明（反洗钱与了解你的客户）",
        "联系方式",
        "结束语",
    ):
        assert heading in text, heading
    for words in (
        "稳享90天固定收益类理财产品",
        "流动资金贷款",
        "授信审批",
        "王芳",
        "客户经理：",
        "网点负责人：",
        "客户（盖章）：",
        "融资需求",
        "扩大产能需要流动资金约800万元",
        "2,000,000.00",
    ):
        assert words in text, words
    assert issued.doc_type == "proposal.pack" and not issued.draft
    assert "测试综合金融服务方案（含理财）" in issued.title


def test_the_five_disclosures_print_exactly_when_a_wealth_product_is_in_the_pack(
    printed: dict[str, tuple[Path, IssuedDocument]],
) -> None:
    wealth = flat(printed["pack_final"][0])
    plain = flat(printed["pack_draft"][0])
    for name, sentence in DISCLOSURES.values():
        assert f"{name}：{sentence[:12]}" in wealth, name
        assert name not in plain, name
    assert "理财产品风险提示" not in plain and "理财非存款" not in plain


def test_unapproved_pack_is_a_draft_on_every_page_and_the_approved_one_is_not(
    printed: dict[str, tuple[Path, IssuedDocument]],
) -> None:
    draft_path, draft = printed["pack_draft"]
    final_path, final = printed["pack_final"]
    assert draft.draft and not final.draft
    assert all("DRAFT" in page and re.search(r"草\s*稿", page) for page in pages_of(draft_path))
    assert not any("DRAFT" in page or re.search(r"草\s*稿", page) for page in pages_of(final_path))


def test_pack_is_masked_for_print_and_clear_only_for_the_owner_on_request(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    with Session(demo.ws.engine) as session:
        clear = _clear_values(session, [demo.client.id])
    assert demo.client.uscc in clear and KNOWN_PHONE in clear
    for name in ("pack_final", "pack_draft", "prep", "survey_client"):
        text = flat(printed[name][0])
        leaked = [v for v in clear if v in text]
        assert not leaked, (name, leaked)
    with Session(demo.ws.engine) as session:
        pack = rd.proposal_pack_data(session=session, actor=demo.rm, proposal_id=demo.wealth_id, today=TODAY)
    assert pack.primary_contact is not None and "****" in pack.primary_contact.phone
    assert pack.primary_contact.phone in flat(printed["pack_final"][0])
    assert pack.client.identifier in flat(printed["pack_final"][0]) and "*" in pack.client.identifier

    path = demo.out / "pack_unmasked.pdf"
    with session_scope(demo.ws.engine) as session:
        issued = issue.print_proposal(
            session=session,
            actor=demo.rm,
            proposal_id=demo.wealth_id,
            out=path,
            unmasked=True,
            options=OPTIONS,
        )
    text = flat(path)
    assert demo.client.uscc in text  # the check above would have seen a leak
    with Session(demo.ws.engine) as session:
        unmask = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.action) == "client.unmask", col(AuditEvent.entity_id) == demo.client.id
            )
        ).all()
        assert unmask and all(demo.client.uscc not in str(e.detail) for e in unmask)
        record = session.exec(
            select(IssuedDocumentRecord).where(col(IssuedDocumentRecord.doc_id) == issued.doc_id)
        ).one()
        printed_event = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.action) == "report.print", col(AuditEvent.entity_id) == record.id
            )
        ).one()
        assert printed_event.detail["unmasked"] is True
        assert demo.client.uscc not in str(printed_event.detail) and KNOWN_PHONE not in str(
            printed_event.detail
        )


def test_only_the_owner_or_the_head_may_print_in_full(demo: Demo) -> None:
    with session_scope(demo.ws.engine) as session:
        with pytest.raises(PermissionDenied) as err:
            issue.print_client_prep(
                session=session,
                actor=demo.rm,
                client_id=demo.pool_client.id,
                out=io.BytesIO(),
                unmasked=True,
                options=OPTIONS,
            )
        assert err.value.code == "report.unmask_denied"
        with pytest.raises(NotFound):  # another RM does not even see the client's proposal
            issue.print_proposal(
                session=session,
                actor=demo.rm2,
                proposal_id=demo.wealth_id,
                out=io.BytesIO(),
                unmasked=True,
                options=OPTIONS,
            )
        buffer = io.BytesIO()
        issue.print_client_prep(
            session=session,
            actor=demo.head,
            client_id=demo.pool_client.id,
            out=buffer,
            unmasked=True,
            options=OPTIONS,
        )
        assert buffer.getvalue().startswith(b"%PDF")
        # A masked print of a pooled client is fine for the RM who may claim it.
        issue.print_client_prep(
            session=session, actor=demo.rm, client_id=demo.pool_client.id, out=io.BytesIO(), options=OPTIONS
        )


# --- ledger book --------------------------------------------------------------------------------------


def test_branch_ledger_book_has_cover_toc_weekly_report_and_two_sheets_per_client(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    path, issued = printed["ledger_branch"]
    pages = pages_of(path)
    with Session(demo.ws.engine) as session:
        clients = list(
            session.exec(
                select(Client).where(
                    col(Client.branch_id).in_(demo.head.branch_ids), col(Client.deleted).is_(False)
                )
            )
        )
        clear = _clear_values(session, [c.id for c in clients])
    assert len(clients) >= 100
    assert issued.pages == len(pages) >= 3 + 2 * len(clients)
    assert "网点客户台账" in pages[0] and "内部资料" in pages[0]
    weekly = next(i for i, p in enumerate(pages) if "一、周报表" in p and "周次" in p)
    assert weekly >= 2  # cover, then the 目录 over one or more pages
    toc = re.sub(r"\s", "", "".join(pages[1:weekly]))
    assert "目录" in toc and "一、周报表" in toc and "二、客户台账" in toc
    basic = [p for p in pages if "客户基础信息表" in p and "台账编号" in p]
    follow = [p for p in pages if "客户跟进记录表" in p and "台账编号" in p]
    assert len(basic) == len(clients) and len(follow) >= len(clients)
    text = re.sub(r"\s", "", "\n".join(pages))
    for client in clients[:20]:
        assert client.legal_name in toc and client.legal_name in text
    leaked = [v for v in clear if v in text]
    assert not leaked


def test_rm_ledger_book_holds_only_the_rms_book(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    path, _issued = printed["ledger_rm"]
    pages = pages_of(path)
    with Session(demo.ws.engine) as session:
        mine = session.exec(
            select(func.count())
            .select_from(Client)
            .where((col(Client.owner_id) == demo.rm.user_id) | (col(Client.maintainer_id) == demo.rm.user_id))
        ).one()
        others = session.exec(select(Client.legal_name).where(col(Client.owner_id) == demo.rm2.user_id)).all()
    assert "客户经理工作台账" in pages[0] and "王芳" in pages[0]
    assert len([p for p in pages if "客户基础信息表" in p and "台账编号" in p]) == mine
    text = re.sub(r"\s", "", "\n".join(pages))
    assert not [name for name in others if name in text]


def test_weekly_report_counts_completed_visits_of_the_period(demo: Demo) -> None:
    with Session(demo.ws.engine) as session:
        book = rd.ledger_book_data(session=session, actor=demo.rm, date_from=PERIOD[0], date_to=PERIOD[1])
        expected = session.exec(
            select(func.count())
            .select_from(Visit)
            .where(
                col(Visit.rm_id) == demo.rm.user_id,
                col(Visit.completed).is_(True),
                col(Visit.visit_on) >= PERIOD[0],
                col(Visit.visit_on) <= PERIOD[1],
            )
        ).one()
    assert book.totals["visits"] == sum(w.visits for w in book.weeks) == expected
    assert [w.week for w in book.weeks] == sorted({w.week for w in book.weeks})  # one RM: a row per week
    assert book.weeks[0].start == PERIOD[0] and book.weeks[-1].end == PERIOD[1]


def test_ledger_period_and_rm_are_checked(demo: Demo) -> None:
    with Session(demo.ws.engine) as session:
        with pytest.raises(ValidationError) as err:
            rd.ledger_book_data(session=session, actor=demo.head, date_from=TODAY, date_to=PERIOD[0])
        assert err.value.code == "report.period_invalid"
        with pytest.raises(NotFound) as missing:
            rd.ledger_book_data(
                session=session, actor=demo.head, date_from=PERIOD[0], date_to=TODAY, rm_username="nobody"
            )
        assert missing.value.code == "report.rm_not_found"
        with pytest.raises(PermissionDenied) as denied:
            rd.ledger_book_data(
                session=session, actor=demo.rm, date_from=PERIOD[0], date_to=TODAY, rm_username="lilei"
            )
        assert denied.value.code == "report.rm_not_allowed"
        book = rd.ledger_book_data(
            session=session, actor=demo.head, date_from=PERIOD[0], date_to=TODAY, rm_username="lilei"
        )
        assert book.scope == "rm" and book.rm_names == ["李雷"]


# --- registers, plan, forms ---------------------------------------------------------------------------


def test_visit_register_lists_every_visit_of_the_period_landscape(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    path, _issued = printed["visits"]
    assert LANDSCAPE_A4.search(_run(_tool("pdfinfo"), str(path)))
    pages = pages_of(path)
    with Session(demo.ws.engine) as session:
        count = session.exec(
            select(func.count())
            .select_from(Visit)
            .join(Client)
            .where(
                col(Client.branch_id).in_(demo.head.branch_ids),
                col(Visit.deleted).is_(False),
                col(Visit.visit_on) >= PERIOD[0],
                col(Visit.visit_on) <= PERIOD[1],
            )
        ).one()
    assert count > 20
    text = re.sub(r"\s", "", "\n".join(pages))
    assert "客户拜访登记簿" in text and f"拜访总数{count}次" in text
    detail = [p for p in pages if "拜访日期" in p]
    assert len(detail) >= 2 and all("网点负责人点评" in p for p in detail)  # header repeats
    assert "上门拜访" in text


def test_plan_sheet_is_a_landscape_gantt_with_signature_lines(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    path, issued = printed["plan"]
    assert LANDSCAPE_A4.search(_run(_tool("pdfinfo"), str(path)))
    text = flat(path)
    for words in (
        "目标客户月度工作计划",
        "客户经理签字",
        "网点负责人审阅意见及签字",
        "图例",
        "计划拜访",
        "已完成",
        "延迟至（新日期）",
        "状态/备注",
    ):
        assert words in text, words
    with Session(demo.ws.engine) as session:
        view = rd.plan_sheet_data(session=session, actor=demo.rm, plan_id=demo.plan_id).gantt
    assert view.rows and all(row.label.replace(" ", "") in text for row in view.rows)
    marks = sum(1 for row in view.rows for m in row.cells if m)
    assert text.count("○") + text.count("●") + text.count("×") + text.count("◎") >= marks
    assert issued.pages == 1


def test_complaint_register_counts_breaches(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    path, _issued = printed["complaints"]
    assert LANDSCAPE_A4.search(_run(_tool("pdfinfo"), str(path)))
    with Session(demo.ws.engine) as session:
        reg = complaint_register(
            session=session, actor=demo.head, date_from=date(2025, 11, 24), date_to=TODAY, now=NOW
        )
    assert reg.total > 0
    text = flat(path)
    assert f"投诉总数{reg.total}件" in text
    assert f"响应超时{reg.response_breaches}件" in text and f"解决超时{reg.resolution_breaches}件" in text
    assert text.count("未超时") == sum(not (r.response_breached or r.resolution_breached) for r in reg.rows)
    for row in reg.rows:
        assert row.summary.replace(" ", "") in text


def test_survey_form_has_the_configured_dimensions_on_a_five_point_scale(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    from crm.services.surveys import survey_config

    blank_path, blank = printed["survey_blank"]
    filled_path, filled = printed["survey_client"]
    assert blank.pages == filled.pages == 1
    blank_text, filled_text = flat(blank_path), flat(filled_path)
    for dimension in survey_config().dimensions:
        assert dimension in blank_text and dimension in filled_text
    for score, label in rd.SURVEY_SCALE:
        assert f"{score}分{label}" in blank_text
    assert demo.client.legal_name in filled_text and demo.client.legal_name not in blank_text
    assert "客户签字" in blank_text and "您对我行服务的意见和建议" in blank_text


def test_visit_preparation_sheet_is_one_page(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    path, issued = printed["prep"]
    assert issued.pages == 1
    text = flat(path)
    for words in (
        "客户拜访前准备表",
        "客户拜访前假设",
        "一、客户概况",
        "二、近期拜访",
        "天内到期业务",
        "四、待办跟进事项与未办结投诉",
        "五、建议推荐产品（已通过适当性校验）",
        "六、联系人",
        "林晓东",
    ):
        assert words in text, words
    assert demo.client.legal_name in text
    with Session(demo.ws.engine) as session:
        prep = rd.visit_prep_data(session=session, actor=demo.rm, client_id=demo.client.id, today=TODAY)
    for product in prep.products:
        assert product.name.replace(" ", "") in text
    assert all(p.risk is None or p.risk.level <= 3 for p in prep.products)  # C3 client: suitability holds


def test_footer_shows_the_last_sync_when_there_was_one(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    assert "数据截至" not in text_of(printed["survey_blank"][0])
    path = demo.out / "synced.pdf"
    with session_scope(demo.ws.engine) as session:
        session.add(
            LocalSetting(key=rd.LAST_SYNC_KEY, value=datetime(2026, 11, 23, 0, 30, tzinfo=UTC).isoformat())
        )
        session.flush()
        issue.print_survey_form(session=session, actor=demo.rm, out=path, options=OPTIONS)
        session.delete(session.get(LocalSetting, rd.LAST_SYNC_KEY))
    assert "数据截至：2026-11-23 08:30（最近同步）" in text_of(path)


# --- records and verification -------------------------------------------------------------------------


def test_every_print_is_audited_and_recorded_for_sync(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo
) -> None:
    with Session(demo.ws.engine) as session:
        for name, (_path, issued) in printed.items():
            record = session.exec(
                select(IssuedDocumentRecord).where(col(IssuedDocumentRecord.doc_id) == issued.doc_id)
            ).one()
            assert (
                record.doc_type,
                record.file_sha256,
                record.content_sha256,
                record.pages,
                record.draft,
            ) == (issued.doc_type, issued.file_sha256, issued.content_sha256, issued.pages, issued.draft), (
                name
            )
            assert record.issued_by in (demo.rm.user_id, demo.head.user_id)
            event = session.exec(
                select(AuditEvent).where(
                    col(AuditEvent.action) == "report.print", col(AuditEvent.entity_id) == record.id
                )
            ).one()
            assert event.detail["doc_id"] == issued.doc_id and event.detail["doc_type"] == issued.doc_type
            assert event.detail["unmasked"] is False
            outbox = session.exec(
                select(Outbox).where(
                    col(Outbox.entity) == "issued_document", col(Outbox.entity_id) == record.id
                )
            ).one()
            assert outbox.payload["doc_id"] == issued.doc_id
        client_docs = {
            r.doc_type
            for r in session.exec(
                select(IssuedDocumentRecord).where(col(IssuedDocumentRecord.client_id) == demo.client.id)
            )
        }
        assert {"proposal.pack", "client.prep", "survey.form"} <= client_docs


def test_verify_accepts_the_issued_file_and_rejects_a_modified_one(
    printed: dict[str, tuple[Path, IssuedDocument]], demo: Demo, tmp_path: Path
) -> None:
    path, issued = printed["pack_final"]
    with Session(demo.ws.engine) as session:
        result = issue.verify_document(session=session, actor=demo.rm, source=path)
        assert (result.status, result.doc_id) == ("issued_unchanged", issued.doc_id)
        assert result.issued is not None and result.issued.issued_by == "王芳"
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        assert issue.verify_document(session=session, actor=demo.rm, source=bytes(data)).status == "modified"
        foreign = io.BytesIO()
        canvas = Canvas(foreign)
        canvas.drawString(72, 720, "not ours")
        canvas.save()
        assert (
            issue.verify_document(session=session, actor=demo.rm, source=foreign.getvalue()).status
            == "unknown"
        )


def test_a_failed_write_leaves_no_record(demo: Demo, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "x.pdf"
    with Session(demo.ws.engine) as session:
        before = session.exec(select(func.count()).select_from(IssuedDocumentRecord)).one()
    with pytest.raises(Exception) as err, session_scope(demo.ws.engine) as session:
        issue.print_survey_form(session=session, actor=demo.rm, out=target, options=OPTIONS)
    assert getattr(err.value, "code", "") == "report.output_unwritable"
    with Session(demo.ws.engine) as session:
        assert session.exec(select(func.count()).select_from(IssuedDocumentRecord)).one() == before


def test_admins_print_no_client_documents(demo: Demo) -> None:
    with Session(demo.ws.engine) as session:
        admin = session.exec(select(User).where(col(User.role) == Role.ADMIN.value)).first()
        assert admin is not None
        with pytest.raises(PermissionDenied):
            rd.ledger_book_data(session=session, actor=Actor.of(admin), date_from=PERIOD[0], date_to=TODAY)


# --- desktop -----------------------------------------------------------------------------------------


def test_desktop_prints_into_the_exports_folder_and_opens_the_file(
    demo: Demo, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm.ui import printing, worker
    from crm.ui.context import AppContext

    monkeypatch.setattr(worker, "RUN_INLINE", True)
    opened: list[Path] = []
    errors: list[BaseException] = []
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) or True)
    monkeypatch.setattr(printing, "show_error", lambda _parent, exc, _language="zh_CN": errors.append(exc))
    ctx = AppContext(demo.ws, demo.rm, keystore=None)
    changed: list[str] = []
    ctx.data_changed.connect(changed.append)

    printing.print_plan(ctx, demo.plan_id, None)
    printing.print_ledger_book(ctx, None, date_from=PERIOD[0], date_to=PERIOD[1])
    printing.print_survey_form(ctx, None, client_id=demo.client.id)
    assert not errors
    assert len(opened) == 3 and all(p.parent == demo.ws.path / "exports" and p.is_file() for p in opened)
    assert opened[0].name.startswith("月度工作计划-") and opened[0].suffix == ".pdf"
    assert changed == ["issued_document"] * 3
    with Session(demo.ws.engine) as session:
        for path in opened:
            assert (
                issue.verify_document(session=session, actor=demo.rm, source=path).status
                == "issued_unchanged"
            )

    printing.print_proposal(ctx, "no-such-proposal", None)
    assert len(opened) == 3 and [getattr(e, "code", "") for e in errors] == ["proposal.not_found"]
