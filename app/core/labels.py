"""What the officer calls each kind of record (for history, merge questions, audit)."""

from __future__ import annotations

from app.core.i18n import N_

TABLE_LABELS = {
    "dictionary": N_("Dictionary entry"),
    "saved_view": N_("Saved view"),
    "organization": N_("Organization"),
    "person": N_("Person"),
    "commissioner": N_("Commissioner"),
    "team_member": N_("Team member"),
    "appointment": N_("Appointment"),
    "served_object": N_("Served organization"),
    "service_street": N_("Service street"),
    "workstation": N_("Workstation"),
    "workstation_member": N_("Resident commissioner"),
    "demand": N_("Demand"),
    "claim": N_("Claim"),
    "demand_transition": N_("Demand status change"),
    "service_log": N_("Service log"),
    "service_log_commissioner": N_("Commissioner of a service log"),
    "event": N_("Event"),
    "participant": N_("Participant"),
    "outcome": N_("Outcome"),
    "outcome_party": N_("Party to an outcome"),
    "attachment": N_("Attachment"),
    "agreement": N_("Three-party agreement"),
    "assessment_scheme": N_("Assessment scheme"),
    "assessment_round": N_("Assessment round"),
    "assessment": N_("Assessment"),
    "assessment_score": N_("Assessment item score"),
}
