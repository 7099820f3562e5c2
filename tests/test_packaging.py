"""The desktop bundle's recipe (build.spec, crm.gui_main, scripts/build_bundle.py) and the GUI self-test.

Building the bundle takes minutes, so it is not done here: `python3 scripts/build_bundle.py` builds it
and runs the frozen self-test (docs/packaging.md). These tests keep the recipe honest cheaply, and run
the same `--self-test` against the source tree.
"""

# The subprocesses run this interpreter on fixed code.
# ruff: noqa: S603

from __future__ import annotations

import importlib.util
import os
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import crm

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "build.spec"
BUILD_SCRIPT = REPO / "scripts" / "build_bundle.py"
SERVER_MODULES = ("crm.sync.server", "fastapi", "uvicorn", "starlette", "psycopg")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    # Outside PyInstaller the spec only defines its names: the build needs PyInstaller's globals.
    return runpy.run_path(str(SPEC))


@pytest.fixture(scope="module")
def build_bundle() -> Iterator[ModuleType]:
    module_spec = importlib.util.spec_from_file_location("crm_build_bundle_script", BUILD_SCRIPT)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_spec.name] = module
    try:
        module_spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(module_spec.name, None)


def _isolated_env(tmp_path: Path) -> dict[str, str]:
    """A throwaway home: the self-test must not find (or write) a real workspace, settings or key ring."""
    env = {k: v for k, v in os.environ.items() if k not in {"CRM_WORKSPACE", "DBUS_SESSION_BUS_ADDRESS"}}
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        folder = tmp_path / name.lower()
        folder.mkdir(mode=0o700)
        env[name] = str(folder)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_spec_collects_resources_and_migrations(spec: dict[str, Any]) -> None:
    datas = spec["collect_resources"]()
    collected = {Path(src).resolve(): dest for src, dest in datas}

    resources = REPO / "resources"
    for path in resources.rglob("*"):
        if path.is_file():
            expected = Path("resources", *path.relative_to(resources).parent.parts).as_posix()
            assert Path(collected[path.resolve()]).as_posix() == expected, path

    migrations = REPO / "crm" / "db" / "migrations"
    wanted = [migrations / "env.py", migrations / "script.py.mako", *sorted(migrations.glob("versions/*.py"))]
    assert len(wanted) > 3
    for path in wanted:
        expected = Path("crm/db", *path.relative_to(migrations.parent).parent.parts).as_posix()
        assert Path(collected[path.resolve()]).as_posix() == expected, path
    assert not any("__pycache__" in src or src.endswith(".pyc") for src, _ in datas)
    for name in ("catalogue.json", "branding.json", "scorecard.json", "surveys.json"):
        assert (resources / name).resolve() in collected


def test_spec_names_version_and_string_imports(spec: dict[str, Any]) -> None:
    from crm.ui.screens import SCREENS

    assert spec["APP_NAME"] == "crm-desktop"
    assert spec["read_version"]() == crm.__version__
    screen_modules = set(spec["screen_modules"]())
    assert {s.factory.split(":")[0] for s in SCREENS} <= screen_modules
    assert "crm.ui.printing" in screen_modules
    # The migration scripts are data to PyInstaller: their imports must be declared.
    needed = {"alembic", "alembic.op", "alembic.context", "sqlalchemy", "sqlmodel"}
    assert needed <= set(spec["migration_imports"]())


def test_spec_keeps_server_and_dev_tools_out(spec: dict[str, Any], build_bundle: ModuleType) -> None:
    excludes = set(spec["EXCLUDES"])
    assert set(SERVER_MODULES) <= excludes
    assert {"pytest", "hypothesis", "PyInstaller"} <= excludes
    assert set(SERVER_MODULES) <= set(spec["FORBIDDEN"])
    assert not spec["keep_qt_translation"]("PySide6/Qt/translations/qtbase_de.qm")
    assert spec["keep_qt_translation"]("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert spec["keep_qt_translation"]("resources/i18n/crm_en.qm")


def test_bundle_check_finds_server_files_and_modules(tmp_path: Path, build_bundle: ModuleType,
                                                     spec: dict[str, Any]) -> None:
    for rel in ("crm/sync/server/app.pyc", "fastapi-0.110.0.dist-info/METADATA", "psycopg_binary.libs/x.so",
                "crm/sync/client/engine.pyc", "PySide6/QtCore.abi3.so"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"")
    modules = ["uvicorn.main", "sqlalchemy.dialects.postgresql.psycopg", "crm.sync.client",
               "crm.sync.serverish"]

    hits = build_bundle.forbidden_contents(tmp_path, modules, spec["FORBIDDEN"])

    assert "crm/sync/server/app.pyc" in hits
    assert "fastapi-0.110.0.dist-info" in hits
    assert "psycopg_binary.libs" in hits
    assert "module uvicorn.main" in hits
    # SQLAlchemy's own dialect module is not the psycopg driver; a look-alike name is not the server.
    assert not any("sqlalchemy" in h or "client" in h or "serverish" in h or "PySide6" in h for h in hits)


def test_frozen_entry_point_parses_gui_options_without_server_code() -> None:
    code = (
        "import sys\n"
        "import crm.gui_main as g, crm.ui.app, crm.ui.main_window\n"
        "from crm.ui.screens import SCREENS\n"
        "import importlib\n"
        "[importlib.import_module(s.factory.split(':')[0]) for s in SCREENS]\n"
        "a = g.build_parser().parse_args(['--self-test', '--language', 'en', '--workspace', 'w'])\n"
        "assert (a.self_test, a.language, a.workspace) == (True, 'en', 'w'), a\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({SERVER_MODULES!r}) or m == 'crm.cli')\n"
        "print(bad)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.gui
def test_gui_self_test_opens_every_screen(tmp_path: Path) -> None:
    """`crm gui --self-test` from the source tree: the CI check that every screen opens."""
    result = subprocess.run(
        [sys.executable, "-m", "crm", "gui", "--self-test"],
        cwd=REPO, env=_isolated_env(tmp_path), capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "self-test: OK" in result.stderr
