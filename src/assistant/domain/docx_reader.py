"""Read a .docx: paragraphs (and table cells) in order, with Word heading levels kept as hints.

python-docx drops Word's automatic list numbering from `paragraph.text`, so headings are also
recognised by style name (including Chinese names such as "标题 1") and by outline level.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from assistant.domain.docx_numbering import WordNumbering
from assistant.domain.loader import InputLimits, LoadError, SourceDoc

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _heading_level(paragraph) -> int | None:  # type: ignore[no-untyped-def]
    style = paragraph.style
    while style is not None:
        m = _HEADING_STYLE.match((style.name or "").strip())
        if m:
            return int(m.group(1))
        if (style.name or "").strip().lower() == "title":
            return 0
        style = style.base_style
    ppr = paragraph._p.pPr
    if ppr is not None:
        outline = ppr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")
        if outline is not None:
            val = outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
            if val is not None and val.isdigit() and int(val) < 9:
                return int(val) + 1
    return None


def _check_unpacked(data: bytes, name: str, limits: InputLimits) -> None:
    """Refuse a .docx whose parts unpack to more than the limit, from the sizes in its zip directory: a zip bomb
    (a few hundred KB holding hundreds of MB of XML) would otherwise keep python-docx busy for minutes. The
    directory cannot understate a part: zipfile stops reading a part at its declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # a broken package: python-docx's own error below says so
    limit = limits.max_docx_unpacked_mb
    if unpacked > limit * 1_000_000:
        raise LoadError(f"{name}：解压后有 {unpacked / 1e6:.1f} MB，超过上限 "
                        f"max_docx_unpacked_mb（{limit:g} MB）（是压缩炸弹，或远超一篇报告的内容）")


@dataclass(frozen=True)
class DocxLine:
    """One line of a .docx as the reader gives it: a paragraph's text or a table row's cells (`paragraph` None).
    Word's automatic number, which is not in the runs, stands in front (`label_len` characters) in place of the
    paragraph's `lead` leading spaces: column c of the line is column c - label_len + lead of the paragraph."""

    text: str
    paragraph: Any | None
    label_len: int = 0
    lead: int = 0
    level: int | None = None

    @property
    def shift(self) -> int:
        """Column in `text` minus offset in the paragraph's own text (the label put in front, less the spaces)."""
        return self.label_len - self.lead


def document_lines(document: Any) -> list[DocxLine]:
    """The lines of an opened python-docx document, in order: what read_docx reads and what a fix edits."""
    from docx.table import Table

    numbering = WordNumbering(document)
    out: list[DocxLine] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.strip() for c in row.cells]
                text = "　".join(c for c in cells if c)
                if text:
                    out.append(DocxLine(text, None))
            continue
        text = block.text.replace("\r", "").replace("\n", " ").replace("\v", " ")
        label = numbering.label(block)
        label_len = lead = 0
        if label and text.strip() and not text.lstrip().startswith(label):
            label_len, lead = len(label), len(text) - len(text.lstrip())
            text = label + text.lstrip()
        out.append(DocxLine(text, block, label_len, lead, _heading_level(block)))
    return out


def read_docx(data: bytes, name: str, limits: InputLimits | None = None) -> SourceDoc:
    limits = limits or InputLimits.of()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoadError(f"{name}：不是真正的 .docx（不是 zip 包）")
    _check_unpacked(data, name, limits)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except KeyError as e:  # a zip without [Content_Types].xml or word/document.xml
        raise LoadError(f"{name}：不是 Word 文档（是 zip 压缩包，但没有 .docx 的组成部分）") from e
    except Exception as e:  # python-docx raises several types for broken packages
        raise LoadError(f"{name}：无法读取的 .docx，已损坏或不是 Word/WPS 生成的"
                        f"（{e.__class__.__name__}）") from e  # the library's message is English: named by class only

    lines: list[str] = []
    levels: dict[int, int] = {}
    for line in document_lines(document):
        lines.append(line.text)
        if line.level is not None and line.text.strip():
            levels[len(lines)] = line.level
    limits.check_lines(lines, name)
    if not any(line.strip() for line in lines):
        raise LoadError(f"{name}：空文档")
    return SourceDoc(path=name, lines=lines, encoding="docx", heading_levels=levels)
