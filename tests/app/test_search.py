from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from app.register import commissioners as cs
from app.register import people, workstations
from app.search import lists as search
from app.search import text as search_text
from db import models
from tests.app.registry_helpers import (
    appoint,
    credit_code,
    individual,
    organization,
    person,
    resident_id,
    street_id,
)

TODAY = date(2025, 6, 1)


def names(text="", list_name="commissioners", **filters):
    query = search.ListQuery(list_name, text, filters)
    rows = search.page(query, today=TODAY).rows
    assert search.count(query, today=TODAY) == len(rows)
    return [r.name for r in rows]


@pytest.fixture
def register():
    haitian = organization(uscc=credit_code(), street_id=street_id("changtai"),
                           industry_field="materials", org_type="enterprise")
    hqu = organization("华侨大学", org_type="university")
    zhang = individual(person(mobile="13800138000", employer_id=haitian,
                              id_number=resident_id(seq="123")), industry_fields=("materials",))
    li = individual(person("李娜", mobile="13912345678", employer_id=hqu),
                    industry_fields=("electronics",))
    team = cs.save_commissioner(cs.CommissionerData(
        kind="team", team_name="智能装备团队", person_id=person("王芳", employer_id=hqu))).id
    legal = cs.save_commissioner(cs.CommissionerData(kind="legal_person",
                                                     organization_id=haitian)).id
    appoint(zhang, "provincial", 2024, date(2024, 1, 1), date(2026, 12, 31),
            street_ids=(street_id("jiangnan"),))
    appoint(li, "municipal", 2023, date(2023, 1, 1), date(2025, 7, 1))  # expiring
    appoint(team, "municipal", 2022, date(2022, 1, 1), date(2024, 12, 31))  # expired
    appoint(legal, "provincial", 2025, status="withdrawn")
    return {"zhang": zhang, "li": li, "team": team, "legal": legal}


def test_text_search_by_name_pinyin_phone_employer_id_and_credit_code(register):
    assert names("zw") == ["张伟"]
    assert names("zhangwei") == ["张伟"]
    assert names("张") == ["张伟"]
    assert names("伟") == ["张伟"]
    assert names("138") == ["张伟"]
    assert names("华侨") == ["李娜", "智能装备团队"]
    assert names("wf") == ["智能装备团队"]  # by its leader
    assert names(resident_id(seq="123")[-6:]) == ["张伟"]
    assert names(credit_code()[2:10].lower()) == ["泉州海天材料科技股份有限公司"]
    assert names("  ｚｗ ") == ["张伟"]
    assert names("%") == []


def test_each_filter(register):
    assert sorted(names(kind="individual")) == ["张伟", "李娜"]
    assert names(kind="legal_person") == ["泉州海天材料科技股份有限公司"]
    assert names(level="provincial") == ["泉州海天材料科技股份有限公司", "张伟"]
    assert names(status="active") == ["张伟"]
    assert names(status="expiring") == ["李娜"]
    assert names(expiring=True) == ["李娜"]
    assert names(status="expired") == ["智能装备团队"]
    assert names(status="withdrawn") == ["泉州海天材料科技股份有限公司"]
    assert names(street=street_id("jiangnan")) == ["张伟"]
    assert names(industry_field="electronics") == ["李娜"]
    assert names(year=2022) == ["智能装备团队"]
    assert names(level="provincial", status="withdrawn") == ["泉州海天材料科技股份有限公司"]
    assert names(level="municipal", status="withdrawn") == []
    assert names("华侨", status="expiring") == ["李娜"]
    assert names(list_name="organizations", street=street_id("changtai")) == [
        "泉州海天材料科技股份有限公司"]
    assert names(list_name="organizations", org_type="university") == ["华侨大学"]
    assert names(list_name="workstations") == []


def test_rows_carry_derived_status_and_levels(register):
    rows = {r.name: r for r in search.page(search.ListQuery("commissioners"), today=TODAY).rows}
    assert rows["张伟"].levels == ("provincial",) and rows["张伟"].status == "active"
    assert rows["张伟"].employer == "泉州海天材料科技股份有限公司"
    assert rows["李娜"].status == "expiring" and rows["李娜"].term_end == date(2025, 7, 1)
    # Nothing in force: the row shows what expired, so the officer sees which term ended when.
    team = rows["智能装备团队"]
    assert (team.status, team.levels, team.term_end) == ("expired", ("municipal",),
                                                         date(2024, 12, 31))


def test_keyset_pages_cover_every_row_once_in_both_directions():
    employer = organization()
    for i in range(23):
        people.save_person(people.PersonData(name=f"测试{i:02d}", employer_id=employer,
                                             mobile=f"1390000{i:04d}"))
    for sort in search.sort_keys("people"):
        for descending in (False, True):
            query = search.ListQuery("people", sort=sort, descending=descending)
            seen, cursor = [], None
            while True:
                result = search.page(query, after=cursor, limit=5)
                seen += [r.id for r in result.rows]
                cursor = result.cursor
                if cursor is None:
                    break
            everything = [r.id for r in search.page(query, limit=100).rows]
            assert seen == everything and len(set(seen)) == 23


def test_sorting_by_name_follows_pinyin(register):
    query = search.ListQuery("commissioners", filters={"kind": "individual"})
    assert [r.name for r in search.page(query).rows] == ["李娜", "张伟"]
    query = search.ListQuery("commissioners", filters={"kind": "individual"}, descending=True)
    assert [r.name for r in search.page(query).rows] == ["张伟", "李娜"]


def test_completers(register):
    choices = search.complete("person", "zw")
    assert [(c.name, c.detail) for c in choices] == [
        ("张伟", "泉州海天材料科技股份有限公司 · 13800138000")]
    assert [c.name for c in search.complete("organization", "hq")] == ["华侨大学"]
    assert search.complete("person", " ") == []


def test_cli_search_on_the_demo_database(demo, database, capsys):
    for text in ("张伟", "zw", "138"):
        assert main.main(["--db", database.target, "--lang", "zh_CN", "search", text,
                          "--limit", "5"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines, text
        first = lines[0].split("\t")
        assert len(first) == 5
        assert any(line.split("\t")[1] == "张伟" for line in lines), (text, lines)
    assert main.main(["--db", database.target, "search", "zzzzqqq"]) == 0
    assert capsys.readouterr().out == ""


def test_workstations_by_filter_and_by_host_or_head(register):
    head = person("陈峰", mobile="13612345678")
    haitian = search.page(search.ListQuery("organizations", "海天")).rows[0].id
    workstations.save_workstation(workstations.WorkstationData(
        name="海天材料科技特派员工作站", host_id=haitian, head_id=head, level="municipal",
        status="operating", street_id=street_id("changtai"),
        residents=(workstations.ResidentData(register["zhang"], date(2024, 1, 1)),)))
    workstations.save_workstation(workstations.WorkstationData(
        name="常泰农业工作站", level="provincial", street_id=street_id("changtai")))
    assert names(list_name="workstations", level="provincial") == ["常泰农业工作站"]
    assert names(list_name="workstations", status="operating") == ["海天材料科技特派员工作站"]
    assert len(names(list_name="workstations", street=street_id("changtai"))) == 2
    assert names("cf", list_name="workstations") == ["海天材料科技特派员工作站"]  # by its head
    assert names("海天", list_name="workstations") == ["海天材料科技特派员工作站"]
    assert names("13612", list_name="workstations") == ["海天材料科技特派员工作站"]
    row = search.page(search.ListQuery("workstations", "海天")).rows[0]
    assert (row.host, row.head, row.residents) == ("泉州海天材料科技股份有限公司", "陈峰", 1)


def _plain_search(text: str) -> set[int]:
    """Commissioners found by ``text`` as the search defines it, by plain string tests over
    every live commissioner: names by substring (ASCII case ignored, as LIKE), pinyin and
    initials by prefix, phones by substring (≥ 3 digits), ID numbers by their end (≥ 4), credit
    codes by substring (≥ 4)."""
    t = search_text.normalize_query(text)
    phone, id_number, code = search_text.number_kinds(t)
    alpha = t.isascii() and t.isalpha()
    found = set()
    for c in models.Commissioner.live():
        members = [m.person for m in c.members if m.deleted_at is None]
        persons = [p for p in (c.person, *members) if p is not None]
        legal = c.organization
        names = [c.team_name, *(p.name for p in persons),
                 *(p.employer.name for p in persons if p.employer), legal and legal.name]
        keyed = [*persons, *([legal] if legal else [])]
        if (any(n and t.lower() in n.lower() for n in names)
                or (alpha and any(k.name_pinyin.startswith(t.lower())
                                 or k.name_initials.startswith(t.lower()) for k in keyed))
                or (phone and any(t in p.mobile for p in persons))
                or (phone and legal and t in legal.contact_phone)
                or (id_number and any((p.id_number or "").endswith(t.upper()) for p in persons))
                or (code and legal and t.upper() in (legal.uscc or ""))):
            found.add(c.id)
    return found


def _demo_texts() -> list[str]:
    people = models.Person.select()
    return [*(p.name for p in people), *(p.name_pinyin for p in people),
            *(p.name_initials for p in people), *(p.mobile for p in people),
            *(p.id_number or "" for p in people),
            *(o.name for o in models.Organization.select()),
            *(c.team_name for c in models.Commissioner.select() if c.team_name)]


@settings(max_examples=120, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_queries_of_one_to_four_characters_find_what_plain_substrings_do(demo, data):
    texts = _demo_texts()
    source = data.draw(st.sampled_from(texts).filter(bool))
    start, size = data.draw(st.integers(0, len(source) - 1)), data.draw(st.integers(1, 4))
    text = data.draw(st.one_of(
        st.just(source[start:start + size]), st.just(source[-size:]),
        st.text(alphabet="张王李林陈伟芳华侨海天科技团队0123456789zwlhXx", min_size=1, max_size=4)))
    expected = _plain_search(text)
    query = search.ListQuery("commissioners", text)
    assert set(search.all_ids(query)) == expected, text
    first, total = search.first_page(query)
    assert total == len(expected) and {r.id for r in first.rows} <= expected


@pytest.mark.parametrize("dirty", ["张\x00", "\x00张", "张\x1f", "\t张\x7f"])
def test_control_characters_in_search_text_are_ignored_in_every_list(demo, dirty):
    """A NUL pasted into a search box made PostgreSQL refuse the query (ValueError); no stored
    value holds a control character, so the search is the one without them."""
    from app.activities import checkin, events, service_logs
    from app.demands import queries as demand_queries

    today = date(2025, 6, 1)
    event = models.Event.select().first().id

    def found(text):
        return (
            [[r.id for r in search.page(search.ListQuery(name, text)).rows]
             for name in ("commissioners", "organizations", "people", "workstations")],
            [r.id for r in demand_queries.list_demands(demand_queries.DemandFilter(text), today)],
            [r.id for r in service_logs.page(service_logs.LogQuery(text)).rows],
            [r.id for r in events.page(events.EventQuery(text)).rows],
            [r.name for r in checkin.lookup(event, text)],
            [c.name for c in search.complete("person", text)],
        )

    assert found(dirty) == found("张")
