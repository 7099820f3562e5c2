"""Pieces several documents share: fast styled tables, title blocks, note boxes and writing lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

from crm.reports.base import GRID, INK, MUTED, Align, DocKit, break_lines
from crm.reports.fonts import FONT_BOLD, FONT_REGULAR

__all__ = [
    "FastTable",
    "digest_of",
    "grid",
    "kv_grid",
    "note_box",
    "paragraphs",
    "right_lines",
    "title_block",
    "writing_lines",
]


# ReportLab's CJK line breaker keeps a closing mark that "cannot start a line" on the line before (it
# hangs into the margin), but its list lacks the full-width comma, semicolon, colon and a few others,
# so paragraphs printed lines starting with "，". Completing the list only changes where lines break.
_NO_LINE_START = "，；：！？》”’…"
for _module in (_rl_textsplit, _rl_paragraph):  # single-run and mixed-run paragraphs each read their own
    _missing = "".join(c for c in _NO_LINE_START if c not in _module.ALL_CANNOT_START)
    if _missing:
        _module.ALL_CANNOT_START += _missing


def digest_of(data: BaseModel) -> Any:
    """The JSON-able summary of a document's data whose hash goes into its QR code."""
    return data.model_dump(mode="json")


# ----------------------------------------------------------------------------------------- FastTable

_PAD = 3.0
_VPAD = 2.6


@dataclass
class _Spec:
    """What every piece of one FastTable shares."""

    widths: list[float]
    align: list[str]  # LEFT / CENTER / RIGHT per column
    font_size: float
    leading: float
    header: list[Any] | None  # prepared cells of the header row
    header_height: float
    grid_color: colors.Color
    frame_color: colors.Color
    head_fill: colors.Color
    cell_fill: dict[tuple[int, int], colors.Color] = field(default_factory=dict)  # (col, row) -> fill
    col_fill: dict[int, colors.Color] = field(default_factory=dict)
    col_color: dict[int, colors.Color] = field(default_factory=dict)  # text colour per column
    bold_rows: set[int] = field(default_factory=set)
    rule_above: set[int] = field(default_factory=set)  # rows with a brand-coloured rule above (totals)


class FastTable(Flowable):
    """A bordered table whose text is drawn with one text object per page piece.

    ReportLab's Table draws every cell with its own text object, which dominates the build time of
    long documents (a ledger book has ~80 cells a page); this draws the same look several times faster.
    Cells are pre-broken lines (tuples of str) or flowables; rows split across pages with the header
    repeated. Row heights are measured once.
    """

    def __init__(self, spec: _Spec, rows: list[list[Any]], heights: list[float], first_row: int = 0) -> None:
        super().__init__()
        self._spec = spec
        self._rows = rows
        self._heights = heights
        self._first = first_row  # index of rows[0] in the whole table (for fills and zebra)
        self.hAlign = "LEFT"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = sum(self._spec.widths)
        self.height = self._spec.header_height + sum(self._heights)
        return self.width, self.height

    def min_start_height(self) -> float:
        return self._spec.header_height + (self._heights[0] if self._heights else 0.0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        room = availHeight - self._spec.header_height
        used, count = 0.0, 0
        for h in self._heights:
            if used + h > room + 1e-6:
                break
            used += h
            count += 1
        if count == 0 or count >= len(self._rows):
            return [] if count == 0 else [self]
        return [
            FastTable(self._spec, self._rows[:count], self._heights[:count], self._first),
            FastTable(self._spec, self._rows[count:], self._heights[count:], self._first + count),
        ]

    def draw(self) -> None:
        spec = self._spec
        canv = self.canv
        lefts = [0.0]
        for w in spec.widths:
            lefts.append(lefts[-1] + w)
        width = lefts[-1]
        items: list[tuple[list[Any], float, int | None]] = []  # cells, height, row index (None: header)
        if spec.header is not None:
            items.append((spec.header, spec.header_height, None))
        items += [
            (cells, h, self._first + i)
            for i, (cells, h) in enumerate(zip(self._rows, self._heights, strict=True))
        ]
        bottoms: list[float] = []
        y = self.height
        for _cells, h, _r in items:
            y -= h
            bottoms.append(y)
        canv.saveState()
        # fills
        for (_cells, h, r), bottom in zip(items, bottoms, strict=True):
            if r is None:
                canv.setFillColor(spec.head_fill)
                canv.rect(0, bottom, width, h, stroke=0, fill=1)
                continue
            for c, colour in spec.col_fill.items():
                canv.setFillColor(colour)
                canv.rect(lefts[c], bottom, spec.widths[c], h, stroke=0, fill=1)
            for c in range(len(spec.widths)):
                colour = spec.cell_fill.get((c, r))
                if colour is not None:
                    canv.setFillColor(colour)
                    canv.rect(lefts[c], bottom, spec.widths[c], h, stroke=0, fill=1)
        # text: one text object
        text = canv.beginText()
        size, leading = spec.font_size, spec.leading
        widths = {FONT_REGULAR: pdfmetrics.getFont(FONT_REGULAR), FONT_BOLD: pdfmetrics.getFont(FONT_BOLD)}
        current: tuple[str, Any] | None = None
        flowables: list[tuple[Flowable, int, float, float]] = []
        for (cells, h, r), bottom in zip(items, bottoms, strict=True):
            font = FONT_BOLD if r is None or r in spec.bold_rows else FONT_REGULAR
            for c, cell in enumerate(cells):
                if isinstance(cell, Flowable):
                    flowables.append((cell, c, bottom, h))
                    continue
                if not cell or not any(cell):
                    continue
                colour = colors.white if r is None else spec.col_color.get(c, INK)
                if current != (font, colour):
                    text.setFont(font, size, leading)
                    text.setFillColor(colour)
                    current = (font, colour)
                how = "CENTER" if r is None else spec.align[c]
                inner = spec.widths[c] - 2 * _PAD
                baseline = bottom + (h + len(cell) * leading) / 2 - size
                for line in cell:
                    if line:
                        if how == "LEFT":
                            x = lefts[c] + _PAD
                        else:
                            slack = inner - widths[font].stringWidth(line, size)
                            x = lefts[c] + _PAD + (slack if how == "RIGHT" else slack / 2)
                        text.setTextOrigin(x, baseline)
                        text.textLine(line)
                    baseline -= leading
        canv.drawText(text)
        for flowable, c, bottom, h in flowables:
            _fw, fh = flowable.wrapOn(canv, spec.widths[c] - 2 * _PAD, h)
            flowable.drawOn(canv, lefts[c] + _PAD, bottom + (h - fh) / 2)
        # grid, then the frame and rules in the brand colour
        segments = [(x, 0.0, x, self.height) for x in lefts[1:-1]]
        segments += [(0.0, b, width, b) for b in bottoms[:-1]]
        canv.setStrokeColor(spec.grid_color)
        canv.setLineWidth(0.3)
        if segments:
            canv.lines(segments)
        canv.setStrokeColor(spec.frame_color)
        canv.setLineWidth(0.7)
        for (_cells, h, r), bottom in zip(items, bottoms, strict=True):
            if r is not None and r in spec.rule_above:
                canv.line(0, bottom + h, width, bottom + h)
        canv.rect(0, 0, width, self.height, stroke=1, fill=0)
        canv.restoreState()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _prepare(value: Any, font: str, size: float, width: float, max_lines: int = 40) -> Any:
    if isinstance(value, Flowable):
        return value
    lines = break_lines(_text(value), font, size, max(width, size))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return tuple(lines)


def _height(cells: Sequence[Any], widths: Sequence[float], leading: float, minimum: float = 0.0) -> float:
    tallest = leading
    for c, cell in enumerate(cells):
        if isinstance(cell, Flowable):
            tallest = max(tallest, cell.wrap(widths[c] - 2 * _PAD, 1e6)[1])
        else:
            tallest = max(tallest, len(cell) * leading)
    return max(minimum, tallest + 2 * _VPAD)


def grid(
    kit: DocKit,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    align: Sequence[Align] | None = None,
    total: Sequence[Any] | None = None,
    width: float | None = None,
    zebra: bool = True,
    font_size: float = 8.5,
    fills: Sequence[tuple[int, int, colors.Color]] = (),
    min_row_height: float | None = None,
    bold_rows: Sequence[int] = (),
) -> FastTable:
    """A bordered table in the bank's colours: header row on the brand colour (repeated after a page
    break), optional zebra stripes and a bold 合计 row; text wraps between hanzi.

    ``widths`` are relative weights over ``width`` (default the frame width); ``fills`` colour single
    cells as (column, body row, colour); ``bold_rows`` (body row indices) print bold on a tint, for
    subtotals. Cells are text or flowables.
    """
    s = kit.styles
    count = len(widths)
    total_width = width if width is not None else kit.width
    scale = total_width / float(sum(widths))
    col_widths = [w * scale for w in widths]
    inner = [w - 2 * _PAD for w in col_widths]
    leading = round(font_size * 1.35, 2)
    bold = set(bold_rows)
    body = [
        [
            _prepare(v, FONT_BOLD if n in bold else FONT_REGULAR, font_size, inner[i])
            for i, v in enumerate(row)
        ]
        for n, row in enumerate(rows)
    ]
    rules = set()
    if total is not None:
        bold.add(len(body))
        rules.add(len(body))
        body.append([_prepare(v, FONT_BOLD, font_size, inner[i]) for i, v in enumerate(total)])
    head = None
    head_height = 0.0
    if header is not None:
        head = [_prepare(h, FONT_BOLD, font_size, inner[i]) for i, h in enumerate(header)]
        head_height = _height(head, col_widths, leading)
    spec = _Spec(
        widths=col_widths,
        align=list(align) if align is not None else ["LEFT"] * count,
        font_size=font_size,
        leading=leading,
        header=head,
        header_height=head_height,
        grid_color=GRID,
        frame_color=s.primary,
        head_fill=s.head_fill,
        bold_rows=bold,
        rule_above=rules,
    )
    if zebra:
        for r in range(1, len(body) - (1 if total is not None else 0), 2):
            for c in range(count):
                spec.cell_fill[(c, r)] = s.stripe_fill
    for r in bold:
        for c in range(count):
            spec.cell_fill[(c, r)] = s.label_fill
    for c, r, colour in fills:
        spec.cell_fill[(c, r)] = colour
    heights = [_height(cells, col_widths, leading, min_row_height or 0.0) for cells in body]
    return FastTable(spec, body, heights)


def kv_grid(
    kit: DocKit,
    pairs: Sequence[tuple[str, Any]],
    *,
    columns: int = 1,
    label_ratio: float = 0.34,
    width: float | None = None,
    font_size: float = 8.5,
) -> FastTable:
    """A label/value grid (客户基础信息表-style), like ``DocKit.kv_table`` but drawn fast."""
    s = kit.styles
    pair_width = (width if width is not None else kit.width) / columns
    col_widths = [pair_width * label_ratio, pair_width * (1 - label_ratio)] * columns
    inner = [w - 2 * _PAD for w in col_widths]
    leading = round(font_size * 1.35, 2)
    body: list[list[Any]] = []
    for start in range(0, len(pairs), columns):
        line: list[Any] = []
        for i, (label, value) in enumerate(pairs[start : start + columns]):
            line += [
                _prepare(label, FONT_REGULAR, font_size, inner[2 * i]),
                _prepare(value, FONT_REGULAR, font_size, inner[2 * i + 1]),
            ]
        line += [()] * (2 * columns - len(line))
        body.append(line)
    spec = _Spec(
        widths=col_widths,
        align=["LEFT"] * (2 * columns),
        font_size=font_size,
        leading=leading,
        header=None,
        header_height=0.0,
        grid_color=GRID,
        frame_color=GRID,
        head_fill=s.head_fill,
        col_fill={2 * c: s.label_fill for c in range(columns)},
        col_color={2 * c: MUTED for c in range(columns)},
    )
    heights = [_height(cells, col_widths, leading, 0.0) + 1.0 for cells in body]
    return FastTable(spec, body, heights)


# ------------------------------------------------------------------------------------ other pieces


def title_block(kit: DocKit, title: str, subtitle: str = "", meta: str = "") -> list[Flowable]:
    """The document's title, centred, with a subtitle and a small line of reference data."""
    out: list[Flowable] = [kit.para(title, "title")]
    if subtitle:
        out.append(kit.para(subtitle, "subtitle"))
    if meta:
        style = ParagraphStyle("meta", parent=kit.styles.small, alignment=1, spaceAfter=6)
        out.append(kit.para(meta, style))
    return out


def paragraphs(kit: DocKit, text: str, *, style: str = "body_indent", empty: str = "") -> list[Flowable]:
    """Each non-blank line of ``text`` as its own indented paragraph (how Chinese prose is set)."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    out: list[Flowable] = [kit.para(line, style) for line in lines if line]
    if not out and empty:
        out.append(kit.para(empty, "small"))
    return out


def note_box(
    kit: DocKit, title: str, body: Sequence[Flowable] | str, *, fill: bool = True, width: float | None = None
) -> Table:
    """A framed box with a bold title line (服务理念, 风险提示, 合规声明…)."""
    s = kit.styles
    content: list[Flowable] = [kit.para(title, s.h2)]
    if isinstance(body, str):
        content += paragraphs(kit, body, style="body")
    else:
        content += list(body)
    table = Table([[content]], colWidths=[width if width is not None else kit.width])
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 9, 12),
        ("BOX", (0, 0), (-1, -1), 0.6, s.primary),
        ("LINEBEFORE", (0, 0), (0, -1), 3, s.accent),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
    ]
    if fill:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), s.stripe_fill))
    table.setStyle(TableStyle(commands))
    return table


def right_lines(kit: DocKit, lines: Sequence[str]) -> list[Flowable]:
    """Right-aligned lines (the sender and date under a letter)."""
    style = ParagraphStyle("right", parent=kit.styles.body, alignment=TA_RIGHT, spaceAfter=2)
    return [kit.para(line, style) for line in lines]


def writing_lines(
    kit: DocKit, label: str, count: int = 3, *, width: float | None = None, gap: float = 8 * mm
) -> Table:
    """A label followed by ruled blank lines to write on by hand."""
    s = kit.styles
    w = width if width is not None else kit.width
    data: list[list[Any]] = [[kit.para(label, s.body)]] + [[""] for _ in range(count)]
    heights: list[float | None] = [None] + [gap] * count
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 9, 12),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    for r in range(1, count + 1):
        commands.append(("LINEBELOW", (0, r), (0, r), 0.4, colors.HexColor("#9A9A9A")))
    return Table(data, colWidths=[w], rowHeights=heights, style=TableStyle(commands), hAlign="LEFT")


#: Height of the verification block (QR code and check code) the renderer appends after the story.
PROVENANCE_HEIGHT = 40 * mm


class IfRoom(Flowable):
    """Draws ``inner`` only when it fits in the space left on the page, else takes no room at all
    (optional extras, such as lines for handwritten notes, never push a one-page sheet to two)."""

    def __init__(self, inner: Flowable, reserve: float = 0.0) -> None:
        super().__init__()
        self._inner = inner
        self._reserve = reserve  # room that must stay free below (e.g. for the verification block)
        self._fits = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self._inner.wrapOn(self.canv, availWidth, availHeight)
        self._fits = h + self._reserve <= availHeight
        self.width = float(w)
        self.height = float(h) if self._fits else 0.0
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [self]

    def draw(self) -> None:
        if self._fits:
            self._inner.drawOn(self.canv, 0, 0)


def small_heading(kit: DocKit, text: str) -> Paragraph:
    return kit.para(text, kit.styles.h2)


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)
