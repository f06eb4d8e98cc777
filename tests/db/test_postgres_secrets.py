"""The password of a shared database is never written: not on stderr, not in the log file the
crash dialog asks the officer to send, not in an error message."""

import logging
import os
import sys

import pytest

from tests.test_cli import main_py

URL = os.environ.get("CDESK_TEST_POSTGRES_URL")


def test_a_url_password_is_masked_wherever_it_stands():
    from db.database import mask_passwords

    assert mask_passwords("connected to postgresql://user:s3cr:et@db.local:5432/x, then "
                          "postgres://a:b@h/y") == ("connected to postgresql://user:***@"
                                                    "db.local:5432/x, then postgres://a:***@h/y")
    assert mask_passwords("sqlite:////home/a/b.db and postgresql://user@h/x") == (
        "sqlite:////home/a/b.db and postgresql://user@h/x")


@pytest.mark.skipif(not URL, reason="CDESK_TEST_POSTGRES_URL is not set")
def test_a_postgresql_run_writes_no_password(tmp_path, monkeypatch):
    from urllib.parse import urlsplit

    from app.core import settings
    from app.data import session
    from ui import crash

    password = urlsplit(URL).password
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    runs = [main_py("-v", "search", "张", "--db", URL, env_extra=env),
            main_py("-v", "check", "--db", URL, env_extra=env),
            main_py("-v", "search", "张", "--db", URL.replace("@", "x@", 1), env_extra=env)]
    assert [r.returncode for r in runs] == [0, 0, 1], runs[-1].stderr
    assert "connected to postgresql://" in runs[0].stderr

    # The GUI's log file, which the crash dialog asks the officer to send.
    monkeypatch.setattr(settings, "log_path", lambda: tmp_path / "log" / "desk.log")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    root.setLevel(logging.INFO)
    crash.install()
    try:
        session.close_session()
        session.open_session(URL)
        try:
            raise ConnectionError(f"could not reach {URL}")
        except ConnectionError:
            logging.getLogger("test").exception("while connecting to %s", URL)
    finally:
        for handler in set(root.handlers) - set(handlers):
            handler.close()
            root.removeHandler(handler)
        root.setLevel(level)
    log = (tmp_path / "log" / "desk.log").read_text(encoding="utf-8")
    assert "connected to postgresql://" in log and "could not reach postgresql://" in log
    written = [log, *(r.stderr for r in runs), *(r.stdout for r in runs)]
    assert not [text for text in written if f":{password}@" in text or f":{password}x@" in text]
