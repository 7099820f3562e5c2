#!/usr/bin/env python3
"""Build the desktop bundle with PyInstaller (build.spec), check what is in it, then run it frozen.

    python3 scripts/build_bundle.py              # build dist/crm-desktop, check it, run its --self-test
    python3 scripts/build_bundle.py --no-build   # check and self-test the bundle already in dist/

Steps, each failing the script with a non-zero exit code:

1. ``pyinstaller --clean --noconfirm build.spec`` into dist/ (work files under build/pyinstaller);
2. the bundle must hold no ledger-server code (no file and no archived module of crm.sync.server,
   fastapi, uvicorn, starlette or the psycopg drivers: build.spec's FORBIDDEN) and everything
   build.spec collects (resources, migrations, modules imported by string or entry point);
3. ``dist/crm-desktop/crm-desktop --version`` prints crm.__version__;
4. ``dist/crm-desktop/crm-desktop --self-test`` under QT_QPA_PLATFORM=offscreen, with a throwaway
   HOME/XDG folders and no D-Bus session (so no real workspace or key ring is touched): it builds a
   demo workspace and opens every screen once; its exit code is this script's exit code.

Runs itself again under the repository's .venv when the current Python has no PyInstaller.
"""

# Fixed commands (the venv's python, the built bundle) with arguments built here.
# ruff: noqa: S603, S606

from __future__ import annotations

import argparse
import os
import runpy
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SPEC_FILE = REPO / "build.spec"
DIST = REPO / "dist"
WORK = REPO / "build" / "pyinstaller"
VENV_PYTHON = REPO / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
SELF_TEST_TIMEOUT = 600
#: Modules the app imports by string or entry point; if one is missing the bundle fails late, on a click.
RUNTIME_MODULES = (
    "sqlcipher3.dbapi2",
    "apscheduler.triggers.interval",
    "apscheduler.executors.pool",
    "keyring.backends.SecretService",
    "keyring.backends.fail",
    "reportlab.pdfbase._fontdata_widths_helvetica",
    "reportlab.graphics.barcode.qr",
    "reportlab.graphics.barcode.code128",  # exec()'d by reportlab.graphics.barcode.widgets
    "pypinyin.seg.mmseg",
)


def say(message: str) -> None:
    print(f"[build_bundle] {message}", flush=True)


def load_spec() -> dict[str, Any]:
    """build.spec's names (APP_NAME, FORBIDDEN, collect_resources...); outside PyInstaller it only defines."""
    return runpy.run_path(str(SPEC_FILE))


def _has_pyinstaller() -> bool:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return False
    return True


def build() -> float:
    """Run PyInstaller on build.spec; return the wall time in seconds."""
    say(f"pyinstaller {SPEC_FILE.name} -> {DIST.relative_to(REPO)}/")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--clean", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC_FILE)],
        cwd=REPO, check=True,
    )
    return time.perf_counter() - started


def bundle_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def archived_modules(executable: Path) -> Iterator[str]:
    """Names of the Python modules inside the executable's embedded PYZ archive(s)."""
    from PyInstaller.archive.readers import CArchiveReader

    package = CArchiveReader(str(executable))
    for name, entry in package.toc.items():
        if entry[-1] == "z":  # typecode of a PYZ archive
            yield from package.open_embedded_archive(name).toc
        else:
            yield name


def _package_part(part: str) -> str:
    """'fastapi-0.1.dist-info' -> 'fastapi', 'psycopg_binary.libs' -> 'psycopg_binary', 'x.pyc' -> 'x'."""
    name = part.lower()
    for suffix in (".dist-info", ".egg-info", ".libs"):
        name = name.removesuffix(suffix)
    return name.split("-")[0].split(".")[0]


def forbidden_contents(contents_root: Path, modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    """Files (relative to the bundle's importable root) and archived modules of forbidden packages."""
    hits = []
    for path in contents_root.rglob("*"):
        rel = PurePosixPath(path.relative_to(contents_root).as_posix())
        parts = [_package_part(p) for p in rel.parts]
        if any(parts[: len(chain)] == chain for chain in (f.split(".") for f in forbidden)):
            hits.append(str(rel))
    hits += [f"module {m}" for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden)]
    return sorted(hits)


def missing_contents(contents_root: Path, modules: list[str], spec: dict[str, Any]) -> list[str]:
    """Resources, migrations and by-string modules that build.spec promises but the bundle lacks."""
    missing = [dest + "/" + Path(src).name for src, dest in spec["collect_resources"]()
               if not (contents_root / dest / Path(src).name).is_file()]
    known = set(modules)
    wanted = [*spec["screen_modules"](), *spec["migration_imports"](), *RUNTIME_MODULES]
    missing += [f"module {m}" for m in wanted if m not in known]
    for dist in ("apscheduler", "keyring"):  # their entry points are read from the metadata
        if not any(contents_root.glob(f"{dist}-*.dist-info/entry_points.txt")):
            missing.append(f"{dist} metadata (entry_points.txt)")
    return missing


def isolated_env(tmp: Path) -> dict[str, str]:
    """The user's environment with a throwaway home: no real workspace, settings or key ring."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"CRM_WORKSPACE", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"}}
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
                 "XDG_RUNTIME_DIR", "TMPDIR"):
        folder = tmp / name.lower()
        folder.mkdir(mode=0o700)
        env[name] = str(folder)
    env["USERPROFILE"] = env["APPDATA"] = env["LOCALAPPDATA"] = env["HOME"]
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_bundle(executable: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(executable), *args], env=env, capture_output=True, text=True,
                          timeout=SELF_TEST_TIMEOUT, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="check and self-test the existing bundle")
    args = parser.parse_args(argv)

    if not _has_pyinstaller():
        if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent.resolve():
            os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *(sys.argv[1:] if argv is None else argv)])
        say(f"PyInstaller is missing: {VENV_PYTHON} -m pip install 'pyinstaller>=6.6,<7'")
        return 1

    spec = load_spec()
    app_name = spec["APP_NAME"]
    bundle = DIST / app_name
    executable = bundle / (app_name + (".exe" if os.name == "nt" else ""))
    build_seconds = None
    if not args.no_build:
        try:
            build_seconds = build()
        except subprocess.CalledProcessError as exc:
            say(f"FAILED: pyinstaller exited with {exc.returncode}")
            return exc.returncode or 1
    if not executable.is_file():
        say(f"FAILED: no bundle at {executable}")
        return 1
    # PyInstaller 6 keeps everything but the executable in _internal/ (sys._MEIPASS).
    contents = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    size, count = bundle_size(bundle)
    modules = sorted(set(archived_modules(executable)))

    failures = []
    hits = forbidden_contents(contents, modules, spec["FORBIDDEN"])
    if hits:
        failures.append(f"server code in the bundle ({len(hits)}): " + ", ".join(hits[:20]))
    missing = missing_contents(contents, modules, spec)
    if missing:
        failures.append(f"missing from the bundle ({len(missing)}): " + ", ".join(missing[:20]))
    if not hits and not missing:
        say(f"contents OK: {count:,} files and {len(modules):,} archived modules checked, no server code")

    with tempfile.TemporaryDirectory(prefix="crm-bundle-") as tmp:
        env = isolated_env(Path(tmp))
        expected = f"{app_name} {spec['read_version']()}"
        version = run_bundle(executable, ["--version"], env)
        if version.returncode != 0 or version.stdout.strip() != expected:
            failures.append(f"--version printed {version.stdout.strip()!r} (exit {version.returncode}), "
                            f"expected {expected!r}: {version.stderr.strip()[-500:]}")
        else:
            say(f"--version: {version.stdout.strip()}")

        say(f"frozen self-test: {executable.relative_to(REPO)} --self-test (QT_QPA_PLATFORM=offscreen)")
        started = time.perf_counter()
        try:
            result = run_bundle(executable, ["--self-test"], env)
        except subprocess.TimeoutExpired:
            say(f"FAILED: the frozen self-test ran longer than {SELF_TEST_TIMEOUT} s")
            return 1
        test_seconds = time.perf_counter() - started
    # Qt's offscreen plugin notes unsupported window hints on every show; that is noise, not a failure.
    lines = [line for line in result.stderr.splitlines() if "does not support propagateSizeHints" not in line]
    for line in lines[-40:]:
        print("    " + line)
    self_test_ok = result.returncode == 0 and any(line.startswith("self-test: OK") for line in lines)

    say("figures:")
    if build_seconds is not None:
        print(f"    build time   {build_seconds:,.0f} s")
    print(f"    bundle       {bundle.relative_to(REPO)}: {size / 2**20:,.1f} MiB in {count:,} files")
    print(f"    self-test    exit {result.returncode} in {test_seconds:,.1f} s")
    for failure in failures:
        say("FAILED: " + failure)
    if not self_test_ok:
        say("FAILED: the frozen self-test did not pass")
        return result.returncode or 1
    if failures:
        return 1
    say("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
