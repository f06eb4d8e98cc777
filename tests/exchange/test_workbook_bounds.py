"""Workbooks from strangers are measured before they are read: a tiny file that claims a huge
sheet is refused with a message, never read into memory (or into a SIGABRT)."""

from __future__ import annotations

import zipfile

import pytest

from app.core.errors import UserError
from app.exchange import sheets
from tests.test_cli import main_py

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>',
    "_rels/.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
    "xl/workbook.xml":
        f'<workbook {_NS} xmlns:r="{_REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
}
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'


def workbook(path, rows: str, dimension: str = ""):
    """An .xlsx as another program may write it: the first sheet's XML as given."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml",
                         f"<worksheet {_NS}>{dimension}<sheetData>{rows}</sheetData></worksheet>")
    return path


def test_a_12_kb_workbook_with_a_cell_at_xfd1048576_is_refused_not_a_sigabrt(tmp_path):
    far = workbook(tmp_path / "far.xlsx", HEADER + '<row r="1048576"><c r="XFD1048576">'
                                                   "<v>1</v></c></row>")
    assert far.stat().st_size < 12_000
    result = main_py("import", "commissioners", far, "--dry-run", "--db", tmp_path / "o.db",
                     "--lang", "en")
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("main.py: The sheet is too large to read: it reaches row 1048576")
    assert line.endswith("at most 200000 rows, 200 columns and 6000000 cells are read. Split it "
                         "into smaller files.")


@pytest.mark.parametrize("rows, dimension, reaches", [
    (HEADER + '<row r="100000"><c r="GR100000"><v>1</v></c></row>', "", "row 100000"),
    (HEADER, '<dimension ref="A1:XFD1048576"/>', "row 1048576"),
    # cells without numbers are counted: the 201st of a row is beyond the limit
    (HEADER + "<row>" + "<c><v>1</v></c>" * 250 + "</row>", "", "column 201"),
    ("".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 200_002)), "",
     "row 200001"),
])
def test_sheets_beyond_the_limits_are_refused_before_they_are_read(tmp_path, rows, dimension,
                                                                   reaches):
    path = workbook(tmp_path / "big.xlsx", rows, dimension)
    with pytest.raises(UserError, match=f"reaches .*{reaches}"):
        sheets.read_sheets(path)


def test_a_sheet_within_the_limits_is_read(tmp_path):
    rows = HEADER + "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="GR{n}"><v>1</v></c>'
                            "</row>" for n in range(2, 1001))
    [sheet] = sheets.read_sheets(workbook(tmp_path / "ok.xlsx", rows))
    grid = sheet.grid
    assert len(grid) == 1000 and len(grid[-1]) == 200 and grid[-1][0] == 1000


def test_a_csv_beyond_the_limits_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 100)
    path = tmp_path / "long.csv"
    path.write_text("姓名\n" + "张三\n" * 100, encoding="utf-8")
    with pytest.raises(UserError, match="row 101"):
        sheets.read_sheets(path)
