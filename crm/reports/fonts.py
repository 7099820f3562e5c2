"""Find an embeddable TrueType CJK font and register it with ReportLab; never fall back to tofu."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from crm.domain.errors import DomainError

log = logging.getLogger(__name__)

FONT_REGULAR = "CJK"
FONT_BOLD = "CJK-Bold"
ENV_FONT = "CRM_CJK_FONT"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")

# A font must draw every one of these, or Chinese documents would print boxes (tofu). The set mixes
# common hanzi, the words printed on every page and full-width punctuation.
_PROBE_CHARS = "中文银行客户经理第页共打印草稿数据截至同步签字日期（），。：0123456789ABCDEFGHIJ"


class ReportError(DomainError):
    """A document could not be produced (missing font, bad branding file, unwritable output…)."""


class FontNotFound(ReportError):
    """No usable TrueType font with Chinese glyphs was found; ``params['install_hint']`` says what to do."""

    def __init__(self, install_hint: str, tried: Sequence[str] = ()) -> None:
        super().__init__(
            "report.font_missing",
            params={"install_hint": install_hint, "tried": list(tried)},
            detail=f"no TrueType CJK font found; {install_hint}",
        )


def resources_dir() -> Path:
    """The application's resources folder, both from a source checkout and in a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def install_hint(platform: str | None = None) -> str:
    """Human-readable advice naming the package or font to install on this operating system."""
    platform = platform or sys.platform
    tail = f"or set {ENV_FONT} to a TrueType .ttf/.ttc file with Chinese glyphs"
    if platform.startswith("win"):
        return (
            "install Microsoft YaHei (msyh.ttc) or SimSun (simsun.ttc): Settings > Apps > "
            f"Optional features > 'Chinese (Simplified) Supplemental Fonts', {tail}"
        )
    if platform == "darwin":
        # PingFang and Hiragino use CFF outlines, which ReportLab cannot embed.
        return (
            "install a TrueType Chinese font such as WenQuanYi Micro Hei (wqy-microhei.ttc) into "
            f"~/Library/Fonts or the app's resources/fonts folder, {tail}"
        )
    return (
        "run 'apt-get install fonts-wqy-microhei' (Debian/Ubuntu), 'dnf install wqy-microhei-fonts' "
        f"(Fedora/RHEL) or 'zypper install wqy-microhei-fonts' (openSUSE), {tail}"
    )


@dataclass(frozen=True)
class FontCandidate:
    """One font file worth trying, with the face inside a .ttc collection and an optional bold partner."""

    path: Path
    subfont_index: int = 0
    bold_path: Path | None = None
    bold_subfont_index: int = 0
    source: str = "system"  # configured | bundled | system


@dataclass(frozen=True)
class CJKFonts:
    """The registered ReportLab font names and where they came from."""

    regular: str
    bold: str
    path: Path
    subfont_index: int
    bold_path: Path | None  # None: the bold name draws the regular face (no bold file available)
    source: str

    @property
    def has_real_bold(self) -> bool:
        return self.bold_path is not None


# Preferred OS fonts in order: (file name, ttc face index, bold file name or None).
_WINDOWS_FONTS: tuple[tuple[str, int, str | None], ...] = (
    ("msyh.ttc", 0, "msyhbd.ttc"),
    ("msyh.ttf", 0, "msyhbd.ttf"),
    ("Deng.ttf", 0, "Dengb.ttf"),
    ("simhei.ttf", 0, None),
    ("simsun.ttc", 0, None),
    ("simsun.ttf", 0, None),
)
_MAC_FONTS: tuple[tuple[str, int, str | None], ...] = (
    ("PingFang.ttc", 0, None),  # usually CFF: tried, then skipped when ReportLab refuses it
    ("Hiragino Sans GB.ttc", 0, None),
    ("STHeiti Light.ttc", 0, "STHeiti Medium.ttc"),
    ("Songti.ttc", 0, None),
    ("Arial Unicode.ttf", 0, None),
    ("wqy-microhei.ttc", 0, None),
)
_LINUX_FONTS: tuple[tuple[str, int, str | None], ...] = (
    ("wqy-microhei.ttc", 0, None),
    ("wqy-zenhei.ttc", 0, None),
    ("NotoSansSC-Regular.ttf", 0, "NotoSansSC-Bold.ttf"),
    ("NotoSansCJK-Regular.ttc", 0, "NotoSansCJK-Bold.ttc"),  # CFF in most distros: skipped if so
    ("DroidSansFallbackFull.ttf", 0, None),
    ("DroidSansFallback.ttf", 0, None),
    ("uming.ttc", 0, None),
    ("ukai.ttc", 0, None),
)


def _home() -> Path:
    return Path(os.path.expanduser("~"))


def default_system_dirs(platform: str, env: Mapping[str, str]) -> list[Path]:
    """Where the operating system keeps fonts, per-user folders included."""
    if platform.startswith("win"):
        windir = env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows"
        dirs = [Path(windir) / "Fonts"]
        local = env.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            _home() / "Library" / "Fonts",
        ]
    data_home = Path(env.get("XDG_DATA_HOME") or _home() / ".local" / "share")
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        data_home / "fonts",
        _home() / ".fonts",
    ]


def _parse_configured(value: str | os.PathLike[str]) -> tuple[Path, int]:
    """A configured font is a path, optionally suffixed with '#<face index>' for .ttc collections."""
    text = os.fspath(value)
    base, sep, index = text.rpartition("#")
    if sep and index.isdigit():
        return Path(base), int(index)
    return Path(text), 0


def _bold_sibling(path: Path) -> Path | None:
    for regular, bold in (("-Regular", "-Bold"), ("-regular", "-bold"), ("Regular", "Bold")):
        if regular in path.stem:
            sibling = path.with_name(path.stem.replace(regular, bold) + path.suffix)
            if sibling.is_file():
                return sibling
    return None


@dataclass
class FontFinder:
    """Lists font candidates in priority order; every input is injectable so tests need no real fonts.

    Order: explicit ``configured`` path, then env ``CRM_CJK_FONT``, then files in ``bundled_dir``
    (``resources/fonts``), then the operating system's font folders.
    """

    configured: str | os.PathLike[str] | None = None
    bundled_dir: Path | None = field(default_factory=lambda: resources_dir() / "fonts")
    include_system: bool = True
    system_dirs: Sequence[Path] | None = None
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    platform: str = sys.platform

    def candidates(self) -> Iterator[FontCandidate]:
        for value in (self.configured, self.env.get(ENV_FONT) or None):
            if value:
                path, index = _parse_configured(value)
                yield FontCandidate(path, index, _bold_sibling(path), 0, "configured")
        if self.bundled_dir is not None and self.bundled_dir.is_dir():
            files = sorted(p for p in self.bundled_dir.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
            bolds = {b for p in files if (b := _bold_sibling(p)) is not None}
            for path in files:
                if path not in bolds:
                    yield FontCandidate(path, 0, _bold_sibling(path), 0, "bundled")
        if self.include_system:
            yield from self._system_candidates()

    def _system_candidates(self) -> Iterator[FontCandidate]:
        if self.platform.startswith("win"):
            table = _WINDOWS_FONTS
        elif self.platform == "darwin":
            table = _MAC_FONTS
        else:
            table = _LINUX_FONTS
        dirs = (
            self.system_dirs if self.system_dirs is not None else default_system_dirs(self.platform, self.env)
        )
        # Linux distributions nest fonts in package folders, so index file names recursively once.
        found: dict[str, Path] = {}
        for directory in dirs:
            if not directory.is_dir():
                continue
            for root, _subdirs, files in os.walk(directory):
                for name in files:
                    found.setdefault(name.lower(), Path(root) / name)
        for name, index, bold in table:
            path = found.get(name.lower())
            if path is not None:
                bold_path = found.get(bold.lower()) if bold else None
                yield FontCandidate(path, index, bold_path, 0, "system")

    def find(self) -> tuple[FontCandidate, TTFont, TTFont | None]:
        """The first candidate ReportLab can load and that draws Chinese; raises FontNotFound."""
        tried: list[str] = []
        for candidate in self.candidates():
            label = f"{candidate.path}#{candidate.subfont_index}"
            regular = _load(FONT_REGULAR, candidate.path, candidate.subfont_index, tried, label)
            if regular is None:
                continue
            bold = None
            if candidate.bold_path is not None:
                bold_label = f"{candidate.bold_path}#{candidate.bold_subfont_index}"
                bold = _load(FONT_BOLD, candidate.bold_path, candidate.bold_subfont_index, tried, bold_label)
            return candidate, regular, bold
        raise FontNotFound(install_hint(self.platform), tried)


def _load(name: str, path: Path, index: int, tried: list[str], label: str) -> TTFont | None:
    if not path.is_file():
        tried.append(f"{label}: no such file")
        return None
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception as exc:  # TTFError, struct errors on corrupt files, OSError: all mean "unusable"
        tried.append(f"{label}: {exc}")
        log.info("skipping font %s: %s", label, exc)
        return None
    missing = [c for c in _PROBE_CHARS if ord(c) not in font.face.charToGlyph]
    if missing:
        tried.append(f"{label}: lacks glyphs {''.join(missing[:8])!r}")
        log.info("skipping font %s: no Chinese glyphs", label)
        return None
    return font


_lock = threading.Lock()
_registered: CJKFonts | None = None


def register_cjk_fonts(finder: FontFinder | None = None) -> CJKFonts:
    """Register ``FONT_REGULAR`` and ``FONT_BOLD`` with ReportLab and return what was used.

    With no finder the default search runs once per process and is cached; a finder passed in
    always searches again and its result becomes the cached registration. The bold name always
    exists: it draws the regular face when there is no bold file, so styles can name it blindly.
    TrueType fonts are embedded as subsets by ReportLab, which keeps PDFs small.
    """
    global _registered
    with _lock:
        if finder is None and _registered is not None:
            return _registered
        candidate, regular, bold = (finder or FontFinder()).find()
        if bold is None:
            # A second instance of the same face: ReportLab needs a distinct font object per name.
            bold = TTFont(FONT_BOLD, str(candidate.path), subfontIndex=candidate.subfont_index)
            bold_path = None
        else:
            bold_path = candidate.bold_path
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(bold)
        pdfmetrics.registerFontFamily(
            FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_REGULAR, boldItalic=FONT_BOLD
        )
        result = CJKFonts(
            regular=FONT_REGULAR,
            bold=FONT_BOLD,
            path=candidate.path,
            subfont_index=candidate.subfont_index,
            bold_path=bold_path,
            source=candidate.source,
        )
        log.info("CJK font: %s (%s)", candidate.path, candidate.source)
        _registered = result
        return result
