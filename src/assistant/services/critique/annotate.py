"""`critique --annotate OUT.docx`: a copy of the draft with every finding as a Word comment (批注).

A finding is anchored on the characters its evidence quotes, in the paragraph of its line (for a .docx the
paragraph the reader counted as that line: domain/docx_reader.document_lines). Runs are split where the quote
starts or ends; each half is a deep copy of the run, so it keeps the run's formatting, and the paragraph's
text does not change. A finding about the whole report (a missing part, the problems' share, the length, a
finding without a line) is a comment on the report's title paragraph. A .txt/.md draft is first written in
the 公文 format of the drafts (services/drafting/docx_writer.py), one paragraph per line.

python-docx is imported inside the functions: the critique without --annotate never loads it.
"""

from __future__ import annotations

import copy
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.domain.docx_reader import DocxLine, document_lines
from assistant.domain.loader import InputLimits, load_source
from assistant.domain.models import Finding
from assistant.services.critique.run import CritiqueResult
from assistant.services.drafting.docx_writer import add_body, add_heading1, add_title, new_document
from assistant.services.drafting.writers import OutputError, atomic_write
from assistant.settings import Settings

AUTHOR = "述职助手"
INITIALS = "述职"
# Findings about the report as a whole: on the title, whatever line the check gave (missing-part names the
# line where the part should go, which is not text the comment could point at).
WHOLE_REPORT = {"missing-part", "problems-share", "too-long"}
_SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_TRACKED = "./w:ins | ./w:del | ./w:moveFrom | ./w:moveTo"
_TEXT_TAGS = ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")  # the run children python-docx counts as text
# A level-1 heading of a plain-text draft (一、主要工作及成效): short, no full stop.
_HEADING1 = re.compile(r"^[一二三四五六七八九十]+、[^。]{1,30}$")
_MD_PREFIX = re.compile(r"^(?:\s*#{1,6}\s+|[ \t\u3000]*)")


class AnnotateError(ValueError):
    """An --annotate target that cannot be used; the message is one line for the user."""


def check_target(out: Path, source: str) -> None:
    """Before the critique runs: the target is a .docx, not the input itself, in a folder that can be written."""
    if source == "-":
        raise AnnotateError("--annotate 需要从文件读入报告，不能与标准输入（-）同用")
    if out.suffix.lower() != ".docx":
        raise AnnotateError(f"--annotate {out}：批注只能写入 .docx 文件")
    src = Path(source)
    if out.resolve() == src.resolve() or (out.exists() and src.exists() and out.samefile(src)):
        raise AnnotateError(f"--annotate {out}：不能写回输入文件本身，请另取一个文件名")
    if out.is_dir():
        raise AnnotateError(f"--annotate {out}：这是一个文件夹，请给出 .docx 文件名")
    folder = out.parent if str(out.parent) else Path(".")
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # atomic_write creates the missing folders under the nearest existing one
    if not folder.is_dir():
        raise AnnotateError(f"--annotate {out}：{folder} 是文件，不是文件夹")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AnnotateError(f"--annotate {out}：文件夹 {folder} 不可写")


@dataclass
class _Skipped:
    table: int = 0
    tracked: int = 0
    lines: list[int] = field(default_factory=list)


def annotate(result: CritiqueResult, source: Path, out: Path, settings: Settings | None = None) -> list[str]:
    """Write `out` (atomically) with one comment per finding; returns the notes (what was not annotated)."""
    settings = settings or Settings()
    if source.suffix.lower() == ".docx":
        import docx

        doc = docx.Document(str(source))  # the input is only read; the copy is built in memory
        lines = document_lines(doc)
    else:
        doc, lines = _gongwen(load_source(source, InputLimits.of(settings)).lines, result, settings)
    skipped = _Skipped()
    for f in result.findings:
        _annotate_one(doc, lines, result, f, skipped)
    buf = io.BytesIO()
    doc.save(buf)
    try:
        atomic_write(out, lambda tmp: tmp.write_bytes(buf.getvalue()))
    except OutputError as e:
        raise AnnotateError(f"--annotate：{e}") from e
    return _notes(doc, skipped)


def _notes(doc: Any, skipped: _Skipped) -> list[str]:
    parts = []
    if skipped.table:
        parts.append(f"{skipped.table} 条在表格中")
    if skipped.tracked:
        parts.append(f"{skipped.tracked} 条在有修订痕迹的段落中")
    notes = []
    if parts:
        where = "、".join(str(n) for n in skipped.lines[:10]) + ("…" if len(skipped.lines) > 10 else "")
        notes.append(f"批注：{'，'.join(parts)}（第{where}行），未加批注，请对照检查结果修改")
    boxes = len(doc.element.body.xpath(".//w:txbxContent"))
    if boxes:
        notes.append(f"批注：文档中有 {boxes} 个文本框，其中的文字没有检查，也未加批注")
    return notes


def comment_text(f: Finding) -> str:
    text = f"【{_SEV_ZH.get(f.severity.value, f.severity.value)}】{f.message}"
    return text + (f"\n建议：{f.suggestion}" if f.suggestion else "")


def _annotate_one(doc: Any, lines: list[DocxLine], result: CritiqueResult, f: Finding, skipped: _Skipped) -> None:
    if f.line is None or f.check in WHOLE_REPORT or not 0 < f.line <= len(lines):
        para = _title_paragraph(lines, result, f.line)
        if para is not None:
            _comment(doc, para, 0, len(para.text), comment_text(f))
        return
    line = lines[f.line - 1]
    if line.paragraph is None:
        skipped.table += 1
        skipped.lines.append(f.line)
        return
    if _tracked(line.paragraph):
        skipped.tracked += 1
        skipped.lines.append(f.line)
        return
    span = _span(line, f)
    start, end = span if span else (0, len(line.paragraph.text))  # no quote to find: the whole paragraph
    _comment(doc, line.paragraph, start, end, comment_text(f))


def _tracked(paragraph: Any) -> bool:
    # Inserted and deleted runs are not in the paragraph's text as the reader saw it: offsets there are unsafe.
    return bool(paragraph._p.xpath(_TRACKED))


def _span(line: DocxLine, f: Finding) -> tuple[int, int] | None:
    """The evidence's characters in the paragraph's own text, or None when it does not stand there."""
    ev = f.evidence
    if not ev:
        return None
    text = line.text
    start = f.column - 1 if f.column and text[f.column - 1:f.column - 1 + len(ev)] == ev else text.find(ev)
    if start < 0:
        return None
    # Characters of a Word list label (the reader puts it in front) are not in the paragraph: clip them off.
    s, e = max(start - line.shift, 0), min(start + len(ev) - line.shift, len(line.paragraph.text))
    return (s, e) if s < e else None


def _title_paragraph(lines: list[DocxLine], result: CritiqueResult, line: int | None) -> Any | None:
    """The title paragraph of the report holding `line` (the first report when there is none), else the first
    paragraph with text that can be anchored."""
    report = next((r for r in result.reports if line is not None and r.start_line <= line <= r.end_line),
                  result.reports[0] if result.reports else None)
    start = 1
    if report is not None:
        titles = [p.start_line for p in result.parts if p.report == report.id and p.role == "title"]
        start = titles[0] if titles else report.start_line
    for n in [*range(start, len(lines) + 1), *range(1, start)]:
        para = lines[n - 1].paragraph if 0 < n <= len(lines) else None
        if para is not None and para.text.strip() and not _tracked(para):
            return para
    return None


def _comment(doc: Any, paragraph: Any, start: int, end: int, text: str) -> None:
    """A comment on characters [start, end) of the paragraph's text, splitting runs at both ends."""
    p = paragraph._p
    _split_at(p, start)
    _split_at(p, end)
    # Runs now end at both boundaries; a hyperlink across one (never split) is taken whole.
    inside = [el for el, s, e in _units(p) if s < end and e > start and e > s]
    comment = doc.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
    _mark(p, inside, comment.comment_id)


def _units(p: Any) -> list[tuple[Any, int, int]]:
    """(run or hyperlink, start, end) of the paragraph's text, in order, as python-docx's Paragraph.text counts."""
    out, pos = [], 0
    for el in p.xpath("./w:r | ./w:hyperlink"):
        n = len(el.text)
        out.append((el, pos, pos + n))
        pos += n
    return out


def _split_at(p: Any, k: int) -> None:
    """Make `k` a run boundary: the run across it becomes two runs with the same properties."""
    from docx.oxml.ns import qn

    for el, s, e in _units(p):
        if not s < k < e:
            continue
        if el.tag != qn("w:r"):
            return  # inside a hyperlink: the range widens to the whole link rather than break it
        tail = copy.deepcopy(el)
        pos, k = 0, k - s  # from here on, offsets within the run
        for head_child, tail_child in zip(list(el), list(tail), strict=True):
            if head_child.tag == qn("w:rPr"):
                continue
            local = head_child.tag.rsplit("}", 1)[-1]
            n = len(str(head_child)) if local in _TEXT_TAGS else 0
            if (n == 0 and pos < k) or (n and pos + n <= k):
                tail.remove(tail_child)
            elif pos >= k:
                el.remove(head_child)
            else:  # a w:t across the boundary
                cut = k - pos
                head_child.text, tail_child.text = head_child.text[:cut], head_child.text[cut:]
                for t in (head_child, tail_child):
                    t.set(qn("xml:space"), "preserve")
            pos += n
        el.addnext(tail)
        return


def _mark(p: Any, inside: list[Any], comment_id: int) -> None:
    """commentRangeStart before the first element, commentRangeEnd and the reference run after the last."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
    end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)})
    ref = OxmlElement("w:r")
    ref.get_or_add_rPr().style = "CommentReference"
    ref.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    if inside:
        inside[0].addprevious(start)
        inside[-1].addnext(end)
        end.addnext(ref)
    else:  # an empty paragraph: a point comment at its end
        p.append(start)
        p.append(end)
        p.append(ref)


def _gongwen(lines: list[str], result: CritiqueResult, settings: Settings) -> tuple[Any, list[DocxLine]]:
    """A plain-text draft in the 公文 format, one paragraph per source line (so line n is paragraph n)."""
    doc = new_document(settings)
    titles = {p.start_line for p in result.parts if p.role == "title"}
    out: list[DocxLine] = []
    for n, raw in enumerate(lines, 1):
        prefix = _MD_PREFIX.match(raw)
        cut = prefix.end() if prefix else 0
        text = raw[cut:].rstrip()
        if n in titles and text:
            para = add_title(doc, text, settings)
            doc.core_properties.title = doc.core_properties.title or text
        elif _HEADING1.match(text):
            para = add_heading1(doc, text, settings)
        else:
            para = add_body(doc, text, settings)
        out.append(DocxLine(raw, para, label_len=cut))  # the marks cut from the line stand where a label would
    return doc, out
