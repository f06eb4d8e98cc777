"""Province-scale generated data, for measuring what a city or province office would hold.

The district demo (``app.demo``) is a realistic story told record by record through the change
log. This is its bulk cousin: the same vocabularies, two and a half million rows written with
plain inserts in one transaction. It stays outside the change log on purpose: the rows are
generated, not anyone's action, and logging them field by field would triple the file and the
time. Deterministic for a seed (uuids included).
"""

from __future__ import annotations

import functools
import random
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from stdnum.cn import ric, uscc

from app import demo
from app.demands import lifecycle as demands
from db import database as dbmod
from db import models as m

# What a province holds (issue #9); ``factor`` scales every figure down for quick runs.
SIZES = {
    "organizations": 100_000, "people": 50_000, "appointments": 60_000, "workstations": 1_000,
    "demands": 200_000, "claims": 300_000, "events": 20_000, "participants": 400_000,
    "service_logs": 500_000,
}
CITIES = ("泉州", "晋江", "石狮", "南安", "惠安", "安溪", "永春", "德化", "福州", "厦门", "漳州",
          "莆田", "三明", "龙岩", "宁德", "南平", "福清", "长乐", "龙海", "仙游")
AREA_CODES = ("350502", "350503", "350504", "350505", "350521", "350524", "350525", "350526",
              "350581", "350582", "350583", "350102", "350203", "350602", "350302")
STAMP = "2026-11-01 08:00:00"
LEVEL_MIX = ("provincial", "municipal", "municipal", "municipal", "district", "national")
DEMAND_STATUS_MIX = ("draft", "published", "published", "claimed", "in_service", "in_service",
                     "awaiting_evaluation", "closed", "closed", "closed", "closed", "withdrawn",
                     "expired", "terminated")
CLAIMED_STATES = ("claimed", "in_service", "awaiting_evaluation", "closed", "terminated")
OUTCOME_STATES = ("in_service", "awaiting_evaluation", "closed", "terminated")
PARTICIPANT_MIX = ("invited", "registered", "attended", "attended", "attended", "absent")
CHUNK = 20_000
CLAIM_DAYS = 60  # from publication to the claim deadline


@functools.cache
def _keys(part: str, surname: bool = False) -> tuple[str, str]:
    return m.pinyin_keys(part, surname)


def _name_keys(parts: Iterable[str], person: bool = False) -> tuple[str, str]:
    """A person's first part is the surname."""
    keys = [_keys(p, person and i == 0) for i, p in enumerate(parts)]
    return "".join(k[0] for k in keys), "".join(k[1] for k in keys)


def _org_code(serial: int) -> str:
    """A 9-character organization code (GB 11714) with its check character."""
    body = f"{serial:08d}"
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


class _Writer:
    """Bulk inserts with explicit ids, so references need no lookups."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.counts: dict[str, int] = {}

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def insert(self, model: type[m.BaseModel], columns: tuple[str, ...],
               rows: Iterable[tuple]) -> None:
        editable = issubclass(model, m.EditableModel)
        names = (("id", "uuid", "created_at", "updated_at") if editable else ()) + columns
        head = (f'INSERT INTO "{model._meta.table_name}" ({", ".join(f"{n!r}" for n in names)}) '
                ).replace("'", '"')
        row_marks = f"({', '.join([dbmod.database.param] * len(names))})"
        # Many rows per statement: the one way both SQLite and PostgreSQL take them fast
        # (psycopg2's executemany runs one statement per row).
        per_statement = min(CHUNK, 32_766 // len(names))
        batch: list = []
        count = self.counts.get(model._meta.table_name, 0)

        def flush() -> None:
            dbmod.database.execute_sql(
                head + "VALUES " + ", ".join([row_marks] * (len(batch) // len(names))), batch)
            batch.clear()

        for row in rows:
            count += 1
            batch.extend(((count, self.uuid(), STAMP, STAMP) if editable else ()) + row)
            if len(batch) == per_statement * len(names):
                flush()
        if batch:
            flush()
        self.counts[model._meta.table_name] = count


class _Province:
    def __init__(self, seed: int, factor: float):
        self.rng = random.Random(seed)
        self.size = {k: max(1, int(v * factor)) for k, v in SIZES.items()}
        self.out = _Writer(self.rng)
        self.streets = [row.id for row in m.Dictionary.select().where(m.Dictionary.kind == "street")]
        self.fields = list(demo.FIELD_MIX)

    def day(self, start: date, span: int) -> date:
        return start + timedelta(days=self.rng.randrange(span))

    def organizations(self) -> None:
        rng, n = self.rng, self.size["organizations"]

        def rows():
            for i in range(n):
                field = self.fields[i % len(self.fields)]
                parts = (rng.choice(CITIES), rng.choice(demo.BRANDS), rng.choice(demo.BRANDS),
                         rng.choice(demo.SUFFIXES[field]), "有限公司")
                first17 = "91" + rng.choice(AREA_CODES) + _org_code(10_000_000 + i)
                pinyin, initials = _name_keys(parts)
                yield ("".join(parts), pinyin, initials, first17 + uscc.calc_check_digit(first17),
                       "enterprise", field, rng.choice(self.streets), "", "", "", i % 5 == 0,
                       i % 3 == 0, "")

        self.out.insert(m.Organization, (
            "name", "name_pinyin", "name_initials", "uscc", "org_type", "industry_field",
            "street_id", "address", "contact_name", "contact_phone", "high_tech", "tech_sme",
            "notes"), rows())

    def people(self) -> None:
        rng, n, orgs = self.rng, self.size["people"], self.size["organizations"]
        taken: set[str] = set()

        def id_number(male: bool, birth: date) -> str:
            while True:
                seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
                first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
                if first17 not in taken:
                    taken.add(first17)
                    return first17 + ric.calc_check_digit(first17 + "0")  # ignores the last

        def rows():
            for i in range(n):
                male = rng.random() < 0.6
                parts = (rng.choice(demo.SURNAMES),
                         *rng.sample(demo.GIVEN[male], rng.choice((1, 2))))
                birth = self.day(date(1962, 1, 1), 365 * 33)
                field = self.fields[i % len(self.fields)]
                pinyin, initials = _name_keys(parts, person=True)
                yield ("".join(parts), pinyin, initials, "male" if male else "female",
                       birth.isoformat(), id_number(male, birth), f"1{rng.choice('3589')}{i:09d}",
                       "", rng.randrange(1, orgs + 1), "", "", rng.choice(m.TITLE_LEVELS),
                       "", "", rng.choice(demo.FIELDS[field][1]),
                       rng.choice(demo.FIELDS[field][2]), field, False, "")

        self.out.insert(m.Person, (
            "name", "name_pinyin", "name_initials", "gender", "birth_date", "id_number", "mobile",
            "email", "employer_id", "department", "position", "title_level", "title_name",
            "education", "specialty", "expertise", "industry_field", "walk_in", "notes"), rows())

    def commissioners(self) -> int:
        """Five in six appointments belong to a commissioner of their own; the rest are second
        appointments at another level. Returns the number of commissioners."""
        rng, people = self.rng, self.size["people"]
        total = max(1, self.size["appointments"] * 5 // 6)
        teams, legal = total // 20, total // 20
        kinds = ["team"] * teams + ["legal_person"] * legal + ["individual"] * (total - teams - legal)
        commissioner_rows, member_rows = [], []
        for number, kind in enumerate(kinds, start=1):
            person = (number - 1) % people + 1
            field = self.fields[number % len(self.fields)]
            commissioner_rows.append((
                kind, person if kind != "legal_person" else None,
                f"{demo.FIELDS[field][0]}科技特派员团队{number}" if kind == "team" else None,
                rng.randrange(1, self.size["organizations"] + 1) if kind == "legal_person" else None,
                field, rng.choice(m.SERVICE_MODES), ""))
            if kind == "team":
                member_rows.append((number, person, "leader", None, None))
                for other in rng.sample(range(1, people + 1), 2):
                    member_rows.append((number, other, "member", None, None))
        self.out.insert(m.Commissioner, ("kind", "person_id", "team_name", "organization_id",
                                         "industry_fields", "service_mode", "notes"),
                        commissioner_rows)
        self.out.insert(m.TeamMember, ("commissioner_id", "person_id", "role", "joined_on",
                                       "left_on"), member_rows)
        return total

    def appointments(self, commissioners: int) -> None:
        rng, n = self.rng, self.size["appointments"]

        def rows():
            for i in range(n):
                year = rng.choice((2023, 2024, 2025, 2026))
                status = rng.choice(("active",) * 12 + ("withdrawn", "terminated", "recommended"))
                yield (i % commissioners + 1, LEVEL_MIX[(i // commissioners + i) % len(LEVEL_MIX)],
                       year, f"{year}年第一批", f"闽科〔{year}〕{i % 97 + 1}号",
                       f"{year}-03-01", f"{year + 3}-02-28", status, "")

        self.out.insert(m.Appointment, ("commissioner_id", "level", "year", "batch", "doc_number",
                                        "term_start", "term_end", "status", "notes"), rows())
        self.out.insert(m.ServedObject, ("appointment_id", "organization_id", "agreement_date"),
                        ((i + 1, rng.randrange(1, self.size["organizations"] + 1), None)
                         for i in range(n)))
        self.out.insert(m.ServiceStreet, ("appointment_id", "street_id"),
                        ((i + 1, rng.choice(self.streets)) for i in range(n)))

    def workstations(self, commissioners: int) -> None:
        rng, n = self.rng, self.size["workstations"]
        self.out.insert(m.Workstation, (
            "name", "name_pinyin", "name_initials", "level", "host_id", "street_id", "address",
            "established_on", "recognized_on", "doc_number", "head_id", "status", "notes"), (
            (f"科技特派员工作站{i + 1}", f"kejitepaiyuangongzuozhan{i + 1}", f"kjtpygzz{i + 1}",
             rng.choice(m.WORKSTATION_LEVELS), rng.randrange(1, self.size["organizations"] + 1),
             rng.choice(self.streets), "", "2023-05-01", "2024-06-01", "", None,
             rng.choice(m.WORKSTATION_STATUSES), "") for i in range(n)))
        self.out.insert(m.WorkstationMember, ("workstation_id", "commissioner_id", "from_date",
                                              "to_date"),
                        ((i % n + 1, rng.randrange(1, commissioners + 1), "2024-06-01", None)
                         for i in range(n * 3)))

    def demands(self, commissioners: int, today: date) -> None:
        """Demands as their life cycle leaves them on ``today``: a published demand's claims are
        still open; an expired one passed its deadline and has the step that expired it."""
        rng, n = self.rng, self.size["demands"]
        statuses = [DEMAND_STATUS_MIX[i % len(DEMAND_STATUS_MIX)] for i in range(n)]
        per_year: dict[int, int] = {}
        expired: list[tuple[int, date]] = []

        def rows():
            for number, status in enumerate(statuses, 1):
                field, title, kind, problem = rng.choice(demo.DEMAND_TOPICS)
                if status == "published":
                    published = today - timedelta(days=rng.randrange(CLAIM_DAYS))
                else:
                    published = self.day(date(2024, 1, 1), 1000)
                deadline = published + timedelta(days=CLAIM_DAYS)
                if status == "expired":
                    expired.append((number, deadline))
                per_year[published.year] = per_year.get(published.year, 0) + 1
                closed = status == "closed"
                yield (f"XQ-{published.year}-{per_year[published.year]:06d}", title, problem,
                       rng.randrange(1, self.size["organizations"] + 1), field, kind, None,
                       published.isoformat(), deadline.isoformat(),
                       (published + timedelta(days=240)).isoformat(), 1, "claimed", status, "",
                       "已完成" if closed else "", published.isoformat() if closed else None,
                       rng.choice(m.SATISFACTIONS) if closed else None,
                       rng.randint(3, 5) if closed else None)

        self.out.insert(m.Demand, (
            "number", "title", "description", "organization_id", "industry_field", "kind",
            "budget", "published_on", "claim_deadline", "expected_finish", "max_accepted",
            "source", "status", "close_reason", "result_summary", "finished_on", "satisfaction",
            "satisfaction_score"), rows())
        self.out.insert(m.DemandTransition, (
            "demand_id", "from_status", "to_status", "at", "actor", "reason"),
            ((number, "published", "expired", f"{deadline + timedelta(days=1)} 00:00:00",
              demands.SYSTEM_ACTOR, "") for number, deadline in expired))
        claimed = [i + 1 for i, s in enumerate(statuses) if s in CLAIMED_STATES]

        def claims():
            for k in range(self.size["claims"]):
                demand = claimed[k % len(claimed)]
                status = statuses[demand - 1]
                accepted = k < len(claimed) and status in OUTCOME_STATES
                yield (demand, rng.randrange(1, commissioners + 1), "2025-01-15", "",
                       "accepted" if accepted else "pending" if status == "claimed" else
                       "rejected", "claimed", None, "")

        self.out.insert(m.Claim, ("demand_id", "commissioner_id", "claimed_on", "plan", "status",
                                  "source", "decided_on", "decision_note"), claims())

    def events(self, commissioners: int) -> None:
        rng, n = self.rng, self.size["events"]
        self.out.insert(m.Event, ("kind", "title", "starts_at", "ends_at", "place", "organizer",
                                  "summary"), (
            (rng.choice(m.EVENT_KINDS), f"{rng.choice(CITIES)}科技特派员活动{i + 1}",
             f"{self.day(date(2024, 1, 1), 1100)} 01:00:00", None, "", "", "")
            for i in range(n)))

        def participants():
            for k in range(self.size["participants"]):
                status = rng.choice(PARTICIPANT_MIX)
                yield (k % n + 1, None, rng.randrange(1, self.size["people"] + 1), None, status,
                       "attendee", STAMP if status == "attended" else None, "", False)

        self.out.insert(m.Participant, ("event_id", "commissioner_id", "person_id",
                                        "organization_id", "status", "role", "checked_in_at",
                                        "checked_in_by", "walk_in"), participants())

    def service_logs(self, commissioners: int) -> None:
        rng, n = self.rng, self.size["service_logs"]
        self.out.insert(m.ServiceLog, (
            "organization_id", "demand_id", "workstation_id", "date", "days", "kind", "mode",
            "content", "trainings_held", "people_trained", "technologies_introduced",
            "new_products", "problems_solved", "jobs_created", "output_value", "verification",
            "verification_note"), (
            (rng.randrange(1, self.size["organizations"] + 1), None, None,
             self.day(date(2024, 1, 1), 1050).isoformat(), "1", rng.choice(m.SERVICE_KINDS),
             "offline", "赴企业开展技术服务", 0, rng.randrange(0, 30), rng.randrange(0, 2), 0,
             rng.randrange(0, 3), 0, None, rng.choice(m.VERIFICATIONS), "") for _i in range(n)))
        self.out.insert(m.ServiceLogCommissioner, ("service_log_id", "commissioner_id"),
                        ((i + 1, rng.randrange(1, commissioners + 1)) for i in range(n)))


def load_province(seed: int = 1, force: bool = False, factor: float = 1.0) -> dict[str, int]:
    """Fill an empty database with province-scale data; returns the rows written per table."""
    province = _Province(seed, factor)
    with dbmod.database.atomic():
        demo.make_room(force)
        province.organizations()
        province.people()
        commissioners = province.commissioners()
        province.appointments(commissioners)
        province.workstations(commissioners)
        province.demands(commissioners, date.today())
        province.events(commissioners)
        province.service_logs(commissioners)
        if not dbmod.is_sqlite():  # the ids were given: the sequences go on after them
            for table in province.out.counts:
                dbmod.database.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT MAX("id") FROM "{table}"))')
    dbmod.database.execute_sql("ANALYZE")
    return dict(province.out.counts)
