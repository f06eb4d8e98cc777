"""Two officers import at the same time, each on a connection of its own: the organizations and
people both files name are made once, and the same file imported twice at once is no error."""

from __future__ import annotations

import threading
from datetime import date

import openpyxl
import pytest
from peewee import fn

from app.exchange import importing
from db import models
from db.database import database
from tests.exchange.conftest import resident_id

HEADERS = ["特派员类型", "姓名", "身份证号", "手机", "派出单位", "层级", "选认年度", "服务对象"]


def _row(i: int) -> list:
    """Row ``i`` of the lists: every other person without an ID number (found by name and
    mobile), units shared by many rows, some named only in these files."""
    id_number = resident_id(date(1970 + i % 30, 1 + i % 12, 1 + i % 28), i % 90 + 10) \
        if i % 2 else None
    return ["个人", f"特派员{i:03d}", id_number, f"139{i:08d}", f"派出单位{i % 7}", "市级", 2026,
            f"服务企业{i % 11}、服务企业{(i + 3) % 11}"]


def _workbook(path, numbers) -> str:
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for i in numbers:
        book.active.append(_row(i))
    book.save(path)
    return str(path)


def _import_at_once(*files: str) -> list:
    """Import the files each on its own thread (its own connection), started together."""
    start = threading.Barrier(len(files))
    results: list = [None] * len(files)

    def work(index: int, path: str) -> None:
        start.wait()
        try:
            results[index] = importing.run_import("commissioners", path).detail
        except Exception as error:  # the test shows it
            results[index] = error
        finally:
            database.close()

    threads = [threading.Thread(target=work, args=(i, f)) for i, f in enumerate(files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def _twice(field) -> list:
    return list(field.model.select(field, fn.COUNT(field.model.id))
                .group_by(field).having(fn.COUNT(field.model.id) > 1).tuples())


def _counts(report) -> dict:
    return {status: report.count(status) for status in ("added", "updated", "unchanged",
                                                         "rejected")}


@pytest.fixture
def shared_units():
    """The senders' units are in the register; the served ones only in the files."""
    from app.register import people
    from db import changelog

    with changelog.batch("units"):
        for i in range(7):
            people.save_organization(people.OrganizationData(name=f"派出单位{i}"))


def test_two_overlapping_imports_at_once_make_each_record_once(shared_units, tmp_path):
    first = _workbook(tmp_path / "first.xlsx", range(0, 60))
    second = _workbook(tmp_path / "second.xlsx", range(30, 90))
    reports = _import_at_once(first, second)
    assert all(not isinstance(r, Exception) for r in reports), reports
    assert [r.count("rejected") for r in reports] == [0, 0]
    o, p = models.Organization, models.Person
    assert _twice(o.name) == []
    assert o.select().count() == 7 + 11
    assert _twice(p.id_number) == [(None, 45)]  # the 45 without one are told apart by mobile
    assert _twice(p.mobile) == []
    assert p.select().count() == 90
    assert models.Commissioner.select().count() == 90
    assert models.Appointment.select().count() == 90
    # The thirty rows both files hold were added by one import and found unchanged by the other.
    assert sorted(r.count("added") for r in reports) == [30, 60]
    assert sum(r.count("unchanged") for r in reports) == 30


def test_the_same_file_imported_twice_at_once_is_no_error(shared_units, tmp_path):
    path = _workbook(tmp_path / "list.xlsx", range(40))
    reports = _import_at_once(path, path)
    assert all(not isinstance(r, Exception) for r in reports), reports
    assert sorted(_counts(r)["added"] for r in reports) == [0, 40]
    assert sorted(_counts(r)["unchanged"] for r in reports) == [0, 40]
    assert models.Person.select().count() == 40
    assert _twice(models.Organization.name) == []


@pytest.mark.postgresql_only
def test_a_save_during_anothers_import_waits_a_moment_then_says_why(monkeypatch):
    """(SQLite: one program writes a file; its write lock makes a second writer wait.)"""
    from app.core.errors import UserError
    from app.register import people
    from db import changelog
    from db.database import lock_identities

    monkeypatch.setattr(people, "TURN_WAIT", 0.3)
    holding, done = threading.Event(), threading.Event()

    def importing_elsewhere():
        try:
            with changelog.batch("import", kind="import"):
                lock_identities()
                holding.set()
                done.wait(10)
        finally:
            database.close()

    other = threading.Thread(target=importing_elsewhere)
    other.start()
    assert holding.wait(10)
    try:
        with pytest.raises(UserError, match="Another officer is importing"):
            people.save_organization(people.OrganizationData(name="泉州新公司"))
    finally:
        done.set()
        other.join(10)
    assert models.Organization.select().count() == 0
    people.save_organization(people.OrganizationData(name="泉州新公司"))
    assert models.Organization.select().count() == 1


@pytest.mark.postgresql_only
def test_two_programs_importing_overlapping_files_at_once(database, shared_units, tmp_path):
    """As two officers do it: ``main.py import`` in two processes on the shared database."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    files = [_workbook(tmp_path / "first.xlsx", range(0, 300)),
             _workbook(tmp_path / "second.xlsx", range(150, 450))]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = [subprocess.Popen([sys.executable, str(REPO / "main.py"), "--db", database.target,
                              "--lang", "en", "import", "commissioners", path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             cwd=REPO) for path in files]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    o, p = models.Organization, models.Person
    assert _twice(o.name) == []
    assert o.select().count() == 7 + 11
    assert p.select().count() == 450
    assert _twice(p.mobile) == []
