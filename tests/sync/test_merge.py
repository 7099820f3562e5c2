"""crm.sync.merge: field policies, the hybrid logical clock and the three-way merge, field by field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.domain.models import ENTITY_TYPES
from crm.sync.merge import (
    FIELD_POLICIES,
    META_FIELDS,
    SERVER_OWNED_ENTITIES,
    ZERO_HLC,
    Hlc,
    MergeKind,
    MergeOutcome,
    Policy,
    append_texts,
    clamp_client_ms,
    device_hlc,
    merge_field,
    policy_for,
)
from crm.sync.protocol import MAX_CLOCK_LEAD_SECONDS

S, Q, A, L = Policy.SERVER_ONLY, Policy.QUEUE, Policy.APPEND, Policy.LWW
EARLY = Hlc(1_000, 0, "dev-a")
LATE = Hlc(2_000, 0, "dev-b")


# --- policies -------------------------------------------------------------------------------------


def test_policy_tables_name_real_entities_and_columns() -> None:
    for entity, fields in FIELD_POLICIES.items():
        assert entity in ENTITY_TYPES, entity
        columns = set(ENTITY_TYPES[entity].__table__.columns.keys())  # type: ignore[attr-defined]
        assert set(fields) <= columns, (entity, set(fields) - columns)


@pytest.mark.parametrize("entity", sorted(ENTITY_TYPES))
@pytest.mark.parametrize("field", sorted(META_FIELDS))
def test_bookkeeping_columns_are_server_only_everywhere(entity: str, field: str) -> None:
    assert policy_for(entity, field) is S


@pytest.mark.parametrize("entity", sorted(SERVER_OWNED_ENTITIES))
def test_server_owned_rows_are_server_only_field_by_field(entity: str) -> None:
    for column in ENTITY_TYPES[entity].__table__.columns:  # type: ignore[attr-defined]
        assert policy_for(entity, column.name) is S


@pytest.mark.parametrize(("entity", "field", "policy"), [
    # ownership, scope and workflow: commands only
    ("client", "owner_id", S), ("client", "maintainer_id", S), ("client", "branch_id", S),
    ("plan", "status", S), ("plan", "amends_plan_id", S), ("plan", "decided_by", S),
    ("proposal", "status", S), ("claim", "status", S), ("pitch", "stage", S), ("complaint", "status", S),
    ("visit", "review_comment", S), ("visit", "rm_id", S), ("contact", "client_id", S),
    ("plan_item", "plan_id", S), ("plan_item", "status", S), ("override", "reason", S),
    # contact data, money, names, identifiers, dates of money events: a person decides
    ("contact", "phones", Q), ("contact", "email", Q), ("contact", "name", Q), ("client", "address", Q),
    ("client", "legal_name", Q), ("client", "uscc", Q), ("client", "id_number", Q),
    ("client", "deposit_balance_fen", Q), ("holding", "amount_fen", Q), ("holding", "rate_pct", Q),
    ("holding", "maturity_on", Q), ("holding", "opened_on", Q), ("holding", "repayment_schedule", Q),
    ("proposal_line", "rate_pct", Q), ("pitch", "amount_fen", Q), ("client", "risk_tolerance", Q),
    ("client", "status", Q), ("task", "status", Q),
    # free text keeps both
    ("client", "notes", A), ("client", "open_issues", A), ("client", "progress", A),
    ("visit", "information", A), ("visit", "next_steps", A), ("plan", "note", A), ("complaint", "details", A),
    # low stakes: last writer by the clock
    ("client", "tier", L), ("visit", "satisfaction", L), ("contact", "is_primary", L),
    ("plan_item", "sort", L), ("task", "due_on", L), ("client", "last_visit_on", L),
])
def test_field_policy(entity: str, field: str, policy: Policy) -> None:
    assert policy_for(entity, field) is policy


def test_unlisted_field_of_a_known_entity_defaults_to_queue() -> None:
    # A field nobody classified is never silently overwritten.
    assert policy_for("client", "a_future_field") is Q
    assert policy_for("a_future_entity", "anything") is Q


# --- merge_field, policy by policy ----------------------------------------------------------------


def merge(policy: Policy, base: object, mine: object, theirs: object, *, base_version: int = 5,
          current_version: int = 9, mine_hlc: Hlc = LATE, theirs_hlc: Hlc = EARLY,
          base_known: bool = True) -> MergeOutcome:
    return merge_field(policy, base, mine, theirs, base_version, current_version, mine_hlc, theirs_hlc,
                       base_known=base_known)


@pytest.mark.parametrize("policy", [Q, A, L])
def test_fast_forward_when_nobody_changed_the_field_since_the_base(policy: Policy) -> None:
    out = merge(policy, "old", "mine", "old", base_version=9, current_version=9)
    assert out == MergeOutcome(MergeKind.FAST_FORWARD, "mine")
    assert out.changes


@pytest.mark.parametrize("policy", [Q, A, L])
def test_a_base_from_the_future_fast_forwards(policy: Policy) -> None:
    # Only after a restore to an earlier point: the device's journal replay must apply.
    out = merge(policy, "x", "mine", "theirs", base_version=12, current_version=9)
    assert out.kind is MergeKind.FAST_FORWARD


@pytest.mark.parametrize("policy", [Q, A, L])
def test_same_value_on_both_sides_converges(policy: Policy) -> None:
    out = merge(policy, "old", "same", "same")
    assert out == MergeOutcome(MergeKind.CONVERGED, "same")
    assert not out.changes


@pytest.mark.parametrize("policy", [Q, A, L])
def test_theirs_rewrote_the_base_value_so_mine_applies(policy: Policy) -> None:
    assert merge(policy, "old", "mine", "old") == MergeOutcome(MergeKind.FAST_FORWARD, "mine")


@pytest.mark.parametrize("policy", [Q, A, L])
def test_mine_brings_nothing_new_so_theirs_stands(policy: Policy) -> None:
    assert merge(policy, "old", "old", "theirs") == MergeOutcome(MergeKind.CONVERGED, "theirs")


def test_server_only_is_rejected_even_without_concurrency() -> None:
    assert merge(S, 1, 2, 1, base_version=9, current_version=9).kind is MergeKind.REJECTED
    assert merge(S, 1, 2, 3).value == 3


def test_queue_true_concurrent_change_is_a_conflict_keeping_theirs() -> None:
    out = merge(Q, "13800000000", "13911111111", "13722222222")
    assert out == MergeOutcome(MergeKind.CONFLICT, "13722222222")
    assert not out.changes


def test_queue_money_conflicts_whatever_the_clocks_say() -> None:
    # Versions decide, never wall clocks: a later laptop clock does not win a money field.
    for mine_hlc, theirs_hlc in ((LATE, EARLY), (EARLY, LATE)):
        assert merge(Q, 100, 200, 300, mine_hlc=mine_hlc, theirs_hlc=theirs_hlc).kind is MergeKind.CONFLICT


def test_lww_later_clock_wins_both_ways() -> None:
    assert merge(L, "D", "A", "B", mine_hlc=LATE, theirs_hlc=EARLY) == \
        MergeOutcome(MergeKind.APPLIED_LWW, "A")
    assert merge(L, "D", "A", "B", mine_hlc=EARLY, theirs_hlc=LATE) == \
        MergeOutcome(MergeKind.KEPT_THEIRS_LWW, "B")


def test_lww_exact_tie_is_broken_by_node_deterministically() -> None:
    a, b = Hlc(5_000, 2, "dev-a"), Hlc(5_000, 2, "dev-b")
    assert merge(L, 1, 2, 3, mine_hlc=b, theirs_hlc=a).kind is MergeKind.APPLIED_LWW
    assert merge(L, 1, 2, 3, mine_hlc=a, theirs_hlc=b).kind is MergeKind.KEPT_THEIRS_LWW


def test_append_keeps_both_texts_theirs_first() -> None:
    out = merge(A, "已拜访。", "已拜访。\n客户关注贷款利率。", "已拜访。\n财务总监下周出差。")
    assert out.kind is MergeKind.APPENDED
    assert out.value == "已拜访。\n财务总监下周出差。\n客户关注贷款利率。"


def test_append_unknown_base_appends_mine_whole() -> None:
    out = merge(A, None, "mine text", "their text", base_known=False)
    assert out == MergeOutcome(MergeKind.APPENDED, "their text\nmine text")


def test_queue_with_unknown_base_still_conflicts() -> None:
    # Seeded rows have no log to recover the base from: only equal values converge.
    assert merge(Q, None, "a", "b", base_known=False).kind is MergeKind.CONFLICT
    assert merge(Q, None, "a", "a", base_known=False).kind is MergeKind.CONVERGED


def test_structured_values_compare_by_value() -> None:
    assert merge(Q, ["1"], ["2", "3"], ["2", "3"]).kind is MergeKind.CONVERGED
    assert merge(L, {"a": 1}, {"a": 2}, {"a": 1}).kind is MergeKind.FAST_FORWARD


# --- append_texts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("base", "mine", "theirs", "expected"), [
    ("a", "a\nb", "a\nc", "a\nc\nb"),  # both appended lines: theirs, then mine's addition
    ("a", "a b", "a", "a b"),  # theirs unchanged: mine
    ("", "mine", "", "mine"),
    ("a", "", "a\nc", "a\nc"),  # mine emptied it: never delete others' text by merge
    ("a", "a\nb", "a\nb\nc", "a\nb\nc"),  # theirs already holds mine's addition
    ("a", "a\nb\nc", "a\nb", "a\nb\nc"),  # mine was written on top of theirs
    ("x", "rewritten", "x\ny", "x\ny\nrewritten"),  # mine does not extend the base: appended whole
])
def test_append_texts(base: str, mine: str, theirs: str, expected: str) -> None:
    assert append_texts(base, mine, theirs) == expected


@given(base=st.text(max_size=20), add_mine=st.text(min_size=1, max_size=20),
       add_theirs=st.text(min_size=1, max_size=20))
def test_append_never_loses_either_addition(base: str, add_mine: str, add_theirs: str) -> None:
    mine, theirs = base + "\n" + add_mine, base + "\n" + add_theirs
    merged = append_texts(base, mine, theirs)
    assert add_theirs.strip("\n") in merged
    assert add_mine.strip("\n") in merged


@given(policy=st.sampled_from([Q, A, L]), value=st.one_of(st.integers(), st.text(max_size=10)),
       base=st.one_of(st.none(), st.integers(), st.text(max_size=10)),
       bv=st.integers(0, 20), cv=st.integers(0, 20))
def test_equal_values_never_conflict(policy: Policy, value: object, base: object, bv: int, cv: int) -> None:
    out = merge_field(policy, base, value, value, bv, cv, LATE, EARLY)
    assert out.kind in (MergeKind.FAST_FORWARD, MergeKind.CONVERGED)
    assert out.value == value


# --- hybrid logical clock -------------------------------------------------------------------------


def test_hlc_pack_parse_and_order() -> None:
    stamps = [Hlc(5, 0, "a"), Hlc(5, 1, "a"), Hlc(5, 1, "b"), Hlc(6, 0, "a"), Hlc(10_000_000_000_000, 3, "z")]
    for stamp in stamps:
        assert Hlc.parse(stamp.pack()) == stamp
    assert sorted(stamps) == stamps
    assert sorted(s.pack() for s in stamps) == [s.pack() for s in stamps]  # text order = clock order
    assert Hlc.parse("") == ZERO_HLC and Hlc.parse(None) == ZERO_HLC


def test_hlc_tick_is_monotonic_even_when_the_wall_clock_goes_back() -> None:
    clock = Hlc(1_000, 0, "n")
    later = clock.tick(500)
    assert later > clock and later.wall_ms == 1_000 and later.counter == 1
    assert clock.tick(2_000) == Hlc(2_000, 0, "n")


def test_hlc_receive_is_later_than_both() -> None:
    local, remote = Hlc(1_000, 4, "a"), Hlc(3_000, 7, "b")
    after = local.receive(remote, now_ms=2_000)
    assert after > local and after > remote
    assert after == Hlc(3_000, 8, "a")
    assert local.receive(Hlc(1_000, 9, "b"), now_ms=500) == Hlc(1_000, 10, "a")
    assert local.receive(remote, now_ms=9_000) == Hlc(9_000, 0, "a")


def test_client_clock_is_clamped_to_ledger_time_plus_the_lead() -> None:
    ledger = 1_000_000
    lead = MAX_CLOCK_LEAD_SECONDS * 1000
    assert clamp_client_ms(ledger + 10, ledger) == ledger + 10
    assert clamp_client_ms(ledger + 10 * lead, ledger) == ledger + lead
    assert device_hlc(ledger + 10 * lead, ledger, "dev") == Hlc(ledger + lead, 0, "dev")
