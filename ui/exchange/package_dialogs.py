"""File → Prepare field package, and File → Merge field package (the merge preview)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.activities import events
from app.core.changes import Changes
from app.core.clock import to_local
from app.core.errors import UserError
from app.core.i18n import _, format_datetime, join_list, ngettext, pgettext
from app.core.labels import TABLE_LABELS
from app.exchange import merge
from app.exchange.package import SUFFIX, export_package, read_package
from app.history.undo import FIELD_LABELS, value_text
from ui import ops
from ui.common import file_dialogs
from ui.common.text_table import text_table

PACKAGE_FILTER = "*" + SUFFIX


def _package_filter() -> str:
    return _("Field packages ({pattern})").format(pattern=PACKAGE_FILTER)


class PrepareDialog(QDialog):
    """Choose the events to take along and where to write the package."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Prepare field package"))
        self.resize(560, 420)
        self.intro = QLabel(_("The package holds the chosen events with their invitees and the "
                              "register, to open on a laptop where there is no network."))
        self.intro.setWordWrap(True)
        self.events = QListWidget()
        for event_id in events.upcoming():
            data = events.get_event(event_id)
            item = QListWidgetItem(f"{format_datetime(to_local(data.starts_at), 'short')}  {data.title}")
            item.setData(Qt.ItemDataRole.UserRole, data.uuid)
            item.setCheckState(Qt.CheckState.Checked)
            self.events.addItem(item)
        self.empty = QLabel(_("No event lies ahead: the package will hold the register only."))
        self.empty.setVisible(self.events.count() == 0)
        self.path = QLineEdit(str(Path.home() / (_("field-package") + SUFFIX)))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(QLabel(_("Events")))
        layout.addWidget(self.events, 1)
        layout.addWidget(self.empty)
        layout.addWidget(QLabel(_("Package file")))
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.result_text = ""

    def _browse(self) -> None:
        name = file_dialogs.save_file(self, "package", _("Prepare field package"),
                                      self.path.text(), _package_filter())
        if name:
            self.path.setText(name if name.endswith(SUFFIX) else name + SUFFIX)

    def chosen_events(self) -> list[str]:
        return [self.events.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.events.count())
                if self.events.item(row).checkState() == Qt.CheckState.Checked]

    def export(self) -> None:
        target, chosen = self.path.text().strip(), self.chosen_events()
        if not target:
            self.path.setFocus()
            return
        self.buttons.setEnabled(False)
        self.progress.show()

        def done(result) -> None:
            self.result_text = result.summary()
            self.accept()

        def failed(error: Exception) -> None:
            self.progress.hide()
            self.buttons.setEnabled(True)
            self.intro.setText(str(error))

        ops.run_in_background(lambda: export_package(target, chosen or None), done, failed)


def _kind(table: str) -> str:
    return _(TABLE_LABELS[table])


def _field(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


class MergeDialog(QDialog):
    """Reads and checks a package in the background, shows what merging would do, lets the
    officer settle conflicts and possible duplicates, then merges as one undoable action."""

    def __init__(self, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.package = None
        self.plan: merge.MergePlan | None = None
        self.result: merge.MergeResult | None = None
        self.setWindowTitle(_("Merge field package"))
        self.resize(900, 560)
        self.summary = QLabel(_("Checking {name}…").format(name=self.path.name))
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.tabs = QTabWidget()
        self.conflict_choices: list[tuple[merge.FieldConflict, QComboBox]] = []
        self.duplicate_choices: list[tuple[merge.DuplicateQuestion, QComboBox]] = []
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(_("Merge"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        ops.run_in_background(self._read, self._show, self._failed)

    def _read(self):
        package = read_package(self.path)
        return package, merge.plan_merge(package)

    def _failed(self, error: Exception) -> None:
        self.progress.hide()
        self.summary.setText(str(error) if isinstance(error, UserError) else
                             _("The package could not be read: {error}").format(error=error))

    def _show(self, loaded) -> None:
        self.package, self.plan = loaded
        plan = self.plan
        self.progress.hide()
        self.summary.setText(_("New: {new} · updated: {updated} · unchanged: {unchanged}. "
                               "To decide: conflicts {conflicts}, possible duplicates "
                               "{duplicates}.").format(new=len(plan.new), updated=len(plan.updated),
                                                 unchanged=plan.unchanged,
                                                 conflicts=len(plan.conflicts),
                                                 duplicates=len(plan.duplicates)))
        self.tabs.addTab(self._conflicts(plan.conflicts),
                         _("Conflicts ({count})").format(count=len(plan.conflicts)))
        self.tabs.addTab(self._duplicates(plan.duplicates),
                         _("Possible duplicates ({count})").format(count=len(plan.duplicates)))
        self.tabs.addTab(text_table([_("Kind"), _("Record")],
                                [[_kind(c.table), c.record_label] for c in plan.new]),
                         _("New ({count})").format(count=len(plan.new)))
        self.tabs.addTab(text_table([_("Kind"), _("Record"), _("Fields")],
                                [[_kind(c.table), c.record_label,
                                  join_list((_field(f) for f in sorted(c.values)), cell=True)]
                                 for c in plan.updated]),
                         _("Updated ({count})").format(count=len(plan.updated)))
        if plan.waiting:
            self.tabs.addTab(text_table([_("Kind"), _("Record")],
                                    [[_kind(c.table), c.record_label] for c in plan.waiting]),
                             _("Waiting ({count})").format(count=len(plan.waiting)))
        if plan.refused:
            self.summary.setText(self.summary.text() + " " + ngettext(
                "{count} record is not merged; the last tab says why.",
                "{count} records are not merged; the last tab says why.",
                len(plan.refused)).format(count=len(plan.refused)))
            self.tabs.addTab(text_table([_("Kind"), _("Record"), _("Reason not merged")],
                                    [[_kind(r.table), r.record_label, r.reason]
                                     for r in plan.refused]),
                             _("Not merged ({count})").format(count=len(plan.refused)))
        self.tabs.setCurrentIndex(0 if plan.conflicts else 1 if plan.duplicates else 2)
        self.merge_button.setEnabled(bool(plan.new or plan.updated or plan.questions))

    def _conflicts(self, conflicts) -> QTableWidget:
        table = text_table([_("Kind"), _("Record"), pgettext("record field", "Field"),
                        _("At export"), _("Office now"), _("Package"), _("Keep")],
                       [[_kind(c.table), c.record_label, _field(c.field),
                         *(value_text(c.table, c.field, v) for v in (c.base, c.office, c.package)),
                         None] for c in conflicts])
        for row, conflict in enumerate(conflicts):
            choice = QComboBox()
            choice.addItem(_("Office value"), merge.OFFICE)
            choice.addItem(_("Package value"), merge.PACKAGE)
            table.setCellWidget(row, 6, choice)
            self.conflict_choices.append((conflict, choice))
        return table

    def _duplicates(self, duplicates) -> QTableWidget:
        table = text_table([_("Kind"), _("From the package"), _("Existing record"), _("Why"),
                        _("Decision")],
                       [[_kind(d.table), d.package_label, d.existing_label,
                         _(merge.REASON_LABELS[d.reason]),
                         None] for d in duplicates])
        for row, question in enumerate(duplicates):
            choice = QComboBox()
            choice.addItem(_("Merge into the existing record"), question.existing_uuid)
            choice.addItem(_("Keep as a separate record"), "")
            table.setCellWidget(row, 4, choice)
            self.duplicate_choices.append((question, choice))
        return table

    def decisions(self) -> merge.Decisions:
        return merge.Decisions(
            {conflict.key: box.currentData() for conflict, box in self.conflict_choices},
            {question.key: box.currentData() for question, box in self.duplicate_choices})

    def apply(self) -> None:
        package, decisions = self.package, self.decisions()
        self.merge_button.setEnabled(False)
        self.progress.show()

        def done(changes: Changes) -> None:
            self.result = changes.detail
            self.accept()

        def failed(error: UserError) -> None:
            self.merge_button.setEnabled(True)
            self._failed(error)

        ops.run(partial(merge.apply_merge, package, decisions), parent=self,
                title=self.windowTitle(), progress=False, on_done=done, on_error=failed)
