"""Files written whole or not at all (``app.core.files.atomic_write``, which every writer of the
program's files uses: backups, restores, reports, exports, field packages, attachments)."""

import stat
import subprocess
import sys

import pytest

from app.core.files import atomic_write
from app.data import backup
from tests.conftest import REPO


@pytest.fixture
def folder(tmp_path):
    """A folder of its own (the test's database lives in tmp_path)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_the_written_file_replaces_the_old_one_and_nothing_else_is_left(folder):
    target = folder / "名单.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with atomic_write(target) as temporary:
        assert temporary.parent == folder and temporary.read_bytes() == b""
        temporary.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # a reader sees the old file until the end
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in folder.iterdir()] == ["名单.xlsx"]
    with atomic_write(folder / "备份.db") as temporary:
        temporary.write_bytes(b"new")
    assert stat.S_IMODE((folder / "备份.db").stat().st_mode) == 0o600  # holds ID numbers


def test_a_failure_leaves_the_old_file_and_no_half_written_one(folder):
    target = folder / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def test_what_a_crash_left_in_the_backup_folder_is_cleaned(folder):
    """A program killed while writing a backup leaves its partial copy; the next one removes it
    (and those of older versions, named ``.partial``), never a finished backup."""
    crash = ("import os, sys; from app.core.files import atomic_write\n"
             "with atomic_write(sys.argv[1]) as part:\n"
             "    part.write_bytes(b'half a backup'); os._exit(9)")
    done = subprocess.run([sys.executable, "-c", crash, str(folder / "cdesk-1.db")], cwd=REPO)
    assert done.returncode == 9
    (folder / "cdesk-0.partial").write_bytes(b"older")
    (folder / "cdesk-2.db").write_bytes(b"finished")
    left = sorted(p.name for p in folder.iterdir() if p.name != "cdesk-2.db")
    assert len(left) == 2 and left[0].startswith(".cdesk-1.db.")
    assert sorted(p.name for p in backup.clean_partials(folder)) == left
    assert [p.name for p in folder.iterdir()] == ["cdesk-2.db"]
