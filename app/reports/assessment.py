"""The district's annual assessment results (年度考核结果汇总表) in the city's layout: a line per
subject with each item's points, the total, the grade and the funds proposed; then the totals by
grade and the funds in all, signed and sealed by the bureau."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reportlab.platypus import Flowable

from app.assessment import rounds
from app.assessment.rounds import RoundRow, Summary
from app.assessment.schemes import GRADE_LABELS, SUBJECT_TYPE_LABELS, Item, item_label
from app.core import settings
from app.core.i18n import N_, _, format_date, format_decimal, join_list
from app.register.common import LEVEL_LABELS, label
from app.reports import layout
from app.reports.editable import Sheet
from app.reports.layout import Heading, Kit, Row
from app.reports.request import ReportRequest
from db.models import GRADES

TITLE = N_("Annual assessment results of science and technology commissioners")
WIDE = True

BEFORE = ((N_("No."), 3, "CENTER"), (N_("Name"), 12, "LEFT"), (N_("Type"), 4.5, "CENTER"),
          (N_("Level"), 4, "CENTER"))
ITEM_WIDTH = 5.5
AFTER = ((N_("Total score"), 4, "RIGHT"), (N_("Grade"), 4, "CENTER"),
         (N_("Proposed funds (10k yuan)"), 6, "RIGHT"), (N_("Remarks"), 16, "LEFT"))
WITHDRAWAL = N_("Fail this year and the year before: listed for withdrawal of the appointment")
NOT_IN_SCHEME = "—"  # an item the subject's scheme does not have (a team has no bonus)
# The bureau's name without its own words: 泉州市鲤城区科学技术局 → 泉州市鲤城区
BUREAU = re.compile(r"(科学技术|科技)\S*局$")


@dataclass(frozen=True)
class Results:
    """What the 汇总表 prints: the round, and the commissioners listed for withdrawal."""

    summary: Summary
    withdrawal: tuple[RoundRow, ...]  # 不合格 this year and the year before


def load(request: ReportRequest) -> Results:
    year = request.period.year
    return Results(rounds.summary(year), tuple(rounds.withdrawal_candidates(year)))


def district() -> str:
    unit = settings.get("issuing_unit").strip()
    return BUREAU.sub("", unit) or unit


def title(data: Results) -> str:
    return _("{district} annual assessment results of science and technology commissioners, "
             "{year}").format(district=district(), year=data.summary.year)


def period_text(data: Results) -> str:
    state = data.summary.state
    if state.status == "finished":
        return _("Round finished on {date}: the results are final.").format(
            date=format_date(data.summary.finished_on, "long"))
    return _("Round open: {complete} of {total} assessed; the results may still change.").format(
        complete=state.rows_complete, total=state.rows_total)


# Values: Decimals as printed, so that the PDF and Excel show the same digits ---------------------


def points(value: Decimal | None) -> Decimal | None:
    """A score without trailing zeros: 18.50 → 18.5, 20.0 → 20."""
    if value is None:
        return None
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def money(value: Decimal | None) -> Decimal | None:
    """An amount in 万元, to the hundred yuan."""
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def printed(value: str | Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value, max(0, -value.as_tuple().exponent))
    return str(value)


# The tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """The subjects printed in one table: types whose items are one another's (a team's are the
    individual's without the bonus) share a table and its item columns."""

    types: tuple[str, ...]
    items: tuple[Item, ...]
    rows: tuple[tuple[int, RoundRow], ...]  # (序号, row)


def parts(data: Summary) -> list[Part]:
    numbered = list(enumerate(data.rows, start=1))
    found: list[Part] = []
    for subject_type in dict.fromkeys(row.subject_type for row in data.rows):
        items = tuple(data.items[subject_type])
        rows = tuple(pair for pair in numbered if pair[1].subject_type == subject_type)
        codes = {item.code for item in items}
        for index, part in enumerate(found):
            theirs = {item.code for item in part.items}
            if codes <= theirs or theirs <= codes:
                found[index] = Part((*part.types, subject_type),
                                    part.items if codes <= theirs else items, part.rows + rows)
                break
        else:
            found.append(Part((subject_type,), items, rows))
    return found


def part_title(part: Part) -> str:
    return join_list(label(SUBJECT_TYPE_LABELS, t) for t in part.types)


def header(part: Part) -> list[str]:
    return [*(_(name) for name, _w, _a in BEFORE),
            *(item_label(item) + "\n" + _("({points} points)").format(points=printed(points(
                item.max_points))) for item in part.items),
            *(_(name) for name, _w, _a in AFTER)]


def widths(part: Part) -> list[float]:
    return [*(w for _n, w, _a in BEFORE), *[ITEM_WIDTH] * len(part.items),
            *(w for _n, w, _a in AFTER)]


def aligns(part: Part) -> list[str]:
    return [*(a for _n, _w, a in BEFORE), *["RIGHT"] * len(part.items), *(a for _n, _w, a in AFTER)]


def remarks(row: RoundRow) -> str:
    """The officer's remarks, then what the rules say of the row, then whether it is unfinished."""
    notes = [note for note in (row.remarks.strip(), *row.violations) if note]
    if not row.complete:
        notes.append(_("Not all items scored yet."))
    # 。；would end a sentence twice
    return _("; ").join([note.rstrip("。；;.") for note in notes[:-1]] + notes[-1:])


def values(number: int, row: RoundRow, items: tuple[Item, ...]) -> list[str | Decimal]:
    """A row's cells, numbers as Decimals (printed or written to Excel as they are)."""
    return [str(number), row.name, label(SUBJECT_TYPE_LABELS, row.subject_type),
            label(LEVEL_LABELS, row.level),
            *(points(row.items.get(item.code)) if item.code in row.items else NOT_IN_SCHEME
              for item in items),
            points(row.total), label(GRADE_LABELS, row.grade), money(row.funds), remarks(row)]


def part_rows(part: Part) -> list[list[str | Decimal]]:
    return [values(number, row, part.items) for number, row in part.rows]


def totals_rows(data: Summary) -> list[list[str | Decimal | int]]:
    """Subjects by grade (by type, and the round's count) and the funds by grade, the header
    first; rows not graded yet (an open round) on a line of their own."""
    types = list(dict.fromkeys(row.subject_type for row in data.rows))
    count = Counter((row.grade, row.subject_type) for row in data.rows)
    head = [_("Grade"), *(label(SUBJECT_TYPE_LABELS, t) for t in types), _("Total"),
            _("Proposed funds (10k yuan)")]
    lines = [[label(GRADE_LABELS, grade), *(count[grade, t] for t in types),
              data.by_grade.get(grade, 0), money(data.funds_by_grade.get(grade, Decimal(0)))]
             for grade in GRADES]
    ungraded = sum(count[None, t] for t in types)
    if ungraded:
        lines.append([_("Not graded yet"), *(count[None, t] for t in types), ungraded, None])
    lines.append([_("Total"), *(sum(n for (_g, t), n in count.items() if t == kind)
                                for kind in types), len(data.rows), money(data.funds_total)])
    return [head, *lines]


def quota_text(data: Summary) -> str:
    return _("{count} subjects assessed; excellent: {excellent} (at most {cap}); proposed funds "
             "in all: {funds} (10k yuan).").format(
        count=len(data.rows), excellent=data.state.excellent, cap=data.state.excellent_cap,
        funds=printed(money(data.funds_total)))


# The PDF and the workbook ---------------------------------------------------------------------


def withdrawal_rows(data: Results) -> list[list[str | Decimal]]:
    """The commissioners graded 不合格 this year and the year before, under their 序号; the
    header first."""
    numbers = {row.assessment_id: number for number, row in enumerate(data.summary.rows, start=1)}
    return [[_("No."), _("Name"), _("Type"), _("Level"), _("Total score"), _("Remarks")],
            *([str(numbers[row.assessment_id]), row.name,
               label(SUBJECT_TYPE_LABELS, row.subject_type), label(LEVEL_LABELS, row.level),
               points(row.total), remarks(row)] for row in data.withdrawal)]


def story(results: Results, kit: Kit, heading: Heading) -> list[Flowable]:
    data = results.summary
    flow = layout.title_block(heading, kit)
    if not data.rows:
        flow.append(layout.nothing(kit, _("No subject has been assessed for this year.")))
        flow.append(layout.signatures(heading, kit))
        return flow
    flow.append(layout.text(quota_text(data), kit.styles.note))
    words = {c: [label(labels, code) for code in labels]  # whole words in the short columns
             for c, labels in ((2, SUBJECT_TYPE_LABELS), (3, LEVEL_LABELS))}
    for part in parts(data):
        flow.append(layout.section(part_title(part), kit))
        grade_column = len(BEFORE) + len(part.items) + 1
        flow.append(layout.ChunkedTable(
            header(part), [Row([printed(v) for v in cells]) for cells in part_rows(part)],
            layout.scaled(widths(part), kit), kit, aligns(part),
            words={**words, grade_column: [label(GRADE_LABELS, g) for g in GRADES]}))
    flow.append(layout.section(_("Totals by grade"), kit))
    head, *lines = totals_rows(data)
    flow.append(layout.simple_table(head, [[printed(v) for v in line] for line in lines],
                                    [5, *[3] * (len(head) - 2), 5], kit,
                                    ["LEFT", *["RIGHT"] * (len(head) - 1)]))
    flow.append(layout.section(_(WITHDRAWAL), kit))
    head, *lines = withdrawal_rows(results)
    flow.append(layout.simple_table(head, [[printed(v) for v in line] for line in lines],
                                    [3, 12, 4.5, 4, 4, 25], kit,
                                    ["CENTER", "LEFT", "CENTER", "CENTER", "RIGHT", "LEFT"])
                if lines else layout.nothing(kit, _("None.")))
    flow.append(layout.signatures(heading, kit))
    return flow


def sheet(results: Results, heading: Heading) -> Sheet:
    """The summary as an Excel sheet: the first table as the sheet's, the others (workstations),
    the totals and the withdrawals under it; scores and amounts are numbers."""
    data = results.summary
    found = parts(data)
    first = found[0] if found else Part((), (), ())
    return Sheet(
        header=header(first), rows=[Row(cells) for cells in part_rows(first)],
        widths=widths(first),
        intro=quota_text(data) if data.rows else _("No subject has been assessed for this year."),
        below=(*((part_title(part), [header(part), *part_rows(part)]) for part in found[1:]),
               (_("Totals by grade"), totals_rows(data)),
               (_(WITHDRAWAL), withdrawal_rows(results))))
