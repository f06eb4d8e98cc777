from datetime import date
from decimal import Decimal

import pytest

from app.core import i18n


def test_zh_cn_catalog_is_complete():
    catalog = i18n.load_catalog("zh_CN")
    messages = [m for m in catalog if m.id]
    assert messages
    untranslated = [m.id for m in messages
                    if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_translation_and_placeholders():
    i18n.set_language("zh_CN")
    assert i18n._("Commissioners") == "科技特派员"
    assert i18n.format_quarter(2025, 1) == "2025年第1季度"
    i18n.set_language("en")
    assert i18n._("Commissioners") == "Commissioners"
    assert i18n.format_quarter(2025, 1) == "Q1 2025"



def test_compiled_catalog_follows_the_po(tmp_path, monkeypatch):
    """The .mo kept in the cache is read while the .po is unchanged and compiled anew after an
    edit: a stale translation is never shown."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    po = tmp_path / "messages.po"
    monkeypatch.setattr(i18n, "catalog_path", lambda language: po)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    po.write_text(header + 'msgid "Save"\nmsgstr "保存"\n', "utf-8")
    i18n.set_language("zh_CN")
    assert i18n._("Save") == "保存"
    cached = list((tmp_path / "cache").rglob("*.mo"))
    assert len(cached) == 1
    po.write_text(header + 'msgid "Save"\nmsgstr "存盘"\n', "utf-8")
    i18n.set_language("zh_CN")
    assert i18n._("Save") == "存盘"
    assert len(list((tmp_path / "cache").rglob("*.mo"))) == 2
    i18n.set_language("en")

@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.345", "2.35"), ("2.355", "2.36"), ("0.125", "0.13"), ("12025.765", "12,025.77"),
     ("-1.005", "-1.01")],
)
def test_wan_amounts_round_half_up(value, expected):
    i18n.set_language("zh_CN")
    assert i18n.format_wan(Decimal(value)) == f"{expected} 万元"


def test_dates_follow_the_language():
    i18n.set_language("zh_CN")
    assert i18n.format_date(date(2024, 3, 1), "long") == "2024年3月1日"
    i18n.set_language("en")
    assert i18n.format_date(date(2024, 3, 1), "long") == "March 1, 2024"


def test_pseudo_translation_lengthens_and_brackets(monkeypatch):
    monkeypatch.setenv("CDESK_PSEUDO_I18N", "1")
    text = i18n._("Commissioners")
    assert text.startswith("[Commissioners") and text.endswith("]")
    assert len(text) >= len("Commissioners") * 1.5


def test_every_message_in_the_code_is_in_the_catalog():
    """What `.ci/update-catalog` would extract: nothing may be missing from messages.po."""
    from babel.messages.extract import extract_from_dir

    from tests.conftest import REPO

    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    method_map = [("app/**.py", "python"), ("ui/**.py", "python"), ("main.py", "python")]
    catalog = i18n.load_catalog("zh_CN")
    missing = set()
    for filename, lineno, message, _comments, context in extract_from_dir(
            REPO, method_map, keywords=keywords):
        key = message if isinstance(message, str) else message[0]
        if catalog.get(key, context=context) is None:
            missing.add(f"{filename}:{lineno} {key!r}")
    assert sorted(missing) == []


def test_lists_follow_the_language():
    i18n.set_language("zh_CN")
    assert i18n.join_list(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert i18n.join_list(iter(["甲", "乙"]), cell=True) == "甲、乙"
    assert i18n.ngettext("{count} record", "{count} records", 2) == "{count} 条记录"
    i18n.set_language("en")
    assert i18n.join_list(["A", "B", "C"]) == "A, B, and C"
    assert i18n.join_list(["A", "B"], cell=True) == "A, B"
    assert i18n.join_list([]) == ""


def test_pseudo_translation_leaves_the_list_separator_alone(monkeypatch):
    monkeypatch.setenv("CDESK_PSEUDO_I18N", "1")
    assert i18n.join_list(["A", "B"], cell=True) == "A, B"
    assert i18n._("Save").startswith("[Save")
