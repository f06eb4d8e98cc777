"""The search index of migration 0003 follows every way the register is written (issue #9).

After each change the FTS5 indexes must agree with their content (FTS5's own integrity check
against the external content), the commissioner's derived columns with what they derive from,
and the search must find the record by its new text and no longer by the old.
"""

import pytest

from app.history import record_merge, recycle
from app.history import undo as history
from app.register import commissioners as cs
from app.search import lists as search
from db import changelog, migrations, models
from db import database as dbmod
from tests.app.registry_helpers import individual, organization, person

INDEXES = ("commissioner_name_fts", "commissioner_code_fts", "person_name_fts",
           "person_number_fts", "organization_name_fts", "organization_number_fts")
DERIVED = models.Commissioner.trigger_fields


def assert_in_sync() -> None:
    """On PostgreSQL (no FTS5 indexes: LIKE, with pg_trgm's indexes) the derived columns."""
    for index in INDEXES if dbmod.is_sqlite() else ():
        # raises "database disk image is malformed" when they disagree
        dbmod.database.execute_sql(
            f'INSERT INTO "{index}" ("{index}", rank) VALUES (\'integrity-check\', 1)')
    differs = " OR ".join(f'c."{name}" IS DISTINCT FROM d."{name}"' for name in DERIVED)
    stale = dbmod.database.execute_sql(
        f'SELECT c."id" FROM "commissioner" c JOIN "commissioner_derived" d ON d."id" = c."id" '
        f"WHERE {differs}").fetchall()
    assert stale == []


def found(text: str, list_name: str = "commissioners") -> list[str]:
    return [row.name for row in search.page(search.ListQuery(list_name, text)).rows]


def edit(model, record_id: int, **values) -> int:
    with changelog.batch("edit") as batch:
        record = model.get_by_id(record_id)
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
    return batch.id


@pytest.fixture
def register():
    haitian = organization(uscc=None)
    zhang = individual(person("张伟", mobile="13800138000", employer_id=haitian))
    leader = person("王芳", mobile="13911112222")
    team = cs.save_commissioner(cs.CommissionerData(kind="team", team_name="智能装备团队",
                                                    person_id=leader)).id
    assert_in_sync()
    return {"haitian": haitian, "zhang": zhang, "leader": leader, "team": team}


def test_edits_of_people_and_organizations_reach_the_commissioner_search(register):
    zhang_person = models.Commissioner.get_by_id(register["zhang"]).person_id
    edit(models.Person, zhang_person, name="张薇", mobile="13700001111")
    assert_in_sync()
    assert found("张薇") == found("zw") == found("0001111") == ["张薇"]
    assert found("张伟") == found("138001") == []  # (zhangwei is 张薇 too)
    edit(models.Organization, register["haitian"], name="厦门海辰储能科技股份有限公司")
    assert_in_sync()
    assert found("海辰") == ["张薇"] and found("海天") == []
    assert found("海辰", "people") == ["张薇"] and found("储能", "organizations") == [
        "厦门海辰储能科技股份有限公司"]


def test_a_commissioner_read_before_its_person_is_renamed_keeps_the_new_name(register):
    """Saving a commissioner read earlier writes what was edited, never the search columns it
    read: the triggers re-derived them from the renamed person meanwhile."""
    read_earlier = models.Commissioner.get_by_id(register["zhang"])
    edit(models.Person, read_earlier.person_id, name="张薇")
    with changelog.batch("note"):
        read_earlier.notes = "年度考核优秀"
        read_earlier.save()
    assert_in_sync()
    assert found("张薇") == ["张薇"] and found("张伟") == []


def test_delete_restore_and_purge(register):
    recycle.delete("commissioner", [register["zhang"]])
    assert_in_sync()
    assert found("张") == []
    recycle.restore("commissioner", register["zhang"])
    assert_in_sync()
    assert found("张") == ["张伟"]
    with changelog.batch("purge"):
        models.Commissioner.get_by_id(register["zhang"]).delete_instance()
    assert_in_sync()
    assert found("张") == []


def test_team_members_joining_and_leaving(register):
    with changelog.batch("join") as batch:
        member = models.TeamMember(commissioner=register["team"], person=person("陈静"),
                                   role="member")
        member.save()
    assert_in_sync()
    assert found("陈静") == found("cj") == ["智能装备团队"]
    changelog.revert(batch.id, "undo")
    assert_in_sync()
    assert found("陈静") == found("cj") == []


def test_merge_of_people_and_undo(register):
    double = person("王芳", mobile="13955556666")
    other = individual(double)
    assert found("5555") == ["王芳"]
    recycle.delete("commissioner", [other])
    record_merge.merge("person", register["leader"], double, take_other={"mobile"})
    assert_in_sync()
    assert found("5555") == ["智能装备团队"] and found("1111") == []
    history.undo()  # the merge
    assert_in_sync()
    assert found("1111") == ["智能装备团队"] and found("5555") == []
    rename = edit(models.Person, register["leader"], name="王芳芳")
    changelog.revert(rename, "undo")
    assert_in_sync()
    assert found("王芳芳") == [] and found("王芳") == ["智能装备团队"]


def index_pages() -> dict[str, list]:
    """What each FTS5 index stored: re-indexing a row, even with its same text, writes anew."""
    return {index: dbmod.database.execute_sql(
        f'SELECT "id", "block" FROM "{index}_data" ORDER BY "id"').fetchall() for index in INDEXES}


@pytest.mark.sqlite_only("counts the pages of the FTS5 indexes, which PostgreSQL has not")
def test_writing_the_same_values_again_leaves_the_indexes_alone(register):
    before = index_pages()
    for table in ("person", "organization", "commissioner", "team_member"):
        same = ", ".join(f'"{c.name}" = "{c.name}"'
                         for c in dbmod.database.get_columns(table) if c.name != "id")
        dbmod.database.execute_sql(f'UPDATE "{table}" SET {same}')
    assert index_pages() == before
    assert_in_sync()


def search_triggers() -> set[str]:
    sql = ("SELECT name FROM sqlite_master WHERE type = 'trigger'" if dbmod.is_sqlite() else
           "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    return {name for (name,) in dbmod.database.execute_sql(sql)}


def test_rows_written_with_the_index_deferred_are_derived_and_indexed_at_the_end(register):
    triggers = search_triggers()
    zhang_person = models.Commissioner.get_by_id(register["zhang"]).person_id
    with dbmod.database.atomic(), migrations.search_index_deferred(dbmod.database):
        edit(models.Person, zhang_person, name="张薇")
        li = individual(person("李雷", employer_id=register["haitian"]))
        assert models.Commissioner.get_by_id(li).search_names == ""  # no trigger derived it
    assert search_triggers() == triggers
    assert_in_sync()
    assert found("张薇") == ["张薇"] and found("李雷") == found("ll") == ["李雷"]
    edit(models.Person, zhang_person, name="张伟")  # the triggers work again
    assert_in_sync()
    assert found("张薇") == [] and found("张伟") == ["张伟"]
