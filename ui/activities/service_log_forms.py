"""The service-log form (every field and counter, several commissioners, attachments) and the
batch entry of one training held for several organizations."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.activities import service_logs as logs
from app.core.i18n import N_, _
from ui.common.attachment_panel import AttachmentPanel
from ui.common.date_edit import DateEdit
from ui.common.form import FormDialog, combo, labelled, set_combo
from ui.common.picked_list import PickedList
from ui.common.record_picker import RecordPicker
from ui.register.forms import OrganizationForm


def days_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.5, 366)
    box.setSingleStep(0.5)
    box.setDecimals(1)
    box.setValue(1)
    return box


class CounterGrid(QWidget):
    """The six counters of a log, each a spin box with its label."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.boxes: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, name in enumerate(logs.COUNTERS):
            box = QSpinBox()
            box.setRange(0, 1_000_000)
            box.setObjectName(f"counter_{name}")
            self.boxes[name], self.labels[name] = box, QLabel()
            grid.addWidget(self.labels[name], i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
        self.retranslate()

    def retranslate(self) -> None:
        for name, text in logs.COUNTER_LABELS.items():
            self.labels[name].setText(_(text))

    def values(self) -> dict[str, int]:
        return {name: box.value() for name, box in self.boxes.items()}


class ServiceLogForm(FormDialog):
    def __init__(self, log: logs.LogData | None = None, parent=None):
        super().__init__(parent)
        self.log = log
        self.add("commissioners", PickedList("commissioner"), N_("Commissioners"))
        self.add("organization", RecordPicker("organization", OrganizationForm),
                 N_("Organization served"))
        self.add("date", DateEdit(), N_("Date"))
        self.add("days", days_box(), N_("Days"))
        self.add("kind", combo(labelled(logs.SERVICE_KIND_LABELS), empty=False), N_("Kind"))
        self.add("mode", combo(labelled(logs.MODE_LABELS), empty=False), N_("Mode"))
        self.add("content", QPlainTextEdit(), N_("Content"))
        self.add("counters", CounterGrid(), N_("Counters"))
        self.add("output_value", QLineEdit(), N_("Output value (10k yuan)"))
        for name in logs.COUNTERS:
            self.errors[name] = self.errors["counters"]
        f = self.fields
        if log is None:
            f["date"].set_value(date.today())
        else:
            data = log.input
            for commissioner_id, name in zip(data.commissioner_ids, log.commissioner_names,
                                             strict=True):
                f["commissioners"].add(commissioner_id, name)
            f["organization"].set_record(data.organization_id, log.organization)
            f["date"].set_value(data.date)
            f["days"].setValue(float(data.days))
            set_combo(f["kind"], data.kind)
            set_combo(f["mode"], data.mode)
            f["content"].setPlainText(data.content)
            for name, box in f["counters"].boxes.items():
                box.setValue(getattr(data, name))
            f["output_value"].setText("" if data.output_value is None else str(data.output_value))
            if log.verification == "returned":
                self.message.setText(_("Returned: {note}").format(note=log.verification_note))
                self.message.show()
            self.attachments = AttachmentPanel()
            self.attachments.set_owner("service_log", log.uuid)
            self.add("attachments", self.attachments, N_("Attachments"))
        self.setWindowTitle(_("New service log") if log is None else _("Edit service log"))
        self.resize(640, 760)
        self.retranslate_labels()

    def show_error(self, error) -> None:
        if error.field in logs.COUNTERS:
            self.fields["counters"].boxes[error.field].setFocus()
        super().show_error(error)

    def collect(self) -> logs.LogInput:
        f = self.fields
        return logs.LogInput(
            commissioner_ids=f["commissioners"].ids(), organization_id=f["organization"].record_id,
            date=f["date"].value(), days=f"{f['days'].value():g}", kind=f["kind"].currentData(),
            mode=f["mode"].currentData(), content=f["content"].toPlainText(),
            output_value=f["output_value"].text().strip() or None, **f["counters"].values())

    def operation(self, data, allow_similar: bool):
        del allow_similar
        return partial(logs.save_log, data, self.log.id if self.log else None)


class TrainingForm(FormDialog):
    """One training held for several organizations: one log per organization."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.add("commissioners", PickedList("commissioner"), N_("Commissioners"))
        self.add("organizations", PickedList("organization", OrganizationForm),
                 N_("Organizations trained"))
        self.add("date", DateEdit(), N_("Date"))
        self.add("days", days_box(), N_("Days"))
        self.add("people_trained", QSpinBox(), N_("People trained per organization"))
        self.add("content", QPlainTextEdit(), N_("Content"))
        self.fields["people_trained"].setRange(0, 100_000)
        self.fields["date"].set_value(date.today())
        self.setWindowTitle(_("Training for several organizations"))
        self.retranslate_labels()

    def collect(self) -> dict:
        f = self.fields
        organizations = f["organizations"].ids()
        return {"commissioner_ids": f["commissioners"].ids(), "organization_ids": organizations,
                "day": f["date"].value(), "days": f"{f['days'].value():g}",
                "content": f["content"].toPlainText(),
                "people_trained": dict.fromkeys(organizations, f["people_trained"].value())}

    def operation(self, data, allow_similar: bool):
        del allow_similar
        return partial(logs.batch_training, **data)
