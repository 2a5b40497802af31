"""The critique: parse a draft, run the deterministic checks on each report, optionally add the LLM review,
and score the result. Nothing here imports the vector store or the LLM client unless the LLM review runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.domain.loader import InputLimits, load_bytes, load_source, load_text
from assistant.domain.models import Finding, Report, Role, Severity
from assistant.domain.parse import parse_source
from assistant.domain.rubric import Rubric
from assistant.domain.text import YEAR_RE
from assistant.services.critique.disputes import apply_disputes
from assistant.services.critique.originality import OriginalitySummary
from assistant.services.critique.quotes import invented_figures, named_role, norm, quoted_lines, specific
from assistant.services.critique.review import Review, review, reviewable

# local_embed imports numpy only when it runs: when a problem is compared with the plans
from assistant.services.index.embedding import local_embed
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.domain.parse import ParsedDocument
    from assistant.services.critique.previous import Previous

# Points taken off the structure score per finding (capped per check), out of 100.
_PENALTY = {"part-order": (10, 20), "numbering": (5, 20), "problems-share": (10, 10), "too-long": (5, 5)}
_YEAR = YEAR_RE


class NotAReportError(ValueError):
    """The text has no part of a 述职报告 at all (no title, no recognisable part): nothing to check."""


class PartOut(BaseModel):
    role: str
    start_line: int
    end_line: int
    report: str = Field(description="id of the report the part belongs to")


class Score(BaseModel):
    structure: int = Field(ge=0, le=100)
    errors: int
    warnings: int


class ReportOut(BaseModel):
    id: str
    title: str
    year: int | None
    start_line: int
    end_line: int
    score: Score


class CritiqueResult(BaseModel):
    """`parts`, `findings` and `score` are the stable JSON interface; `reports` and `notes` add to it."""

    source: str
    parts: list[PartOut]
    findings: list[Finding]
    score: Score
    reports: list[ReportOut] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    originality: OriginalitySummary | None = Field(default=None, description="--originality: the share of the text "
                                                   "found in other indexed reports, per source")

    @property
    def has_errors(self) -> bool:
        return any(f.severity == Severity.error for f in self.findings)


def report_year(report: Report) -> int | None:
    """The report's year: from its title (the parser's), else the first year named in its opening."""
    if report.year is not None:
        return report.year
    for sec in report.sections:
        if sec.role in (Role.title, Role.opening):
            m = _YEAR.search(sec.text)
            if m:
                return int(m.group(1))
    return None


def score_of(findings: list[Finding], rubric: Rubric) -> Score:
    structure = 100
    for f in findings:
        if f.check == "missing-part" and f.part:
            rule = rubric.part(Role(f.part)) if f.part in Role.__members__ else None
            structure -= 25 if rule is not None and rule.requirement == "required" else 10
    for check, (each, cap) in _PENALTY.items():
        structure -= min(each * sum(1 for f in findings if f.check == check), cap)
    return Score(structure=max(structure, 0),
                 errors=sum(1 for f in findings if f.severity == Severity.error),
                 warnings=sum(1 for f in findings if f.severity == Severity.warning))


def merge_llm(rule_findings: list[Finding], llm_findings: list[Finding], raw_lines: list[str],
              clean_lines: list[str], same_as: dict[str, str] | None = None,
              parts: list[PartOut] | None = None) -> tuple[list[Finding], int]:
    """Keep LLM findings whose evidence is specific (quotes.MIN_QUOTE_CHARS) and occurs in the draft (at the line
    it occurs on; within the part the finding names, when it names one and `parts` are given) and whose message
    states no figure the draft does not hold (the finding is dropped: built on an invented fact, it is not worth
    its remaining words); drop those that repeat a deterministic finding (same check, or the check its review
    point is `same_as`, and same line) or each other. Returns (kept, dropped count)."""
    same_as = same_as or {}
    taken = {(f.check, f.line) for f in rule_findings}
    seen: set[tuple[str, str]] = set()
    kept: list[Finding] = []
    report_text = "\n".join(raw_lines + clean_lines)
    for f in llm_findings:
        ev = norm(f.evidence)
        if not specific(ev):
            continue
        hits = quoted_lines(ev, raw_lines, clean_lines)
        role = named_role(f.part) if parts is not None else None
        if role is not None:
            hits = [n for n in hits if _part_at(parts or [], n) == role.value]
        if not hits or invented_figures(f.message, report_text):
            continue  # the model may not invent problems, nor the facts it states them with
        line = f.line if f.line in hits else hits[0]
        if (f.check, line) in taken or (same_as.get(f.check), line) in taken or (f.check, ev) in seen:
            continue
        seen.add((f.check, ev))
        raw = raw_lines[line - 1]
        col = raw.find(f.evidence.strip())
        kept.append(f.model_copy(update={"line": line, "column": col + 1 if col >= 0 else None, "source": "llm"}))
    return kept, len(llm_findings) - len(kept)


def _part_at(parts: list[PartOut], line: int | None) -> str | None:
    return next((p.role for p in parts if line is not None and p.start_line <= line <= p.end_line), None)


def _llm_review(text: str, findings: list[Finding], rubric: Rubric, settings: Settings,
                notes: list[str]) -> Review | None:
    try:
        return review(text, findings, rubric, settings)
    except Exception as e:  # any failure of the review must leave the rule report intact
        first = (str(e).strip().splitlines() or [e.__class__.__name__])[0]
        notes.append(f"LLM 评审失败（{first}），以下只有规则检查的结果")
        return None


def critique_parsed(parsed: ParsedDocument, *, rubric: Rubric, year: int | None = None, llm: bool = False,
                    settings: Settings | None = None, previous: Previous | None = None,
                    originality: bool | None = False, path: Path | None = None,
                    judge_previous: bool | None = None) -> CritiqueResult:
    """Check every report of a parsed document; add the LLM review when asked and an API is configured; compare
    each report with last year's when `previous` is given (services/critique/previous.py; the LLM judges the
    repeats and the rectification when `judge_previous`, by default `llm`, and an API is configured), and with the
    indexed reports when `originality` is on (services/critique/originality.py)."""
    from assistant.domain.checks import check_report  # imports numpy: only when checking

    notes: list[str] = []
    findings: list[Finding] = []
    parts: list[PartOut] = []
    reports: list[ReportOut] = []
    judge = (llm if judge_previous is None else judge_previous) and settings is not None and settings.api_configured
    if not any(s.role != Role.unknown for r in parsed.reports for s in r.sections):
        raise NotAReportError(f"{parsed.source}: 看不出是述职报告（没有标题，也没有可识别的部分），未做检查")
    for r in parsed.reports:
        y = year if year is not None else report_year(r)
        if y is None:
            label = f"“{r.title}”" if r.title else f"第{r.start_line}行起的报告"
            notes.append(f"{label}：未能从标题或开头识别年度，跳过过时提法和目标年份的检查（可用 --year 指定）")
        fs = check_report(parsed, r, rubric, y, embed=local_embed)
        if previous is not None:
            from assistant.services.critique.previous import previous_findings

            fs = sorted(fs + previous_findings(parsed, r, y, fs, previous, rubric, settings, notes, local_embed,
                                                       judge),
                        key=lambda f: f.line or 0)
        findings += fs
        parts += [PartOut(role=s.role.value, start_line=s.start_line, end_line=s.end_line, report=r.id)
                  for s in r.sections]
        reports.append(ReportOut(id=r.id, title=r.title, year=y, start_line=r.start_line, end_line=r.end_line,
                                 score=score_of(fs, rubric)))
    if llm and settings is not None and settings.api_configured:
        text = "\n".join(parsed.raw_lines)
        answer = _llm_review(text, findings, rubric, settings, notes)
        extra = answer.findings if answer else []
        if answer and answer.disputes:
            findings, upheld, set_aside = apply_disputes(findings, answer.disputes, parsed.raw_lines, parsed.lines,
                                                         parts, reviewable(rubric))
            if upheld:
                notes.append(f"LLM 评审：{upheld} 条规则提示经复核认为已有回应，降为提示（info），请人工确认")
            if set_aside:
                notes.append(f"LLM 评审：{set_aside} 条复核意见不针对可复核的规则提示或引文不在相应部分，已舍去")
        kept, dropped = merge_llm(findings, extra, parsed.raw_lines, parsed.lines, rubric.same_as(), parts)
        # The part is the role of the line the quote is on, whatever the model called it ("存在问题").
        kept = [f.model_copy(update={"part": _part_at(parts, f.line)}) for f in kept]
        if dropped:
            notes.append(f"LLM 评审：{dropped} 条意见引文过短、不在原文（或所指部分）中、所述数字原文没有，或与规则检查重复，已舍去")
        findings = sorted(findings + kept, key=lambda f: (f.line or 0, f.source))
    elif llm:
        notes.append("LLM 评审未运行：没有配置 API（base_url 或 api_key）")
    summary = None
    if originality is not False and settings is not None:
        copied, summary = _originality(parsed, rubric, settings, path, notes, asked=bool(originality))
        findings = sorted(findings + copied, key=lambda f: (f.line or 0, f.source))
    worst = min((rep.score.structure for rep in reports), default=0)
    score = Score(structure=worst, errors=sum(1 for f in findings if f.severity == Severity.error),
                  warnings=sum(1 for f in findings if f.severity == Severity.warning))
    return CritiqueResult(source=parsed.source, parts=parts, findings=findings, score=score, reports=reports,
                          notes=notes, originality=summary)


def _originality(parsed: ParsedDocument, rubric: Rubric, settings: Settings, path: Path | None, notes: list[str],
                 asked: bool) -> tuple[list[Finding], OriginalitySummary | None]:
    """copied-passage findings; without an index, a note when asked (--originality), nothing otherwise."""
    from assistant.services.critique import originality as orig
    from assistant.services.index.shingle_store import OriginalityUnavailable

    try:
        found, summary, more = orig.check(parsed, rubric, settings, path)
    except OriginalityUnavailable as e:
        if asked:
            notes.append(str(e))
        return [], None
    notes.extend(more)
    return found, summary


def critique_text(text: str, *, name: str, rubric: Rubric, year: int | None = None, llm: bool = False,
                  settings: Settings | None = None, previous: Previous | None = None,
                  judge_previous: bool | None = None) -> CritiqueResult:
    return critique_parsed(parse_source(load_text(text, name, InputLimits.of(settings))), rubric=rubric, year=year, llm=llm,
                           settings=settings, previous=previous, judge_previous=judge_previous)


def critique_file(path: Path | str, *, rubric: Rubric, year: int | None = None, llm: bool = False,
                  settings: Settings | None = None, previous: Previous | None = None,
                  originality: bool | None = False, judge_previous: bool | None = None) -> CritiqueResult:
    """Critique a .txt/.md/.docx file. Raises LoadError (one line) for a file that cannot be read."""
    return critique_parsed(parse_source(load_source(path, InputLimits.of(settings))), rubric=rubric, year=year, llm=llm,
                           settings=settings, previous=previous, originality=originality, path=Path(path),
                           judge_previous=judge_previous)


def critique_bytes(data: bytes, *, name: str, rubric: Rubric, year: int | None = None, llm: bool = False,
                   settings: Settings | None = None, previous: Previous | None = None,
                   originality: bool | None = False) -> CritiqueResult:
    """Critique text arriving as bytes (stdin), in UTF-8 or GB18030."""
    return critique_parsed(parse_source(load_bytes(data, name, InputLimits.of(settings))), rubric=rubric, year=year, llm=llm,
                           settings=settings, previous=previous, originality=originality)


def structural_findings(parsed: ParsedDocument, rubric: Rubric) -> list[Finding]:
    """missing-part, part-order, numbering and placeholder findings, for drafting's repair loop."""
    # imports numpy: only when checking
    from assistant.domain.checks import structural_findings as _structural

    return _structural(parsed, rubric)
