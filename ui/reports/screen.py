"""The Reports screen: choose a report and its period, generate it in the background, preview the
PDF (pages, zoom), print it or save it under a name."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRect, QSize, Qt, QTemporaryDir, Signal
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import reports
from app.core.errors import UserError
from app.core.i18n import N_, _, format_date, format_quarter
from app.register.common import LEVEL_LABELS
from app.reports import printing
from ui import ops
from ui.common import file_dialogs
from ui.common.flow_layout import FlowLayout
from ui.common.message_line import MessageLine
from ui.common.record_picker import RecordPicker

# The reports this screen offers; one subject's assessment form is printed from the assessment
# round, where the subject is chosen.
KIND_NAMES = {
    "roster": N_("Quarterly roster"),
    "workstations": N_("Workstation roster"),
    "activities": N_("Activity report"),
    "signin": N_("Sign-in sheet"),
    "event": N_("Event summary"),
    "dossier": N_("Commissioner dossier"),
    "assessment": N_("Annual assessment summary"),
}
WHOLE_YEAR = 0
ZOOM_STEP = 1.25


class _Progress(QObject):
    """Carries the page being laid out from the worker thread to the UI thread."""

    page = Signal(int)


class ReportsView(QWidget):
    generated = Signal(str)  # path of the preview file

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._folder = QTemporaryDir()
        self._count = 0
        self._busy = False
        self.current: reports.Rendered | None = None
        self._asked: reports.ReportRequest | None = None  # being generated
        self.shown: reports.ReportRequest | None = None  # what ``current`` was made from
        self.document = QPdfDocument(self)
        self._progress = _Progress(self)
        self._progress.page.connect(self._on_page)
        self._build_form()
        self._build_preview()
        layout = QHBoxLayout(self)
        layout.addWidget(self.form_panel)
        layout.addLayout(self.preview_panel, 1)
        self.kind.currentIndexChanged.connect(self._show_parameters)
        self.retranslate()
        self._show_parameters()

    # Building ----------------------------------------------------------------------------------

    def _build_form(self) -> None:
        self.form_panel = QWidget()
        self.form_panel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.kind = QComboBox()
        for key in KIND_NAMES:
            self.kind.addItem("", key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.quarter = QComboBox()
        for quarter in (1, 2, 3, 4, WHOLE_YEAR):
            self.quarter.addItem("", quarter)
        self.quarter.setCurrentIndex((date.today().month - 1) // 3)
        self.year.valueChanged.connect(self._retranslate_quarters)
        period = QHBoxLayout()
        period.addWidget(self.year)
        period.addWidget(self.quarter, 1)
        self.period_row = QWidget()
        self.period_row.setLayout(period)
        period.setContentsMargins(0, 0, 0, 0)
        self.level = QComboBox()
        for code in (None, "provincial", "municipal"):
            self.level.addItem("", code)
        self.event = QComboBox()
        self._events: list[tuple[int, date, str]] = []
        self.event.setMinimumContentsLength(12)
        self.event.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.commissioner = RecordPicker("commissioner")
        self.full_id = QCheckBox()
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("reportSummary")
        self.form = QFormLayout()
        self.labels = {name: QLabel() for name in ("kind", "period", "level", "event",
                                                   "commissioner", "summary")}
        self.form.addRow(self.labels["kind"], self.kind)
        self.form.addRow(self.labels["period"], self.period_row)
        self.form.addRow(self.labels["level"], self.level)
        self.form.addRow(self.labels["event"], self.event)
        self.form.addRow(self.labels["commissioner"], self.commissioner)
        self.form.addRow(self.full_id)
        self.form.addRow(self.labels["summary"])
        self.form.addRow(self.summary)
        self.generate_button = QPushButton()
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.message = MessageLine("reportMessage")
        column = QVBoxLayout(self.form_panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addStrut(320)  # at least 320 wide; wider when the labels of a language need it
        column.addWidget(self.heading)
        column.addLayout(self.form)
        column.addWidget(self.generate_button)
        column.addWidget(self.busy)
        column.addWidget(self.status)
        column.addWidget(self.message)
        column.addStretch()

    def _build_preview(self) -> None:
        self.pdf_view = QPdfView()
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.previous_button = QPushButton()
        self.next_button = QPushButton()
        self.page_label = QLabel()
        self.page_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.zoom_out_button = QPushButton()
        self.zoom_in_button = QPushButton()
        self.fit_button = QPushButton()
        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit_button.clicked.connect(
            lambda: self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_as)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self.document.statusChanged.connect(self._update_page_label)
        bar = FlowLayout()
        for widget in (self.previous_button, self.page_label, self.next_button,
                       self.zoom_out_button, self.zoom_in_button, self.fit_button,
                       self.print_button, self.save_button):
            bar.addWidget(widget)
        self.preview_panel = QVBoxLayout()
        self.preview_panel.addLayout(bar)
        self.preview_panel.addWidget(self.pdf_view, 1)
        self._enable_preview(False)

    def retranslate(self) -> None:
        self.heading.setText(_("Reports"))
        for row, name in enumerate(KIND_NAMES.values()):
            self.kind.setItemText(row, _(name))
        self._retranslate_quarters()
        self._retranslate_events()
        self.level.setItemText(0, _("All levels"))
        for row in (1, 2):
            self.level.setItemText(row, _(LEVEL_LABELS[self.level.itemData(row)]))
        for name, text in (("kind", _("Report")), ("period", _("Period")), ("level", _("Level")),
                           ("event", _("Event")), ("commissioner", _("Commissioner")),
                           ("summary", _("Summary written by you (activity report)"))):
            self.labels[name].setText(text)
        self.commissioner.setPlaceholderText(_("Name, pinyin initials or phone"))
        self.full_id.setText(_("Print ID numbers in full"))
        self.generate_button.setText(_("Generate"))
        self.generate_button.setToolTip(_("Build the report with these choices and show it"))
        self.previous_button.setText(_("Previous page"))
        self.next_button.setText(_("Next page"))
        self.zoom_out_button.setText(_("Zoom out"))
        self.zoom_in_button.setText(_("Zoom in"))
        self.fit_button.setText(_("Fit width"))
        self.print_button.setText(_("Print…"))
        self.save_button.setText(_("Save as…"))
        for button, tip in ((self.previous_button, _("Show the previous page")),
                            (self.next_button, _("Show the next page")),
                            (self.zoom_out_button, _("Show the pages smaller")),
                            (self.zoom_in_button, _("Show the pages larger")),
                            (self.fit_button, _("Fit the page to the width of the preview")),
                            (self.print_button, _("Print the report")),
                            (self.save_button, _("Save the report as a PDF file"))):
            button.setToolTip(tip)
        self._update_page_label()

    def _retranslate_quarters(self) -> None:
        for row in range(self.quarter.count()):
            quarter = self.quarter.itemData(row)
            self.quarter.setItemText(row, _("Whole year") if quarter == WHOLE_YEAR
                                     else format_quarter(self.year.value(), quarter))

    def refresh(self) -> None:
        """Reload the events to choose from (called when the screen is shown)."""
        chosen = self.event.currentData()
        self.event.clear()
        self._events = reports.event_choices()
        for event_id, _day, _title in self._events:
            self.event.addItem("", event_id)
        self._retranslate_events()
        if chosen is not None and (row := self.event.findData(chosen)) >= 0:
            self.event.setCurrentIndex(row)

    def _retranslate_events(self) -> None:
        for row, (_id, day, title) in enumerate(self._events):
            self.event.setItemText(row, f"{format_date(day, 'short')} {title}")

    def _show_parameters(self) -> None:
        kind = self.kind.currentData()
        self.form.setRowVisible(self.period_row, kind in reports.PERIOD_KINDS + reports.YEAR_KINDS)
        self.quarter.setVisible(kind in reports.PERIOD_KINDS)
        self.form.setRowVisible(self.level, kind == "roster")
        self.form.setRowVisible(self.event, kind in ("signin", "event"))
        self.form.setRowVisible(self.commissioner, kind == "dossier")
        self.form.setRowVisible(self.full_id, kind in ("roster", "dossier"))
        self.form.setRowVisible(self.labels["summary"], kind == "activities")
        self.form.setRowVisible(self.summary, kind == "activities")

    # Generating --------------------------------------------------------------------------------

    def request(self) -> reports.ReportRequest:
        kind = self.kind.currentData()
        period = None
        if kind in reports.PERIOD_KINDS:
            quarter = self.quarter.currentData()
            period = (reports.parse_period(year=self.year.value()) if quarter == WHOLE_YEAR
                      else reports.parse_period(f"{self.year.value()}Q{quarter}"))
        elif kind in reports.YEAR_KINDS:
            period = reports.parse_period(year=self.year.value())
        event = self.event.currentData()
        commissioner = self.commissioner.record_id
        return reports.ReportRequest(
            kind, period=period, level=self.level.currentData() if kind == "roster" else None,
            event=None if event is None else str(event),
            commissioner=None if commissioner is None else str(commissioner),
            full_id=self.full_id.isChecked(), summary=self.summary.toPlainText())

    def generate(self) -> None:
        if self._busy:
            return
        self.message.say("")
        try:
            request = self.request().checked()
        except UserError as error:
            self.message.say(error.message)
            return
        self._count += 1
        self._asked = request
        path = Path(self._folder.path()) / f"{request.kind}-{self._count}.pdf"
        progress = self._progress.page
        self._set_busy(True)
        ops.run_in_background(lambda: reports.render(request, path, progress=progress.emit),
                              self._on_done, self._on_error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.generate_button.setEnabled(not busy)
        self.status.setText(_("Laying out the report…") if busy else "")

    def _on_page(self, page: int) -> None:
        if self._busy:
            self.status.setText(_("Laying out page {page}…").format(page=page))

    def _on_done(self, rendered: reports.Rendered) -> None:
        self._set_busy(False)
        previous = self.current
        self.current, self.shown = rendered, self._asked
        self.document.load(str(rendered.path))
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.go_to_page(0)
        if previous is not None:
            previous.path.unlink(missing_ok=True)
        self.status.setText(_("{title}: {pages} page(s).").format(title=rendered.title,
                                                                  pages=rendered.pages))
        self._enable_preview(True)
        self.generated.emit(str(rendered.path))

    def _on_error(self, error: Exception) -> None:
        self._set_busy(False)
        self.message.say(str(error) if isinstance(error, UserError)
                         else _("The report could not be made: {error}").format(error=error))

    # Preview -----------------------------------------------------------------------------------

    def _enable_preview(self, enabled: bool) -> None:
        for button in (self.previous_button, self.next_button, self.zoom_in_button,
                       self.zoom_out_button, self.fit_button, self.print_button, self.save_button):
            button.setEnabled(enabled)

    def page(self) -> int:
        return self.pdf_view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.document.pageCount():
            self.pdf_view.pageNavigator().jump(page, QPointF(), self.pdf_view.zoomFactor())
        self._update_page_label()

    def zoom(self, factor: float) -> None:
        zoom = self.pdf_view.zoomFactor() * factor
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.pdf_view.setZoomFactor(min(max(zoom, 0.25), 5.0))

    def _update_page_label(self, *_args) -> None:
        pages = self.document.pageCount()
        self.page_label.setText(_("Page {page} of {pages}").format(page=self.page() + 1, pages=pages)
                                if pages else "")

    # Print and save ----------------------------------------------------------------------------

    def print_report(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.current.title if self.current else "")
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.send_to(printer)

    def send_to(self, printer: QPrinter) -> None:
        """The PDF itself to a real printer where the system takes it (text stays text), else
        the pages drawn at the printer's resolution."""
        first, last = printer.fromPage(), printer.toPage()
        pages = (first, last) if first else None
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
            try:
                handed = printing.hand_over(self.current.path, printer.printerName(),
                                            printer.copyCount(), pages)
            except (OSError, subprocess.SubprocessError) as error:
                self.message.say(_("The printer could not be reached: {error}").format(
                    error=error))
                return
            if handed:
                self.status.setText(_("Sent to {printer}.").format(printer=printer.printerName()))
                return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draw the pages chosen in the printer's range at its resolution, each turned the way
        its PDF page is (a landscape roster on landscape paper); returns how many."""
        first, last = printer.fromPage(), printer.toPage()
        if first == 0:
            first, last = 1, self.document.pageCount()
        painter = QPainter()
        for number in range(first, last + 1):
            size = self.document.pagePointSize(number - 1)
            printer.setPageOrientation(QPageLayout.Orientation.Landscape
                                       if size.width() > size.height()
                                       else QPageLayout.Orientation.Portrait)
            if number == first:
                if not painter.begin(printer):
                    self.message.say(_("The printer could not be opened."))
                    return 0
            else:
                printer.newPage()
            dpi = printer.resolution()
            image = self.document.render(number - 1, QSize(round(size.width() * dpi / 72),
                                                           round(size.height() * dpi / 72)))
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
        painter.end()
        return last - first + 1

    def suggested_name(self) -> str:
        return f"{self.current.name}.pdf" if self.current else "report.pdf"

    def save_as(self) -> None:
        """Save the PDF, or its editable Word or Excel version, under a name with the period."""
        if self.current is None:
            return
        editable = reports.formats(self.shown.kind)[1]
        filters = {".pdf": _("PDF files (*.pdf)"), ".docx": _("Word documents (*.docx)"),
                   ".xlsx": _("Excel workbooks (*.xlsx)")}
        name = file_dialogs.save_file(self, "report", _("Save the report as"),
                                      self.suggested_name(),
                                      ";;".join((filters[".pdf"], filters[editable])))
        if name:
            self.save_to(name)

    def save_to(self, name: str) -> None:
        if Path(name).suffix.lower() != ".pdf":
            request = self.shown
            ops.run_in_background(lambda: reports.render(request, name),
                                  lambda done: self.status.setText(
                                      _("Saved as {path}.").format(path=done.path)),
                                  lambda error: self.message.say(str(error)))
            return
        try:
            saved = reports.save_copy(self.current.path, name)
        except (UserError, OSError) as error:
            self.message.say(str(error))
            return
        self.status.setText(_("Saved as {path}.").format(path=saved))
