"""Page layout and building blocks shared by every printed document: context, template, styles, tables."""

from __future__ import annotations

import re
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.tableofcontents import TableOfContents

from crm.reports.branding import Branding
from crm.reports.fonts import FONT_BOLD, FONT_REGULAR, ReportError, register_cjk_fonts

__all__ = [
    "LANDSCAPE",
    "PORTRAIT",
    "WATERMARK_TEXT",
    "Align",
    "BankCanvas",
    "BankDocTemplate",
    "Cell",
    "DocContext",
    "DocKit",
    "DocStyles",
    "Heading",
    "KeepWithNext",
    "LinearTable",
    "ReportError",
    "break_lines",
    "data_table",
    "default_styles",
    "format_dt",
    "frame_size",
    "kv_table",
    "make_styles",
    "para",
    "section",
    "signature_block",
]

PORTRAIT = "portrait"
LANDSCAPE = "landscape"

# Page geometry: the header and footer live in the margins, the frame holds the story.
MARGIN_X = 18 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 21 * mm

INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#666666")
RULE = colors.HexColor("#B5B5B5")
GRID = colors.HexColor("#A8A8A8")
WATERMARK_COLOR = colors.HexColor("#C0392B")
WATERMARK_TEXT = "草稿 DRAFT"

_DOC_TYPE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
Cell: TypeAlias = str | int | float | Decimal | Flowable | None
Align: TypeAlias = Literal["LEFT", "CENTER", "RIGHT"]


def format_dt(value: datetime, tz: tzinfo | None = None) -> str:
    """Minutes are precise enough on paper; ``tz`` (default: the value's own zone) decides the clock."""
    return (value.astimezone(tz) if tz is not None else value).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, kw_only=True)
class DocContext:
    """Everything printed around the story: who printed it, when, how fresh the data is, draft or not.

    ``doc_type`` is a stable code such as ``proposal.pack`` or ``ledger.book`` (stored with the issue
    record); ``doc_id`` identifies this one printout and is what verification looks up.
    """

    branding: Branding
    title: str
    doc_type: str
    printed_by: str
    printed_at: datetime
    data_as_of: datetime | None = None  # last successful sync; None when the data is live (server side)
    draft: bool = False
    doc_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ReportError("report.context_invalid", field="title")
        if not _DOC_TYPE.match(self.doc_type):
            raise ReportError("report.context_invalid", field="doc_type", params={"value": self.doc_type})
        for name in ("printed_at", "data_as_of"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ReportError("report.context_invalid", field=name, detail="datetime must be tz-aware")
        try:
            canonical = str(uuid.UUID(self.doc_id))
        except (ValueError, AttributeError, TypeError) as exc:
            raise ReportError(
                "report.context_invalid", field="doc_id", params={"value": self.doc_id}
            ) from exc
        object.__setattr__(self, "doc_id", canonical)


# --------------------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class DocStyles:
    """Paragraph styles for Chinese text (CJK line breaking) plus the colours tables are drawn with."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    body_indent: ParagraphStyle  # first line indented two characters, as Chinese prose is set
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle
    primary: colors.Color
    accent: colors.Color
    head_fill: colors.Color
    stripe_fill: colors.Color
    label_fill: colors.Color

    def get(self, name: str) -> ParagraphStyle:
        style = getattr(self, name, None)
        if not isinstance(style, ParagraphStyle):
            raise KeyError(f"no paragraph style named {name!r}")
        return style


def make_styles(branding: Branding | None = None) -> DocStyles:
    """Styles coloured after ``branding``; they name the registered CJK fonts, resolved at draw time."""
    primary = branding.primary if branding else colors.HexColor("#1F3A5F")
    accent = branding.accent if branding else colors.HexColor("#B8862B")

    def tint(fraction: float) -> colors.Color:
        return colors.Color(*(1 - fraction * (1 - v) for v in (primary.red, primary.green, primary.blue)))

    def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", FONT_REGULAR)
        kw.setdefault("textColor", INK)
        # wordWrap='CJK' lets lines break between any two hanzi instead of only at spaces.
        return ParagraphStyle(name, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    body = style("body", 10, 16, spaceAfter=4)
    return DocStyles(
        title=style(
            "title", 18, 26, fontName=FONT_BOLD, textColor=primary, alignment=TA_CENTER, spaceAfter=6
        ),
        subtitle=style("subtitle", 11, 16, textColor=MUTED, alignment=TA_CENTER, spaceAfter=10),
        h1=style("h1", 13, 19, fontName=FONT_BOLD, textColor=primary, spaceBefore=10, spaceAfter=6),
        h2=style("h2", 11, 16, fontName=FONT_BOLD, textColor=INK, spaceBefore=6, spaceAfter=3),
        body=body,
        body_indent=ParagraphStyle("body_indent", parent=body, firstLineIndent=20),
        small=style("small", 8, 11.5, textColor=MUTED),
        cell=style("cell", 8.5, 11.5),
        cell_right=style("cell_right", 8.5, 11.5, alignment=TA_RIGHT),
        cell_center=style("cell_center", 8.5, 11.5, alignment=TA_CENTER),
        cell_head=style(
            "cell_head", 8.5, 11.5, fontName=FONT_BOLD, textColor=colors.white, alignment=TA_CENTER
        ),
        label=style("label", 8.5, 11.5, textColor=MUTED),
        primary=primary,
        accent=accent,
        head_fill=primary,
        stripe_fill=tint(0.06),
        label_fill=tint(0.09),
    )


@lru_cache(maxsize=1)
def default_styles() -> DocStyles:
    return make_styles(None)


def _style(style: str | ParagraphStyle, styles: DocStyles | None) -> ParagraphStyle:
    return style if isinstance(style, ParagraphStyle) else (styles or default_styles()).get(style)


def _ensure_fonts() -> None:
    # Measuring text needs the fonts; builders normally run inside build_document, which registers them.
    if FONT_REGULAR not in pdfmetrics.getRegisteredFontNames():
        register_cjk_fonts()


# -------------------------------------------------------------------------------------------- helpers


def para(text: object, style: str | ParagraphStyle = "body", *, styles: DocStyles | None = None) -> Paragraph:
    """A paragraph of plain text: XML specials are escaped (names like 'A&B公司' print as typed) and
    newlines become line breaks. Build a Paragraph yourself when you need inline markup."""
    markup = escape("" if text is None else str(text)).replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(markup, _style(style, styles))


class Heading(Flowable):
    """A section title that stays with what follows and feeds the outline and table of contents."""

    def __init__(self, text: str, level: int, style: ParagraphStyle, rule_color: colors.Color | None) -> None:
        super().__init__()
        self.text = text
        self.level = level
        self.keepWithNext = True
        self._para = Paragraph(escape(text), style)
        self._style = style
        self._rule_color = rule_color
        self._rule_gap = 4.0 if rule_color is not None else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _w, h = self._para.wrap(availWidth, availHeight)
        self.width, self.height = availWidth, h + self._rule_gap
        return self.width, self.height

    def draw(self) -> None:
        self._para.drawOn(self.canv, 0, self._rule_gap)
        if self._rule_color is not None:
            self.canv.saveState()
            self.canv.setStrokeColor(self._rule_color)
            self.canv.setLineWidth(0.8)
            self.canv.line(0, 1, self.width, 1)
            self.canv.restoreState()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def getSpaceBefore(self) -> float:
        return float(self._style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self._style.spaceAfter)


def section(title: str, level: int = 1, *, styles: DocStyles | None = None) -> Heading:
    """A level-1 (ruled, brand colour) or level-2 heading; it appears in the PDF outline and any TOC."""
    s = styles or default_styles()
    if level == 1:
        return Heading(title, 1, s.h1, s.primary)
    return Heading(title, 2, s.h2, None)


def _cell_flowable(value: Any, style: ParagraphStyle) -> Flowable:
    if isinstance(value, Flowable):
        return value
    return para("" if value is None else value, style)


def kv_table(
    rows: Sequence[tuple[str, Any]],
    *,
    width: float | None = None,
    columns: int = 1,
    label_ratio: float = 0.34,
    styles: DocStyles | None = None,
) -> Table:
    """A label/value grid (客户基础信息表-style). ``columns=2`` puts two pairs side by side.

    Values may be text, numbers or flowables; ``label_ratio`` is the share of each pair given to the label.
    """
    s = styles or default_styles()
    if columns < 1:
        raise ValueError("columns must be >= 1")
    pair_width = (width if width is not None else frame_size(False)[0]) / columns
    widths = [pair_width * label_ratio, pair_width * (1 - label_ratio)] * columns
    data: list[list[Flowable | str]] = []
    for start in range(0, len(rows), columns):
        line: list[Flowable | str] = []
        for label, value in rows[start : start + columns]:
            line += [para(label, s.label), _cell_flowable(value, s.cell)]
        line += [""] * (2 * columns - len(line))
        data.append(line)
    if not data:
        data = [[""] * (2 * columns)]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 8.5, 11.5),  # empty cells too: no stray Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for c in range(columns):
        commands.append(("BACKGROUND", (2 * c, 0), (2 * c, -1), s.label_fill))
    return Table(data, colWidths=widths, style=TableStyle(commands), hAlign="LEFT")


# ----------------------------------------------------------------------------------- linear long table

_NO_LINE_START = set("，。、；：？！）》」』”’〉】…%,.;:?!)]}")
_TOKEN = re.compile(r"[A-Za-z0-9_.,:;!?%/@#&+\-'\"*=~$]+|\s+|.", re.S)


_metrics_cache: dict[tuple[str, float], tuple[object, Callable[[str], float], float]] = {}


def _metrics(font_name: str, size: float) -> tuple[Callable[[str], float], float]:
    """A fast width function and the widest glyph advance for a registered font at ``size``."""
    font = pdfmetrics.getFont(font_name)
    cached = _metrics_cache.get((font_name, size))
    if cached is not None and cached[0] is font:  # re-registration under the same name invalidates
        return cached[1], cached[2]
    face = getattr(font, "face", None)
    widths = getattr(face, "charWidths", None)
    if isinstance(widths, dict):
        # TrueType: look glyph advances up directly; the generic path re-resolves them per call.
        get = widths.get
        default = face.defaultWidth  # type: ignore[union-attr]
        scale = size / 1000.0

        def width_of(text: str) -> float:
            return scale * sum([get(ord(ch), default) for ch in text])

        widest = scale * max([default or 0, *widths.values()])
    else:

        def width_of(text: str) -> float:
            return float(font.stringWidth(text, size))

        widest = size * 1.2  # generous for Type 1 fonts, which we do not use for Chinese anyway
    _metrics_cache[(font_name, size)] = (font, width_of, widest)
    return width_of, widest


def _width_function(font_name: str, size: float) -> Callable[[str], float]:
    return _metrics(font_name, size)[0]


def break_lines(text: str, font_name: str, size: float, max_width: float) -> list[str]:
    """Greedy line breaking for table cells: between any two hanzi, between Latin words, never a
    closing punctuation mark at a line start (it pulls the previous character down with it)."""
    width_of, widest = _metrics(font_name, size)
    out: list[str] = []
    for paragraph in text.split("\n"):
        # Short cells (dates, names) fit even at the widest glyph: no need to measure them.
        if len(paragraph) * widest <= max_width or width_of(paragraph) <= max_width:
            out.append(paragraph)
            continue
        line: list[str] = []
        sizes: list[float] = []
        line_width = 0.0
        for token in _TOKEN.findall(paragraph):
            token_width = width_of(token)
            if line_width + token_width <= max_width:
                line.append(token)
                sizes.append(token_width)
                line_width += token_width
                continue
            if token.isspace():
                continue  # a break here swallows the space
            if token_width > max_width:
                # An over-long word (account number, URL): break it between characters.
                for ch in token:
                    ch_width = width_of(ch)
                    if line and line_width + ch_width > max_width:
                        out.append("".join(line).rstrip())
                        line, sizes, line_width = [], [], 0.0
                    line.append(ch)
                    sizes.append(ch_width)
                    line_width += ch_width
                continue
            carry, carry_sizes = [], []
            if token[0] in _NO_LINE_START and len(line) > 1:
                carry, carry_sizes = [line.pop()], [sizes.pop()]
            out.append("".join(line).rstrip())
            line, sizes = [*carry, token], [*carry_sizes, token_width]
            line_width = sum(sizes)
        out.append("".join(line).rstrip())
    return out


PORTRAIT_SIZE = A4
LANDSCAPE_SIZE = to_landscape(A4)


def frame_size(landscape: bool = False) -> tuple[float, float]:
    """Width and height available to the story on a portrait or landscape A4 page."""
    w, h = LANDSCAPE_SIZE if landscape else PORTRAIT_SIZE
    return w - 2 * MARGIN_X, h - MARGIN_TOP - MARGIN_BOTTOM


_PAD_X = 3.0
_PAD_Y = 2.5


_Prepared: TypeAlias = tuple[str, ...] | Flowable  # a text cell is its wrapped lines


@dataclass(frozen=True)
class _TableSpec:
    """What every page of one LinearTable shares, prepared once."""

    header: list[_Prepared] | None
    header_height: float
    rows: list[list[_Prepared]]
    heights: list[float]
    prefix: list[float]  # prefix[i] = height of rows[:i], so a page's last row is found by bisection
    widths: list[float]
    align: list[str]
    font_size: float
    leading: float
    frame_color: colors.Color
    head_fill: colors.Color
    stripe_fill: colors.Color
    repeat_header: bool


class _TablePage(Flowable):
    """The rows of one LinearTable that fit on one page, drawn straight onto the canvas.

    One text object per page instead of one per cell (as ReportLab's Table does) makes drawing a
    long register about twice as fast; the look matches the Table styles used elsewhere.
    """

    def __init__(self, spec: _TableSpec, start: int, stop: int, with_header: bool) -> None:
        super().__init__()
        self._spec = spec
        self._start = start
        self._stop = stop
        self._with_header = with_header and spec.header is not None
        self.hAlign = "LEFT"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        spec = self._spec
        self.width = sum(spec.widths)
        head = spec.header_height if self._with_header else 0.0
        self.height = head + spec.prefix[self._stop] - spec.prefix[self._start]
        return self.width, self.height

    def draw(self) -> None:
        spec = self._spec
        canv = self.canv
        rows: list[tuple[list[_Prepared], float, bool]] = []
        if self._with_header and spec.header is not None:
            rows.append((spec.header, spec.header_height, True))
        rows += [(spec.rows[i], spec.heights[i], False) for i in range(self._start, self._stop)]
        lefts = [0.0]
        for w in spec.widths:
            lefts.append(lefts[-1] + w)
        # Row bottoms, top-down.
        bottoms: list[float] = []
        y = self.height
        for _cells, h, _head in rows:
            y -= h
            bottoms.append(y)

        canv.saveState()
        canv.setLineWidth(0)
        body_index = 0
        for (_cells, h, head), bottom in zip(rows, bottoms, strict=True):
            if head:
                canv.setFillColor(spec.head_fill)
                canv.rect(0, bottom, self.width, h, stroke=0, fill=1)
            else:
                if body_index % 2:
                    canv.setFillColor(spec.stripe_fill)
                    canv.rect(0, bottom, self.width, h, stroke=0, fill=1)
                body_index += 1

        text = canv.beginText()
        size, leading = spec.font_size, spec.leading
        regular_width = _width_function(FONT_REGULAR, size)
        bold_width = _width_function(FONT_BOLD, size)
        flowables: list[tuple[Flowable, int, float, float]] = []
        current_head: bool | None = None
        for (cells, h, head), bottom in zip(rows, bottoms, strict=True):
            if head is not current_head:
                text.setFont(FONT_BOLD if head else FONT_REGULAR, size, leading)
                text.setFillColor(colors.white if head else INK)
                current_head = head
            width_of = bold_width if head else regular_width
            for col, cell in enumerate(cells):
                left, inner = lefts[col] + _PAD_X, spec.widths[col] - 2 * _PAD_X
                if isinstance(cell, Flowable):
                    flowables.append((cell, col, bottom, h))
                    continue
                how = "CENTER" if head else spec.align[col]
                # Vertically centred like Table's VALIGN MIDDLE. textLine, unlike textOut, does not
                # measure the string again just to advance a cursor we never use.
                baseline = bottom + (h + len(cell) * leading) / 2 - size
                if how == "LEFT":
                    if any(cell):
                        text.setTextOrigin(left, baseline)
                        for line in cell:
                            text.textLine(line)
                    continue
                for line in cell:
                    if line:
                        slack = inner - width_of(line)
                        text.setTextOrigin(left + (slack if how == "RIGHT" else slack / 2), baseline)
                        text.textLine(line)
                    baseline -= leading
        canv.drawText(text)

        for flowable, col, bottom, h in flowables:
            _fw, fh = flowable.wrapOn(canv, spec.widths[col] - 2 * _PAD_X, h)
            flowable.drawOn(canv, lefts[col] + _PAD_X, bottom + (h - fh) / 2)

        # Grid: thin inner lines in one path, then the frame in the brand colour.
        segments = [(x, 0.0, x, self.height) for x in lefts[1:-1]]
        segments += [(0.0, b, self.width, b) for b in bottoms[:-1]]
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.25)
        if segments:
            canv.lines(segments)
        canv.setStrokeColor(spec.frame_color)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canv.restoreState()


class LinearTable(Flowable):
    """A long table laid out in time linear in its row count.

    Row heights are measured once up front; at each page break the rows that fit are found by
    bisection and handed to a page piece that repeats the header. (A single ReportLab Table of
    10,000 rows re-measures all remaining rows at every split, which grows quadratically.)
    """

    def __init__(
        self, spec: _TableSpec, start: int = 0, stop: int | None = None, with_header: bool = True
    ) -> None:
        super().__init__()
        self._spec = spec
        self._start = start
        self._stop = len(spec.rows) if stop is None else stop
        self._with_header = with_header and spec.header is not None
        self.hAlign = "LEFT"

    @property
    def row_count(self) -> int:
        return self._stop - self._start

    def min_start_height(self) -> float:
        """The header plus the first row: what a heading needs below it to stay with this table."""
        first = self._spec.heights[self._start] if self._stop > self._start else 0.0
        return self._header_height() + first

    def _header_height(self) -> float:
        return self._spec.header_height if self._with_header else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        spec = self._spec
        self.width = sum(spec.widths)
        self.height = self._header_height() + spec.prefix[self._stop] - spec.prefix[self._start]
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        prefix = self._spec.prefix
        room = availHeight - self._header_height()
        if room <= 0:
            return []
        stop = bisect_right(prefix, prefix[self._start] + room + 1e-6, self._start, self._stop + 1) - 1
        if stop <= self._start:
            return []  # not even one row fits: the template moves us to the next page
        first = _TablePage(self._spec, self._start, stop, self._with_header)
        if stop >= self._stop:
            return [first]
        return [first, LinearTable(self._spec, stop, self._stop, with_header=self._spec.repeat_header)]

    def draw(self) -> None:
        page = _TablePage(self._spec, self._start, self._stop, self._with_header)
        page.wrapOn(self.canv, self.width, self.height)
        page.drawOn(self.canv, 0, 0)


def _scale_widths(col_widths: Sequence[float] | None, count: int, width: float) -> list[float]:
    weights = list(col_widths) if col_widths is not None else [1.0] * count
    if len(weights) != count or any(w <= 0 for w in weights):
        raise ValueError(f"col_widths needs {count} positive weights, got {weights!r}")
    total = float(sum(weights))
    return [width * w / total for w in weights]


def data_table(
    header: Sequence[str] | None,
    rows: Iterable[Sequence[Cell]],
    col_widths: Sequence[float] | None = None,
    repeat_header: bool = True,
    *,
    width: float | None = None,
    align: Sequence[Align] | None = None,
    styles: DocStyles | None = None,
    font_size: float = 8.5,
    max_cell_lines: int = 30,
) -> LinearTable:
    """A striped register table that may run over thousands of rows and pages.

    ``col_widths`` are relative weights stretched to ``width`` (default: the portrait frame).
    Cells are text (wrapped between hanzi, None prints empty), numbers (format them first for
    thousands separators) or flowables. ``align`` gives LEFT/CENTER/RIGHT per column. A cell longer
    than ``max_cell_lines`` lines is cut with an ellipsis so one row can never outgrow a page.
    The header repeats on every page unless ``repeat_header`` is false. Time and memory are
    linear in the number of rows.
    """
    _ensure_fonts()
    s = styles or default_styles()
    body = [list(row) for row in rows]
    count = len(header) if header is not None else (len(body[0]) if body else 1)
    widths = _scale_widths(col_widths, count, width if width is not None else frame_size(False)[0])
    if align is not None and (len(align) != count or set(align) - {"LEFT", "CENTER", "RIGHT"}):
        raise ValueError(f"align needs {count} entries of LEFT, CENTER or RIGHT")
    inner = [w - 2 * _PAD_X for w in widths]
    leading = round(font_size * 1.35, 2)

    def prepare(
        row: Sequence[Cell], font: str, number: int
    ) -> tuple[list[tuple[str, ...] | Flowable], float]:
        if len(row) != count:
            raise ValueError(f"row {number} has {len(row)} cells, expected {count}")
        cells: list[_Prepared] = []
        tallest = leading
        for col, value in enumerate(row):
            if isinstance(value, Flowable):
                tallest = max(tallest, value.wrap(inner[col], 1e6)[1])
                cells.append(value)
                continue
            lines = break_lines("" if value is None else str(value), font, font_size, inner[col])
            if len(lines) > max_cell_lines:
                lines = lines[:max_cell_lines]
                lines[-1] = lines[-1][:-1] + "…"
            tallest = max(tallest, len(lines) * leading)
            cells.append(tuple(lines))
        return cells, tallest + 2 * _PAD_Y

    head_cells, head_height = (None, 0.0)
    if header is not None:
        head_cells, head_height = prepare(header, FONT_BOLD, 0)
    prepared = [prepare(row, FONT_REGULAR, n) for n, row in enumerate(body, start=1)]
    heights = [h for _cells, h in prepared]
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)
    spec = _TableSpec(
        header=head_cells,
        header_height=head_height,
        rows=[cells for cells, _h in prepared],
        heights=heights,
        prefix=prefix,
        widths=widths,
        align=list(align) if align is not None else ["LEFT"] * count,
        font_size=font_size,
        leading=leading,
        frame_color=s.primary,
        head_fill=s.head_fill,
        stripe_fill=s.stripe_fill,
        repeat_header=repeat_header,
    )
    return LinearTable(spec)


def signature_block(
    labels: Sequence[str],
    *,
    width: float | None = None,
    columns: int | None = None,
    date_line: bool = True,
    styles: DocStyles | None = None,
) -> KeepTogether:
    """Signature lines for each party (e.g. 客户经理 / 支行负责人 / 客户（盖章）), kept on one page."""
    s = styles or default_styles()
    width = width if width is not None else frame_size(False)[0]
    cols = max(1, columns or min(len(labels), 3))
    gap = 10 * mm
    cell_width = (width - gap * (cols - 1)) / cols
    col_widths: list[float] = []
    for i in range(cols):
        col_widths += ([gap] if i else []) + [cell_width]
    date_markup = "日期：" + "&nbsp;" * 12 + "年" + "&nbsp;" * 6 + "月" + "&nbsp;" * 6 + "日"
    data: list[list[Any]] = []
    heights: list[float | None] = []
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 10, 16),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    for start in range(0, len(labels), cols):
        chunk = labels[start : start + cols]
        label_row: list[Any] = []
        sign_row: list[Any] = []
        date_row: list[Any] = []
        for i in range(cols):
            if i:
                label_row.append("")
                sign_row.append("")
                date_row.append("")
            if i < len(chunk):
                label_row.append(para(f"{chunk[i]}：", s.body))
                sign_row.append("")
                date_row.append(Paragraph(date_markup, s.small) if date_line else "")
                commands.append(("LINEBELOW", (2 * i, len(data) + 1), (2 * i, len(data) + 1), 0.6, INK))
            else:
                label_row.append("")
                sign_row.append("")
                date_row.append("")
        data += [label_row, sign_row, date_row]
        heights += [None, 30, 20 if start + cols < len(labels) else None]
    table = Table(data, colWidths=col_widths, rowHeights=heights, style=TableStyle(commands), hAlign="LEFT")
    return KeepTogether([Spacer(1, 8 * mm), table])


# ---------------------------------------------------------------------------------------- the kit


class DocKit:
    """What a story factory gets: the context, styles and the helpers pre-bound to the current width.

    ``switch_orientation`` changes the width later helpers use, so a story can mix portrait text
    with landscape registers.
    """

    def __init__(self, ctx: DocContext, styles: DocStyles, landscape: bool = False) -> None:
        self.ctx = ctx
        self.styles = styles
        self.landscape = landscape

    @property
    def width(self) -> float:
        return frame_size(self.landscape)[0]

    @property
    def height(self) -> float:
        return frame_size(self.landscape)[1]

    def para(self, text: object, style: str | ParagraphStyle = "body") -> Paragraph:
        return para(text, style, styles=self.styles)

    def section(self, title: str, level: int = 1) -> Heading:
        return section(title, level, styles=self.styles)

    def kv_table(
        self, rows: Sequence[tuple[str, Any]], *, columns: int = 1, label_ratio: float = 0.34
    ) -> Table:
        return kv_table(rows, width=self.width, columns=columns, label_ratio=label_ratio, styles=self.styles)

    def data_table(
        self,
        header: Sequence[str] | None,
        rows: Iterable[Sequence[Cell]],
        col_widths: Sequence[float] | None = None,
        repeat_header: bool = True,
        *,
        align: Sequence[Align] | None = None,
        font_size: float = 8.5,
        max_cell_lines: int = 30,
    ) -> LinearTable:
        return data_table(
            header,
            rows,
            col_widths,
            repeat_header,
            width=self.width,
            align=align,
            styles=self.styles,
            font_size=font_size,
            max_cell_lines=max_cell_lines,
        )

    def signature_block(
        self, labels: Sequence[str], *, columns: int | None = None, date_line: bool = True
    ) -> KeepTogether:
        return signature_block(
            labels, width=self.width, columns=columns, date_line=date_line, styles=self.styles
        )

    def spacer(self, height_mm: float = 4) -> Spacer:
        return Spacer(1, height_mm * mm)

    def page_break(self) -> PageBreak:
        return PageBreak()

    def switch_orientation(self, landscape: bool) -> list[Flowable]:
        """Flowables that start a new page in the other orientation; later helpers use its width."""
        self.landscape = landscape
        return [NextPageTemplate(LANDSCAPE if landscape else PORTRAIT), PageBreak()]

    def table_of_contents(self) -> TableOfContents:
        """A 目录 filled from the story's headings; build_document makes the extra layout pass it needs."""
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [
            ParagraphStyle("toc1", parent=self.styles.body, leftIndent=0, firstLineIndent=0, spaceBefore=3),
            ParagraphStyle("toc2", parent=self.styles.body, fontSize=9, leftIndent=16, firstLineIndent=0),
        ]
        return toc


# ------------------------------------------------------------------------------ template and canvas


def _pdf_date(value: datetime) -> Callable[..., str]:
    """A ReportLab date formatter that stamps the print time instead of the build machine's clock."""
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    stamp = value.strftime("D:%Y%m%d%H%M%S") + f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    return lambda *_parts: stamp


class BankCanvas(Canvas):
    """A canvas that prints "第 x 页 / 共 y 页" in a single layout pass.

    Each page references a form XObject that is only defined at save time, when the total is known
    (PDF allows the forward reference), so long documents are laid out once, not twice.
    """

    label_font = FONT_REGULAR
    label_size = 7.5

    def __init__(self, *args: Any, creation_date: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._labelled: list[int] = []
        if creation_date is not None:
            self.setDateFormatter(_pdf_date(creation_date))

    def draw_page_label(self, x_right: float, y: float) -> None:
        page = self.getPageNumber()
        self._labelled.append(page)
        self.saveState()
        self.translate(x_right, y)
        self.doForm(f"crmPageLabel{page}")
        self.restoreState()

    @property
    def page_count(self) -> int:
        return self.getPageNumber() - (0 if self._code else 1)

    def save(self) -> None:
        if self._code:
            self.showPage()
        total = self.getPageNumber() - 1
        for page in self._labelled:
            self.beginForm(f"crmPageLabel{page}", -400, -20, 20, 40)
            self.setFont(self.label_font, self.label_size)
            self.setFillColor(MUTED)
            self.drawRightString(0, 0, f"第 {page} 页 / 共 {total} 页")
            self.endForm()
        super().save()


def _fit(text: str, font: str, size: float, max_width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= max_width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text + "…"


class KeepWithNext(KeepTogether):
    """Keeps a heading with the *start* of what follows, not all of it.

    ReportLab's KeepTogether pushes heading and a 50-page table to a new page whenever the whole
    group does not fit, leaving most of a page blank; here the group moves only when the heading
    plus the first rows (or a few lines) would not fit.
    """

    _min_start = 48.0  # points of the following flowable that must fit under the heading

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        result = super().wrap(aW, aH)
        lead = self._content[:-1]
        self._lead_height = _listWrapOn(lead, aW, self.canv)[1] if lead else 0.0
        last = self._content[-1]
        _w, last_h = last.wrapOn(self.canv, aW, aH)
        start = getattr(last, "min_start_height", None)
        self._start_height = min(last_h, start() if callable(start) else self._min_start)
        return result

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if self._H <= aH or at_top or self._lead_height + self._start_height <= aH:
            return content
        return [FrameBreak(), *content]


class BankDocTemplate(BaseDocTemplate):
    """A4 pages with the bank's header, a footer on every page and an optional DRAFT watermark.

    Templates ``portrait`` and ``landscape`` both exist; the first page uses the one asked for and
    ``NextPageTemplate`` (see DocKit.switch_orientation) changes it. Headings go into the PDF outline
    and any TableOfContents. Use ``build``/``multiBuild`` as usual: BankCanvas is the default canvas.
    """

    def __init__(
        self,
        filename: Any,
        ctx: DocContext,
        *,
        landscape: bool = False,
        styles: DocStyles | None = None,
        subject: str | None = None,
        keywords: Sequence[str] = (),
        creator: str = "bank-rm-crm",
    ) -> None:
        self.ctx = ctx
        self.doc_styles = styles or make_styles(ctx.branding)
        templates = [
            self._page_template(PORTRAIT, PORTRAIT_SIZE),
            self._page_template(LANDSCAPE, LANDSCAPE_SIZE),
        ]
        if landscape:
            templates.reverse()
        super().__init__(
            filename,
            pagesize=templates[0].pagesize,
            pageTemplates=templates,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=ctx.title,
            author=ctx.printed_by,
            subject=subject or ctx.title,
            keywords=list(keywords),
            creator=creator,
            # invariant: no wall-clock time or random id in the file, so equal inputs give equal bytes.
            invariant=1,
            pageCompression=1,
            initialFontName=FONT_REGULAR,  # keeps an unused Helvetica out of the font list
            lang="zh-CN",
            keepTogetherClass=KeepWithNext,
        )
        self._heading_count = 0

    def _page_template(self, name: str, size: tuple[float, float]) -> PageTemplate:
        w, h = size
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            w - 2 * MARGIN_X,
            h - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=f"{name}-body",
        )
        return PageTemplate(
            id=name, frames=[frame], onPage=self._draw_header, onPageEnd=self._draw_footer, pagesize=size
        )

    def build(self, flowables: list[Flowable], filename: Any = None, canvasmaker: Any = Canvas) -> None:
        if canvasmaker is Canvas:

            def canvasmaker(*args: Any, **kwargs: Any) -> BankCanvas:
                return BankCanvas(*args, creation_date=self.ctx.printed_at, **kwargs)

        super().build(flowables, filename=filename, canvasmaker=canvasmaker)

    @property
    def page_count(self) -> int:
        canv = self.canv
        return canv.page_count if isinstance(canv, BankCanvas) else canv.getPageNumber() - 1

    # -- hooks

    def beforeDocument(self) -> None:
        self._heading_count = 0  # multiBuild lays out again: keys must come out the same each pass
        self._outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self._heading_count += 1
        key = f"sec{self._heading_count}"
        # Outline levels may only deepen one step at a time.
        level = min(flowable.level - 1, self._outline_level + 1)
        self._outline_level = level
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.text, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, flowable.text, self.page, key))

    # -- page decoration

    def _draw_header(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        b = self.ctx.branding
        s = self.doc_styles
        w, h = canv._pagesize
        x = MARGIN_X
        base = h - 14 * mm
        canv.saveState()
        logo = b.logo
        if logo is not None:
            from reportlab.lib.utils import ImageReader

            image = ImageReader(str(logo))
            iw, ih = image.getSize()
            logo_h = 9 * mm
            logo_w = logo_h * iw / ih if ih else logo_h
            canv.drawImage(image, x, base - 3.2 * mm, width=logo_w, height=logo_h, mask="auto")
            x += logo_w + 3 * mm
        canv.setFillColor(s.primary)
        canv.setFont(FONT_BOLD, 11.5)
        canv.drawString(x, base + 1.2 * mm, b.bank_name)
        name_w = pdfmetrics.stringWidth(b.bank_name, FONT_BOLD, 11.5)
        canv.setFillColor(MUTED)
        canv.setFont(FONT_REGULAR, 8.5)
        canv.drawString(x + name_w + 6, base + 1.2 * mm, b.branch_name)
        canv.setFont(FONT_REGULAR, 6.5)
        canv.drawString(x, base - 2.6 * mm, b.bank_name_en)
        left_used = x + name_w + 6 + pdfmetrics.stringWidth(b.branch_name, FONT_REGULAR, 8.5)
        canv.setFillColor(INK)
        canv.setFont(FONT_REGULAR, 9)
        title = _fit(self.ctx.title, FONT_REGULAR, 9, w - MARGIN_X - left_used - 12 * mm)
        canv.drawRightString(w - MARGIN_X, base + 1.2 * mm, title)
        rule_y = h - 19.5 * mm
        canv.setStrokeColor(s.primary)
        canv.setLineWidth(0.8)
        canv.line(MARGIN_X, rule_y, w - MARGIN_X, rule_y)
        canv.setFillColor(s.accent)
        canv.rect(MARGIN_X, rule_y - 0.9, 30 * mm, 1.8, stroke=0, fill=1)
        canv.restoreState()

    def _draw_footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        ctx = self.ctx
        b = ctx.branding
        w, _h = canv._pagesize
        canv.saveState()
        if ctx.draft:
            self._draw_watermark(canv)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, 15.5 * mm, w - MARGIN_X, 15.5 * mm)
        canv.setFillColor(MUTED)
        canv.setFont(FONT_REGULAR, 7.5)
        parts = [f"打印人：{ctx.printed_by}", f"打印时间：{format_dt(ctx.printed_at)}"]
        if ctx.data_as_of is not None:
            parts.append(f"数据截至：{format_dt(ctx.data_as_of, ctx.printed_at.tzinfo)}（最近同步）")
        canv.drawString(MARGIN_X, 11 * mm, "    ".join(parts))
        if isinstance(canv, BankCanvas):
            canv.draw_page_label(w - MARGIN_X, 11 * mm)
        else:
            canv.drawRightString(w - MARGIN_X, 11 * mm, f"第 {canv.getPageNumber()} 页")
        canv.setFont(FONT_REGULAR, 6.5)
        canv.drawString(MARGIN_X, 7 * mm, f"文件编号：{ctx.doc_id}")
        canv.drawRightString(w - MARGIN_X, 7 * mm, f"{b.bank_name}{b.branch_name}    电话：{b.phone}")
        canv.restoreState()

    def _draw_watermark(self, canv: Canvas) -> None:
        # Drawn after the page content and translucent, so it shows over table fills yet stays readable.
        w, h = canv._pagesize
        canv.saveState()
        canv.setFillColor(WATERMARK_COLOR)
        canv.setFillAlpha(0.13)
        canv.translate(w / 2, h / 2)
        canv.rotate(35 if w < h else 25)
        size = 96 if w < h else 110
        canv.setFont(FONT_BOLD, size)
        canv.drawCentredString(0, -size / 3, WATERMARK_TEXT)
        canv.restoreState()
