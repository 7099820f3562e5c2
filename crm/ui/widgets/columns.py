"""Column widths that never clip a header: a layout's preferred width, widened to the header's text."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QTableView


def set_column_widths(table: QTableView, widths: Iterable[tuple[int, int]]) -> None:
    """Give each (column, width) at least the width its header title needs in the current language:
    the widths were chosen for the Chinese titles, and English ones ("Relationship manager") are
    longer. The user can still drag a column narrower."""
    header = table.horizontalHeader()
    for column, width in widths:
        table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
