"""Document infrastructure: Chinese fonts embedded, footers, watermark, provenance and verification."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
import reportlab
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from crm.domain.errors import DomainError
from crm.reports.base import DocContext, DocKit, break_lines
from crm.reports.branding import Branding, load_branding
from crm.reports.fonts import FONT_REGULAR, FontFinder, FontNotFound, ReportError, register_cjk_fonts
from crm.reports.provenance import (
    IssuedDocument,
    canonical_json,
    content_sha256,
    extract_doc_id,
    parse_qr_payload,
    qr_drawing,
    qr_payload,
    verify_pdf,
    verify_qr,
)
from crm.reports.render import build_document

CST = timezone(timedelta(hours=8))
PRINTED_AT = datetime(2024, 5, 6, 14, 30, tzinfo=CST)
SYNCED_AT = datetime(2024, 5, 6, 1, 5, tzinfo=UTC)  # 09:05 in Beijing
TABLE_ROWS = 150
HEADER = ["序号", "客户名称", "拜访方式", "金额（元）", "备注"]
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # a Latin-only TrueType font


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _need(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason} (CI must not skip the report tests)", pytrace=False)
    pytest.skip(reason)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        _need(f"{name} not found: install poppler-utils")
    assert path is not None
    return path


def _run(*args: str) -> str:
    # Fixed argument lists with tool paths from shutil.which: nothing here comes from outside.
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout  # noqa: S603


def pdftext(path: Path, *, raw: bool = True) -> list[str]:
    """Text of each page (pdftotext separates pages with form feeds)."""
    out = _run(_tool("pdftotext"), *(["-raw"] if raw else []), str(path), "-")
    return out.split("\f")[:-1]


@pytest.fixture(scope="module", autouse=True)
def cjk_font() -> None:
    try:
        register_cjk_fonts()
    except FontNotFound as exc:
        _need(f"no CJK TrueType font: {exc.params['install_hint']}")


@pytest.fixture(scope="module")
def branding() -> Branding:
    return load_branding()


def make_ctx(branding: Branding, *, draft: bool, **changes: object) -> DocContext:
    ctx = DocContext(
        branding=branding,
        title="客户综合金融服务方案",
        doc_type="test.proposal",
        printed_by="张三",
        printed_at=PRINTED_AT,
        data_as_of=SYNCED_AT,
        draft=draft,
    )
    return replace(ctx, **changes) if changes else ctx


def sample_rows(count: int = TABLE_ROWS) -> list[list[object]]:
    return [
        [
            n,
            f"示范第{n}号精密制造有限公司",
            "上门拜访" if n % 2 else "电话",
            f"{n * 1250:,}.00",
            "客户计划扩大产能" * (n % 3),
        ]
        for n in range(1, count + 1)
    ]


def sample_story(kit: DocKit) -> Iterable[Flowable]:
    yield kit.para("客户综合金融服务方案", "title")
    yield kit.para("致 A&B 科技有限公司 <董事会>", "subtitle")
    yield kit.section("一、双方合作现状")
    yield kit.para("贵公司自二〇一九年起在我行开立基本结算账户，双方合作稳步推进。" * 6, "body_indent")
    yield kit.section("客户基础信息", level=2)
    yield kit.kv_table(
        [("客户名称", "A&B 科技有限公司"), ("客户经理", "张三"), ("联系电话", "138****1234")], columns=2
    )
    yield kit.section("二、推荐方案")
    yield kit.data_table(
        HEADER, sample_rows(), [0.6, 3, 1, 1.4, 2], align=["CENTER", "LEFT", "CENTER", "RIGHT", "LEFT"]
    )
    yield kit.signature_block(["客户经理", "支行负责人", "客户（盖章）"])


DIGEST = {"proposal_id": "p-1", "version": 3, "amount": Decimal("1250000.00"), "rows": TABLE_ROWS}


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, branding: Branding
) -> dict[str, tuple[Path, IssuedDocument]]:
    out = tmp_path_factory.mktemp("pdf")
    result = {}
    for name, draft in (("draft", True), ("final", False)):
        path = out / f"{name}.pdf"
        issued = build_document(make_ctx(branding, draft=draft), sample_story, path, content_digest=DIGEST)
        result[name] = (path, issued)
    return result


# ------------------------------------------------------------------------------------ text and fonts


def test_chinese_text_comes_back_from_the_pdf(built: dict[str, tuple[Path, IssuedDocument]]) -> None:
    path, issued = built["final"]
    text = "".join(pdftext(path))
    for expected in (
        "客户综合金融服务方案",
        "致 A&B 科技有限公司 <董事会>",
        "双方合作稳步推进",
        "示范第150号精密制造有限公司",
    ):
        assert expected in text
    assert "示范商业银行" in text and "城东支行" in text
    assert f"文件编号：{issued.doc_id}" in text


def test_fonts_are_embedded_truetype_subsets_and_no_base14(
    built: dict[str, tuple[Path, IssuedDocument]],
) -> None:
    for path, _issued in built.values():
        lines = _run(_tool("pdffonts"), str(path)).splitlines()[2:]
        assert lines, "the PDF lists no fonts"
        for line in lines:
            assert "Type 3" not in line
            assert not line.startswith(BASE14), line
            parts = line.split()
            assert "+" in parts[0] and "TrueType" in parts[1:-5], line  # subset-tagged TrueType
            assert parts[-5:-2] == ["yes", "yes", "yes"], line  # embedded, subset, ToUnicode map


def test_every_page_has_footer_with_total_and_print_details(
    built: dict[str, tuple[Path, IssuedDocument]],
) -> None:
    path, issued = built["final"]
    pages = pdftext(path)
    assert issued.pages == len(pages) >= 3
    info = _run(_tool("pdfinfo"), str(path))
    assert re.search(rf"^Pages:\s+{issued.pages}$", info, re.M)
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"第\s*{number}\s*页\s*/\s*共\s*{issued.pages}\s*页", page), page[-300:]
        assert "打印人：张三" in page
        assert "打印时间：2024-05-06 14:30" in page
        assert "数据截至：2024-05-06 09:05（最近同步）" in page  # shown in the printing zone


def test_table_header_repeats_on_every_page_and_rows_stay_in_order(
    built: dict[str, tuple[Path, IssuedDocument]],
) -> None:
    path, _issued = built["final"]
    pages = pdftext(path, raw=False)
    table_pages = [p for p in pages if "示范第" in p]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "金额（元）" in page  # the header row
    numbers = [int(n) for n in re.findall(r"示范第(\d+)号", "".join(pages))]
    assert numbers == list(range(1, TABLE_ROWS + 1))


def test_draft_watermark_only_on_drafts(built: dict[str, tuple[Path, IssuedDocument]]) -> None:
    draft_pages = pdftext(built["draft"][0])
    final_pages = pdftext(built["final"][0])
    # The watermark is rotated, so the extractor may put each hanzi on a line of its own.
    assert all("DRAFT" in page and re.search(r"草\s*稿", page) for page in draft_pages)
    assert not any("DRAFT" in page or re.search(r"草\s*稿", page) for page in final_pages)


def test_metadata_carries_document_id(built: dict[str, tuple[Path, IssuedDocument]]) -> None:
    path, issued = built["final"]
    info = _run(_tool("pdfinfo"), str(path))
    assert f"crm-doc:v1:{issued.doc_id}" in info
    assert "客户综合金融服务方案" in info
    assert re.search(r"CreationDate:\s+Mon May\s+6 06:30:00 2024 UTC", info)


# ------------------------------------------------------------------------------------- provenance


def test_last_page_carries_check_code(built: dict[str, tuple[Path, IssuedDocument]]) -> None:
    path, issued = built["final"]
    pages = pdftext(path)
    last = pages[-1].replace(" ", "")
    assert f"校验码：{issued.check_code}" in last
    assert f"文件编号：{issued.doc_id}" in last
    assert all("校验码" not in page for page in pages[:-1])
    assert issued.content_sha256 == content_sha256(issued.doc_id, "test.proposal", DIGEST)


def test_verify_pdf_unchanged_modified_unknown(
    built: dict[str, tuple[Path, IssuedDocument]], tmp_path: Path
) -> None:
    path, issued = built["final"]
    ledger = {issued.doc_id: issued}
    assert verify_pdf(path, ledger.get).status == "issued_unchanged"
    assert verify_pdf(path, ledger.get).ok

    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    result = verify_pdf(changed, ledger.get)
    assert (result.status, result.doc_id, result.issued) == ("modified", issued.doc_id, issued)

    appended = tmp_path / "appended.pdf"
    appended.write_bytes(path.read_bytes() + b"\n% appended\n")
    assert verify_pdf(appended, ledger.get).status == "modified"

    assert verify_pdf(path, {}.get).status == "unknown"  # an id we never issued
    foreign = io.BytesIO()
    canvas = Canvas(foreign)
    canvas.drawString(72, 720, "not ours")
    canvas.save()
    result = verify_pdf(foreign.getvalue(), ledger.get)
    assert (result.status, result.doc_id) == ("unknown", None)


def test_draft_and_final_get_distinct_ids_and_hashes(built: dict[str, tuple[Path, IssuedDocument]]) -> None:
    draft, final = built["draft"][1], built["final"][1]
    assert draft.doc_id != final.doc_id
    assert draft.file_sha256 != final.file_sha256
    assert draft.draft and not final.draft


def test_same_inputs_give_identical_bytes(branding: Branding) -> None:
    ctx = make_ctx(branding, draft=False)
    first, second = io.BytesIO(), io.BytesIO()
    a = build_document(ctx, sample_story, first, content_digest=DIGEST)
    b = build_document(ctx, sample_story, second, content_digest=DIGEST)
    assert first.getvalue() == second.getvalue()
    assert a == b


def test_qr_payload_round_trip_and_verification(built: dict[str, tuple[Path, IssuedDocument]]) -> None:
    _path, issued = built["final"]
    payload = qr_payload(issued.doc_id, issued.content_sha256)
    assert payload == f"crm-doc:v1:{issued.doc_id}:{issued.content_sha256}"
    assert parse_qr_payload(payload) == (issued.doc_id, issued.content_sha256)
    assert parse_qr_payload("https://example.com") is None
    ledger = {issued.doc_id: issued}
    assert verify_qr(payload, ledger.get).status == "issued_unchanged"
    assert verify_qr(qr_payload(issued.doc_id, "0" * 64), ledger.get).status == "modified"
    assert verify_qr(payload, {}.get).status == "unknown"


def test_qr_drawing_encodes_the_payload() -> None:
    import qrcode

    payload = qr_payload("0b6c3c1e-5f0e-4a8e-9a3b-2f5d7c9e1a42", "ab" * 32)
    widget = qr_drawing(payload, 70).contents[0]
    widget.qr.make()
    ours = [[bool(module) for module in row] for row in widget.qr.modules]
    # An independent encoder must produce the very same symbol (same version, level M and mask).
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    reference.add_data(payload)
    reference.make(fit=True)
    assert ours == reference.get_matrix()


def test_content_hash_is_canonical() -> None:
    doc_id = "0b6c3c1e-5f0e-4a8e-9a3b-2f5d7c9e1a42"
    a = {"b": 1, "a": [Decimal("1.50"), datetime(2024, 5, 6, 9, 0, tzinfo=CST)]}
    b = {"a": [Decimal("1.50"), datetime(2024, 5, 6, 1, 0, tzinfo=UTC)], "b": 1}
    assert canonical_json(a) == canonical_json(b)
    assert content_sha256(doc_id, "x.y", a) == content_sha256(doc_id, "x.y", b)
    assert content_sha256(doc_id, "x.y", a) != content_sha256(doc_id, "x.z", a)
    assert content_sha256(doc_id, "x.y", a) != content_sha256(doc_id, "x.y", {**a, "b": 2})
    with pytest.raises(TypeError):
        canonical_json({"x": object()})


def test_issued_document_round_trips_through_json(built: dict[str, tuple[Path, IssuedDocument]]) -> None:
    issued = built["final"][1]
    assert IssuedDocument.from_dict(json.loads(json.dumps(issued.to_dict()))) == issued


def test_extract_doc_id_from_utf16_and_compressed_metadata() -> None:
    import zlib

    doc_id = "0b6c3c1e-5f0e-4a8e-9a3b-2f5d7c9e1a42"
    marker = f"crm-doc:v1:{doc_id}"
    assert extract_doc_id(b"/Subject <feff" + marker.encode("utf-16-be") + b">") == doc_id
    stream = (
        b"1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + zlib.compress(marker.encode()) + b"\nendstream"
    )
    assert extract_doc_id(stream) == doc_id
    assert extract_doc_id(b"%PDF-1.4 nothing here") is None


# ---------------------------------------------------------------------------------- output handling


def test_failed_build_leaves_existing_file_and_no_temp_files(branding: Branding, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous copy")

    def broken(kit: DocKit) -> Iterable[Flowable]:
        yield kit.para("开始")
        raise RuntimeError("data went away")

    with pytest.raises(RuntimeError):
        build_document(make_ctx(branding, draft=False), broken, target)
    assert target.read_bytes() == b"previous copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]

    issued = build_document(make_ctx(branding, draft=False), sample_story, target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert verify_pdf(target, {issued.doc_id: issued}.get).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_unwritable_destination_is_a_coded_error(branding: Branding, tmp_path: Path) -> None:
    with pytest.raises(ReportError) as info:
        build_document(make_ctx(branding, draft=False), sample_story, tmp_path / "missing" / "out.pdf")
    assert info.value.code == "report.output_unwritable"


def test_orientation_switch_and_table_of_contents(branding: Branding, tmp_path: Path) -> None:
    def story(kit: DocKit) -> Iterable[Flowable]:
        yield kit.para("台账目录", "title")
        yield kit.table_of_contents()
        yield kit.page_break()
        yield kit.section("周报表")
        yield kit.para("本周新增客户三户。")
        yield from kit.switch_orientation(landscape=True)
        yield kit.section("客户跟进记录表")
        yield kit.data_table(HEADER, sample_rows(30), [0.6, 3, 1, 1.4, 2])

    path = tmp_path / "book.pdf"
    issued = build_document(make_ctx(branding, draft=False, doc_type="test.ledger_book"), story, path)
    sizes = re.findall(
        r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", _run(_tool("pdfinfo"), "-f", "1", "-l", "9", str(path))
    )
    assert float(sizes[0][0]) < float(sizes[0][1])  # portrait first
    assert float(sizes[-1][0]) > float(sizes[-1][1])  # landscape at the end
    first = pdftext(path, raw=False)[0]
    assert re.search(r"周报表[\s.]*2\n", first) and re.search(r"客户跟进记录表[\s.]*3\n", first), first
    assert issued.pages == len(sizes)


# ------------------------------------------------------------------------------------------- fonts


def test_font_not_found_names_what_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "fonts"
    empty.mkdir()
    finder = FontFinder(bundled_dir=empty, include_system=False, env={}, platform="linux")
    with pytest.raises(FontNotFound) as info:
        finder.find()
    error = info.value
    assert isinstance(error, ReportError) and isinstance(error, DomainError)
    assert error.code == "report.font_missing"
    assert "apt-get install fonts-wqy-microhei" in error.params["install_hint"]
    assert "apt-get install fonts-wqy-microhei" in str(error)
    windows = FontFinder(bundled_dir=empty, include_system=False, env={}, platform="win32")
    with pytest.raises(FontNotFound, match="msyh"):
        windows.find()


def test_build_refuses_without_cjk_font_and_writes_nothing(branding: Branding, tmp_path: Path) -> None:
    finder = FontFinder(configured=VERA, bundled_dir=None, include_system=False, env={}, platform="linux")
    target = tmp_path / "x.pdf"
    with pytest.raises(FontNotFound) as info:
        build_document(make_ctx(branding, draft=False), sample_story, target, font_finder=finder)
    assert any("lacks glyphs" in tried for tried in info.value.params["tried"])  # Latin fonts are refused
    assert not target.exists()


def test_finder_order_and_skipping_broken_files(tmp_path: Path) -> None:
    real = register_cjk_fonts().path
    bundled = tmp_path / "fonts"
    bundled.mkdir()
    (bundled / "a-broken.ttf").write_bytes(b"not a font at all")
    shutil.copy(real, bundled / f"b-good{real.suffix}")
    finder = FontFinder(bundled_dir=bundled, include_system=False, env={})
    candidate, regular, _bold = finder.find()
    assert candidate.source == "bundled" and candidate.path.name.startswith("b-good")
    assert 0x4E2D in regular.face.charToGlyph

    configured = FontFinder(configured=real, bundled_dir=bundled, include_system=False, env={})
    assert next(configured.candidates()).source == "configured"
    from_env = FontFinder(bundled_dir=bundled, include_system=False, env={"CRM_CJK_FONT": f"{real}#0"})
    first = next(from_env.candidates())
    assert (first.path, first.subfont_index, first.source) == (real, 0, "configured")


def test_system_search_finds_font_in_nested_folders(tmp_path: Path) -> None:
    real = register_cjk_fonts().path
    nested = tmp_path / "share" / "fonts" / "truetype" / "wqy"
    nested.mkdir(parents=True)
    shutil.copy(real, nested / "wqy-microhei.ttc")
    finder = FontFinder(
        bundled_dir=None, system_dirs=[tmp_path / "share" / "fonts"], env={}, platform="linux"
    )
    candidate, _regular, _bold = finder.find()
    assert candidate.path == nested / "wqy-microhei.ttc" and candidate.source == "system"


# ---------------------------------------------------------------------------------- small helpers


def test_context_validation(branding: Branding) -> None:
    with pytest.raises(ReportError) as info:
        make_ctx(branding, draft=False, printed_at=datetime(2024, 5, 6, 14, 30))
    assert (info.value.code, info.value.field) == ("report.context_invalid", "printed_at")
    with pytest.raises(ReportError):
        make_ctx(branding, draft=False, doc_type="Bad Type")
    with pytest.raises(ReportError):
        make_ctx(branding, draft=False, doc_id="not-a-uuid")
    upper = "0B6C3C1E-5F0E-4A8E-9A3B-2F5D7C9E1A42"
    assert make_ctx(branding, draft=False, doc_id=upper).doc_id == upper.lower()


def test_branding_loads_override_and_rejects_bad_colours(tmp_path: Path) -> None:
    default = load_branding()
    assert default.bank_name == "示范商业银行" and default.primary_color.startswith("#")
    data = {**json.loads((Path("resources") / "branding.json").read_text("utf-8")), "logo_path": "logo.png"}
    override = tmp_path / "branding.json"
    override.write_text(json.dumps({**data, "bank_name": "另一家银行"}), "utf-8")
    loaded = load_branding(override)
    assert loaded.bank_name == "另一家银行"
    assert loaded.logo_path == tmp_path / "logo.png" and loaded.logo is None  # missing logo is tolerated
    override.write_text(json.dumps({**data, "primary_color": "red"}), "utf-8")
    with pytest.raises(ReportError) as info:
        load_branding(override)
    assert info.value.field == "primary_color"
    with pytest.raises(ReportError) as info:
        load_branding(tmp_path / "absent.json")
    assert info.value.code == "report.branding_missing"


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("客户计划扩大产能，拟申请流动资金贷款五百万元，需补充近三年财务报表。", 60.0),
        ("账号 6222020200001234567890123 已开通", 50.0),
        ("A short English note that wraps between words", 60.0),
    ],
)
def test_break_lines_fits_and_keeps_text(text: str, width: float) -> None:
    lines = break_lines(text, FONT_REGULAR, 8.5, width)
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for line in lines:
        assert not line.startswith(("，", "。", "、")), lines
        # A closing mark may hang one character past the edge rather than start a line.
        assert stringWidth(line[:-1], FONT_REGULAR, 8.5) <= width, lines


def test_empty_and_headerless_tables_build(branding: Branding, tmp_path: Path) -> None:
    def story(kit: DocKit) -> Iterable[Flowable]:
        yield kit.data_table(HEADER, [], [0.6, 3, 1, 1.4, 2])
        yield kit.data_table(None, sample_rows(120), [0.6, 3, 1, 1.4, 2])
        yield kit.data_table(HEADER, sample_rows(120), repeat_header=False)
        yield kit.data_table(["项目", "说明"], [["嵌入段落", kit.para("段落单元格 <可换行> " * 6, "cell")]])

    path = tmp_path / "tables.pdf"
    build_document(make_ctx(branding, draft=False), story, path)
    pages = pdftext(path, raw=False)
    text = "".join(pages)
    assert text.count("金额（元）") == 2  # the empty table and the first page of the last one
    assert text.count("示范第120号") == 2
    assert "段落单元格 <可换行>" in text


def test_para_escapes_markup(branding: Branding, tmp_path: Path) -> None:
    tricky = "R&D <b>不是粗体</b> 第一行\n第二行"
    path = tmp_path / "p.pdf"
    build_document(make_ctx(branding, draft=False), lambda kit: [kit.para(tricky)], path)
    text = pdftext(path)[0]
    assert "R&D <b>不是粗体</b> 第一行" in text and "第二行" in text
