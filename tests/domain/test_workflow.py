"""Tests for the workflow state machines, complaint routing and complaint deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum

import pytest

from crm.domain.enums import (
    ClaimStatus,
    ComplaintCategory,
    ComplaintStatus,
    PitchStage,
    PlanStatus,
    ProposalStatus,
    Role,
)
from crm.domain.errors import InvalidTransition, PermissionDenied
from crm.domain.rules.workflow import (
    CLAIM_MACHINE,
    COMPLAINT_MACHINE,
    PITCH_MACHINE,
    PLAN_MACHINE,
    PROPOSAL_MACHINE,
    StateMachine,
    Transition,
    claim_status_for,
    complaint_breaches,
    complaint_deadlines,
    complaint_route,
)

RM = {Role.RM}
HEAD = {Role.BRANCH_HEAD}
BOTH = {Role.RM, Role.BRANCH_HEAD}
P, PR, PI, C, CL = PlanStatus, ProposalStatus, PitchStage, ComplaintStatus, ClaimStatus

# The specification, written out from the brief and DOMAIN.md: name -> (sources, target, roles).
SPEC: dict[str, dict[str, tuple[set[StrEnum | None], StrEnum, set[Role]]]] = {
    "plan": {
        "submit": ({P.DRAFT, P.RETURNED, P.AMENDED}, P.SUBMITTED, RM),
        "withdraw": ({P.SUBMITTED}, P.DRAFT, RM),
        "approve": ({P.SUBMITTED}, P.APPROVED, HEAD),
        "return": ({P.SUBMITTED}, P.RETURNED, HEAD),
        "amend": ({P.APPROVED}, P.AMENDED, RM),
    },
    "proposal": {
        "submit": ({PR.DRAFT, PR.RETURNED}, PR.SUBMITTED, RM),
        "withdraw": ({PR.SUBMITTED}, PR.DRAFT, RM),
        "approve": ({PR.SUBMITTED}, PR.APPROVED, HEAD),
        "return": ({PR.SUBMITTED}, PR.RETURNED, HEAD),
        "revise": ({PR.RETURNED}, PR.DRAFT, RM),
        "deliver": ({PR.APPROVED}, PR.DELIVERED, RM),
        "start": ({PR.DELIVERED}, PR.IMPLEMENTING, RM),
        "track": ({PR.IMPLEMENTING}, PR.TRACKED, BOTH),
    },
    "pitch": {
        "interest": ({PI.PROPOSED}, PI.INTERESTED, BOTH),
        "apply": ({PI.INTERESTED}, PI.APPLIED, BOTH),
        "win": ({PI.APPLIED}, PI.WON, BOTH),
        "lose": ({PI.PROPOSED, PI.INTERESTED, PI.APPLIED}, PI.LOST, BOTH),
        "reopen": ({PI.LOST}, PI.PROPOSED, BOTH),
    },
    "complaint": {
        "classify": ({C.RECEIVED}, C.CLASSIFIED, BOTH),
        "handle": ({C.CLASSIFIED}, C.HANDLING, BOTH),
        "resolve": ({C.HANDLING}, C.RESOLVED, BOTH),
        "feed_back": ({C.RESOLVED}, C.FED_BACK, BOTH),
        "follow_up": ({C.FED_BACK}, C.FOLLOW_UP, BOTH),
        "close": ({C.FED_BACK, C.FOLLOW_UP}, C.CLOSED, BOTH),
        "reopen": ({C.RESOLVED, C.FED_BACK, C.FOLLOW_UP}, C.HANDLING, BOTH),
    },
    "claim": {
        "claim": ({None}, CL.PENDING, RM),
        "contest": ({CL.PENDING}, CL.CONTESTED, BOTH),
        "uncontest": ({CL.CONTESTED}, CL.PENDING, BOTH),
        "grant": ({CL.PENDING, CL.CONTESTED}, CL.GRANTED, HEAD),
        "reject": ({CL.PENDING, CL.CONTESTED}, CL.REJECTED, HEAD),
        "withdraw": ({CL.PENDING, CL.CONTESTED}, CL.WITHDRAWN, RM),
    },
}
MACHINES: dict[str, tuple[StateMachine[StrEnum], type[StrEnum]]] = {
    "plan": (PLAN_MACHINE, PlanStatus),  # type: ignore[dict-item]
    "proposal": (PROPOSAL_MACHINE, ProposalStatus),  # type: ignore[dict-item]
    "pitch": (PITCH_MACHINE, PitchStage),  # type: ignore[dict-item]
    "complaint": (COMPLAINT_MACHINE, ComplaintStatus),  # type: ignore[dict-item]
    "claim": (CLAIM_MACHINE, ClaimStatus),  # type: ignore[dict-item]
}

CASES = [
    pytest.param(machine, state, name, role, id=f"{machine}-{state}-{name}-{role}")
    for machine, (_, states) in MACHINES.items()
    for state in [None, *states]
    for name in SPEC[machine]
    for role in Role
]


@pytest.mark.parametrize("machine", list(MACHINES))
def test_machine_has_exactly_the_specified_transitions(machine: str) -> None:
    sm = MACHINES[machine][0]
    assert sm.name == machine
    assert {t.name for t in sm.transitions} == set(SPEC[machine])


@pytest.mark.parametrize(("machine", "state", "name", "role"), CASES)
def test_every_state_transition_role_combination(
    machine: str, state: StrEnum | None, name: str, role: Role
) -> None:
    sm = MACHINES[machine][0]
    sources, target, roles = SPEC[machine][name]
    if role not in roles:
        with pytest.raises(PermissionDenied) as denied:
            sm.apply(state, name, role)
        assert denied.value.code == f"{machine}.role_forbidden"
        assert denied.value.params["role"] == role.value
        assert not sm.can(state, name, role)
    elif state not in sources:
        with pytest.raises(InvalidTransition) as invalid:
            sm.apply(state, name, role)
        assert invalid.value.code == f"{machine}.transition_invalid"
        assert invalid.value.params == {
            "transition": name,
            "from": state.value if state is not None else None,
            "to": target.value,
            "role": role.value,
        }
        assert not sm.can(state, name, role)
    else:
        assert sm.apply(state, name, role) == target
        assert sm.can(state, name, role)


@pytest.mark.parametrize(
    ("machine", "state", "role"),
    [
        pytest.param(machine, state, role, id=f"{machine}-{state}-{role}")
        for machine, (_, states) in MACHINES.items()
        for state in [None, *states]
        for role in Role
    ],
)
def test_allowed_lists_exactly_the_permitted_transitions(
    machine: str, state: StrEnum | None, role: Role
) -> None:
    expected = {
        name for name, (sources, _, roles) in SPEC[machine].items() if state in sources and role in roles
    }
    assert set(MACHINES[machine][0].allowed(state, role)) == expected


@pytest.mark.parametrize("machine", list(MACHINES))
def test_admin_can_do_nothing(machine: str) -> None:
    sm, states = MACHINES[machine]
    assert all(sm.allowed(state, Role.ADMIN) == [] for state in [None, *states])


@pytest.mark.parametrize(
    ("sm", "steps", "final"),
    [
        (
            PLAN_MACHINE,
            [
                ("submit", Role.RM),
                ("return", Role.BRANCH_HEAD),
                ("submit", Role.RM),
                ("approve", Role.BRANCH_HEAD),
                ("amend", Role.RM),
                ("submit", Role.RM),
                ("approve", Role.BRANCH_HEAD),
            ],
            PlanStatus.APPROVED,
        ),
        (
            PROPOSAL_MACHINE,
            [
                ("submit", Role.RM),
                ("return", Role.BRANCH_HEAD),
                ("revise", Role.RM),
                ("submit", Role.RM),
                ("approve", Role.BRANCH_HEAD),
                ("deliver", Role.RM),
                ("start", Role.RM),
                ("track", Role.BRANCH_HEAD),
            ],
            ProposalStatus.TRACKED,
        ),
        (
            PITCH_MACHINE,
            [
                ("lose", Role.RM),
                ("reopen", Role.RM),
                ("interest", Role.RM),
                ("apply", Role.BRANCH_HEAD),
                ("win", Role.RM),
            ],
            PitchStage.WON,
        ),
        (
            COMPLAINT_MACHINE,
            [
                ("classify", Role.RM),
                ("handle", Role.RM),
                ("resolve", Role.RM),
                ("feed_back", Role.RM),
                ("follow_up", Role.RM),
                ("reopen", Role.BRANCH_HEAD),
                ("resolve", Role.RM),
                ("feed_back", Role.RM),
                ("close", Role.BRANCH_HEAD),
            ],
            ComplaintStatus.CLOSED,
        ),
    ],
)
def test_lifecycles_walk_to_their_end(
    sm: StateMachine[StrEnum], steps: list[tuple[str, Role]], final: StrEnum
) -> None:
    initial = {
        "plan": PlanStatus.DRAFT,
        "proposal": ProposalStatus.DRAFT,
        "pitch": PitchStage.PROPOSED,
        "complaint": ComplaintStatus.RECEIVED,
    }[sm.name]
    state: StrEnum = initial
    for name, role in steps:
        state = sm.apply(state, name, role)
    assert state == final


@pytest.mark.parametrize(
    ("sm", "state"),
    [
        (PROPOSAL_MACHINE, ProposalStatus.TRACKED),
        (PITCH_MACHINE, PitchStage.WON),
        (COMPLAINT_MACHINE, ComplaintStatus.CLOSED),
        (CLAIM_MACHINE, ClaimStatus.GRANTED),
        (CLAIM_MACHINE, ClaimStatus.REJECTED),
        (CLAIM_MACHINE, ClaimStatus.WITHDRAWN),
    ],
)
def test_terminal_states_have_no_way_out(sm: StateMachine[StrEnum], state: StrEnum) -> None:
    assert all(sm.allowed(state, role) == [] for role in Role)


def test_contested_claim_is_settled_by_the_branch_head() -> None:
    first = CLAIM_MACHINE.apply(None, "claim", Role.RM)
    second = CLAIM_MACHINE.apply(None, "claim", Role.RM)
    assert claim_status_for(2) == ClaimStatus.CONTESTED
    first = CLAIM_MACHINE.apply(first, "contest", Role.RM)
    second = CLAIM_MACHINE.apply(second, "contest", Role.RM)
    with pytest.raises(PermissionDenied):
        CLAIM_MACHINE.apply(first, "grant", Role.RM)
    assert CLAIM_MACHINE.apply(first, "grant", Role.BRANCH_HEAD) == ClaimStatus.GRANTED
    assert CLAIM_MACHINE.apply(second, "reject", Role.BRANCH_HEAD) == ClaimStatus.REJECTED


@pytest.mark.parametrize(
    ("open_claims", "status"),
    [(1, ClaimStatus.PENDING), (2, ClaimStatus.CONTESTED), (5, ClaimStatus.CONTESTED)],
)
def test_claim_status_for(open_claims: int, status: ClaimStatus) -> None:
    assert claim_status_for(open_claims) == status


def test_claim_status_for_zero_is_an_error() -> None:
    with pytest.raises(ValueError):
        claim_status_for(0)


def test_unknown_transition_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        PLAN_MACHINE.apply(PlanStatus.DRAFT, "publish", Role.RM)


def test_duplicate_transition_names_are_rejected() -> None:
    t = Transition("submit", frozenset({PlanStatus.DRAFT}), PlanStatus.SUBMITTED, frozenset({Role.RM}))
    with pytest.raises(ValueError):
        StateMachine("plan", [t, t])


@pytest.mark.parametrize(
    ("category", "department"),
    [
        (ComplaintCategory.PRODUCT, "product_dept"),
        (ComplaintCategory.SERVICE, "customer_service_dept"),
        (ComplaintCategory.POLICY, "policy_dept"),
        (ComplaintCategory.OTHER, "branch"),
    ],
)
def test_complaint_route(category: ComplaintCategory, department: str) -> None:
    assert complaint_route(category) == department


CST = timezone(timedelta(hours=8))
RECEIVED = datetime(2024, 6, 7, 16, 30, tzinfo=CST)  # a Friday afternoon


def test_complaint_deadlines() -> None:
    respond_by, resolve_by = complaint_deadlines(RECEIVED)
    assert respond_by == datetime(2024, 6, 8, 16, 30, tzinfo=CST)
    assert resolve_by == datetime(2024, 6, 22, 16, 30, tzinfo=CST)
    assert complaint_deadlines(RECEIVED).respond_by == respond_by


def test_complaint_deadlines_need_aware_datetimes() -> None:
    with pytest.raises(ValueError):
        complaint_deadlines(datetime(2024, 6, 7, 16, 30))  # deliberately naive


@pytest.mark.parametrize(
    ("responded", "resolved", "now", "expected"),
    [
        (None, None, RECEIVED + timedelta(hours=23), (False, False)),
        (None, None, RECEIVED + timedelta(hours=24), (False, False)),  # due at, not yet breached
        (None, None, RECEIVED + timedelta(days=15), (True, False)),
        (None, None, RECEIVED + timedelta(days=15, seconds=1), (True, True)),
        (None, None, RECEIVED + timedelta(hours=25), (True, False)),
        (RECEIVED + timedelta(hours=24), None, RECEIVED + timedelta(days=10), (False, False)),
        (RECEIVED + timedelta(hours=30), None, RECEIVED + timedelta(days=10), (True, False)),
        (RECEIVED + timedelta(hours=2), None, RECEIVED + timedelta(days=16), (False, True)),
        (
            RECEIVED + timedelta(hours=2),
            RECEIVED + timedelta(days=14),
            RECEIVED + timedelta(days=40),
            (False, False),
        ),
        (
            RECEIVED + timedelta(hours=2),
            RECEIVED + timedelta(days=15, seconds=1),
            RECEIVED + timedelta(days=40),
            (False, True),
        ),
    ],
)
def test_complaint_breaches(
    responded: datetime | None, resolved: datetime | None, now: datetime, expected: tuple[bool, bool]
) -> None:
    # The same instants in UTC must give the same answer: only the instant matters, not the zone.
    result = complaint_breaches(
        received_at=RECEIVED.astimezone(UTC), responded_at=responded, resolved_at=resolved, now=now
    )
    assert tuple(result) == expected
