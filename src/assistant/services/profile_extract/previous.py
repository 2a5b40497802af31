"""Last year's 述职报告 (--previous): its admitted problems become this year's rectification entries, to be
confirmed. Parsed with the project's parser (domain/parse.py); each problem keeps where it stands in the file,
in the labels' format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.models import Role
from assistant.domain.numbering import leading_marker
from assistant.domain.profile import MAX_ITEMS
from assistant.services.profile_extract.model import Found
from assistant.services.profile_extract.sources import Segment, SourceError, read_source

LONG = 60  # a problem item longer than this is stated by its first sentence (the rest is its evidence)


@dataclass
class LastYear:
    year: int | None
    problems: list[Found] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _statement(text: str) -> str:
    t = " ".join(text.split())
    m = leading_marker(t)
    if m:
        t = t[m.end:].strip()
    if len(t) > LONG:
        first = re.match(r"^(.{4,}?[。；！？])", t)
        if first:
            t = first.group(1)
    return t.rstrip("。；;")


def _where(text: str, segments: list[Segment]) -> list[str]:
    probe = " ".join(text.split())[:20]
    return [s.where for s in segments if probe and probe in " ".join(s.text.split())][:1]


def read_last_year(path: Path) -> LastYear:
    """Last year's problems; SourceError (one Chinese line) when the file cannot be read."""
    from assistant.domain.loader import LoadError
    from assistant.domain.parse import parse_file

    if path.suffix.lower() not in (".docx", ".txt", ".md", ".markdown", ".text"):
        raise SourceError(f"{path}：上年度述职报告请用 .docx 或 .txt 文件")
    segments = read_source(path).segments  # the same checks and messages as the summary
    try:
        parsed = parse_file(path)
    except LoadError as e:
        raise SourceError(f"{path}：无法读取上年度述职报告（{e}）") from e
    if not parsed.reports:
        return LastYear(None, notes=[f"{path}：没有读出述职报告的结构，未取到上年度的问题"])
    report = max(parsed.reports, key=lambda r: r.end_line - r.start_line)
    out = LastYear(report.year)
    for sec in report.sections:
        if sec.role != Role.problems:
            continue
        texts = [it.text for it in sec.items] or [
            line for line in sec.text.split("\n")[(1 if sec.heading else 0):] if line.strip()]
        for t in texts:
            s = _statement(t)
            if len(s) >= 4:
                out.problems.append(Found(text=s, where=_where(t, segments)))
    if not out.problems:
        out.notes.append(f"{path.name}：没有找到“存在问题”部分，未取到上年度的问题；整改情况请手工填写")
    elif len(out.problems) > MAX_ITEMS:
        out.notes.append(f"{path.name}：上年度问题有 {len(out.problems)} 条，只取前 {MAX_ITEMS} 条")
        out.problems = out.problems[:MAX_ITEMS]
    return out
