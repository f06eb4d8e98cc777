"""Reading the officer's spreadsheets (.xlsx, .xls, .csv) into rows of cells, and writing .xlsx.

A sheet from WPS or the city bureau often has a title row above the headers, headers in merged
cells, blank lines and a "填表人：…" footer; ``read_table`` finds the header row among the first
rows, repeats a merged cell's value over its range and keeps every data row's number in the file,
so that a rejected row can be named and written back in its original layout. A workbook with
several sheets that hold a list is refused unless the sheet is named: importing the first one
without a word lost the others.

Cells keep their kind: a number stays a number (an ``int`` when it is a whole number that a float
holds exactly, a ``float`` otherwise), a date cell a date, text a ``str`` without control
characters. The column's parser (``app.exchange.columns``) decides what each kind may mean.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

from app.core.errors import UserError
from app.core.files import atomic_write
from app.core.i18n import _, join_list
from app.core.validation import normalize

HEADER_SEARCH_ROWS = 12
EXTENSIONS = (".xlsx", ".xls", ".csv")
# What a sheet may hold to be read (generous for an office's lists; the reader holds every cell
# in memory, and one cell at XFD1048576 made it ask for 549 GB): checked before it is read.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELLS = 6_000_000  # rows × columns
MAX_FILE = 256 * 2 ** 20  # bytes of the file
MAX_UNPACKED = 1024 * 2 ** 20  # bytes of an .xlsx's parts, unpacked
# A row whose first filled cell starts so, of at most three cells, is a note below the list.
FOOTER = re.compile(r"(填表人|填报人|制表人|审核人|负责人签字|填表日期|填报日期|制表日期|备注[:：]|注[:：])")


@dataclass(frozen=True)
class Sheet:
    name: str  # "" for a CSV file
    grid: list[list[object]]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number in the file, cells)
    header_row: int  # its number in the file, 1-based
    sheet: str = ""  # the sheet's name ("" for a CSV file)
    footer: tuple[int, ...] = ()  # numbers of the footer rows left out


def read_sheets(path: str | Path) -> list[Sheet]:
    """Every sheet of a file as a grid of cells: the one way in for every import."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise UserError(_("Choose an .xlsx, .xls or .csv file."), "file")
    if not path.is_file():
        raise UserError(_("No file at {path}.").format(path=path), "file")
    try:
        check_bounds(path)
        sheets = [Sheet("", _grid_csv(path))] if suffix == ".csv" else _book(path)
        for sheet in sheets:
            if error := _too_large(len(sheet.grid), max(map(len, sheet.grid), default=0)):
                raise error
        return sheets
    except UserError:
        raise
    except Exception as error:
        raise UserError(_("The file could not be read: {error}").format(error=error),
                        "file") from None


def _too_large(rows: int, columns: int) -> UserError | None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        return UserError(_("The sheet is too large to read: it reaches row {rows} and column "
                           "{columns}; at most {max_rows} rows, {max_columns} columns and "
                           "{max_cells} cells are read. Split it into smaller files.").format(
            rows=rows, columns=columns, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
            max_cells=MAX_CELLS), "file")
    return None


_TAG = re.compile(rb'<(?:\w+:)?(row|c|dimension)\b([^>]*)>')
_CELL_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]*)"')
_DIMENSION = re.compile(rb'\bref="[A-Z]*[0-9]*:?([A-Z]{1,3})([0-9]+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_bounds(path: Path) -> None:
    """Refuse a file beyond the limits before it is read: its size, an .xlsx's unpacked size,
    each sheet's declared dimension and the rows and columns its cells reach (numbered or
    counted), read as a stream without building the sheet."""
    if path.stat().st_size > MAX_FILE:
        raise UserError(_("The file is larger than {size} MB; split it into smaller files.")
                        .format(size=MAX_FILE // 2 ** 20), "file")
    if path.suffix.lower() != ".xlsx":
        return
    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise UserError(_("The workbook unpacks to more than {size} MB; split it into "
                              "smaller files.").format(size=MAX_UNPACKED // 2 ** 20), "file")
        for part in _sheet_parts(archive):
            with archive.open(part) as stream:
                _check_sheet_bounds(stream)


def _check_sheet_bounds(stream) -> None:
    rows = columns = column = 0
    rest = b""
    while chunk := stream.read(1 << 20):
        text = rest + chunk
        cut = text.rfind(b"<")
        text, rest = text[:cut], text[cut:]
        for tag, attributes in _TAG.findall(text):
            if tag == b"dimension":
                found = _DIMENSION.search(attributes)
                extent = (int(found.group(2)), _column_number(found.group(1))) \
                    if found else (0, 0)
            else:
                ref = _CELL_REF.search(attributes)
                if tag == b"row":
                    rows = int(ref.group(2)) if ref and ref.group(2) else rows + 1
                    column = 0
                    extent = (rows, columns)
                else:
                    column = _column_number(ref.group(1)) if ref and ref.group(1) \
                        else column + 1
                    columns = max(columns, column)
                    extent = (rows, columns)
            if error := _too_large(*extent):
                raise error


def _book(path: Path) -> list[Sheet]:
    """The visible sheets of an .xlsx or .xls file, read by calamine (Rust; a tenth of
    openpyxl's time even in read-only mode), from A1 whatever size the file records, merged
    ranges filled."""
    import python_calamine  # loaded when a workbook is read

    found = []
    with python_calamine.load_workbook(path) as book:
        for index, meta in enumerate(book.sheets_metadata):
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            sheet = book.get_sheet_by_index(index)
            grid = [[_cell(value) for value in row]
                    for row in sheet.to_python(skip_empty_area=False)]
            merged = sheet.merged_cell_ranges or ()
            if path.suffix.lower() == ".xlsx":
                for row, col, error in _error_cells(path, index):
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
            found.append(Sheet(meta.name, grid))
    return found


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s([^>/]*\bt="e"[^>/]*)>(.*?)</(?:\w+:)?c>', re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _error_cells(path: Path, index: int) -> list[tuple[int, int, str]]:
    """(row, column, text), from 0, of the cells of sheet ``index`` that hold an error such as
    #N/A: calamine reads them as blanks (python-calamine issue 105), so a #N/A in the ID number
    column would import a person without one; the checks refuse the text, as they did with
    openpyxl."""
    from openpyxl.utils.cell import coordinate_to_tuple  # slow to load: only when needed

    with zipfile.ZipFile(path) as archive:
        xml = archive.read(_sheet_parts(archive)[index])
    if b't="e"' not in xml:
        return []
    found = []
    for attributes, body in _ERROR_CELL.findall(xml):
        ref, value = _REF.search(attributes), _VALUE.search(body)
        if ref and value:
            row, col = coordinate_to_tuple(ref.group(1).decode())
            found.append((row - 1, col - 1, value.group(1).decode()))
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The parts of an .xlsx's sheets, in the workbook's order (calamine's indexes)."""
    book = _related(archive, "", lambda r: r.get("Type").endswith("/officeDocument"))
    entries = ElementTree.fromstring(archive.read(book)).findall(f"{_MAIN}sheets/{_MAIN}sheet")
    return [_related(archive, book, lambda r, e=e: r.get("Id") == e.get(_RID)) for e in entries]


def _related(archive: zipfile.ZipFile, part: str, wanted: Callable) -> str:
    """The part of a package that the relationship of ``part`` chosen by ``wanted`` names."""
    folder, name = posixpath.split(part)
    relations = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    target = next(r.get("Target") for r in relations if wanted(r))
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


EXACT = 2 ** 53  # floats hold every whole number below this exactly
# Control characters (but tab and line break) and the invisible marks pasted along with text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")
_UNUSUAL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\ufeff]")  # what clean_text changes


def clean_text(text: str) -> str:
    """Text with its line breaks as \\n and without control characters (NUL included)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _cell(value: object) -> object:
    """A cell: blanks as None (calamine gives ""), whole numbers that a float holds exactly as
    ``int``, text cleaned; a larger number stays a float, which no code column accepts."""
    if isinstance(value, str):
        if _UNUSUAL.search(value):
            value = clean_text(value)
        return value if value.strip() else None
    if type(value) is float and value.is_integer() and -EXACT < value < EXACT:
        return int(value)
    return value


def _decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without a byte order mark), UTF-16 (Excel's
    "Unicode text") or GBK/GB18030. Bytes that are none of these are refused, not guessed."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.count(0) > len(data) // 4:  # UTF-16 without a byte order mark
        odd = data[1::2].count(0) > data[0::2].count(0)
        return data.decode("utf-16-le" if odd else "utf-16-be")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("gb18030")
    # Bytes of another encoding decode as GB18030 too, into its four-byte and private-use
    # characters, which no Chinese office text holds.
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        raise UnicodeDecodeError("gbk", data, 0, len(data), "not GBK") from None
    if any(unicodedata.category(c) == "Co" for c in text):
        raise UnicodeDecodeError("gbk", data, 0, len(data), "not GBK")
    return text


# What a spreadsheet takes for the start of a formula in a text cell (OWASP's list): an inert
# CSV export puts a ' before such text, which the import takes off again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(text: str) -> str | None:
    """A CSV cell cleaned as ``_cell`` cleans a workbook's, without the one ' an inert export
    added, so that an exported file imports back as it was."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START):
        text = text[1:]
    text = clean_text(text)
    return text if text.strip() else None


def _grid_csv(path: Path) -> list[list[object]]:
    try:
        text = _decode(path.read_bytes())
    except UnicodeDecodeError:
        raise UserError(_("The file's encoding could not be told (it is neither UTF-8, UTF-16 "
                          "nor GBK text); save it from Excel as “CSV UTF-8” and import it "
                          "again."), "file") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:  # the parser splits the lines: a line end inside quotes is a line break of its cell
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise UserError(_("The CSV file is malformed ({error}); check its quotation marks.")
                        .format(error=error), "file") from None
    return [[_csv_cell(c) for c in row] for row in rows]


def header_text(value: object) -> str:
    """A header cell as it is compared: half-width, no spaces, line breaks or required-marks."""
    return "".join(normalize("" if value is None else str(value)).split()).strip("*")


def _header(grid: list[list[object]], score: Callable[[Sequence[str]], int]) -> tuple[int, int]:
    """(score, index) of the row among the first that ``score`` rates highest."""
    candidates = [(score([header_text(c) for c in row]), -i)
                  for i, row in enumerate(grid[:HEADER_SEARCH_ROWS])]
    best, index = max(candidates, default=(0, 0))
    return best, -index


def sheet_names(sheets: Sequence[Sheet]) -> str:
    return join_list(f"{i}. {s.name}" for i, s in enumerate(sheets, start=1))


def candidates(sheets: Sequence[Sheet], score: Callable[[Sequence[str]], int]) -> list[Sheet]:
    """The sheets that hold a list: a header row of at least two known columns (an
    instructions sheet names one column a line), or of one when no sheet has two."""
    scores = [(_header(s.grid, score)[0], s) for s in sheets]
    for least in (2, 1):
        found = [s for points, s in scores if points >= least]
        if found:
            return found
    return []


def choose_sheet(sheets: Sequence[Sheet], score: Callable[[Sequence[str]], int],
                 sheet: str | int | None) -> Sheet:
    """The sheet named (by name, or number from 1) or, without a name, the one that holds a
    list; refused with the sheets listed when that is not one sheet."""
    if sheet is not None:
        text = str(sheet).strip()
        named = [s for s in sheets if s.name == text]
        if not named and text.isdigit() and 1 <= int(text) <= len(sheets):
            named = [sheets[int(text) - 1]]
        if not named:
            raise UserError(_("The workbook has no sheet “{sheet}”; its sheets: {sheets}.").format(
                sheet=text, sheets=sheet_names(sheets)), "sheet")
        return named[0]
    found = candidates(sheets, score)
    if len(found) == 1:
        return found[0]
    if not found:
        where = _(" (sheets: {sheets})").format(sheets=sheet_names(sheets)) \
            if len(sheets) > 1 else ""
        raise UserError(_("No header row was found in the first rows of the file{where}.")
                        .format(where=where), "file")
    raise UserError(_("Several sheets hold a list: {sheets}. Choose one (--sheet NAME or "
                      "number).").format(sheets=sheet_names(found)), "sheet")


def read_table(path: str | Path, score: Callable[[Sequence[str]], int],
               sheet: str | int | None = None) -> Table:
    """The table of a file: the header row is the one among the first rows that ``score``
    (how many of its cells are known headers) rates highest."""
    chosen = choose_sheet(read_sheets(path), score, sheet)
    grid = chosen.grid
    best, index = _header(grid, score)
    if best == 0:
        raise UserError(_("No header row was found in the first rows of sheet “{sheet}”.")
                        .format(sheet=chosen.name), "file")
    headers = [header_text(c) for c in grid[index]]
    while headers and not headers[-1]:
        headers.pop()
    rows, footer = [], []
    for number, row in enumerate(grid[index + 1:], start=index + 2):
        cells = tuple((list(row) + [None] * len(headers))[:len(headers)])
        first = next((c for c in cells if c is not None), None)  # blank cells are None
        if first is None:
            continue
        if isinstance(first, str) and FOOTER.match(first.strip()) and \
                sum(c is not None for c in cells) <= 3:
            footer.append(number)
            continue
        rows.append((number, cells))
    return Table(tuple(headers), tuple(rows), index + 1, chosen.name, tuple(footer))


# Writing -----------------------------------------------------------------------------------


# Characters XML 1.0 cannot hold (openpyxl refuses them): never part of what the officer typed.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_value(value: object) -> object:
    """What a cell holds: dates stay dates (Excel shows them as dates), numbers numbers, the
    rest text without the control characters no workbook can hold."""
    if isinstance(value, datetime | date | int | float) or value is None:
        return value
    return _NOT_XML.sub("", str(value))


def csv_value(value: object) -> object:
    """A CSV cell: text that a spreadsheet would run as a formula starts with ' (as OWASP
    advises against CSV injection), so it is shown as the text it is."""
    value = cell_value(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.lstrip("'").startswith(_FORMULA_START):
        return "'" + value  # also before text that is such a ' already: the import takes one off
    return "" if value is None else value


def write_xlsx(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Sequence[int] = (), prepare: Callable | None = None,
               title: str = "") -> Path:
    """A workbook with a bold frozen header row, column widths and real dates, written
    atomically, its sheet named ``title``; ``prepare(sheet)`` may add drop-down lists and the
    like."""
    # openpyxl takes a good part of a second to load: only when a workbook is written
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.title = title
    sheet.append([cell_value(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell_value(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl takes text starting with = for a formula
                cell.data_type = "s"
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
            writer.writerow([csv_value(h) for h in headers])
            for row in rows:
                writer.writerow([csv_value(v) for v in row])

    return _atomic(path, save)


def _atomic(path: str | Path, save: Callable[[str], None]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as temporary:
        save(str(temporary))
    return path
