"""Document identity and tamper evidence: content hash, QR code, issue record and PDF verification."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import re
import uuid
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from crm.reports.base import GRID, DocContext, DocStyles, default_styles, format_dt, frame_size, para
from crm.reports.fonts import FONT_REGULAR

SCHEME = "crm-doc"
VERSION = "v1"
PREFIX = f"{SCHEME}:{VERSION}:"

VerifyStatus = Literal["issued_unchanged", "modified", "unknown"]

_UUID = rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_MARKER = re.compile(re.escape(PREFIX.encode()) + rb"(" + _UUID + rb")")
_STREAM = re.compile(rb"stream\r?\n")


@dataclass(frozen=True)
class IssuedDocument:
    """The issue record the caller stores (ledger/audit) so a printout can be verified later.

    ``file_sha256`` covers the exact PDF bytes written; ``content_sha256`` covers the data the
    document was built from and is what the printed QR code carries.
    """

    doc_id: str
    doc_type: str
    file_sha256: str
    content_sha256: str
    pages: int
    issued_at: datetime
    issued_by: str
    title: str = ""
    draft: bool = False

    @property
    def check_code(self) -> str:
        """The 16 hex digits printed on the last page as 校验码."""
        return self.content_sha256[:16].upper()

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["issued_at"] = self.issued_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IssuedDocument:
        values = dict(data)
        if isinstance(values.get("issued_at"), str):
            values["issued_at"] = datetime.fromisoformat(values["issued_at"])
        return cls(**values)


@dataclass(frozen=True)
class VerifyResult:
    """``issued_unchanged``: bytes equal what we issued; ``modified``: our id, other bytes (or a QR
    whose content hash differs); ``unknown``: no id of ours, or an id we never issued."""

    status: VerifyStatus
    doc_id: str | None
    file_sha256: str | None
    issued: IssuedDocument | None

    @property
    def ok(self) -> bool:
        return self.status == "issued_unchanged"


Lookup = Callable[[str], IssuedDocument | None]


# ------------------------------------------------------------------------------------------ hashing


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        # The same instant must hash the same whatever zone it was expressed in.
        return value.astimezone(UTC).isoformat() if value.utcoffset() is not None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True, default=_json_default))
    if isinstance(value, bytes):
        return value.hex()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    dump = getattr(value, "model_dump", None)  # pydantic / SQLModel objects
    if callable(dump):
        return dump(mode="json")
    raise TypeError(f"cannot put {type(value).__name__} into a content digest")


def canonical_json(value: Any) -> bytes:
    """One byte string per logical value: sorted keys, no spaces, UTF-8, no NaN."""
    text = json.dumps(
        value,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
        default=_json_default,
    )
    return text.encode("utf-8")


def content_sha256(doc_id: str, doc_type: str, digest: Any) -> str:
    """SHA-256 over the document's identity and the builder's data digest (any JSON-able value)."""
    envelope = {"scheme": f"{SCHEME}:{VERSION}", "doc_id": doc_id, "doc_type": doc_type, "content": digest}
    return hashlib.sha256(canonical_json(envelope)).hexdigest()


def file_sha256(source: str | os.PathLike[str] | bytes) -> str:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return hashlib.sha256(data).hexdigest()


def pdf_marker(doc_id: str) -> str:
    """What goes into the PDF's Subject and Keywords so the id survives without the text layer."""
    return f"{PREFIX}{doc_id}"


def qr_payload(doc_id: str, content_hash: str) -> str:
    return f"{PREFIX}{doc_id}:{content_hash}"


def parse_qr_payload(payload: str) -> tuple[str, str] | None:
    """(doc_id, content_sha256) from a scanned QR code, or None when it is not one of ours."""
    match = re.fullmatch(re.escape(PREFIX) + r"(" + _UUID.decode() + r"):([0-9a-f]{64})", payload.strip())
    return (match.group(1), match.group(2)) if match else None


# -------------------------------------------------------------------------------- printed block


def qr_drawing(payload: str, size: float) -> Drawing:
    """A square QR code (error correction M survives a crease or a stamp over a corner)."""
    widget = QrCodeWidget(payload, barLevel="M", barWidth=size, barHeight=size, barBorder=1)
    drawing = Drawing(size, size)
    drawing.initialFontName = FONT_REGULAR  # the renderer would otherwise pull in an unused Helvetica
    drawing.add(widget)
    return drawing


def provenance_block(
    ctx: DocContext, content_hash: str, *, styles: DocStyles | None = None, width: float | None = None
) -> Flowable:
    """The verification box closing the last page: QR code, document number and check code."""
    s = styles or default_styles()
    width = width if width is not None else frame_size(False)[0]
    size = 26 * mm
    qr = qr_drawing(qr_payload(ctx.doc_id, content_hash), size)
    code = content_hash[:16].upper()
    grouped = " ".join(code[i : i + 4] for i in range(0, 16, 4))
    lines: list[Flowable] = [
        para("文件核验信息", s.h2),
        para(f"文件编号：{ctx.doc_id}", s.cell),
        para(f"校验码：{grouped}", s.cell),
        para(f"打印人：{ctx.printed_by}（{format_dt(ctx.printed_at)}）", s.cell),
        para(
            f"本文件由{ctx.branding.bank_name}客户关系管理系统生成并登记。扫描左侧二维码，或在系统"
            "“文件核验”功能中提交本 PDF 文件，可核实其是否由本行出具且未经改动。",
            s.small,
        ),
    ]
    if ctx.draft:
        lines.append(para("本文件为草稿，仅供内部审阅，不作为正式文件对外提供。", s.small))
    table = Table(
        [[qr, lines]],
        colWidths=[size + 6 * mm, width - size - 6 * mm],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 8.5, 11.5),
                ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, 0), colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        ),
        hAlign="LEFT",
    )
    return KeepTogether([Spacer(1, 8 * mm), table])


# ----------------------------------------------------------------------------------- verification


def extract_doc_id(data: bytes) -> str | None:
    """Our document id from PDF bytes: the Info dictionary as written, else UTF-16 strings or Flate
    streams (a tool that re-saves the file may move or compress the metadata)."""
    match = _MARKER.search(data)
    if match:
        return match.group(1).decode()
    utf16 = re.compile(re.escape(PREFIX.encode("utf-16-be")) + rb"((?:\x00[0-9a-f-]){36})")
    match = utf16.search(data)
    if match:
        candidate = match.group(1).decode("utf-16-be")
        if _MARKER.fullmatch((PREFIX + candidate).encode()):
            return candidate
    view = memoryview(data)  # slices of a memoryview do not copy the file for every stream
    for start in _STREAM.finditer(data):
        end = data.find(b"endstream", start.end())
        if end < 0:
            break
        try:
            chunk = zlib.decompressobj().decompress(view[start.end() : end], 4_000_000)
        except zlib.error:
            continue
        match = _MARKER.search(chunk)
        if match:
            return match.group(1).decode()
    return None


def verify_pdf(source: str | os.PathLike[str] | bytes, lookup: Lookup) -> VerifyResult:
    """Is this PDF one we issued, byte for byte? ``lookup`` maps a doc_id to its stored issue record."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    digest = file_sha256(data)
    doc_id = extract_doc_id(data)
    if doc_id is None:
        return VerifyResult("unknown", None, digest, None)
    issued = lookup(doc_id)
    if issued is None:
        return VerifyResult("unknown", doc_id, digest, None)
    status: VerifyStatus = "issued_unchanged" if issued.file_sha256 == digest else "modified"
    return VerifyResult(status, doc_id, digest, issued)


def verify_qr(payload: str, lookup: Lookup) -> VerifyResult:
    """Check a scanned paper copy: the QR's content hash must match the issue record."""
    parsed = parse_qr_payload(payload)
    if parsed is None:
        return VerifyResult("unknown", None, None, None)
    doc_id, content_hash = parsed
    issued = lookup(doc_id)
    if issued is None:
        return VerifyResult("unknown", doc_id, None, None)
    status: VerifyStatus = "issued_unchanged" if issued.content_sha256 == content_hash else "modified"
    return VerifyResult(status, doc_id, None, issued)


__all__ = [
    "PREFIX",
    "IssuedDocument",
    "Lookup",
    "VerifyResult",
    "VerifyStatus",
    "canonical_json",
    "content_sha256",
    "extract_doc_id",
    "file_sha256",
    "parse_qr_payload",
    "pdf_marker",
    "provenance_block",
    "qr_drawing",
    "qr_payload",
    "verify_pdf",
    "verify_qr",
]
