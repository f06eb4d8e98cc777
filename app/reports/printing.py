"""Handing a report's PDF to the system's printing, so that its text stays text.

- Windows: the PDF goes to the "printto" verb of the application that opens PDFs, with the
  chosen printer; it prints every page once, in each page's own orientation. The verb takes no
  page range or copies, so with those the caller draws the pages itself.
- Linux, macOS: CUPS' ``lp`` takes the PDF itself, with the printer, copies and page range.
- Elsewhere (no ``lp``, or a Windows PDF application without a "printto" verb): ``False``, and
  the caller draws each page at the printer's resolution instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def lp_command(pdf: Path, printer: str, copies: int = 1,
               pages: tuple[int, int] | None = None) -> list[str] | None:
    """The ``lp`` command printing ``pdf`` (pages counted from 1), or None without CUPS."""
    lp = shutil.which("lp")
    if lp is None:
        return None
    command = [lp, "-n", str(max(1, copies))]
    if printer:
        command += ["-d", printer]
    if pages:
        command += ["-P", f"{pages[0]}-{pages[1]}"]
    return [*command, "--", str(pdf)]


def hand_over(pdf: Path, printer: str, copies: int = 1,
              pages: tuple[int, int] | None = None) -> bool:
    """Send the PDF to ``printer`` through the system; False when this platform cannot."""
    if sys.platform == "win32":
        if pages or copies > 1:
            return False
        try:
            os.startfile(str(pdf), "printto", f'"{printer}"')  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    command = lp_command(pdf, printer, copies, pages)
    if command is None:
        return False
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return True
