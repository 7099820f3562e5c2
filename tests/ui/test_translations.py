"""The English catalogue (resources/i18n/crm_en.ts → crm_en.qm): complete for the current code, compiled,
consistent with its sources, and actually used by the main window once English is installed.

When a test here fails after a UI change, run ``.venv/bin/python scripts/update_translations.py``,
translate the new ``type="unfinished"`` messages in crm_en.ts and run the script again.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMenu

from crm.ui import i18n

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "update_translations.py"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
#: {0}, {name}, {3:.2f} for str.format; %n, %1 for Qt's own arguments.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n|%L?\d")
#: A mnemonic (&X) — not a literal "&&" nor an HTML entity in rich text.
MNEMONIC = re.compile(r"&(?!&|nbsp;|amp;|lt;|gt;|quot;|apos;)\w")
RM_NAV = ["Today", "Clients", "Visits", "Plans", "Products", "Proposals", "Complaints", "Performance", "Sync"]
MENUS = ["&File", "&View", "&Sync", "Se&ttings", "&Help"]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    """scripts/update_translations.py, the one place that knows how lupdate/lrelease are run."""
    module_spec = importlib.util.spec_from_file_location("crm_update_translations_script", SCRIPT)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def restore_language(qapp: Any) -> Iterator[None]:
    """Put back the translators and default locale other tests run with (the Chinese source strings)."""
    saved_locale = QLocale()
    saved = list(i18n._installed)
    yield
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()
    for translator in saved:
        qapp.installTranslator(translator)
        i18n._installed.append(translator)
    QLocale.setDefault(saved_locale)


def test_catalogue_covers_the_current_code(tool: ModuleType, tmp_path: Path) -> None:
    fresh_ts = tmp_path / "fresh.ts"
    tool.lupdate(fresh_ts, silent=True)
    fresh = tool.messages(fresh_ts)
    committed = tool.messages(tool.TS_FILE)
    assert len(fresh) > 1000  # lupdate really read crm/ui
    missing = sorted(key for key in fresh if key not in committed)
    assert not missing, f"{len(missing)} message(s) not in crm_en.ts; run scripts/update_translations.py: " \
                        f"{missing[:10]}"
    unfinished = tool.unfinished(tool.TS_FILE)
    assert not unfinished, f"{len(unfinished)} unfinished translation(s) in crm_en.ts: {unfinished[:10]}"


def test_qm_is_compiled_from_the_catalogue(tool: ModuleType, tmp_path: Path) -> None:
    compiled = tmp_path / "crm_en.qm"
    tool.lrelease(tool.TS_FILE, compiled, silent=True)
    assert tool.QM_FILE == i18n.resource_path("i18n", "crm_en.qm")  # the file i18n.install loads
    assert tool.QM_FILE.is_file(), "run scripts/update_translations.py"
    assert tool.QM_FILE.read_bytes() == compiled.read_bytes(), \
        "crm_en.qm is stale; run scripts/update_translations.py"


def test_translations_keep_placeholders_and_mnemonics(tool: ModuleType) -> None:
    """A lost {0} breaks str.format at run time; a lost &X leaves a control without its Alt key."""
    wrong = []
    for (context, source, _comment), message in tool.messages(tool.TS_FILE).items():
        english = message.findtext("translation") or ""
        if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(english)):
            wrong.append((context, source, english, "placeholders"))
        mnemonics = MNEMONIC.findall(english)
        if bool(MNEMONIC.search(source)) != bool(mnemonics) or len(mnemonics) > 1:
            wrong.append((context, source, english, "mnemonic"))
        if source.count("\n") != english.count("\n"):
            wrong.append((context, source, english, "line breaks"))
        if CJK.search(english) and source != "语言 / Language":
            wrong.append((context, source, english, "Chinese left in the English text"))
    assert not wrong, wrong


def test_main_window_in_english(qapp: Any, qtbot: Any, rm_ctx: Any, tmp_path: Path) -> None:
    from crm.ui.main_window import MainWindow

    i18n.install(qapp, "en")
    window = MainWindow(rm_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)

    nav = [window.nav.item(row).text() for row in range(window.nav.count())]
    assert nav == RM_NAV
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == MENUS
    menus_shown = [cast(QMenu, menu_action.menu()) for menu_action in window.menuBar().actions()]
    assert all(isinstance(menu, QMenu) for menu in menus_shown)
    for menu in menus_shown:
        for action in menu.actions():
            if action.menu() is None:  # the language submenu names each language in its own words
                assert not CJK.search(action.text()), action.text()
    assert [a.text() for a in menus_shown[1].actions()] == RM_NAV  # the View menu

    name = rm_ctx.actor.display_name
    title = window.windowTitle()
    assert name and name in title
    assert title.replace(name, "") == "RM Workbench — "
    assert window.user_label.text() == f"{name} · Relationship manager"

    window.show()
    qtbot.waitExposed(window)
    assert not window.grab().isNull()
