"""Field packages damaged by bad luck or made by a hostile hand: refused with a reason, read
exactly, or merged without what the forms would refuse; never a hang, a crash or a bad value in
the office database."""

import contextlib
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from decimal import Decimal

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.data import session
from app.exchange import merge
from app.exchange.package import PackageError, export_package, read_package
from db import changelog, models
from tests.fieldwork import snapshot
from tests.test_cli import main_py


def test_bit_flips_in_a_created_at_are_refused_by_the_checksum(worked_package, tmp_path):
    """A damaged ``created_at`` of a record new on the laptop is read by the merge only, never
    by the replay check: each flip that keeps it a date would be merged, the others crashed the
    real merge (``minute must be in 0..59``) after a clean dry run."""
    with closing(sqlite3.connect(worked_package)) as raw:
        [(created_at,)] = raw.execute("SELECT created_at FROM person WHERE name = '新来宾'")
    original = worked_package.read_bytes()
    start = original.index(created_at.encode())
    assert original.count(created_at.encode()) == 1
    before = snapshot()
    damaged = tmp_path / "damaged.cdpkg"
    for offset in range(start, start + len(created_at)):
        for bit in range(4):
            flipped = bytearray(original)
            flipped[offset] ^= 1 << bit
            damaged.write_bytes(bytes(flipped))
            with pytest.raises(PackageError, match="does not match its checksum"):
                merge.apply_merge(read_package(damaged))
    assert snapshot() == before


def test_a_view_in_place_of_the_change_log_is_refused_not_run(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    with closing(sqlite3.connect(package)) as raw, raw:
        raw.execute("DROP TABLE change_log")
        raw.execute('CREATE VIEW change_log ("id", "table", "record_uuid", "op", "field", "old", '
                    '"new") AS WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 '
                    "FROM forever) SELECT n, 'person', 'x', 'insert', NULL, NULL, NULL "
                    "FROM forever WHERE n < 0")
    session.close_session()
    try:
        dry = main_py("package", "import", package, "--dry-run", "--db", office["path"],
                      "--lang", "en", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the dry run ran the package's view and never ended")
    assert dry.returncode == 1
    assert dry.stderr.strip() == ("main.py: This file holds tables, views or triggers that this "
                                  "program does not make; it is not read.")


@pytest.mark.parametrize("kind", ["trigger", "virtual table"])
def test_other_objects_this_program_does_not_make_are_refused(office, tmp_path, kind):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    with closing(sqlite3.connect(package)) as raw, raw:
        if kind == "trigger":
            raw.execute("CREATE TRIGGER evil AFTER UPDATE ON person BEGIN DELETE FROM event; END")
        else:
            raw.execute("DROP TABLE package_base")
            raw.execute('CREATE VIRTUAL TABLE package_base USING fts5("table", "record_uuid", '
                        '"data")')
    with pytest.raises(PackageError, match="does not make"):
        read_package(package)


CRASH_MID_WRITE = """
import os, sqlite3, sys
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("PRAGMA cache_size = 1")  # the changed pages go to the file before the commit
raw.execute("BEGIN")
raw.execute("UPDATE participant SET status = 'attended', checked_in_by = hex(randomblob(400))")
raw.execute("UPDATE package_base SET data = data || hex(randomblob(300))")
os._exit(0)  # the power fails: the file half written, its journal hot
"""


def test_a_package_with_a_hot_journal_is_rolled_back_on_a_copy(office, tmp_path):
    package = tmp_path / "p.cdpkg"
    export_package(package)
    expected = read_package(package)
    subprocess.run([sys.executable, "-c", CRASH_MID_WRITE, str(package)], check=True)
    journal = package.with_name(package.name + "-journal")
    assert journal.stat().st_size > 0
    left = {p: p.read_bytes() for p in (package, journal)}

    loaded = read_package(package)

    assert (loaded.manifest, loaded.base, loaded.current) == (
        expected.manifest, expected.base, expected.current)
    assert {p: p.read_bytes() for p in left} == left, "the file and its journal are left as found"


def _laptop(package, office, work) -> None:
    """Work on the laptop, written as a program that skips the forms' checks would write it
    (through the change log, so the package is consistent and its checksum kept)."""
    session.close_session()
    session.open_session(package)
    with changelog.batch("outside the forms"):
        work()
    session.close_session()
    session.open_session(office["path"])


def _write(model, record_id, **values):
    record = model.get_by_id(record_id)
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


def _office_demands(office) -> list[int]:
    with changelog.batch("office demands"):
        return [models.Demand.create(number=f"XQ-2099-000{n}", title=f"需求{n}", status="published",
                                     organization=office["org"]).id for n in (1, 2)]


def package_with_bad_values(office, tmp_path):
    """A package whose laptop wrote five values the forms refuse, and one good change."""
    first, second = _office_demands(office)
    package = tmp_path / "p.cdpkg"
    export_package(package)
    guests = office["guests"]

    def work():
        for person_id, name, value in ((guests[1], "id_number", "NOT-AN-ID"),
                                       (guests[2], "mobile", "abc"),
                                       (guests[3], "gender", "robot"),
                                       (guests[4], "mobile", "13900000004")):  # a good change
            _write(models.Person, person_id, **{name: value})
        _write(models.Demand, first, status="bogus")
        _write(models.Demand, second, budget=Decimal("-1E+9"))

    _laptop(package, office, work)
    return package


def test_values_the_forms_refuse_never_reach_the_office(office, tmp_path):
    package = package_with_bad_values(office, tmp_path)
    guests = office["guests"]
    before = snapshot()
    session.close_session()
    dry = main_py("package", "import", package, "--dry-run", "--db", office["path"], "--lang",
                  "en")
    assert dry.returncode == 1, dry.stderr
    assert dry.stdout.splitlines()[0].startswith("new=0 updated=1 conflicts=0 duplicates=0")
    assert dry.stdout.splitlines()[0].endswith("refused=5")
    assert sorted(line for line in dry.stdout.splitlines() if line.startswith("refused")) == [
        "refused\tDemand\t需求1\tStatus: Please choose a value.",
        "refused\tDemand\t需求2\tBudget: The budget must be an amount in 10k yuan, 0 or more.",
        "refused\tPerson\t来宾1\tID number: A resident ID number has 18 digits (the last may be X).",
        "refused\tPerson\t来宾2\tMobile: A mobile number has 11 digits and starts with 13–19.",
        "refused\tPerson\t来宾3\tGender: Please choose a value.",
    ]
    merged = main_py("package", "import", package, "--db", office["path"])
    assert merged.returncode == 1, merged.stderr
    session.open_session(office["path"])
    after = snapshot()
    changed = {(t, u) for t in after for u in after[t] if before[t].get(u) != after[t][u]}
    assert changed == {("person", models.Person.get_by_id(guests[4]).uuid)}
    assert models.Person.get_by_id(guests[4]).mobile == "13900000004"
    assert main_py("check", "--db", office["path"]).returncode == 0


MUTANTS = st.one_of(
    st.sampled_from(["NOT-AN-ID", "abc", "robot", "bogus", "-1E+9", "NaN", "Infinity", "1e999",
                     "2025-13-45", "0001-01-01", "9999-12-31 23:59:59", "2025-02-29", "-1", "0",
                     "99999999999999999999999", "male", "female", "published", "13800138000",
                     "350502197506011234", "91350502MA2Y12340X", " ", "\x00", "=1+1"]),
    st.text(max_size=20), st.integers().map(str), st.dates().map(str),
    st.datetimes().map(lambda moment: moment.isoformat(sep=" ")))
TARGETS = ("person", "organization", "demand", "event", "participant", "appointment")


def _passes_the_forms(table: str, record_id: int) -> None:
    """The oracle: the record as the GUI loads it passes its form's checks."""
    from app.demands import lifecycle as demands
    from app.register import people

    model = models.BY_TABLE[table]
    record = model.get_by_id(record_id)  # every value reads back as its type
    for field in model._meta.sorted_fields:
        if field.choices and getattr(record, field.name) is not None:
            assert getattr(record, field.name) in {code for code, _label in field.choices}
    if table == "person":
        people.check_person(people.get_person(record_id))
    elif table == "organization":
        people.clean_organization(people.get_organization(record_id))
    elif table == "demand":
        demands.check_values(demands.DemandInput(
            record.title, record.organization_id, record.description, record.industry_field,
            record.kind, record.budget, record.claim_deadline, record.expected_finish,
            record.max_accepted))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_values_are_refused_with_a_reason_or_pass_the_forms(office, tmp_path, data):
    exported = tmp_path / "exported.cdpkg"
    if not exported.exists():
        _office_demands(office)
        export_package(exported)
    package = tmp_path / "fuzzed.cdpkg"
    shutil.copyfile(exported, package)
    table = data.draw(st.sampled_from(TARGETS), label="table")
    model = models.BY_TABLE[table]
    fields = [f for f in changelog.logged_fields(model)
              if not isinstance(f, peewee.ForeignKeyField)]
    field = data.draw(st.sampled_from(fields), label="field")
    text = data.draw(MUTANTS, label="value")

    def work():
        ids = [i for (i,) in model.select(model.id).tuples()]  # those the package holds
        record_id = data.draw(st.sampled_from(ids), label="record")
        with contextlib.suppress(ValueError, TypeError, ArithmeticError):  # peewee refuses it
            _write(model, record_id, **{field.name: text})

    _laptop(package, office, work)
    before = snapshot()
    try:
        loaded = read_package(package)
    except PackageError as error:
        assert str(error)
        assert snapshot() == before
        return
    result = merge.apply_merge(loaded).detail
    assert all(r.reason for r in result.plan.refused)
    after = snapshot()
    for name in after:
        for uuid, record in after[name].items():
            if before[name].get(uuid) != record:
                _passes_the_forms(name, models.BY_TABLE[name].get(models.BY_TABLE[name].uuid
                                                                  == uuid).id)
    if result.batch_id is not None:
        changelog.revert(result.batch_id, "undo the fuzzed merge")
    assert snapshot() == before


def test_a_record_naming_one_deleted_for_good_since_the_export_is_refused_not_a_crash(office,
                                                                                     tmp_path):
    with changelog.batch("an organization"):
        gone = models.Organization.create(name="空壳公司")
    package = tmp_path / "p.cdpkg"
    export_package(package)
    with changelog.batch("deleted for good at the office"):
        gone.delete_instance()

    def work():
        models.Person.create(name="新员工", mobile="13912340000", employer=gone.id)

    _laptop(package, office, work)
    before = snapshot()
    result = merge.apply_merge(read_package(package)).detail
    [refusal] = result.plan.refused
    assert (refusal.record_label, refusal.reason.split(":")[0]) == ("新员工", "Employer")
    assert "deleted for good" in refusal.reason
    assert snapshot() == before
