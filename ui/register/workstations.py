"""The list of commissioner workstations."""

from __future__ import annotations

from app.core import i18n
from app.core.i18n import N_, _
from app.register.common import LEVEL_LABELS, WORKSTATION_STATUS_LABELS, label
from ui.register.list_screen import Filter, RegisterListView, coded_options, dictionary_options
from ui.register.model import Column
from ui.register.record_pages import open_form, open_page


class WorkstationsView(RegisterListView):
    list_name = "workstations"
    entity = "workstation"
    columns = [  # noqa: RUF012
        Column("name", N_("Name"), lambda r: r.name, "name"),
        Column("level", N_("Level"), lambda r: label(LEVEL_LABELS, r.level), "level"),
        Column("status", N_("Status"), lambda r: label(WORKSTATION_STATUS_LABELS, r.status),
               "status"),
        Column("host", N_("Host organization"), lambda r: r.host, "host"),
        Column("head", N_("Head"), lambda r: r.head),
        Column("street", N_("Street"), lambda r: r.street),
        Column("residents", N_("Resident commissioners"), lambda r: str(r.residents)),
        Column("recognized_on", N_("Recognized on"), lambda r: i18n.format_date(r.recognized_on, "short"),
               "recognized_on"),
    ]
    filter_specs = [  # noqa: RUF012
        Filter("level", N_("Level"),
               coded_options({k: LEVEL_LABELS[k] for k in ("municipal", "provincial")})),
        Filter("status", N_("Status"), coded_options(WORKSTATION_STATUS_LABELS)),
        Filter("street", N_("Street"), dictionary_options("street", by_id=True)),
    ]

    def create_record(self) -> None:
        saved = open_form("workstation", None, self)
        if saved is not None:
            open_page("workstation", saved.id, self)

    def retranslate(self) -> None:
        super().retranslate()
        self.new_button.setText(_("New workstation…"))
