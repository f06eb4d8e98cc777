"""The list of commissioners."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMenu

from app.core import dictionaries, i18n, settings
from app.core.i18n import N_, _, ngettext
from app.core.status import DERIVED_STATUSES
from app.core.status import LABELS as STATUS_LABELS
from app.register.common import COMMISSIONER_KIND_LABELS, LEVEL_LABELS, label
from ui.register.list_screen import (
    DAY,
    Filter,
    RegisterListView,
    coded_options,
    dictionary_options,
)
from ui.register.model import Column


def _fields(row) -> str:
    names = dictionaries.names("industry_field")
    return i18n.join_list((names.get(code, code) for code in row.industry_fields), cell=True)


def _expiring_title() -> str:
    days = settings.get("expiring_days")
    return ngettext("Expiring within {days} day", "Expiring within {days} days", days).format(
        days=days)


def _years():
    return [(str(year), year) for year in range(date.today().year, 2014, -1)]


class CommissionersView(RegisterListView):
    list_name = "commissioners"
    entity = "commissioner"
    columns = [  # noqa: RUF012
        Column("name", N_("Name"), lambda r: r.name, "name"),
        Column("kind", N_("Kind"), lambda r: label(COMMISSIONER_KIND_LABELS, r.kind), "kind"),
        Column("levels", N_("Level"), lambda r: i18n.join_list(
            (label(LEVEL_LABELS, lv) for lv in r.levels), cell=True), "levels"),
        Column("status", N_("Status"), lambda r: label(STATUS_LABELS, r.status), "status"),
        Column("term_end", N_("Term end"), lambda r: i18n.format_date(r.term_end, "short"),
               "term_end"),
        Column("employer", N_("Employer"), lambda r: r.employer, "employer"),
        Column("mobile", N_("Mobile"), lambda r: r.mobile, "mobile"),
        Column("fields", N_("Industry fields"), _fields, "fields"),
    ]
    filter_specs = [  # noqa: RUF012
        Filter("kind", N_("Kind"), coded_options(COMMISSIONER_KIND_LABELS)),
        Filter("level", N_("Level"), coded_options(LEVEL_LABELS)),
        Filter("status", N_("Status"),
               lambda: [(_("In force"), "in_force")]
               + [(_(STATUS_LABELS[s]), s) for s in DERIVED_STATUSES]),
        Filter("street", N_("Street"), dictionary_options("street", by_id=True)),
        Filter("industry_field", N_("Industry field"), dictionary_options("industry_field", False)),
        Filter("year", N_("Year"), _years),
        Filter("expiring", _expiring_title, None),
        Filter("in_force_on", N_("In force on {day}"), DAY),
    ]

    def create_record(self) -> None:
        menu = QMenu(self)
        for kind, text in COMMISSIONER_KIND_LABELS.items():
            menu.addAction(_(text), lambda k=kind: self.create_kind(k))
        menu.exec(self.new_button.mapToGlobal(self.new_button.rect().bottomLeft()))

    def create_kind(self, kind: str) -> None:
        from ui.register.record_pages import open_form, open_page  # forms load when first used

        saved = open_form("commissioner", None, self, kind=kind)
        if saved is not None:
            open_page("commissioner", saved.id, self)

    def retranslate(self) -> None:
        super().retranslate()
        self.new_button.setText(_("New commissioner…"))
