"""Find duplicates: pairs of people, organizations or commissioners that are probably one record,
and the field-by-field merge of a pair."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import N_, _, join_list, ngettext, pgettext
from app.history import record_merge
from app.register import duplicate_search
from ui import ops
from ui.common.message_line import MessageLine
from ui.common.rows_model import Row, RowsModel
from ui.common.tab_order import follow_reading_order

ENTITIES = {"person": N_("People"), "organization": N_("Organizations"),
            "commissioner": N_("Commissioners")}


class MergeDialog(QDialog):
    """Which record stays, and for each field that differs, whose value it keeps."""

    def __init__(self, entity: str, kept_id: int, other_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.entity = entity
        self.merged: Changes | None = None
        self.ids = [kept_id, other_id]
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.swap_button = QPushButton()
        self.swap_button.clicked.connect(self.swap)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.links = QLabel()
        self.links.setWordWrap(True)
        self.message = MessageLine("mergeMessage")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.swap_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.links)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.choices: dict[str, QButtonGroup] = {}
        self.resize(720, 520)
        self.load()

    def swap(self) -> None:
        self.ids.reverse()
        self.load()

    def load(self) -> None:
        self.preview = record_merge.preview(self.entity, *self.ids)
        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        self.choices.clear()
        headers = (pgettext("merge", "Field"),
                   _("Kept: {name}").format(name=self.preview.kept_name),
                   _("Merged away: {name}").format(name=self.preview.other_name))
        for column, text in enumerate(headers):
            label = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(label, 0, column)
        row = 1
        for choice in self.preview.fields:
            if not choice.kept and not choice.other:
                continue
            self.grid.addWidget(QLabel(choice.label), row, 0)
            if choice.differs:
                group = QButtonGroup(self)
                for column, text in ((1, choice.kept), (2, choice.other)):
                    button = QRadioButton(text or _("(empty)"))
                    button.setObjectName(f"merge_{choice.field}_{column}")
                    group.addButton(button, column)
                    self.grid.addWidget(button, row, column)
                # an empty field takes the other record's value unless the officer says otherwise
                group.button(2 if not choice.kept else 1).setChecked(True)
                self.choices[choice.field] = group
            else:
                self.grid.addWidget(QLabel(choice.kept), row, 1, 1, 2)
            row += 1
        self.grid.setRowStretch(row, 1)
        self.retranslate()

    def take_other(self) -> set[str]:
        return {field for field, group in self.choices.items() if group.checkedId() == 2}

    def merge(self) -> None:
        def done(changes: Changes) -> None:
            self.merged = changes
            self.accept()

        ops.run(partial(record_merge.merge, self.entity, *self.ids, self.take_other()),
                parent=self, title=self.windowTitle(), on_done=done,
                on_error=lambda error: self.message.say(error.message))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        follow_reading_order(self)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Merge records"))
        self.intro.setText(_("The kept record takes the chosen values; everything linked to the "
                             "other record moves to it, and the other goes to the recycle bin. "
                             "Edit → Undo takes the whole merge back."))
        self.swap_button.setText(_("Keep the other one"))
        moved = join_list(f"{what} {count}" for what, count in self.preview.links)
        self.links.setText(_("Moved to the kept record: {links}").format(links=moved) if moved
                           else _("Nothing is linked to the other record."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Merge"))


class DuplicatesView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pairs: list[duplicate_search.DuplicatePair] = []
        self.searched = False
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.entity_box = QComboBox()
        self.entity_box.setObjectName("duplicateEntity")
        for key in ENTITIES:
            self.entity_box.addItem("", key)
        self.entity_box.currentIndexChanged.connect(self.refresh)
        self.find_button, self.merge_button = QPushButton(), QPushButton()
        self.find_button.clicked.connect(self.refresh)
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.merge_selected)
        self.model = RowsModel(lambda: [_("First record"), _("Second record"), _("Why"),
                                        _("Similarity")], self)
        self.table = QTableView()
        self.table.setObjectName("duplicateTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.merge_selected)
        self.status = QLabel()
        self.message = MessageLine("duplicatesMessage")
        bar = QHBoxLayout()
        bar.addWidget(self.entity_box)
        bar.addWidget(self.find_button)
        bar.addStretch()
        bar.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        self.retranslate()

    @property
    def entity(self) -> str:
        return self.entity_box.currentData()

    def refresh(self) -> None:
        entity = self.entity
        self.find_button.setEnabled(False)
        self.status.setText(_("Searching…"))

        def done(pairs) -> None:
            self.find_button.setEnabled(True)
            if entity != self.entity:
                return
            self.pairs, self.searched = pairs, True
            self.model.set_rows([Row((p.first_name, p.second_name, p.reason_label,
                                      f"{p.score}%"), i) for i, p in enumerate(pairs)])
            self._show_count()

        def failed(error: Exception) -> None:
            self.find_button.setEnabled(True)
            self.status.clear()
            self.message.say(str(error))

        ops.run_in_background(lambda: duplicate_search.find(entity), done, failed)

    def merge_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.say(_("Choose a pair in the list."))
            return
        self.message.say("")
        pair = self.pairs[rows[0].row()]
        try:
            dialog = MergeDialog(pair.entity, pair.first_id, pair.second_id, self)
        except UserError as error:
            self.message.say(error.message)
            return
        if dialog.exec():
            self.refresh()

    def retranslate(self) -> None:
        self.title.setText(_("Find duplicates"))
        for i, key in enumerate(ENTITIES):
            self.entity_box.setItemText(i, _(ENTITIES[key]))
        self.find_button.setText(_("Search again"))
        self.merge_button.setText(_("Merge…"))
        self.find_button.setToolTip(_("Look for possible duplicates again"))
        self.merge_button.setToolTip(_("Merge the selected pair into one record"))
        self.model.retranslate()
        self._show_count()

    def _show_count(self) -> None:
        """The number of pairs of the last search; nothing before the first one."""
        if self.searched:
            self.status.setText(ngettext("{count} possible duplicate", "{count} possible duplicates",
                                         len(self.pairs)).format(count=len(self.pairs)))
