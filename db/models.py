"""The tables of DOMAIN.md.

Every table the officer edits derives from ``EditableModel``: it has a ``uuid`` (the identity that
survives a merge between machines), ``created_at``, ``updated_at`` and ``deleted_at`` (the recycle
bin), and each insert, update, soft delete and purge of it writes change-log rows in the same
transaction (``db.changelog``). Coded values are stored as the English codes below; their
translated labels live in ``app``.
"""

from __future__ import annotations

import functools

import peewee

from db import changelog
from db.changelog import ChangeBatch, ChangeLog
from db.database import BaseModel
from db.fields import DecimalTextField, new_uuid, utcnow

# Coded values ---------------------------------------------------------------------------

GENDERS = ("male", "female")
TITLE_LEVELS = ("senior", "associate_senior", "intermediate", "junior", "none")
COMMISSIONER_KINDS = ("individual", "team", "legal_person")
LEVELS = ("national", "provincial", "municipal", "district")
APPOINTMENT_STATUSES = ("recommended", "active", "withdrawn", "terminated")
SERVICE_MODES = ("resident", "periodic", "online_offline")
TEAM_ROLES = ("leader", "member")
WORKSTATION_LEVELS = ("municipal", "provincial")
WORKSTATION_STATUSES = ("planning", "recognized", "operating", "rectifying", "revoked")
DEMAND_KINDS = ("research", "process", "testing", "talent", "training", "consulting", "other")
DEMAND_SOURCES = ("claimed", "assigned")
DEMAND_STATUSES = (
    "draft",
    "published",
    "claimed",
    "in_service",
    "awaiting_evaluation",
    "closed",
    "withdrawn",
    "expired",
    "terminated",
)
SATISFACTIONS = ("satisfied", "basically_satisfied", "dissatisfied")
CLAIM_STATUSES = ("pending", "accepted", "rejected", "withdrawn")
SERVICE_KINDS = (
    "guidance",
    "teaching",
    "onsite",
    "consulting",
    "project_matching",
    "promotion",
    "research",
    "other",
)
SERVICE_LOG_MODES = ("offline", "online")
VERIFICATIONS = ("pending", "approved", "returned")
EVENT_KINDS = (
    "joint_meeting",
    "exchange",
    "salon",
    "study_tour",
    "training",
    "roadshow",
    "matchmaking",
    "other",
)
PARTICIPANT_STATUSES = ("invited", "registered", "attended", "absent")
PARTICIPANT_ROLES = ("attendee", "speaker", "organizer", "guest")
OUTCOME_KINDS = ("technical_intention", "product_intention", "talent_intention", "signed_project")
GRADES = ("excellent", "good", "pass", "fail")
AGREEMENT_STATUSES = ("signed", "in_progress", "completed", "terminated")
ASSESSMENT_SUBJECT_TYPES = ("individual", "team", "legal_person", "workstation")
ROUND_STATUSES = ("open", "finished")
DICTIONARY_KINDS = ("street", "industry_field", "title", "event_kind", "org_type", "education")


# Surnames read otherwise than the character's everyday reading (pypinyin has no surname
# mode): 曾秀婷 is zeng, not ceng. Compound surnames first.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "万俟": ("mo", "qi"), "尉迟": ("yu", "chi"), "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"), "澹台": ("tan", "tai"),
    **{family: (reading,) for family, reading in (
        ("曾", "zeng"), ("单", "shan"), ("仇", "qiu"), ("解", "xie"), ("区", "ou"), ("查", "zha"),
        ("朴", "piao"), ("盖", "ge"), ("乐", "yue"), ("尉", "yu"), ("缪", "miao"),
        ("翟", "zhai"), ("秘", "bi"), ("重", "chong"), ("种", "chong"), ("召", "shao"),
        ("折", "she"), ("繁", "po"), ("员", "yun"), ("覃", "qin"), ("华", "hua"),
        ("任", "ren"), ("沈", "shen"), ("柏", "bai"), ("薄", "bo"), ("阚", "kan"),
        ("冼", "xian"), ("相", "xiang"), ("宿", "su"), ("应", "ying"))},
}


@functools.lru_cache(maxsize=16_384)  # an import of 10,000 people meets a name ~1.5 times
def pinyin_keys(text: str | None, surname: bool = False) -> tuple[str, str]:
    """Full pinyin and initials of a name, lower case without spaces: 张伟 → (zhangwei, zw).
    With ``surname`` (a person's name) the first character (or a compound surname) is read as
    a surname: 曾华 → (zenghua, zh)."""
    if not text:
        return "", ""
    # Imported on first use: loading pypinyin's dictionaries takes most of a second at start.
    from pypinyin import Style, lazy_pinyin

    family = next((f for f in SURNAME_READINGS if text.startswith(f)), "") if surname else ""
    rest = text[len(family):]
    syllables = [*SURNAME_READINGS.get(family, ()),
                 *(s.lower() for s in lazy_pinyin(rest, errors="default") if s.strip())]
    initials = [*(s[0] for s in SURNAME_READINGS.get(family, ())),
                *(s.lower() for s in lazy_pinyin(rest, style=Style.FIRST_LETTER) if s.strip())]
    return "".join(syllables).replace(" ", ""), "".join(initials).replace(" ", "")


# Bases ------------------------------------------------------------------------------------


class EditableModel(BaseModel):
    uuid = peewee.CharField(max_length=36, unique=True, default=new_uuid)
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)
    deleted_at = peewee.DateTimeField(null=True, index=True)

    # Columns ``derive`` computes from the record's own fields (pinyin keys): written with
    # them, not history.
    derived_fields: tuple[str, ...] = ()
    # Columns the database's triggers keep from other rows: not history, and never written by a
    # save, or a record read before a row they derive from changed writes stale values back.
    trigger_fields: tuple[str, ...] = ()

    def derive(self) -> None:
        """Recompute derived columns before a write."""

    @classmethod
    def fields_written(cls, changes) -> tuple[peewee.Field, ...]:
        """What an update writes: the changed fields, the derived ones (not history, so never
        among the changes, yet they follow them) and ``updated_at``; never a trigger's."""
        names = (*changes, *(n for n in cls.derived_fields if n not in changes), "updated_at")
        return tuple(cls._meta.fields[n] for n in names)

    def save(self, force_insert=False):
        changelog.current_batch()  # refuse before writing anything
        self.derive()
        if force_insert or self._pk is None:
            written = super().save(force_insert=force_insert)
            changelog.log_insert(self)
            return written
        changes = changelog.pending_changes(self)
        if not changes:
            return 0
        self.updated_at = utcnow()
        written = super().save(only=self.fields_written(changes))
        changelog.log_update(self, changes)
        return written

    def soft_delete(self) -> None:
        self.deleted_at = utcnow()
        self.save()

    def restore(self) -> None:
        self.deleted_at = None
        self.save()

    def delete_instance(self, recursive=False, delete_nullable=False):
        changelog.log_purge(self)
        return super().delete_instance(recursive=recursive, delete_nullable=delete_nullable)

    @classmethod
    def live(cls, *fields):
        """Rows that are not in the recycle bin."""
        return cls.select(*fields).where(cls.deleted_at.is_null())

    @classmethod
    def not_deleted(cls):
        """Not in the recycle bin, as a condition on ids alone: a count grouped by an indexed
        column then reads that index without visiting each row (the demand board's counts of a
        province: 250 → 40 ms)."""
        return cls.id.not_in(cls.select(cls.id).where(cls.deleted_at.is_null(False)))

    @classmethod
    def linked_to(cls, field: peewee.ForeignKeyField, record_id: int):
        """The condition ``field == record_id``, put so that SQLite answers it from the field's
        index. For a key most rows leave empty (a participant is a person, a commissioner or an
        organization) the statistics see one huge group and the planner walked another index in
        the order asked for instead: about a second for one record's page at province scale."""
        return cls.id.in_(cls.select(cls.id).where(field == record_id))


class NamedModel(EditableModel):
    """A record found by its name, its full pinyin and its pinyin initials."""

    name = peewee.CharField(index=True)
    name_pinyin = peewee.CharField(default="", index=True)
    name_initials = peewee.CharField(default="", index=True)

    derived_fields = ("name_pinyin", "name_initials")

    def derive(self) -> None:
        self.name_pinyin, self.name_initials = pinyin_keys(self.name)


# Dictionaries and settings ------------------------------------------------------------------


class Dictionary(EditableModel):
    """Editable lists: streets, industry fields, professional titles, event kinds…"""

    kind = peewee.CharField(choices=[(k, k) for k in DICTIONARY_KINDS])
    code = peewee.CharField()
    name = peewee.CharField()
    name_en = peewee.CharField(default="")
    sort_order = peewee.IntegerField(default=0)

    class Meta:
        indexes = ((("kind", "code"), True),)


class Setting(BaseModel):
    """Key → value settings that travel with the database (issuing unit, windows, limits)."""

    key = peewee.CharField(primary_key=True)
    value = peewee.TextField(null=True)


class SavedView(EditableModel):
    """A named filter of a list, shown in the sidebar."""

    name = peewee.CharField()
    list_name = peewee.CharField()
    filters = peewee.TextField(default="{}")


# Register ----------------------------------------------------------------------------------


class Organization(NamedModel):
    uscc = peewee.CharField(max_length=18, null=True, unique=True)
    org_type = peewee.CharField(null=True)
    industry_field = peewee.CharField(null=True, index=True)
    street = peewee.ForeignKeyField(Dictionary, null=True, backref="organizations")
    address = peewee.CharField(default="")
    contact_name = peewee.CharField(default="")
    contact_phone = peewee.CharField(default="", index=True)
    high_tech = peewee.BooleanField(default=False)
    tech_sme = peewee.BooleanField(default=False)
    notes = peewee.TextField(default="")


class Person(NamedModel):
    def derive(self) -> None:
        self.name_pinyin, self.name_initials = pinyin_keys(self.name, surname=True)

    gender = peewee.CharField(null=True, choices=[(g, g) for g in GENDERS])
    birth_date = peewee.DateField(null=True)
    id_number = peewee.CharField(max_length=18, null=True, unique=True)
    mobile = peewee.CharField(default="", index=True)
    email = peewee.CharField(default="")
    employer = peewee.ForeignKeyField(Organization, null=True, backref="people")
    department = peewee.CharField(default="")
    position = peewee.CharField(default="")
    title_level = peewee.CharField(null=True, choices=[(t, t) for t in TITLE_LEVELS])
    title_name = peewee.CharField(default="")
    education = peewee.CharField(default="")
    specialty = peewee.CharField(default="")
    expertise = peewee.TextField(default="")
    industry_field = peewee.CharField(null=True, index=True)
    walk_in = peewee.BooleanField(default=False)
    notes = peewee.TextField(default="")


class Commissioner(EditableModel):
    """One commissioner: a person, a team (led by a person), or an organization (legal person)."""

    kind = peewee.CharField(choices=[(k, k) for k in COMMISSIONER_KINDS], index=True)
    person = peewee.ForeignKeyField(Person, null=True, backref="commissioners")
    team_name = peewee.CharField(null=True, index=True)
    organization = peewee.ForeignKeyField(Organization, null=True, backref="legal_commissioners")
    industry_fields = peewee.CharField(default="")  # dictionary codes joined by ","
    service_mode = peewee.CharField(null=True, choices=[(m, m) for m in SERVICE_MODES])
    notes = peewee.TextField(default="")
    # Derived from the person (or team leader), team members and organizations, kept by triggers
    # of the database (migration 0003): what the list sorts by, each column from an index, and
    # what its search matches, indexed by full-text tables of its own (app.search.lists).
    sort_name = peewee.CharField(default="", index=True)
    sort_employer = peewee.CharField(default="", index=True)
    sort_mobile = peewee.CharField(default="", index=True)
    search_names = peewee.TextField(default="")
    search_keys = peewee.TextField(default="")
    search_phones = peewee.TextField(default="")
    search_ids = peewee.TextField(default="")
    search_codes = peewee.TextField(default="")

    trigger_fields = ("sort_name", "sort_employer", "sort_mobile", "search_names", "search_keys",
                      "search_phones", "search_ids", "search_codes")


class CommissionerSortKey(BaseModel):
    """The commissioner list's sort keys that come from its appointments and the industry
    dictionary (migration 0006), kept by triggers of the database as of the day app.search.sort_keys
    last moved them to. Not part of the record: no history, and a field package neither notes
    nor checks them (a laptop that sorts on another day rewrites them, not its commissioners)."""

    commissioner = peewee.ForeignKeyField(Commissioner, primary_key=True, on_delete="CASCADE")
    status = peewee.CharField(index=True)
    levels = peewee.CharField(index=True)
    term_end = peewee.CharField(index=True)
    term_end_desc = peewee.CharField(index=True)  # an empty term end last when descending
    field = peewee.CharField(index=True)


class TeamMember(EditableModel):
    commissioner = peewee.ForeignKeyField(Commissioner, backref="members")
    person = peewee.ForeignKeyField(Person, backref="team_memberships")
    role = peewee.CharField(choices=[(r, r) for r in TEAM_ROLES], default="member")
    joined_on = peewee.DateField(null=True)
    left_on = peewee.DateField(null=True)


class Appointment(EditableModel):
    """One selection of a commissioner at one level, with a term. 'Expired' is derived."""

    commissioner = peewee.ForeignKeyField(Commissioner, backref="appointments")
    level = peewee.CharField(choices=[(v, v) for v in LEVELS], index=True)
    year = peewee.IntegerField(index=True)
    batch = peewee.CharField(default="")
    doc_number = peewee.CharField(default="")
    term_start = peewee.DateField(null=True)
    term_end = peewee.DateField(null=True, index=True)
    status = peewee.CharField(
        choices=[(s, s) for s in APPOINTMENT_STATUSES], default="active", index=True
    )
    notes = peewee.TextField(default="")


class ServedObject(EditableModel):
    """An organization served under an appointment's three-party agreement (三方协议)."""

    appointment = peewee.ForeignKeyField(Appointment, backref="served_objects")
    organization = peewee.ForeignKeyField(Organization, backref="served_by")
    agreement_date = peewee.DateField(null=True)


class ServiceStreet(EditableModel):
    appointment = peewee.ForeignKeyField(Appointment, backref="service_streets")
    street = peewee.ForeignKeyField(Dictionary, backref="served_appointments")


class Workstation(NamedModel):
    level = peewee.CharField(choices=[(v, v) for v in WORKSTATION_LEVELS], index=True)
    host = peewee.ForeignKeyField(Organization, null=True, backref="workstations")
    street = peewee.ForeignKeyField(Dictionary, null=True, backref="workstations")
    address = peewee.CharField(default="")
    established_on = peewee.DateField(null=True)
    recognized_on = peewee.DateField(null=True, index=True)
    doc_number = peewee.CharField(default="")
    head = peewee.ForeignKeyField(Person, null=True, backref="headed_workstations")
    status = peewee.CharField(
        choices=[(s, s) for s in WORKSTATION_STATUSES], default="planning", index=True
    )
    notes = peewee.TextField(default="")


class WorkstationMember(EditableModel):
    workstation = peewee.ForeignKeyField(Workstation, backref="members")
    commissioner = peewee.ForeignKeyField(Commissioner, backref="workstation_memberships")
    from_date = peewee.DateField(null=True)
    to_date = peewee.DateField(null=True)


# Demands -----------------------------------------------------------------------------------


class Demand(EditableModel):
    number = peewee.CharField(unique=True)  # XQ-2025-0007
    title = peewee.CharField(index=True)
    description = peewee.TextField(default="")
    organization = peewee.ForeignKeyField(Organization, backref="demands")
    industry_field = peewee.CharField(null=True, index=True)
    kind = peewee.CharField(choices=[(k, k) for k in DEMAND_KINDS], default="research")
    budget = DecimalTextField(null=True)  # 万元
    published_on = peewee.DateField(null=True, index=True)
    claim_deadline = peewee.DateField(null=True, index=True)
    expected_finish = peewee.DateField(null=True, index=True)
    max_accepted = peewee.IntegerField(default=1)
    source = peewee.CharField(choices=[(s, s) for s in DEMAND_SOURCES], default="claimed")
    status = peewee.CharField(choices=[(s, s) for s in DEMAND_STATUSES], default="draft", index=True)
    close_reason = peewee.TextField(default="")
    result_summary = peewee.TextField(default="")
    finished_on = peewee.DateField(null=True)
    satisfaction = peewee.CharField(null=True, choices=[(s, s) for s in SATISFACTIONS])
    satisfaction_score = peewee.IntegerField(null=True)


class Claim(EditableModel):
    demand = peewee.ForeignKeyField(Demand, backref="claims")
    commissioner = peewee.ForeignKeyField(Commissioner, backref="claims")
    claimed_on = peewee.DateField()
    plan = peewee.TextField(default="")
    status = peewee.CharField(choices=[(s, s) for s in CLAIM_STATUSES], default="pending", index=True)
    source = peewee.CharField(choices=[(s, s) for s in DEMAND_SOURCES], default="claimed")
    decided_on = peewee.DateField(null=True)
    decision_note = peewee.TextField(default="")


class DemandTransition(EditableModel):
    """One step of a demand's life cycle, with who made it and why."""

    demand = peewee.ForeignKeyField(Demand, backref="transitions")
    from_status = peewee.CharField(null=True)
    to_status = peewee.CharField()
    at = peewee.DateTimeField(default=utcnow)
    actor = peewee.CharField(default="")
    reason = peewee.TextField(default="")


# Service logs and events -------------------------------------------------------------------


class ServiceLog(EditableModel):
    organization = peewee.ForeignKeyField(Organization, null=True, backref="service_logs")
    demand = peewee.ForeignKeyField(Demand, null=True, backref="service_logs")
    workstation = peewee.ForeignKeyField(Workstation, null=True, backref="service_logs")
    date = peewee.DateField(index=True)
    days = DecimalTextField(default="1")
    kind = peewee.CharField(choices=[(k, k) for k in SERVICE_KINDS], default="guidance")
    mode = peewee.CharField(choices=[(m, m) for m in SERVICE_LOG_MODES], default="offline")
    content = peewee.TextField(default="")
    trainings_held = peewee.IntegerField(default=0)
    people_trained = peewee.IntegerField(default=0)
    technologies_introduced = peewee.IntegerField(default=0)
    new_products = peewee.IntegerField(default=0)
    problems_solved = peewee.IntegerField(default=0)
    jobs_created = peewee.IntegerField(default=0)
    output_value = DecimalTextField(null=True)  # 万元
    verification = peewee.CharField(
        choices=[(v, v) for v in VERIFICATIONS], default="pending", index=True
    )
    verification_note = peewee.TextField(default="")

    class Meta:
        # A year's verified logs with their days and workstation from the index alone: an
        # assessment round's figures for a province read 3 s of table rows without it, 0.4 s with.
        indexes = ((("date", "verification", "deleted_at", "days", "workstation"), False),)


class ServiceLogCommissioner(EditableModel):
    service_log = peewee.ForeignKeyField(ServiceLog, backref="commissioners")
    commissioner = peewee.ForeignKeyField(Commissioner, backref="service_logs")

    class Meta:
        # Who a log names, from the index alone (the round's figures, with ServiceLog's).
        indexes = ((("service_log", "deleted_at", "commissioner"), False),)


class Event(EditableModel):
    kind = peewee.CharField(choices=[(k, k) for k in EVENT_KINDS], index=True)
    title = peewee.CharField(index=True)
    starts_at = peewee.DateTimeField(index=True)
    ends_at = peewee.DateTimeField(null=True)
    place = peewee.CharField(default="")
    organizer = peewee.CharField(default="")
    summary = peewee.TextField(default="")


class Participant(EditableModel):
    """A commissioner, a person, or an organization's representative at an event."""

    event = peewee.ForeignKeyField(Event, backref="participants")
    commissioner = peewee.ForeignKeyField(Commissioner, null=True, backref="participations")
    person = peewee.ForeignKeyField(Person, null=True, backref="participations")
    organization = peewee.ForeignKeyField(Organization, null=True, backref="participations")
    status = peewee.CharField(
        choices=[(s, s) for s in PARTICIPANT_STATUSES], default="invited", index=True
    )
    role = peewee.CharField(choices=[(r, r) for r in PARTICIPANT_ROLES], default="attendee")
    checked_in_at = peewee.DateTimeField(null=True)
    checked_in_by = peewee.CharField(default="")
    walk_in = peewee.BooleanField(default=False)


class Outcome(EditableModel):
    """A cooperation intention or signed project from an event or a service."""

    event = peewee.ForeignKeyField(Event, null=True, backref="outcomes")
    service_log = peewee.ForeignKeyField(ServiceLog, null=True, backref="outcomes")
    demand = peewee.ForeignKeyField(Demand, null=True, backref="outcomes")
    kind = peewee.CharField(choices=[(k, k) for k in OUTCOME_KINDS], index=True)
    description = peewee.TextField(default="")
    signed_on = peewee.DateField(null=True)


class OutcomeParty(EditableModel):
    outcome = peewee.ForeignKeyField(Outcome, backref="parties")
    commissioner = peewee.ForeignKeyField(Commissioner, null=True, backref="outcome_parties")
    organization = peewee.ForeignKeyField(Organization, null=True, backref="outcome_parties")


class Attachment(EditableModel):
    """A file kept in the attachments folder under its content hash, owned by any record."""

    owner_table = peewee.CharField()
    owner_uuid = peewee.CharField(max_length=36)
    file_name = peewee.CharField()
    content_hash = peewee.CharField(max_length=64, index=True)
    size = peewee.IntegerField()
    mime_type = peewee.CharField(default="")
    caption = peewee.CharField(default="")

    class Meta:
        indexes = ((("owner_table", "owner_uuid"), False),)


class Agreement(EditableModel):
    """A three-party agreement (三方协议): a commissioner serves an organization (the service
    object) for a sending unit (none: the commissioner's employer), with counted targets (none:
    no target of that kind)."""

    commissioner = peewee.ForeignKeyField(Commissioner, backref="agreements")
    organization = peewee.ForeignKeyField(Organization, backref="agreements")
    sending_unit = peewee.ForeignKeyField(Organization, null=True, backref="sent_agreements")
    signed_on = peewee.DateField(null=True)
    term_start = peewee.DateField(null=True)
    term_end = peewee.DateField(null=True)
    targets_text = peewee.TextField(default="")
    target_service_days = DecimalTextField(null=True)
    target_trainings = DecimalTextField(null=True)
    target_technologies = DecimalTextField(null=True)
    target_products = DecimalTextField(null=True)
    status = peewee.CharField(choices=[(s, s) for s in AGREEMENT_STATUSES], default="signed",
                              index=True)


class AssessmentScheme(EditableModel):
    """How one year's subjects of one type are scored (``app.assessment.schemes``); the items,
    grade floors and funds are JSON. Frozen once a finished round used it."""

    year = peewee.IntegerField()
    subject_type = peewee.CharField(choices=[(t, t) for t in ASSESSMENT_SUBJECT_TYPES])
    items = peewee.TextField()
    grade_floors = peewee.TextField()
    min_days_for_good = DecimalTextField()
    min_days_to_pass = DecimalTextField()
    excellent_quota_pct = DecimalTextField()
    funds = peewee.TextField()
    frozen = peewee.BooleanField(default=False)

    class Meta:
        indexes = ((("year", "subject_type"), True),)


class AssessmentRound(EditableModel):
    """One year's assessment round: open while the officer scores, then finished."""

    year = peewee.IntegerField(unique=True)
    status = peewee.CharField(choices=[(s, s) for s in ROUND_STATUSES], default="open")
    finished_on = peewee.DateField(null=True)


class Assessment(EditableModel):
    """A year's assessment of a commissioner (through the appointment that gives its level) or
    of a workstation. A round's row links the round; its scheme is the round year's for the
    subject's type (a commissioner's kind, or workstation), its data items are scored from the
    subject's ``AssessmentFigures`` of the year, the officer's points are in ``AssessmentScore``;
    total, grade and subsidy are recorded when the round is finished. Rows from before rounds
    kept the four ``score_*`` columns. ``notes``: the remarks."""

    appointment = peewee.ForeignKeyField(Appointment, null=True, backref="assessments")
    workstation = peewee.ForeignKeyField(Workstation, null=True, backref="assessments")
    year = peewee.IntegerField(index=True)
    score_service = DecimalTextField(null=True)
    score_results = DecimalTextField(null=True)
    score_satisfaction = DecimalTextField(null=True)
    score_bonus = DecimalTextField(null=True)
    total = DecimalTextField(null=True)
    grade = peewee.CharField(null=True, choices=[(g, g) for g in GRADES])
    subsidy = DecimalTextField(null=True)  # 万元
    notes = peewee.TextField(default="")
    round = peewee.ForeignKeyField(AssessmentRound, null=True, backref="assessments")


class AssessmentFigures(BaseModel):
    """A subject's figures of a year, computed from the year's records when its round is opened
    (``app.assessment.figures``). Derived data, like ``CommissionerSortKey``: no history, not
    part of a field package; written only while the round is open, so a finished round keeps
    the figures it was graded on. ``subject_kind``: "commissioner" or "workstation"."""

    year = peewee.IntegerField()
    subject_kind = peewee.CharField()
    subject_id = peewee.IntegerField()
    service_count = peewee.IntegerField()
    service_days = DecimalTextField()
    agreement_completion = DecimalTextField(null=True)  # 0..1; None: no counted target
    demand_satisfaction = DecimalTextField(null=True)  # the mean 1–5 score; None: none rated
    event_outcomes = peewee.IntegerField()

    class Meta:
        indexes = ((("year", "subject_kind", "subject_id"), True),)


class AssessmentScore(EditableModel):
    """The points the officer gave one item of a round's assessment (a manual item, or a data
    item overridden); ``value`` None: cleared, the data item's computed points count again."""

    assessment = peewee.ForeignKeyField(Assessment, backref="scores")
    item_code = peewee.CharField()
    value = DecimalTextField(null=True)

    class Meta:
        indexes = ((("assessment", "item_code"), True),)


# Field packages --------------------------------------------------------------------------------


class PackageManifest(BaseModel):
    """In a field package only: what it is and where it came from (package id, office database
    id, export time, schema version, checksum of the snapshot)."""

    key = peewee.CharField(primary_key=True)
    value = peewee.TextField()


class PackageBase(BaseModel):
    """In a field package only: each exported record as it was at export (logged fields as the
    change log encodes them), the common ancestor of the three-way merge."""

    table = peewee.CharField()
    record_uuid = peewee.CharField(max_length=36)
    data = peewee.TextField()

    class Meta:
        indexes = ((("table", "record_uuid"), True),)


class PackageMerge(BaseModel):
    """In the office database: one merge of a field package and the officer's decisions, so that
    merging the same package again changes nothing."""

    package_id = peewee.CharField(max_length=36, index=True)
    merged_at = peewee.DateTimeField(default=utcnow)
    batch = peewee.ForeignKeyField(ChangeBatch, null=True, backref="package_merges")
    decisions = peewee.TextField(default="{}")


EDITABLE_MODELS: tuple[type[EditableModel], ...] = (
    Dictionary,
    SavedView,
    Organization,
    Person,
    Commissioner,
    TeamMember,
    Appointment,
    ServedObject,
    ServiceStreet,
    Workstation,
    WorkstationMember,
    Demand,
    Claim,
    DemandTransition,
    ServiceLog,
    ServiceLogCommissioner,
    Event,
    Participant,
    Outcome,
    OutcomeParty,
    Attachment,
    Agreement,
    AssessmentScheme,
    AssessmentRound,
    Assessment,
    AssessmentScore,
)
ALL_MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    *EDITABLE_MODELS,
    CommissionerSortKey,
    AssessmentFigures,
    ChangeBatch,
    ChangeLog,
    PackageManifest,
    PackageBase,
    PackageMerge,
)
BY_TABLE: dict[str, type[EditableModel]] = {m._meta.table_name: m for m in EDITABLE_MODELS}
