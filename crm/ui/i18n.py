"""Qt translations: Chinese source strings (zh_CN, the default) with an English catalogue."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crm.resources_path import resource_path

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
_installed: list[QTranslator] = []


def install(app: QCoreApplication, language: str) -> None:
    """Swap the installed translators; widgets re-read strings on their next retranslate/refresh."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        app_translator = QTranslator()
        if app_translator.load(str(resource_path("i18n", "crm_en.qm"))):
            app.installTranslator(app_translator)
            _installed.append(app_translator)
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_translator = QTranslator()
    # Qt's own dialogs (file pickers, message box buttons) in Chinese too.
    if qt_translator.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
