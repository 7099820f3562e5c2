"""Workflow state machines (plan, proposal, pitch, complaint, claim) and complaint routing and deadlines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Generic, NamedTuple, TypeVar

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

S = TypeVar("S", bound=StrEnum)

RM = frozenset({Role.RM})
BRANCH_HEAD = frozenset({Role.BRANCH_HEAD})
RM_OR_HEAD = frozenset({Role.RM, Role.BRANCH_HEAD})


@dataclass(frozen=True, slots=True)
class Transition(Generic[S]):
    """A named action moving a record from any of ``sources`` to ``target``.

    ``None`` in ``sources`` stands for "no record yet" (a claim being made).
    """

    name: str
    sources: frozenset[S | None]
    target: S
    roles: frozenset[Role]


class StateMachine(Generic[S]):
    """A table of transitions; ownership and scope checks stay with the services."""

    def __init__(self, name: str, transitions: Iterable[Transition[S]]) -> None:
        self.name = name
        self._transitions: dict[str, Transition[S]] = {}
        for transition in transitions:
            if transition.name in self._transitions:
                raise ValueError(f"{name}: duplicate transition {transition.name!r}")
            self._transitions[transition.name] = transition

    @property
    def transitions(self) -> tuple[Transition[S], ...]:
        return tuple(self._transitions.values())

    def transition(self, name: str) -> Transition[S]:
        try:
            return self._transitions[name]
        except KeyError:
            # An unknown name is a programming error, not a business refusal.
            raise ValueError(f"{self.name}: unknown transition {name!r}") from None

    def apply(self, current: S | None, transition_name: str, role: Role) -> S:
        """Return the new state or raise PermissionDenied / InvalidTransition.

        The role is checked first: a role that may never take the action gets the same answer
        whatever the record's state, while a state refusal usually means the record changed meanwhile.
        """
        transition = self.transition(transition_name)
        params = {
            "transition": transition.name,
            "from": current.value if current is not None else None,
            "to": transition.target.value,
            "role": role.value,
        }
        if role not in transition.roles:
            raise PermissionDenied(f"{self.name}.role_forbidden", None, params)
        if current not in transition.sources:
            raise InvalidTransition(f"{self.name}.transition_invalid", "status", params)
        return transition.target

    def can(self, current: S | None, transition_name: str, role: Role) -> bool:
        transition = self.transition(transition_name)
        return role in transition.roles and current in transition.sources

    def allowed(self, current: S | None, role: Role) -> list[str]:
        """Names of the transitions ``role`` may take from ``current``, in table order."""
        return [t.name for t in self._transitions.values() if role in t.roles and current in t.sources]


def _t(name: str, sources: Iterable[S | None], target: S, roles: frozenset[Role]) -> Transition[S]:
    return Transition(name, frozenset(sources), target, roles)


# DOMAIN.md §3: an approved plan is never edited in place; an amendment goes back for approval.
PLAN_MACHINE: StateMachine[PlanStatus] = StateMachine(
    "plan",
    [
        _t("submit", [PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.AMENDED], PlanStatus.SUBMITTED, RM),
        _t("withdraw", [PlanStatus.SUBMITTED], PlanStatus.DRAFT, RM),
        _t("approve", [PlanStatus.SUBMITTED], PlanStatus.APPROVED, BRANCH_HEAD),
        _t("return", [PlanStatus.SUBMITTED], PlanStatus.RETURNED, BRANCH_HEAD),
        _t("amend", [PlanStatus.APPROVED], PlanStatus.AMENDED, RM),
    ],
)

# DOMAIN.md §5: only an approved proposal reaches the client.
PROPOSAL_MACHINE: StateMachine[ProposalStatus] = StateMachine(
    "proposal",
    [
        _t("submit", [ProposalStatus.DRAFT, ProposalStatus.RETURNED], ProposalStatus.SUBMITTED, RM),
        _t("withdraw", [ProposalStatus.SUBMITTED], ProposalStatus.DRAFT, RM),
        _t("approve", [ProposalStatus.SUBMITTED], ProposalStatus.APPROVED, BRANCH_HEAD),
        _t("return", [ProposalStatus.SUBMITTED], ProposalStatus.RETURNED, BRANCH_HEAD),
        _t("revise", [ProposalStatus.RETURNED], ProposalStatus.DRAFT, RM),
        _t("deliver", [ProposalStatus.APPROVED], ProposalStatus.DELIVERED, RM),
        _t("start", [ProposalStatus.DELIVERED], ProposalStatus.IMPLEMENTING, RM),
        _t("track", [ProposalStatus.IMPLEMENTING], ProposalStatus.TRACKED, RM_OR_HEAD),
    ],
)

_OPEN_PITCH = (PitchStage.PROPOSED, PitchStage.INTERESTED, PitchStage.APPLIED)

PITCH_MACHINE: StateMachine[PitchStage] = StateMachine(
    "pitch",
    [
        _t("interest", [PitchStage.PROPOSED], PitchStage.INTERESTED, RM_OR_HEAD),
        _t("apply", [PitchStage.INTERESTED], PitchStage.APPLIED, RM_OR_HEAD),
        _t("win", [PitchStage.APPLIED], PitchStage.WON, RM_OR_HEAD),
        _t("lose", _OPEN_PITCH, PitchStage.LOST, RM_OR_HEAD),
        _t("reopen", [PitchStage.LOST], PitchStage.PROPOSED, RM_OR_HEAD),
    ],
)

_CLOSABLE_COMPLAINT = (ComplaintStatus.FED_BACK, ComplaintStatus.FOLLOW_UP)

# DOMAIN.md §7. Feedback may close the case directly when no follow-up service is needed; a client
# still unhappy after the resolution, the feedback or during follow-up reopens the handling.
COMPLAINT_MACHINE: StateMachine[ComplaintStatus] = StateMachine(
    "complaint",
    [
        _t("classify", [ComplaintStatus.RECEIVED], ComplaintStatus.CLASSIFIED, RM_OR_HEAD),
        _t("handle", [ComplaintStatus.CLASSIFIED], ComplaintStatus.HANDLING, RM_OR_HEAD),
        _t("resolve", [ComplaintStatus.HANDLING], ComplaintStatus.RESOLVED, RM_OR_HEAD),
        _t("feed_back", [ComplaintStatus.RESOLVED], ComplaintStatus.FED_BACK, RM_OR_HEAD),
        _t("follow_up", [ComplaintStatus.FED_BACK], ComplaintStatus.FOLLOW_UP, RM_OR_HEAD),
        _t("close", _CLOSABLE_COMPLAINT, ComplaintStatus.CLOSED, RM_OR_HEAD),
        _t(
            "reopen",
            [ComplaintStatus.RESOLVED, ComplaintStatus.FED_BACK, ComplaintStatus.FOLLOW_UP],
            ComplaintStatus.HANDLING,
            RM_OR_HEAD,
        ),
    ],
)

_OPEN_CLAIM = (ClaimStatus.PENDING, ClaimStatus.CONTESTED)

# DOMAIN.md §2, one record per (client, claiming RM). A second RM's claim is made pending and then
# both it and the earlier open claims are contested; the branch head settles by granting one and
# rejecting the rest. When withdrawals leave a single open claim, it is uncontested again.
CLAIM_MACHINE: StateMachine[ClaimStatus] = StateMachine(
    "claim",
    [
        _t("claim", [None], ClaimStatus.PENDING, RM),
        _t("contest", [ClaimStatus.PENDING], ClaimStatus.CONTESTED, RM_OR_HEAD),
        _t("uncontest", [ClaimStatus.CONTESTED], ClaimStatus.PENDING, RM_OR_HEAD),
        _t("grant", _OPEN_CLAIM, ClaimStatus.GRANTED, BRANCH_HEAD),
        _t("reject", _OPEN_CLAIM, ClaimStatus.REJECTED, BRANCH_HEAD),
        _t("withdraw", _OPEN_CLAIM, ClaimStatus.WITHDRAWN, RM),
    ],
)

OPEN_CLAIM_STATUSES: frozenset[ClaimStatus] = frozenset(_OPEN_CLAIM)


def claim_status_for(open_claims: int) -> ClaimStatus:
    """Status every open claim on a client should have, given how many open claims it has (≥ 1)."""
    if open_claims < 1:
        raise ValueError("a client with no open claim has no claim status")
    return ClaimStatus.PENDING if open_claims == 1 else ClaimStatus.CONTESTED


# --- Complaints: routing and deadlines ---------------------------------------------------------------

PRODUCT_DEPT = "product_dept"
CUSTOMER_SERVICE_DEPT = "customer_service_dept"
POLICY_DEPT = "policy_dept"
BRANCH = "branch"

COMPLAINT_ROUTES: dict[ComplaintCategory, str] = {
    ComplaintCategory.PRODUCT: PRODUCT_DEPT,
    ComplaintCategory.SERVICE: CUSTOMER_SERVICE_DEPT,
    ComplaintCategory.POLICY: POLICY_DEPT,
    ComplaintCategory.OTHER: BRANCH,  # no specialist department: the branch handles it
}

# "Respond within one working day" is kept as 24 hours so that the deadline needs no holiday calendar.
COMPLAINT_RESPOND_WITHIN = timedelta(hours=24)
COMPLAINT_RESOLVE_WITHIN = timedelta(days=15)


def complaint_route(category: ComplaintCategory) -> str:
    """The department code a complaint of ``category`` goes to."""
    return COMPLAINT_ROUTES[category]


class ComplaintDeadlines(NamedTuple):
    respond_by: datetime
    resolve_by: datetime


def _require_aware(value: datetime, name: str) -> None:
    # Laptops and the ledger server sit in different zones; naive datetimes would shift deadlines.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def complaint_deadlines(received_at: datetime) -> ComplaintDeadlines:
    """(respond_by, resolve_by) for a complaint received at the tz-aware ``received_at``."""
    _require_aware(received_at, "received_at")
    return ComplaintDeadlines(received_at + COMPLAINT_RESPOND_WITHIN, received_at + COMPLAINT_RESOLVE_WITHIN)


class ComplaintBreaches(NamedTuple):
    response_breached: bool
    resolution_breached: bool


def complaint_breaches(
    *,
    received_at: datetime,
    responded_at: datetime | None,
    resolved_at: datetime | None,
    now: datetime,
) -> ComplaintBreaches:
    """Whether each deadline was missed: done late, or still not done after the deadline."""
    for value, name in ((received_at, "received_at"), (now, "now")):
        _require_aware(value, name)
    deadlines = complaint_deadlines(received_at)

    def breached(done_at: datetime | None, due: datetime) -> bool:
        if done_at is None:
            return now > due
        _require_aware(done_at, "done_at")
        return done_at > due

    return ComplaintBreaches(
        breached(responded_at, deadlines.respond_by), breached(resolved_at, deadlines.resolve_by)
    )
