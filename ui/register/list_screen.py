"""The list screen the register's lists share: search as you type, filters, saved views in a
sidebar, a count, columns the officer chooses and orders (remembered), multi-select with bulk
actions, and a double click that opens the record's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import dictionaries
from app.core.changes import Changes
from app.core.i18n import _, ngettext
from app.history import recycle
from app.register.views import (
    BULK_FIELDS,
    bulk_set,
    delete_view,
    save_view,
    saved_views,
)
from ui import ops
from ui.common.confirm import confirmed
from ui.common.day_filter import DayFilter
from ui.common.empty_state import EmptyState
from ui.common.flow_layout import FlowLayout, labelled
from ui.common.headers import fit_contents, fit_titles, set_sorted_model
from ui.local_settings import qsettings
from ui.register.model import Column, RegisterTableModel

ROW_HEIGHT = 26
SEARCH_DELAY_MS = 200


# The tables each register list shows: it reloads when a change wrote one of them.
SHOWN = {
    "commissioner": ("commissioner", "person", "organization", "appointment", "team_member",
                     "served_object", "service_street", "workstation", "workstation_member",
                     "dictionary", "attachment"),
    "organization": ("organization", "person", "commissioner", "dictionary", "attachment"),
    "workstation": ("workstation", "workstation_member", "commissioner", "person",
                    "organization", "dictionary", "attachment"),
}


@dataclass(frozen=True)
class Filter:
    key: str
    title: str | Callable[[], str]  # N_-marked, or giving the text (one that counts)
    options: object  # () -> list[(label, value)]; None for a check box; DAY for a DayFilter


DAY = "day"


def coded_options(labels: dict[str, str]):
    return lambda: [(_(text), code) for code, text in labels.items()]


def dictionary_options(kind: str, by_id: bool):
    """Filter options from a dictionary: streets filter by id, industry fields by code."""
    return lambda: [(e.name, e.id if by_id else e.code) for e in dictionaries.entries(kind)]



class RegisterListView(QWidget):
    list_name = ""
    entity = ""
    columns: list[Column] = []  # noqa: RUF012  (set by each subclass)
    filter_specs: list[Filter] = []  # noqa: RUF012

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = RegisterTableModel(self.list_name, self.columns, self)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.apply(text=self.search_box.text()))
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.create_record)
        self.filter_widgets: dict[str, QWidget] = {}
        self.filter_labels: dict[str, QLabel] = {}
        # Each filter keeps its label beside it; the bar wraps where the labels are long.
        filters = FlowLayout()
        for spec in self.filter_specs:
            label = QLabel()
            widget = (DayFilter(spec.title) if spec.options == DAY
                      else QCheckBox() if spec.options is None else QComboBox())
            widget.setObjectName(f"filter_{spec.key}")
            if isinstance(widget, QCheckBox):
                widget.toggled.connect(self._filters_changed)
                filters.addWidget(widget)
            else:
                widget.currentIndexChanged.connect(self._filters_changed)
                filters.addWidget(labelled(label, widget))
            self.filter_widgets[spec.key] = widget
            self.filter_labels[spec.key] = label
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.clear_button)

        self.table = QTableView()
        self.table.setObjectName("registerTable")
        set_sorted_model(self.table, self.model, 0, Qt.SortOrder.AscendingOrder)  # A→Z by name
        self.empty_state = EmptyState(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        rows.hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.sectionMoved.connect(self._save_columns)
        self.table.doubleClicked.connect(lambda index: self.open_record(self.model.row_id(
            index.row())))
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.bulk_buttons: dict[str, QPushButton] = {}
        buttons = FlowLayout()
        for field in BULK_FIELDS.get(self.entity, ()):
            button = QPushButton()
            button.clicked.connect(lambda _c=False, f=field: self.bulk_set(f))
            self.bulk_buttons[field] = button
            buttons.addWidget(button)
        buttons.addWidget(self.delete_button)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addLayout(buttons, 1)

        self.views_title = QLabel()
        self.views = QListWidget()
        self.views.setObjectName("savedViews")
        self.views.itemActivated.connect(self._apply_view)
        self.views.itemClicked.connect(self._apply_view)
        self.save_view_button = QPushButton()
        self.save_view_button.clicked.connect(lambda: self.save_current_view())  # not `checked`
        self.delete_view_button = QPushButton()
        self.delete_view_button.clicked.connect(self.delete_current_view)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.views_title)
        side_layout.addWidget(self.views, 1)
        side_layout.addWidget(self.save_view_button)
        side_layout.addWidget(self.delete_view_button)

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.new_button)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addLayout(top)
        main_layout.addLayout(filters)
        main_layout.addWidget(self.table, 1)
        main_layout.addLayout(actions)
        self.splitter = QSplitter()
        self.splitter.addWidget(side)
        self.splitter.addWidget(main)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._loading = False
        self._loaded = False
        self.model.loaded.connect(self._first_page_in)
        self._fill_filters()
        self._restore_columns()
        # A drag resizes a column many times a second: its width is saved once it rests.
        self._save_timer = QTimer(self, singleShot=True, interval=500)
        self._save_timer.timeout.connect(self._save_columns)
        header.sectionResized.connect(lambda *_args: self._save_timer.start())
        ops.hub().changes_made.connect(self._changed_elsewhere)
        self.retranslate()

    # Columns -----------------------------------------------------------------------------

    def column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def _column_menu(self, position) -> None:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for i, column in enumerate(self.columns):
            action = menu.addAction(_(column.title))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.toggled.connect(lambda shown, i=i: self.show_column(i, shown))
        menu.popup(header.mapToGlobal(position))

    def show_column(self, index: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(index, not shown)
        self._save_columns()

    def hideEvent(self, event) -> None:
        if self._save_timer.isActive():
            self._save_timer.stop()
            self._save_columns()
        super().hideEvent(event)

    def _save_columns(self, *_args) -> None:
        """Order, visibility and widths; with whether the widths were fitted to rows yet (a list
        first seen empty keeps its order, and fits its widths when rows come)."""
        store = qsettings()
        store.setValue(f"lists/{self.list_name}/header", self.table.horizontalHeader().saveState())
        store.setValue(f"lists/{self.list_name}/fitted", self._sized)

    def _restore_columns(self) -> None:
        store = qsettings()
        state = store.value(f"lists/{self.list_name}/header")
        self._sized = state is not None and store.value(f"lists/{self.list_name}/fitted", False,
                                                        type=bool)
        if state is not None:
            self.table.horizontalHeader().restoreState(state)

    # Filters and loading -----------------------------------------------------------------

    def _fill_filters(self) -> None:
        for spec in self.filter_specs:
            widget = self.filter_widgets[spec.key]
            if isinstance(widget, QComboBox):
                current = widget.currentData()
                widget.blockSignals(True)
                widget.clear()
                widget.addItem(_("All"), None)
                for text, value in spec.options():
                    widget.addItem(text, value)
                widget.setCurrentIndex(max(widget.findData(current), 0))
                widget.blockSignals(False)

    def filters(self) -> dict:
        values = {}
        for key, widget in self.filter_widgets.items():
            value = (widget.day if isinstance(widget, DayFilter)
                     else widget.isChecked() if isinstance(widget, QCheckBox)
                     else widget.currentData())
            if value not in (None, False, ""):
                values[key] = value
        return values

    def set_filters(self, filters: dict) -> None:
        self._loading = True
        for key, widget in self.filter_widgets.items():
            if isinstance(widget, DayFilter):
                widget.set_day(filters.get(key))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(filters.get(key)))
            else:
                widget.setCurrentIndex(max(widget.findData(filters.get(key)), 0))
        self._loading = False

    def _filters_changed(self) -> None:
        if not self._loading:
            self.apply(filters=self.filters())

    def clear_filters(self) -> None:
        self.set_filters({})
        self.search_box.clear()
        self.apply(text="", filters={})

    def apply(self, text: str | None = None, filters: dict | None = None) -> None:
        """Show the first page for new search text and/or filters."""
        if filters is not None and filters != self.filters():
            self.set_filters(filters)
        query = self.model.query
        query = replace(query, text=query.text if text is None else text,
                        filters=self.filters() if filters is None else dict(filters))
        self.count_label.setText(_("Searching…"))
        self.model.reload(query)
        self._loaded = True

    def _first_page_in(self) -> None:
        if not self._sized and self.model.rowCount():
            self._sized = True  # before fitting: the widths are saved as they change
            fit_contents(self.table)  # once, on the first page: widths then stay
        fit_titles(self.table)  # kept widths may come from another language
        self._update_count()

    def shown_list(self) -> tuple[str, object]:
        """The list as shown (search and filters), for File → Export list."""
        return self.list_name, self.model.query

    def refresh(self) -> None:
        """Called when the screen is shown."""
        self._fill_filters()
        self._load_views()
        if self._loaded:
            self.model.reload()
        else:
            self.apply()

    def _changed_elsewhere(self, changes: Changes) -> None:
        if changes.touches("saved_view"):
            self._load_views()
        if self._loaded and self.isVisible() and changes.touches(*SHOWN[self.entity]):
            self.model.reload()

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText(ngettext("{count} record", "{count} records", total)
                                 .format(count=total))
        self._update_actions()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_id(row) for row in rows]

    def _update_actions(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        for button in (self.delete_button, *self.bulk_buttons.values()):
            button.setEnabled(selected)

    # Saved views ---------------------------------------------------------------------------

    def _load_views(self) -> None:
        self.views.clear()
        for view in saved_views(self.list_name):
            item = QListWidgetItem(view.name)
            item.setData(Qt.ItemDataRole.UserRole, (view.id, view.filters))
            self.views.addItem(item)

    def _apply_view(self, item: QListWidgetItem) -> None:
        _view_id, filters = item.data(Qt.ItemDataRole.UserRole)
        self.apply(filters=filters)

    def save_current_view(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, _("Save view"), _("Name of the view:"))
            if not ok:
                return
        ops.run(partial(save_view, self.list_name, name, self.filters()), parent=self,
                title=_("Save view"))

    def delete_current_view(self) -> None:
        item = self.views.currentItem()
        if item is not None and confirmed(self, _("Delete view"), _(
                "Delete the saved view “{name}”?").format(name=item.text())):
            ops.run(partial(delete_view, item.data(Qt.ItemDataRole.UserRole)[0]), parent=self,
                    title=_("Delete view"))

    # Actions -----------------------------------------------------------------------------

    def delete_selected(self, confirm: bool = True) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if confirm and QMessageBox.question(
                self, _("Move to recycle bin"),
                ngettext("Move {count} record to the recycle bin?",
                         "Move {count} records to the recycle bin?", len(ids)).format(
                    count=len(ids))) != QMessageBox.StandardButton.Yes:
            return
        ops.run(partial(recycle.delete, self.entity, ids), parent=self,
                title=_("Move to recycle bin"))

    def bulk_set(self, field: str, value=None) -> None:
        if value is None:
            # the forms' module loads when first used: the window shows sooner
            from ui.register.forms import industry_fields, streets

            options = streets() if field == "street" else industry_fields()
            labels = [text for text, _v in options]
            chosen, ok = QInputDialog.getItem(self, self.bulk_buttons[field].text(),
                                              self.bulk_buttons[field].text(), labels, 0, False)
            if not ok:
                return
            value = options[labels.index(chosen)][1]
        ops.run(partial(bulk_set, self.entity, self.selected_ids(), field, value), parent=self,
                title=self.bulk_buttons[field].text())

    def create_record(self) -> None:
        raise NotImplementedError

    def open_record(self, record_id: int) -> None:
        from ui.register.record_pages import open_page  # the pages load when first opened

        open_page(self.entity, record_id, self)

    # Language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search_box.setPlaceholderText(
            _("Search: name, pinyin initials, phone, employer, last digits of an ID number, "
              "credit code"))
        self.clear_button.setText(_("Clear filters"))
        self.delete_button.setText(_("Move to recycle bin"))
        bulk_titles = {"street": _("Set street…"), "industry_field": _("Set industry field…")}
        for field, button in self.bulk_buttons.items():
            button.setText(bulk_titles[field])
        for button, tip in (
                (self.new_button, _("Register a new record and open its page")),
                (self.clear_button, _("Show every record again: clear the search and the filters")),
                (self.delete_button, _("Move the selected records to the recycle bin; Edit → "
                                       "Recycle bin brings them back")),
                (self.save_view_button, _("Keep the current filters under a name, to apply them "
                                          "again with one click")),
                (self.delete_view_button, _("Delete the selected saved view"))):
            button.setToolTip(tip)
        bulk_tips = {"street": _("Give the selected records one street"),
                     "industry_field": _("Give the selected records one industry field")}
        for field, button in self.bulk_buttons.items():
            button.setToolTip(bulk_tips[field])
        self.views_title.setText(_("Saved views"))
        self.save_view_button.setText(_("Save current filters…"))
        self.delete_view_button.setText(_("Delete view"))
        for spec in self.filter_specs:
            widget = self.filter_widgets[spec.key]
            if isinstance(widget, DayFilter):
                widget.retranslate()
                continue
            title = spec.title() if callable(spec.title) else _(spec.title)
            (widget if isinstance(widget, QCheckBox) else self.filter_labels[spec.key]).setText(
                title)
        self._fill_filters()
        self.model.retranslate()
        fit_titles(self.table)
        self.empty_state.retranslate()
        if self._loaded:
            self._update_count()
