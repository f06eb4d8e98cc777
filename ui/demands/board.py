"""The demand board: one column per state; dragging a card to another column asks for that
transition (``BoardColumn.card_dropped``), and the board is then redrawn from the database."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QWidget,
)

from app.core.i18n import _, format_date, format_decimal
from app.demands import lifecycle as demands
from app.demands import queries as demand_queries

MIME = "application/x-cdesk-demand"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2
WARN = QColor("#c62828")


class CardDelegate(QStyledItemDelegate):
    """Draws a card: a framed box with the wrapped text. The height is measured with the same
    width and flags the text is drawn with (the default delegate's measure cut lines off)."""

    PAD = 3

    def _width(self) -> int:
        view = self.parent()
        return max(20, view.viewport().width() - 2 * view.spacing() - 2 * self.PAD - 2)

    def sizeHint(self, option, index) -> QSize:
        width = self._width()
        bounds = QFontMetrics(self.parent().font()).boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, index.data())
        return QSize(width + 2 * self.PAD, bounds.height() + 2 * self.PAD)

    def paint(self, painter, option, index) -> None:
        painter.save()
        rect = option.rect.adjusted(0, 0, -1, -1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor("#3a7bd5" if selected else "#c8c8c8"))
        painter.setBrush(QColor("#e3eefc" if selected else "#ffffff"))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(WARN if index.data(OVERDUE_ROLE) else option.palette.text().color())
        painter.setFont(self.parent().font())
        text_rect = QRect(rect.left() + self.PAD, rect.top() + self.PAD, self._width(),
                          rect.height() - 2 * self.PAD)
        painter.drawText(text_rect,
                         Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignTop, index.data())
        painter.restore()


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
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap the cards when the width changes
        # Narrow columns need every pixel for the card number; the wheel still scrolls, and the
        # column title counts the cards.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() - 1)
        self.setFont(font)
        self.setItemDelegate(CardDelegate(self))
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.itemDoubleClicked.connect(self._opened)

    def set_cards(self, rows: list[demand_queries.DemandRow], total: int) -> None:
        """The cards, and a last one saying how many more there are when ``rows`` are not all."""
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
            item.setData(OVERDUE_ROLE, row.overdue)
            self.addItem(item)
        if total > len(rows):
            more = QListWidgetItem(_("and {count} more — use the table").format(
                count=format_decimal(total - len(rows))))
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(more)

    def ids(self) -> list[int]:
        return [self.item(i).data(ID_ROLE) for i in range(self.count())
                if self.item(i).data(ID_ROLE) is not None]

    def _opened(self, item: QListWidgetItem) -> None:
        if item.data(ID_ROLE) is not None:
            self.card_opened.emit(item.data(ID_ROLE))

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
        # Titles share one grid row, so a title that wraps onto two lines keeps the columns level.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(3)
        layout.setVerticalSpacing(2)
        for index, status in enumerate(demands.TRANSITIONS):
            title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold")
            title.setWordWrap(True)
            column = BoardColumn(status)
            column.card_dropped.connect(self.card_dropped)
            column.card_opened.connect(self.card_opened)
            layout.addWidget(title, 0, index, Qt.AlignmentFlag.AlignBottom)
            layout.addWidget(column, 1, index)
            layout.setColumnStretch(index, 1)
            layout.setColumnMinimumWidth(index, 56)  # narrow windows still fit all nine columns
            self.columns[status], self.titles[status] = column, title

    def set_rows(self, rows: demand_queries.BoardRows) -> None:
        self._counts = {s: rows.counts.get(s, 0) for s in self.columns}
        for status, column in self.columns.items():
            column.set_cards(rows.cards.get(status, []), self._counts[status])
        self.retranslate()

    def retranslate(self) -> None:
        for status, title in self.titles.items():
            title.setText(f"{_(demands.STATUS_LABELS[status])} ({self._counts.get(status, 0)})")
