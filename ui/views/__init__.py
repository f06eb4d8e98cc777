"""The screens of the sidebar, in order: (key, title, factory).

Titles are marked with ``N_`` and translated when shown. A screen has ``retranslate()`` and may
have ``refresh()`` (called when it is shown).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QWidget

from app.i18n import N_
from ui.views.demands import DemandsView
from ui.views.placeholder import PlaceholderView

SCREENS: list[tuple[str, str, Callable[[], QWidget]]] = [
    ("dashboard", N_("Dashboard"), partial(PlaceholderView, N_("Dashboard"))),
    ("commissioners", N_("Commissioners"), partial(PlaceholderView, N_("Commissioners"))),
    ("organizations", N_("Organizations"), partial(PlaceholderView, N_("Organizations"))),
    ("workstations", N_("Workstations"), partial(PlaceholderView, N_("Workstations"))),
    ("demands", N_("Demands"), DemandsView),
    ("events", N_("Events"), partial(PlaceholderView, N_("Events"))),
    ("service_logs", N_("Service logs"), partial(PlaceholderView, N_("Service logs"))),
    ("reports", N_("Reports"), partial(PlaceholderView, N_("Reports"))),
    ("settings", N_("Settings"), partial(PlaceholderView, N_("Settings"))),
]
