"""`critique --originality`: passages of the draft that stand (nearly) verbatim in an indexed report.

Each passage of at least `originality_min_chars` characters (punctuation and spaces not counted) found in
another indexed report is a `copied-passage` finding naming that report's title, file and line: info while the
copied share of the text stays under `originality_warn_share`, the rubric's severity (warning) past it. The
report itself (the same content indexed, also from another file; or the same file) is not compared with itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.domain.models import Finding, Severity

if TYPE_CHECKING:
    from assistant.domain.parse import ParsedDocument
    from assistant.domain.rubric import Rubric
    from assistant.services.index.copies import Passage
    from assistant.settings import Settings

CHECK = "copied-passage"
EVIDENCE_MAX = 60


class SourceShare(BaseModel):
    title: str
    source: str
    share: float = Field(description="share of the draft's characters (no punctuation) found in this report")
    passages: int


class OriginalitySummary(BaseModel):
    indexed_reports: int
    share: float = Field(description="share of the draft's characters found in other indexed reports")
    sources: list[SourceShare] = Field(default_factory=list)


def check(parsed: ParsedDocument, rubric: Rubric, settings: Settings, path: Path | None = None
          ) -> tuple[list[Finding], OriginalitySummary | None, list[str]]:
    """(findings, summary, notes). Raises shingle_store.OriginalityUnavailable when there is no index."""
    from assistant.services.index import copies, shingle_store
    from assistant.services.index.chunking import report_key
    from assistant.services.index.shingles import norm_hash

    level = rubric.severity(CHECK)
    if level == "off":
        return [], None, []
    index, note = shingle_store.load_for(settings)
    notes = [note] if note else []
    tuning = copies.Tuning(min_chars=settings.originality_min_chars, common=settings.originality_common_share)
    own = str(path.resolve()) if path is not None else None
    found: list[copies.Passage] = []
    total = 0
    for r in parsed.reports:
        query = copies.Query.of(parsed.lines[r.start_line - 1 : r.end_line], r.start_line)
        total += len(query.text)
        key, norm = report_key(r), norm_hash(query.text)
        exclude = {i for i, rec in enumerate(index.reports)
                   if rec.get("key") == key or rec.get("norm") == norm or (own and rec.get("path") == own)}
        found += copies.find(index, query, exclude=exclude, tuning=tuning)
    share, per = copies.shares(found, total)
    sev = Severity(level) if share > settings.originality_warn_share else Severity.info
    # Evidence as the file has it (the raw line), where cleaning kept its length (a D for 党 is one for one).
    lines = [raw if len(raw) == len(clean) else clean for raw, clean in zip(parsed.raw_lines, parsed.lines, strict=False)]
    roles = {n: s.role.value for r in parsed.reports for s in r.sections for n in range(s.start_line, s.end_line + 1)}
    findings = [_finding(p, index.reports[p.doc], lines, sev).model_copy(update={"part": roles.get(p.line)})
                for p in found]
    sources = [SourceShare(title=index.reports[d]["title"], source=index.reports[d]["source"], share=round(s, 4),
                           passages=sum(1 for p in found if p.doc == d))
               for d, s in sorted(per.items(), key=lambda kv: -kv[1])]
    summary = OriginalitySummary(indexed_reports=index.size, share=round(share, 4), sources=sources)
    if found:
        top = "；".join(f"《{s.title}》{s.share:.0%}" for s in sources[:3])
        notes.append(f"查重：全文约 {share:.0%} 的文字与已索引的其他报告相同（{top}）")
    return findings, summary, notes


def _finding(p: Passage, rec: dict[str, Any], lines: list[str], sev: Severity) -> Finding:
    line = lines[p.line - 1]
    start = p.column - 1
    evidence = _cut(line, start, p.chars) if p.end_line == p.line else line[start:]
    span = f"第{p.line}行" if p.end_line == p.line else f"第{p.line}—{p.end_line}行"
    return Finding(check=CHECK, severity=sev, line=p.line, column=p.column, evidence=evidence[:EVIDENCE_MAX],
                   message=f"{span}约 {p.chars} 字与已索引的报告《{rec['title']}》（{rec['source']} "
                           f"第{p.source_line}行起）相同或基本相同",
                   suggestion="请改用本单位自己的表述；确需沿用的，核对其中的单位名称、数字和时间")


def _cut(line: str, start: int, chars: int) -> str:
    """The line from `start` through its `chars`-th character that is not punctuation or a space."""
    from assistant.services.index.shingles import normalise

    n, end = 0, start
    while end < len(line) and n < chars:
        n += len(normalise(line[end]))
        end += 1
    return line[start:end]
