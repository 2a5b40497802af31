"""Five-year-plan arithmetic for dated-expression: which plan a year belongs to, its phase in that plan, and
whether a sentence's "十四五开局之年" fits the year the sentence speaks of.

Computed, not listed: the N-th plan runs from 1966 + 5 × (N − 3) for five years (三五 1966–1970 … 十三五
2016–2020, 十四五 2021–2025, 十五五 2026–2030, 十六五 2031–2035), so a table needs no new row each plan.
A plan's name is current as this year's work from the year before it starts (its proposals are adopted in
the October before: “十四五” in a 2020 report) to its last year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain.numbering import cn_to_int, int_to_cn

# Chinese numerals are read and written by domain/numbering.py; these names are kept for callers of this module.
cn_number = cn_to_int
cn_numeral = int_to_cn


@dataclass(frozen=True)
class Plan:
    ordinal: int

    @property
    def first(self) -> int:
        return 1966 + 5 * (self.ordinal - 3)

    @property
    def last(self) -> int:
        return self.first + 4

    @property
    def name(self) -> str:
        return f"“{int_to_cn(self.ordinal)}五”"

    def current(self, year: int) -> bool:
        """Current as this year's work: from the autumn before its first year to its last year."""
        return self.first - 1 <= year <= self.last

    def phase(self, year: int) -> str:
        """first, middle, last; before (the year before it starts, when it is drawn up); outside."""
        if year == self.first:
            return "first"
        if year == self.last:
            return "last"
        if self.first < year < self.last:
            return "middle"
        if year == self.first - 1:
            return "before"
        return "outside"


def plan_of(year: int) -> Plan:
    """The plan in which `year` falls (from 三五, 1966, on)."""
    return Plan(3 + (year - 1966) // 5)


def describe(year: int) -> str:
    """What `year` is in its plan: 2026年是“十五五”开局之年, 2024年是“十四五”的第4年."""
    plan = plan_of(year)
    phase = plan.phase(year)
    if phase == "first":
        return f"{year}年是{plan.name}开局之年"
    if phase == "last":
        return f"{year}年是{plan.name}收官之年"
    return f"{year}年是{plan.name}的第{year - plan.first + 1}年"


# A plan's name: 十一五 … 十九五 (十五 alone is ordinary text, and so are 三五成群 and 九五之尊).
PLAN_NAME = re.compile(r"(?<![0-9一二三四五六七八九十百千万零〇两第])(十[一二三四五六七八九])五"
                       r"(?![0-9一二三四五六七八九十百千万零〇两个年岁人名次位天号届条项])")

# The phase a sentence gives the year it speaks of, right after the plan's name (“十四五”规划实施的关键之年).
_PHASES: list[tuple[str, str]] = [
    ("first", r"开局起步|开局|起步|开篇|首"),
    ("last", r"收官决胜|决胜收官|收官|决胜|最后一"),
    ("middle", r"承上启下|关键|攻坚|中期"),
    ("before", r"谋篇布局|谋划|编制"),
]
_PHASE_WORD = "|".join(f"(?P<{name}>{words})" for name, words in _PHASES)
# name … phase word … 之年/年/一年 within one clause; 中期评估 needs no 年. A clause ends at punctuation or at
# another plan's name; “十四五”收官和“十五五”谋篇布局之年 gives each plan its own phase.
_LOOSE = r"的?新起点|的?新征程|为契机|的契机|之际|之时|任务|目标|[，。；！？,;!?]|$"
_GAP = r"(?:(?!十[一二三四五六七八九]五)[^，。；！？：,;!?\n]){0,8}?"
_CLAIM = re.compile(
    r"[”\"]?" + _GAP + f"(?:(?:{_PHASE_WORD})"
    + r"(?:(?P<eval>评估)|的?(?:之年|一年|年(?![0-9]|度|底|初|以来|来))|[和与暨、][^，。；！？：,;!?\n]{0,16}?之年)"
    # 为“十五五”开好局、起好步 / 确保“十四五”圆满收官: the phase as an aim, with no 之年
    + r"|(?P<good_first>开好局|起好步|开好头|开局起步)|(?P<good_last>收好官|圆满收官|完美收官|胜利收官)"
    # 以“十四五”开局为契机 / 站在“十三五”开局的新起点 / 紧扣“十四五”规划收官任务 / 围绕“十四五”规划开局，: the
    # start or the end named as the time spoken of, with no 之年 (开局以来 is a span of time, not a claim)
    + r"|(?P<loose_first>开局)(?=" + _LOOSE + r")|(?P<loose_last>收官)(?=" + _LOOSE + r"))"
)
_PHASE_ZH = {"first": "开局之年", "last": "收官之年", "middle": "中间年份（关键之年、攻坚之年）",
             "before": "谋篇布局之年（规划编制之年）"}

# The year a clause speaks of, named before the plan in the same sentence: 2026年, 今年, 明年, 去年.
_ANCHOR = re.compile(r"(20[0-9]{2})年(?!度?(?:以来|来|底前|前))|(今年|本年度|明年|来年|新的一年|去年|上一年)")
_RELATIVE = {"今年": 0, "本年度": 0, "明年": 1, "来年": 1, "新的一年": 1, "去年": -1, "上一年": -1}


@dataclass(frozen=True)
class PlanHit:
    start: int
    end: int
    plan: Plan
    year: int | None  # the year named before it in its sentence (2026年是…, 明年是…), if any
    phase: str | None  # the phase it claims: first, middle, last, before


def plan_hits(text: str, report_year: int) -> list[PlanHit]:
    """Every plan name in a line, with the phase it claims and the year named before it in the same sentence
    (2026年, or 今年/明年/去年 counted from `report_year`); without one, `year` is None."""
    out = []
    for m in PLAN_NAME.finditer(text):
        ordinal = cn_to_int(m.group(1))
        if ordinal is None:
            continue
        plan = Plan(ordinal)
        claim = _CLAIM.match(text, m.end())
        phase = None
        if claim:
            aims = {"good_first": "first", "good_last": "last", "loose_first": "first", "loose_last": "last"}
            phase = next((name for name, _ in _PHASES if claim.group(name)), None) or next(
                (p for g, p in aims.items() if claim.group(g)), None)
            if claim.group("middle") == "中期" and not claim.group("eval") and not claim.group(0).endswith("之年"):
                phase = None  # 到“十四五”中期 is a time, not what this year is
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；！？!?;") + 1
        anchors = list(_ANCHOR.finditer(text, sentence_start, m.start()))
        year = None
        if anchors:
            a = anchors[-1]
            year = int(a.group(1)) if a.group(1) else report_year + _RELATIVE[a.group(2)]
        end = claim.end() if claim and phase else m.end()
        out.append(PlanHit(m.start(), end, plan, year, phase))
    return out


# Words before the plan's name that look ahead to the next year even in this year's work (谋划“十五五”开局之年工作).
_AHEAD = re.compile(r"谋划|筹划|部署|迎接|着眼|准备|奠定|打下|为")


def looks_ahead(text: str, hit: PlanHit) -> bool:
    """The clause before the plan's name looks ahead (谋划, 迎接, 为…打下基础)."""
    clause_start = max(text.rfind(c, 0, hit.start) for c in "，。；！？：,;:!?") + 1
    return bool(_AHEAD.search(text, clause_start, hit.start))


def wrong_phase(hit: PlanHit, years: tuple[int, ...]) -> str | None:
    """Why the phase a sentence claims does not fit the year it speaks of, or None when it fits (or claims
    none). Without a year named in the sentence, any of `years` may be the one it speaks of (the closing
    looks back on this year and ahead to the next)."""
    if hit.phase is None:
        return None
    candidates = (hit.year,) if hit.year is not None else years
    if any(hit.plan.phase(y) == hit.phase for y in candidates):
        return None
    y = candidates[0]
    right = _right_year(hit.plan, hit.phase)
    return (f"{hit.plan.name}的{_PHASE_ZH[hit.phase]}是{right}，而此处说的是{y}年（{describe(y)}）")


def _right_year(plan: Plan, phase: str) -> str:
    if phase == "first":
        return f"{plan.first}年"
    if phase == "last":
        return f"{plan.last}年"
    if phase == "before":
        return f"{plan.first - 1}年"
    return f"{plan.first + 1}—{plan.last - 1}年"
