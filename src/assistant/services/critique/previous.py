"""critique --previous LAST / --facts PROFILE: this year's report compared with last year's.

load_previous reads last year's report (any format the critique reads) and the profile's `previous_report` and
`rectifications` feedback, refusing with one Chinese line what cannot be compared (missing, unreadable, not a
report, several reports). previous_findings runs the comparison on one report of this year's file
(domain/checks/previous.py, rectified.py, stale_copy.py; with an LLM, previous_judge.py): a report of the same year is refused, one of another year than the
one before, or of another unit, gets a note and is still compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.domain.checks.base import Ctx, Embed
from assistant.domain.checks.previous import Thresholds, compare, dice
from assistant.domain.checks.shortcoming import MatchWeights
from assistant.domain.checks.stale_copy import stale_copies
from assistant.domain.loader import InputLimits, LoadError, load_source
from assistant.domain.models import Finding, Report, Role
from assistant.domain.parse import ParsedDocument, parse_source
from assistant.domain.profile import ProfileError, load_profile
from assistant.domain.rubric import Rubric
from assistant.settings import Settings

# Year checks that already report a line: stale-copy does not report it again.
_YEAR_CHECKS = {"dated-expression", "stale-year-target", "year-mismatch"}
_POST = re.compile(r"(?:党(?:委|总支|支部|组|工委)?)?(?:副)?书记$|第一书记$|(?:主任|负责人|同志|本人)$")
_YEAR_IN_TITLE = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}\s*年")


class PreviousError(ValueError):
    """Last year's report or the profile cannot be used: one Chinese line for the user."""


@dataclass
class Previous:
    """Last year's report (None when only the profile's feedback is given) and the profile's feedback items."""

    source: str
    parsed: ParsedDocument | None = None
    feedback: list[str] = field(default_factory=list)


def load_previous(path: Path | None, facts: Path | None, settings: Settings | None = None) -> Previous:
    feedback: list[str] = []
    if facts is not None:
        try:
            profile = load_profile(facts)
        except ProfileError as e:
            raise PreviousError(f"单位资料 {facts} 无法使用：{e}") from e
        feedback = [r.feedback for r in profile.rectifications]
        if path is None and profile.previous_report:
            path = (facts.parent / profile.previous_report) if not Path(profile.previous_report).is_absolute() \
                else Path(profile.previous_report)
    if path is None:
        return Previous(source=str(facts), feedback=feedback)
    try:
        parsed = parse_source(load_source(path, InputLimits.of(settings)))
    except LoadError as e:
        raise PreviousError(f"上年度报告 {path} 无法读取：{e}") from e
    reports = [r for r in parsed.reports if any(s.role != Role.unknown for s in r.sections)]
    if not reports:
        raise PreviousError(f"上年度报告 {path} 看不出是述职报告（没有标题，也没有可识别的部分）")
    if len(reports) > 1:
        raise PreviousError(f"上年度报告 {path} 中有{len(reports)}篇报告，请只给出本单位上一年度的那一篇")
    return Previous(source=str(path), parsed=parsed, feedback=feedback)


def unit_of(title: str) -> str:
    """The unit a title names before its year (青山村党支部书记2024年… → 青山村), or "" when it names none."""
    m = _YEAR_IN_TITLE.search(title)
    if m is None:
        return ""
    return _POST.sub("", title[: m.start()].strip()).strip()


def _ctx(parsed: ParsedDocument, report: Report, rubric: Rubric, year: int | None, embed: Embed | None) -> Ctx:
    return Ctx(report=report, raw=parsed.raw_lines, clean=parsed.lines, rubric=rubric, year=year, embed=embed)


def thresholds(settings: Settings | None) -> Thresholds:
    s = settings or Settings()
    match = MatchWeights(head_weight=s.previous_match_head_weight, aspect_weight=s.previous_match_aspect_weight,
                         aspect_neutral=s.previous_match_aspect_neutral,
                         lexical_weight=s.previous_match_lexical_weight, topic_best=s.previous_match_topic_best,
                         head_clash=s.previous_match_head_clash, margin=s.previous_match_margin)
    return Thresholds(repeat=s.previous_repeat_threshold, plan=s.previous_plan_threshold,
                      rectified=s.previous_rectified_threshold, match=match, answer=s.previous_answer_threshold,
                      in_order=s.previous_in_order_floor)


def previous_findings(parsed: ParsedDocument, report: Report, year: int | None, found: list[Finding],
                      previous: Previous, rubric: Rubric, settings: Settings | None, notes: list[str],
                      embed: Embed | None, judge: bool = False) -> list[Finding]:
    """The year-on-year findings of one report; `found` are its findings so far (not reported twice). `judge`:
    the LLM decides repeated-problem and unrectified where it validly judged (previous_judge.py)."""
    from assistant.services.critique.run import report_year

    th = thresholds(settings)
    this = _ctx(parsed, report, rubric, year, embed)
    if previous.parsed is None:  # only the profile's feedback: is it rectified?
        from assistant.domain.checks.previous import Compare
        from assistant.domain.checks.rectified import unrectified

        return unrectified(Compare(this, this, th.match), previous.feedback, th, last_problems=False) \
            if previous.feedback else []
    last_report = previous.parsed.reports[0]
    last_year = report_year(last_report)
    src = previous.source
    if year is not None and last_year == year:
        raise PreviousError(f"上年度报告 {src} 也是{year}年的，与本报告同一年：请给出{year - 1}年的述职报告")
    if year is not None and last_year is not None and last_year != year - 1:
        notes.append(f"上年度报告 {src} 是{last_year}年的，本报告是{year}年的（上一年度应为{year - 1}年），仍照常比对")
    elif last_year is None:
        notes.append(f"未能从上年度报告 {src} 的标题或开头识别年度，仍照常比对")
    mine, theirs = unit_of(report.title), unit_of(last_report.title)
    if mine and theirs and mine not in theirs and theirs not in mine and dice(mine, theirs) < 0.5:
        notes.append(f"上年度报告 {src} 的单位“{theirs}”与本报告的“{mine}”不同，仍照常比对，请确认没有选错文件")
    last = _ctx(previous.parsed, last_report, rubric, last_year, embed)
    out = compare(this, last, previous.feedback, th)
    if judge and settings is not None:
        from assistant.services.critique.previous_judge import judged_findings

        out = judged_findings(this, last, out, settings, notes)
    taken = {f.line for f in found if f.check in _YEAR_CHECKS and f.line is not None}
    out += stale_copies(this, last, th.plan, taken)
    return out
