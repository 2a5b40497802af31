"""`assistant critique FILE --fix`: apply the fixes that cannot change meaning (fix_plan.py) to a copy of the file.

The input is never written. The copy (.txt/.md in the input's own encoding and line endings; a .docx edited run
by run, docx_runs.py) goes next to the input as NAME_修订.ext unless --out names another file. The fix runs in
rounds until nothing is left to change (a letter D inside a wrong formulation is fixed in the round after the
letter), so a second --fix on its output changes nothing; then the checks run again on the file written.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from assistant.domain.controls import printable
from assistant.domain.loader import InputLimits, LoadError, SourceDoc, decode_text, load_source, load_text
from assistant.domain.parse import parse_source
from assistant.domain.rubric import Rubric
from assistant.services.critique.docx_runs import edit_paragraph
from assistant.services.critique.fix_plan import Edit, plan_edits
from assistant.services.critique.run import CritiqueResult, critique_file, critique_parsed
from assistant.settings import Settings

SUFFIX = "_修订"
_MAX_ROUNDS = 4  # each round fixes what the last one uncovered; two are needed at most in practice
_CONTEXT = 6  # characters of context either side of a change in the diff
_NEWLINE = re.compile(r"(\r\n|\r|\n)")
CHECK_ZH = {"halfwidth-punct": "半角标点", "letter-d": "字母代字", "formulation": "固定提法", "numbering": "编号"}


class FixError(ValueError):
    """A fix that may not or cannot be made (the output is the input, the folder cannot be written): one line."""


class Change(BaseModel):
    line: int
    check: str
    before: str  # the changed text with a few characters either side, as it was
    after: str  # the same stretch as it is now


class FixReport(BaseModel):
    source: str
    output: str
    changes: list[Change]
    remaining: CritiqueResult  # the checks run again on the file written


class _Doc(Protocol):
    def source(self) -> SourceDoc: ...

    def apply(self, group: list[Edit]) -> bool: ...

    def save(self, path: Path) -> None: ...


def default_output(path: Path) -> Path:
    return path.with_name(path.stem + SUFFIX + path.suffix)


def fix_file(path: Path, out: Path | None = None, *, rubric: Rubric, year: int | None = None,
             settings: Settings | None = None) -> FixReport:
    """Write the safely fixed copy of `path` and say what changed. LoadError or NotAReportError for an input
    that cannot be read or checked, FixError for an output that may not or cannot be written."""
    limits = InputLimits.of(settings)
    load_source(path, limits)  # every refusal of an unreadable input, in the reader's words
    target = out if out is not None else default_output(path)
    _check_target(path, target)
    doc: _Doc = _DocxDoc(path) if path.suffix.lower() == ".docx" else _TextDoc(path, limits)
    changes: list[Change] = []
    for _ in range(_MAX_ROUNDS):
        source = doc.source()
        parsed = parse_source(source)
        result = critique_parsed(parsed, rubric=rubric, year=year)
        made = [g for g in plan_edits(parsed, result, rubric, year) if doc.apply(g)]
        if not made:
            break
        changes += _changes(source.lines, [e for g in made for e in g])
    _write(doc, target)
    remaining = critique_file(target, rubric=rubric, year=year, settings=settings)
    return FixReport(source=str(path), output=str(target), changes=sorted(changes, key=lambda c: c.line),
                     remaining=remaining)


def _check_target(path: Path, target: Path) -> None:
    if target.suffix.lower() != path.suffix.lower():
        raise FixError(f"--out {target}：修订稿须与原文件同一格式（{path.suffix}）")
    if target.resolve() == path.resolve() or (target.exists() and target.samefile(path)):
        raise FixError(f"--out {target} 就是原文件：修订稿须另存为新文件，原文件不会被改动")
    if target.is_dir():
        raise FixError(f"--out {target} 是文件夹，请给出文件名")


def _write(doc: _Doc, target: Path) -> None:
    # the drafting writer's temp-file-and-rename: an interrupted run never leaves half a file
    from assistant.services.drafting.writers import OutputError, atomic_write

    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise FixError(f"无法写入修订稿 {target}：{parent} 是文件，不是文件夹")
    try:
        atomic_write(target, doc.save)
    except OutputError as e:
        why = str(e).split("：", 1)[-1]
        raise FixError(f"无法写入修订稿 {target}：{why}") from e


def _changes(lines: list[str], edits: list[Edit]) -> list[Change]:
    out = []
    for e in edits:
        text = lines[e.line - 1]
        a, b = max(e.start - _CONTEXT, 0), min(e.end + _CONTEXT, len(text))
        out.append(Change(line=e.line, check=e.check, before=text[a:b],
                          after=text[a:e.start] + e.new + text[e.end:b]))
    return out


class _TextDoc:
    """A .txt/.md file as its lines, edited where the loader's line is the file's line as written (no control
    characters removed), and written back in its own encoding with its own line endings."""

    def __init__(self, path: Path, limits: InputLimits) -> None:
        self.name, self.limits = str(path), limits
        text, encoding = decode_text(path.read_bytes(), self.name)
        # "utf-8 (last character cut off)" is written as UTF-8; the cut character is gone already
        self.encoding = "utf-8" if encoding.startswith("utf-8 (") else encoding
        self.bom = text[: len(text) - len(text.lstrip("\ufeff"))]
        parts = _NEWLINE.split(text[len(self.bom):])
        self.lines, self.ends = parts[0::2], parts[1::2]

    def text(self) -> str:
        return self.bom + "".join(line + end for line, end in zip(self.lines, [*self.ends, ""], strict=True))

    def source(self) -> SourceDoc:
        return load_text(self.text(), self.name, self.limits)

    def apply(self, group: list[Edit]) -> bool:
        if any(e.line > len(self.lines) or printable(self.lines[e.line - 1]) != self.lines[e.line - 1]
               for e in group):
            return False
        for e in sorted(group, key=lambda e: (e.line, -e.start)):  # right to left: columns stay valid
            line = self.lines[e.line - 1]
            self.lines[e.line - 1] = line[: e.start] + e.new + line[e.end:]
        return True

    def save(self, path: Path) -> None:
        path.write_bytes(self.text().encode(self.encoding))


class _DocxDoc:
    """A .docx opened with python-docx; a line is edited through its paragraph's runs (docx_runs.py)."""

    def __init__(self, path: Path) -> None:
        import docx  # python-docx: only when a .docx is fixed

        self.name = str(path)
        try:
            self.document = docx.Document(io.BytesIO(path.read_bytes()))
        except Exception as e:  # load_source has read it already; a failure here is the same damage
            raise LoadError(f"{path}：无法读取的 .docx（{e.__class__.__name__}）") from e

    def _lines(self) -> list[Any]:
        from assistant.domain.docx_reader import document_lines  # imports python-docx

        return document_lines(self.document)

    def source(self) -> SourceDoc:
        lines = self._lines()
        levels = {n: ln.level for n, ln in enumerate(lines, start=1) if ln.level is not None and ln.text.strip()}
        return SourceDoc(path=self.name, lines=[ln.text for ln in lines], encoding="docx", heading_levels=levels)

    def apply(self, group: list[Edit]) -> bool:
        lines = self._lines()
        by_line: dict[int, list[tuple[int, int, str]]] = {}
        for e in group:
            line = lines[e.line - 1] if e.line <= len(lines) else None
            if line is None or line.paragraph is None or e.start < line.label_len or "\r" in line.paragraph.text:
                return False  # a table row, Word's own number, or a paragraph whose columns would not match
            shift = line.lead - line.label_len
            by_line.setdefault(e.line, []).append((e.start + shift, e.end + shift, e.new))
        # all or nothing: a renumbered list is not left half done
        if not all(edit_paragraph(lines[n - 1].paragraph, edits, check_only=True) for n, edits in by_line.items()):
            return False
        for n, edits in by_line.items():
            edit_paragraph(lines[n - 1].paragraph, edits)
        return True

    def save(self, path: Path) -> None:
        self.document.save(str(path))
