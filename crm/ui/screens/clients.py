"""客户 screen: search-as-you-type over a lazily fetched list, filters, detail and new prospects."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import ClientKind, ClientStatus, ClientTier
from crm.services.clients import ClientFilter
from crm.ui.context import AppContext
from crm.ui.labels import CLIENT_KINDS, CLIENT_STATUSES, INDUSTRIES, label
from crm.ui.models.client_table_model import ClientTableModel

SEARCH_DEBOUNCE_MS = 150


class ClientsScreen(QWidget):
    client_selected = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = ClientTableModel(ctx)
        self._build()
        self._connect_signals()
        self.apply_filters()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("client_search")
        self.search.setPlaceholderText(self.tr("搜索：名称、拼音首字母、信用代码或电话尾号（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.kind = self._combo([(None, self.tr("全部类型"))] + [(k, label(CLIENT_KINDS, k)) for k in ClientKind])
        self.status = self._combo([(None, self.tr("全部状态"))]
                                  + [(s, label(CLIENT_STATUSES, s)) for s in ClientStatus])
        self.tier = self._combo([(None, self.tr("全部层级"))] + [(t, t.value) for t in ClientTier])
        self.industry = self._combo([(None, self.tr("全部行业"))]
                                    + [(code, f"{code} {label(INDUSTRIES, code)}") for code in INDUSTRIES])
        self.owner = self._combo([(None, self.tr("全部客户经理")), ("__pool__", self.tr("待认领（客户池）"))])
        self.owner.setVisible(self.ctx.actor.is_branch_head)
        self.risk = self._combo([(None, self.tr("全部风险等级"))]
                                + [(g, g) for g in ("正常", "关注", "次级", "可疑", "损失")])
        self.without_loans = QCheckBox(self.tr("无贷户"))
        self.effective = QCheckBox(self.tr("有效户"))
        self.new_button = QPushButton(self.tr("新建客户(&N)"))
        self.new_button.setObjectName("new_client")
        self.count_label = QLabel()
        self.count_label.setObjectName("client_count")

        filters = QHBoxLayout()
        for w in (self.kind, self.status, self.tier, self.industry, self.owner, self.risk):
            filters.addWidget(w)
        filters.addWidget(self.without_loans)
        filters.addWidget(self.effective)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.new_button)

        self.table = QTableView()
        self.table.setObjectName("client_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(26)

        from crm.ui.screens.client_detail import ClientDetail

        self.detail = ClientDetail(self.ctx)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        # The selected client's detail loads just after the list is painted, once per burst of changes.
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(0)
        self._pending_detail: tuple[str | None, str | None] = (None, None)
        if self.ctx.actor.is_branch_head:
            self._fill_owners()

    def _combo(self, items: list[tuple[object, str]]) -> QComboBox:
        combo = QComboBox()
        for value, text in items:
            combo.addItem(text, value)
        return combo

    def _fill_owners(self) -> None:
        from crm.services.org import list_staff

        for user in self.ctx.read(list_staff):
            self.owner.addItem(user.display_name, user.id)

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self.on_search_edited)
        self.search.returnPressed.connect(self.apply_filters)
        self._debounce.timeout.connect(self.apply_filters)
        for combo in (self.kind, self.status, self.tier, self.industry, self.owner, self.risk):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.without_loans.toggled.connect(lambda _c: self.apply_filters())
        self.effective.toggled.connect(lambda _c: self.apply_filters())
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self._detail_timer.timeout.connect(self.on_detail_due)
        self.model.total_changed.connect(self.show_count)
        self.model.modelReset.connect(self._fit_columns)
        self.new_button.clicked.connect(self.on_new_client)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        self.ctx.data_changed.connect(self.on_data_changed)

    # -- behaviour -------------------------------------------------------------------------------

    def current_filter(self) -> ClientFilter:
        owner = self.owner.currentData()
        return ClientFilter(
            text=self.search.text(),
            kinds=[self.kind.currentData()] if self.kind.currentData() else [],
            statuses=[self.status.currentData()] if self.status.currentData() else [],
            tiers=[self.tier.currentData()] if self.tier.currentData() else [],
            industry=self.industry.currentData(),
            owner_id=owner if owner and owner != "__pool__" else None,
            pooled=True if owner == "__pool__" else None,
            risk_grade=self.risk.currentData(),
            without_loans=True if self.without_loans.isChecked() else None,
            effective_account=True if self.effective.isChecked() else None,
        )

    def on_search_edited(self, _text: str) -> None:
        # The list is about to change: a count of the current one is no longer worth a core.
        self.model.stop_counting()
        self._debounce.start()

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self.show_count()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self._detail_timer.stop()
            self.detail.show_client(None)

    def show_count(self) -> None:
        total = f"{self.model.total:,}" + ("" if self.model.total_exact else "+")
        self.count_label.setText(self.tr("共 {0} 个客户").format(total))

    def _fit_columns(self) -> None:
        # Once, from the first rows: wide enough for the headers and values in either language, and
        # then left alone (the user may drag them); the name column takes the rest.
        if self.model.rowCount() and not getattr(self, "_columns_fitted", False):
            self._columns_fitted = True
            for column in range(1, self.model.columnCount()):
                self.table.resizeColumnToContents(column)

    def on_current_row_changed(self, current: object, _previous: object) -> None:
        row = self.model.row_at(current.row())  # type: ignore[attr-defined]
        client_id = row.id if row else None
        # Deferred so that typing never waits for a detail it has already moved past; dropped if
        # something shows another client explicitly before it is due.
        self._pending_detail = (client_id, self.detail.client_id)
        self._detail_timer.start()
        if row:
            self.client_selected.emit(row.id)

    def on_detail_due(self) -> None:
        client_id, shown_when_chosen = self._pending_detail
        if self.detail.client_id == shown_when_chosen and client_id != self.detail.client_id:
            self.detail.show_client(client_id)

    def on_data_changed(self, entity: str) -> None:
        if entity in ("client", "contact", "holding", "sync"):
            selected = self.detail.client_id
            self.model.reload()
            self.show_count()
            self._detail_timer.stop()
            self.detail.show_client(selected)

    def on_new_client(self) -> None:
        from crm.ui.dialogs.new_client import NewClientDialog

        dialog = NewClientDialog(self.ctx, self)
        if dialog.exec() and dialog.created_id:
            self.search.setText("")
            self.apply_filters()
            self.detail.show_client(dialog.created_id)
