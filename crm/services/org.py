"""Branches and staff as the signed-in user may see them (names for lists, owners for assignment)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from crm.domain.enums import Role
from crm.domain.errors import NotFound
from crm.domain.models import Branch, User
from crm.services.context import Actor


def list_staff(*, session: Session, actor: Actor, roles: tuple[Role, ...] = (Role.RM, Role.BRANCH_HEAD),
               active_only: bool = True) -> list[User]:
    """Staff of the actor's branch (a branch head: every branch they head)."""
    branches = actor.branch_ids or (actor.branch_id,)
    stmt = select(User).where(col(User.branch_id).in_(branches), col(User.deleted).is_(False),
                              col(User.role).in_([r.value for r in roles]))
    if active_only:
        stmt = stmt.where(col(User.active).is_(True))
    return list(session.exec(stmt.order_by(col(User.role), col(User.display_name))))


def get_user(*, session: Session, actor: Actor, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None or user.deleted:
        raise NotFound("user.not_found", params={"id": user_id})
    return user


def user_names(*, session: Session, actor: Actor) -> dict[str, str]:
    return {u.id: u.display_name for u in session.exec(select(User))}


def get_branch(*, session: Session, actor: Actor, branch_id: str | None = None) -> Branch:
    branch = session.get(Branch, branch_id or actor.branch_id)
    if branch is None:
        raise NotFound("branch.not_found", params={"id": branch_id or actor.branch_id})
    return branch
