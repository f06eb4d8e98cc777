"""The demand board: one column per state; dragging a card to another column asks for that
transition (``BoardColumn.card_dropped``), and the board is then redrawn from the database."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import demand_queries, demands
from app.i18n import _, format_date

MIME = "application/x-cdesk-demand"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
WARN = QColor("#c62828")


class BoardColumn(QListWidget):
    card_dropped = Signal(int, str)  # demand id, this column's status
    card_opened = Signal(int)

    def __init__(self, status: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = status
        self.setObjectName(f"board_{status}")
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(
            "QListWidget::item { border: 1px solid #c8c8c8; border-radius: 4px; margin: 2px 1px;"
            " padding: 3px 2px; background: #ffffff; }"
            "QListWidget::item:selected { border: 1px solid #3a7bd5; background: #e3eefc; }")
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.itemDoubleClicked.connect(lambda item: self.card_opened.emit(item.data(ID_ROLE)))

    def set_cards(self, rows: list[demand_queries.DemandRow]) -> None:
        self.clear()
        for row in rows:
            text = f"{row.number}\n{row.title}\n{row.organization}"
            if row.overdue:
                text += "\n" + _("Overdue")
            elif row.status in ("published", "claimed") and row.claim_deadline:
                text += "\n" + _("Claims until {date}").format(date=format_date(row.claim_deadline))
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, row.id)
            item.setToolTip(f"{row.number} {row.title}\n{row.organization}")
            if row.overdue:
                item.setForeground(WARN)
            self.addItem(item)

    def ids(self) -> list[int]:
        return [self.item(i).data(ID_ROLE) for i in range(self.count())]

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, items) -> QMimeData:
        data = QMimeData()
        data.setData(MIME, QByteArray(str(items[0].data(ID_ROLE)).encode()))
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(MIME) and event.source() is not self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        """Never moves the item itself: the transition decides, and the board is redrawn."""
        if not event.mimeData().hasFormat(MIME) or event.source() is self:
            event.ignore()
            return
        demand_id = int(bytes(event.mimeData().data(MIME)).decode())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.card_dropped.emit(demand_id, self.status)


class DemandBoard(QWidget):
    card_dropped = Signal(int, str)
    card_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.columns: dict[str, BoardColumn] = {}
        self.titles: dict[str, QLabel] = {}
        self._counts: dict[str, int] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        for status in demands.TRANSITIONS:
            frame = QFrame()
            box = QVBoxLayout(frame)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold")
            column = BoardColumn(status)
            column.card_dropped.connect(self.card_dropped)
            column.card_opened.connect(self.card_opened)
            box.addWidget(title)
            box.addWidget(column, 1)
            frame.setMinimumWidth(56)  # narrow windows still fit all nine columns
            layout.addWidget(frame, 1)
            self.columns[status], self.titles[status] = column, title

    def set_rows(self, by_status: dict[str, list[demand_queries.DemandRow]]) -> None:
        self._counts = {s: len(by_status.get(s, [])) for s in self.columns}
        for status, column in self.columns.items():
            column.set_cards(by_status.get(status, []))
        self.retranslate()

    def retranslate(self) -> None:
        for status, title in self.titles.items():
            title.setText(f"{_(demands.STATUS_LABELS[status])} ({self._counts.get(status, 0)})")
