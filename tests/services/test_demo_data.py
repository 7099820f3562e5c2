"""Demo data: deterministic, valid identifiers and phones, foreign keys, suitability, the sub-branch."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import (
    BranchLevel,
    ClaimStatus,
    ClientStatus,
    ComplaintCategory,
    KpiMetric,
    PitchStage,
    PlanStatus,
    ProductFamily,
    RmKind,
    Role,
)
from crm.domain.errors import DomainError
from crm.domain.ids import uuid7_from
from crm.domain.models import (
    ENTITY_TYPES,
    Branch,
    Client,
    ClientClaim,
    Complaint,
    Contact,
    FollowUpTask,
    Holding,
    LocalSetting,
    Pitch,
    Plan,
    PlanItem,
    Product,
    Proposal,
    ProposalLine,
    SuitabilityOverride,
    User,
    Visit,
)
from crm.domain.rules.checksums import validate_resident_id, validate_uscc
from crm.domain.rules.phone import normalise_phone
from crm.domain.rules.suitability import check_suitability
from crm.domain.rules.wording import misleading_phrases
from crm.domain.rules.workflow import complaint_route
from crm.services import demo_data, search
from crm.services.context import Actor
from crm.services.kpis import branch_attainment
from crm.services.plans import working_days

TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(18, 0), tzinfo=demo_data.CHINA_TZ)
CLIENTS = 300
VISITS = 1_000
SEED = 2026
# Extra workspaces for the determinism test: the cheap test KDF, as the `workspace` fixture uses.
CHEAP_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "demo-data-" + "test-42"


@pytest.fixture
def filled(workspace: Workspace) -> Iterator[tuple[Workspace, demo_data.DemoSummary]]:
    summary = demo_data.fill_workspace(workspace, seed=SEED, clients=CLIENTS, visits=VISITS, today=TODAY)
    yield workspace, summary


@pytest.fixture
def session(filled: tuple[Workspace, demo_data.DemoSummary]) -> Iterator[Session]:
    with Session(filled[0].engine, expire_on_commit=False) as s:
        yield s


def _second_workspace(tmp_path: Path, name: str) -> Workspace:
    return Workspace.create(tmp_path / name, password=PASSWORD, keystore=MemoryKeyStore(), kdf=CHEAP_KDF)


def _all(session: Session, model: type[SQLModel]) -> list[Any]:
    return list(session.exec(select(model)))


def _snapshot(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every demo table's rows as stored (raw values), ordered by id."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for model in ENTITY_TYPES.values():
            table = model.__table__  # type: ignore[attr-defined]
            # Raw stored values (text timestamps, JSON text), not what the column types make of them.
            sql = f'SELECT * FROM "{table.name}" ORDER BY id'  # noqa: S608 - names from the models
            out[table.name] = [tuple(r) for r in conn.exec_driver_sql(sql)]
    return out


# --- the run ---------------------------------------------------------------------------------------


def test_counts_as_requested(filled: tuple[Workspace, demo_data.DemoSummary], session: Session) -> None:
    _ws, summary = filled
    assert summary.counts["client"] == CLIENTS
    assert summary.counts["visit"] == VISITS
    assert session.exec(select(sa.func.count()).select_from(Client)).one() == CLIENTS
    assert session.exec(select(sa.func.count()).select_from(Visit)).one() == VISITS
    for table in ("contact", "holding", "product", "followuptask", "pitch", "plan", "planitem", "proposal",
                  "proposalline", "proposalstep", "complaint", "survey", "clientclaim", "kpifigure",
                  "scoreweight", "suitabilityoverride"):
        assert summary.counts.get(table, 0) > 0, table
    assert summary.total_rows == sum(summary.counts.values())
    assert summary.seconds > 0


def test_branch_hierarchy_and_staff(session: Session) -> None:
    branches = {b.level: b for b in _all(session, Branch)}
    assert set(branches) == {BranchLevel.HEAD_OFFICE, BranchLevel.BRANCH, BranchLevel.SUB_BRANCH}
    sub = branches[BranchLevel.SUB_BRANCH]
    assert sub.name == "城中支行"
    assert sub.parent_id == branches[BranchLevel.BRANCH].id
    assert branches[BranchLevel.BRANCH].parent_id == branches[BranchLevel.HEAD_OFFICE].id
    staff = [u for u in _all(session, User) if u.branch_id == sub.id]
    assert 15 <= len(staff) <= 20
    roles = Counter(u.role for u in staff)
    assert roles[Role.ADMIN] == 1
    assert roles[Role.BRANCH_HEAD] >= 1
    assert roles[Role.RM] >= 12
    assert {u.rm_kind for u in staff if u.role is Role.RM} == set(RmKind)
    heads = [u for u in staff if u.role is Role.BRANCH_HEAD]
    assert all(h.heads_branch_ids == [sub.id] for h in heads)
    assert any(h.title == "支行行长" for h in heads)
    assert all(u.username.isascii() and u.username.isalpha() and u.username.islower() for u in staff)


def test_owner_and_demo_users_settings(session: Session) -> None:
    owner = session.get(LocalSetting, "owner")
    assert owner is not None
    head = session.get(User, owner.value["user_id"])
    assert head is not None and head.role is Role.BRANCH_HEAD and head.title == "支行行长"
    demo_users = session.get(LocalSetting, "demo_users")
    assert demo_users is not None
    users = {u.username: u for u in _all(session, User)}
    assert {d["username"] for d in demo_users.value} == set(users)
    for entry in demo_users.value:
        assert set(entry) == {"username", "display_name", "role"}  # never a password
        assert users[entry["username"]].display_name == entry["display_name"]
        assert users[entry["username"]].role.value == entry["role"]


def test_kpi_net_increase_attainment_148(session: Session) -> None:
    head_id = session.get(LocalSetting, "owner").value["user_id"]  # type: ignore[union-attr]
    head = Actor.of(session.get(User, head_id))  # type: ignore[arg-type]
    rows = {r.metric: r for r in branch_attainment(session=session, actor=head, period=str(TODAY.year))}
    assert rows[KpiMetric.DEPOSIT_NET_INCREASE].actual == 12_500
    assert rows[KpiMetric.DEPOSIT_NET_INCREASE].pct == 148.0
    assert rows[KpiMetric.DEBIT_CARDS].pct == 195.0


def test_foreign_keys_hold_and_rows_read_back(filled: tuple[Workspace, demo_data.DemoSummary],
                                              session: Session) -> None:
    ws, _ = filled
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA quick_check").scalar() == "ok"
    # Every row reads back through the models: enum values are valid, timestamps aware and not in
    # the future, versions as replicated rows.
    for model in ENTITY_TYPES.values():
        for row in _all(session, model):
            assert row.version == 1 and row.field_versions == {} and not row.deleted
            assert row.created_at.tzinfo is not None
            assert row.created_at <= row.updated_at <= NOW, (model.__name__, row.id)


def test_identifiers_are_valid_and_unique(session: Session) -> None:
    clients = _all(session, Client)
    codes = [c.uscc for c in clients if c.uscc]
    ids = [c.id_number for c in clients if c.id_number]
    assert codes and ids
    assert len(set(codes)) == len(codes) and len(set(ids)) == len(ids)
    for code in codes:
        assert validate_uscc(code) == code
        assert code[2:8].isdigit()  # registering division
    for number in ids:
        assert validate_resident_id(number, today=TODAY) == number
    for c in clients:
        assert (c.id_number is not None) == c.kind.is_person
        assert (c.uscc is not None) != c.kind.is_person
        assert c.industry == "" if c.kind.is_person else c.industry in "ABCDEFGHIJKLMNOPQRST"
    names = [c.legal_name for c in clients if not c.kind.is_person]
    assert len(set(names)) == len(names)


def test_phones_are_normalised_mobiles_or_landlines(session: Session) -> None:
    contacts = _all(session, Contact)
    assert contacts
    for contact in contacts:
        assert contact.phones
        for phone in contact.phones:
            assert normalise_phone(phone) == phone
        assert contact.phones[0][0] == "1"  # the first number is a mobile
    for user in _all(session, User):
        assert normalise_phone(user.phone) == user.phone
    primaries = Counter(c.client_id for c in contacts if c.is_primary)
    assert set(primaries.values()) == {1}
    assert len(primaries) == CLIENTS


def test_pitches_and_proposals_respect_suitability(session: Session) -> None:
    clients = {c.id: c for c in _all(session, Client)}
    products = {p.id: p for p in _all(session, Product)}
    overrides = {o.id: o for o in _all(session, SuitabilityOverride)}
    heads = {u.id for u in _all(session, User) if u.role is Role.BRANCH_HEAD}

    def allowed(client: Client, product: Product) -> bool:
        return check_suitability(tolerance=client.risk_tolerance, assessed_on=client.risk_assessed_on,
                                 expires_on=client.risk_expires_on, product_family=product.family,
                                 product_risk=product.risk, today=TODAY).allowed

    pitches = _all(session, Pitch)
    assert any(products[p.product_id].family is ProductFamily.WEALTH for p in pitches)
    for pitch in pitches:
        client, product = clients[pitch.client_id], products[pitch.product_id]
        if pitch.override_id is None:
            assert allowed(client, product), (client.risk_tolerance, product.code)
        else:
            override = overrides[pitch.override_id]
            assert not allowed(client, product)
            assert override.client_id == client.id and override.product_id == product.id
            assert override.approved_by in heads and override.valid_until >= TODAY and override.reason
        assert (pitch.stage is PitchStage.LOST) == bool(pitch.lost_reason)
    proposals = {p.id: p for p in _all(session, Proposal)}
    for line in _all(session, ProposalLine):
        assert allowed(clients[proposals[line.proposal_id].client_id], products[line.product_id])
    for proposal in proposals.values():
        texts = [proposal.title, proposal.cover_letter, proposal.cooperation, proposal.service_content,
                 proposal.service_process, proposal.fee_standards, *proposal.needs.values()]
        assert not any(misleading_phrases(t) for t in texts)
        assert (proposal.decided_by is not None) == (proposal.decided_at is not None)


def test_visits_tasks_and_reviews(session: Session) -> None:
    visits = _all(session, Visit)
    clients = {c.id: c for c in _all(session, Client)}
    rms = {u.id for u in _all(session, User) if u.role is Role.RM}
    heads = {u.id for u in _all(session, User) if u.role is Role.BRANCH_HEAD}
    assert all(v.rm_id in rms for v in visits)
    assert len({v.rm_id for v in visits}) >= 12
    first = TODAY - timedelta(days=demo_data.HISTORY_DAYS)
    for v in visits:
        assert v.visit_on.weekday() < 5
        assert first <= v.visit_on <= TODAY + timedelta(days=demo_data.PLANNED_AHEAD_DAYS)
        if v.completed:
            assert v.visit_on <= TODAY
            assert v.goal_reached is not None and v.contact_met and v.information
            assert v.goal_reached or v.goal_reason
        else:
            assert v.goal_reached is None and v.satisfaction is None and v.reviewed_by is None
        assert v.satisfaction is None or 1 <= v.satisfaction <= 5
        if v.reviewed_by is not None:
            assert v.reviewed_by in heads and v.review_comment and v.completed
        assert v.contact_id is not None and v.contact_name
        assert clients[v.client_id].status is not ClientStatus.CLOSED
    completed = [v for v in visits if v.completed]
    reviewed = sum(1 for v in completed if v.reviewed_by)
    assert 0.2 < reviewed / len(completed) < 0.4
    assert any(not v.completed and v.visit_on > TODAY for v in visits)  # planned visits ahead
    # Each client's last visit is its latest completed-or-past visit date.
    latest: dict[str, date] = {}
    for v in visits:
        if v.visit_on <= TODAY:
            latest[v.client_id] = max(latest.get(v.client_id, v.visit_on), v.visit_on)
    assert {c.id: c.last_visit_on for c in clients.values() if c.last_visit_on} == latest
    by_id = {v.id: v for v in visits}
    tasks = [t for t in _all(session, FollowUpTask) if t.visit_id]
    assert tasks
    for t in tasks:
        assert t.due_on >= by_id[t.visit_id].visit_on and t.owner_id == by_id[t.visit_id].rm_id
        assert (t.done_at is not None) == (t.status.value == "done")


def test_plans_cover_the_months_on_working_days(session: Session) -> None:
    plans = _all(session, Plan)
    items = defaultdict(list)
    for item in _all(session, PlanItem):
        items[item.plan_id].append(item)
    months = Counter(p.rm_id for p in plans if p.amends_plan_id is None)
    assert set(months.values()) == {demo_data.PLAN_MONTHS}
    current = TODAY.strftime("%Y-%m")
    for plan in plans:
        if plan.month < current and plan.amends_plan_id is None:
            assert plan.status is PlanStatus.APPROVED and plan.decided_by is not None
        year, month = map(int, plan.month.split("-"))
        allowed = {d.isoformat() for d in working_days(year, month)}
        assert items[plan.id], plan.id
        for item in items[plan.id]:
            assert item.planned_days and set(item.planned_days) <= allowed
            assert (item.client_id is None) == bool(item.prospect_name)
    current_statuses = {p.status for p in plans if p.month == current}
    assert len(current_statuses) >= 2
    amendments = [p for p in plans if p.amends_plan_id]
    assert amendments and all(p.amends_plan_id in {q.id for q in plans} for p in amendments)


def test_claims_and_complaints(session: Session) -> None:
    clients = {c.id: c for c in _all(session, Client)}
    claims = _all(session, ClientClaim)
    open_by_client = defaultdict(list)
    for claim in claims:
        if claim.status in (ClaimStatus.PENDING, ClaimStatus.CONTESTED):
            assert clients[claim.client_id].owner_id is None  # only pooled clients are claimed
            open_by_client[claim.client_id].append(claim)
        if claim.status is ClaimStatus.GRANTED:
            assert clients[claim.client_id].owner_id == claim.claimant_id
    contested = {cid: cs for cid, cs in open_by_client.items()
                 if any(c.status is ClaimStatus.CONTESTED for c in cs)}
    assert len(contested) == 2
    for cs in contested.values():
        assert len(cs) == 2 and {c.status for c in cs} == {ClaimStatus.CONTESTED}
        assert cs[0].claimant_id != cs[1].claimant_id
    assert any(len(cs) == 1 and cs[0].status is ClaimStatus.PENDING for cs in open_by_client.values())
    pool = [c for c in clients.values() if c.owner_id is None and c.status is not ClientStatus.PROSPECT]
    assert 0.01 < len(pool) / CLIENTS < 0.12
    for complaint in _all(session, Complaint):
        if complaint.category is not None:
            assert complaint.department == complaint_route(ComplaintCategory(complaint.category))
        assert complaint.respond_by == complaint.received_at + timedelta(hours=24)
        assert complaint.resolve_by == complaint.received_at + timedelta(days=15)


def test_holdings_are_consistent(session: Session) -> None:
    clients = {c.id: c for c in _all(session, Client)}
    holdings = _all(session, Holding)
    deposits: dict[str, int] = defaultdict(int)
    loans: dict[str, int] = defaultdict(int)
    for h in holdings:
        if h.kind.value in ("account", "deposit") and h.currency == "CNY":
            deposits[h.client_id] += h.amount_fen
        if h.kind.value == "loan":
            loans[h.client_id] += h.amount_fen
            assert h.repayment_schedule and h.maturity_on and h.opened_on <= TODAY
            keys = {"due_on", "principal_fen", "interest_fen", "paid"}
            assert all(set(e) == keys for e in h.repayment_schedule)
            assert (h.overdue_days > 0) == any(not e["paid"] and date.fromisoformat(e["due_on"]) < TODAY
                                               for e in h.repayment_schedule)
        if h.kind.value == "deposit":
            assert TODAY < h.maturity_on <= TODAY + timedelta(days=366)
        if h.kind.value == "account":
            assert h.account_no.isdigit() and len(h.account_no) == 19
    overdue = [h for h in holdings if h.kind.value == "loan" and h.overdue_days]
    assert overdue and all(clients[h.client_id].risk_grade != "正常" for h in overdue)
    for cid, client in clients.items():
        assert client.deposit_balance_fen == deposits.get(cid, 0), client.kind
        assert client.loan_balance_fen == loans.get(cid, 0)
    numbers = [h.account_no for h in holdings if h.account_no]
    assert len(numbers) == len(set(numbers))
    # Money columns are INTEGER (32-bit on the PostgreSQL ledger).
    amounts = [h.amount_fen for h in holdings] + [h.collateral_value_fen for h in holdings]
    amounts += [c.deposit_balance_fen for c in clients.values()]
    amounts += [c.loan_balance_fen for c in clients.values()]
    amounts += [p.amount_fen for p in _all(session, Pitch)]
    amounts += [line.amount_fen for line in _all(session, ProposalLine)]
    assert 0 <= min(amounts) and max(amounts) <= demo_data.MAX_FEN


def test_search_index_is_built(filled: tuple[Workspace, demo_data.DemoSummary], session: Session) -> None:
    setting = session.get(LocalSetting, search.SETTING_KEY)
    assert setting is not None and setting.value["documents"] == CLIENTS
    head_id = session.get(LocalSetting, "owner").value["user_id"]  # type: ignore[union-attr]
    head = Actor.of(session.get(User, head_id))  # type: ignore[arg-type]
    client = session.exec(
        select(Client).where(col(Client.kind) == "corporate").order_by(col(Client.id))).first()
    assert client is not None
    found = search.search_clients(session=session, actor=head, text=client.legal_name)
    assert client.id in [row.id for row in found]


def test_refuses_a_workspace_with_data(filled: tuple[Workspace, demo_data.DemoSummary]) -> None:
    ws, _ = filled
    with pytest.raises(DomainError) as err:
        demo_data.fill_workspace(ws, seed=SEED, clients=10, visits=10, today=TODAY)
    assert err.value.code == "demo_data.workspace_not_empty"


# --- determinism -----------------------------------------------------------------------------------


def test_same_seed_same_rows_other_seed_differs(filled: tuple[Workspace, demo_data.DemoSummary],
                                               tmp_path: Path) -> None:
    ws, _ = filled
    twin = _second_workspace(tmp_path, "twin")
    other = _second_workspace(tmp_path, "other")
    try:
        demo_data.fill_workspace(twin, seed=SEED, clients=CLIENTS, visits=VISITS, today=TODAY)
        demo_data.fill_workspace(other, seed=SEED + 1, clients=CLIENTS, visits=VISITS, today=TODAY)
        first, second, third = _snapshot(ws.engine), _snapshot(twin.engine), _snapshot(other.engine)
    finally:
        twin.close()
        other.close()
    assert first == second  # every row of every table, ids included
    names = [r[8] for r in first["client"]]
    assert [r[0] for r in first["client"]] != [r[0] for r in third["client"]]
    assert names != [r[8] for r in third["client"]]


def test_generation_is_deterministic_without_a_database() -> None:
    def rows(seed: int) -> list[tuple[str, list[dict[str, Any]]]]:
        data = demo_data.generate(seed=seed, clients=120, visits=400, today=TODAY)
        return [(m.__table__.name, r) for m, r in data]  # type: ignore[attr-defined]

    assert rows(5) == rows(5)
    assert rows(5) != rows(6)
    data = demo_data.generate(seed=5, clients=10, visits=10, today=TODAY)
    list(data)
    with pytest.raises(RuntimeError):
        list(data)


def test_fast_uuid_matches_uuid7_from() -> None:
    rng = random.Random(3)
    for _ in range(2_000):
        ms, bits = rng.getrandbits(48), rng.getrandbits(74)
        assert demo_data.uuid7_text(ms, bits) == uuid7_from(ms, bits)


def test_complaint_breaches_and_statuses_at_scale() -> None:
    data = demo_data.generate(seed=SEED, clients=3_000, visits=500, today=TODAY)
    complaints = [r for model, rows in data if model is Complaint for r in rows]
    assert len({c["status"] for c in complaints}) >= 4
    late_response = [c for c in complaints if (c["responded_at"] or NOW) > c["respond_by"]]
    late_resolution = [c for c in complaints if (c["resolved_at"] or NOW) > c["resolve_by"]]
    assert late_response and late_resolution
    assert len({c["channel"] for c in complaints}) == 5


# --- the ledger: any engine with the schema ---------------------------------------------------------


def test_fast_path_stores_what_sqlalchemy_stores(tmp_path: Path) -> None:
    """The SQLite fast path and SQLAlchemy's own Core executemany write identical rows."""
    from crm.sync.server.db import open_ledger

    snapshots = []
    for fast in (True, False):
        engine = open_ledger(f"sqlite:///{tmp_path / f'ledger-{fast}.db'}")
        try:
            data = demo_data.generate(seed=11, clients=80, visits=200, today=TODAY)
            summary = demo_data.write(engine, data, fast=fast)
            assert summary.counts["client"] == 80
            snapshots.append(_snapshot(engine))
        finally:
            engine.dispose()
    assert snapshots[0] == snapshots[1]


def test_write_into_a_caller_transaction_commits_nothing(tmp_path: Path) -> None:
    from crm.sync.server.db import open_ledger

    engine = open_ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        with engine.connect() as conn:
            demo_data.write(conn, demo_data.generate(seed=1, clients=20, visits=30, today=TODAY))
            assert conn.exec_driver_sql("SELECT count(*) FROM client").scalar() == 20
            conn.rollback()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM client").scalar() == 0
    finally:
        engine.dispose()


def test_a_failing_batch_stops_the_writer(tmp_path: Path) -> None:
    from crm.sync.server.db import open_ledger

    def broken() -> Iterator[demo_data.Batch]:
        data = iter(demo_data.generate(seed=1, clients=20, visits=30, today=TODAY))
        yield next(data)
        raise RuntimeError("generator failed")

    engine = open_ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        with pytest.raises(RuntimeError, match="generator failed"):
            demo_data.write(engine, broken())
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() != -demo_data.SQLITE_CACHE_KIB
            assert conn.exec_driver_sql("SELECT count(*) FROM branch").scalar() == 0  # rolled back
    finally:
        engine.dispose()


def test_an_interrupted_fill_leaves_the_workspace_empty(workspace: Workspace,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real_visits = demo_data.DemoData._visits

    def interrupted(self: demo_data.DemoData) -> Iterator[demo_data.Batch]:
        batches = real_visits(self)
        yield next(batches)
        raise KeyboardInterrupt

    monkeypatch.setattr(demo_data.DemoData, "_visits", interrupted)
    with pytest.raises(KeyboardInterrupt):
        demo_data.fill_workspace(workspace, seed=1, clients=30, visits=40, today=TODAY)
    with Session(workspace.engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Client)).one() == 0
    monkeypatch.setattr(demo_data.DemoData, "_visits", real_visits)
    summary = demo_data.fill_workspace(workspace, seed=1, clients=30, visits=40, today=TODAY)
    assert summary.counts["visit"] == 40


@pytest.mark.postgres
def test_write_into_postgres(pg_url: str) -> None:
    import uuid

    from crm.sync.server.db import open_ledger

    schema = "demo_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(pg_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in pg_url else "?"
    engine = open_ledger(f"{pg_url}{sep}options=-csearch_path%3D{schema}")
    try:
        summary = demo_data.write(engine, demo_data.generate(seed=3, clients=60, visits=150, today=TODAY))
        assert summary.counts["visit"] == 150
        with Session(engine) as session:
            assert len(_all(session, Client)) == 60
            assert all(v.created_at.tzinfo is not None for v in _all(session, Visit))
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def test_progress_reports_every_table(workspace: Workspace) -> None:
    seen: dict[str, tuple[int, int]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        assert 0 <= done <= total
        seen[stage] = (done, total)

    summary = demo_data.fill_workspace(workspace, seed=4, clients=40, visits=60, today=TODAY,
                                       progress=progress)
    assert seen["client"] == (40, 40) and seen["visit"] == (60, 60)
    assert seen["search_index"] == (40, 40)
    assert set(summary.counts) <= set(seen)
    assert summary.head_id is not None
    assert datetime.now(UTC) > NOW - timedelta(days=10_000)
