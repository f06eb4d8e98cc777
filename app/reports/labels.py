"""Labels of the coded values of events, service logs and assessments that reports print.

(The register's labels live in ``app.registry.common``, the demands' in ``app.demands``.)
"""

from __future__ import annotations

from app.i18n import N_

EVENT_KIND_LABELS = {
    "joint_meeting": N_("Joint meeting"),
    "exchange": N_("Achievement exchange"),
    "salon": N_("Talent salon"),
    "study_tour": N_("Study tour"),
    "training": N_("Training"),
    "roadshow": N_("Roadshow"),
    "matchmaking": N_("Industry-university-research matchmaking"),
    "other": N_("Other"),
}
OUTCOME_KIND_LABELS = {
    "technical_intention": N_("Technical cooperation intention"),
    "product_intention": N_("Product cooperation intention"),
    "talent_intention": N_("Talent cooperation intention"),
    "signed_project": N_("Signed project"),
}
SERVICE_KIND_LABELS = {
    "guidance": N_("Technical guidance"),
    "teaching": N_("Teaching"),
    "onsite": N_("On-site service"),
    "consulting": N_("Consulting"),
    "project_matching": N_("Project matching"),
    "promotion": N_("Promotion of results"),
    "research": N_("Field research"),
    "other": N_("Other"),
}
GRADE_LABELS = {
    "excellent": N_("Excellent"),
    "good": N_("Good"),
    "pass": N_("Pass"),
    "fail": N_("Fail"),
}
COUNTER_LABELS = {
    "trainings_held": N_("Trainings held"),
    "people_trained": N_("People trained"),
    "technologies_introduced": N_("Technologies introduced"),
    "new_products": N_("New products or varieties"),
    "problems_solved": N_("Problems solved"),
    "jobs_created": N_("Jobs created"),
}
