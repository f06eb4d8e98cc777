"""The form of one three-party agreement (三方协议): the commissioner, the service object and the
sending unit, its dates and status, the targets in words and counted, its completion from the
verified service logs, and the scanned agreement as an attachment."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.assessment import agreements
from app.core.errors import UserError
from app.core.i18n import N_, _, format_decimal, format_percent
from ui.common.attachment_panel import AttachmentPanel
from ui.common.date_edit import DateEdit
from ui.common.form import FormDialog, combo, labelled, set_combo
from ui.common.record_picker import RecordPicker
from ui.register.forms import OrganizationForm


class TargetGrid(QWidget):
    """The counted targets, one line each; an empty line is no target of that kind. Beside each,
    what the verified service logs did towards it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.done: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, name in enumerate(agreements.TARGETS):
            line = QLineEdit()
            line.setObjectName(f"target_{name}")
            self.lines[name], self.labels[name], self.done[name] = line, QLabel(), QLabel()
            grid.addWidget(self.labels[name], row, 0)
            grid.addWidget(line, row, 1)
            grid.addWidget(self.done[name], row, 2)
        grid.setColumnStretch(1, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for name, text in agreements.TARGET_LABELS.items():
            self.labels[name].setText(_(text))
            self.lines[name].setPlaceholderText(_("No target"))

    def values(self) -> dict[str, str]:
        """The typed targets, as typed: the service reads them exactly or says why not."""
        return {name: line.text().strip() for name, line in self.lines.items()
                if line.text().strip()}

    def show_done(self, completion) -> None:
        for name, label in self.done.items():
            done = completion.done.get(name) if completion is not None else None
            label.setText("" if done is None else _("done: {figure}").format(
                figure=format_decimal(done)))


class AgreementForm(FormDialog):
    def __init__(self, agreement_id: int | None = None, parent=None, *,
                 commissioner: tuple[int, str] | None = None):
        """``commissioner``: (id, name) of a new agreement's commissioner (from a record page).
        Raises UserError when the agreement was deleted meanwhile."""
        super().__init__(parent)
        self.agreement_id = agreement_id
        self.add("commissioner", RecordPicker("commissioner"), N_("Commissioner"))
        self.add("organization", RecordPicker("organization", OrganizationForm),
                 N_("Service object"))
        self.add("sending_unit", RecordPicker("organization", OrganizationForm),
                 N_("Sending unit"))
        self.add("signed_on", DateEdit(), N_("Signed on"))
        self.add("term_start", DateEdit(), N_("Term from"))
        self.add("term_end", DateEdit(), N_("Term to"))
        self.add("status", combo(labelled(agreements.STATUS_LABELS), empty=False), N_("Status"))
        self.add("targets_text", QPlainTextEdit(), N_("Targets"))
        self.add("targets", TargetGrid(), N_("Counted targets"))
        self.completion = QLabel(objectName="agreementCompletion")
        self.completion.setWordWrap(True)
        self.add("completion", self.completion, N_("Completion"))
        f = self.fields
        f["sending_unit"].setPlaceholderText(_("The commissioner's employer"))
        f["targets_text"].setFixedHeight(90)
        self.attachments: AttachmentPanel | None = None
        if agreement_id is None:
            if commissioner is not None:
                f["commissioner"].set_record(*commissioner)
            self.completion.setText(_("Counted from the verified service logs once saved."))
        else:
            self._fill(agreements.agreement(agreement_id))
        self.setWindowTitle(_("New agreement") if agreement_id is None else _("Edit agreement"))
        self.resize(900, 820)
        self.retranslate_labels()
        self.mark_pristine()

    def _fill(self, shown) -> None:
        f, v = self.fields, shown.values
        f["commissioner"].set_record(v.commissioner_id, shown.commissioner)
        f["organization"].set_record(v.organization_id, shown.organization)
        if v.sending_unit_id is not None:
            f["sending_unit"].set_record(v.sending_unit_id, shown.sending_unit)
        elif shown.sending_unit:
            f["sending_unit"].setPlaceholderText(_("The commissioner's employer: {name}").format(
                name=shown.sending_unit))
        for name in ("signed_on", "term_start", "term_end"):
            f[name].set_value(getattr(v, name))
        set_combo(f["status"], v.status)
        f["targets_text"].setPlainText(v.targets_text)
        for name, value in v.targets.items():
            f["targets"].lines[name].setText(format_decimal(value))
        f["targets"].show_done(shown.completion)
        ratio = shown.completion.ratio if shown.completion is not None else None
        self.completion.setText(
            _("No counted targets: completion is not computed.") if ratio is None else
            _("{percent} of the counted targets, from the verified service logs within the "
              "term").format(percent=format_percent(ratio, 0)))
        self.attachments = AttachmentPanel()
        self.attachments.set_owner("agreement", shown.uuid)
        self.add("attachments", self.attachments, N_("Scanned agreement"))

    def show_error(self, error: UserError) -> None:
        """A target's error (its message names the target) shows under the targets, and its
        line takes the focus."""
        if error.field not in agreements.TARGETS:
            super().show_error(error)
            return
        super().show_error(UserError(error.message, "targets"))
        self.fields["targets"].lines[error.field].setFocus()

    def collect(self):
        f = self.fields
        return agreements.AgreementValues(
            commissioner_id=f["commissioner"].chosen("commissioner"),
            organization_id=f["organization"].chosen("organization"),
            sending_unit_id=f["sending_unit"].chosen("sending_unit"),
            signed_on=f["signed_on"].value(), term_start=f["term_start"].value(),
            term_end=f["term_end"].value(), targets_text=f["targets_text"].toPlainText(),
            targets=f["targets"].values(), status=f["status"].currentData())

    def operation(self, data, allow_similar: bool):
        del allow_similar
        return partial(agreements.save_agreement, data, agreement_id=self.agreement_id)
