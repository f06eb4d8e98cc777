"""Qt's own texts (dialog buttons, file dialogs) in the officer's language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.core.i18n import N_, _

log = logging.getLogger("ui")

_translators: list[QTranslator] = []

# Qt's own texts that its zh_CN catalog lacks (Qt changed them, adding shortcut keys), served
# from ours: (context, source text).
QT_GAPS = {("QFileDialog", N_("&Look in:")), ("QFileDialog", N_("Files of &type:"))}


class QtGaps(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        del disambiguation, n
        # None (a null string) passes the text on to Qt's catalog; "" would translate it to ""
        return _(source) if (context, source) in QT_GAPS else None

    def isEmpty(self) -> bool:
        return False


def install_qt_translator(app: QApplication, language: str) -> None:
    """Qt's own texts (dialog buttons, file dialogs) in the chosen language."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                       if language == "zh_CN" else QLocale(QLocale.Language.English))
    if language == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        _translators.append(translator)
    else:
        log.warning("Qt's %s translations not found in %s", language, folder)
    gaps = QtGaps(app)
    app.installTranslator(gaps)  # searched before the one installed earlier
    _translators.append(gaps)
