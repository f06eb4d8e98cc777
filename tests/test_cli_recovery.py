"""The command line on a damaged database, a text file and another program's database: said in
the officer's language, and the way back works without copying files by hand."""

from __future__ import annotations

import sqlite3

from tests.test_cli import main_py


def test_check_restore_and_recover_a_damaged_database(tmp_path):
    path = tmp_path / "office.db"
    assert main_py("demo", "--db", path).returncode == 0
    made = main_py("backup", "--db", path, "--lang", "en")
    assert made.returncode == 0, made.stderr
    backup_file = made.stdout.split(": ", 1)[1].rsplit(" (", 1)[0]
    with path.open("r+b") as file:  # pages of the register overwritten
        file.seek(4096 * 3)
        file.write(b"\xff" * 4096 * 6)

    check = main_py("check", "--db", path)
    assert check.returncode == 1
    assert "数据库文件已损坏" in check.stdout + check.stderr
    search = main_py("search", "王", "--db", path)
    assert search.returncode == 1 and "数据库文件已损坏" in search.stderr
    salvaged = main_py("recover", "--db", path, "--out", tmp_path / "salvaged.db", "--lang", "en")
    assert salvaged.returncode == 0, salvaged.stderr
    assert "commissioner\t" in salvaged.stdout

    restored = main_py("restore", backup_file, "--db", path)
    assert restored.returncode == 0, restored.stderr
    assert "损坏的数据库已移到" in restored.stdout
    assert list(tmp_path.glob("office.db.damaged-*"))
    assert main_py("check", "--db", path).returncode == 0


def test_a_text_file_or_another_programs_database_is_refused_and_left_as_it_was(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("会议记录\n" * 200, "utf-8")
    before = text.read_bytes()
    result = main_py("search", "会议", "--db", text)
    assert result.returncode == 1 and "不是数据库" in result.stderr
    assert main_py("demo", "--db", text).returncode == 1
    assert text.read_bytes() == before

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('张三')")
    connection.close()
    before = other.read_bytes()
    for command in (("search", "张三"), ("demo",), ("backup",)):
        result = main_py(*command, "--db", other)
        assert result.returncode == 1 and "是其他程序的数据库" in result.stderr, command
    assert other.read_bytes() == before and not list(tmp_path.glob("other.db-*"))
