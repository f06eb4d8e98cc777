"""What an empty list says: shown over the table while it has no rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

from app.core.i18n import _


class EmptyState(QLabel):
    """A hint centred on the view's viewport when the model has no rows (and is not loading)."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#757575"))
        self.setPalette(palette)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._model = view.model()
        for signal in (self._model.modelReset, self._model.rowsInserted, self._model.rowsRemoved,
                       self._model.layoutChanged):
            signal.connect(self.update_state)
        loaded = getattr(self._model, "loaded", None)
        if loaded is not None:
            loaded.connect(self.update_state)
        view.viewport().installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect().adjusted(24, 24, -24, -24))
        return False

    def update_state(self, *_args) -> None:
        self.setVisible(self._model.rowCount() == 0 and not getattr(self._model, "loading", False))

    def retranslate(self) -> None:
        self.setText(_("Nothing to show. Change the search or the filters, or add a record with "
                       "the “New…” button above."))
        self.update_state()
