"""A work summary read as segments: the lines of a .txt/.md, the non-empty paragraphs and table rows of a
.docx, the rows of an .xlsx (services/profile_extract/xlsx.py). Each segment keeps where it came from, in
the labels' format (`line 7`, `paragraph 14`, `table 1 row 3`, `Sheet1 row 5`), and says so in Chinese for
the proposal (第7行, 第14段, 表1第3行, Sheet1第5行).

Every refusal is a SourceError with one Chinese line.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.loader import LoadError, decode_text
from assistant.domain.numbering import leading_marker
from assistant.settings import Settings

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED = TEXT_SUFFIXES | {".docx", ".xlsx"}


class SourceError(ValueError):
    """A file that cannot be read as a work summary (one Chinese line naming it)."""


@dataclass
class Segment:
    where: str  # in the labels' format: "line 7", "paragraph 14", "table 1 row 3", "Sheet1 row 5"
    text: str  # the segment as the source has it (a row: its cells joined)
    heading_level: int | None = None  # a Word heading style's level
    area: str | None = None  # a spreadsheet row's category (a merged cell filled down)
    body: str | None = None  # what a work item may take (a row without its category and serial cells)
    cell_figures: list[str] = field(default_factory=list)  # a table row's cells that hold only a number
    new_sheet: bool = False  # the first row of a sheet: the headings of the sheets before end here

    @property
    def item_text(self) -> str:
        return self.text if self.body is None else self.body


@dataclass
class Source:
    path: str
    kind: str  # "text" | "docx" | "xlsx"
    segments: list[Segment]
    notes: list[str] = field(default_factory=list)  # what could not be read (formula cells without a value)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)


_WHERE = [(re.compile(r"^line (\d+)$"), "第{0}行"), (re.compile(r"^paragraph (\d+)$"), "第{0}段"),
          (re.compile(r"^table (\d+) row (\d+)$"), "表{0}第{1}行"), (re.compile(r"^(.+) row (\d+)$"), "{0}第{1}行")]


def where_zh(where: str) -> str:
    """`paragraph 14` → 第14段 (the labels' format in Chinese, for the proposal's `source:`)."""
    for pat, fmt in _WHERE:
        m = pat.match(where)
        if m:
            return fmt.format(*m.groups())
    return where


def read_bytes(path: Path, settings: Settings | None = None) -> bytes:
    """The file's bytes after the checks every input gets; SourceError (Chinese) otherwise."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise SourceError(f"{name}：不支持 PDF（扫描件和导出的 PDF 都读不出可靠的文字），请转成 Word（.docx）或纯文本（.txt）后再试")
    if suffix in (".doc", ".wps"):
        raise SourceError(f"{name}：旧版 Word/WPS 格式读不了，请在 Word 或 WPS 中另存为 .docx 后再试")
    if suffix in (".xls", ".et"):
        raise SourceError(f"{name}：旧版表格格式读不了，请在 Excel 或 WPS 中另存为 .xlsx 后再试")
    if suffix not in SUPPORTED:
        raise SourceError(f"{name}：不支持的文件类型“{suffix or '无扩展名'}”，请用 .docx、.txt、.md 或 .xlsx")
    if not path.exists():
        raise SourceError(f"{name}：文件不存在")
    if not path.is_file():
        raise SourceError(f"{name}：不是普通文件（是文件夹或设备）")
    limit = (settings or Settings()).max_file_mb
    try:
        if path.stat().st_size > limit * 1_000_000:
            raise SourceError(f"{name}：文件太大（超过 max_file_mb 限制 {limit:g} MB）")
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(f"{name}：无法读取（{e.strerror or e.__class__.__name__}）") from e
    if not data.strip():
        raise SourceError(f"{name}：文件是空的")
    if suffix in (".docx", ".xlsx"):
        _check_zip(data, name, suffix, (settings or Settings()).max_docx_unpacked_mb)
    return data


def _check_zip(data: bytes, name: str, suffix: str, limit_mb: float) -> None:
    """A real Office package whose parts unpack to less than the limit: a zip bomb would keep the reader busy for
    minutes (the sizes in the zip directory cannot understate a part: zipfile stops reading at the size given)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as e:
        raise SourceError(f"{name}：不是有效的 {suffix} 文件（文件已损坏，或只是改了扩展名）") from e
    if unpacked > limit_mb * 1_000_000:
        raise SourceError(f"{name}：解压后超过 max_docx_unpacked_mb 限制 {limit_mb:g} MB，不像是一份工作总结")


def read_source(path: Path, settings: Settings | None = None) -> Source:
    """The segments of a summary; SourceError (one Chinese line) when it cannot be read or holds no text."""
    data = read_bytes(path, settings)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from assistant.services.profile_extract.xlsx import read_xlsx

        src = read_xlsx(data, str(path))
    elif suffix == ".docx":
        src = Source(str(path), "docx", _docx_segments(data, str(path)))
    else:
        try:
            text, _ = decode_text(data, str(path))
        except LoadError as e:
            raise SourceError(f"{path}：文字编码无法识别，请另存为 UTF-8 纯文本后再试（{e}）") from e
        lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        src = Source(str(path), "text", [Segment(f"line {i}", ln.strip()) for i, ln in enumerate(lines, 1)
                                         if ln.strip()])
    if not src.segments:
        raise SourceError(f"{path}：没有可读的文字（空文件，或只有图片）")
    return src


def _docx_table_rows(table) -> tuple[list[tuple[int, list[str]]], set[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """A Word table as rows of cell texts (1-based row numbers) and the cells of merges spanning rows. python-docx
    repeats a merged cell along its span (the same cell element): across a row it is kept once, down a column it
    is kept in every row and marked, as the .xlsx reader fills a merged category down."""
    rows: list[tuple[int, list[str]]] = []
    vertical: set[tuple[int, int]] = set()
    above: list = []
    for r, row in enumerate(table.rows, 1):
        tcs = [c._tc for c in row.cells]
        texts = []
        for j, c in enumerate(row.cells):
            if j and tcs[j] is tcs[j - 1]:
                texts.append("")  # a merge across the row: its text once
                continue
            texts.append(" ".join(c.text.split()))
            if j < len(above) and tcs[j] is above[j] and texts[j]:
                vertical |= {(r - 1, j), (r, j)}
        above = tcs
        rows.append((r, texts))
    return [(r, t) for r, t in rows if any(t)], vertical


def _docx_segments(data: bytes, name: str) -> list[Segment]:
    """Non-empty body paragraphs (counted 1, 2, … in order, tables not counted) and table rows (read as
    services/profile_extract/table_rows.py reads them; the short paragraph just above a table is its caption)."""
    try:
        import docx
        from docx.table import Table

        from assistant.domain.docx_numbering import WordNumbering
        from assistant.domain.docx_reader import _heading_level
        from assistant.services.profile_extract.table_rows import table_segments

        document = docx.Document(io.BytesIO(data))
        numbering = WordNumbering(document)
        out: list[Segment] = []
        n_par = n_table = 0
        caption: str | None = None
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                n_table += 1
                rows, vertical = _docx_table_rows(block)
                out += table_segments(f"table {n_table}", rows, vertical, caption, row_headings=False)
                caption = None
                continue
            text = " ".join(block.text.split())
            if not text:
                continue
            n_par += 1
            label = numbering.label(block)
            if label and not text.startswith(label):
                text = label + text  # Word's automatic number (一、) is not in the runs
            level = _heading_level(block)
            # a caption: a short line of its own, not a heading (a heading is the area of what follows anyway)
            caption = text if (level is None and not label and not leading_marker(text) and len(text) <= 40
                               and not re.search(r"[。；！？，]", text)) else None
            out.append(Segment(f"paragraph {n_par}", text, level))
        return out
    except Exception as e:  # python-docx raises several types for broken packages
        raise SourceError(f"{name}：Word 文件已损坏或不是 Word/WPS 保存的 .docx（{e.__class__.__name__}）") from e
