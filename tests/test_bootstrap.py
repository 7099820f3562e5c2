"""Pure helpers of scripts/bootstrap.py (the set-up script behind the README and .ci/run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bootstrap.py"


@pytest.fixture(scope="module")
def bootstrap() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crm_bootstrap_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_missing_requirements_honours_alternatives_and_order(bootstrap: ModuleType) -> None:
    installed = {"libegl1", "libglib2.0-0t64", "xauth"}
    reqs = [
        ("libegl1",),
        ("libglib2.0-0", "libglib2.0-0t64"),
        ("poppler-utils",),
        ("xvfb",),
        ("poppler-utils",),
    ]
    assert bootstrap.missing_requirements(reqs, installed.__contains__) == [("poppler-utils",), ("xvfb",)]
    assert bootstrap.missing_requirements(reqs[:2], installed.__contains__) == []


def test_choose_packages_picks_first_available_name(bootstrap: ModuleType) -> None:
    available = {"libglib2.0-0t64", "xvfb"}
    names, unavailable = bootstrap.choose_packages(
        [("libglib2.0-0", "libglib2.0-0t64"), ("xvfb",), ("no-such-pkg",)], available.__contains__
    )
    assert names == ["libglib2.0-0t64", "xvfb"]
    assert unavailable == [("no-such-pkg",)]
    assert bootstrap.apt_install_command(names, sudo=True) == (
        "sudo apt-get install -y --no-install-recommends libglib2.0-0t64 xvfb"
    )


@pytest.mark.parametrize(("code", "ok"), [(0, True), (1, False), (2, False), (4, False), (5, False)])
def test_pytest_outcome_treats_no_tests_as_failure(bootstrap: ModuleType, code: int, ok: bool) -> None:
    passed, message = bootstrap.pytest_outcome(code)
    assert passed is ok
    if code == 5:
        assert "NO tests" in message


def test_every_profile_needs_the_qt_runtime_and_test_needs_postgres(bootstrap: ModuleType) -> None:
    for required, _optional in bootstrap.PROFILES.values():
        assert set(bootstrap.QT_RUNTIME) <= set(required)
    test_required = {name for req in bootstrap.PROFILES["test"][0] for name in req}
    assert {"postgresql", "fonts-wqy-microhei", "poppler-utils"} <= test_required


def test_pg_bindir_candidates_prefers_path_then_newest_version(bootstrap: ModuleType, tmp_path: Path) -> None:
    on_path = tmp_path / "pg" / "bin"
    on_path.mkdir(parents=True)
    lookup = {"initdb": str(on_path / "initdb"), "pg_ctl": str(on_path / "pg_ctl")}
    dirs = bootstrap.pg_bindir_candidates(
        lookup.get, lambda _pattern: ["/usr/lib/postgresql/9.6/bin", "/usr/lib/postgresql/16/bin"]
    )
    assert dirs == [on_path, Path("/usr/lib/postgresql/16/bin"), Path("/usr/lib/postgresql/9.6/bin")]
    assert bootstrap.pg_bindir_candidates(lambda _name: None, lambda _pattern: []) == []
