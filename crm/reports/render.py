"""Build a finished, verifiable PDF from a context and a story factory, written atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.platypus import Flowable

from crm import __version__
from crm.reports.base import BankDocTemplate, DocContext, DocKit, make_styles
from crm.reports.fonts import FontFinder, ReportError, register_cjk_fonts
from crm.reports.provenance import IssuedDocument, content_sha256, pdf_marker, provenance_block

StoryFactory = Callable[[DocKit], Iterable[Flowable]]

# ReportLab keeps per-document subset state on the shared TTFont objects and reads module-level
# settings while building, so builds in worker threads take turns.
_build_lock = threading.Lock()


class _Sink:
    """Collects the PDF in memory: the file hash must cover exactly the bytes that get written."""

    name = "<memory>"

    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> int:
        self.data = bytes(data)
        return len(data)


def render_pdf(
    ctx: DocContext,
    story_factory: StoryFactory,
    *,
    landscape: bool = False,
    content_digest: Any = None,
    font_finder: FontFinder | None = None,
) -> tuple[bytes, IssuedDocument]:
    """The PDF bytes and their issue record, without touching the file system."""
    register_cjk_fonts(font_finder)
    styles = make_styles(ctx.branding)
    kit = DocKit(ctx, styles, landscape)
    story = list(story_factory(kit))
    content_hash = content_sha256(ctx.doc_id, ctx.doc_type, content_digest)
    # kit.width is the orientation the story ended in, where the block will land.
    story.append(provenance_block(ctx, content_hash, styles=styles, width=kit.width))
    sink = _Sink()
    doc = BankDocTemplate(
        sink,
        ctx,
        landscape=landscape,
        styles=styles,
        subject=pdf_marker(ctx.doc_id),
        keywords=[pdf_marker(ctx.doc_id), ctx.doc_type],
        creator=f"bank-rm-crm {__version__}",
    )
    with _build_lock:
        saved_a85 = rl_config.useA85
        # Plain Flate streams: ASCII85 on top only makes the file 25% larger and, without ReportLab's
        # optional C accelerator, costs a fifth of the build time. Restored under the same lock.
        rl_config.useA85 = 0
        try:
            if any(flowable.isIndexing() for flowable in story):
                doc.multiBuild(story)  # a table of contents needs its page numbers from a first pass
            else:
                doc.build(story)
        finally:
            rl_config.useA85 = saved_a85
    data = sink.data
    issued = IssuedDocument(
        doc_id=ctx.doc_id,
        doc_type=ctx.doc_type,
        file_sha256=hashlib.sha256(data).hexdigest(),
        content_sha256=content_hash,
        pages=doc.page_count,
        issued_at=ctx.printed_at,
        issued_by=ctx.printed_by,
        title=ctx.title,
        draft=ctx.draft,
    )
    return data, issued


def build_document(
    ctx: DocContext,
    story_factory: StoryFactory,
    out: str | os.PathLike[str] | BinaryIO,
    landscape: bool = False,
    *,
    content_digest: Any = None,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out ``story_factory(kit)`` under the bank's header and footer, append the verification
    block, write the PDF to ``out`` (a path, replaced atomically, or a binary file object) and
    return the issue record for the caller to store in the ledger/audit.

    ``content_digest`` is a JSON-able summary of the data printed (ids, versions, key figures); its
    hash goes into the QR code. Raises ReportError (FontNotFound when no Chinese font exists).
    """
    data, issued = render_pdf(
        ctx, story_factory, landscape=landscape, content_digest=content_digest, font_finder=font_finder
    )
    if isinstance(out, str | os.PathLike):
        write_atomic(Path(out), data)
    else:
        out.write(data)
    return issued


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename over the target: readers see old or new, never half."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ReportError("report.output_unwritable", params={"path": str(path)}, detail=str(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, PermissionError):
            # Typically Windows with the previous copy still open in a PDF viewer.
            raise ReportError("report.output_locked", params={"path": str(path)}, detail=str(exc)) from exc
        if isinstance(exc, OSError):
            raise ReportError(
                "report.output_unwritable", params={"path": str(path)}, detail=str(exc)
            ) from exc
        raise
    if os.name == "posix":
        # Persist the rename itself; without it a power cut can lose the new directory entry.
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
