"""The province generator at a hundredth of its size: valid, linked, deterministic."""

from app.core import validation
from app.data import maintenance, session
from db import models
from tests.app import registry_helpers
from tests.benchmarks import scale_data as demo_scale


def test_a_small_province_is_valid_and_linked(database):
    counts = demo_scale.load_province(seed=3, factor=0.01)
    assert counts["organization"] == 1_000 and counts["service_log"] == 5_000
    assert counts["appointment"] == 600 and counts["participant"] == 4_000
    # The register's own check: checksum, date and an existing area code.
    for (number,) in models.Person.select(models.Person.id_number).tuples():
        validation.resident_id(number)
    for (code,) in models.Organization.select(models.Organization.uscc).tuples():
        validation.credit_code(code)
    assert set(models.Demand.select(models.Demand.status).distinct().scalars()) == set(
        models.DEMAND_STATUSES)
    person = models.Person.get_by_id(1)
    assert person.name_pinyin and person.name_initials == models.pinyin_keys(person.name, True)[1]
    # The register goes on from there: a new record gets the next id (on PostgreSQL the rows
    # were written with their ids, so the sequences must have been moved on).
    assert registry_helpers.person("新来的人") == counts["person"] + 1
    assert registry_helpers.organization("新来的单位") == counts["organization"] + 1
    assert maintenance.check(database.target).ok


def test_the_same_seed_gives_the_same_province(tmp_path):
    def people(path):
        session.close_session()
        session.open_session(path)
        demo_scale.load_province(seed=5, factor=0.002)
        return list(models.Person.select(models.Person.uuid, models.Person.name,
                                         models.Person.id_number).tuples())

    assert people(tmp_path / "a.db") == people(tmp_path / "b.db")
