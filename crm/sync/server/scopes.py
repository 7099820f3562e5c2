"""Who sees which row: scope keys of a row (written into change_scope) and the same rule as SQL (snapshot
and pull filtering). The two forms must agree; tests/sync/test_server_ledger.py checks that they do.

Keys:
- ``rm:<user>``      clients owned or maintained by the user, their children, and the user's own plans,
                     visits, pitches, proposals, complaints, surveys, tasks, claims and KPI figures;
- ``pool:<branch>``  unowned clients of a branch (and their children), visible to its RMs for claiming;
- ``branch:<id>``    everything of a branch, for its heads (clients, plans, claims, KPIs, staff's tasks,
                     conflicts met by its staff);
- ``org:<branch>``   the branch row, its staff's user rows and its scorecard weights;
- ``user:<id>``      the user's own row and the conflicts their mutations met;
- ``catalogue``      products.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.domain.enums import Role
from crm.domain.models import (
    ENTITY_TYPES,
    Client,
    Conflict,
    FollowUpTask,
    Plan,
    Proposal,
    User,
)

CATALOGUE = "catalogue"

#: Entities whose scopes follow their client's (cascaded when the client moves between scopes).
CLIENT_CHILDREN = ("contact", "holding", "override", "visit", "pitch", "proposal", "complaint", "survey",
                   "task", "issued_document")
PROPOSAL_CHILDREN = ("proposal_line", "proposal_step")
PLAN_CHILDREN = ("plan_item",)
_WITH_RM = ("visit", "pitch", "proposal", "complaint", "survey")

#: Parents first, so a device can insert a snapshot with foreign keys on.
SNAPSHOT_ORDER = ("branch", "user", "product", "client", "contact", "holding", "visit", "plan", "plan_item",
                  "task", "override", "pitch", "proposal", "proposal_line", "proposal_step", "complaint",
                  "survey", "claim", "kpi", "score_weight", "conflict", "issued_document")
assert set(SNAPSHOT_ORDER) == set(ENTITY_TYPES)


def caller_keys(*, user_id: str, role: Role | str, branch_id: str,
                heads_branch_ids: Iterable[str] = ()) -> frozenset[str]:
    """The scopes a user pulls, computed from their user row on the ledger (never from the device)."""
    role = Role(role)
    keys = {f"user:{user_id}", f"org:{branch_id}", CATALOGUE}
    if role is Role.RM:
        keys |= {f"rm:{user_id}", f"pool:{branch_id}"}
    elif role is Role.BRANCH_HEAD:
        keys.add(f"rm:{user_id}")
        for b in dict.fromkeys((branch_id, *heads_branch_ids)):
            keys |= {f"branch:{b}", f"org:{b}"}
    return frozenset(keys)


def client_keys(owner_id: str | None, maintainer_id: str | None, branch_id: str) -> frozenset[str]:
    keys = {f"branch:{branch_id}"}
    if owner_id:
        keys.add(f"rm:{owner_id}")
    else:
        keys.add(f"pool:{branch_id}")
    if maintainer_id:
        keys.add(f"rm:{maintainer_id}")
    return frozenset(keys)


class KeyResolver:
    """Looks up the keys a row inherits (its client's, proposal's, plan's; a user's branch), with a cache.

    ``overrides`` pins the keys of given parents, e.g. a client's keys before a reassignment when
    computing where its children were visible.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.overrides: dict[tuple[str, str], frozenset[str]] = {}
        self._cache: dict[tuple[str, str], Any] = {}

    def forget(self) -> None:
        self._cache.clear()

    def _cached(self, key: tuple[str, str], load: Callable[[], Any]) -> Any:
        if key in self.overrides:
            return self.overrides[key]
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def client(self, client_id: str | None) -> frozenset[str]:
        if not client_id:
            return frozenset()

        def load() -> frozenset[str]:
            c = self.session.get(Client, client_id)
            return client_keys(c.owner_id, c.maintainer_id, c.branch_id) if c is not None else frozenset()

        return self._cached(("client", client_id), load)  # type: ignore[no-any-return]

    def proposal(self, proposal_id: str | None) -> frozenset[str]:
        if not proposal_id:
            return frozenset()

        def load() -> frozenset[str]:
            p = self.session.get(Proposal, proposal_id)
            return row_keys("proposal", p, self) if p is not None else frozenset()

        return self._cached(("proposal", proposal_id), load)  # type: ignore[no-any-return]

    def plan(self, plan_id: str | None) -> frozenset[str]:
        if not plan_id:
            return frozenset()

        def load() -> frozenset[str]:
            p = self.session.get(Plan, plan_id)
            return row_keys("plan", p, self) if p is not None else frozenset()

        return self._cached(("plan", plan_id), load)  # type: ignore[no-any-return]

    def user_branch(self, user_id: str | None) -> str | None:
        if not user_id:
            return None

        def load() -> str | None:
            u = self.session.get(User, user_id)
            return u.branch_id if u is not None else None

        return self._cached(("user_branch", user_id), load)  # type: ignore[no-any-return]


def row_keys(entity: str, row: Any, resolver: KeyResolver) -> frozenset[str]:
    """The scope keys of one row in its current (or given) state."""
    g = row.__getattribute__
    if entity == "client":
        return client_keys(g("owner_id"), g("maintainer_id"), g("branch_id"))
    if entity in ("contact", "holding", "override"):
        return resolver.client(g("client_id"))
    if entity in _WITH_RM:
        return resolver.client(g("client_id")) | {f"rm:{g('rm_id')}"}
    if entity in PROPOSAL_CHILDREN:
        return resolver.proposal(g("proposal_id"))
    if entity == "task":
        keys = {f"rm:{g('owner_id')}"}
        branch = resolver.user_branch(g("owner_id"))
        if branch:
            keys.add(f"branch:{branch}")
        return frozenset(keys) | resolver.client(g("client_id"))
    if entity == "plan":
        return frozenset({f"rm:{g('rm_id')}", f"branch:{g('branch_id')}"})
    if entity in PLAN_CHILDREN:
        return resolver.plan(g("plan_id"))
    if entity == "claim":
        return frozenset({f"rm:{g('claimant_id')}", f"branch:{g('branch_id')}"})
    if entity == "kpi":
        keys = {f"branch:{g('branch_id')}"}
        if g("rm_id"):
            keys.add(f"rm:{g('rm_id')}")
        return frozenset(keys)
    if entity == "score_weight":
        return frozenset({f"org:{g('branch_id')}"})
    if entity == "branch":
        return frozenset({f"org:{g('id')}"})
    if entity == "user":
        return frozenset({f"org:{g('branch_id')}", f"user:{g('id')}"})
    if entity == "product":
        return frozenset({CATALOGUE})
    if entity == "issued_document":
        return resolver.client(g("client_id")) | {f"rm:{g('issued_by')}"}
    if entity == "conflict":
        keys = {f"user:{g('user_id')}"}
        branch = resolver.user_branch(g("user_id"))
        if branch:
            keys.add(f"branch:{branch}")
        return frozenset(keys)
    raise ValueError(f"no scope rule for entity {entity!r}")


# --- the same rule as SQL ------------------------------------------------------------------------


class _Keys:
    def __init__(self, keys: Iterable[str]) -> None:
        groups: dict[str, list[str]] = {"rm": [], "pool": [], "branch": [], "org": [], "user": []}
        self.catalogue = False
        for key in keys:
            if key == CATALOGUE:
                self.catalogue = True
                continue
            prefix, _, value = key.partition(":")
            if prefix in groups:
                groups[prefix].append(value)
        self.rm, self.pool, self.branch = groups["rm"], groups["pool"], groups["branch"]
        self.org, self.user = groups["org"], groups["user"]


def _in(column: Any, values: list[str]) -> Any:
    return col(column).in_(values) if values else sa.false()


def _client_pred(k: _Keys) -> Any:
    return sa.or_(
        _in(Client.owner_id, k.rm),
        _in(Client.maintainer_id, k.rm),
        sa.and_(col(Client.owner_id).is_(None), _in(Client.branch_id, k.pool)),
        _in(Client.branch_id, k.branch),
    )


def _client_ids(k: _Keys) -> Any:
    return select(Client.id).where(_client_pred(k))


def visible(entity: str, keys: Iterable[str] | _Keys) -> Any:
    """SQL condition on ENTITY_TYPES[entity]: the row has at least one of ``keys`` (see row_keys)."""
    k = keys if isinstance(keys, _Keys) else _Keys(keys)
    model: Any = ENTITY_TYPES[entity]
    if entity == "client":
        return _client_pred(k)
    if entity in ("contact", "holding", "override"):
        return col(model.client_id).in_(_client_ids(k))
    if entity in _WITH_RM:
        return sa.or_(col(model.client_id).in_(_client_ids(k)), _in(model.rm_id, k.rm))
    if entity in PROPOSAL_CHILDREN:
        return col(model.proposal_id).in_(select(Proposal.id).where(visible("proposal", k)))
    if entity == "task":
        staff = select(User.id).where(_in(User.branch_id, k.branch))
        return sa.or_(_in(FollowUpTask.owner_id, k.rm), col(FollowUpTask.owner_id).in_(staff),
                      col(FollowUpTask.client_id).in_(_client_ids(k)))
    if entity == "plan":
        return sa.or_(_in(Plan.rm_id, k.rm), _in(Plan.branch_id, k.branch))
    if entity in PLAN_CHILDREN:
        return col(model.plan_id).in_(select(Plan.id).where(visible("plan", k)))
    if entity == "claim":
        return sa.or_(_in(model.claimant_id, k.rm), _in(model.branch_id, k.branch))
    if entity == "kpi":
        return sa.or_(_in(model.branch_id, k.branch), _in(model.rm_id, k.rm))
    if entity == "score_weight":
        return _in(model.branch_id, k.org)
    if entity == "branch":
        return _in(model.id, k.org)
    if entity == "user":
        return sa.or_(_in(User.branch_id, k.org), _in(User.id, k.user))
    if entity == "product":
        return sa.true() if k.catalogue else sa.false()
    if entity == "issued_document":
        return sa.or_(_in(model.issued_by, k.rm), col(model.client_id).in_(_client_ids(k)))
    if entity == "conflict":
        staff = select(User.id).where(_in(User.branch_id, k.branch))
        return sa.or_(_in(Conflict.user_id, k.user), col(Conflict.user_id).in_(staff))
    raise ValueError(f"no scope rule for entity {entity!r}")
