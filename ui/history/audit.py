"""The audit trail: every batch of the change log, filtered by date, table, kind, computer and
database user, with its changes; a batch can be undone from here."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QColor, QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import clock, i18n
from app.core.i18n import N_, _, pgettext
from app.history import audit
from ui import ops
from ui.common.flow_layout import FlowLayout
from ui.common.headers import fit_titles
from ui.common.message_line import MessageLine
from ui.common.paged_model import PagedTableModel
from ui.common.rows_model import Row, RowsModel


class BatchModel(PagedTableModel):
    """The batches, newest first, a page at a time; undone ones greyed."""

    BATCH, WHEN, KIND, LABEL, TABLES, CHANGES, ACTOR = range(7)
    HEADERS = (N_("Batch"), N_("When"), N_("Kind"), N_("Action"), N_("Records"), N_("Changes"),
               N_("By"))
    WARN = QColor("#888888")
    PAGE = audit.PAGE

    def __init__(self, parent=None):
        super().__init__(audit.AuditFilter(), parent)

    def fetch(self, query: audit.AuditFilter, after):
        offset = after or 0
        rows = audit.batches(query, offset, self.PAGE)
        return rows, offset + len(rows) if len(rows) == self.PAGE else None

    def warned(self, row: audit.BatchRow) -> bool:
        return row.undone

    def display(self, row: audit.BatchRow, column: int) -> str:
        if column == self.WHEN:
            return i18n.format_datetime(clock.to_local(row.at), "short")
        if column == self.KIND:
            return row.kind_label + (_(" (undone)") if row.undone else "")
        if column == self.BATCH:
            return str(row.id)
        # A label is stored in the language of its day; one that is a source string is shown in
        # the language of now.
        return {self.LABEL: _(row.label), self.TABLES: i18n.join_list(row.tables, cell=True),
                self.CHANGES: str(row.changes),
                self.ACTOR: f"{row.actor} ({row.db_user})" if row.db_user else row.actor}[column]


class AuditView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        today = QDate.currentDate()
        self.since_check, self.until_check = QCheckBox(), QCheckBox()
        self.since = QDateEdit(today.addMonths(-1), calendarPopup=True)
        self.until = QDateEdit(today, calendarPopup=True)
        self.table_box, self.kind_box = QComboBox(), QComboBox()
        self.device_box, self.user_box = QComboBox(), QComboBox()
        self.device_box.setObjectName("auditDevice")
        self.user_box.setObjectName("auditUser")
        self.batch_edit = QLineEdit()
        self.batch_edit.setObjectName("auditBatch")
        self.batch_edit.setValidator(QIntValidator(1, 2_000_000_000, self.batch_edit))
        self.batch_edit.setMaximumWidth(110)
        self.batch_edit.editingFinished.connect(self.refresh)
        self.table_box.setObjectName("auditTable")
        for widget in (self.since_check, self.until_check):
            widget.toggled.connect(self.refresh)
        for widget in (self.since, self.until):
            widget.dateChanged.connect(self.refresh)
        for box in (self.table_box, self.kind_box, self.device_box, self.user_box):
            box.activated.connect(self.refresh)
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("auditUndo")
        self.undo_button.clicked.connect(self.undo_selected)
        self.model = BatchModel(self)
        self.batches = QTableView()
        self.batches.setObjectName("auditBatches")
        self.batches.setModel(self.model)
        self.batches.verticalHeader().hide()
        self.batches.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.batches.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.batches.horizontalHeader().setSectionResizeMode(BatchModel.LABEL,
                                                             QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 60), (1, 130), (2, 90), (4, 160), (5, 70), (6, 110)):
            self.batches.setColumnWidth(column, width)
        self.batches.selectionModel().currentRowChanged.connect(self.show_changes)
        self.changes_model = RowsModel(lambda: [_("Record"), _("What"),
                                                pgettext("change log", "Field"), _("Before"),
                                                _("After")], self)
        self.changes = QTableView()
        self.changes.setModel(self.changes_model)
        self.changes.verticalHeader().hide()
        self.changes.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.changes.doubleClicked.connect(self.follow_record)
        self.record_uuid: str | None = None
        self.record_label = QLabel()
        self.record_label.setObjectName("auditRecord")
        self.all_records_button = QPushButton()
        self.all_records_button.clicked.connect(lambda: self.follow(None))
        self.record_bar = QWidget()
        record_layout = QHBoxLayout(self.record_bar)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addWidget(self.record_label, 1)
        record_layout.addWidget(self.all_records_button)
        self.record_bar.hide()
        self.hint = QLabel(wordWrap=True)
        self.message = MessageLine("auditMessage")
        bar = FlowLayout()
        for widget in (self.since_check, self.since, self.until_check, self.until, self.table_box,
                       self.kind_box, self.device_box, self.user_box, self.batch_edit,
                       self.undo_button):
            bar.addWidget(widget)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.batches)
        split.addWidget(self.changes)
        split.setSizes([400, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.record_bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        self.retranslate()

    def _filter(self) -> audit.AuditFilter:
        return audit.AuditFilter(
            since=self.since.date().toPython() if self.since_check.isChecked() else None,
            until=self.until.date().toPython() if self.until_check.isChecked() else None,
            table=self.table_box.currentData(), kind=self.kind_box.currentData(),
            batch_id=int(self.batch_edit.text()) if self.batch_edit.text() else None,
            record_uuid=self.record_uuid, device_id=self.device_box.currentData(),
            db_user=self.user_box.currentData())

    def refresh(self, *_args) -> None:
        self._fill_tables()
        self.model.reload(self._filter())
        self.changes_model.set_rows([])

    def _fill_tables(self) -> None:
        """The choices of the filters that come from the log, keeping what is chosen."""
        users = audit.user_choices()
        for box, everything, choices in (
                (self.table_box, _("All records"), audit.table_choices()),
                (self.device_box, _("All computers"), audit.device_choices()),
                (self.user_box, _("All database users"), [(user, user) for user in users])):
            current = box.currentData()
            box.clear()
            box.addItem(everything, None)
            for value, label in choices:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)))
        self.user_box.setVisible(bool(users))  # SQLite has no users

    def show_changes(self, current: QModelIndex, _previous=None) -> None:
        if not current.isValid():
            return
        batch_id = self.model.data(current, BatchModel.ID_ROLE)
        self.shown_changes = audit.changes(batch_id)
        self.changes_model.set_rows([Row((c.table, c.op, c.field, c.old, c.new))
                                     for c in self.shown_changes])

    def follow_record(self, index: QModelIndex) -> None:
        """A change double-clicked: the history of its record."""
        change = self.shown_changes[index.row()]
        self.follow(change.record_uuid, f"{change.table} {change.record}")

    def follow(self, record_uuid: str | None, label: str = "") -> None:
        self.record_uuid = record_uuid
        self.record_bar.setVisible(record_uuid is not None)
        self.record_label.setText(_("History of one record: {record}").format(record=label))
        self.refresh()

    def undo_selected(self) -> None:
        rows = self.batches.selectionModel().selectedRows()
        if not rows:
            self.message.say(_("Choose an action in the list."))
            return
        batch = self.model.row_at(rows[0].row())
        answer = QMessageBox.question(self, _("Undo"), _("Undo “{label}”?").format(
            label=batch.label))
        if answer != QMessageBox.StandardButton.Yes:
            return
        def done(_changes) -> None:
            self.message.say("")
            self.refresh()

        ops.run(partial(audit.undo_batch, batch.id), parent=self, title=_("Undo"), on_done=done,
                on_error=lambda error: self.message.say(error.message))

    def retranslate(self) -> None:
        self.title.setText(_("Audit trail"))
        self.since_check.setText(_("From"))
        self.until_check.setText(_("To"))
        current = self.kind_box.currentData()
        self.kind_box.clear()
        self.kind_box.addItem(_("All kinds"), None)
        for kind, label in audit.BATCH_KIND_LABELS.items():
            self.kind_box.addItem(_(label), kind)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(current)))
        self._fill_tables()
        self.batch_edit.setPlaceholderText(_("Batch number"))
        self.all_records_button.setText(_("All records"))
        self.hint.setText(_("Double-click a change to see the whole history of its record."))
        self.undo_button.setText(_("Undo this action"))
        self.undo_button.setToolTip(_("Take back every change of the selected action"))
        self.model.retranslate()
        fit_titles(self.batches)
        self.changes_model.retranslate()
