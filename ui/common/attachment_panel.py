"""The attachments of one record: a list, a preview of the chosen image, add, open and remove."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.activities import attachments
from app.core.errors import UserError
from app.core.i18n import _, format_decimal
from ui import ops
from ui.common import file_dialogs
from ui.common.confirm import confirmed

PREVIEW = QSize(360, 270)


class AttachmentPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.owner: tuple[str, str] | None = None
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._preview)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("attachmentPreview")
        self.preview.setMinimumSize(PREVIEW)
        self.preview.setStyleSheet("border: 1px solid #ccc; background: #fafafa;")
        self.add_button = QPushButton()
        self.open_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_current)
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.preview)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("Add files…"))
        self.open_button.setText(_("Open"))
        self.remove_button.setText(_("Remove"))
        if self.list.currentItem() is None:
            self.preview.setText(_("No preview"))

    def set_owner(self, table: str, uuid: str) -> None:
        self.owner = (table, uuid)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        if self.owner is None:
            return
        for info in attachments.attachments_of(*self.owner):
            size = format_decimal(info.size / 1024, 0)
            item = QListWidgetItem(_("{name} ({size} KB)").format(name=info.file_name, size=size))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, info.is_image)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._preview(None)

    def add_paths(self, paths: list[str]) -> None:
        for path in paths:
            ops.run(partial(attachments.add, *self.owner, path), parent=self,
                    title=_("Attachments"), on_done=lambda _changes: self.reload(),
                    on_error=lambda error, path=path: QMessageBox.warning(
                        self, _("Attachments"), f"{path}\n{error.message}"))

    def choose_files(self) -> None:
        paths = file_dialogs.open_files(
            self, "attachment", _("Attach files"),
            _("Photos and documents (*.jpg *.jpeg *.png *.pdf *.ppt *.pptx *.doc *.docx);;"
              "All files (*)"))
        if paths:
            self.add_paths(paths)

    def _current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _preview(self, item: QListWidgetItem | None, _previous=None) -> None:
        self.preview.clear()
        if item is None or not item.data(Qt.ItemDataRole.UserRole + 1):
            self.preview.setText(_("No preview"))
            return
        try:
            pixmap = QPixmap(str(attachments.path_of(item.data(Qt.ItemDataRole.UserRole))))
        except UserError as error:
            self.preview.setText(error.message)
            return
        if pixmap.isNull():
            self.preview.setText(_("No preview"))
            return
        # In device pixels: sharp on a screen at 150 % or 200 %, not a small picture enlarged.
        ratio = self.preview.devicePixelRatioF()
        shown = pixmap.scaled(PREVIEW * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        shown.setDevicePixelRatio(ratio)
        self.preview.setPixmap(shown)

    def open_current(self) -> None:
        attachment_id = self._current_id()
        if attachment_id is None:
            return
        try:
            path = attachments.path_of(attachment_id)
        except UserError as error:
            QMessageBox.warning(self, _("Attachments"), error.message)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_current(self) -> None:
        attachment_id = self._current_id()
        if attachment_id is not None and confirmed(self, _("Attachments"), _(
                "Move the attachment “{name}” to the recycle bin?").format(
                    name=self.list.currentItem().text())):
            ops.run(partial(attachments.remove, attachment_id), parent=self,
                    title=_("Attachments"), on_done=lambda _changes: self.reload())
