"""A demand's 来源 says how the demand came into the register (issue #16), not how far its
claims got: a published demand nobody claimed showed "科技特派员认领"."""

from datetime import date, timedelta

import pytest

from app import demands
from tests.app import demand_helpers as dh


@pytest.mark.parametrize(("language", "shown"), [("zh_CN", "科技局录入"),
                                                 ("en", "Entered by the officer")])
def test_a_published_demand_nobody_claimed_shows_who_entered_it(make_window, language, shown):
    org = dh.organization("泉州鲤城纺织有限公司")
    today = date.today()
    demand_id = dh.demand(org, "纺织面料染色工艺改进", today=today,
                          deadline=today + timedelta(days=30), finish=today + timedelta(days=120))
    demands.publish(demand_id, today)
    window = make_window(language)
    page = window.show_screen("demands").open_demand(demand_id)
    assert (page.labels["source"].text(), page.values["source"].text()) == (
        {"zh_CN": "来源", "en": "Source"}[language], shown)
    li = dh.commissioner("李娜")
    demands.assign(demand_id, li, today)  # the claims tab tells how each commissioner came
    page.refresh()
    assert page.values["source"].text() == shown
    assert page.claims_model.index(0, 2).data() == {"zh_CN": "由科技局指派",
                                                    "en": "Assigned by the officer"}[language]


def test_an_imported_demand_and_one_from_a_field_package_say_so(make_window, database,
                                                               tmp_path):
    from app import session
    from app.exchange import importing, merge, template
    from app.exchange.package import export_package, read_package
    from db import changelog, models

    org = dh.organization("泉州清源茶业有限公司")
    template.write_template("demands", tmp_path / "demands.xlsx")  # with its example row
    assert importing.run_import("demands", tmp_path / "demands.xlsx").detail.count("added") == 1
    imported = models.Demand.get(models.Demand.title == "茶叶加工工艺改进").id
    package = tmp_path / "p.cdpkg"
    export_package(package)
    session.close_session()
    session.open_session(package)
    changelog.configure(actor="笔记本", device_id="laptop-1")
    dh.demand(org, "现场提出的检测需求")
    session.close_session()
    session.open_session(database.target)
    merge.apply_merge(read_package(package))
    brought = models.Demand.get(models.Demand.title == "现场提出的检测需求").id
    screen = make_window("zh_CN").show_screen("demands")
    assert [screen.open_demand(d).values["source"].text() for d in (imported, brought)] == [
        "表格导入", "现场采集包带回"]
