"""An .xlsx work ledger (工作台账) or statistics sheet read as rows, each row one sentence, the way
services/profile_extract/table_rows.py reads a table (header, statistics rows, ledger rows, serial columns).

- A merged cell spanning rows (a category such as 组织建设 beside its rows) is filled down.
- Each sheet starts afresh: a heading row of one sheet (存在问题, 下步打算) does not carry over to the next.
- A sheet's caption (the area of its statistics rows) is its title row (one cell of text above the header),
  else the sheet's name unless it is a default one (Sheet1, 工作表1).
- A formula cell: openpyxl gives the formula, not its value, so the file is read a second time with
  data_only=True for the values Excel/WPS cached when the file was last saved. A file written by a program
  that never computed it has no cached value: that figure is not read, and the proposal's notes say where.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from assistant.services.profile_extract.sources import Segment, Source, SourceError
from assistant.services.profile_extract.table_rows import table_segments


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
    out = table_segments(ws.title, rows, vertical, ws.title)
    if out:
        out[0].new_sheet = True
    return out
