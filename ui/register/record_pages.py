"""The pages of one commissioner, organization or workstation: a profile and tabs of what it is
linked to, its history, and buttons to edit, add an appointment or move it to the recycle bin.
A page opens in its own window; a row of a tab that names another record opens that one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.activities import service_logs
from app.assessment import agreements
from app.core import settings
from app.core.changes import Changes
from app.core.i18n import N_, _, format_date, format_percent
from app.history import recycle
from app.history import undo as history
from app.register import commissioners as cs
from app.register import people, profiles, related, workstations
from app.register.common import is_live, label
from ui import ops
from ui.common.headers import fit_contents
from ui.common.rows_model import RowsModel

# The forms of records whose screens sit above the register (an agreement's): the shell names
# them (ui.screens), so that a page's tab opens them without the register importing their screens.
FORMS_ABOVE: dict[str, Callable[..., QDialog]] = {}


def open_form(entity: str, record_id: int | None, parent: QWidget, **options) -> object:
    """Open the form of a record (a new one when ``record_id`` is None); returns what was saved
    or None."""
    # the forms load when first opened: the window shows sooner
    from ui.register.commissioner_form import AppointmentForm, CommissionerForm
    from ui.register.forms import OrganizationForm, PersonForm, WorkstationForm

    forms = {"person": PersonForm, "organization": OrganizationForm,
             "workstation": WorkstationForm, "commissioner": CommissionerForm, **FORMS_ABOVE}
    if entity == "appointment":
        form = AppointmentForm(options["commissioner_id"], record_id, parent)
    else:
        form = forms[entity](record_id, parent=parent, **options)
    form.open_existing.connect(lambda e, i: open_page(e, i, parent))
    form.exec()
    return form.saved


def opens(entity: str) -> bool:
    """Whether ``open_page`` has a page or a form for records of ``entity``."""
    return entity in ("person", "appointment", *RecordPage.TABS, *FORMS_ABOVE)


def open_page(entity: str, record_id: int, parent: QWidget) -> None:
    if entity in ("person", "appointment", *FORMS_ABOVE):
        open_form(entity, record_id, parent)
        return
    page = RecordPage(entity, record_id, parent)
    page.show()


def term_text(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    return _("{start} – {end}").format(start=format_date(start), end=format_date(end))


def completion_text(completion: agreements.Completion | None) -> str:
    """The share of an agreement's counted targets done; blank without a counted target."""
    return ("" if completion is None or completion.ratio is None
            else format_percent(completion.ratio, 0))


def agreements_table(commissioner_id: int) -> related.Table:
    """A commissioner's three-party agreements, each opening its form."""
    return related.table(
        (N_("Service object"), N_("Signed on"), N_("Term"), N_("Status"), N_("Completion")),
        (((a.organization, format_date(a.values.signed_on),
           term_text(a.values.term_start, a.values.term_end),
           label(agreements.STATUS_LABELS, a.values.status),
           completion_text(a.completion)), ("agreement", a.id))
         for a in agreements.agreements_of(commissioner_id)))


class LinkedTable(QTableView):
    """A read-only tab; double-clicking a row that names a record opens its page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows = RowsModel(parent=self)
        self.setModel(self.rows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(self._open)

    def _open(self, index) -> None:
        ref = self.rows.data(index, RowsModel.ID_ROLE)
        if ref is not None:
            open_page(*ref, self.window())

    def set_table(self, table) -> None:
        self.rows.set_table(table)
        fit_contents(self)


class RecordPage(QDialog):
    TABS = {  # noqa: RUF012
        "commissioner": (N_("Profile"), N_("Appointments"), N_("Workstations"),
                         N_("Demands and claims"), N_("Service logs"), N_("Events attended"),
                         N_("Agreements"), N_("Change history")),
        "organization": (N_("Profile"), N_("People"), N_("Commissioners sent"),
                         N_("Commissioners serving it"), N_("Demands"), N_("Service logs"),
                         N_("Events"), N_("Workstations"), N_("Change history")),
        "workstation": (N_("Profile"), N_("Resident commissioners"), N_("Service logs"),
                        N_("Change history")),
    }

    def __init__(self, entity: str, record_id: int, parent=None):
        super().__init__(parent)
        self.setObjectName(f"{entity}Page")
        self.entity = entity
        self.record_id = record_id
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit)
        self.add_appointment_button = QPushButton()
        self.add_appointment_button.clicked.connect(self.add_appointment)
        self.add_appointment_button.setVisible(entity == "commissioner")
        self.add_agreement_button = QPushButton(objectName="addAgreement")
        self.add_agreement_button.clicked.connect(self.add_agreement)
        self.add_agreement_button.setVisible(entity == "commissioner" and "agreement" in FORMS_ABOVE)
        self.add_person_button = QPushButton()
        self.add_person_button.setObjectName("addPerson")
        self.add_person_button.clicked.connect(self.add_person)
        self.add_person_button.setVisible(entity == "organization")
        # A commissioner's phone and email are its person's (the leader's for a team).
        self.edit_person_button = QPushButton(objectName="editPerson")
        self.edit_person_button.clicked.connect(self.edit_person)
        self.person_id: int | None = None
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(lambda: self.delete())
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        for button in (self.edit_button, self.edit_person_button, self.add_appointment_button,
                       self.add_agreement_button, self.add_person_button, self.delete_button):
            header.addWidget(button)
        self.tabs = QTabWidget()
        self.profile = QFormLayout()
        profile = QWidget()
        profile.setLayout(self.profile)
        self.tabs.addTab(profile, "")
        self.tables: list[LinkedTable] = []
        for _title in self.TABS[entity][1:-1]:
            table = LinkedTable()
            self.tables.append(table)
            self.tabs.addTab(table, "")
        if entity == "commissioner":
            self.tables[0].doubleClicked.disconnect()
            self.tables[0].doubleClicked.connect(self.edit_appointment)
        self.history = QListWidget()
        self.history.setObjectName("historyList")
        self.tabs.addTab(self.history, "")
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.resize(980, 640)
        # Ctrl+Z and Ctrl+Shift+Z of the main window's Edit menu work in this window too.
        for window in QApplication.topLevelWidgets():
            if hasattr(window, "register_actions"):
                self.addActions([window.undo_action, window.redo_action])
        ops.hub().changes_made.connect(self._changed)
        self.load()
        self.retranslate()

    # Loading -----------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        # a page shows its record's links of every kind (demands, logs, events, history)
        if self.isVisible() and not changes.entities <= {"saved_view"}:
            self.load()

    def load(self) -> None:
        model = {"commissioner": cs.get_commissioner, "organization": people.get_organization,
                 "workstation": workstations.get_workstation}[self.entity]
        if not is_live(self.entity, self.record_id):  # deleted or undone meanwhile
            self.close()
            return
        record = model(self.record_id)
        self.title.setText(record.name)
        self.setWindowTitle(record.name)
        self.person_id = record.person_id if self.entity == "commissioner" else None
        self.edit_person_button.setVisible(self.person_id is not None)
        getattr(self, f"_load_{self.entity}")(record)
        self.history.clear()
        for entry in history.history(self.entity, self.record_id):
            self.history.addItem(entry.text)

    def _fill_profile(self, rows) -> None:
        while self.profile.rowCount():
            self.profile.removeRow(0)
        for title, text in rows:
            value = QLabel(text)
            value.setWordWrap(True)
            self.profile.addRow(_(title), value)

    def _load_commissioner(self, record) -> None:
        self._fill_profile(profiles.commissioner_rows(self.record_id))
        tables = (profiles.appointments_table(self.record_id),
                  related.commissioner_workstations(self.record_id),
                  related.commissioner_demands(self.record_id),
                  service_logs.logs_table(commissioner_id=self.record_id),
                  related.commissioner_events(self.record_id),
                  agreements_table(self.record_id))
        for widget, table in zip(self.tables, tables, strict=True):
            widget.set_table(table)

    def _load_organization(self, record) -> None:
        self._fill_profile(profiles.organization_rows(record))
        sent, serving = related.organization_commissioners(self.record_id, date.today(),
                                                           settings.get("expiring_days"))
        tables = (related.organization_people(self.record_id), sent, serving,
                  related.organization_demands(self.record_id),
                  service_logs.logs_table(organization_id=self.record_id),
                  related.organization_events(self.record_id),
                  related.organization_workstations(self.record_id))
        for widget, table in zip(self.tables, tables, strict=True):
            widget.set_table(table)

    def _load_workstation(self, record) -> None:
        self._fill_profile(profiles.workstation_rows(record))
        self.tables[0].set_table(profiles.residents_table(record))
        self.tables[1].set_table(service_logs.logs_table(workstation_id=self.record_id))

    # Actions -----------------------------------------------------------------------------

    def edit(self) -> None:
        if open_form(self.entity, self.record_id, self) is not None:
            self.load()

    def edit_person(self) -> None:
        if open_form("person", self.person_id, self) is not None:
            self.load()

    def add_appointment(self) -> None:
        if open_form("appointment", None, self, commissioner_id=self.record_id) is not None:
            self.load()

    def add_agreement(self) -> None:
        """A new three-party agreement of this commissioner (shown in its Agreements tab)."""
        if open_form("agreement", None, self,
                     commissioner=(self.record_id, self.title.text())) is not None:
            self.load()
            self.tabs.setCurrentIndex(self.TABS["commissioner"].index(N_("Agreements")))

    def add_person(self) -> None:
        """A new person working at this organization (shown in its People tab)."""
        if open_form("person", None, self, employer_id=self.record_id) is not None:
            self.load()
            self.tabs.setCurrentIndex(1)

    def edit_appointment(self, index) -> None:
        ref = self.tables[0].rows.data(index, RowsModel.ID_ROLE)
        if open_form("appointment", ref[1], self, commissioner_id=self.record_id) is not None:
            self.load()

    def delete(self, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(
                self, _("Move to recycle bin"),
                _("Move {name} to the recycle bin?").format(name=self.title.text())
        ) != QMessageBox.StandardButton.Yes:
            return
        ops.run(partial(recycle.delete, self.entity, [self.record_id]), parent=self,
                title=_("Move to recycle bin"), on_done=lambda _changes: self.close())

    def retranslate(self) -> None:
        for i, title in enumerate(self.TABS[self.entity]):
            self.tabs.setTabText(i, _(title))
        self.edit_button.setText(_("Edit…"))
        self.add_appointment_button.setText(_("Add appointment…"))
        self.add_agreement_button.setText(_("Add agreement…"))
        self.add_agreement_button.setToolTip(_("Record a three-party agreement of this "
                                               "commissioner"))
        self.add_person_button.setText(_("Add person…"))
        self.edit_person_button.setText(_("Phone, email…"))
        self.edit_person_button.setToolTip(_("Edit the person's phone, email and other details"))
        self.delete_button.setText(_("Move to recycle bin"))
