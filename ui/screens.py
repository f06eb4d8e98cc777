"""The screens of the sidebar, in order: (key, title, factory).

Titles are marked with ``N_`` and translated when shown. A screen has ``retranslate()`` and may
have ``refresh()`` (called when it is shown).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.core.i18n import N_
from ui.register import record_pages


def _screen(module: str, name: str) -> Callable[[], QWidget]:
    """Builds the screen, importing its module then: the main window builds a screen when it is
    first shown, and importing all of them (reportlab with the reports) would slow the start."""
    return lambda: getattr(importlib.import_module(f"ui.{module}"), name)()


def _form(module: str, name: str) -> Callable[..., QWidget]:
    """A form of a screen above the register, imported when first opened from a record page."""
    return lambda *args, **options: getattr(importlib.import_module(f"ui.{module}"), name)(
        *args, **options)


record_pages.FORMS_ABOVE["agreement"] = _form("assessment.agreement_form", "AgreementForm")

SCREENS: list[tuple[str, str, Callable[[], QWidget]]] = [
    ("dashboard", N_("Dashboard"), _screen("dashboard.screen", "DashboardView")),
    ("commissioners", N_("Commissioners"), _screen("register.commissioners", "CommissionersView")),
    ("organizations", N_("Organizations"), _screen("register.organizations", "OrganizationsView")),
    ("workstations", N_("Workstations"), _screen("register.workstations", "WorkstationsView")),
    ("demands", N_("Demands"), _screen("demands.screen", "DemandsView")),
    ("events", N_("Events"), _screen("activities.events", "EventsView")),
    ("service_logs", N_("Service logs"), _screen("activities.service_logs", "ServiceLogsView")),
    ("agreements", N_("Agreements"), _screen("assessment.agreements", "AgreementsView")),
    ("assessment", N_("Assessment"), _screen("assessment.round_screen", "AssessmentView")),
    ("reports", N_("Reports"), _screen("reports.screen", "ReportsView")),
    ("duplicates", N_("Find duplicates"), _screen("register.duplicates", "DuplicatesView")),
    ("audit", N_("Audit trail"), _screen("history.audit", "AuditView")),
    ("settings", N_("Settings"), _screen("settings", "SettingsView")),
]
