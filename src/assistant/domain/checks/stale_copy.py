"""stale-copy (critique --previous): last year's year left in this year's text where the sentence speaks of this
year, as when last year's report was copied and not brought up to date.

Which year a sentence speaks of is the dated-expression machinery's (checks/dated.py): this year's work the
report's year, the plans the next year, the closing either. Last year's year Y-1 is reported
  - at the head of a clause of this year's work (2023年，…; 2023年以来，我始终…), as a year of the opening or
    the achievements speaks of the report's own year;
  - in the plans or the closing, as a target or time (确保圆满完成2023年…), by stale-year-target's patterns
    for Y-1 (dated._target_patterns);
  - anywhere else in a sentence copied from last year's report (its bigrams nearly all there), where Y-1 was
    that report's own year.
A mention that is about last year is not: a comparison (比上年, 较2023年, 与2023年相比), a point of time or a
baseline (2023年底, 2023年同期), last year's review or its feedback (2023年度述职评议指出的问题), a range of
years (2021—2023年), a time since which (自2023年…), and the rectification part, which quotes last year.
"""

from __future__ import annotations

import re

from assistant.domain.checks.base import Ctx
from assistant.domain.checks.dated import _target_patterns, _years_spoken_of
from assistant.domain.checks.previous import _SENTENCE, dice
from assistant.domain.models import Finding, Role

_CLAUSE_HEAD = re.compile(r"(?:^|[。；！？：，,])\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)])?\s*$")
# What after "Y年" makes it a mention of last year rather than this year's time.
_ABOUT_LAST = re.compile(
    r"^度?(?:述职|评议|巡视|巡察|反馈|查摆|检视|问题|整改|审计|督查|考核|民主生活会|组织生活会|工作总结|"
    r"底|末|年底|年末|同期|的基础上|基础上|水平|数|相比|比较|对比)")
_BEFORE_LAST = re.compile(r"(?:比|较|同比|与|对比|相比|较之|自|从|截至|截止|于|在)\s*$")
_RANGE = re.compile(r"(?:[0-9]{4}\s*年?\s*[—\-－~～至到]\s*$)")
_RANGE_AFTER = re.compile(r"^\s*[—\-－~～至到]\s*[0-9]{4}")
_SKIP = {Role.rectification, Role.title}
# The year as the clause's topic (2023年，… / 2023年以来，…), not a date (2023年12月，…).
_TOPIC = re.compile(r"度?(?:以来|来)?(?<!\s)\s*[，,]|度?以来")  # (?<!\s): one scan per run of spaces


def _legit(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 6): start], text[end:]
    return bool(_ABOUT_LAST.match(after) or _BEFORE_LAST.search(before) or _RANGE.search(before)
                or _RANGE_AFTER.match(after))


def _sentence_at(text: str, pos: int) -> str:
    starts = [m.end() for m in _SENTENCE.finditer(text, 0, pos)]
    a = starts[-1] if starts else 0
    m = _SENTENCE.search(text, pos)
    return text[a: m.start() if m else len(text)]


def _copied(sentence: str, last: Ctx, threshold: float) -> tuple[int, str] | None:
    """The line of last year's report holding a sentence this one nearly copies."""
    best: tuple[float, int, str] = (0.0, 0, "")
    for n, t in last.all_lines():
        for s in _SENTENCE.split(t):
            if len(s) >= 8:
                d = dice(sentence, s)
                if d > best[0]:
                    best = (d, n, s)
    return (best[1], best[2]) if best[0] >= threshold else None


def stale_copies(this: Ctx, last: Ctx | None, threshold: float, taken: set[int]) -> list[Finding]:
    """stale-copy findings of this year's report; `taken` are lines an existing year check already reports."""
    if this.year is None:
        return []
    y = this.year - 1
    year_re = re.compile(rf"(?<![0-9]){y}\s*年")
    out: list[Finding] = []
    roles = {s.role for s in this.report.sections} - _SKIP
    for n, text in this.text_lines(roles):
        if n in taken:
            continue
        part = this.part_at(n)
        spoken = _years_spoken_of(this, part)
        hit: tuple[int, int, tuple[int, str] | None] | None = None
        if part in (Role.plans.value, Role.closing.value):
            m = next((m for p in _target_patterns(y) if (m := p.search(text))), None)
            if m is not None:
                ys = text.index(str(y), m.start())
                hit = (ys, ys + len(str(y)) + 1, None)
        for m in year_re.finditer(text):
            if hit is not None:
                break
            if _legit(text, m.start(), m.end()):
                continue
            if this.year in spoken and _CLAUSE_HEAD.search(text[: m.start()]) and _TOPIC.match(text, m.end()):
                hit = (m.start(), m.end(), None)
            elif last is not None and last.year == y:
                src = _copied(_sentence_at(text, m.start()), last, threshold)
                if src is not None:
                    hit = (m.start(), m.end(), src)
        if hit is None:
            continue
        s, e, src = hit
        src_text = f"（上年度报告第{src[0]}行“{src[1][:40]}”）" if src else ""
        f = this.finding("stale-copy", n,
                         f"{y}年是上一年度，第{n}行这句话说的却是{this.year}年的工作或打算，像是沿用上年度的稿子"
                         f"没有改" + src_text,
                         f"改为{this.year}年（下一步打算改为{this.year + 1}年），或核对这句话是否还符合今年的情况。",
                         span=(s, e), context=10)
        if f:
            out.append(f.model_copy(update={"previous_line": src[0], "previous_evidence": src[1][:80]}) if src else f)
    return out
