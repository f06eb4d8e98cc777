"""Line breaking of report text: Chinese by the 禁则 (no line starts with closing punctuation or
ends with opening punctuation), English and numbers only between words, a word too long for its
column split with a hyphen.

reportlab's own CJK wrapping breaks between any two characters (inside English words too) and
knows only a few of the Chinese closing marks; ``Text`` replaces it with ``break_lines``.
"""

from __future__ import annotations

from reportlab.platypus.paragraph import (
    Paragraph,
    ParaLines,
    _handleBulletWidth,
    cjkU,
    makeCJKParaLine,
)
from reportlab.rl_config import _FUZZ

CANNOT_START = frozenset("，。、；：？！）》」』】〕〉”’…—%‰℃·,.;:?!)]}")
CANNOT_END = frozenset("（《「『【〔〈“‘([{")


def _glued(before: str, after: str) -> bool:
    """No break between two visible ASCII characters (a word, a number, a code) but after the
    hyphen of a compound word."""
    return (before.isascii() and after.isascii() and not before.isspace()
            and not after.isspace() and not (before == "-" and after.isalpha()))


def may_break(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` and the next begin with ``after``."""
    return (after not in CANNOT_START and before not in CANNOT_END and not after.isspace()
            and not _glued(before, after))


def header_break(before: str, after: str) -> bool:
    """A table header wraps only after a "/" or at a space."""
    return before == "/" or (before.isspace() and not after.isspace())


def break_lines(glyphs: list, widths: list[float], calc_bounds, allowed=may_break) -> ParaLines:
    """Greedy lines of ``glyphs`` (reportlab ``cjkU``) within ``widths`` (per line, the last one
    repeating), breaking only where ``allowed``; an explicit line break ends a line."""
    lines = []
    start = 0

    def width_of(line_number: int) -> float:
        return widths[min(line_number, len(widths) - 1)]

    def emit(end: int, next_start: int, line_break: bool = False, extra: list | None = None):
        nonlocal start
        line = glyphs[start:end] + (extra or [])
        while len(line) > 1 and line[-1].isspace():  # the space a line ends at is not drawn
            line.pop()
        used = sum(g.width for g in line)
        maximum = width_of(len(lines))
        lines.append(makeCJKParaLine(line, maximum, used, maximum - used, line_break, calc_bounds))
        start = next_start
        while start < len(glyphs) and glyphs[start].isspace():
            start += 1

    used, i = 0.0, 0
    while i < len(glyphs):
        glyph = glyphs[i]
        if hasattr(glyph.frag, "lineBreak"):
            emit(i + 1, i + 1, line_break=True)
            used, i = 0.0, start
            continue
        if used + glyph.width > width_of(len(lines)) + _FUZZ and i > start:
            cut = i if glyph.isspace() else next(
                (j for j in range(i, start, -1) if allowed(glyphs[j - 1], glyphs[j])), None)
            if cut is None and glyph.isascii() and glyphs[i - 1].isalpha() and i - 1 > start:
                # One word wider than the column: split it, and say so with a hyphen.
                emit(i - 1, i - 1, extra=[cjkU("-", glyphs[i - 1].frag, "utf8")])
            else:
                emit(cut or i, cut or i)
            used, i = 0.0, start
            continue
        used += glyph.width
        i += 1
    if start < len(glyphs):
        emit(len(glyphs), len(glyphs))
    return ParaLines(kind=1, lines=lines)


class Text(Paragraph):
    """A paragraph broken by ``may_break`` (the style's ``wordWrap`` must be ``"CJK"``)."""

    allowed = staticmethod(may_break)

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        glyphs = []
        for frag in self.frags:
            text = frag.text if hasattr(frag, "text") else "".join(getattr(frag, "words", []))
            if text:
                glyphs.extend(cjkU(c, frag, "utf8") for c in text)
            else:  # e.g. a line break
                glyphs.append(cjkU("", frag, "utf8"))
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return break_lines(glyphs, list(maxWidths), auto not in ("", "off"), self.allowed)


class HeaderText(Text):
    """A table header cell: wraps only at "/" or between words."""

    allowed = staticmethod(header_break)
