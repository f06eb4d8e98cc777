"""End-to-end: main.py as a user runs it, in a subprocess, on real files."""

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import REPO


def main_py(*args, env_extra=None, timeout=300):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=REPO)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    result = main_py("demo", "--db", path, "--seed", 7)
    assert result.returncode == 0, result.stderr
    return path


def test_demo_then_check_then_self_test(demo_file):
    check = main_py("--db", demo_file, "--lang", "en", "check")  # options before the command
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Integrity: ok" in check.stdout and "Foreign keys: ok" in check.stdout
    selftest = main_py("--db", demo_file, "--self-test")
    assert selftest.returncode == 0, selftest.stderr
    assert "self-test: ok" in selftest.stdout


@pytest.mark.postgresql_only
def test_demo_then_self_test_on_postgresql(database):
    """The GUI's self-test failed on every PostgreSQL database (settings could not be saved)."""
    demo = main_py("--db", database.target, "demo", "--force")
    assert demo.returncode == 0, demo.stderr
    selftest = main_py("--db", database.target, "--self-test")
    assert selftest.returncode == 0, selftest.stderr
    assert "self-test: ok" in selftest.stdout


def test_check_speaks_chinese_by_default(demo_file):
    check = main_py("check", "--db", demo_file)  # options after the command
    assert check.returncode == 0
    assert "完整性：正常" in check.stdout


def test_demo_refuses_a_database_with_data(demo_file):
    again = main_py("demo", "--db", demo_file, "--lang", "en")
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "--force" in again.stderr


def test_check_fails_on_a_broken_reference(tmp_path):
    path = tmp_path / "broken.db"
    assert main_py("demo", "--db", path).returncode == 0
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("UPDATE person SET employer_id = 999999 WHERE id = (SELECT MIN(id) FROM person)")
    check = main_py("check", "--db", path, "--lang", "en")
    assert check.returncode == 1
    assert "Foreign keys: 1 broken reference\n" in check.stdout


def test_newer_database_is_refused_by_every_entry(tmp_path):
    path = tmp_path / "newer.db"
    assert main_py("check", "--db", path).returncode == 1  # no file: nothing is created
    assert not path.exists()
    assert main_py("demo", "--db", path).returncode == 0
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO schema_version VALUES (99, '2030-01-01')")
    for args in (("check",), ("demo", "--force"), ("--self-test",)):
        result = main_py(*args, "--db", path, "--lang", "en")
        assert result.returncode == 1, args
        assert "newer Commissioner Desk" in result.stdout + result.stderr


def test_usage_errors_exit_2():
    assert main_py("no-such-command").returncode == 2
    assert main_py("check", "--lang", "fr").returncode == 2
