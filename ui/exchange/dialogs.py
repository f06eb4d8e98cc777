"""File → Export list and File → Backups: lists out to Excel, copies of the database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import i18n
from app.core.errors import UserError
from app.core.i18n import N_, _, ngettext
from app.data import backup
from app.exchange import exporting
from ui import ops
from ui.common import file_dialogs
from ui.common.message_line import MessageLine
from ui.common.rows_model import Row, RowsModel

REASON_LABELS = {"": N_("Manual"), "auto": N_("Daily"), "exit": N_("On exit"),
                 "before-restore": N_("Before a restore")}


def export_list(parent: QWidget, list_name: str, text: str = "", filters: dict | None = None,
                full_id: bool = False, on_done=None, query=None) -> None:
    """Ask where to write ``list_name`` (filtered by ``text``, or by its screen's ``query``) and
    write it in the background."""
    path = file_dialogs.save_file(parent, "export", _("Export list"),
                                  f"{_(exporting.LIST_TITLES[list_name])}.xlsx",
                                  _("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
    if not path:
        return
    window = parent.window()

    def done(result: exporting.Exported) -> None:
        message = ngettext("{rows} row written to {path}", "{rows} rows written to {path}",
                           result.rows).format(rows=result.rows, path=result.path)
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 10_000)
        if on_done is not None:
            on_done(result)

    def failed(error: Exception) -> None:
        if hasattr(window, "statusBar"):
            window.statusBar().clearMessage()
        QMessageBox.warning(parent, _("Export list"), str(error))

    if hasattr(window, "statusBar"):  # the rows of a whole province take a while
        window.statusBar().showMessage(_("Writing {path}…").format(path=path))
    ops.run_in_background(
        lambda: exporting.export_list(list_name, path, text, filters, full_id, query),
        done, failed)


class ExportDialog(QDialog):
    """Which list, which search, full ID numbers or not; then the file. Opened over a list
    screen, it offers that list as shown: its search and its filters."""

    def __init__(self, parent: QWidget | None = None, shown: tuple[str, object] | None = None):
        super().__init__(parent)
        self.shown = shown
        self.list_box = QComboBox()
        for key in exporting.LIST_TITLES:
            self.list_box.addItem("", key)
        self.search = QLineEdit()
        self.as_shown = QLabel(wordWrap=True)
        self.full_id = QCheckBox()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self.list_label, self.search_label = QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self.list_label, self.list_box)
        form.addRow(self.search_label, self.search)
        form.addRow("", self.as_shown)
        form.addRow("", self.full_id)
        form.addRow(self.buttons)
        if shown is not None:
            self.list_box.setCurrentIndex(self.list_box.findData(shown[0]))
            self.search.setText(shown[1].text)
        self.list_box.currentIndexChanged.connect(self._show_filters)
        self.retranslate()

    def shown_query(self):
        """The query of the list on screen with the search as typed here, if that list is the
        one chosen."""
        if self.shown is None or self.shown[0] != self.list_box.currentData():
            return None
        return replace(self.shown[1], text=self.search.text())

    def _show_filters(self) -> None:
        self.as_shown.setVisible(self.shown_query() is not None)

    def export(self) -> None:
        export_list(self.parentWidget() or self, self.list_box.currentData(), self.search.text(),
                    full_id=self.full_id.isChecked(), query=self.shown_query())
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export list"))
        for i, key in enumerate(exporting.LIST_TITLES):
            self.list_box.setItemText(i, _(exporting.LIST_TITLES[key]))
        self.list_label.setText(_("List"))
        self.search_label.setText(_("Only rows that match"))
        self.search.setPlaceholderText(_("name, pinyin, phone… (empty: the whole list)"))
        self.as_shown.setText(_("As the list is shown: its filters apply too."))
        self._show_filters()
        self.full_id.setText(_("Write ID numbers in full (otherwise masked)"))


class BackupsDialog(QDialog):
    """The backups with date and size; back up now; restore one after confirmation."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.model = RowsModel(lambda: [_("Date"), _("Kind"), _("Size"), _("File")], self)
        self.table = QTableView()
        self.table.setObjectName("backupList")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((150, 90, 80)):
            self.table.setColumnWidth(column, width)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.message = MessageLine("backupMessage")
        self.backup_button, self.restore_button = QPushButton(), QPushButton()
        self.restore_file_button = QPushButton()
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_file)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(720, 440)
        self.paths: list[Path] = []
        self.retranslate()
        self.load()

    def load(self) -> None:
        try:
            found = backup.backups()
            where = backup.folder()
        except UserError as error:
            self.message.say(error.message)
            found, where = [], ""
        self.paths = [b.path for b in found]
        self.model.set_rows([Row((i18n.format_datetime(b.at, "short"),
                                  _(REASON_LABELS.get(b.reason, b.reason)),
                                  backup.size_text(b.size), b.path.name), i)
                             for i, b in enumerate(found)])
        self.folder_label.setText(_("Backup folder: {folder}").format(folder=where))

    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.message.say(_("Backing up…"))

        def done(made) -> None:
            self.backup_button.setEnabled(True)
            self.message.say("")
            self.load()
            self.window_.statusBar().showMessage(
                _("Backup written: {path} ({size})").format(path=made.path,
                                                            size=backup.size_text(made.size)),
                10_000)

        def failed(error: Exception) -> None:
            self.backup_button.setEnabled(True)
            self.message.say(str(error))

        ops.run_in_background(lambda: backup.backup_now(), done, failed)

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.say(_("Choose a backup in the list."))
            return
        self.restore(self.paths[rows[0].row()])

    def restore_file(self) -> None:
        path = file_dialogs.open_file(self, "backup", _("Restore a backup"),
                                      _("Databases (*.db)"))
        if path:
            self.restore(Path(path))

    def restore(self, path: Path) -> None:
        answer = QMessageBox.question(
            self, _("Restore a backup"),
            _("Replace all data with the backup {name}? The data as it is now is backed up "
              "first, so this can be reversed by restoring that copy.").format(name=path.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not ops.wait_for_all():  # an import still writing would be lost with the old file
            self.message.say(_("Other work (an import, a merge…) is still running; restore when "
                               "it is done."))
            return
        # Copying a large database takes seconds, and the program cannot work meanwhile.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = backup.restore(path)
        except UserError as error:
            self.message.say(error.message)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()
        window = self.window_.switch_database(self.window_.info.target)
        said = (_("Restored from {file}. The damaged database was moved aside to {damaged}.")
                if safety.reason == "damaged" else
                _("Restored from {file}. The data as it was before is kept in {safety}."))
        window.statusBar().showMessage(said.format(file=path.name, damaged=safety.path,
                                                   safety=safety.path), 20_000)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Backups"))
        self.backup_button.setText(_("Back up now"))
        self.restore_button.setText(_("Restore selected…"))
        self.restore_file_button.setText(_("Restore from a file…"))
        self.model.retranslate()
