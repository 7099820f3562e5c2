"""Client search at scale: 50,000 synthetic clients in a real SQLCipher workspace.

Builds the workspace (cheap KDF), bulk-inserts clients and contacts with Core executemany, times
``rebuild_index``, then the latency of ~200 mixed queries through ``list_clients(text=...)`` for a
branch head (and an RM). Standalone: needs nothing but the package.

    .venv/bin/python bench/bench_search.py [--clients 50000] [--queries 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import ClientKind, ClientStatus, ClientTier, RmKind, Role
from crm.domain.ids import new_id
from crm.domain.models import Branch, Client, Contact, User
from crm.domain.rules.checksums import make_resident_id, make_uscc
from crm.services import search
from crm.services.clients import ClientFilter, count_clients, list_clients
from crm.services.context import Actor

CHEAP_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "bench-only-" + "password"  # a throwaway workspace in a temporary folder

REGIONS = [
    "上海",
    "北京",
    "杭州",
    "苏州",
    "南京",
    "深圳",
    "广州",
    "成都",
    "武汉",
    "重庆",
    "天津",
    "宁波",
    "无锡",
    "厦门",
    "青岛",
    "合肥",
    "长沙",
    "西安",
    "郑州",
    "济南",
    "福州",
    "昆明",
    "常州",
    "嘉兴",
]
DISTRICTS = [
    "浦东",
    "闵行",
    "徐汇",
    "静安",
    "滨江",
    "西湖",
    "鼓楼",
    "江宁",
    "南山",
    "福田",
    "天河",
    "武侯",
    "江北",
    "高新",
    "经开",
    "城中",
    "城东",
    "新区",
    "工业园",
]
BRANDS = [
    "华通",
    "鑫源",
    "宏达",
    "金泰",
    "恒信",
    "永盛",
    "中联",
    "嘉禾",
    "瑞丰",
    "天成",
    "博远",
    "德润",
    "海纳",
    "汇丰源",
    "锦程",
    "凯盛",
    "明辉",
    "诚达",
    "腾飞",
    "远航",
    "东方",
    "长江",
    "星河",
    "云帆",
    "绿洲",
    "新纪元",
    "安泰",
    "广源",
    "富康",
    "正阳",
    "同创",
    "盛世",
    "华夏",
    "银河",
    "泰和",
    "昌隆",
    "万通",
    "兴业",
    "立信",
    "润泽",
    "宝丰",
    "信达",
    "鼎盛",
    "易达",
    "联创",
    "和顺",
    "精工",
    "沃德",
]
TRADES = [
    "科技",
    "贸易",
    "实业",
    "建设工程",
    "物流",
    "医药",
    "电子",
    "机械制造",
    "食品",
    "纺织",
    "新材料",
    "信息技术",
    "环保科技",
    "投资管理",
    "餐饮管理",
    "汽车销售",
    "建材",
    "化工",
    "印刷",
    "家具",
    "生物科技",
    "网络科技",
    "供应链管理",
    "文化传媒",
    "商贸",
    "精密机械",
    "电气",
    "房地产开发",
]
SUFFIXES = ["有限公司"] * 12 + ["股份有限公司"] * 3 + ["有限责任公司"] * 2 + ["(集团)有限公司", "分公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文斌宇浩凯晨欣怡子涵梓轩一鸣雨桐"
NOTES = [
    "客户计划扩大产能，拟申请流动资金贷款。",
    "关注代发工资和现金管理。",
    "有跨境结算需求，关注汇率避险。",
    "老板重视供应链金融，下月再访。",
    "结算账户在他行，可争取基本户。",
    "",
]


def company_name(rng: random.Random) -> tuple[str, str]:
    region = rng.choice(REGIONS)
    brand = rng.choice(BRANDS) + (rng.choice(BRANDS) if rng.random() < 0.3 else "")
    trade = rng.choice(TRADES)
    district = rng.choice(DISTRICTS) if rng.random() < 0.25 else ""
    suffix = rng.choice(SUFFIXES)
    legal = f"{region}{district}{brand}{trade}{suffix}"
    if suffix == "分公司":
        legal = f"{rng.choice(REGIONS)}{brand}{trade}有限公司{region}分公司"
    return legal, f"{brand}{trade}"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def build(engine: sa.Engine, n_clients: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with Session(engine, expire_on_commit=False) as s:
        branches = [Branch(code=f"31{i:04d}", name=f"第{i}支行") for i in range(8)]
        s.add_all(branches)
        s.flush()
        heads = [
            User(
                username=f"head{i}",
                display_name=f"行长{i}",
                role=Role.BRANCH_HEAD,
                branch_id=b.id,
                heads_branch_ids=[b.id],
            )
            for i, b in enumerate(branches)
        ]
        rms = [
            User(
                username=f"rm{i}_{j}",
                display_name=person_name(rng),
                role=Role.RM,
                rm_kind=RmKind.CORPORATE,
                branch_id=b.id,
            )
            for i, b in enumerate(branches)
            for j in range(12)
        ]
        s.add_all(heads + rms)
        s.commit()
        rms_by_branch: dict[str, list[User]] = defaultdict(list)
        for rm in rms:
            rms_by_branch[rm.branch_id].append(rm)
        template = Client(kind=ClientKind.CORPORATE, legal_name="x", branch_id=branches[0].id).model_dump()
        contact_template = Contact(client_id="x", name="x").model_dump()
        clients: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        for n in range(n_clients):
            branch = branches[min(int(rng.expovariate(0.5)), len(branches) - 1)]  # uneven branch sizes
            owner = rng.choice(rms_by_branch[branch.id]) if rng.random() < 0.85 else None
            row = dict(
                template,
                id=new_id(),
                created_at=now,
                updated_at=now,
                field_versions={},
                kyc_documents={},
                branch_id=branch.id,
                owner_id=owner.id if owner else None,
                status=ClientStatus.ACTIVE,
                tier=rng.choice(list(ClientTier)),
                notes=rng.choice(NOTES),
            )
            if rng.random() < 0.2:
                row.update(
                    kind=ClientKind.PERSONAL,
                    legal_name=person_name(rng),
                    short_name="",
                    uscc=None,
                    id_number=make_resident_id(
                        f"{rng.choice(('110105', '310104', '330106'))}"
                        f"{rng.randrange(1950, 2004)}0{rng.randrange(1, 10)}"
                        f"{rng.randrange(10, 29)}{rng.randrange(1000):03d}"
                    ),
                )
            else:
                legal, short = company_name(rng)
                row.update(
                    kind=ClientKind.CORPORATE,
                    legal_name=legal,
                    short_name=short,
                    id_number=None,
                    uscc=make_uscc(f"9131{rng.randrange(10**4):04d}MA{n:07d}"),
                )
            clients.append(row)
            for k in range(rng.choice((0, 1, 1, 2, 2, 3))):
                contacts.append(
                    dict(
                        contact_template,
                        id=new_id(),
                        client_id=row["id"],
                        created_at=now,
                        updated_at=now,
                        field_versions={},
                        name=person_name(rng),
                        phones=[mobile(rng)],
                        is_primary=k == 0,
                    )
                )
        conn = s.connection()
        for start in range(0, len(clients), 5000):
            conn.execute(sa.insert(Client), clients[start : start + 5000])
        for start in range(0, len(contacts), 5000):
            conn.execute(sa.insert(Contact), contacts[start : start + 5000])
        s.commit()
        # The busiest branch's head: the largest scope a list query has to rank.
        sizes: dict[str, int] = defaultdict(int)
        for c in clients:
            sizes[c["branch_id"]] += 1
        big = max(branches, key=lambda b: sizes[b.id])
        head = next(h for h in heads if h.branch_id == big.id)
        rm = max(rms, key=lambda u: sum(1 for c in clients if c["owner_id"] == u.id))
        return {
            "clients": clients,
            "contacts": contacts,
            "head": Actor.of(head),
            "rm": Actor.of(rm),
            "scope_size": sizes[big.id],
            "rm_size": sum(1 for c in clients if c["owner_id"] == rm.id),
        }


BROAD = ["有限公司", "科技", "公司", "有限", "贸易", "上海", "王", "zg", "yxgs", "1"]


def make_queries(data: dict[str, Any], count: int, seed: int) -> list[tuple[str, str]]:
    """A realistic mix: what an RM types to find one client (distinctive name parts, a person, pinyin
    initials, the tail of a code or phone). Whole-book queries such as '有限公司' are timed separately."""
    rng = random.Random(seed)
    head = data["head"]
    in_scope = [c for c in data["clients"] if c["branch_id"] == head.branch_id]
    companies = [c for c in in_scope if c["uscc"]]
    people = [c for c in in_scope if not c["uscc"]]
    contacts_by_client = defaultdict(list)
    for contact in data["contacts"]:
        contacts_by_client[contact["client_id"]].append(contact)
    with_contact = [c for c in in_scope if contacts_by_client[c["id"]]]
    per = max(1, count // 8)
    queries: list[tuple[str, str]] = []

    def stem(c: dict[str, Any]) -> str:
        """The distinctive part of a name (region, district, brand, trade), what people type."""
        text = search.strip_suffixes(search.normalise(c["legal_name"]))
        return c["short_name"] if "有限" in text else text  # '…有限公司上海分公司'

    def sub(text: str, length: int) -> str:
        start = rng.randrange(0, max(1, len(text) - length + 1))
        return text[start:start + length]

    for _ in range(per):
        queries.append(("1-2 char", rng.choice(BRANDS[:20] + DISTRICTS)))  # a brand or district
        queries.append(("1-2 char", rng.choice(people)["legal_name"][:rng.choice((1, 2))]))  # a surname…
        queries.append(("3+ char", rng.choice(companies)["short_name"]))
        queries.append(("3+ char", sub(stem(rng.choice(companies)), rng.choice((3, 4, 5)))))
        contact = rng.choice(contacts_by_client[rng.choice(with_contact)["id"]])
        queries.append(("3+ char", rng.choice((rng.choice(people)["legal_name"], contact["name"]))))
        full, initials = search.pinyin_keys(search.normalise(rng.choice(companies)["short_name"]))
        stem_initials = search.pinyin_keys(stem(rng.choice(companies)))[1]
        queries.append(("pinyin", rng.choice((initials, full, stem_initials))))
        c = rng.choice(companies)
        queries.append(("digits", rng.choice((c["uscc"][-6:], c["uscc"][-4:]))))
        phone = rng.choice(contacts_by_client[rng.choice(with_contact)["id"]])["phones"][0]
        queries.append(("digits", rng.choice((phone[-4:], phone[-6:], phone))))
    # Chinese name parts are classed by what the index does with them: grams below 3 characters.
    return [(("1-2 char" if len(q) <= 2 else "3+ char") if k in ("1-2 char", "3+ char") else k, q)
            for k, q in queries[:count]]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


Timing = dict[str, tuple[list[float], list[float], list[int]]]  # kind -> (wall ms, cpu ms, rows)


def measure(ws: Workspace, actor: Actor, queries: list[tuple[str, str]],
            call: Callable[[Session, Actor, str], int], repeat: int) -> Timing:
    """Each query's latency is the median of ``repeat`` runs (this box may be shared with other work)."""
    by_kind: Timing = defaultdict(lambda: ([], [], []))
    with Session(ws.engine) as s:
        for _kind, text in queries[:20]:  # warm the page cache and the statement cache
            call(s, actor, text)
        for kind, text in queries:
            walls, cpus = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                n = call(s, actor, text)
                walls.append((time.perf_counter() - t0) * 1000)
                cpus.append((time.process_time() - c0) * 1000)
            for key in (kind, "ALL") if kind != "broad" else (kind,):
                by_kind[key][0].append(statistics.median(walls))
                by_kind[key][1].append(statistics.median(cpus))
                by_kind[key][2].append(n)
    return by_kind


def report(title: str, by_kind: Timing) -> None:
    print(f"\n{title}")
    heads = ("n", "p50 ms", "p95 ms", "max ms", "p95 cpu", "avg rows")
    print(f"{'query kind':<10} " + " ".join(f"{h:>8}" for h in heads))
    for kind in ("1-2 char", "3+ char", "pinyin", "digits", "ALL", "broad"):
        walls, cpus, rows = by_kind.get(kind, ([], [], []))
        if walls:
            values = (statistics.median(walls), percentile(walls, 95), max(walls), percentile(cpus, 95),
                      statistics.mean(rows))
            print(f"{kind:<10} {len(walls):>8} " + " ".join(f"{v:>8.1f}" for v in values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (the median is kept)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cache-mib", type=int, default=0,
                        help="set PRAGMA cache_size on each connection (0: leave the engine's setting)")
    parser.add_argument("--keep", type=Path, help="build the workspace here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = (args.keep or Path(tmp)) / "bench-ws"
        ws = Workspace.create(path, password=PASSWORD, keystore=MemoryKeyStore(), kdf=CHEAP_KDF)
        if args.cache_mib:
            ws.engine.dispose()

            @sa.event.listens_for(ws.engine, "connect")
            def _cache(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.execute(f"PRAGMA cache_size = -{args.cache_mib * 1024}")

        try:
            t0 = time.perf_counter()
            data = build(ws.engine, args.clients, args.seed)
            print(f"inserted {len(data['clients'])} clients and {len(data['contacts'])} contacts "
                  f"in {time.perf_counter() - t0:.2f} s (Core executemany)")
            t0, c0 = time.perf_counter(), time.process_time()
            with Session(ws.engine) as s:
                indexed = search.rebuild_index(session=s)
                s.commit()
            print(f"rebuild_index: {indexed} clients in {time.perf_counter() - t0:.2f} s "
                  f"(cpu {time.process_time() - c0:.2f} s)")
            with ws.engine.connect() as conn:
                cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db_mb = sum(f.stat().st_size for f in path.glob("crm.db*")) / 2**20
            print(f"database files: {db_mb:.1f} MiB; PRAGMA cache_size = {cache}")

            mixed = make_queries(data, args.queries, args.seed)
            queries = mixed + [("broad", q) for q in BROAD]

            def listed(s: Session, actor: Actor, text: str) -> int:
                return len(list_clients(session=s, actor=actor, filters=ClientFilter(text=text), limit=50))

            def counted(s: Session, actor: Actor, text: str) -> int:
                return count_clients(session=s, actor=actor, filters=ClientFilter(text=text))

            head_list = measure(ws, data["head"], queries, listed, args.repeat)
            report(f"list_clients(text=..., limit=50), branch head ({data['scope_size']} clients in scope)",
                   head_list)
            report(f"count_clients(text=...), branch head ({data['scope_size']} clients in scope)",
                   measure(ws, data["head"], queries, counted, args.repeat))
            report(f"list_clients(text=..., limit=50), RM ({data['rm_size']} own clients + branch pool)",
                   measure(ws, data["rm"], queries, listed, args.repeat))
            slow = sorted(zip(head_list["ALL"][0], (q for _k, q in mixed), strict=True), reverse=True)[:6]
            print("\nslowest of the mix (branch head list): "
                  + ", ".join(f"{q!r} {t:.1f} ms" for t, q in slow))
            print("broad (branch head list): " + ", ".join(
                f"{q!r} {t:.0f} ms" for t, q in zip(head_list["broad"][0], BROAD, strict=True)))
        finally:
            ws.close()


if __name__ == "__main__":
    main()
