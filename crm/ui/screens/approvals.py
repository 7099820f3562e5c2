"""审批 screen (branch head): plans and proposals to decide, visits to review, claims, assignment."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import PlanStatus, ProposalStatus, Role
from crm.domain.errors import DomainError
from crm.domain.models import Plan
from crm.domain.rules.workflow import OPEN_CLAIM_STATUSES
from crm.services import plans as plan_svc
from crm.services import proposals as proposal_svc
from crm.services.claims import ClaimRow, list_claims, settle_claim
from crm.services.clients import ClientFilter, assign_client, count_clients
from crm.services.org import list_staff, user_names
from crm.services.proposals import ProposalRow
from crm.services.visits import VisitRow, get_visit, list_visits, review_visit
from crm.ui.context import AppContext
from crm.ui.dialogs.decision import Choice, DecisionDialog, approve_or_return, ask
from crm.ui.dialogs.pitch import problem_text
from crm.ui.labels import CLAIM_STATUSES, VISIT_MODES, label
from crm.ui.models.client_table_model import ClientTableModel
from crm.ui.models.record_table_model import RecordTableModel
from crm.ui.screens.proposals import ProposalSummaryView
from crm.ui.widgets.columns import set_column_widths
from crm.ui.widgets.gantt import PlanGanttWidget

#: Visits awaiting review are listed up to this many; the tab title says "500+" beyond.
VISIT_LIMIT = 500
SEARCH_DEBOUNCE_MS = 150


def _table(name: str, *, multi: bool = False) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    return view


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


def _hint(text: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setStyleSheet("color: #6b7280;")
    return widget


@dataclass(frozen=True)
class PlanEntry:
    """A submitted plan as the review list shows it."""

    plan: Plan
    rm_name: str
    items: int

    @property
    def id(self) -> str:
        return self.plan.id


class _ReviewTab(QWidget):
    """A tab of the approvals screen: reloads itself and reports how many records wait."""

    count_changed = Signal(int)
    #: data_changed entities that make this tab reload.
    ENTITIES: tuple[str, ...] = ("sync",)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.count = 0
        self.count_text = "0"

    def reload(self) -> None:
        raise NotImplementedError

    def _set_count(self, count: int, text: str | None = None) -> None:
        self.count = count
        self.count_text = text or str(count)
        self.count_changed.emit(count)

    def ask_decision(self, dialog: DecisionDialog) -> tuple[str, str] | None:
        """Run a decision dialog modally; one place for tests to answer it."""
        answer = ask(dialog)
        dialog.deleteLater()
        return answer

    def warn(self, title: str, exc: BaseException) -> None:
        QMessageBox.warning(self, title, problem_text(exc, self.ctx.language))


# --- plans ------------------------------------------------------------------------------------------


class PlanApprovalsTab(_ReviewTab):
    ENTITIES = ("plan", "plan_item", "sync")
    plan_decided = Signal(str, str)  # plan id, "approve" | "return"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model = RecordTableModel([
            (self.tr("客户经理"), lambda e: e.rm_name),
            (self.tr("月份"), lambda e: e.plan.month),
            (self.tr("类型"), lambda e: self.tr("变更") if e.plan.amends_plan_id else self.tr("月度计划")),
            (self.tr("事项"), lambda e: e.items),
            (self.tr("提交时间"), lambda e: _when(e.plan.submitted_at)),
            (self.tr("说明"), lambda e: e.plan.note),
        ], highlight=lambda e: e.plan.amends_plan_id is not None)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.table = _table("plan_review_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        set_column_widths(self.table, enumerate((100, 80, 80, 56, 130)))
        self.title = QLabel()
        self.title.setObjectName("plan_review_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.gantt = PlanGanttWidget()
        self.gantt.setObjectName("plan_review_gantt")
        self.approve_button = QPushButton(self.tr("批准(&A)…"))
        self.approve_button.setObjectName("approve_plan")
        self.return_button = QPushButton(self.tr("退回(&R)…"))
        self.return_button.setObjectName("return_plan")
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.approve_button)
        bar.addWidget(self.return_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.gantt, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([190, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.approve_button.clicked.connect(lambda: self.on_decide("approve"))
        self.return_button.clicked.connect(lambda: self.on_decide("return"))

    def reload(self) -> None:
        current = self.current_id()

        def load(*, session: Any, actor: Any) -> list[PlanEntry]:
            names = user_names(session=session, actor=actor)
            plans = plan_svc.list_plans(session=session, actor=actor, status=PlanStatus.SUBMITTED, limit=500)
            return [PlanEntry(p, names.get(p.rm_id, ""), len(plan_svc.list_items(session=session, actor=actor,
                                                                                   plan_id=p.id)))
                    for p in plans if p.rm_id != actor.user_id and p.branch_id in actor.branch_ids]

        entries = self.ctx.read(load)
        self.model.set_rows(entries)
        self._set_count(len(entries))
        row = next((i for i, e in enumerate(entries) if e.id == current), 0 if entries else -1)
        if row >= 0:
            self.table.selectRow(row)
        self.show_plan(self.current_id())

    def current_entry(self) -> PlanEntry | None:
        return self.model.row_at(self.table.currentIndex().row())  # type: ignore[no-any-return]

    def current_id(self) -> str | None:
        entry = self.current_entry()
        return entry.id if entry else None

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.model.row_at(current.row())
        self.show_plan(entry.id if entry else None)

    def show_plan(self, plan_id: str | None) -> None:
        entry = self.current_entry()
        if plan_id is None or entry is None:
            self.title.setText(self.tr("没有待审批的月度计划"))
            self.gantt.set_view(None, date.today(), editable=False,
                                empty_text=self.tr("客户经理提交的月度计划会出现在这里"))
        else:
            view = self.ctx.read(plan_svc.gantt, plan_id=plan_id)
            kind = self.tr("（变更）") if entry.plan.amends_plan_id else ""
            title = self.tr("{0} · {1} 月度工作计划{2}")
            self.title.setText(title.format(entry.rm_name, entry.plan.month, kind))
            self.gantt.set_view(view, date.today(), editable=False)
        self.approve_button.setEnabled(plan_id is not None)
        self.return_button.setEnabled(plan_id is not None)

    def on_decide(self, suggested: str) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        subject = self.tr("{0} 的 {1} 月度工作计划（{2} 项）").format(
            entry.rm_name, entry.plan.month, entry.items)
        dialog = approve_or_return(self, self.tr("审批月度计划"), subject, suggested=suggested)
        answer = self.ask_decision(dialog)
        if answer is not None:
            self.decide(entry.id, *answer)

    def decide(self, plan_id: str, decision: str, comment: str) -> bool:
        fn = plan_svc.approve_plan if decision == "approve" else plan_svc.return_plan
        try:
            self.ctx.write(fn, entity="plan", plan_id=plan_id, comment=comment)
        except DomainError as exc:
            self.warn(self.tr("无法完成审批"), exc)
            return False
        self.plan_decided.emit(plan_id, decision)
        return True


# --- proposals --------------------------------------------------------------------------------------


class ProposalApprovalsTab(_ReviewTab):
    ENTITIES = ("proposal", "client", "sync")
    proposal_decided = Signal(str, str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.names: dict[str, str] = {}
        self.model = RecordTableModel([
            (self.tr("方案名称"), lambda p: p.title),
            (self.tr("客户"), lambda p: p.client_name),
            (self.tr("客户经理"), lambda p: self.names.get(p.rm_id, "")),
            (self.tr("提交时间"), lambda p: _when(p.submitted_at)),
        ])
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.table = _table("proposal_review_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        set_column_widths(self.table, [(1, 180)])
        self.summary = ProposalSummaryView()
        self.approve_button = QPushButton(self.tr("批准(&A)…"))
        self.approve_button.setObjectName("approve_proposal")
        self.return_button = QPushButton(self.tr("退回(&R)…"))
        self.return_button.setObjectName("return_proposal")
        bar = QHBoxLayout()
        bar.addWidget(_hint(self.tr("核对需求、产品适当性、收费与实施计划后批准或退回")), 1)
        bar.addWidget(self.approve_button)
        bar.addWidget(self.return_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.summary, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([480, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.approve_button.clicked.connect(lambda: self.on_decide("approve"))
        self.return_button.clicked.connect(lambda: self.on_decide("return"))

    def reload(self) -> None:
        current = self.current_id()
        self.names = self.ctx.read(user_names)
        rows = [r for r in self.ctx.read(proposal_svc.list_proposals, status=ProposalStatus.SUBMITTED)
                if r.rm_id != self.ctx.actor.user_id]
        rows.sort(key=lambda r: r.submitted_at or r.updated_at)
        self.model.set_rows(rows)
        self._set_count(len(rows))
        row = next((i for i, r in enumerate(rows) if r.id == current), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self.show_proposal(self.current_id())

    def current_row(self) -> ProposalRow | None:
        return self.model.row_at(self.table.currentIndex().row())  # type: ignore[no-any-return]

    def current_id(self) -> str | None:
        row = self.current_row()
        return row.id if row else None

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        self.show_proposal(row.id if row else None)

    def show_proposal(self, proposal_id: str | None) -> None:
        if proposal_id is None:
            self.summary.show_pack(None, empty_text=self.tr("没有待审核的服务方案"))
        else:
            self.summary.show_pack(self.ctx.read(proposal_svc.get_proposal_pack, proposal_id=proposal_id))
        self.approve_button.setEnabled(proposal_id is not None)
        self.return_button.setEnabled(proposal_id is not None)

    def on_decide(self, suggested: str) -> None:
        row = self.current_row()
        if row is None:
            return
        subject = self.tr("{0}（{1}）").format(row.title, row.client_name)
        dialog = approve_or_return(self, self.tr("审核服务方案"), subject, suggested=suggested)
        answer = self.ask_decision(dialog)
        if answer is not None:
            self.decide(row.id, *answer)

    def decide(self, proposal_id: str, decision: str, comment: str) -> bool:
        fn = proposal_svc.approve_proposal if decision == "approve" else proposal_svc.return_proposal
        try:
            self.ctx.write(fn, entity="proposal", proposal_id=proposal_id, comment=comment)
        except DomainError as exc:
            self.warn(self.tr("无法完成审核"), exc)
            return False
        self.proposal_decided.emit(proposal_id, decision)
        return True


# --- visits -----------------------------------------------------------------------------------------


class VisitReviewTab(_ReviewTab):
    ENTITIES = ("visit", "sync")
    visit_reviewed = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model = RecordTableModel([
            (self.tr("日期"), lambda v: v.visit_on),
            (self.tr("客户"), lambda v: v.client_name),
            (self.tr("客户经理"), lambda v: v.rm_name),
            (self.tr("方式"), lambda v: label(VISIT_MODES, v.mode)),
            (self.tr("目的"), lambda v: v.purpose),
            (self.tr("达成"), lambda v: "" if v.goal_reached is None else ("✓" if v.goal_reached else "✗")),
            (self.tr("满意度"), lambda v: "★" * v.satisfaction if v.satisfaction else ""),
        ], highlight=lambda v: v.goal_reached is False)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.table = _table("visit_review_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        set_column_widths(self.table, ((0, 90), (1, 150), (2, 64), (3, 48), (5, 40), (6, 78)))
        self.detail = QTextBrowser()
        self.detail.setObjectName("visit_review_detail")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("visit_review_comment")
        self.comment.setPlaceholderText(self.tr("网点负责人点评：下次拜访的要点（Ctrl+Enter 提交）"))
        self.comment.setMaximumHeight(110)
        self.comment.setTabChangesFocus(True)
        self.review_button = QPushButton(self.tr("提交点评(&V)"))
        self.review_button.setObjectName("submit_review")
        self.review_button.setToolTip("Ctrl+Enter")
        comment_label = QLabel(self.tr("点评(&O)："))
        comment_label.setBuddy(self.comment)
        bar = QHBoxLayout()
        bar.addWidget(comment_label)
        bar.addStretch(1)
        bar.addWidget(self.review_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.comment)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([720, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.review_button.clicked.connect(self.on_review_clicked)
        self.comment.textChanged.connect(self.update_buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.comment, self.on_review_clicked,
                      Qt.ShortcutContext.WidgetShortcut)

    def reload(self) -> None:
        current = self.current_id()
        rows = [v for v in self.ctx.read(list_visits, awaiting_review=True, limit=VISIT_LIMIT)
                if v.rm_id != self.ctx.actor.user_id]
        self.model.set_rows(rows)
        self._set_count(len(rows), f"{len(rows)}+" if len(rows) >= VISIT_LIMIT else None)
        row = next((i for i, v in enumerate(rows) if v.id == current), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self.show_visit(self.current_id())

    def current_row(self) -> VisitRow | None:
        return self.model.row_at(self.table.currentIndex().row())  # type: ignore[no-any-return]

    def current_id(self) -> str | None:
        row = self.current_row()
        return row.id if row else None

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        self.show_visit(row.id if row else None)

    def show_visit(self, visit_id: str | None) -> None:
        if visit_id is None:
            empty = html.escape(self.tr("没有待点评的拜访记录"))
            self.detail.setHtml(f"<p style='color:#6b7280'>{empty}</p>")
        else:
            row = self.current_row()
            visit = self.ctx.read(get_visit, visit_id=visit_id)
            self.detail.setHtml(self._visit_html(visit, row))
        self.update_buttons()

    def _visit_html(self, visit: Any, row: VisitRow | None) -> str:
        e = html.escape
        head = self.tr("{0} · {1} · {2}").format(row.client_name if row else "", visit.visit_on.isoformat(),
                                             label(VISIT_MODES, visit.mode))
        rm = self.tr("客户经理：{0}").format(row.rm_name if row else "")
        parts = [f"<h3 style='margin-bottom:2px'>{e(head)}</h3>",
                 f"<p style='color:#4b5563; margin-top:0'>{e(rm)}</p>"]
        before = ((self.tr("客户概况"), visit.overview), (self.tr("拜访目的"), visit.purpose),
                  (self.tr("沟通人"), visit.contact_name), (self.tr("可能的需求"), visit.likely_needs),
                  (self.tr("可能的异议"), visit.likely_objections),
                  (self.tr("达成目标的方法"), visit.approach))
        reached = ""
        if visit.goal_reached is not None:
            reached = self.tr("是") if visit.goal_reached else self.tr("否")
        if visit.goal_reason:
            reached += f"（{visit.goal_reason}）"
        during = ((self.tr("实际会见"), visit.contact_met), (self.tr("获取的信息"), visit.information),
                  (self.tr("目标是否达成"), reached), (self.tr("下一步计划"), visit.next_steps),
                  (self.tr("客户满意度"), "★" * visit.satisfaction if visit.satisfaction else ""))
        for title, rows in ((self.tr("客户拜访前假设"), before), (self.tr("客户拜访中"), during)):
            parts.append(f"<h4 style='margin:10px 0 4px 0; color:#1e3a8a'>{e(title)}</h4>"
                         "<table cellpadding='3'>")
            for name, value in rows:
                if value:
                    parts.append(f"<tr><td valign='top' style='color:#6b7280; white-space:nowrap'>"
                                 f"{e(name)}</td><td>{e(str(value))}</td></tr>")
            parts.append("</table>")
        return "".join(parts)

    def update_buttons(self) -> None:
        written = bool(self.comment.toPlainText().strip())
        self.review_button.setEnabled(self.current_row() is not None and written)

    def on_review_clicked(self) -> None:
        visit_id = self.current_id()
        if visit_id is not None and self.comment.toPlainText().strip():
            self.review(visit_id, self.comment.toPlainText())

    def review(self, visit_id: str, comment: str) -> bool:
        try:
            self.ctx.write(review_visit, entity="visit", visit_id=visit_id, comment=comment)
        except DomainError as exc:
            self.warn(self.tr("无法提交点评"), exc)
            return False
        self.comment.clear()
        self.visit_reviewed.emit(visit_id)
        return True


# --- claims -----------------------------------------------------------------------------------------


class ClaimsTab(_ReviewTab):
    ENTITIES = ("claim", "client", "sync")
    claim_settled = Signal(str, bool)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.rivals: dict[str, list[str]] = {}
        self.model = RecordTableModel([
            (self.tr("客户"), lambda c: c.client_name),
            (self.tr("认领人"), lambda c: c.claimant_name),
            (self.tr("状态"), lambda c: label(CLAIM_STATUSES, c.status)),
            (self.tr("竞争认领人"), lambda c: "、".join(self.rivals.get(c.id, []))),
            (self.tr("认领理由"), lambda c: c.reason),
            (self.tr("认领时间"), lambda c: _when(c.created_at)),
        ], highlight=lambda c: c.contested)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.table = _table("claim_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        set_column_widths(self.table, ((0, 200), (1, 80), (2, 64), (3, 140), (5, 130)))
        self.detail = QLabel()
        self.detail.setObjectName("claim_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.grant_button = QPushButton(self.tr("批准认领(&G)…"))
        self.grant_button.setObjectName("grant_claim")
        self.reject_button = QPushButton(self.tr("驳回(&J)…"))
        self.reject_button.setObjectName("reject_claim")
        bar = QHBoxLayout()
        bar.addWidget(self.detail, 1)
        bar.addWidget(self.grant_button)
        bar.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(self.tr("客户池中的客户被认领后需网点负责人确认；同一客户被多人认领（黄色）时，"
                                       "批准其中一人，其余认领自动驳回。")))
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def _connect_signals(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_claim())
        self.grant_button.clicked.connect(lambda: self.on_settle(True))
        self.reject_button.clicked.connect(lambda: self.on_settle(False))

    def reload(self) -> None:
        current = self.current_id()
        rows = [c for c in self.ctx.read(list_claims) if c.status in OPEN_CLAIM_STATUSES]
        by_client: dict[str, list[ClaimRow]] = {}
        for claim in rows:
            by_client.setdefault(claim.client_id, []).append(claim)
        self.rivals = {c.id: [o.claimant_name for o in by_client[c.client_id] if o.id != c.id] for c in rows}
        self.model.set_rows(rows)
        contested = len({c.client_id for c in rows if c.contested})
        disputed = self.tr("，争议 {0}").format(contested) if contested else ""
        self._set_count(len(rows), f"{len(rows)}{disputed}")
        row = next((i for i, c in enumerate(rows) if c.id == current), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self.show_claim()

    def current_row(self) -> ClaimRow | None:
        return self.model.row_at(self.table.currentIndex().row())  # type: ignore[no-any-return]

    def current_id(self) -> str | None:
        row = self.current_row()
        return row.id if row else None

    def show_claim(self) -> None:
        claim = self.current_row()
        e = html.escape
        if claim is None:
            self.detail.setText(e(self.tr("没有待处理的客户认领")))
        elif claim.contested:
            rivals = "、".join(self.rivals.get(claim.id, []))
            self.detail.setText("<span style='color:#b45309'><b>" + e(self.tr("争议认领")) + "</b></span>　"
                                + e(self.tr("{0} 同时被 {1} 与 {2} 认领，请选择其一。").format(
                                    claim.client_name, claim.claimant_name, rivals)))
        else:
            text = self.tr("{0} 申请认领 {1}。").format(claim.claimant_name, claim.client_name)
            self.detail.setText(e(text))
        self.grant_button.setEnabled(claim is not None)
        self.reject_button.setEnabled(claim is not None)

    def on_settle(self, grant: bool) -> None:
        claim = self.current_row()
        if claim is None:
            return
        subject = self.tr("{0} 认领 {1}").format(claim.claimant_name, claim.client_name)
        if claim.contested:
            subject += "\n" + self.tr("竞争认领人：{0}（批准后其认领将自动驳回）").format(
                "、".join(self.rivals.get(claim.id, [])))
        dialog = DecisionDialog(self.tr("处理客户认领"), subject, [
            Choice("grant", self.tr("批准认领(&G)")),
            Choice("reject", self.tr("驳回(&J)"), comment_required=True, destructive=True),
        ], suggested="grant" if grant else "reject", prompt=self.tr("意见（驳回时必填）："), parent=self)
        answer = self.ask_decision(dialog)
        if answer is not None:
            self.settle(claim.id, answer[0] == "grant", answer[1])

    def settle(self, claim_id: str, grant: bool, comment: str) -> bool:
        try:
            self.ctx.write(settle_claim, entity="claim", claim_id=claim_id, grant=grant, comment=comment)
        except DomainError as exc:
            self.warn(self.tr("无法处理认领"), exc)
            return False
        self.ctx.data_changed.emit("client")  # a grant changes the client's owner
        self.claim_settled.emit(claim_id, grant)
        return True


# --- assignment -------------------------------------------------------------------------------------


class AssignTab(_ReviewTab):
    ENTITIES = ("client", "claim", "sync")
    clients_assigned = Signal(list, str)  # client ids, owner id

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model = ClientTableModel(ctx)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("assign_search")
        self.search.setPlaceholderText(self.tr("搜索客户：名称、拼音首字母、信用代码或电话尾号"))
        self.search.setClearButtonEnabled(True)
        self.pool_only = QCheckBox(self.tr("仅显示客户池（待分配）"))
        self.pool_only.setObjectName("assign_pool_only")
        self.pool_only.setChecked(True)
        self.total_label = QLabel()
        self.total_label.setObjectName("assign_total")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.pool_only)
        top.addWidget(self.total_label)
        self.table = _table("assign_table", multi=True)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.owner = QComboBox()
        self.owner.setObjectName("assign_owner")
        for user in self.ctx.read(list_staff, roles=(Role.RM,)):
            self.owner.addItem(user.display_name, user.id)
        owner_label = QLabel(self.tr("分配给客户经理(&K)："))
        owner_label.setBuddy(self.owner)
        self.selection_label = QLabel()
        self.selection_label.setObjectName("assign_selection")
        self.assign_button = QPushButton(self.tr("分配所选客户(&G)"))
        self.assign_button.setObjectName("assign_clients")
        bottom = QHBoxLayout()
        bottom.addWidget(self.selection_label, 1)
        bottom.addWidget(owner_label)
        bottom.addWidget(self.owner)
        bottom.addWidget(self.assign_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filter)
        self._debounce.timeout.connect(self.apply_filter)
        self.pool_only.toggled.connect(lambda _c: self.apply_filter())
        self.table.selectionModel().selectionChanged.connect(lambda _s, _d: self.update_buttons())
        self.assign_button.clicked.connect(self.on_assign_clicked)
        self.model.total_changed.connect(self.show_total)  # a long list is counted after it is shown

    def reload(self) -> None:
        self.apply_filter()
        pooled = self.ctx.read(count_clients, filters=ClientFilter(pooled=True))
        self._set_count(pooled, self.tr("待分配 {0}").format(pooled))

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(ClientFilter(text=self.search.text(), pooled=True if self.pool_only.isChecked()
                                           else None))
        self.show_total()
        self.update_buttons()

    def show_total(self) -> None:
        total = f"{self.model.total:,}" + ("" if self.model.total_exact else "+")
        self.total_label.setText(self.tr("共 {0} 个客户").format(total))

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [r.id for r in (self.model.row_at(i) for i in rows) if r is not None]

    def update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.selection_label.setText(self.tr("已选 {0} 个客户").format(count) if count
                                     else self.tr("在列表中选择客户（可按 Ctrl/Shift 多选）"))
        self.assign_button.setEnabled(count > 0 and self.owner.count() > 0)

    def on_assign_clicked(self) -> None:
        ids = self.selected_ids()
        owner_id = self.owner.currentData()
        if not ids or not owner_id:
            return
        question = self.tr("将所选 {0} 个客户分配给 {1}？").format(len(ids), self.owner.currentText())
        answer = QMessageBox.question(self, self.tr("分配客户"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.assign(ids, owner_id)

    def assign(self, client_ids: list[str], owner_id: str) -> bool:
        def run(*, session: Any, actor: Any) -> None:
            # One transaction: a refusal on any client assigns none of them.
            for client_id in client_ids:
                assign_client(session=session, actor=actor, client_id=client_id, owner_id=owner_id)

        try:
            self.ctx.write(run, entity="client")
        except DomainError as exc:
            self.warn(self.tr("无法分配客户"), exc)
            return False
        self.clients_assigned.emit(list(client_ids), owner_id)
        return True


# --- the screen -------------------------------------------------------------------------------------


class ApprovalsScreen(QWidget):
    """Five tabs; each title carries how many records wait for the head."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.plans_tab = PlanApprovalsTab(ctx)
        self.proposals_tab = ProposalApprovalsTab(ctx)
        self.visits_tab = VisitReviewTab(ctx)
        self.claims_tab = ClaimsTab(ctx)
        self.assign_tab = AssignTab(ctx)
        self.tab_list: list[tuple[_ReviewTab, str]] = [
            (self.plans_tab, self.tr("月度计划")),
            (self.proposals_tab, self.tr("服务方案")),
            (self.visits_tab, self.tr("拜访点评")),
            (self.claims_tab, self.tr("客户认领")),
            (self.assign_tab, self.tr("客户分配")),
        ]
        self._build()
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("approval_tabs")
        for tab, title in self.tab_list:
            self.tabs.addTab(tab, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def _connect_signals(self) -> None:
        for tab, _title in self.tab_list:
            tab.count_changed.connect(lambda _n, t=tab: self.on_count_changed(t))
        self.ctx.data_changed.connect(self.on_data_changed)
        for number, (tab, _title) in enumerate(self.tab_list, start=1):
            QShortcut(QKeySequence(f"Alt+{number}"), self,
                      lambda t=tab: self.tabs.setCurrentWidget(t))

    def reload(self) -> None:
        for tab, _title in self.tab_list:
            tab.reload()

    def tab_title(self, tab: _ReviewTab) -> str:
        return self.tabs.tabText(self.tabs.indexOf(tab))

    def on_count_changed(self, tab: _ReviewTab) -> None:
        title = next(t for w, t in self.tab_list if w is tab)
        self.tabs.setTabText(self.tabs.indexOf(tab), f"{title} ({tab.count_text})")

    def on_data_changed(self, entity: str) -> None:
        for tab, _title in self.tab_list:
            if entity in tab.ENTITIES:
                tab.reload()

