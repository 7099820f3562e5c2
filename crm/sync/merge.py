"""Pure merge rules of the ledger: per-field policies, a hybrid logical clock and the three-way field merge.

No I/O here: the ledger (crm.sync.server) reads the base value, the versions and the clocks, asks
`merge_field` what to do with each patched field and writes the outcome. The desktop engine may use the
same functions to preview what a push will do.

Policies (docs/sync-protocol.md, "Merge"):

- ``server_only``: the device may never patch the field (ids, versions, ownership, branch, workflow state,
  decisions, server-owned catalogue and organisation rows). Workflow state changes only through commands.
- ``queue``: a true concurrent change becomes a `Conflict` row for a person: contact data, money (``*_fen``,
  rates), names, identity numbers, dates of money events, risk and suitability facts. Unlisted fields
  default to ``queue``, so a field nobody thought about is never silently overwritten.
- ``append``: free text (notes, visit information, open issues, progress…): both texts are kept.
- ``lww``: low-stakes fields decided by the hybrid logical clock of the two edits (tier, satisfaction,
  flags, sort orders, planning details, task titles and due dates). Losing one of two concurrent edits of
  these costs a click, and a conflict dialog for them would teach users to click conflicts away.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from crm.sync.protocol import MAX_CLOCK_LEAD_SECONDS


class Policy(StrEnum):
    SERVER_ONLY = "server_only"
    QUEUE = "queue"
    APPEND = "append"
    LWW = "lww"


class MergeKind(StrEnum):
    FAST_FORWARD = "fast_forward"  # nobody else changed the field since the device's base: take mine
    CONVERGED = "converged"  # both sides hold the same value, or mine brings no change: keep theirs
    APPLIED_LWW = "applied_lww"  # concurrent lww edit, mine is later by the clock
    KEPT_THEIRS_LWW = "kept_theirs_lww"  # concurrent lww edit, theirs is later
    APPENDED = "appended"  # concurrent free-text edit: both texts kept
    CONFLICT = "conflict"  # concurrent queue edit: theirs stays, a Conflict row records mine
    REJECTED = "rejected"  # server_only field: the device may not change it


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    kind: MergeKind
    value: Any  # the value the ledger keeps for the field

    @property
    def changes(self) -> bool:
        """Whether the ledger writes the field (a new value or a new field version)."""
        return self.kind in (MergeKind.FAST_FORWARD, MergeKind.APPLIED_LWW, MergeKind.APPENDED)


# --- policies -----------------------------------------------------------------------------------

S, Q, A, L = Policy.SERVER_ONLY, Policy.QUEUE, Policy.APPEND, Policy.LWW

#: Bookkeeping columns of every replicated row; only the ledger writes them.
META_FIELDS = frozenset({"id", "version", "field_versions", "created_at", "updated_at", "deleted"})

#: Entities whose rows the ledger alone writes (catalogue, organisation, conflicts): every field server_only.
SERVER_OWNED_ENTITIES = frozenset({"branch", "user", "product", "conflict"})

FIELD_POLICIES: dict[str, dict[str, Policy]] = {
    "client": {
        # Ownership moves the client between scopes: only `client.assign` and claims change it.
        "owner_id": S, "maintainer_id": S, "branch_id": S,
        "kind": Q, "status": Q, "legal_name": Q, "short_name": Q, "uscc": Q, "id_number": Q,
        "kyc_documents": Q, "kyc_refreshed_on": Q,
        "industry": L, "ownership": L, "size": L, "region": L, "district": L, "address": Q,
        "lifecycle_stage": L, "is_tech": L, "without_loans": L, "effective_account": L,
        "operating_status": A, "credit_rating": Q, "risk_grade": Q, "repayment_capacity": A, "guarantees": Q,
        "risk_tolerance": Q, "risk_assessed_on": Q, "risk_expires_on": Q,
        # Tier follows deposit size and only sets the return-visit cadence: low stakes, last writer wins.
        "tier": L, "deposit_balance_fen": Q, "loan_balance_fen": Q,
        "marketing_objective": A, "entry_point": A, "progress": A, "open_issues": A, "notes": A,
        # Moved forward by every completed visit; the later edit is the later visit in practice.
        "last_visit_on": L,
    },
    "contact": {"client_id": S, "name": Q, "title": L, "phones": Q, "email": Q, "is_primary": L},
    "holding": {
        "client_id": S, "kind": Q, "product_id": Q, "name": Q, "account_type": Q, "account_no": Q,
        "currency": Q, "amount_fen": Q, "rate_pct": Q, "opened_on": Q, "maturity_on": Q,
        "repayment_schedule": Q, "collateral": Q, "collateral_value_fen": Q, "guarantee": Q,
        "collateral_check_on": Q, "fund_use_check_on": Q, "project_check_on": Q, "overdue_days": Q,
        "loan_classification": Q,
    },
    "visit": {
        "client_id": S, "rm_id": S, "visit_on": Q, "mode": L,
        "overview": A, "purpose": A, "contact_id": L, "contact_name": L, "likely_needs": A,
        "likely_objections": A, "approach": A, "completed": Q, "contact_met": A, "information": A,
        "goal_reached": Q, "goal_reason": A, "next_steps": A, "satisfaction": L,
        "review_comment": S, "reviewed_by": S, "reviewed_at": S,
    },
    "plan": {
        "rm_id": S, "branch_id": S, "month": S, "status": S, "note": A, "submitted_at": S, "decided_at": S,
        "decided_by": S, "decision_comment": S, "amends_plan_id": S,
    },
    "plan_item": {
        "plan_id": S, "client_id": Q, "prospect_name": Q, "goal": L, "goal_text": A, "planned_days": L,
        "product_ids": L, "status": S, "delayed_to": S, "note": A, "sort": L,
    },
    "task": {
        "client_id": S, "visit_id": S, "owner_id": S, "kind": L, "title": L, "due_on": L,
        # Done versus cancelled at the same time is a real disagreement; the transition is checked too.
        "status": Q, "done_at": L, "note": A,
    },
    "override": {
        "client_id": S, "product_id": S, "approved_by": S, "reason": S, "refused_code": S, "valid_until": S,
    },
    "pitch": {
        "client_id": S, "product_id": S, "rm_id": S, "visit_id": L, "amount_fen": Q, "stage": S,
        "lost_reason": S, "override_id": S, "stage_changed_at": S,
    },
    "proposal": {
        "client_id": S, "rm_id": S, "title": Q, "status": S, "needs": Q, "cover_letter": A,
        "cooperation": A, "service_content": A, "service_process": A, "fee_standards": Q,
        "submitted_at": S, "decided_at": S, "decided_by": S, "decision_comment": S, "delivered_at": S,
    },
    "proposal_line": {
        "proposal_id": S, "product_id": S, "amount_fen": Q, "term": Q, "rate_pct": Q, "fee": Q, "note": A,
        "override_id": S, "sort": L,
    },
    "proposal_step": {"proposal_id": S, "step": Q, "responsible": L, "due_on": L, "done": L, "sort": L},
    "complaint": {
        "client_id": S, "rm_id": S, "received_at": S, "channel": Q, "category": S, "department": S,
        "status": S, "summary": Q, "details": A, "respond_by": S, "resolve_by": S, "responded_at": S,
        "resolved_at": S, "resolution": A, "feedback_mode": S, "fed_back_at": S, "follow_up": A,
        "closed_at": S,
    },
    "survey": {
        "client_id": S, "rm_id": S, "conducted_on": Q, "cycle": S, "dimensions": Q, "score": S,
        "comments": A,
    },
    "claim": {
        "client_id": S, "claimant_id": S, "branch_id": S, "status": S, "reason": A, "decided_by": S,
        "decided_at": S, "decision_comment": S,
    },
    "kpi": {"branch_id": S, "rm_id": S, "period": S, "metric": S, "target": Q, "actual": Q, "prior": Q},
    "score_weight": {"branch_id": S, "item": S, "weight": Q, "target": Q},
    # A printed document's record is evidence of what was issued: written once, never edited.
    "issued_document": {name: S for name in (
        "doc_id", "doc_type", "title", "file_sha256", "content_sha256", "pages", "issued_by", "issued_at",
        "client_id", "draft")},
}


def policy_for(entity: str, field: str) -> Policy:
    """The merge policy of one field; unknown fields of known entities default to `queue`."""
    if field in META_FIELDS or entity in SERVER_OWNED_ENTITIES:
        return Policy.SERVER_ONLY
    return FIELD_POLICIES.get(entity, {}).get(field, Policy.QUEUE)


# --- hybrid logical clock -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Hlc:
    """A hybrid logical clock stamp: wall milliseconds, a counter for events in the same millisecond, and
    the node (device id or "ledger") that breaks exact ties deterministically. Ordered as a tuple."""

    wall_ms: int
    counter: int = 0
    node: str = ""

    def pack(self) -> str:
        # Fixed width so the text sorts like the tuple (handy in SQL and logs).
        return f"{self.wall_ms:015d}:{self.counter:05d}:{self.node}"

    @classmethod
    def parse(cls, text: str | None) -> Hlc:
        if not text:
            return ZERO_HLC
        wall, counter, node = text.split(":", 2)
        return cls(int(wall), int(counter), node)

    def tick(self, now_ms: int, node: str | None = None) -> Hlc:
        """The next stamp of a local event at wall time ``now_ms``."""
        if now_ms > self.wall_ms:
            return Hlc(now_ms, 0, node if node is not None else self.node)
        return Hlc(self.wall_ms, self.counter + 1, node if node is not None else self.node)

    def receive(self, remote: Hlc, now_ms: int, node: str | None = None) -> Hlc:
        """The stamp after receiving ``remote`` at local wall time ``now_ms``: later than both."""
        wall = max(self.wall_ms, remote.wall_ms, now_ms)
        if wall == self.wall_ms == remote.wall_ms:
            counter = max(self.counter, remote.counter) + 1
        elif wall == self.wall_ms:
            counter = self.counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        return Hlc(wall, counter, node if node is not None else self.node)


ZERO_HLC = Hlc(0, 0, "")


def clamp_client_ms(client_ms: int, ledger_ms: int, lead_seconds: int = MAX_CLOCK_LEAD_SECONDS) -> int:
    """A device's clock only breaks lww ties and may not run ahead of the ledger by more than the lead:
    a laptop set to next year must not win every lww field for a year."""
    return min(client_ms, ledger_ms + lead_seconds * 1000)


def device_hlc(client_ms: int, ledger_ms: int, device_id: str) -> Hlc:
    return Hlc(clamp_client_ms(client_ms, ledger_ms), 0, device_id)


# --- the three-way merge of one field -------------------------------------------------------------

_UNKNOWN = object()


def merge_field(policy: Policy, base: Any, mine: Any, theirs: Any, base_version: int, current_version: int,
                mine_hlc: Hlc, theirs_hlc: Hlc, *, base_known: bool = True) -> MergeOutcome:
    """Decide one patched field.

    ``base`` is the value the device's edit started from (at ``base_version``), ``mine`` the device's new
    value, ``theirs`` the ledger's current value (last changed at ``current_version``). ``base_known`` is
    False when the ledger cannot recover the base (rows seeded without a change log): then only equal
    values converge and the policy decides everything else.

    A base version at or above the current one fast-forwards: nobody changed the field since the device
    saw it. (Above happens only after the ledger was restored to an earlier point; the device then replays
    its journal and its edits must apply.)
    """
    if policy is Policy.SERVER_ONLY:
        return MergeOutcome(MergeKind.REJECTED, theirs)
    if base_version >= current_version:
        return MergeOutcome(MergeKind.FAST_FORWARD, mine)
    if mine == theirs:
        return MergeOutcome(MergeKind.CONVERGED, theirs)
    if base_known and theirs == base:
        # The field was rewritten with its old value meanwhile: only mine really changes it.
        return MergeOutcome(MergeKind.FAST_FORWARD, mine)
    if base_known and mine == base:
        # Mine brings nothing new for this field (changed and changed back): theirs stands.
        return MergeOutcome(MergeKind.CONVERGED, theirs)
    if policy is Policy.LWW:
        if mine_hlc > theirs_hlc:
            return MergeOutcome(MergeKind.APPLIED_LWW, mine)
        return MergeOutcome(MergeKind.KEPT_THEIRS_LWW, theirs)
    if policy is Policy.APPEND:
        return MergeOutcome(MergeKind.APPENDED, append_texts(base if base_known else None, mine, theirs))
    return MergeOutcome(MergeKind.CONFLICT, theirs)


APPEND_SEPARATOR = "\n"


def append_texts(base: Any, mine: Any, theirs: Any) -> str:
    """Both concurrent edits of a free text, theirs first (it is what others already read).

    When mine extended the base (the usual case: a line added at the end), only the added part is appended
    to theirs, so the shared start is not duplicated. Otherwise mine is appended whole. A text already
    contained in the other is not repeated.
    """
    base_s = "" if base is None else str(base)
    mine_s = "" if mine is None else str(mine)
    theirs_s = "" if theirs is None else str(theirs)
    if not mine_s or mine_s in theirs_s:
        return theirs_s
    if mine_s.startswith(theirs_s):
        # Mine was written on top of theirs (or theirs is empty): mine already holds both.
        return mine_s
    addition = mine_s[len(base_s):] if base_s and mine_s.startswith(base_s) else mine_s
    addition = addition.strip("\n")
    if not addition or addition in theirs_s:
        return theirs_s
    return theirs_s.rstrip("\n") + APPEND_SEPARATOR + addition
