"""The import template: the import's columns, drop-down lists for the coded ones, the ID number,
phone and code columns formatted as text (a number typed into a General cell loses its last
digits), one example row, and an instructions sheet stating how each kind of cell is read.

The example is a real-looking individual (with a valid resident ID number), so an officer who
imports the untouched template sees how a row is read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.errors import UserError
from app.core.i18n import _, join_list
from app.exchange import sheets
from app.exchange.columns import CELL_RULES
from app.exchange.import_activity import DEMAND_COLUMNS, SERVICE_LOG_COLUMNS
from app.exchange.import_register import COMMISSIONER_COLUMNS, ORGANIZATION_COLUMNS
from db import models

EXAMPLES = {
    "commissioners": {
        "kind": "个人", "name": "王建明", "gender": "男", "id_number": "35050219800315001X",
        "mobile": "13905951234", "email": "wangjm@example.com", "employer": "泉州市农业科学研究所",
        "title": "高级农艺师", "fields": "现代农业", "specialty": "茶叶栽培", "level": "省级",
        "year": 2024, "batch": "2024年第一批", "doc_number": "闽科农〔2024〕5号",
        "term_start": date(2024, 3, 1), "term_end": date(2026, 12, 31), "status": "已认定",
        "served": "泉州清源茶业有限公司", "streets": "海滨街道",
    },
    "organizations": {"name": "泉州清源茶业有限公司", "org_type": "企业", "street": "海滨街道",
                      "contact_name": "李红", "contact_phone": "0595-22345678",
                      "high_tech": "否", "tech_sme": "是"},
    "demands": {"title": "茶叶加工工艺改进", "organization": "泉州清源茶业有限公司",
                "kind": "工艺改进", "description": "提高乌龙茶烘焙的一致性",
                "published_on": date(2025, 3, 1), "max_accepted": 1},
    "service-logs": {"date": date(2025, 3, 12), "commissioners": "王建明",
                     "organization": "泉州清源茶业有限公司", "kind": "技术指导", "mode": "线下",
                     "days": 1, "content": "现场指导茶园病虫害防治", "people_trained": 12},
}
COLUMNS = {"commissioners": COMMISSIONER_COLUMNS, "organizations": ORGANIZATION_COLUMNS,
           "demands": DEMAND_COLUMNS, "service-logs": SERVICE_LOG_COLUMNS}
DICTIONARY_COLUMNS = {"streets": "street", "street": "street", "fields": "industry_field",
                      "industry_field": "industry_field"}


ROWS = 2000  # rows given the drop-down lists


def instructions(sheet, columns) -> None:
    """How each kind of cell is read, then the columns with their lists. No row of it names
    two columns, so the import never takes it for the list."""
    from openpyxl.styles import Alignment, Font  # slow to load: only when a template is made

    sheet.append([_("How the import reads each cell")])
    sheet["A1"].font = Font(bold=True)
    for kind, rule in CELL_RULES:
        sheet.append([_(kind), _(rule)])
    sheet.append([])
    sheet.append([_("Columns of the list")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for column in columns:
        sheet.append([column.header, join_list(column.choices) if column.choices else ""])
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_template(entity: str, out: str | Path) -> Path:
    if entity not in COLUMNS:
        raise UserError(_("Unknown list: {name}").format(name=entity), "list")
    columns = COLUMNS[entity]
    example = EXAMPLES[entity]

    def drop_downs(sheet) -> None:
        # openpyxl is slow to load: only when a template is made
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        for i, column in enumerate(columns, start=1):
            choices = column.choices
            kind = DICTIONARY_COLUMNS.get(column.key)
            if kind is not None:
                d = models.Dictionary
                choices = tuple(r.name for r in d.live().where(d.kind == kind).order_by(d.sort_order))
            if not choices:
                continue
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                  allow_blank=True, showErrorMessage=column.key not in (
                                      "streets", "fields"))
            letter = get_column_letter(i)
            rule.add(f"{letter}2:{letter}{ROWS}")
            sheet.add_data_validation(rule)
        for i, column in enumerate(columns, start=1):
            if column.code:  # the column's format is the one of the cells typed into it
                sheet.column_dimensions[get_column_letter(i)].number_format = "@"
                for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = "@"
        instructions(sheet.parent.create_sheet(_("Instructions")), columns)

    return sheets.write_xlsx(out, [c.header for c in columns],
                             [[example.get(c.key) for c in columns]],
                             [c.width for c in columns], drop_downs)
