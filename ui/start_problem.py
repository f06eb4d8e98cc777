"""The database did not open at start: before anything else, say why and offer the way out —
restore the newest intact backup, open another file, or quit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from app.core import i18n
from app.core.i18n import _
from app.data import backup


class StartProblemDialog(QDialog):
    """``choice`` after it closes: "restore" (``chosen`` is the backup), "open" or "quit"."""

    def __init__(self, problem: str, offers: list[backup.IntactBackup]):
        super().__init__()
        self.setWindowTitle(_("Commissioner Desk"))
        self.choice = "quit"
        self.chosen = None
        self.offers = offers
        layout = QVBoxLayout(self)
        message = QLabel(problem)
        message.setWordWrap(True)
        layout.addWidget(message)
        self.list = QListWidget()
        if offers:
            layout.addWidget(QLabel(_("Intact backups, newest first:")))
            for offer in offers:
                self.list.addItem(QListWidgetItem(_describe(offer)))
            self.list.setCurrentRow(0)
            self.list.itemDoubleClicked.connect(lambda _item: self._choose("restore"))
            layout.addWidget(self.list)
        else:
            layout.addWidget(QLabel(_("No intact backup was found beside the database.")))
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(_("Restore the chosen backup"))
        self.open_button = QPushButton(_("Open another file…"))
        self.quit_button = QPushButton(_("Quit"))
        if offers:
            buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.setDefault(True)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(lambda: self._choose("restore"))
        self.open_button.clicked.connect(lambda: self._choose("open"))
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == "restore":
            self.chosen = self.offers[self.list.currentRow()].info.path
        self.accept()


def _describe(offer: backup.IntactBackup) -> str:
    counts = _("commissioners: {commissioners}, organizations: {organizations}").format(
        commissioners=offer.commissioners, organizations=offer.organizations)
    return "   ".join((i18n.format_datetime(offer.info.at), counts,
                       backup.size_text(offer.info.size), offer.info.path.name))
