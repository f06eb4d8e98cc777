"""Settings: what reports print, limits and windows, and this machine's name."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core import dictionaries, i18n, settings
from app.core.i18n import _
from app.data import session
from ui import ops
from ui.common import file_dialogs
from ui.common.fonts import set_points
from ui.common.tips import with_shortcut

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


class SettingsView(QWidget):
    """Edits the settings stored in the database (they travel with it) and the device name
    (kept on this machine). Ctrl+S saves; nothing is stored until then."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel()
        set_points(self.heading, 16, bold=True)
        self.issuing_unit = QLineEdit()
        self.compiler = QLineEdit()
        self.reviewer = QLineEdit()
        self.report_font = QLineEdit()
        self.font_button = QPushButton()
        self.font_button.clicked.connect(self._choose_font)
        font_row = QHBoxLayout()
        font_row.addWidget(self.report_font, 1)
        font_row.addWidget(self.font_button)
        self.expiring_days = QSpinBox(minimum=1, maximum=365)
        self.backup_count = QSpinBox(minimum=1, maximum=100)
        self.backup_folder = QLineEdit()
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.folder_button)
        self.attachment_limit = QSpinBox(minimum=1, maximum=1024)
        self.default_street = QComboBox()
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.device_name = QLineEdit()
        self.form = QFormLayout()
        self.rows = [
            (self.issuing_unit, None), (self.compiler, None), (self.reviewer, None),
            (self.report_font, font_row), (self.expiring_days, None),
            (self.backup_count, None), (self.backup_folder, folder_row),
            (self.attachment_limit, None), (self.default_street, None),
            (self.language, None), (self.device_name, None),
        ]
        self.labels = []
        for editor, row in self.rows:
            label = QLabel()
            label.setBuddy(editor)
            self.labels.append(label)
            self.form.addRow(label, row or editor)
        self.message = QLabel()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(not session.read_only_reason())
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addStretch()
        layout.addLayout(buttons)
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.heading.setText(_("Settings"))
        texts = [_("Issuing unit"), _("Compiled by"), _("Reviewed by"), _("Report font file"),
                 _("Expiring within (days)"), _("Backups to keep"), _("Backup folder"),
                 _("Attachment size limit (MB)"), _("Default street"), _("Language"),
                 _("This computer's name")]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.issuing_unit.setToolTip(_("Printed at the top of every report"))
        self.report_font.setPlaceholderText(_("Empty: the system's SimSun, else the bundled font"))
        self.backup_folder.setPlaceholderText(_("Empty: a \"backups\" folder beside the database"))
        self.device_name.setToolTip(_("Signs this computer's changes in the history and in "
                                      "field packages"))
        self.font_button.setText(_("Choose…"))
        self.folder_button.setText(_("Choose…"))
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(with_shortcut(_("Save the settings"),
                                                  QKeySequence.StandardKey.Save))
        self.revert_button.setText(_("Revert"))
        self.revert_button.setToolTip(_("Throw away the changes not saved yet"))
        self.font_button.setToolTip(_("Choose the font file the reports are printed in"))
        self.folder_button.setToolTip(_("Choose the folder the backups are written to"))
        current = self.default_street.currentData()
        self.default_street.clear()
        self.default_street.addItem(_("(none)"), "")
        for entry in dictionaries.entries("street"):
            self.default_street.addItem(entry.name, entry.code)
        self.default_street.setCurrentIndex(max(0, self.default_street.findData(current)))
        # A switch from the View menu shows here too (the saved setting is the menu's).
        self.language.setCurrentIndex(self.language.findData(i18n.language()))

    def load(self) -> None:
        self.issuing_unit.setText(settings.get("issuing_unit"))
        self.compiler.setText(settings.get("compiler"))
        self.reviewer.setText(settings.get("reviewer"))
        self.report_font.setText(settings.get("report_font"))
        self.expiring_days.setValue(settings.get("expiring_days"))
        self.backup_count.setValue(settings.get("backup_count"))
        self.backup_folder.setText(settings.get("backup_folder"))
        self.attachment_limit.setValue(settings.get("attachment_limit_mb"))
        self.default_street.setCurrentIndex(
            max(0, self.default_street.findData(settings.get("default_street"))))
        self.language.setCurrentIndex(self.language.findData(i18n.language()))
        self.device_name.setText(settings.device()["name"])
        self.message.clear()

    def refresh(self) -> None:
        self.load()

    def save(self) -> None:
        if session.read_only_reason():
            self.message.setText(session.read_only_reason())
            return
        unit = self.issuing_unit.text().strip()
        if not unit:
            self.message.setText(_("The issuing unit is printed on every report; please enter "
                                   "it."))
            self.issuing_unit.setFocus()
            return
        values = {
            "issuing_unit": unit,
            "compiler": self.compiler.text().strip(),
            "reviewer": self.reviewer.text().strip(),
            "report_font": self.report_font.text().strip(),
            "expiring_days": self.expiring_days.value(),
            "backup_count": self.backup_count.value(),
            "backup_folder": self.backup_folder.text().strip(),
            "attachment_limit_mb": self.attachment_limit.value(),
            "default_street": self.default_street.currentData(),
        }
        settings.set_device_name(self.device_name.text())  # this computer's, not the database's
        language = self.language.currentData()
        window = self.window()

        def saved(_changes) -> None:
            if language != i18n.language() and hasattr(window, "set_language"):
                window.set_language(language)
            self.message.setText(_("Settings saved."))

        ops.run(partial(settings.save, values), parent=self, title=_("Settings"), on_done=saved,
                on_error=lambda error: self.message.setText(error.message))

    def _choose_font(self) -> None:
        path = file_dialogs.open_file(self, "font", _("Report font file"),
                                      _("TrueType fonts (*.ttf *.ttc)"))
        if path:
            self.report_font.setText(path)

    def _choose_folder(self) -> None:
        path = file_dialogs.folder(self, "backup", _("Backup folder"), self.backup_folder.text())
        if path:
            self.backup_folder.setText(path)
