"""Reading a PDF the way its reader does, and a small register for the report tests."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from app.activity_common import commissioner_names
from app.registry import commissioners as cs
from tests.app import registry_helpers as rh


def page_texts(path: Path) -> list[str]:
    """The text of each page, whitespace removed (a wrapped cell reads as one string)."""
    return ["".join(page.extract_text().split()) for page in PdfReader(path).pages]


def layout_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def fonts(path: Path) -> list[dict[str, str]]:
    """The rows of ``pdffonts``: name, type and whether the font is embedded."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object ID: read from the right
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5]})
    return rows


def people(count: int, level: str = "provincial", start: date = date(2025, 2, 1),
           end: date = date(2027, 12, 31)) -> list[int]:
    """``count`` individual commissioners with ID numbers, appointed at ``level``."""
    employer = rh.organization("泉州市鲤城区海天材料科技股份有限公司（测试派出单位）")
    served = rh.organization("福建省泉州市鲤城区江南高新技术电子信息园区某某精密制造有限公司")
    ids = []
    for n in range(count):
        someone = rh.person(f"测试{n:03d}", id_number=rh.resident_id(seq=f"{n:03d}"),
                            gender="male" if n % 2 else "female", birth_date=date(1980, 5, 1),
                            employer_id=employer, title_name="高级工程师",
                            mobile=f"1390000{n:04d}")
        commissioner = rh.individual(someone, industry_fields=("textile", "materials"))
        cs.save_appointment(cs.AppointmentData(
            commissioner_id=commissioner, level=level, year=start.year, term_start=start,
            term_end=end, served=(cs.ServedData(served, date(2025, 3, 1)),),
            street_ids=(rh.street_id(),)))
        ids.append(commissioner)
    return ids


def commissioner_name(commissioner_id: int) -> str:
    """The name a commissioner is printed under."""
    return commissioner_names([commissioner_id])[commissioner_id]


def text_lines(path: Path) -> list[str]:
    """Every line of text as drawn, in order: a paragraph's line, a cell's line, a footer."""
    return [line.strip() for page in PdfReader(path).pages
            for line in page.extract_text().split("\n") if line.strip()]


def line_starts(path: Path) -> dict[str, float]:
    """Where each line of text begins on its page (x, points), by its text (as ``text_lines``).
    The line's position is read at its last piece: the first may precede the line's move."""
    starts: dict[str, float] = {}
    for page in PdfReader(path).pages:
        pieces: list[str] = []

        def visit(text, cm, tm, *_args, pieces=pieces):
            pieces.append(text)
            if text.endswith("\n"):
                starts.setdefault("".join(pieces).strip(), cm[0] * tm[4] + cm[2] * tm[5] + cm[4])
                pieces.clear()

        page.extract_text(visitor_text=visit)
    return starts
