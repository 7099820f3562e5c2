"""Time a register-like table of 1,000 and 10,000 rows through data_table + build_document."""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from reportlab.platypus import Flowable

from crm.reports.base import DocContext, DocKit
from crm.reports.branding import load_branding
from crm.reports.fonts import register_cjk_fonts
from crm.reports.render import build_document

HEADER = ["序号", "拜访日期", "客户名称", "客户经理", "拜访方式", "拜访目的", "拜访内容摘要", "下次跟进"]
WEIGHTS = [0.6, 1.1, 2.2, 0.9, 0.9, 1.3, 3.2, 1.1]
_COMPANIES = [
    "示范精密制造有限公司",
    "城东商贸有限责任公司",
    "新华路餐饮管理有限公司",
    "远航国际物流股份有限公司",
]
_PURPOSES = ["授信需求沟通", "理财产品推介", "结算业务回访", "贷后检查", "投诉回访"]
_NOTES = [
    "客户计划扩大产能，拟申请流动资金贷款五百万元，需补充近三年财务报表。",
    "介绍稳健型理财产品，客户风险承受能力评估为平衡型，约定下周再议。",
    "回访代发工资业务，客户反映网银操作流畅，无新增需求。",
    "现场查看抵押物状况良好，经营正常，按季付息无逾期。",
]


def make_rows(count: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1)
    return [
        [
            str(n),
            (start + timedelta(days=n % 365)).strftime("%Y-%m-%d"),
            rng.choice(_COMPANIES),
            rng.choice(["张三", "李四", "王五", "赵六"]),
            rng.choice(["上门拜访", "电话", "来行洽谈"]),
            rng.choice(_PURPOSES),
            rng.choice(_NOTES),
            (start + timedelta(days=n % 365 + 14)).strftime("%Y-%m-%d"),
        ]
        for n in range(1, count + 1)
    ]


def run(count: int) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds of this process, pages, PDF bytes."""
    rows = make_rows(count)
    tz = timezone(timedelta(hours=8))
    ctx = DocContext(
        branding=load_branding(),
        title=f"客户拜访登记簿（{count} 条）",
        doc_type="bench.visit_register",
        printed_by="基准测试",
        printed_at=datetime(2024, 6, 30, 17, 0, tzinfo=tz),
        data_as_of=datetime(2024, 6, 30, 16, 45, tzinfo=tz),
    )

    def story(kit: DocKit) -> Iterable[Flowable]:
        yield kit.section("客户拜访登记簿")
        yield kit.data_table(HEADER, rows, WEIGHTS, align=["CENTER", "CENTER"] + ["LEFT"] * 5 + ["CENTER"])

    out = io.BytesIO()
    started, cpu_started = time.perf_counter(), time.process_time()
    issued = build_document(ctx, story, out, landscape=True, content_digest={"rows": count})
    # CPU time as well: on a shared machine the wall clock also counts other processes' turns.
    return time.perf_counter() - started, time.process_time() - cpu_started, issued.pages, len(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
    register_cjk_fonts()  # font loading is a one-off per process; keep it out of the timings
    run(50)  # warm-up: imports, caches
    small = run(args.small)
    large = run(args.large)
    for count, (wall, cpu, pages, size) in ((args.small, small), (args.large, large)):
        print(
            f"{count:>6} rows: {wall:6.2f} s wall  {cpu:6.2f} s CPU  {pages:4d} pages  {size / 1e6:5.2f} MB"
        )
    print(
        f"ratio {args.large // args.small}x rows -> {large[0] / small[0]:.2f}x wall time, "
        f"{large[1] / small[1]:.2f}x CPU time"
    )


if __name__ == "__main__":
    main()
