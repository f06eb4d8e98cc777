"""Test set-up: offscreen Qt, private user folders, and a fresh migrated database per test."""

from __future__ import annotations

import io
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
# Screens and reports use Windows' fonts where %WINDIR%\Fonts has them: the tests draw and print
# with the bundled font on every machine, Windows too (a test wanting Windows' fonts brings its
# own folder: the windows_fonts fixture).
os.environ["WINDIR"] = str(_private / "no-windows")

import pytest  # noqa: E402

from app.core import i18n  # noqa: E402
from app.data import session  # noqa: E402
from app.history import undo as history  # noqa: E402
from tests import postgres  # noqa: E402
from tests.screenshots import SCREENSHOTS_TO  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the tests put their pictures: a temporary folder, so that the tests leave the
    repository as it was, or docs/screenshots/ under ``python -m tests.screenshots``."""
    folder = os.environ.get(SCREENSHOTS_TO)
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


def pytest_collection_modifyitems(config, items):
    if os.environ.get(SCREENSHOTS_TO):
        taking = [item for item in items if "screenshots" in getattr(item, "fixturenames", ())]
        config.hook.pytest_deselected(items=[item for item in items if item not in taking])
        items[:] = taking


def pytest_configure(config):
    """CI runs every test on PostgreSQL too: a server it cannot reach, or none named, fails the
    run rather than leaving half the suite unrun."""
    if not postgres.URL and os.environ.get("CI"):
        raise pytest.UsageError("CI expects a PostgreSQL server: CDESK_TEST_POSTGRES_URL is not "
                                "set (.ci/run starts one and sets it)")
    if postgres.URL:
        try:
            postgres.Server(postgres.URL).close()
        except Exception as error:
            raise pytest.UsageError(
                f"CDESK_TEST_POSTGRES_URL is set but the server is not reached: {error}") from None


def pytest_generate_tests(metafunc):
    """Every test runs on SQLite, and on PostgreSQL when CDESK_TEST_POSTGRES_URL names a server
    (``.ci/run`` starts one). ``@pytest.mark.sqlite_only(reason)`` and
    ``@pytest.mark.postgresql_only`` keep a test to one, for what differs by design."""
    if "database" not in metafunc.fixturenames:
        return
    skip = pytest.mark.skip(reason="CDESK_TEST_POSTGRES_URL is not set")
    backends = {"sqlite": pytest.param("sqlite"),
                "postgresql": pytest.param("postgresql", marks=() if postgres.URL else skip)}
    if sqlite_only := metafunc.definition.get_closest_marker("sqlite_only"):
        assert sqlite_only.args, f"{metafunc.definition.nodeid}: sqlite_only needs its reason"
        backends.pop("postgresql")
    elif metafunc.definition.get_closest_marker("postgresql_only"):
        backends.pop("sqlite")
    elif not postgres.URL:
        backends.pop("postgresql")
    metafunc.parametrize("database", list(backends.values()), indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    server = postgres.Server(postgres.URL)
    yield server
    session.close_session()
    server.close()


def _migrated(url: str) -> None:
    session.open_session(url)
    session.close_session()


def _on_postgresql(request) -> bool:
    return getattr(request, "param", "sqlite") == "postgresql"


@pytest.fixture(autouse=True)
def database(request, tmp_path, monkeypatch):
    """Each test works on its own database, built by running the migrations (on PostgreSQL: the
    rows of the database they built, put back), and on a machine of its own (device name and id)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # a server database's files
    i18n.set_language("en")
    if _on_postgresql(request):
        server = request.getfixturevalue("postgres_server")
        target = server.fresh("migrated", _migrated)
    else:
        target = tmp_path / "test.db"
    info = session.open_session(target)
    history.mark_start()  # undo's reach is the program's, so one test's must not carry over
    yield info
    session.close_session()


def on_postgresql() -> bool:
    """Whether the test's database is the PostgreSQL one."""
    from db import database as dbmod

    return not dbmod.is_sqlite()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """The Licheng demo data (seed 1), loaded once per test run."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return path, _load_demo(path)


def _load_demo(target):
    from app import demo as demo_data

    session.open_session(target)
    summary = demo_data.load(seed=1).detail
    session.close_session()
    return summary


_demo_summary: dict = {}


def _load_demo_once(url):
    _demo_summary["demo"] = _load_demo(url)


@pytest.fixture
def demo(request, database):
    """The test database filled with the Licheng demo data: a fresh copy for each test."""
    session.close_session()
    if database.target.startswith("postgresql://"):
        request.getfixturevalue("postgres_server").fresh("demo", _load_demo_once)
        summary = _demo_summary["demo"]
    else:
        path, summary = request.getfixturevalue("demo_file")
        shutil.copyfile(path, database.target)
    session.open_session(database.target)
    return summary


@pytest.fixture
def office_server(database, postgres_server, monkeypatch):
    """The test database set up by ``server init``, with a login for an officer and a reader
    (role names of this database's, since roles are the server's); yields their URLs."""
    from main import main as cli_main

    prefix = postgres_server.name
    names = {k: f"{prefix}_{k}" for k in ("officer", "reader", "ann", "lead")}
    session.close_session()
    postgres.drop_roles(postgres_server, *reversed(names.values()))
    postgres_server.recreate(prefix)  # empty: ``server init`` builds the schema
    roles = ["--officer-role", names["officer"], "--reader-role", names["reader"]]
    assert cli_main(["--db", database.target, "server", "init", *roles]) == 0
    for user, role in (("ann", "officer"), ("lead", "reader")):
        monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
        assert cli_main(["--db", database.target, "server", "add-user", names[user],
                          "--role", role, *roles]) == 0
    i18n.set_language("en")  # the command line took the database's
    yield {user: postgres.with_login(database.target, names[user], "s3cret")
           for user in ("ann", "lead")}, names
    session.close_session()
    postgres.drop_roles(postgres_server, *reversed(names.values()))


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


@pytest.fixture(scope="session")
def windows_fonts(tmp_path_factory):
    """A Windows font folder with msyh.ttc, simsun.ttc and simhei.ttf (see tests.windows_fonts)."""
    from tests.windows_fonts import make_fonts_folder

    return make_fonts_folder(tmp_path_factory.mktemp("Windows") / "Fonts")
