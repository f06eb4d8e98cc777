"""Workbooks as the bureau receives them, and valid identity numbers to put in them."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest
from stdnum.cn import ric, uscc


def resident_id(birth: date, sequence: int = 12, male: bool = True, area: str = "350502") -> str:
    body = f"{area}{birth:%Y%m%d}{sequence:02d}{1 if male else 2}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(body: str = "91350502MA2Y1234") -> str:
    body = (body + "0" * 17)[:17]
    return body + uscc.calc_check_digit(body)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


MESSY_HEADERS = ["序号", "特派员类型", "姓名", "性别", "身份证号码", "联系电话", "工作单位", "职称",
                 "团队负责人", "团队成员", "级别", "年度", "开始日期", "结束日期", "服务对象",
                 "服务街道", "统一社会信用代码"]


def messy_rows() -> list[list]:
    """Rows 3… of the messy workbook, with what each one tests."""
    zhang = resident_id(date(1975, 6, 1))
    wang = resident_id(date(1982, 2, 3), 45)
    zhao = resident_id(date(1990, 9, 9), 77, male=False)
    chen = resident_id(date(1970, 1, 20), 31)
    bad = resident_id(date(1985, 5, 5), 21)
    bad = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    return [
        # 1 an individual, full-width digits, an Excel serial in a date cell and a Chinese date: added
        [1, "个人", " 张三 ", "男", full_width(zhang), full_width("13905951234"), "泉州茶叶研究所",
         "研究员", None, None, "省级", 2024, 45352, "2026年12月31日", "清源茶业有限公司、鲤城茶厂",
         "海滨街道", None],
        None,  # a blank line
        # 2 the same person's municipal appointment (level written 市): added
        [2, "个人", "张三", None, zhang.lower(), "13905951234", "泉州茶叶研究所", None, None, None,
         "市", "2023", "2023.7.1", "2025/12/31", "清源茶业有限公司", "临江", None],
        # 3 a wrong check digit: rejected
        [3, "个人", "李四", "男", bad, "13800000001", "华侨大学", None, None, None, "市级", 2024,
         "2024-03-01", "2026-12-31", None, None, None],
        # 4 an unknown level: rejected
        [4, "个人", "王五", "男", wang, "13800000002", "华侨大学", None, None, None, "乡镇级", 2024,
         "2024-03-01", "2026-12-31", None, None, None],
        # 5 and 6 one ID number with two mobiles: both rejected
        [5, "个人", "赵六", "女", zhao, "13800000003", "华侨大学", None, None, None, "市级", 2024,
         "2024-03-01", "2026-12-31", None, None, None],
        [6, "个人", "赵六", "女", zhao, "13800000004", "华侨大学", None, None, None, "区级", 2024,
         "2024-03-01", "2026-12-31", None, None, None],
        # 7 a team whose members become people: added
        [7, "团队", "茶业科技特派员团队", "男", chen, "13800000005", "福建农林大学", "教授",
         "陈七", "陈七、周八，吴九", "市级", 2024, 45352, 46387, "鲤城茶厂", "海滨街道", None],
        # 8 a legal person with its credit code: added
        [8, "法人", "泉州市茶叶科学研究院", None, None, None, None, None, None, None, "市级", 2024,
         "2024-03-01", "2026-12-31", "清源茶业有限公司", None, credit_code()],
    ]


@pytest.fixture
def messy_workbook(tmp_path):
    """A title row merged across the sheet, variant headers, then the rows of messy_rows()."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年度鲤城区科技特派员名单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(MESSY_HEADERS))
    sheet.append(MESSY_HEADERS)
    for row in messy_rows():
        sheet.append(row or [])
    for cell in (*sheet["M"], *sheet["N"]):
        if isinstance(cell.value, int):
            cell.number_format = "yyyy/m/d"  # an Excel serial number in a date cell
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path


def write_big_workbook(path, rows: int):
    """``rows`` valid municipal individuals, each with two served organizations."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["特派员类型", "姓名", "身份证号", "手机", "派出单位", "层级", "选认年度",
                  "服务期起", "服务期止", "服务对象", "服务街道"])
    for i in range(rows):
        birth = date(1960, 1, 1) + timedelta(days=37 * i % 16_001)  # all past, all different
        sheet.append(["个人", f"测试{i:04d}", resident_id(birth, i % 100, male=i % 2 == 0),
                      f"139{i:08d}", f"泉州单位{i % 40}", "市级", 2024, "2024-03-01",
                      "2026-12-31", f"服务企业{i % 60}、服务企业{(i + 7) % 60}", "海滨街道"])
    book.save(path)
    return path
