"""A table as rows of cells, read the same way whether it is a Word table (.docx) or a sheet (.xlsx).

- The header: the first of the first three rows made of several short text cells and no digit (the column
  names). A row of a table with a header whose number cells are bare numbers (12, 45.5%) is a *statistics
  row*: the numbers mean what their column says, so the item names the column for each number
  (第一季度：发展党员12，培训人次9), the row's text cells (a category merged down included) come first, and the
  area is the table's caption (a title row in the table, the short line above a Word table, a sheet's name),
  else the heading above. A category such as 性别 or 学历 is a dimension of the statistics, not a work area.
  The figures of such a row are the bare cell numbers, verbatim.
- Otherwise a row is a ledger row: its cells joined with "，"; a number cell followed by a measure-word cell
  (12 | 名) is written together (12名); a merged cell spanning rows (组织建设 beside its rows) or a column headed
  类别/分类/板块/方面 gives the area and is left out of the item's text (unless it is the row's only cell: a note
  merged across the row, 注：…).
- A serial-number column (headed 序号/编号, or holding 1, 2, 3 … from 1 down the rows) is left out: its numbers are
  not figures.
- A cell that holds only a number is a figure of its row (not a year: 2025 alone is not a count).
"""

from __future__ import annotations

import re

from assistant.services.profile_extract.figures import MEASURES, is_number_cell
from assistant.services.profile_extract.sources import Segment

_SERIAL = re.compile(r"^(?:序号|编号|序|No\.?|NO\.?)$", re.IGNORECASE)
_CATEGORY = re.compile(r"类别|分类|板块|方面|类型|领域")
_UNIT_CELL = set(MEASURES) | {"%", "％"}
_YEAR = re.compile(r"(?:19|20)\d{2}")
# What a caption says besides its subject: 表1：, 附表2, the unit and year before it, 统计表 after it.
_CAPTION_HEAD = re.compile(r"^(?:附?表\s*[\d一二三四五六七八九十]*\s*[：:．.、]?\s*)")
_CAPTION_YEAR = re.compile(r"^.*?(?:19|20)\d{2}\s*年度?(?:\s*\d{1,2}\s*月)?(?:底|末)?")
_CAPTION_ORG = re.compile(r"^(?:关于)?.*?(?:党委|党总支|党支部|党工委|党组(?!织))(?=.{2})")
_CAPTION_TAIL = re.compile(r"(?:统计表|一览表|情况表|明细表|汇总表|台账|表)$")
_DEFAULT_SHEET = re.compile(r"^(?:Sheet|工作表|sheet)\s*\d*$")


def caption_area(text: str | None) -> str | None:
    """表1：2025年各季度党建工作完成情况统计表 → 各季度党建工作完成情况; None for nothing left or a default name."""
    if not text or _DEFAULT_SHEET.match(text.strip()):
        return None
    t = re.sub(r"\s*[（(][^（）()]*[）)]$", "", " ".join(text.split()))  # （截至2025年12月）
    t = _CAPTION_HEAD.sub("", t)
    t = _CAPTION_YEAR.sub("", t).strip(" （）()：:")
    t = _CAPTION_ORG.sub("", t)
    t = _CAPTION_TAIL.sub("", t).strip(" （）()：:")
    return t if len(t) >= 2 else None


def is_bare_number(cell: str) -> bool:
    """A cell holding only a number (or a percentage) that is not a year."""
    return is_number_cell(cell) and not _YEAR.fullmatch(cell.strip())


def header_of(rows: list[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """The first row of several short text cells and no number: the column names."""
    for r, cells in rows[:3]:
        filled = [c for c in cells if c]
        if len(filled) >= 2 and all(len(c) <= 12 and not re.search(r"\d", c) for c in filled):
            return r, cells
    return None


def serial_columns(rows: list[tuple[int, list[str]]], header: tuple[int, list[str]] | None) -> set[int]:
    cols = {i for i, h in enumerate(header[1] if header else []) if _SERIAL.match(h)}
    width = max((len(c) for _, c in rows), default=0)
    for i in range(width):
        ints = [int(c[i]) for _, c in rows if i < len(c) and c[i].isdigit() and len(c[i]) <= 4]
        if len(ints) >= 3 and ints == list(range(1, len(ints) + 1)):
            cols.add(i)  # 1, 2, 3 … down a column: a serial number without a header (4, 5, 6 may be counts)
    return cols


def _parts(cells: list[str], leave_out: set[int], names: list[str] | None) -> tuple[list[str], list[str], int]:
    """The row's parts in column order (12 | 名 → 12名; with `names`, a bare number → its column name + number),
    its bare-number figures, and the index of the first named part (-1: none)."""
    parts: list[str] = []
    figures: list[str] = []
    first_named = -1
    for i, c in enumerate(cells):
        if not c or i in leave_out:
            continue
        nxt = next((cells[j] for j in range(i + 1, len(cells)) if cells[j] and j not in leave_out), "")
        if parts and c in _UNIT_CELL and re.fullmatch(r"\d+(?:\.\d+)?", parts[-1]):
            parts[-1] += c  # 12 | 名 → 12名
            continue
        if is_bare_number(c) and nxt not in _UNIT_CELL:
            figures.append(c.strip())
            name = (names[i] if names and i < len(names) else "").strip()
            if name and not re.search(r"\d", name):
                if first_named < 0:
                    first_named = len(parts)
                c = name + c.strip()
        parts.append(c)
    return parts, figures, first_named


def table_segments(label: str, rows: list[tuple[int, list[str]]], vertical: set[tuple[int, int]],
                   caption: str | None, row_headings: bool = True) -> list[Segment]:
    """Segments of a table's rows (row numbers as the file counts them; `vertical`: the (row, column) cells of a
    merge spanning rows), `where` as `{label} row {n}`. The caption: a title row (one cell of text above the
    header), else `caption`. A row of one cell of text is a heading (`row_headings`: a sheet, whose headings
    stand for the document's) or the area of the rows below it in this table (a Word table, inside a document
    whose headings it must not end)."""
    header = header_of(rows)
    skip = serial_columns(rows, header)
    names = header[1] if header else None
    category = {i for i, h in enumerate(names or []) if _CATEGORY.search(h)}
    title = next((cells for r, cells in rows if header and r < header[0] and len([c for c in cells if c]) == 1),
                 None)
    area_of_table = caption_area(next(c for c in title if c) if title else caption)
    out: list[Segment] = []
    for r, cells in rows:
        where = f"{label} row {r}"
        text = "，".join(_parts(cells, set(), None)[0])  # the row as written (12 | 名 → 12名)
        if header and r == header[0]:
            out.append(Segment(where, text, body=""))
            continue
        one = len([c for c in cells if c]) == 1 and not re.search(r"\d", text)
        if one and not row_headings:
            area_of_table = caption_area(text) or area_of_table
            out.append(Segment(where, text, body=""))
            continue
        area_cols = {i for i in range(len(cells)) if (r, i) in vertical or i in category}
        category_text = next((cells[i] for i in sorted(area_cols) if cells[i]), None)
        parts, figures, first_named = _parts(cells, skip, names)
        if first_named >= 0:  # a statistics row: the category stays in the text; the caption, else the
            head, rest = "，".join(parts[:first_named]), "，".join(parts[first_named:])  # heading, is the area
            body = f"{head}：{rest}" if head else rest
            out.append(Segment(where, text, area=area_of_table, body=body, cell_figures=figures))
            continue
        if all(not c for i, c in enumerate(cells) if i not in area_cols):
            area_cols, category_text = set(), None  # a note merged across the row (注：…), not a category
        parts, figures, _ = _parts(cells, skip | area_cols, None)
        out.append(Segment(where, text, heading_level=1 if one else None, area=category_text or area_of_table,
                           body="，".join(parts), cell_figures=figures))
    return out
