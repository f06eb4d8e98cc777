"""The claim dialog finds commissioners as the register's search does (issue 16, daily comfort):
by name, full pinyin and initials (曾 read as a surname), in name order, without those who
already claimed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.demands import lifecycle as demands
from app.demands import queries as demand_queries
from tests.app import demand_helpers as dh
from tests.ui.register_typing import type_text
from tests.ui.waiting import wait_for_writes

pytestmark = pytest.mark.gui


def test_the_claim_dialog_finds_by_name_pinyin_and_initials(make_window, qtbot):
    org = dh.organization("泉州鲤城纺织有限公司")
    zeng, zhang, li, lin = (dh.commissioner(n) for n in ("曾秀婷", "张晓彤", "李娜", "林楠"))
    dh.commissioner("赵小天", term=None)  # no appointment in force: may not claim
    today = date.today()
    demand_id = dh.open_today(org)
    demands.claim(demand_id, li, today, "")
    window = make_window("zh_CN")
    page = window.show_screen("demands").open_demand(demand_id)
    page.action_buttons["claim"].click()
    dialog = page.active_dialog
    qtbot.waitExposed(dialog)
    find, box = dialog.fields["find"], dialog.fields["commissioner"]
    assert dialog.focusWidget() is find

    def listed():
        return [box.itemData(i) for i in range(box.count()) if box.itemData(i) is not None]

    def search(text):
        find.clear()
        type_text(qtbot, find, text)
        return listed()

    assert listed() == [lin, zeng, zhang]  # lin < zeng < zhang; 李娜 claimed already
    assert search("zxt") == [zeng, zhang]  # 曾 as a surname: zeng, not ceng
    assert box.currentData() is None
    assert search("zengxiu") == [zeng] and box.currentData() == zeng  # the only one is chosen
    assert search("ZHANGX") == [zhang]
    assert search("晓彤") == [zhang]
    assert search("李娜") == [] and box.itemText(0) == "（无匹配的特派员）"
    assert search("zxt") == [zeng, zhang]
    box.setCurrentIndex(box.findData(zhang))
    assert search("zhang") == [zhang] and box.currentData() == zhang
    find.clear()
    assert box.currentData() == zhang  # what was chosen stays chosen
    qtbot.keyClick(find, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_for_writes()
    assert not dialog.isVisible()
    claimants = [c.commissioner for c in demand_queries.demand_detail(demand_id, today).claims]
    assert len(claimants) == 2 and claimants[-1] == "张晓彤"
