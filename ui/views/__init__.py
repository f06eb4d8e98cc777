"""The screens of the sidebar, in order: (key, title, factory).

Titles are marked with ``N_`` and translated when shown. A screen has ``retranslate()`` and may
have ``refresh()`` (called when it is shown).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.i18n import N_
from ui.views.audit import AuditView
from ui.views.commissioners import CommissionersView
from ui.views.dashboard import DashboardView
from ui.views.demands import DemandsView
from ui.views.duplicates import DuplicatesView
from ui.views.events import EventsView
from ui.views.organizations import OrganizationsView
from ui.views.reports import ReportsView
from ui.views.service_logs import ServiceLogsView
from ui.views.settings import SettingsView
from ui.views.workstations import WorkstationsView

SCREENS: list[tuple[str, str, Callable[[], QWidget]]] = [
    ("dashboard", N_("Dashboard"), DashboardView),
    ("commissioners", N_("Commissioners"), CommissionersView),
    ("organizations", N_("Organizations"), OrganizationsView),
    ("workstations", N_("Workstations"), WorkstationsView),
    ("demands", N_("Demands"), DemandsView),
    ("events", N_("Events"), EventsView),
    ("service_logs", N_("Service logs"), ServiceLogsView),
    ("reports", N_("Reports"), ReportsView),
    ("duplicates", N_("Find duplicates"), DuplicatesView),
    ("audit", N_("Audit trail"), AuditView),
    ("settings", N_("Settings"), SettingsView),
]
