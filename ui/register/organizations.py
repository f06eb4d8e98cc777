"""The list of organizations (一企一档)."""

from __future__ import annotations

from app.core.i18n import N_, _
from app.register.common import ORG_TYPE_LABELS, label
from ui.register.list_screen import Filter, RegisterListView, coded_options, dictionary_options
from ui.register.model import Column
from ui.register.record_pages import open_form, open_page


class OrganizationsView(RegisterListView):
    list_name = "organizations"
    entity = "organization"
    columns = [  # noqa: RUF012
        Column("name", N_("Name"), lambda r: r.name, "name"),
        Column("uscc", N_("Credit code"), lambda r: r.uscc, "uscc"),
        Column("org_type", N_("Organization type"), lambda r: label(ORG_TYPE_LABELS, r.org_type),
               "org_type"),
        Column("street", N_("Street"), lambda r: r.street, "street"),
        Column("contact_name", N_("Contact"), lambda r: r.contact_name),
        Column("contact_phone", N_("Contact phone"), lambda r: r.contact_phone, "contact_phone"),
        Column("people", N_("People"), lambda r: str(r.people)),
    ]
    filter_specs = [  # noqa: RUF012
        Filter("org_type", N_("Organization type"), coded_options(ORG_TYPE_LABELS)),
        Filter("street", N_("Street"), dictionary_options("street", by_id=True)),
        Filter("industry_field", N_("Industry field"), dictionary_options("industry_field", False)),
    ]

    def create_record(self) -> None:
        saved = open_form("organization", None, self)
        if saved is not None:
            open_page("organization", saved.id, self)

    def retranslate(self) -> None:
        super().retranslate()
        self.new_button.setText(_("New organization…"))
