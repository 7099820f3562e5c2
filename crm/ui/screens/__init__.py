"""The main screens, in navigation order: key, factory path, shortcut and who may see them."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP

from crm.domain.enums import Role

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from crm.ui.context import AppContext


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str  # source text (zh_CN); translated in the "Screens" context
    factory: str  # "module:Class"; imported when first shown, so start-up stays fast
    shortcut: str
    roles: frozenset[Role] = frozenset({Role.RM, Role.BRANCH_HEAD})

    def create(self, ctx: AppContext) -> QWidget:
        module_name, cls_name = self.factory.split(":")
        cls = getattr(importlib.import_module(module_name), cls_name)
        widget: QWidget = cls(ctx)
        widget.setObjectName(f"screen_{self.key}")
        return widget


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("today", QT_TRANSLATE_NOOP("Screens", "今日"), "crm.ui.screens.today:TodayScreen", "Ctrl+1"),
    ScreenSpec("clients", QT_TRANSLATE_NOOP("Screens", "客户"), "crm.ui.screens.clients:ClientsScreen", "Ctrl+2"),
    ScreenSpec("visits", QT_TRANSLATE_NOOP("Screens", "拜访"), "crm.ui.screens.visits:VisitsScreen", "Ctrl+3"),
    ScreenSpec("plans", QT_TRANSLATE_NOOP("Screens", "计划"), "crm.ui.screens.plans:PlansScreen", "Ctrl+4"),
    ScreenSpec("approvals", QT_TRANSLATE_NOOP("Screens", "审批"), "crm.ui.screens.approvals:ApprovalsScreen",
               "Ctrl+5", roles=frozenset({Role.BRANCH_HEAD})),
    ScreenSpec("products", QT_TRANSLATE_NOOP("Screens", "产品"), "crm.ui.screens.products:ProductsScreen",
               "Ctrl+6"),
    ScreenSpec("proposals", QT_TRANSLATE_NOOP("Screens", "方案"), "crm.ui.screens.proposals:ProposalsScreen",
               "Ctrl+7"),
    ScreenSpec("complaints", QT_TRANSLATE_NOOP("Screens", "投诉"), "crm.ui.screens.complaints:ComplaintsScreen",
               "Ctrl+8"),
    ScreenSpec("dashboard", QT_TRANSLATE_NOOP("Screens", "业绩"), "crm.ui.screens.dashboard:DashboardScreen",
               "Ctrl+9"),
    ScreenSpec("sync", QT_TRANSLATE_NOOP("Screens", "同步"), "crm.ui.screens.sync:SyncScreen", "Ctrl+0"),
)


def screens_for(role: Role) -> list[ScreenSpec]:
    return [s for s in SCREENS if role in s.roles]
