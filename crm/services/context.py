"""Who is acting: the signed-in user's id, role and branches, and what that lets them see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, or_

from crm.domain.enums import Role
from crm.domain.errors import DomainError, NotFound, PermissionDenied
from crm.domain.models import Client, LocalSetting, User


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: Role
    branch_id: str
    display_name: str = ""
    heads_branch_ids: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user_id=user.id, role=Role(user.role), branch_id=user.branch_id,
                   display_name=user.display_name, heads_branch_ids=tuple(user.heads_branch_ids))

    @property
    def branch_ids(self) -> tuple[str, ...]:
        """Branches whose whole book this actor sees (branch heads only)."""
        if self.role is Role.BRANCH_HEAD:
            return tuple(dict.fromkeys((self.branch_id, *self.heads_branch_ids)))
        return ()

    @property
    def is_branch_head(self) -> bool:
        return self.role is Role.BRANCH_HEAD

    def require(self, *roles: Role, action: str) -> None:
        if self.role not in roles:
            raise PermissionDenied("permission.role", params={"action": action, "role": self.role.value})


def client_scope(actor: Actor) -> Any:
    """SQL condition for the clients this actor may see (查询权限制度).

    An RM sees the clients they own or maintain, plus unowned clients of their branch's pool (so they
    can claim them); a branch head sees their branches; an administrator sees no client data.
    """
    if actor.role is Role.BRANCH_HEAD:
        return col(Client.branch_id).in_(actor.branch_ids)
    if actor.role is Role.RM:
        return or_(
            col(Client.owner_id) == actor.user_id,
            col(Client.maintainer_id) == actor.user_id,
            sa.and_(col(Client.owner_id).is_(None), col(Client.branch_id) == actor.branch_id),
        )
    return sa.false()


def can_see_client(actor: Actor, client: Client) -> bool:
    if actor.role is Role.BRANCH_HEAD:
        return client.branch_id in actor.branch_ids
    if actor.role is Role.RM:
        return actor.user_id in (client.owner_id, client.maintainer_id) or (
            client.owner_id is None and client.branch_id == actor.branch_id)
    return False


def can_edit_client(actor: Actor, client: Client) -> bool:
    """Pooled clients are visible to an RM for claiming but only their owner (or the head) edits them."""
    if actor.role is Role.BRANCH_HEAD:
        return client.branch_id in actor.branch_ids
    if actor.role is Role.RM:
        return actor.user_id in (client.owner_id, client.maintainer_id)
    return False


def get_client(session: Session, actor: Actor, client_id: str, *, for_edit: bool = False) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.deleted or not can_see_client(actor, client):
        # Out of scope looks exactly like missing: no probing for other RMs' clients.
        raise NotFound("client.not_found", params={"id": client_id})
    if for_edit and not can_edit_client(actor, client):
        raise PermissionDenied("client.not_owner", params={"id": client_id})
    return client


def signed_in_actor(*, session: Session) -> Actor:
    """The user this workspace belongs to, as recorded at login (or by the demo generator)."""
    owner = session.get(LocalSetting, "owner")
    user = session.get(User, owner.value["user_id"]) if owner and owner.value else None
    if user is None:
        raise DomainError("workspace.no_owner")
    return Actor.of(user)
