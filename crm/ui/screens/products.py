"""产品 screen: the catalogue with its filters and details, pitching a product, and the pitches per client."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import PitchStage, ProductFamily, ProductRisk
from crm.domain.errors import DomainError
from crm.domain.models import Product
from crm.domain.rules.workflow import PITCH_MACHINE
from crm.services.pitches import PitchRow, advance_pitch, list_pitches
from crm.services.products import list_products
from crm.ui.context import AppContext
from crm.ui.dialogs.pitch import PitchDialog, problem_text
from crm.ui.labels import (
    DISCLOSURES,
    LIQUIDITIES,
    PITCH_STAGES,
    PRODUCT_FAMILIES,
    fen_to_yuan,
    label,
    product_risk_label,
)
from crm.ui.models.product_table_model import RISK_COLOURS, ProductTableModel, catalogue_order, rate_display
from crm.ui.models.record_table_model import RecordTableModel
from crm.ui.widgets.columns import set_column_widths
from crm.ui.widgets.pickers import ClientPicker

SEARCH_DEBOUNCE_MS = 150

#: The stage buttons, in pipeline order: (target stage, workflow transition, button text).
_STAGE_ACTIONS = (
    (PitchStage.INTERESTED, "interest"),
    (PitchStage.APPLIED, "apply"),
    (PitchStage.WON, "win"),
    (PitchStage.LOST, "lose"),
    (PitchStage.PROPOSED, "reopen"),
)


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class ProductDetail(QTextBrowser):
    """One product as the RM explains it: terms, fees, and the risk disclosures of a wealth product."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("product_detail")
        self.setOpenLinks(False)
        self.show_product(None)

    def show_product(self, product: Product | None) -> None:
        if product is None:
            empty = html.escape(self.tr("选择一个产品查看详情"))
            self.setHtml(f"<p style='color:#6b7280'>{empty}</p>")
            return
        e = html.escape
        rows = [
            (self.tr("产品代码"), product.code),
            (self.tr("类别"), label(PRODUCT_FAMILIES, product.family)),
            (self.tr("期限"), product.term),
            (self.tr("流动性"), label(LIQUIDITIES, product.liquidity)),
            (self.tr("参考利率/收益"), product.rate_text or rate_display(product)),
            (self.tr("起购金额"), self.tr("{0} 元").format(fen_to_yuan(product.min_amount_fen))
             if product.min_amount_fen else self.tr("不限")),
            (self.tr("收费标准"), product.fee_standard),
            (self.tr("目标客户"), product.target_clients),
        ]
        risk = ""
        if product.risk:
            background, colour = RISK_COLOURS[ProductRisk(product.risk)]
            risk = (f"&nbsp;<span style='background:{background}; color:{colour}; font-weight:600'>"
                    f"&nbsp;{e(product_risk_label(ProductRisk(product.risk)))}&nbsp;</span>")
        parts = [f"<h3 style='margin-bottom:4px'>{e(product.name)}{risk}</h3>"]
        if product.description:
            parts.append(f"<p style='color:#374151'>{e(product.description)}</p>")
        parts.append("<table cellspacing='0' cellpadding='3'>")
        for title, value in rows:
            if value:
                parts.append(f"<tr><td style='color:#6b7280; white-space:nowrap' valign='top'>{e(title)}</td>"
                             f"<td>{e(value)}</td></tr>")
        parts.append("</table>")
        if product.family == ProductFamily.WEALTH:
            heading = self.tr("理财风险提示")
            parts.append(f"<p style='margin-top:8px'><b>{e(heading)}</b></p><ul>")
            for code in product.disclosures:
                parts.append(f"<li>{e(label(DISCLOSURES, code))}</li>")
            warning = self.tr("理财非存款，产品有风险，投资须谨慎。过往业绩不代表未来表现。")
            parts.append(f"</ul><p style='color:#b45309'>{e(warning)}</p>")
        self.setHtml("".join(parts))


class ProductsScreen(QWidget):
    product_selected = Signal(str)
    pitch_recorded = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = ProductTableModel()
        self.pitch_model = RecordTableModel([
            (self.tr("客户"), lambda p: p.client_name),
            (self.tr("产品"), lambda p: p.product_name),
            (self.tr("风险"), lambda p: p.product_risk.value if p.product_risk else ""),
            (self.tr("金额（元）"), lambda p: fen_to_yuan(p.amount_fen) if p.amount_fen else ""),
            (self.tr("阶段"), lambda p: label(PITCH_STAGES, p.stage)),
            (self.tr("阶段更新"), lambda p: p.stage_changed_at.date()),
            (self.tr("越权"), lambda p: "✓" if p.override_id else ""),
            (self.tr("失败原因"), lambda p: p.lost_reason),
        ], highlight=lambda p: p.override_id is not None)
        self._build()
        self._connect_signals()
        self.apply_filters()
        self.reload_pitches()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.family = QComboBox()
        self.family.setObjectName("product_family")
        self.family.addItem(self.tr("全部类别"), None)
        for family in ProductFamily:
            self.family.addItem(label(PRODUCT_FAMILIES, family), family)
        self.search = QLineEdit()
        self.search.setObjectName("product_search")
        self.search.setPlaceholderText(self.tr("搜索：代码、名称、目标客户或说明（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.include_inactive = QCheckBox(self.tr("含停售产品"))
        self.count_label = QLabel()
        self.count_label.setObjectName("product_count")
        self.pitch_button = QPushButton(self.tr("向客户推荐(&P)…"))
        self.pitch_button.setObjectName("pitch_product")
        self.pitch_button.setToolTip(self.tr("Ctrl+N"))

        filters = QHBoxLayout()
        filters.addWidget(self.family)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.include_inactive)
        filters.addWidget(self.count_label)
        filters.addWidget(self.pitch_button)

        self.table = _table("product_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        set_column_widths(self.table, enumerate((100, 200, 64, 96, 72, 120, 100, 110)))
        self.detail = ProductDetail()

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self.detail)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([900, 340])

        pitches = QGroupBox(self.tr("产品营销记录"))
        self.pitch_client = ClientPicker(self.ctx, self)
        self.pitch_client.setObjectName("pitch_client_filter")
        self.pitch_client.setPlaceholderText(self.tr("按客户筛选（留空显示全部）"))
        self.pitch_stage = QComboBox()
        self.pitch_stage.setObjectName("pitch_stage_filter")
        self.pitch_stage.addItem(self.tr("全部阶段"), None)
        for stage in PitchStage:
            self.pitch_stage.addItem(label(PITCH_STAGES, stage), stage)
        self.pitch_count = QLabel()
        self.pitch_count.setObjectName("pitch_count")
        texts = {
            "interest": self.tr("有意向(&I)"), "apply": self.tr("已申请(&A)"), "win": self.tr("成功(&W)"),
            "lose": self.tr("失败(&L)…"), "reopen": self.tr("重新推荐(&R)"),
        }
        self.stage_buttons: dict[str, QPushButton] = {}
        for _stage, name in _STAGE_ACTIONS:
            button = QPushButton(texts[name])
            button.setObjectName(f"pitch_{name}")
            button.setEnabled(False)
            self.stage_buttons[name] = button
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("客户：")))
        bar.addWidget(self.pitch_client, 2)
        bar.addWidget(self.pitch_stage)
        bar.addWidget(self.pitch_count)
        bar.addStretch(1)
        for button in self.stage_buttons.values():
            bar.addWidget(button)
        self.pitch_table = _table("pitch_table")
        self.pitch_table.setModel(self.pitch_model)
        pitch_header = self.pitch_table.horizontalHeader()
        pitch_header.setStretchLastSection(True)
        set_column_widths(self.pitch_table, enumerate((220, 230, 52, 120, 72, 96, 48)))
        pitch_layout = QVBoxLayout(pitches)
        pitch_layout.addLayout(bar)
        pitch_layout.addWidget(self.pitch_table)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(pitches)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)

    def _connect_signals(self) -> None:
        self.family.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filters)
        self._debounce.timeout.connect(self.apply_filters)
        self.include_inactive.toggled.connect(lambda _c: self.apply_filters())
        self.table.selectionModel().currentRowChanged.connect(self.on_product_row_changed)
        self.table.activated.connect(self.on_product_activated)
        self.pitch_button.clicked.connect(self.on_pitch_clicked)
        self.pitch_client.client_chosen.connect(lambda _id: self.reload_pitches())
        self.pitch_stage.currentIndexChanged.connect(lambda _i: self.reload_pitches())
        self.pitch_table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self.update_stage_buttons())
        for stage, name in _STAGE_ACTIONS:
            self.stage_buttons[name].clicked.connect(lambda _c=False, s=stage: self.on_stage_clicked(s))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.on_pitch_clicked)
        self.ctx.data_changed.connect(self.on_data_changed)

    # -- catalogue -------------------------------------------------------------------------------

    def apply_filters(self) -> None:
        self._debounce.stop()
        current = self.current_product()
        products = self.ctx.read(list_products, family=self.family.currentData(),
                                 active_only=not self.include_inactive.isChecked(), text=self.search.text())
        products = catalogue_order(products)
        self.model.set_rows(products)
        self.count_label.setText(self.tr("共 {0} 个产品").format(len(products)))
        row = self.model.row_of(current.id) if current else -1
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))
        else:
            self.detail.show_product(None)
        self.pitch_button.setEnabled(True)

    def current_product(self) -> Product | None:
        return self.model.row_at(self.table.currentIndex().row())

    def select_product(self, product_id: str) -> None:
        row = self.model.row_of(product_id)
        if row >= 0:
            self.table.selectRow(row)

    def on_product_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        product = self.model.row_at(current.row())
        self.detail.show_product(product)
        if product is not None:
            self.product_selected.emit(product.id)

    def on_product_activated(self, _index: QModelIndex) -> None:
        self.on_pitch_clicked()

    # -- pitching --------------------------------------------------------------------------------

    def make_pitch_dialog(self) -> PitchDialog:
        product = self.current_product()
        client_id = self.pitch_client.client_id
        return PitchDialog(self.ctx, self, product_id=product.id if product else None,
                           client_id=client_id or None,
                           client_name=self.pitch_client.text() if client_id else "")

    def on_pitch_clicked(self) -> None:
        dialog = self.make_pitch_dialog()
        dialog.pitch_recorded.connect(self.on_pitch_recorded)
        dialog.exec()
        dialog.deleteLater()

    def on_pitch_recorded(self, pitch_id: str) -> None:
        self.reload_pitches()
        self.select_pitch(pitch_id)
        self.pitch_recorded.emit(pitch_id)

    # -- pitches ---------------------------------------------------------------------------------

    def reload_pitches(self) -> None:
        current = self.current_pitch()
        rows = self.ctx.read(list_pitches, client_id=self.pitch_client.client_id or None,
                             stage=self.pitch_stage.currentData())
        self.pitch_model.set_rows(rows)
        self.pitch_count.setText(self.tr("{0} 条").format(len(rows)))
        if current:
            self.select_pitch(current.id)
        self.update_stage_buttons()

    def current_pitch(self) -> PitchRow | None:
        return self.pitch_model.row_at(self.pitch_table.currentIndex().row())  # type: ignore[no-any-return]

    def select_pitch(self, pitch_id: str) -> None:
        row = next((i for i, p in enumerate(self.pitch_model.rows) if p.id == pitch_id), -1)
        if row >= 0:
            self.pitch_table.selectRow(row)
        self.update_stage_buttons()

    def update_stage_buttons(self) -> None:
        pitch = self.current_pitch()
        for _stage, name in _STAGE_ACTIONS:
            allowed = pitch is not None and PITCH_MACHINE.can(PitchStage(pitch.stage), name,
                                                              self.ctx.actor.role)
            self.stage_buttons[name].setEnabled(allowed)

    def ask_lost_reason(self) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("营销失败"), self.tr("失败原因（必填）："))
        return text.strip() if ok and text.strip() else None

    def on_stage_clicked(self, stage: PitchStage) -> None:
        pitch = self.current_pitch()
        if pitch is None:
            return
        reason = ""
        if stage is PitchStage.LOST:
            asked = self.ask_lost_reason()
            if asked is None:
                return
            reason = asked
        self.advance(pitch.id, stage, reason)

    def advance(self, pitch_id: str, stage: PitchStage, lost_reason: str = "") -> bool:
        try:
            self.ctx.write(advance_pitch, entity="pitch", pitch_id=pitch_id, stage=stage,
                           lost_reason=lost_reason)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("无法更新阶段"), problem_text(exc, self.ctx.language))
            return False
        self.select_pitch(pitch_id)
        return True

    def on_data_changed(self, entity: str) -> None:
        if entity in ("pitch", "override", "client", "sync"):
            self.reload_pitches()
        if entity in ("product", "sync"):
            self.apply_filters()
