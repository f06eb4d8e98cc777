"""Attachments: copied under their content hash beside the database, within the size limit."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from app.activities import attachments, events
from app.core import settings
from app.core.errors import UserError
from db.models import Attachment, ChangeLog
from tests.conftest import on_postgresql


@pytest.fixture
def event_uuid():
    changed = events.save_event(events.EventInput("salon", "纺织人才沙龙", datetime(2025, 6, 26, 9)))
    return events.get_event(changed.id).uuid


def stored_files() -> list:
    return [p for p in attachments.folder().rglob("*") if p.is_file()]


def test_file_is_stored_under_its_hash_beside_the_database(tmp_path, event_uuid):
    """Beside a database file; a PostgreSQL database's in the user's data folder."""
    assert attachments.folder() == (tmp_path / "attachments" if not on_postgresql()
                                    else settings.data_dir() / "attachments")
    source = tmp_path / "签到表.png"
    source.write_bytes(b"\x89PNG fake sign-in sheet")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()

    info = attachments.add("event", event_uuid, source, caption="签到表").detail

    stored = attachments.folder() / digest[:2] / digest
    assert stored.read_bytes() == source.read_bytes()
    assert attachments.path_of(info.id) == stored
    assert (info.file_name, info.content_hash, info.size, info.is_image) == (
        "签到表.png", digest, source.stat().st_size, True)
    assert [a.id for a in attachments.attachments_of("event", event_uuid)] == [info.id]
    assert ChangeLog.select().where(ChangeLog.record_uuid == Attachment.get_by_id(info.id).uuid).exists()


def test_same_content_is_kept_once(tmp_path, event_uuid):
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / name).write_bytes(b"same photo")
        attachments.add("event", event_uuid, tmp_path / name)
    assert len(stored_files()) == 1
    assert len(attachments.attachments_of("event", event_uuid)) == 2


def test_a_file_name_cannot_escape_the_folder(tmp_path, event_uuid):
    source = tmp_path / "photo.png"
    source.write_bytes(b"evil")
    info = attachments.add("event", event_uuid, source, file_name="../../evil.png").detail
    assert info.file_name == "evil.png"
    assert attachments.path_of(info.id).resolve().is_relative_to(attachments.folder().resolve())
    assert not (tmp_path.parent / "evil.png").exists()
    info = attachments.add("event", event_uuid, source, file_name="..\\..\\win.png").detail
    assert info.file_name == "win.png"
    with pytest.raises(ValueError):
        attachments.stored_path("../../etc/passwd")


def test_size_limit_from_settings(tmp_path, event_uuid):
    settings.put("attachment_limit_mb", 1)
    source = tmp_path / "slides.pdf"
    source.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(UserError) as error:
        attachments.add("event", event_uuid, source)
    assert error.value.field == "file"
    assert Attachment.select().count() == 0
    assert stored_files() == []
    source.write_bytes(b"x" * (1024 * 1024))
    assert attachments.add("event", event_uuid, source).detail.size == 1024 * 1024


def test_unknown_owner_and_removal(tmp_path, event_uuid):
    source = tmp_path / "a.txt"
    source.write_text("x")
    with pytest.raises(UserError):
        attachments.add("event", "00000000-0000-0000-0000-000000000000", source)
    info = attachments.add("event", event_uuid, source)
    attachments.remove(info.id)
    assert attachments.attachments_of("event", event_uuid) == []
    assert attachments.path_of(info.id).is_file()  # the file stays for undo
