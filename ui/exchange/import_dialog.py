"""File → Import from Excel: choose the file, map unknown headers, preview, import, summary.

The preview is the import itself rolled back (app.exchange.importing), so it shows exactly what
importing will do. Both run on the database lane with progress; cancelling rolls everything back.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.i18n import N_, _, join_list
from app.exchange import importing, template
from ui import ops
from ui.common import file_dialogs
from ui.common.message_line import MessageLine
from ui.common.rows_model import Row, RowsModel

LISTS = {"commissioners": N_("Commissioners"), "organizations": N_("Organizations"),
         "demands": N_("Demands"), "service-logs": N_("Service logs")}
STATUS_LABELS = {"added": N_("to add"), "updated": N_("to update"), "unchanged": N_("unchanged"),
                 "rejected": N_("rejected")}
DONE_LABELS = {"added": N_("added"), "updated": N_("updated"), "unchanged": N_("unchanged"),
               "rejected": N_("rejected")}
FILE_FILTER = "*.xlsx *.xls *.csv"


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    moved = Signal(int, int)


def rejected_file_name(source: str) -> str:
    path = Path(source)
    return str(path.with_name(path.stem + _("-rejected") + ".xlsx"))


class ImportDialog(QDialog):
    FILE, MAPPING, PREVIEW, DONE = range(4)

    def __init__(self, parent: QWidget | None = None, list_name: str = "commissioners"):
        super().__init__(parent)
        self.resize(820, 560)
        self.report: importing.ImportReport | None = None
        self.layout_info: importing.FileLayout | None = None
        self.mapping_boxes: dict[int, QComboBox] = {}
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)

        self.list_box = QComboBox()
        for key in LISTS:
            self.list_box.addItem("", key)
        self.list_box.setCurrentIndex(list(LISTS).index(list_name))
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.browse)
        self.template_button = QPushButton()
        self.template_button.clicked.connect(self.save_template)
        self.path_edit.textChanged.connect(self._new_file)
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("importSheet")
        self.file_hint = QLabel()
        self.file_hint.setWordWrap(True)
        file_page = QWidget()
        form = QFormLayout(file_page)
        self.list_label, self.file_label = QLabel(), QLabel()
        form.addRow(self.list_label, self.list_box)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(self.file_label, row)
        self.sheet_label = QLabel()
        form.addRow(self.sheet_label, self.sheet_box)
        self.sheet_row = (self.sheet_label, self.sheet_box)
        form.addRow("", self.template_button)
        form.addRow(self.file_hint)

        self.mapping_page = QWidget()
        self.mapping_hint = QLabel()
        self.mapping_hint.setWordWrap(True)
        self.mapping_form = QFormLayout()
        mapping_layout = QVBoxLayout(self.mapping_page)
        mapping_layout.addWidget(self.mapping_hint)
        mapping_layout.addLayout(self.mapping_form)
        mapping_layout.addStretch()

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.rows_model = RowsModel(lambda: [_("Row"), _("Result"), _("Name"), _("Column"),
                                             _("Reason or changes")], self)
        self.table = QTableView()
        self.table.setModel(self.rows_model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((60, 90, 200, 110)):
            self.table.setColumnWidth(column, width)
        self.save_rejected_button = QPushButton()
        self.save_rejected_button.clicked.connect(self.save_rejected)
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.summary)
        preview_layout.addWidget(self.table, 1)

        self.pages = QStackedWidget()
        for page in (file_page, self.mapping_page, preview_page):
            self.pages.addWidget(page)

        self.message = MessageLine("importMessage")
        self.progress = QProgressBar()
        self.progress.hide()
        self.back_button, self.next_button = QPushButton(), QPushButton()
        self.next_button.setObjectName("importNext")
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_rejected_button)
        buttons.addStretch()
        for button in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.retranslate()
        self._new_file()
        self._show(self.FILE)

    # Steps -------------------------------------------------------------------------------

    @property
    def list_name(self) -> str:
        return self.list_box.currentData()

    def _show(self, page: int, done: bool = False) -> None:
        self.step = self.DONE if done else page
        self.pages.setCurrentIndex(page)
        self.back_button.setVisible(page != self.FILE and not done)
        self.cancel_button.setVisible(not done)
        self.save_rejected_button.setVisible(page == self.PREVIEW and self.report is not None
                                             and bool(self.report.rejected))
        self.retranslate()

    def browse(self) -> None:
        path = file_dialogs.open_file(
            self, "import", _("Import from Excel"),
            _("Spreadsheets ({patterns})").format(patterns=FILE_FILTER))
        if path:
            self.path_edit.setText(path)

    def save_template(self) -> None:
        path = file_dialogs.save_file(
            self, "import", _("Save the import template"),
            _("Import template - {list}").format(list=_(LISTS[self.list_name])) + ".xlsx",
            "*.xlsx")
        if path:
            self._guard(lambda: template.write_template(self.list_name, path))

    def _guard(self, step):
        try:
            return step()
        except Exception as error:  # a bad file: said in the dialog, not raised
            self.message.say(str(error))
            return None

    def _new_file(self) -> None:
        """Another file: its sheets are asked about again."""
        self.sheet_box.clear()
        for widget in self.sheet_row:
            widget.hide()

    @property
    def sheet(self) -> str | None:
        """The sheet the officer picked, or None when the file has one list."""
        return self.sheet_box.currentText() if self.sheet_box.count() else None

    def _ask_sheet(self) -> bool:
        """Offer the file's sheets that hold a list when there are several; True when the
        officer has to pick one first."""
        if self.sheet_box.count():
            return False
        found = self._guard(lambda: importing.list_sheets(self.list_name, self.path_edit.text()))
        if found is None or len(found) < 2:
            return found is None
        self.sheet_box.addItems(found)
        for widget in self.sheet_row:
            widget.show()
        self.message.say(_("Several sheets of this workbook hold a list; choose the one to "
                           "import."))
        return True

    def next(self) -> None:
        self.message.say("")
        if self.step == self.FILE:
            if self._ask_sheet():
                return
            sheet = self.sheet
            found = self._guard(lambda: importing.layout(self.list_name, self.path_edit.text(),
                                                         sheet))
            if found is None:
                return
            self.layout_info = found
            if found.unknown:
                self._build_mapping(found)
                self._show(self.MAPPING)
            else:
                self._preview()
        elif self.step == self.MAPPING:
            self._preview()
        elif self.step == self.PREVIEW:
            self._run(dry_run=False)
        else:
            self.accept()

    def back(self) -> None:
        self.message.say("")
        self._show(self.MAPPING if self.step == self.PREVIEW and self.mapping_boxes
                   else self.FILE)

    def cancel(self) -> None:
        if self.progress.isVisible():
            self._cancel.set()
        else:
            self.reject()

    def _build_mapping(self, found: importing.FileLayout) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.mapping_boxes.clear()
        columns = importing.importer(self.list_name).columns
        taken = set(found.mapping.values())
        for position in found.unknown:
            box = QComboBox()
            box.addItem(_("(ignore this column)"), None)
            for column in columns:
                if column.key not in taken:
                    box.addItem(column.header, column.key)
            self.mapping_form.addRow(QLabel(found.headers[position]), box)
            self.mapping_boxes[position] = box

    def _mapping(self) -> dict[int, str]:
        mapping = dict(self.layout_info.mapping) if self.layout_info else {}
        for position, box in self.mapping_boxes.items():
            if box.currentData():
                mapping[position] = box.currentData()
        return mapping

    def _preview(self) -> None:
        self._run(dry_run=True)

    def _run(self, dry_run: bool) -> None:
        name, path, mapping, sheet = (self.list_name, self.path_edit.text(), self._mapping(),
                                      self.sheet)
        self._cancel.clear()
        self._busy(True)
        progress, cancelled = self._progress.moved.emit, self._cancel.is_set
        ops.run(partial(importing.run_import, name, path, mapping=mapping, dry_run=dry_run,
                        progress=progress, cancelled=cancelled, sheet=sheet),
                parent=self, title=self.windowTitle(), progress=False,
                on_done=lambda changes: self._finished(changes.detail), on_error=self._failed)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        for button in (self.back_button, self.next_button, self.list_box, self.path_edit):
            button.setEnabled(not busy)

    def _moved(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _failed(self, error: UserError) -> None:
        self._busy(False)
        self.message.say(error.message)

    def _finished(self, report: importing.ImportReport) -> None:
        self._busy(False)
        self.report = report
        labels = DONE_LABELS if report.applied else STATUS_LABELS
        self.rows_model.set_rows([
            Row((str(r.row), _(labels[r.status]), r.label, r.column,
                 "; ".join(filter(None, (r.reason or join_list(r.changed, cell=True),
                                         *r.notes)))), r.row, r.status == "rejected")
            for r in report.rows if r.status != "unchanged" or r.notes])
        counts = "  ".join(f"{_(labels[s])} {report.count(s)}" for s in importing.STATUSES)
        created = (_("Organizations to create: {names}") if not report.applied
                   else _("Organizations created: {names}")).format(
            names=join_list(report.organizations_created)) if report.organizations_created else ""
        self.summary.setText(counts + ("\n" + created if created else ""))
        self._show(self.PREVIEW, done=report.applied)

    def save_rejected(self) -> None:
        if self.report is None:
            return
        path = file_dialogs.save_file(
            self, "import", _("Save rejected rows"), rejected_file_name(self.report.path), "*.xlsx")
        if path and self._guard(lambda: importing.write_rejected(self.report, path)):
            self.message.say("")

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import from Excel"))
        for i, key in enumerate(LISTS):
            self.list_box.setItemText(i, _(LISTS[key]))
        self.list_label.setText(_("What the file holds"))
        self.file_label.setText(_("File"))
        self.sheet_label.setText(_("Sheet"))
        self.browse_button.setText(_("Browse…"))
        self.template_button.setText(_("Save an empty template…"))
        self.file_hint.setText(_("An .xlsx, .xls or .csv file (UTF-8, UTF-16 or GBK). The header "
                                 "row may sit below a title; of a workbook with several lists "
                                 "you choose the sheet. Rows are matched to the register by ID "
                                 "number, credit code, or name with mobile or employer, so "
                                 "importing a file again updates instead of duplicating."))
        self.mapping_hint.setText(_("These headers are not known. Tell which column each one is, "
                                    "or ignore it."))
        self.back_button.setText(_("Back"))
        self.next_button.setText({self.FILE: _("Preview"), self.MAPPING: _("Preview"),
                                  self.PREVIEW: _("Import"), self.DONE: _("Close")}
                                 [getattr(self, "step", self.FILE)])
        self.cancel_button.setText(_("Cancel"))
        self.save_rejected_button.setText(_("Save rejected rows…"))
        self.rows_model.retranslate()
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
