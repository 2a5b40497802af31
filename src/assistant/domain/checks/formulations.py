"""formulation: a fixed political formulation written with a wrong number or word (三个意识, 坚定“四个意识”)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.domain.checks import fixed_terms
from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding
from assistant.domain.rubric import DatedExpression, Formulation
from assistant.domain.text import compiled

_QUOTES = "“”\"'‘’「」 "



def _right_then(text: str, spans: list[tuple[int, int]], year: int | None, dated: list[DatedExpression]) -> bool:
    """Each wrong part is inside an older form that was right in `year` by the dated-expression table (三个自信
    to 2015): an entry that has ended (`to`) and is current in that year."""
    if year is None or not spans:
        return False
    old = [e for e in dated if e.to_year is not None and e.current(year)]
    return all(any(m.start() <= s and t <= m.end() for e in old
                   for m in compiled(e.pattern or re.escape(e.expr)).finditer(text)) for s, t in spans)


@lru_cache(maxsize=8)
def _any_family(families: tuple[str, ...]) -> re.Pattern[str]:
    """Every family in one pattern (their group names dropped), to pass over a line that holds none."""
    return re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z_0-9]+>', '(?:', f)})" for f in families))


def formulation_hits(text: str, table: list[Formulation], year: int | None = None,
                     dated: list[DatedExpression] | None = None) -> list[tuple[int, int, Formulation, str]]:
    """(start, end, formulation, what is wrong) for each wrong formulation in a line. With the report's year and
    the dated-expression table, a form that was the right one in that year is not wrong (三个自信 in 2015)."""
    hits: list[tuple[int, int, Formulation, str]] = []
    if not _any_family(tuple(f.family for f in table)).search(text):
        return hits  # most lines hold no formulation: one search instead of one per family
    for f in table:
        for m in compiled(f.family).finditer(text):
            bad = [g for g, ok in f.expect.items()
                   if g in m.groupdict() and m.group(g) is not None and m.group(g) not in ok]
            if bad and _right_then(text, [m.span(g) for g in bad], year, dated or []):
                continue
            wrong = [m.group(g) for g in bad]
            if wrong:
                hits.append((m.start(), m.end(), f, f"“{'、'.join(wrong)}”不对"))
                continue
            before = text[: m.start()].rstrip(_QUOTES)
            verb = next((v for v in f.wrong_before if before.endswith(v)), None)
            if verb:
                hits.append((m.start() - (len(text[: m.start()]) - len(before)) - len(verb), m.end(), f,
                             f"“{verb}”搭配不对"))
    return sorted(hits, key=lambda h: h[0])


def line_hits(ctx: Ctx, n: int, text: str) -> list[tuple[int, int, Formulation, str]]:
    """formulation_hits of line `n` under the report's year and tables, once per report."""
    key = ("formulation", n)
    if key not in ctx.memo:
        ctx.memo[key] = formulation_hits(text, ctx.cfg.formulations, ctx.year, ctx.cfg.dated_expressions)
    return ctx.memo[key]  # type: ignore[no-any-return]


def check(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for n, text in ctx.all_lines():
        hits = line_hits(ctx, n, text)
        if not hits:
            # a fixed term one character off (双带领人, 急愁难盼)
            miss = fixed_terms.near_misses(text)
            if miss:
                s, e, term = miss[0]
                f = ctx.finding("formulation", n, f"固定提法写错了：“{text[s:e]}”应为“{term.right}”",
                                f"改为“{term.right}”（固定提法的用词、数字和字序不能改）。", span=(s, e), context=0)
                if f:
                    out.append(f)
            continue
        s, e, form, what = hits[0]
        msg = f"固定提法写错了：“{text[s:e]}”中{what}，规范表述是{form.right}"
        if len(hits) > 1:
            msg += f"（本行共{len(hits)}处）"
        f = ctx.finding("formulation", n, msg, f"改为{form.right}（固定提法的数字和用词不能改）。", span=(s, e), context=0)
        if f:
            out.append(f)
    return out
