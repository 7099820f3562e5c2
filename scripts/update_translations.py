#!/usr/bin/env python3
"""Refresh the English UI catalogue from the code, then compile it.

    .venv/bin/python scripts/update_translations.py [--check]

1. ``pyside6-lupdate`` reads every ``.py`` under ``crm/ui`` (the printed reports in ``crm/reports`` stay
   Chinese) and merges the messages into ``resources/i18n/crm_en.ts``: existing translations are kept,
   new messages arrive as ``type="unfinished"``, messages no longer in the code are dropped
   (``-no-obsolete``). Source language zh_CN, target language en.
2. ``pyside6-lrelease`` compiles the catalogue into ``resources/i18n/crm_en.qm``, the file
   ``crm.ui.i18n.install`` loads for the "en" language.

With ``--check`` nothing is written: the script exits non-zero when the code has messages the catalogue
lacks, when a translation is unfinished, or when the .qm is stale (what tests/ui/test_translations.py
checks too).
"""

# Runs fixed Qt tools from the virtualenv by design.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "crm" / "ui"
I18N_DIR = ROOT / "resources" / "i18n"
TS_FILE = I18N_DIR / "crm_en.ts"
QM_FILE = I18N_DIR / "crm_en.qm"
SOURCE_LANGUAGE = "zh_CN"
TARGET_LANGUAGE = "en"


def tool(name: str) -> str:
    """A Qt tool installed next to this interpreter (the venv), else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"update_translations: {name} not found; install PySide6 in the virtualenv")
    return found


def source_files() -> list[Path]:
    """Every Python file of the UI package, sorted so the catalogue does not depend on the file system."""
    return sorted(p for p in SOURCE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate(ts_file: Path, *, silent: bool = False) -> str:
    """Merge the UI's messages into `ts_file` (created when missing); returns lupdate's output."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    command = [tool("pyside6-lupdate"), *files,
               "-source-language", SOURCE_LANGUAGE, "-target-language", TARGET_LANGUAGE,
               "-no-obsolete", "-ts", str(ts_file)]
    if silent:
        command.insert(1, "-silent")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        sys.exit(f"update_translations: lupdate failed ({done.returncode}):\n{output}")
    return output


def lrelease(ts_file: Path, qm_file: Path, *, silent: bool = False) -> str:
    """Compile `ts_file` into `qm_file`; returns lrelease's output."""
    command = [tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)]
    if silent:
        command.insert(1, "-silent")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        sys.exit(f"update_translations: lrelease failed ({done.returncode}):\n{output}")
    return output


def messages(ts_file: Path) -> dict[tuple[str, str, str], ET.Element]:
    """The catalogue's messages by (context, source, disambiguation comment)."""
    found: dict[tuple[str, str, str], ET.Element] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):  # noqa: S314 (our own catalogue)
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def unfinished(ts_file: Path) -> list[tuple[str, str, str]]:
    """Messages whose translation is missing or still marked unfinished."""
    return [key for key, message in messages(ts_file).items()
            if (translation := message.find("translation")) is None
            or translation.get("type") == "unfinished"]


def problems() -> list[str]:
    """What is out of date, without touching the committed files."""
    found: list[str] = []
    if not TS_FILE.is_file():
        return [f"{TS_FILE.relative_to(ROOT)} is missing"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        lupdate(fresh, silent=True)
        committed = messages(TS_FILE)
        found += [f"not in the catalogue: [{c}] {s!r}"
                  for (c, s, d) in messages(fresh) if (c, s, d) not in committed]
        found += [f"unfinished: [{c}] {s!r}" for (c, s, _d) in unfinished(TS_FILE)]
        compiled = Path(tmp) / "fresh.qm"
        lrelease(TS_FILE, compiled, silent=True)
        if not QM_FILE.is_file() or QM_FILE.read_bytes() != compiled.read_bytes():
            found.append(f"{QM_FILE.relative_to(ROOT)} is not compiled from the current catalogue")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report what is out of date; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    print(lupdate(TS_FILE).strip())
    print(lrelease(TS_FILE, QM_FILE).strip())
    left = unfinished(TS_FILE)
    if left:
        print(f"{len(left)} message(s) still need an English translation in {TS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
