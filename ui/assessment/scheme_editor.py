"""The scheme editor: for a year and a subject type, the items (label, maximum points, how each is
filled, the figure that earns full points, bonus), the grades' floors, the day rules, the quota of
优秀 and the funds per grade. A scheme a finished round used is frozen: shown read-only, with "Copy
to year…". Schemes go to and come from a small file (a city hands its scheme to its districts)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.assessment import schemes
from app.core.i18n import N_, _, format_decimal
from app.data import session
from ui import ops
from ui.common import file_dialogs
from ui.common.form import FormDialog, combo, labelled, set_combo

SCHEME_FILTER = N_("Assessment schemes (*.json)")


def typed(line: QLineEdit | QTableWidgetItem) -> str | None:
    """A number as typed, for the service to read exactly or refuse with its reason; blank is
    None."""
    return line.text().strip() or None


def figure(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


class ItemsTable(QTableWidget):
    """The scheme's items, a row each; the source is a combo, the bonus a check box."""

    LABEL, MAX, SOURCE, FULL_AT, BONUS = range(5)
    TITLES = (N_("Item"), N_("Max points"), N_("Filled from"), N_("Full points at"),
              N_("Bonus"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(self.TITLES), parent)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.SOURCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(self.SOURCE, 220)
        self.setMinimumHeight(240)
        self.codes: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(t) for t in self.TITLES])
        for row in range(self.rowCount()):
            box = self.cellWidget(row, self.SOURCE)
            current = box.currentData()
            box.clear()
            for text, code in labelled(schemes.SOURCE_LABELS):
                box.addItem(text, code)
            set_combo(box, current)

    def set_items(self, items) -> None:
        self.setRowCount(0)
        self.codes = []
        for item in items:
            self.add_item(item.code, schemes.item_label(item), item.max_points, item.source, item.full_at,
                          item.bonus)

    def add_item(self, code: str, text: str = "", max_points: Decimal | None = None,
                 source: str = "manual", full_at: Decimal | None = None,
                 bonus: bool = False) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.codes.append(code)
        self.setItem(row, self.LABEL, QTableWidgetItem(text))
        self.setItem(row, self.MAX, QTableWidgetItem(figure(max_points)))
        box = combo(labelled(schemes.SOURCE_LABELS), empty=False)
        set_combo(box, source)
        self.setCellWidget(row, self.SOURCE, box)
        self.setItem(row, self.FULL_AT, QTableWidgetItem(figure(full_at)))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if bonus else Qt.CheckState.Unchecked)
        self.setItem(row, self.BONUS, check)

    def remove_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)
            del self.codes[row]

    def new_code(self) -> str:
        n = len(self.codes) + 1
        while f"item{n}" in self.codes:
            n += 1
        return f"item{n}"

    def set_read_only(self, read_only: bool) -> None:
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                             QAbstractItemView.EditTrigger.AllEditTriggers)
        for row in range(self.rowCount()):
            self.cellWidget(row, self.SOURCE).setEnabled(not read_only)
            check = self.item(row, self.BONUS)
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                           if not read_only else Qt.ItemFlag.ItemIsEnabled)

    def values(self, originals: dict) -> tuple:
        """The items as typed; a label left as the default's translation keeps the default's
        source text (shown in the officer's language)."""
        items = []
        for row in range(self.rowCount()):
            code = self.codes[row]
            text = self.item(row, self.LABEL).text().strip()
            original = originals.get(code)
            if original is not None and text == schemes.item_label(original):
                text = original.label
            items.append(schemes.Item(
                code=code, label=text, max_points=typed(self.item(row, self.MAX)),
                source=self.cellWidget(row, self.SOURCE).currentData(),
                bonus=self.item(row, self.BONUS).checkState() == Qt.CheckState.Checked,
                full_at=typed(self.item(row, self.FULL_AT))))
        return tuple(items)


class GradeLines(QWidget):
    """A line per grade (its floor, or its funds)."""

    def __init__(self, grades: tuple[str, ...], name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, grade in enumerate(grades):
            self.labels[grade], self.lines[grade] = QLabel(), QLineEdit()
            self.lines[grade].setObjectName(f"{name}_{grade}")
            grid.addWidget(self.labels[grade], 0, column * 2)
            grid.addWidget(self.lines[grade], 0, column * 2 + 1)
        self.retranslate()

    def retranslate(self) -> None:
        for grade, label in self.labels.items():
            label.setText(_(schemes.GRADE_LABELS[grade]))

    def set_values(self, values: dict) -> None:
        for grade, line in self.lines.items():
            line.setText(figure(values.get(grade)))

    def values(self) -> dict[str, str | None]:
        return {grade: typed(line) for grade, line in self.lines.items()}

    def set_read_only(self, read_only: bool) -> None:
        for line in self.lines.values():
            line.setReadOnly(read_only)


class SchemeDialog(FormDialog):
    def __init__(self, year: int, subject_type: str, parent=None):
        super().__init__(parent)
        self.scheme: schemes.Scheme | None = None
        self.frozen_note = QLabel(objectName="schemeFrozen")
        self.frozen_note.setWordWrap(True)
        self.frozen_note.setStyleSheet("background: #fff4ce; padding: 6px;")
        self.copy_button = QPushButton(objectName="schemeCopy")
        self.copy_button.clicked.connect(self.copy_to_year)
        self.export_button = QPushButton(objectName="schemeExport")
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton(objectName="schemeImport")
        self.import_button.clicked.connect(self.import_file)
        self.add("year", QSpinBox(), N_("Year"))
        self.add("subject_type", combo(labelled(schemes.SUBJECT_TYPE_LABELS), empty=False),
                 N_("Subject type"))
        self.add("items", ItemsTable(), N_("Items"))
        self.add_button = QPushButton(objectName="schemeAddItem")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton(objectName="schemeRemoveItem")
        self.remove_button.clicked.connect(lambda: self.fields["items"].remove_current())
        item_buttons = QWidget()
        row = QHBoxLayout(item_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch()
        self.add("item_buttons", item_buttons, "")
        self.add("grade_floors", GradeLines(schemes.FLOOR_GRADES, "floor"),
                 N_("Lowest total of each grade"))
        self.add("min_days_for_good", QLineEdit(), N_("Service days needed for good or better"))
        self.add("min_days_to_pass", QLineEdit(), N_("Service days needed to pass"))
        self.add("excellent_quota_pct", QLineEdit(), N_("Excellent at most (% of subjects)"))
        self.add("funds", GradeLines(schemes.GRADES, "funds"), N_("Funds per grade (10k yuan)"))
        f = self.fields
        f["year"].setRange(2000, 2100)
        f["year"].setValue(year)
        set_combo(f["subject_type"], subject_type)
        f["year"].valueChanged.connect(self.load)
        f["subject_type"].currentIndexChanged.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(self.copy_button)
        top.addStretch()
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        layout = self.layout()
        layout.insertWidget(0, self.frozen_note)
        layout.insertLayout(1, top)
        self.resize(940, 760)
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Assessment scheme"))
        self.copy_button.setText(_("Copy to year…"))
        self.copy_button.setToolTip(_("This year's schemes of every subject type, as the "
                                      "starting point of another year"))
        self.export_button.setText(_("Export…"))
        self.export_button.setToolTip(_("This year's schemes to a file, to hand to others"))
        self.import_button.setText(_("Import…"))
        self.import_button.setToolTip(_("Schemes from a file; a year already used by a finished "
                                        "round is refused"))
        self.add_button.setText(_("Add item"))
        self.remove_button.setText(_("Remove item"))
        self.fields["items"].retranslate()
        for name in ("grade_floors", "funds"):
            self.fields[name].retranslate()
        self.retranslate_labels()

    def load(self) -> None:
        """The stored scheme of the year and type chosen, or the default."""
        f = self.fields
        self.clear_errors()
        scheme = self.scheme = schemes.scheme_for(f["year"].value(),
                                                  f["subject_type"].currentData())
        f["items"].set_items(scheme.items)
        f["grade_floors"].set_values(dict(scheme.grade_floors))
        for name in ("min_days_for_good", "min_days_to_pass", "excellent_quota_pct"):
            f[name].setText(figure(getattr(scheme, name)))
        f["funds"].set_values(scheme.funds)
        read_only = scheme.frozen or bool(session.read_only_reason())
        self.frozen_note.setVisible(scheme.frozen)
        self.frozen_note.setText(_("A finished round used this scheme: it is frozen. To change "
                                   "it for another year, copy it to that year."))
        f["items"].set_read_only(read_only)
        for name in ("grade_floors", "funds"):
            f[name].set_read_only(read_only)
        for name in ("min_days_for_good", "min_days_to_pass", "excellent_quota_pct"):
            f[name].setReadOnly(read_only)
        for button in (self.add_button, self.remove_button):
            button.setEnabled(not read_only)
        self.buttons.button(self.buttons.StandardButton.Save).setEnabled(not read_only)
        self.mark_pristine()

    def add_item(self) -> None:
        table = self.fields["items"]
        table.add_item(table.new_code())
        table.setCurrentCell(table.rowCount() - 1, ItemsTable.LABEL)
        table.editItem(table.item(table.rowCount() - 1, ItemsTable.LABEL))

    def collect(self) -> schemes.Scheme:
        f = self.fields
        numbers = {name: typed(f[name])
                   for name in ("min_days_for_good", "min_days_to_pass", "excellent_quota_pct")}
        funds = {grade: value for grade, value in f["funds"].values().items() if value}
        return replace(
            self.scheme, items=f["items"].values({i.code: i for i in self.scheme.items}),
            grade_floors=tuple(f["grade_floors"].values().items()), funds=funds, **numbers)

    def operation(self, data, allow_similar: bool):
        del allow_similar
        return partial(schemes.save_scheme, data)

    # The year's schemes as a whole --------------------------------------------------------

    def copy_to_year(self) -> None:
        source = self.fields["year"].value()
        target, chosen = QInputDialog.getInt(
            self, _("Copy to year"), _("Copy the {year} schemes of every subject type to the "
                                       "year:").format(year=source), source + 1, 2000, 2100)
        if chosen:
            ops.run(partial(schemes.copy_schemes, source, target), parent=self,
                    title=_("Copy to year"), on_done=lambda _c: self._go_to(target),
                    on_error=self.show_error)

    def _go_to(self, year: int) -> None:
        self.fields["year"].setValue(year)
        self.load()

    def export(self) -> None:
        year = self.fields["year"].value()
        path = file_dialogs.save_file(self, "scheme", _("Export schemes"),
                                      _("schemes-{year}.json").format(year=year),
                                      _(SCHEME_FILTER))
        if path:
            ops.run_in_background(lambda: schemes.export_schemes(year, path),
                                  lambda _r: self._said(_("Exported to {path}").format(path=path)),
                                  lambda error: self._said(str(getattr(error, "message", error))))

    def import_file(self) -> None:
        path = file_dialogs.open_file(self, "scheme", _("Import schemes"), _(SCHEME_FILTER))
        if path:
            ops.run(partial(schemes.import_schemes, path), parent=self,
                    title=_("Import schemes"), on_done=lambda _c: self._imported(path),
                    on_error=self.show_error)

    def _imported(self, path: str) -> None:
        self.load()
        self._said(_("Imported from {path}").format(path=path))

    def _said(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
