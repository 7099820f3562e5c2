"""The product catalogue as a table, with the wealth risk level (R1–R5) colour-coded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from crm.domain.enums import ProductFamily, ProductRisk
from crm.domain.models import Product
from crm.ui.labels import LIQUIDITIES, PRODUCT_FAMILIES, fen_to_yuan, label, product_risk_label

Index = QModelIndex | QPersistentModelIndex

#: (background, text) per risk level: green for the safest, red for the riskiest, as bank leaflets do.
RISK_COLOURS: dict[ProductRisk, tuple[str, str]] = {
    ProductRisk.R1: ("#dcfce7", "#166534"),
    ProductRisk.R2: ("#e0f2fe", "#075985"),
    ProductRisk.R3: ("#fef9c3", "#854d0e"),
    ProductRisk.R4: ("#ffedd5", "#9a3412"),
    ProductRisk.R5: ("#fee2e2", "#991b1b"),
}
_INACTIVE = QColor("#8a8f98")


def catalogue_order(products: Sequence[Product]) -> list[Product]:
    """Families in the order the bank presents them (deposits first), then by code."""
    rank = {family: n for n, family in enumerate(ProductFamily)}
    return sorted(products, key=lambda p: (rank.get(ProductFamily(p.family), len(rank)), p.code))


def rate_display(product: Product) -> str:
    """The indicative rate as a figure when the catalogue gives one, else its wording."""
    return f"{product.rate_pct:.2f}%" if product.rate_pct is not None else product.rate_text


class ProductTableModel(QAbstractTableModel):
    COLUMNS = ("code", "name", "family", "risk", "liquidity", "term", "rate", "min_amount", "fee")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Product] = []

    def set_rows(self, rows: Sequence[Product]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Product | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, product_id: str) -> int:
        return next((i for i, p in enumerate(self.rows) if p.id == product_id), -1)

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (self.tr("代码"), self.tr("产品名称"), self.tr("类别"), self.tr("风险等级"),
                  self.tr("流动性"), self.tr("期限"), self.tr("参考利率/收益"), self.tr("起购金额（元）"),
                  self.tr("收费标准"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        product = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(product, column)
        if role == Qt.ItemDataRole.UserRole:
            return product.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return {"rate": product.rate_text, "fee": product.fee_standard, "name": product.description,
                    "term": product.term}.get(column) or None
        if column == "risk" and product.risk is not None:
            background, text = RISK_COLOURS[ProductRisk(product.risk)]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(text))
        if role == Qt.ItemDataRole.ForegroundRole and not product.active:
            return QBrush(_INACTIVE)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == "min_amount":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == "risk":
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, product: Product, column: str) -> str:
        match column:
            case "code":
                return product.code
            case "name":
                return product.name if product.active else self.tr("{0}（停售）").format(product.name)
            case "family":
                return label(PRODUCT_FAMILIES, product.family)
            case "risk":
                return product_risk_label(ProductRisk(product.risk)) if product.risk else ""
            case "liquidity":
                return label(LIQUIDITIES, product.liquidity)
            case "term":
                return product.term
            case "rate":
                return rate_display(product)
            case "min_amount":
                return fen_to_yuan(product.min_amount_fen) if product.min_amount_fen else ""
            case "fee":
                return product.fee_standard
        return ""
