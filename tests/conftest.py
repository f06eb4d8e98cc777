"""Test set-up: offscreen Qt, private user folders, and a fresh migrated database per test."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

# Before Qt or platformdirs are imported anywhere.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The officer's clock, whatever the test machine's: stored times are UTC, and in the evening UTC
# the local date is already the next day, so the conversions are tested where they matter.
os.environ["TZ"] = "Asia/Shanghai"
time.tzset()
_private = Path(tempfile.mkdtemp(prefix="cdesk-tests-"))
for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[variable] = str(_private / variable.lower())

import pytest  # noqa: E402

from app import history, i18n, session  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    """Each test works on its own database file, built by running the migrations, and on a
    machine of its own (device name and id)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    i18n.set_language("en")
    info = session.open_session(tmp_path / "test.db")
    history.mark_start()  # undo's reach is the program's, so one test's must not carry over
    yield info
    session.close_session()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """The Licheng demo data (seed 1), loaded once per test run."""
    from app import demo as demo_data

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    session.open_session(path)
    summary = demo_data.load(seed=1).detail
    session.close_session()
    return path, summary


@pytest.fixture
def demo(database, demo_file):
    """The test database filled with the Licheng demo data: a fresh copy for each test."""
    path, summary = demo_file
    session.close_session()
    shutil.copyfile(path, database.target)
    session.open_session(database.target)
    return summary


@pytest.fixture
def office(database):
    """A small office register with an event ahead and its eight invitees."""
    from tests.fieldwork import make_office

    return make_office(database)


@pytest.fixture
def worked_package(office, tmp_path):
    """A field package of the office's event, worked at the event while the office changed the
    same phone number."""
    from app.exchange.package import export_package
    from tests.fieldwork import office_edits_the_same_phone, work_at_the_event

    package = tmp_path / "worked.cdpkg"
    export_package(package)
    office_edits_the_same_phone(office)
    work_at_the_event(package, office)
    return package
