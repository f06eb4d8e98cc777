"""The dashboard: for now the reminders panel (terms running out or passed, workstations without
a head or resident commissioner, commissioners' people with missing data)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app import reminders
from app.i18n import N_, _
from app.registry.related import Table
from ui.views.record_pages import LinkedTable
from ui.widgets.changes import bus


class DashboardView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("dashboardHeading")
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.heading.setFont(font)
        self.boxes: dict[str, QGroupBox] = {}
        self.tables: dict[str, LinkedTable] = {}
        grid = QGridLayout()
        for i, kind in enumerate(reminders.KINDS):
            box = QGroupBox()
            table = LinkedTable()
            table.setObjectName(f"reminders_{kind}")
            inner = QVBoxLayout(box)
            inner.addWidget(table)
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[kind] = box
            self.tables[kind] = table
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid, 1)
        self._counts: dict[str, int] = {}
        bus().changed.connect(self._changed)
        self.retranslate()

    def _changed(self, _entity: str) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        for kind, items in reminders.all_reminders().items():
            self._counts[kind] = len(items)
            self.tables[kind].set_table(Table(
                (N_("Name"), N_("Details")),
                tuple((r.name, r.detail) for r in items),
                tuple((r.entity, r.id) for r in items)))
        self._titles()

    def _titles(self) -> None:
        for kind, box in self.boxes.items():
            box.setTitle(f"{reminders.title(kind)} ({self._counts.get(kind, 0)})")

    def retranslate(self) -> None:
        self.heading.setText(_("Reminders"))
        self._titles()
        if self._counts:
            self.refresh()
