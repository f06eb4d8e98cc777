"""The Assessment screen (年度考核): a year's round — opened with progress off the UI thread, a table
per subject type whose columns are its scheme's items (the data-filled ones read-only, with their
evidence a double click away; the officer's typed in place), total, grade, funds and the rules a
row breaks; the state line (scored, 优秀 against its quota, funds); finishing and reopening; the
commissioners to withdraw; the scheme editor and the printed summary and 考核表."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.assessment import rounds, schemes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _, format_date, format_decimal, format_wan
from app.register.common import LEVEL_LABELS, label
from ui import ops
from ui.assessment import printing
from ui.assessment.scheme_editor import SchemeDialog, figure
from ui.common.confirm import confirmed
from ui.common.flow_layout import FlowLayout
from ui.common.headers import fit_contents
from ui.common.rows_model import Row, RowsModel
from ui.register.record_pages import open_page, opens

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
# What the round shows: it reloads when a change wrote one of these.
SHOWN = ("assessment", "assessment_score", "assessment_round", "assessment_scheme", "agreement",
         "service_log", "commissioner", "workstation", "demand", "event")


def assessed_year(today: date) -> int:
    """The year an officer assesses: the current one from its last quarter on (rounds are held
    at the year's end), the past one before."""
    return today.year if today.month >= 10 else today.year - 1


class RoundModel(QAbstractTableModel):
    """The rows of one subject type: name, level, an item a column, total, grade, funds, remarks.
    The officer's items and the remarks are edited in place; ``edited`` carries the typed text to
    the screen, which saves it (the model shows what is stored, never what was refused)."""

    WARN = QColor("#c62828")
    edited = Signal(object, str, str)  # RoundRow, item code or "remarks", the typed text

    def __init__(self, subject_type: str, parent=None):
        super().__init__(parent)
        self.subject_type = subject_type
        self.items: tuple = ()
        self.rows: list = []
        self.finished = False

    def set_rows(self, items, rows, finished: bool) -> None:
        self.beginResetModel()
        self.items, self.rows, self.finished = tuple(items), list(rows), finished
        self.endResetModel()

    # Columns ---------------------------------------------------------------------------------

    def titles(self) -> list[str]:
        return [_("Name"), _("Level"), *(self.item_title(i) for i in self.items), _("Total"),
                _("Grade"), _("Funds (10k yuan)"), _("Remarks")]

    @staticmethod
    def item_title(item) -> str:
        return _("{label} ({points})").format(label=schemes.item_label(item),
                                              points=format_decimal(item.max_points))

    def item_at(self, column: int):
        """The scheme's item shown in ``column``, or None for the other columns."""
        return self.items[column - 2] if 2 <= column < 2 + len(self.items) else None

    def remarks_column(self) -> int:
        return len(self.items) + 5

    # The model ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.items) + 6

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole and (item := self.item_at(section)) is not None:
            return (_("Typed by the officer") if item.source == "manual" else
                    _("From the data: {source}. Double-click a figure for its evidence.").format(
                        source=_(schemes.SOURCE_LABELS[item.source])))
        return None

    def editable(self, index: Index) -> bool:
        """The remarks and the officer's points: the manual items, and a data item whose figure
        is missing (no agreement, no rated demand) or that the officer scored instead."""
        if self.finished or not index.isValid():
            return False
        if index.column() == self.remarks_column():
            return True
        item = self.item_at(index.column())
        if item is None:
            return False
        row = self.rows[index.row()]
        return (item.source == "manual" or row.items.get(item.code) is None
                or item.code in row.officer)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def text(self, row, column: int) -> str:
        if (item := self.item_at(column)) is not None:
            return figure(row.items.get(item.code))
        n = len(self.items)
        return {0: row.name, 1: label(LEVEL_LABELS, row.level), n + 2: figure(row.total),
                n + 3: label(schemes.GRADE_LABELS, row.grade), n + 4: format_decimal(row.funds, 2)
                if row.funds is not None else "", n + 5: row.remarks}[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and row.violations:
            return self.WARN
        if role == Qt.ItemDataRole.BackgroundRole and self.editable(index) and (
                (item := self.item_at(index.column())) is not None and not item.bonus
                and row.items.get(item.code) is None):
            return QColor("#fff8e1")  # a score still to enter
        if role == Qt.ItemDataRole.ToolTipRole and row.violations:
            return "\n".join(row.violations)
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= index.column() < len(self.items) + 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.editable(index):
            return False
        row = self.rows[index.row()]
        typed = str(value).strip()
        if typed == self.text(row, index.column()):
            return False
        item = self.item_at(index.column())
        self.edited.emit(row, "remarks" if item is None else item.code, typed)
        return False  # shown once saved, when the round reloads


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    moved = Signal(int, int)


class EvidenceDialog(QDialog):
    """The records behind one figure; a line whose record has a page or a form here (an
    agreement) opens it."""

    def __init__(self, title: str, lines, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lines = list(lines)
        self.table = QTableView()
        self.model = RowsModel(lambda: [_("Date"), _("Evidence")], self)
        self.model.set_rows([Row((format_date(line.date), line.text),
                                 (line.kind, line.record_id) if opens(line.kind) else None)
                             for line in self.lines])
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        fit_contents(self.table)
        self.note = QLabel(_("No records: the figure is nought.") if not self.lines else
                           _("Double-click a line to open its record, where it has a page."))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def _open(self, index) -> None:
        ref = self.model.data(index, RowsModel.ID_ROLE)
        if ref is not None:
            open_page(*ref, self)


class WithdrawalDialog(QDialog):
    """The commissioners graded 不合格 this year and the year before."""

    def __init__(self, year: int, rows, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Withdrawal of appointment"))
        text = QLabel(_("Graded “fail” in {year} and in {previous}: their appointment is to be "
                        "withdrawn.").format(year=year, previous=year - 1) if rows else
                      _("No one was graded “fail” in {year} and in {previous}.").format(
                          year=year, previous=year - 1))
        text.setWordWrap(True)
        self.table = QTableView()
        self.model = RowsModel(lambda: [_("Name"), _("Level"), _("Total"), _("Remarks")], self)
        self.model.set_rows([Row((r.name, label(LEVEL_LABELS, r.level), figure(r.total),
                                  r.remarks), ("commissioner", r.subject_id)) for r in rows])
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: open_page(
            *self.model.data(index, RowsModel.ID_ROLE), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)


class AssessmentView(QWidget):
    loaded = Signal()  # the round's rows and state are shown

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.active_dialog = None
        self.year = QSpinBox()
        self.year.setObjectName("assessmentYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(assessed_year(date.today()))
        self.year.valueChanged.connect(self.refresh)
        self.state_line = QLabel(objectName="roundState")
        font = self.state_line.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.state_line.setFont(font)
        self.state_line.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(self.state_line, 1)

        self.buttons: dict[str, QPushButton] = {}
        actions = FlowLayout()  # a second line where the labels are long, not a wider window
        for name, slot in (("open", self.open_round), ("finish", self.finish_round),
                           ("reopen", self.reopen_round), ("evidence", self.show_evidence),
                           ("withdrawal", self.show_withdrawal), ("scheme", self.edit_scheme),
                           ("summary", self.print_summary), ("sheet", self.print_sheet)):
            button = QPushButton()
            button.setObjectName(f"round_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            actions.addWidget(button)

        self.progress = QProgressBar(objectName="roundProgress")
        self.progress.hide()
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        self.message = QLabel(objectName="roundMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.tabs = QTabWidget()
        self.models: dict[str, RoundModel] = {}
        self.tables: dict[str, QTableView] = {}
        for subject_type in schemes.SUBJECT_TYPES:
            model = RoundModel(subject_type, self)
            model.edited.connect(self.save_score)
            table = QTableView()
            table.setObjectName(f"round_{subject_type}")
            table.setModel(model)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
            table.verticalHeader().setDefaultSectionSize(26)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.horizontalHeader().setStretchLastSection(True)
            table.doubleClicked.connect(self._double_clicked)
            self.models[subject_type], self.tables[subject_type] = model, table
            self.tabs.addTab(table, "")
        self.empty = QLabel(objectName="roundEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self.body = QStackedWidget()  # the round's tables, or what to do when there is none
        self.body.addWidget(self.empty)
        self.body.addWidget(self.tabs)
        layout.addWidget(self.body, 1)
        self.state: rounds.RoundState | None = None
        self.over_quota: list[str] = []  # the types with more 优秀 than their quota, said
        self._loading_year: int | None = None
        ops.hub().changes_made.connect(self._changed)
        self.retranslate()

    # Texts -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.year.setPrefix(_("Year") + " ")
        self.year.setToolTip(_("The year assessed"))
        for name, text, tip in (
                ("open", _("Open round"), _("Compute the data-filled items for every subject in "
                                            "force this year; scores already typed are kept")),
                ("finish", _("Finish round…"), _("Record the round: every score typed, the "
                                                 "quota kept; its schemes are frozen")),
                ("reopen", _("Reopen…"), _("Open the finished round again to change scores "
                                           "(Edit → Undo takes it back)")),
                ("evidence", _("Evidence…"), _("The records behind the selected figure")),
                ("withdrawal", _("Withdrawals…"), _("Commissioners graded “fail” two years in "
                                                    "a row")),
                ("scheme", _("Scheme…"), _("The items, rules, quota and funds of this year")),
                ("summary", _("Print summary…"), _("The district's summary sheet, as PDF or "
                                                   "Excel")),
                ("sheet", _("Print sheet…"), _("The assessment sheet of the selected subject, as "
                                               "PDF or Word"))):
            self.buttons[name].setText(text)
            self.buttons[name].setToolTip(tip)
        for i, subject_type in enumerate(schemes.SUBJECT_TYPES):
            model = self.models[subject_type]
            self.tabs.setTabText(i, _("{type} ({count})").format(
                type=_(schemes.SUBJECT_TYPE_LABELS[subject_type]), count=len(model.rows)))
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                         max(model.columnCount() - 1, 0))
            if model.rows:
                model.dataChanged.emit(model.index(0, 0), model.index(
                    model.rowCount() - 1, model.columnCount() - 1))
        self._show_state()

    def _show_state(self) -> None:
        s = self.state
        year = self.year.value()
        self.body.setCurrentWidget(self.empty if s is None else self.tabs)
        self.empty.setText(_("No round for {year} yet. “Open round” lists every subject in force "
                             "that year with the figures from its data.").format(year=year))
        for name in ("finish", "evidence", "summary", "sheet"):
            self.buttons[name].setEnabled(s is not None)
        self.buttons["finish"].setEnabled(s is not None and s.status == "open")
        self.buttons["reopen"].setEnabled(s is not None and s.status == "finished")
        self.buttons["open"].setEnabled(s is None or s.status == "open")
        self.buttons["open"].setText(_("Open round") if s is None else _("Recompute"))
        if s is None:
            self.state_line.setText(_("{year}: no round").format(year=year))
            return
        status = _("finished") if s.status == "finished" else _("open")
        self.state_line.setText(_(
            "{year} ({status}) · scored {complete}/{total} · excellent {excellent}, at most "
            "{cap} · funds proposed {funds}").format(
            year=s.year, status=status, complete=s.rows_complete, total=s.rows_total,
            excellent=s.excellent, cap=s.excellent_cap, funds=format_wan(s.funds_total)))
        self.state_line.setStyleSheet("color: #c62828;" if self.over_quota else "")
        self.state_line.setToolTip(" ".join(self.over_quota))

    # Loading -----------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if self.isVisible() and (changes.anything or changes.touches(*SHOWN)):
            self.refresh()

    def refresh(self) -> None:
        year = self._loading_year = self.year.value()

        def load():
            rows = rounds.round_rows(year)
            return (rounds.round_state(year), rounds.quota_problems(year, rows),
                    {t: (schemes.scheme_for(year, t).items,
                         [r for r in rows if r.subject_type == t])
                     for t in schemes.SUBJECT_TYPES})

        ops.run_in_background(load, lambda result: self._show(year, *result))

    def _show(self, year: int, state, over_quota: list[str], by_type) -> None:
        if year != self._loading_year:  # the officer chose another year meanwhile
            return
        self.state, self.over_quota = state, over_quota
        finished = state is not None and state.status == "finished"
        for subject_type, (items, rows) in by_type.items():
            table = self.tables[subject_type]
            current = table.currentIndex()  # where the officer types: kept across the reload
            self.models[subject_type].set_rows(items, rows, finished)
            fit_contents(table)
            if current.isValid():
                table.setCurrentIndex(table.model().index(current.row(), current.column()))
        self.retranslate()
        self.loaded.emit()

    # The round ----------------------------------------------------------------------------

    def _moved(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        for button in self.buttons.values():
            button.setDisabled(busy)
        if not busy:
            self._show_state()

    def say(self, text: str, warn: bool = True) -> None:
        """A line above the table: why something was refused (red), or what was done."""
        self.message.setStyleSheet("color: #b00020;" if warn else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run(self, op, title: str, busy: bool = False) -> None:
        self.say("")
        if busy:
            self._busy(True)

        def done(_changes) -> None:
            if busy:
                self._busy(False)

        def refused(error: UserError) -> None:
            done(None)
            self.say(error.message)

        ops.run(op, parent=self, title=title, on_done=done, on_error=refused,
                progress=not busy)

    def open_round(self) -> None:
        self._run(partial(rounds.open_round, self.year.value(), progress=self._progress.moved.emit),
                  _("Open round"), busy=True)

    def finish_round(self) -> None:
        if confirmed(self, _("Finish round"), _(
                "Finish the {year} round? Its scores are recorded and its schemes frozen; "
                "reopening it later is possible.").format(year=self.year.value())):
            self._run(partial(rounds.finish_round, self.year.value()), _("Finish round"))

    def reopen_round(self) -> None:
        if confirmed(self, _("Reopen round"), _(
                "Reopen the finished {year} round to change its scores?").format(
                    year=self.year.value())):
            self._run(partial(rounds.reopen_round, self.year.value()), _("Reopen round"))

    def save_score(self, row, code: str, typed: str) -> None:
        """A score or the remarks typed in place: saved, or refused with the reason said (the
        table keeps showing what is stored)."""
        if code == "remarks":
            op = partial(rounds.set_scores, row.assessment_id, {}, typed)
        else:
            op = partial(rounds.set_scores, row.assessment_id, {code: typed}, row.remarks)
        self._run(op, _("Save score"))

    # Evidence, withdrawal, scheme, print --------------------------------------------------

    def current(self) -> tuple[RoundModel, QModelIndex]:
        table = self.tabs.currentWidget()
        return table.model(), table.currentIndex()

    def _double_clicked(self, index: QModelIndex) -> None:
        if not index.model().editable(index):
            self.show_evidence()

    def show_evidence(self) -> None:
        model, index = self.current()
        if not index.isValid():
            self.say(_("Select a figure of the data-filled items first."))
            return
        item = model.item_at(index.column())
        if item is None or item.source == "manual":
            self.say(_("Only the items filled from the data have evidence."))
            return
        row = model.rows[index.row()]
        self.say("")
        ops.run_in_background(
            lambda: rounds.evidence(row.assessment_id, item.code),
            lambda lines: self._open_dialog(EvidenceDialog(_("{name}: {item}").format(
                name=row.name, item=schemes.item_label(item)), lines, self)))

    def _open_dialog(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        dialog.open()

    def show_withdrawal(self) -> None:
        year = self.year.value()
        ops.run_in_background(lambda: rounds.withdrawal_candidates(year),
                              lambda rows: self._open_dialog(WithdrawalDialog(year, rows, self)))

    def edit_scheme(self) -> None:
        model, _index = self.current()
        self._open_dialog(SchemeDialog(self.year.value(), model.subject_type, self))

    def print_summary(self) -> None:
        printing.print_summary(self, self.year.value())

    def print_sheet(self) -> None:
        model, index = self.current()
        if not index.isValid():
            self.say(_("Select the row of the subject whose sheet to print."))
            return
        printing.print_sheet(self, model.rows[index.row()])
