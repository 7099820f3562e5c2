"""The words of a reminder: kind and params from crm.jobs.reminders rendered through Qt translations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from crm.jobs.reminders import Reminder, ReminderKind
from crm.services.complaints import CHINA_TZ
from crm.ui.labels import fen_to_yuan

_T = "Reminders"

KIND_LABELS: dict[ReminderKind, Any] = {  # QT_TRANSLATE_NOOP is typed as returning object
    ReminderKind.RETURN_VISIT: QT_TRANSLATE_NOOP("Reminders", "定期回访"),
    ReminderKind.TASK_DUE: QT_TRANSLATE_NOOP("Reminders", "待办到期"),
    ReminderKind.TASK_OVERDUE: QT_TRANSLATE_NOOP("Reminders", "待办逾期"),
    ReminderKind.REPAYMENT: QT_TRANSLATE_NOOP("Reminders", "还款提醒"),
    ReminderKind.COLLECTION: QT_TRANSLATE_NOOP("Reminders", "逾期催收"),
    ReminderKind.COLLATERAL_CHECK: QT_TRANSLATE_NOOP("Reminders", "担保物检查"),
    ReminderKind.FUND_USE_CHECK: QT_TRANSLATE_NOOP("Reminders", "资金用途监控"),
    ReminderKind.PROJECT_CHECK: QT_TRANSLATE_NOOP("Reminders", "项目检查"),
    ReminderKind.MATURITY: QT_TRANSLATE_NOOP("Reminders", "产品到期"),
    ReminderKind.RISK_EXPIRY: QT_TRANSLATE_NOOP("Reminders", "风险评估到期"),
    ReminderKind.KYC_REFRESH: QT_TRANSLATE_NOOP("Reminders", "客户资料定期更新"),
    ReminderKind.PLAN_DUE: QT_TRANSLATE_NOOP("Reminders", "月度计划待提交"),
    ReminderKind.PLAN_REVIEW: QT_TRANSLATE_NOOP("Reminders", "计划待审批"),
    ReminderKind.PROPOSAL_REVIEW: QT_TRANSLATE_NOOP("Reminders", "方案待审批"),
    ReminderKind.PLAN_ITEM_DELAYED: QT_TRANSLATE_NOOP("Reminders", "延期事项已到期"),
    ReminderKind.COMPLAINT_RESPOND: QT_TRANSLATE_NOOP("Reminders", "投诉待响应"),
    ReminderKind.COMPLAINT_RESOLVE: QT_TRANSLATE_NOOP("Reminders", "投诉待解决"),
    ReminderKind.SURVEY: QT_TRANSLATE_NOOP("Reminders", "满意度调查"),
    ReminderKind.WEEKLY_REPORT: QT_TRANSLATE_NOOP("Reminders", "周报"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_T, text)


def kind_label(kind: ReminderKind) -> str:
    return _tr(str(KIND_LABELS[kind]))


def _day(day: date) -> str:
    return QCoreApplication.translate("Reminders", "{0}月{1}日").format(day.month, day.day)


def _when(reminder: Reminder, today: date | None) -> str:
    deadline = reminder.params.get("deadline")
    if deadline:
        at = datetime.fromisoformat(str(deadline)).astimezone(CHINA_TZ)
        return QCoreApplication.translate("Reminders", "{0} {1}前").format(_day(at.date()), f"{at:%H:%M}")
    if today is not None and reminder.due_on < today:
        return QCoreApplication.translate("Reminders", "{0}（已过期）").format(_day(reminder.due_on))
    if today is not None and reminder.due_on == today:
        return QCoreApplication.translate("Reminders", "今天")
    return _day(reminder.due_on)


def subject(reminder: Reminder) -> str:
    p = reminder.params
    kind = reminder.kind
    if kind in (ReminderKind.TASK_DUE, ReminderKind.TASK_OVERDUE):
        return str(p.get("title", ""))
    if kind in (ReminderKind.REPAYMENT, ReminderKind.COLLECTION, ReminderKind.MATURITY):
        text = f"{p.get('client', '')} {p.get('holding', '')}".strip()
        amount = p.get("amount_fen")
        return (
            QCoreApplication.translate("Reminders", "{0} ¥{1}").format(text, fen_to_yuan(int(amount)))
            if amount
            else text
        )
    if kind in (ReminderKind.COLLATERAL_CHECK, ReminderKind.FUND_USE_CHECK, ReminderKind.PROJECT_CHECK):
        return f"{p.get('client', '')} {p.get('holding', '')}".strip()
    if kind is ReminderKind.RETURN_VISIT:
        return QCoreApplication.translate("Reminders", "{0}（{1}类客户）").format(
            p.get("client", ""), p.get("tier", "")
        )
    if kind is ReminderKind.PLAN_DUE:
        month = str(p.get("month", ""))
        return (
            QCoreApplication.translate("Reminders", "{0}年{1}月计划").format(month[:4], int(month[5:7]))
            if len(month) == 7
            else month
        )
    if kind is ReminderKind.PLAN_REVIEW:
        return QCoreApplication.translate("Reminders", "{0} 的 {1} 计划").format(
            p.get("rm", ""), p.get("month", "")
        )
    if kind is ReminderKind.PROPOSAL_REVIEW:
        return QCoreApplication.translate("Reminders", "{0}：{1}").format(p.get("rm", ""), p.get("title", ""))
    if kind is ReminderKind.PLAN_ITEM_DELAYED:
        return QCoreApplication.translate("Reminders", "{0}（{1} 计划）").format(
            p.get("subject", ""), p.get("month", "")
        )
    if kind in (ReminderKind.COMPLAINT_RESPOND, ReminderKind.COMPLAINT_RESOLVE):
        return QCoreApplication.translate("Reminders", "{0}：{1}").format(
            p.get("client", ""), p.get("summary", "")
        )
    if kind is ReminderKind.SURVEY:
        return QCoreApplication.translate("Reminders", "{0}（{1}）").format(
            p.get("client", ""), p.get("cycle", "")
        )
    if kind is ReminderKind.WEEKLY_REPORT:
        return QCoreApplication.translate("Reminders", "{0} 周报").format(p.get("week", ""))
    return str(p.get("client", ""))


def reminder_text(reminder: Reminder, today: date | None = None) -> str:
    """One line for the reminder centre: what, about whom, by when."""
    return QCoreApplication.translate("Reminders", "{0}：{1} · {2}").format(
        kind_label(reminder.kind), subject(reminder), _when(reminder, today)
    )


@dataclass(frozen=True, eq=False)
class ReminderItem:
    """What the 今日 list shows (`text`, `tooltip`) for one reminder, handed back when it is activated."""

    reminder: Reminder
    text: str
    tooltip: str

    @property
    def key(self) -> str:
        return self.reminder.key


def reminder_items(reminders: Sequence[Reminder], today: date | None = None) -> list[ReminderItem]:
    return [
        ReminderItem(
            r,
            reminder_text(r, today),
            QCoreApplication.translate("Reminders", "到期日 {0}").format(r.due_on.isoformat()),
        )
        for r in reminders
    ]
