"""An .xlsx work ledger (工作台账) read as rows: each row's cells joined into one sentence.

- A merged cell spanning rows (a category such as 组织建设 beside its rows) is filled down and becomes the
  row's area; a column headed 类别/分类/板块/方面 gives the area too. A serial-number column (headed 序号/编号, or
  holding 1, 2, 3 … down the rows) is left out of the item's text, since its numbers are not figures.
- A number cell followed by a measure-word cell (12 | 名) is written together (12名), as a person would say it.
- A formula cell: openpyxl gives the formula, not its value, so the file is read a second time with
  data_only=True for the values Excel/WPS cached when the file was last saved. A file written by a program
  that never computed it has no cached value: that figure is not read, and the proposal's notes say where.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from assistant.services.profile_extract.figures import MEASURES
from assistant.services.profile_extract.sources import Segment, Source, SourceError

_SERIAL = re.compile(r"^(?:序号|编号|序|No\.?|NO\.?)$", re.IGNORECASE)
_CATEGORY = re.compile(r"类别|分类|板块|方面|类型|领域")
_UNIT_CELL = set(MEASURES) | {"%", "％"}


def _cell_text(value: Any, number_format: str) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return f"{value * 100:g}%"
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
    return " ".join(str(value).split())


def _is_int_text(t: str) -> bool:
    return t.isdigit() and len(t) <= 4


def read_xlsx(data: bytes, name: str) -> Source:
    try:
        import openpyxl  # lazily: only an .xlsx needs it

        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # openpyxl raises several types for broken packages
        raise SourceError(f"{name}：Excel 文件已损坏或不是 Excel/WPS 保存的 .xlsx（{e.__class__.__name__}）") from e
    segments: list[Segment] = []
    notes: list[str] = []
    for ws in values.worksheets:
        segments += _sheet_rows(ws, formulas[ws.title], notes)
    return Source(name, "xlsx", segments, notes)


def _sheet_rows(ws: Any, wf: Any, notes: list[str]) -> list[Segment]:
    grid: dict[int, list[str]] = {}
    for row in ws.iter_rows():
        cells = []
        for c in row:
            text = _cell_text(c.value, c.number_format)
            f = wf.cell(row=c.row, column=c.column)
            if c.value is None and f.data_type == "f":
                notes.append(f"{ws.title}第{c.row}行{c.column_letter}列是公式（{f.value}），文件里没有保存计算结果，"
                             "这个数字没有读取；请在 Excel/WPS 中打开并保存一次后再提取，或手工填写")
            cells.append(text)
        grid[row[0].row] = cells
    # A merged range's value stands in its top-left cell only: fill it into every cell of the range, and
    # remember the columns where a text spans rows (a category beside its rows).
    vertical: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        top = grid.get(rng.min_row, [])
        value = top[rng.min_col - 1] if rng.min_col - 1 < len(top) else ""
        for r in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                row_cells = grid.get(r)
                if row_cells is not None and col - 1 < len(row_cells):
                    row_cells[col - 1] = value if col == rng.min_col else ""
                    if rng.max_row > rng.min_row and col == rng.min_col and value:
                        vertical.add((r, col - 1))
    rows = sorted((r, cells) for r, cells in grid.items() if any(cells))
    header = _header(rows)
    skip = _serial_columns(rows, header)
    category = {i for i, h in enumerate(header[1] if header else []) if _CATEGORY.search(h)}
    out: list[Segment] = []
    for r, cells in rows:
        if header and r == header[0]:
            out.append(Segment(f"{ws.title} row {r}", "，".join(c for c in cells if c), body=""))
            continue
        area_cols = {i for i in range(len(cells)) if (r, i) in vertical or i in category}
        area = next((cells[i] for i in sorted(area_cols) if cells[i]), None)
        text = _join(cells, set())
        body = _join(cells, area_cols | skip)
        one = len([c for c in cells if c]) == 1 and not re.search(r"\d", text)
        out.append(Segment(f"{ws.title} row {r}", text, heading_level=1 if one else None, area=area,
                           body=body))
    return out


def _join(cells: list[str], leave_out: set[int]) -> str:
    parts: list[str] = []
    prev_number = False
    for i, c in enumerate(cells):
        if not c or i in leave_out:
            continue
        if prev_number and c in _UNIT_CELL and parts:
            parts[-1] += c  # 12 | 名 → 12名
        else:
            parts.append(c)
        prev_number = bool(re.fullmatch(r"\d+(?:\.\d+)?", c))
    return "，".join(parts)


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """The first row of several short text cells and no number: the column names."""
    for r, cells in rows[:3]:
        filled = [c for c in cells if c]
        if len(filled) >= 2 and all(len(c) <= 12 and not re.search(r"\d", c) for c in filled):
            return r, cells
    return None


def _serial_columns(rows: list[tuple[int, list[str]]], header: tuple[int, list[str]] | None) -> set[int]:
    cols = {i for i, h in enumerate(header[1] if header else []) if _SERIAL.match(h)}
    width = max((len(c) for _, c in rows), default=0)
    for i in range(width):
        ints = [int(c[i]) for _, c in rows if i < len(c) and _is_int_text(c[i])]
        if len(ints) >= 3 and ints == list(range(ints[0], ints[0] + len(ints))):
            cols.add(i)  # 1, 2, 3 … down a column: a serial number without a header
    return cols
