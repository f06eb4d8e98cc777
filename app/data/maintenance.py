"""Checks of a database file's health."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.i18n import _, ngettext
from app.data import session
from app.data.backup import network_share
from db import database as dbmod
from db import migrations


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    lines: tuple[str, ...]


def check(path_or_url: str) -> CheckReport:
    """Schema version, ``PRAGMA integrity_check`` and ``foreign_key_check``, without migrating,
    reading the file read-only (it may be open in the GUI, or damaged)."""
    dbmod.connect_database(path_or_url, read_only=True)
    lines: list[str] = []
    ok = True
    version = migrations.current_version()
    lines.append(_("Schema version: {found} (this program: {latest})").format(
        found=version, latest=migrations.LATEST))
    if version > migrations.LATEST:
        ok = False
        lines.append(str(session.explain(migrations.SchemaTooNewError(version, migrations.LATEST))))
    elif version < migrations.LATEST:
        lines.append(_("The schema will be upgraded (after a backup) when the database is opened."))
    if dbmod.is_sqlite():
        share = network_share(dbmod.sqlite_path() or path_or_url)
        if share:
            lines.append(_("Warning: the database file is on a network share ({share}); SQLite "
                           "can lose data there. Move it to a local disk.").format(share=share))
        integrity = [row[0] for row in dbmod.database.execute_sql("PRAGMA integrity_check")]
        if integrity == ["ok"]:
            lines.append(_("Integrity: ok"))
        else:
            ok = False
            lines.append(ngettext("Integrity: {count} problem", "Integrity: {count} problems",
                                   len(integrity)).format(count=len(integrity)))
            lines.extend(integrity[:20])
            lines.append(_("The database file is damaged. Restore the newest backup (main.py "
                           "restore FILE; the damaged file is kept aside) or, when no backup is "
                           "recent enough, salvage what can be read into a new file (main.py "
                           "recover)."))
        broken = list(dbmod.database.execute_sql("PRAGMA foreign_key_check"))
        if broken:
            ok = False
            lines.append(ngettext("Foreign keys: {count} broken reference",
                                   "Foreign keys: {count} broken references",
                                   len(broken)).format(count=len(broken)))
            lines.extend(f"  {table} rowid={rowid} → {parent}" for table, rowid, parent, _fk in
                         broken[:20])
        else:
            lines.append(_("Foreign keys: ok"))
    lines.append(_("Result: healthy") if ok else _("Result: problems found"))
    return CheckReport(ok, tuple(lines))
