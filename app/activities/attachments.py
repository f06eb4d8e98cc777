"""Files attached to records (photos, scanned sign-in sheets, slides, confirmation slips).

A file is copied into the attachments folder beside the database as
``attachments/<sha256[:2]>/<sha256>``: the stored name is only the content hash, so the same file
is kept once, a name typed by someone can never point outside the folder, and a field package
carries its files by hash. The original name lives in ``Attachment.file_name`` for display only.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from app.core import changes, settings
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.files import atomic_write
from app.core.i18n import _
from db import changelog
from db.database import sqlite_path
from db.models import BY_TABLE, Attachment

HASH = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    owner_table: str
    owner_uuid: str
    file_name: str
    content_hash: str
    size: int
    mime_type: str
    caption: str

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


def folder() -> Path:
    """The attachments folder of the open database (PostgreSQL: in the user's data folder)."""
    database_file = sqlite_path()
    base = database_file.parent if database_file is not None else settings.data_dir()
    return base / "attachments"


def stored_path(content_hash: str, root: Path | None = None) -> Path:
    """Where the file with this hash lives under ``root`` (default: this database's folder)."""
    if not HASH.fullmatch(content_hash):
        raise ValueError(f"not a SHA-256 content hash: {content_hash!r}")
    return (root or folder()) / content_hash[:2] / content_hash


def display_name(file_name: str) -> str:
    """The last component of a name, whatever its separators: kept for display, never a path."""
    return re.split(r"[\\/]", file_name)[-1].strip() or "file"


def _info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(row.id, row.owner_table, row.owner_uuid, row.file_name,
                          row.content_hash, row.size, row.mime_type, row.caption)


def _hashed(source: Path, limit: int, copy: Path | None = None) -> tuple[str, int]:
    """The SHA-256 and size of ``source`` (refused beyond ``limit`` bytes), written to ``copy``
    along the way when given."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as src, (copy.open("wb") if copy else contextlib.nullcontext()) as out:
        while chunk := src.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise UserError(_("The file is larger than the limit of {mb} MB.").format(
                    mb=limit // (1024 * 1024)), "file")
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    return digest.hexdigest(), size


def _copy_in(source: Path, limit: int) -> tuple[str, int]:
    """Copy ``source`` into the folder under its hash, unless that content is there already;
    returns (hash, size)."""
    content_hash, size = _hashed(source, limit)
    target = stored_path(content_hash, folder())
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as temporary:
            if _hashed(source, limit, temporary) != (content_hash, size):
                raise UserError(_("The file changed while it was being added; please add it "
                                  "again."), "file")
    return content_hash, size


def add(owner_table: str, owner_uuid: str, source: str | Path, file_name: str | None = None,
        caption: str = "") -> Changes:
    """Attach the file at ``source`` to a record; ``file_name`` is the name shown (default: the
    source's own). The detail is the new attachment's ``AttachmentInfo``."""
    model = BY_TABLE.get(owner_table)
    if model is None or not model.live().where(model.uuid == owner_uuid).exists():
        raise UserError(_("The chosen record no longer exists."), "owner")
    source = Path(source)
    if not source.is_file():
        raise UserError(_("The file {name} cannot be read.").format(name=source.name), "file")
    limit = int(settings.get("attachment_limit_mb")) * 1024 * 1024
    if source.stat().st_size > limit:
        raise UserError(_("The file is larger than the limit of {mb} MB.").format(
            mb=limit // (1024 * 1024)), "file")
    name = display_name(file_name or source.name)
    content_hash, size = _copy_in(source, limit)
    with changelog.batch(_("Attach {name}").format(name=name)):
        if not model.live().where(model.uuid == owner_uuid).exists():
            raise UserError(_("The chosen record no longer exists."), "owner")
        row = Attachment(owner_table=owner_table, owner_uuid=owner_uuid, file_name=name,
                         content_hash=content_hash, size=size,
                         mime_type=mimetypes.guess_type(name)[0] or "", caption=caption.strip())
        row.save()
        return changes.made("attachment", row.id, created=True, detail=_info(row))


def attachments_of(owner_table: str, owner_uuid: str) -> list[AttachmentInfo]:
    rows = (Attachment.live()
            .where((Attachment.owner_table == owner_table) & (Attachment.owner_uuid == owner_uuid))
            .order_by(Attachment.created_at, Attachment.id))
    return [_info(row) for row in rows]


def path_of(attachment_id: int) -> Path:
    """The stored file of an attachment, for a preview or for opening it."""
    row = Attachment.get_or_none(Attachment.id == attachment_id)
    if row is None:
        raise UserError(_("The chosen record no longer exists."), "attachment")
    path = stored_path(row.content_hash)
    if not path.is_file():
        raise UserError(_("The file of {name} is missing from the attachments folder.").format(
            name=row.file_name), "attachment")
    return path


def remove(attachment_id: int) -> Changes:
    """Move an attachment to the recycle bin; the stored file stays (other records, undo)."""
    with changelog.batch(""):
        row = Attachment.live().where(Attachment.id == attachment_id).first()
        if row is None:
            raise UserError(_("The chosen record no longer exists."), "attachment")
        changelog.relabel(_("Remove attachment {name}").format(name=row.file_name))
        row.soft_delete()
        return changes.made("attachment", attachment_id)
