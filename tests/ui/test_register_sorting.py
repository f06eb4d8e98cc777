"""Sorting the commissioner list by 层级, 状态, 任期结束 and 产业领域 (issue 16, item 5), and the
workstation list by its level and status: a click on the header sorts every page of the list in
the order of the column's domain (rows of one value by name), both ways, the same order each
time."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt

from app.core import dictionaries, i18n
from app.core.status import DERIVED_STATUSES
from app.core.status import LABELS as STATUS_LABELS
from app.register import workstations
from app.register.common import LEVEL_LABELS, WORKSTATION_STATUS_LABELS
from app.search import lists as search
from db import database as dbmod
from db import models
from tests.app.registry_helpers import appoint, individual, person

pytestmark = pytest.mark.gui
TODAY = date.today()
FIELDS = ("textile", "equipment", "electronics", "materials", "agriculture", "culture", "other")


@pytest.fixture
def many():
    """More commissioners than a page holds, with every status, level set, term end and first
    industry field (and none of each)."""
    rng = random.Random(16)
    with dbmod.database.atomic():
        for i in range(search.PAGE_SIZE + 40):
            fields = tuple(rng.sample(FIELDS, rng.randrange(0, 3)))
            commissioner = individual(person(f"特派员{i:03d}"), industry_fields=fields)
            for level in rng.sample(models.LEVELS, rng.randrange(0, 3)):
                status = rng.choice(("active", "active", "active", "recommended", "withdrawn",
                                     "terminated"))
                end = rng.choice((None, TODAY - timedelta(days=rng.randrange(1, 400)),
                                  TODAY + timedelta(days=rng.randrange(0, 60)),
                                  TODAY + timedelta(days=rng.randrange(61, 900))))
                appoint(commissioner, level, 2024, TODAY - timedelta(days=1000), end,
                        status=status)


def click_header(qtbot, view, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)


def every_row(qtbot, view, column: int) -> list[tuple[int, str]]:
    """(id, cell) of each row, scrolled down until the list has loaded all its pages; dates as
    ISO text (the cell's short form is not in date order in every language)."""
    model = view.model
    while model.canFetchMore():
        before = model.rowCount()
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda b=before: model.rowCount() > b or not model.canFetchMore())
    dates = model.columns[column].key == "term_end"
    return [(model.index(r, 0).data(model.ID_ROLE),
             str(model._rows[r].term_end or "") if dates else model.index(r, column).data())
            for r in range(model.rowCount())]


def ranks(labels: dict[str, str], order) -> dict[str, int]:
    """A shown label → its place in the domain's order; empty last."""
    return {"": len(order)} | {i18n._(labels[code]): rank for rank, code in enumerate(order)}


def commissioner_orders() -> dict[str, object]:
    """Per column, the key of a shown cell in the order the officer expects."""
    status = ranks(STATUS_LABELS, DERIVED_STATUSES)
    level = ranks(LEVEL_LABELS, models.LEVELS)
    separator = i18n.join_list(("a", "b"), cell=True)[1:-1]
    field_order = {name: rank for rank, name in enumerate(
        dictionaries.names("industry_field").values())}

    def levels(text):
        return [level[part] for part in text.split(separator)] if text else [len(level)]

    def term_end(text):
        return (1, "") if not text else (0, text)

    def fields(text):
        return field_order[text.split(separator)[0]] if text else len(field_order)

    return {"status": status.__getitem__, "levels": levels, "term_end": term_end,
            "fields": fields}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_each_derived_column_sorts_every_page_in_domain_order_both_ways(
        many, make_window, qtbot, language):
    window = make_window(language)
    view = window.show_screen("commissioners")
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
    total = models.Commissioner.select().count()
    assert total > search.PAGE_SIZE
    by_name = {}  # id → place in the name order, which orders the rows of one value
    query, after = search.ListQuery("commissioners"), None
    while after is not None or not by_name:
        page = search.page(query, after=after)
        by_name.update((row.id, len(by_name)) for row in page.rows)
        after = page.cursor
    for key, order in commissioner_orders().items():
        column = view.column(key)
        click_header(qtbot, view, column)
        if view.table.horizontalHeader().sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            click_header(qtbot, view, column)
        assert view.table.horizontalHeader().sortIndicatorSection() == column
        up = every_row(qtbot, view, column)
        assert len(up) == total and len({i for i, _cell in up}) == total
        shown = [(order(cell), by_name[i]) for i, cell in up]
        assert shown == sorted(shown), f"{key} ascending, then by name"
        click_header(qtbot, view, column)
        assert view.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        down = every_row(qtbot, view, column)
        if key == "term_end":  # an empty term end is last either way
            assert any(not cell for _id, cell in up)
            assert down == ([row for row in up[::-1] if row[1]]
                            + [row for row in up[::-1] if not row[1]]), f"{key} descending"
        else:
            assert down == up[::-1], f"{key} descending is ascending reversed"
        click_header(qtbot, view, column)
        assert every_row(qtbot, view, column) == up, f"{key}: the same order again"


def test_workstations_sort_by_level_and_status_in_domain_order(make_window, qtbot):
    statuses = list(models.WORKSTATION_STATUSES)
    random.Random(5).shuffle(statuses)
    for i, status in enumerate(statuses * 2):
        workstations.save_workstation(workstations.WorkstationData(
            name=f"工作站{i}", level=models.WORKSTATION_LEVELS[i % 2], status=status))
    window = make_window("zh_CN")
    view = window.show_screen("workstations")
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
    for key, labels, order in (("level", LEVEL_LABELS, models.LEVELS),
                               ("status", WORKSTATION_STATUS_LABELS,
                                models.WORKSTATION_STATUSES)):
        column = view.column(key)
        click_header(qtbot, view, column)
        if view.table.horizontalHeader().sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            click_header(qtbot, view, column)
        rank = ranks(labels, order)
        shown = [rank[cell] for _id, cell in every_row(qtbot, view, column)]
        assert shown == sorted(shown) and len(set(shown)) > 1, key
