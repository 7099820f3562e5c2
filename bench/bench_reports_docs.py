"""Time the real documents: the visit register at 1,000 and 10,000 rows, a ~10-page proposal pack, and a
ledger book (two sheets per client).

    .venv/bin/python bench/bench_reports_docs.py [--repeat 3] [--clients 150] [--json]

Goals: the 10k register takes at most 10× the 1k one and at most 5 s; the ledger book grows linearly.
Data is synthetic (no database) and passes through the same builders the CLI and the GUI use.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from crm.domain.enums import (
    ClientKind,
    ClientStatus,
    ClientTier,
    Disclosure,
    HoldingKind,
    Liquidity,
    NeedArea,
    ProductFamily,
    ProductRisk,
    ProposalStatus,
    RiskTolerance,
    TaskKind,
    VisitMode,
)
from crm.reports.base import DocContext
from crm.reports.branding import load_branding
from crm.reports.documents.labels import CHINA_TZ
from crm.reports.documents.ledger_book import build_ledger_book
from crm.reports.documents.proposal_pack import build_proposal_pack
from crm.reports.documents.visit_register import build_visit_register
from crm.reports.fonts import register_cjk_fonts
from crm.services.proposals import (
    PackBranch,
    PackClient,
    PackContact,
    PackHolding,
    PackLine,
    PackNeed,
    PackStep,
    PackSuitability,
    ProposalPack,
)
from crm.services.report_data import (
    LedgerBook,
    LedgerClient,
    LedgerContact,
    LedgerEntry,
    LedgerHolding,
    LedgerWeekRow,
    VisitRegisterRow,
)
from crm.services.report_data import (
    build_visit_register as register_data,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=CHINA_TZ)
_CLIENTS = [
    "上海示范精密制造有限公司",
    "城东商贸有限责任公司",
    "新华路餐饮管理有限公司",
    "远航国际物流股份有限公司",
    "长宁区星辉文具店",
    "德成智能科技有限公司",
]
_RMS = ["王芳", "陈强", "赵磊", "孙丽", "周杰", "李雷", "杨洋", "吴静"]
_PURPOSES = [
    "授信需求沟通",
    "理财产品推介",
    "结算业务回访",
    "贷后检查：现场查看抵押物并核实经营情况",
    "投诉回访",
    "介绍代发工资方案及企业网银",
]
_REVIEWS = ["", "", "注意跟进授信材料，下周前补齐三年财务报表。", "客户意向明确，尽快安排产品经理上门。"]


def _ctx(title: str, doc_type: str, draft: bool = False) -> DocContext:
    return DocContext(
        branding=load_branding(),
        title=title,
        doc_type=doc_type,
        printed_by="王芳",
        printed_at=NOW,
        data_as_of=datetime(2026, 11, 23, 0, 30, tzinfo=UTC),
        draft=draft,
    )


def register_rows(count: int, seed: int = 7) -> list[VisitRegisterRow]:
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    return [
        VisitRegisterRow(
            visit_on=start + timedelta(days=n * 700 // count),
            client_name=rng.choice(_CLIENTS),
            rm_name=rng.choice(_RMS),
            mode=rng.choice(list(VisitMode)),
            purpose=rng.choice(_PURPOSES),
            completed=rng.random() < 0.9,
            goal_reached=rng.choice([True, False, None]),
            satisfaction=rng.choice([None, 3, 4, 5]),
            review_comment=rng.choice(_REVIEWS),
        )
        for n in range(count)
    ]


def proposal_pack(lines: int = 34, steps: int = 30) -> ProposalPack:
    """A long pack (many product lines and timetable steps) that runs to about ten pages."""
    families = [
        (ProductFamily.CREDIT, None),
        (ProductFamily.WEALTH, ProductRisk.R2),
        (ProductFamily.DEPOSIT, None),
        (ProductFamily.SETTLEMENT, None),
    ]
    pack_lines = []
    for n in range(lines):
        family, risk = families[n % len(families)]
        pack_lines.append(
            PackLine(
                id=f"l{n}",
                product_id=f"p{n}",
                product_code=f"PRD-{n:03d}",
                product_name=f"示范产品第{n + 1}号（组合服务）",
                family=family,
                risk=risk,
                liquidity=Liquidity.TERM,
                term="一年",
                amount_fen=(n + 1) * 10_000_000,
                rate_pct=3.2 if family is not ProductFamily.WEALTH else None,
                rate_text="业绩比较基准年化2.10%–2.50%" if family is ProductFamily.WEALTH else "",
                fee="按收费标准执行",
                fee_standard="销售服务费0.30%/年，固定管理费0.20%/年，托管费0.02%/年；" * 2,
                note="结合客户现金流安排分批投放。" if n % 3 == 0 else "",
                is_wealth=family is ProductFamily.WEALTH,
                disclosures=list(Disclosure) if family is ProductFamily.WEALTH else [],
                suitability=PackSuitability(
                    allowed=True, code=None, tolerance=RiskTolerance.C3, product_risk=risk, overridden=False
                ),
            )
        )
    return ProposalPack(
        proposal_id="0192d1f2-0000-7000-8000-000000000001",
        title="示范精密综合金融服务方案",
        status=ProposalStatus.APPROVED,
        approved=True,
        as_of=NOW.date(),
        generated_at=NOW,
        unmasked=False,
        branch=PackBranch(
            id="b",
            code="310105",
            name="城中支行",
            address="上海市长宁区延安西路 1288 号",
            phone="021-62381234",
        ),
        client=PackClient(
            id="c",
            legal_name="上海示范精密制造有限公司",
            short_name="示范精密",
            kind=ClientKind.CORPORATE,
            identifier_kind="uscc",
            identifier="9131**********8XK",
            industry="C",
            address="上海市长宁区金钟路 339 号",
            tier=ClientTier.A,
            risk_tolerance=RiskTolerance.C3,
            risk_assessed_on=date(2026, 6, 1),
            risk_expires_on=date(2027, 5, 31),
        ),
        primary_contact=PackContact(
            name="林晓东", title="财务总监", phone="139****5678", email="l***g@example.com"
        ),
        holdings=[PackHolding(kind=k, count=2, amount_fen=500_000_000) for k in HoldingKind],
        cooperation="双方自2016年起建立合作关系。" * 6,
        needs=[
            PackNeed(area=a, text="客户经营稳健，计划扩大产能，需要中长期资金支持并优化结算安排。" * 2)
            for a in NeedArea
        ],
        cover_letter="尊敬的林总：\n感谢贵司长期以来的信任与支持。" + "我行结合贵司实际需求制定本方案。" * 8,
        service_content="提供融资、结算、现金管理与财富管理一揽子服务。" * 4,
        service_process="需求沟通—方案确认—资料准备—审批签约—落地实施—定期回访",
        fee_standards="按照《示范商业银行服务价格目录》执行。" * 3,
        lines=pack_lines,
        total_amount_fen=sum(line.amount_fen for line in pack_lines),
        steps=[
            PackStep(
                step=f"第{n + 1}步：方案落地事项（资料准备、审批与签约）",
                responsible="王芳",
                due_on=date(2026, 12, 1) + timedelta(days=n),
                done=n < 5,
            )
            for n in range(steps)
        ],
        has_wealth=True,
        disclosures=list(Disclosure),
        rm_name="王芳",
        rm_title="对公客户经理",
        rm_phone="15940781264",
        branch_head_name="张伟",
        decided_by_name="张伟",
        decided_at=NOW,
        decision_comment="同意",
        delivered_at=None,
    )


def ledger_book(clients: int) -> LedgerBook:
    rng = random.Random(clients)
    weeks = [
        LedgerWeekRow(
            year=2026,
            week=40 + w,
            start=date(2026, 10, 1) + timedelta(days=7 * w),
            end=date(2026, 10, 7) + timedelta(days=7 * w),
            rm_id=rm,
            rm_name=rm,
            visits=rng.randint(0, 5),
            new_clients=rng.randint(0, 1),
            pitches_won=rng.randint(0, 2),
            follow_ups_done=rng.randint(0, 3),
        )
        for w in range(8)
        for rm in _RMS
    ]
    book_clients = [
        LedgerClient(
            number=n + 1,
            id=f"c{n}",
            legal_name=f"{rng.choice(_CLIENTS)}（{n + 1}）",
            short_name="示范",
            kind=ClientKind.CORPORATE,
            status=ClientStatus.ACTIVE,
            tier=ClientTier.B,
            identifier_kind="uscc",
            identifier="9131**********8XK",
            industry="C",
            ownership="民营企业",
            size="small",
            region="上海市",
            district="长宁区",
            address="上海市长宁区金钟路 339 号",
            lifecycle_stage=None,
            is_tech=False,
            without_loans=True,
            effective_account=True,
            operating_status="经营正常",
            credit_rating="AA",
            risk_grade="正常",
            risk_tolerance=RiskTolerance.C3,
            risk_expires_on=date(2027, 5, 31),
            owner_name="王芳",
            maintainer_name="王芳",
            deposit_balance_fen=123_456_789,
            loan_balance_fen=0,
            marketing_objective="代发工资迁入我行",
            entry_point="新建生产线融资",
            progress="方案已提交客户",
            open_issues="需补充财务报表",
            last_visit_on=date(2026, 11, 18),
            kyc_refreshed_on=date(2026, 4, 18),
            contacts=[
                LedgerContact(
                    name="林晓东",
                    title="财务总监",
                    phones=["139****5678"],
                    email="l***g@example.com",
                    is_primary=True,
                )
            ],
            holdings=[
                LedgerHolding(
                    kind=HoldingKind.ACCOUNT,
                    name="基本存款账户",
                    account_type=None,
                    account_no="**** **** **** 8192",
                    amount_fen=3_530_000,
                    rate_pct=0.1,
                    opened_on=date(2020, 5, 6),
                    maturity_on=None,
                )
            ],
            entries=[
                LedgerEntry(
                    day=date(2026, 10, 9) + timedelta(days=7 * e),
                    kind="visit",
                    mode=VisitMode.ON_SITE,
                    who="王芳",
                    contact="林晓东",
                    content="了解经营及资金需求；门店日均流水约1200元",
                    result="目标达成；下一步：推进资金到账",
                )
                for e in range(rng.randint(0, 3))
            ]
            + [
                LedgerEntry(
                    day=date(2026, 11, 1),
                    kind="task",
                    task_kind=TaskKind.FOLLOW_UP,
                    who="王芳",
                    content="协助开通对账服务",
                    result="已完成",
                )
            ],
        )
        for n in range(clients)
    ]
    return LedgerBook(
        scope="branch",
        scope_label="城中支行",
        branch_label="城中支行",
        rm_name=None,
        date_from=date(2026, 10, 1),
        date_to=date(2026, 11, 23),
        rm_names=_RMS,
        weeks=weeks,
        clients=book_clients,
        totals={"clients": clients},
    )


def _timed(fn: Any, repeat: int) -> tuple[float, float, Any]:
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument("--clients", type=int, default=150, help="ledger book size (a second run uses 2x)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    register_cjk_fonts()
    results: dict[str, dict[str, float]] = {}

    for count in (1_000, 10_000):
        reg = register_data(
            register_rows(count),
            scope_label="城中支行",
            branch_label="城中支行",
            date_from=date(2025, 1, 1),
            date_to=date(2026, 11, 30),
        )

        def build(reg: Any = reg, count: int = count) -> Any:
            return build_visit_register(
                reg, _ctx(f"客户拜访登记簿（{count} 条）", "visit.register"), io.BytesIO()
            )

        wall, cpu, issued = _timed(build, args.repeat)
        results[f"visit_register_{count}"] = {"seconds": wall, "cpu_seconds": cpu, "pages": issued.pages}

    pack = proposal_pack()
    wall, cpu, issued = _timed(
        lambda: build_proposal_pack(pack, _ctx(pack.title, "proposal.pack"), io.BytesIO()), args.repeat
    )
    results["proposal_pack"] = {"seconds": wall, "cpu_seconds": cpu, "pages": issued.pages}

    for clients in (args.clients, 2 * args.clients):
        book = ledger_book(clients)
        wall, cpu, issued = _timed(
            lambda book=book: build_ledger_book(book, _ctx("台账", "ledger.book"), io.BytesIO()),
            max(1, args.repeat - 1),
        )
        results[f"ledger_book_{clients}"] = {"seconds": wall, "cpu_seconds": cpu, "pages": issued.pages}

    small, large = results["visit_register_1000"], results["visit_register_10000"]
    ratio = large["cpu_seconds"] / small["cpu_seconds"]
    verdict = {
        "register_10k_over_1k_cpu": round(ratio, 2),
        "register_goal_met": ratio <= 10 and large["cpu_seconds"] <= 5.0,
    }
    if args.json:
        print(json.dumps({"results": results, **verdict}, indent=1))
        return
    for name, r in results.items():
        print(
            f"{name:<24}{r['pages']:>6} pages {r['seconds']:>8.2f} s wall {r['cpu_seconds']:>8.2f} s cpu"
            f"  {r['cpu_seconds'] / r['pages'] * 1000:>6.1f} ms/page"
        )
    print(
        f"visit register 10k / 1k (cpu): {ratio:.2f}x  (goal <= 10x and <= 5 s: "
        f"{'met' if verdict['register_goal_met'] else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
