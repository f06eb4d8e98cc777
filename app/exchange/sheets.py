"""Reading the officer's spreadsheets (.xlsx, .xls, .csv) into rows of cells, and writing .xlsx.

A sheet from WPS or the city bureau often has a title row above the headers, headers in merged
cells and blank lines; ``read_table`` finds the header row among the first rows, repeats a merged
cell's value over its range and keeps every data row's number in the file, so that a rejected row
can be named and written back in its original layout.
"""

from __future__ import annotations

import csv
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

from app.errors import UserError
from app.i18n import _

HEADER_SEARCH_ROWS = 12
ENCODINGS = ("utf-8-sig", "gb18030")
EXTENSIONS = (".xlsx", ".xls", ".csv")


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number in the file, cells)
    header_row: int  # its number in the file, 1-based


def _grid_book(path: Path) -> list[list[object]]:
    """The first sheet of an .xlsx or .xls file, read by calamine (Rust; a tenth of openpyxl's
    time even in read-only mode), from A1 whatever size the file records, merged ranges filled."""
    import python_calamine

    with python_calamine.load_workbook(path) as book:
        sheet = book.get_sheet_by_index(0)
        grid = [[_cell(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
        merged = sheet.merged_cell_ranges or ()
    if path.suffix.lower() == ".xlsx":
        for row, col, error in _error_cells(path):
            grid.extend([] for _ in range(row + 1 - len(grid)))
            grid[row].extend([None] * (col + 1 - len(grid[row])))
            grid[row][col] = error
    for (first_row, first_col), (last_row, last_col) in merged:
        if first_row >= len(grid):
            continue
        top = grid[first_row]
        value = top[first_col] if first_col < len(top) else None
        for row in grid[first_row:last_row + 1]:
            row.extend([None] * (last_col + 1 - len(row)))
            row[first_col:last_col + 1] = [value] * (last_col - first_col + 1)
    return grid


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>/]*\bt="e"[^>/]*)>(.*?)</(?:\w+:)?c>', re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _error_cells(path: Path) -> list[tuple[int, int, str]]:
    """(row, column, text), from 0, of the first sheet's cells that hold an error such as #N/A:
    calamine reads them as blanks (python-calamine issue 105), so a #N/A in the ID number column
    would import a person without one; the checks refuse the text, as they did with openpyxl."""
    from openpyxl.utils.cell import coordinate_to_tuple

    with zipfile.ZipFile(path) as archive:
        book = _related(archive, "", lambda r: r.get("Type").endswith("/officeDocument"))
        first = ElementTree.fromstring(archive.read(book)).find(f"{_MAIN}sheets/{_MAIN}sheet")
        xml = archive.read(_related(archive, book, lambda r: r.get("Id") == first.get(_RID)))
    if b't="e"' not in xml:
        return []
    found = []
    for attributes, body in _ERROR_CELL.findall(xml):
        ref, value = _REF.search(attributes), _VALUE.search(body)
        if ref and value:
            row, col = coordinate_to_tuple(ref.group(1).decode())
            found.append((row - 1, col - 1, value.group(1).decode()))
    return found


def _related(archive: zipfile.ZipFile, part: str, wanted: Callable) -> str:
    """The part of a package that the relationship of ``part`` chosen by ``wanted`` names."""
    folder, name = posixpath.split(part)
    relations = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    target = next(r.get("Target") for r in relations if wanted(r))
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


_EXACT = 2 ** 53  # floats hold every whole number below this exactly


def _cell(value: object) -> object:
    """A cell as openpyxl gives it: calamine gives blanks as "" and every number as a float, so
    that an ID number or mobile typed as a number would read 13800138000.0."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and -_EXACT < value < _EXACT:
        return int(value)
    return value


def _grid_csv(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(text.splitlines())]
    raise UserError(_("The file is neither UTF-8 nor GBK text."), "file")


def read_grid(path: str | Path) -> list[list[object]]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise UserError(_("Choose an .xlsx, .xls or .csv file."), "file")
    if not path.is_file():
        raise UserError(_("No file at {path}.").format(path=path), "file")
    try:
        return _grid_csv(path) if suffix == ".csv" else _grid_book(path)
    except UserError:
        raise
    except Exception as error:
        raise UserError(_("The file could not be read: {error}").format(error=error),
                        "file") from None


def header_text(value: object) -> str:
    """A header cell as it is compared: no spaces, line breaks or required-marks (*)."""
    from app.validation import normalize

    return "".join(normalize("" if value is None else str(value)).split()).strip("*")


def is_blank(cells: Sequence[object]) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def read_table(path: str | Path, score: Callable[[Sequence[str]], int]) -> Table:
    """The table of a file: the header row is the one among the first rows that ``score``
    (how many of its cells are known headers) rates highest."""
    grid = read_grid(path)
    candidates = [(score([header_text(c) for c in row]), -i, i)
                  for i, row in enumerate(grid[:HEADER_SEARCH_ROWS])]
    if not candidates or max(candidates)[0] == 0:
        raise UserError(_("No header row was found in the first rows of the file."), "file")
    index = max(candidates)[2]
    headers = [header_text(c) for c in grid[index]]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    for number, row in enumerate(grid[index + 1:], start=index + 2):
        cells = tuple((list(row) + [None] * len(headers))[:len(headers)])
        if not is_blank(cells):
            rows.append((number, cells))
    return Table(tuple(headers), tuple(rows), index + 1)


# Writing -----------------------------------------------------------------------------------


def cell_value(value: object) -> object:
    """What a cell holds: dates stay dates (Excel shows them as dates), the rest as given."""
    if isinstance(value, datetime | date | int | float) or value is None:
        return value
    return str(value)


def write_xlsx(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Sequence[int] = (), prepare: Callable | None = None,
               title: str = "") -> Path:
    """A workbook with a bold frozen header row, column widths and real dates, written
    atomically, its sheet named ``title``; ``prepare(sheet)`` may add drop-down lists and the
    like."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if i - 1 < len(widths) else max(10, 2 * len(header) + 2)
        sheet.column_dimensions[get_column_letter(i)].width = width
        for cell in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
            if isinstance(cell[0].value, date | datetime):
                cell[0].number_format = "yyyy-mm-dd" if not isinstance(
                    cell[0].value, datetime) or cell[0].value.time() == time() else \
                    "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    if prepare is not None:
        prepare(sheet)
    return _atomic(path, book.save)


def write_csv(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """UTF-8 with a byte order mark, which Excel on Chinese Windows needs to read it right."""

    def save(target: str) -> None:
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for row in rows:
                writer.writerow(["" if v is None else
                                 v.isoformat() if isinstance(v, date) else v for v in row])

    return _atomic(path, save)


def _atomic(path: str | Path, save: Callable[[str], None]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=path.suffix)
    os.close(handle)
    try:
        save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
