"""Labels of the assessment grades that reports print (no assessment module defines them yet)."""

from __future__ import annotations

from app.i18n import N_

GRADE_LABELS = {
    "excellent": N_("Excellent"),
    "good": N_("Good"),
    "pass": N_("Pass"),
    "fail": N_("Fail"),
}
