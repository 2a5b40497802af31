"""Text from another year: dated-expression (an expression not current in the report's year) and
stale-year-target (plans or closing that set targets for the report's own year instead of the next)."""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.checks import anniversary, fiveyear
from assistant.domain.checks.base import Ctx
from assistant.domain.checks.formulations import line_hits
from assistant.domain.checks.tense import opens_next_year, reads_as_closing
from assistant.domain.models import Finding, Role
from assistant.domain.prefilter import any_of, none_match
from assistant.domain.rubric import DatedExpression
from assistant.domain.text import compiled

_GREETS = re.compile(r"(迎接|喜迎|迎|献礼|筹备|召开|将召开)[^。；，]{0,6}$")  # 建功迎二十大 greets it too
_GREETS_IN = re.compile(r"迎接|喜迎")
_HELD = re.compile(r"[^。；，]{0,2}(召开|胜利召开|将召开|开幕|举行)(?!后|之后|以来)")  # 召开后: held already
# Rectification quotes last year's feedback, which may name last year's work: its clauses that quote or name the
# feedback are not checked; what the unit did about it (我结合…主题教育…) is this year's work and is.
_SKIP_ROLES = {Role.rectification}
_CLAUSE_END = re.compile(r"([，。；：,;:])")
_FEEDBACK_WORD = re.compile(r"指出|反馈|评议|查摆|巡视|巡察|提出|上年度|上一年度|去年|上年|问题")


def _without_feedback(text: str) -> str:
    """The rectification line with the clauses that quote last year's feedback blanked (columns kept). Split at
    the clause marks first: one pattern spanning a clause around a keyword is quadratic on a long unpunctuated
    line (tests/faults/test_patterns_linear.py)."""
    return "".join(" " * len(c) if _FEEDBACK_WORD.search(c) else c for c in _CLAUSE_END.split(text))



def _years(e: DatedExpression) -> str:
    if e.to_year is None:
        return f"{e.from_year}年起"
    if e.to_year == e.from_year:
        return f"{e.from_year}年"
    return f"{e.from_year}—{e.to_year}年"


def _quoted(expr: str) -> str:
    """“expr”, unless the table already quotes it (“十四五”)."""
    return expr if expr.startswith(("“", '"')) else f"“{expr}”"


Active = tuple[list[tuple[DatedExpression, re.Pattern[str]]], re.Pattern[str] | None]
_active_memo: dict[tuple[int, int, bool | str], tuple[list[DatedExpression], Active]] = {}


def _current(e: DatedExpression, year: int, mode: bool | str) -> bool:
    """Whether the expression is right in a line of a report of `year`: this year's work (mode False); the closing
    or a pledge, which speak of this year and the next (True: the next year's if known by the turn of the year,
    planned_ahead); the plans (PLANS), next year's work: current next year and known by then (what ended with
    this year, 疫情防控 in a 2022 report's 2023 plans, is last year's by the time the plans are carried out)."""
    ahead = e.current(year + 1) and (e.from_year <= year or e.planned_ahead)
    if mode == PLANS:
        return ahead
    return e.current(year) or (bool(mode) and ahead)


PLANS = "plans"


def _active(table: list[DatedExpression], year: int, next_year: bool | str) -> Active:
    """The entries of `table` not current in `year`, with their patterns, and one pattern for all of them; worked
    out once per table and year, not once per line (the table is the rubric's, kept for the whole run)."""
    key = (id(table), year, next_year)
    memo = _active_memo.get(key)
    if memo is not None and memo[0] is table:
        return memo[1]
    entries = [(e, compiled(e.pattern or re.escape(e.expr))) for e in table if not _current(e, year, next_year)]
    active: Active = (entries, any_of(tuple(p.pattern for _, p in entries)))
    _active_memo[key] = (table, active)
    return active


def expression_hits(text: str, year: int, table: list[DatedExpression],
                    next_year: bool | str = False) -> list[tuple[int, int, DatedExpression]]:
    """Expressions of the text not current in `year` (with `next_year`, for plans, nor in the next year when
    the expression was known by the time a report of `year` is written: its `planned_ahead`)."""
    entries, joined = _active(table, year, next_year)
    if none_match(joined, text):
        return []
    hits = []
    for e, pattern in entries:
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        # an allowed phrase (…成果, 常态化…, 十九大以来) stays current after the expression, never before it
        spoken = year + 1 if next_year else year
        allowed = [(m.start(), m.end()) for a in e.allow for m in re.finditer(re.escape(a), text)] \
            if spoken >= e.from_year else []
        for m in matches:
            if any(s <= m.start() and m.end() <= t for s, t in allowed):
                continue
            if e.current(year + 1) and (
                    _GREETS.search(text[max(0, m.start() - 8): m.start()]) or _GREETS_IN.match(m.group(0))
                    or _HELD.match(text, m.end())):
                continue  # next year's event may be greeted, this year or in the plans (迎接党的二十大胜利召开)
            hits.append((m.start(), m.end(), e))
    return sorted(hits, key=lambda h: h[0])


def _years_spoken_of(ctx: Ctx, role: str | None) -> tuple[int, ...]:
    """The years a sentence of a part speaks of when it names none: this year's work the report's year, the
    plans the next year, the closing either (it looks back on this year and ahead to the next)."""
    assert ctx.year is not None
    if role == Role.plans.value:
        return (ctx.year + 1,)
    if role in (Role.closing.value, Role.unknown.value, None):
        return (ctx.year, ctx.year + 1)
    return (ctx.year,)


def plan_name_hits(text: str, year: int) -> list[tuple[int, int, DatedExpression]]:
    """Five-year plans named in a year in which they are not current (“十五五” in 2024, “十三五” in 2021), as
    table entries computed from the plan's years."""
    out = []
    for h in fiveyear.plan_hits(text, year):
        if not h.plan.current(year):
            e = DatedExpression.model_validate({"expr": h.plan.name, "from": h.plan.first - 1, "to": h.plan.last})
            out.append((h.start, h.start + 3, e))
    return out


def dated_expressions(ctx: Ctx) -> list[Finding]:
    if ctx.year is None:
        return []
    out: list[Finding] = []
    roles = {s.role for s in ctx.report.sections} - _SKIP_ROLES
    # The plans are next year's work: what was named by the turn of the year is right there (a 2021 report's
    # 2022 plans may 常态化长效化开展党史学习教育; a 2024 report's plans may not name “十五五”, from October 2025).
    plan_lines = {n for n, _ in ctx.text_lines({Role.plans})}
    closing_lines = {n for n, _ in ctx.text_lines({Role.closing})}  # the closing speaks of next year too
    rect_lines = {n for n, _ in ctx.text_lines(_SKIP_ROLES)}
    for n, text in sorted([*ctx.text_lines(roles), *ctx.text_lines(_SKIP_ROLES)]):
        if n in rect_lines:
            text = _without_feedback(text)
        # A sentence that calls a year a plan's 开局之年/收官之年/关键之年 must fit the year it speaks of: the
        # year it names (2026年是…, 明年是…), else this year in this year's work and the next in the plans.
        # a pledge (下一步，我将…迎接…) speaks of next year wherever it stands: moved up, it is part-order's finding
        pledge = reads_as_closing(text)
        years = (ctx.year, ctx.year + 1) if pledge else _years_spoken_of(ctx, ctx.part_at(n))
        ahead = (*years, years[-1] + 1)  # 谋划“十五五”开局之年工作 in this year's work speaks of next year
        phase = next(((h, why) for h in fiveyear.plan_hits(text, ctx.year)
                      if (why := fiveyear.wrong_phase(h, ahead if fiveyear.looks_ahead(text, h) else years))), None)
        if phase:
            h, why = phase
            right = years[0] if h.year is None else h.year
            f = ctx.finding("dated-expression", n, f"五年规划的阶段与年份不符：{why}",
                            f"按年份改正：{fiveyear.describe(right)}。", span=(h.start, h.end), context=4)
            if f:
                out.append(f)
            continue
        # a closing that opens on next year (新的一年，我将以…为主线) speaks of it as the plans do
        ahead_only = n in plan_lines or ((n in closing_lines or pledge) and opens_next_year(text, ctx.year))
        mode: bool | str = PLANS if ahead_only else (n in closing_lines or pledge)
        hits = expression_hits(text, ctx.year, ctx.cfg.dated_expressions, next_year=mode)
        hits = sorted(hits + plan_name_hits(text, ctx.year), key=lambda h: h[0])
        # A wrong count of a fixed formulation (三个自信 in 2024) is the formulation check's finding.
        wrong = [(s, e) for s, e, _, _ in line_hits(ctx, n, text)]
        hits = [h for h in hits if not any(s < h[1] and h[0] < e for s, e in wrong)]
        if not hits:
            computed = anniversary.wrong_date(text, years)
            if computed:
                s0, e0, msg, tip = computed
                f = ctx.finding("dated-expression", n, msg, tip, span=(s0, e0))
                if f:
                    out.append(f)
            continue
        names = "、".join(dict.fromkeys(f"{_quoted(e.expr)}（{_years(e)}）" for _, _, e in hits))
        spoken = ctx.year + 1 if mode == PLANS else ctx.year
        older = [e for _, _, e in hits if e.to_year is not None and e.to_year < spoken]
        if older:
            msg = f"{names}不是{spoken}年的提法，像是沿用往年的材料"
            tip = f"换成{spoken}年当年的工作内容和提法，或写明是往年的工作。"
        else:
            msg = f"{names}在{ctx.year}年还没有提出，与报告年度不符"
            tip = "核对报告年度，删去或改为当年的提法。"
        s, e, _ = hits[0]
        f = ctx.finding("dated-expression", n, msg, tip, span=(s, e))
        if f:
            out.append(f)
    return out


_RECORD = r"述职|评议|表彰|评选|评先|总结|民主生活会|组织生活会|考核结果|考评结果|审计|决算"
_MARKER = r"(?:(?:[一二三四五六七八九十]{1,2}[是、]|[（(][一二三四五六七八九十0-9]{1,2}[）)]|[0-9]{1,2}[.．、])\s*)?"


@cache
def _target_patterns(year: int) -> list[re.Pattern[str]]:
    # What follows the year says it is this year's record, not a target: 2024年以来, and the problems this year's
    # review, inspection or audit found, which next year's plans rightly promise to fix (确保2024年度述职评议反馈
    # 问题整改到位). 度 is read before the check, so 2024年度述职 cannot slip through as 2024年 + 度述职.
    y = rf"{year}年(?!度?(?:以来|来|的基础上|取得|所取得|述职|评议|巡视|巡察|反馈|查摆|检视|问题|整改|审计|督查|"
    y += r"考核结果|民主生活会|组织生活会|工作总结))度?"
    return [
        re.compile(rf"(?:完成|实现|确保|达成|冲刺|力争|争取|计划|拟|超额完成|圆满完成)[^。；！!]{{0,12}}?"
                   rf"(?<![较比与同照据按]){y}"),  # 力争…比2024年增长: a baseline
        re.compile(rf"{y}[^。；，,！!]{{0,10}}?(?:目标|任务|指标|议题|工作要点|重点工作|工作计划|清单|台账|方案|项目库|"
                   r"责任书|任务书|路线图|时间表|计划表|安排表)"),
        # an output the plans will produce, dated the report's own year (形成/制定/编制/列出2024年…)
        re.compile(rf"(?:形成|制定|制订|编制|拿出|列出|梳理出)[^。；，,！!]{{0,6}}?{y}"),
        # a clause of next year's plans that opens on the report's own year: the time of the measure
        re.compile(rf"(?:^|[。；！：，,;:!])\s*{_MARKER}(?:在|到|于)?{y}(?![0-9])"),  # a web copy's ASCII marks too
        # the report's own year with a level to reach in the same clause (推动2024年…收入突破80万元)
        re.compile(rf"(?<![较比与同照据按和])(?<!对照){y}[^。；，,！!;]{{0,14}}?(?:突破|达到|超过|提高到|提升到|增至|增长到|"
                   r"明显下降|明显减少|明显提升|明显提高|大幅下降|大幅提升)"),
        # a deadline in the report's own year (在2023年12月底前…, 2022年度至少完成…)
        re.compile(rf"(?<![较比与同照据按])(?:在|到|于)?{year}年\s*[0-9]{{1,2}}月(?!.{{0,6}}(?:召开|印发|出台|部署|以来))"),
        re.compile(rf"{y}(?:内|底前|年底前)?(?:至少|力争|要|将|确保|全部|全面)"),
        re.compile(rf"(?<![较比与同照据按])(?:在|于){y}(?:内|底前|年底前|上半年|下半年)?"),
        re.compile(rf"(?:纳入|列入|作为)[^。；，]{{0,8}}{year}年度?(?:考核|评议|目标|计划)"),
        # a measure of next year's plans carried out on the report's own year as a year still to come: a verb of
        # doing, the year, then within the clause what is done (a plan, task, assessment, project). A review of
        # the year's record held next year (述职评议, 表彰, 民主生活会, 总结) stops the match.
        # an occasion of the report's own year taken up as next year's (以2024年…换届为契机), a quota set on it
        # (我本人2025年撰写体会文章不少于2篇)
        re.compile(rf"以{y}[^。；，,！!]{{0,16}}?为契机"),
        re.compile(rf"(?<![较比与同照据按和])(?<!对照){y}[^。；，,！!;]{{0,16}}?(?:不少于|不低于|至少)"),
        re.compile(rf"(?:实施|开展|落实|执行|推进|启动|举办|纳入|列入|抓好|做好|完成|参加|参与)[^。；，,]{{0,8}}?{y}"
                   rf"(?:(?!{_RECORD})[^。；，,！!]){{0,10}}?(?:考核|计划|任务|目标|项目|工程|行动|培训|方案|规划)"),
    ]


def stale_year_targets(ctx: Ctx) -> list[Finding]:
    if ctx.year is None:
        return []
    out: list[Finding] = []
    for n, text in ctx.text_lines({Role.plans, Role.closing}):
        m = next((m for p in _target_patterns(ctx.year) if (m := p.search(text))), None)
        if m is None:
            continue
        ys = text.index(str(ctx.year), m.start())
        if text.rfind("《", 0, ys) > text.rfind("》", 0, ys):
            continue  # a document's title names its own year (梳理《…2023年…清单》)
        f = ctx.finding("stale-year-target", n,
                        f"下一步打算写的是{ctx.year}年的目标，而这是{ctx.year}年的年终述职",
                        f"把目标年份改为{ctx.year + 1}年。", span=(ys, ys + len(str(ctx.year)) + 1), context=8)
        if f:
            out.append(f)
    return out


def check(ctx: Ctx) -> list[Finding]:
    return dated_expressions(ctx) + stale_year_targets(ctx)
