"""formulation: a fixed political formulation written with a wrong number or word (三个意识, 坚定“四个意识”)."""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding
from assistant.domain.rubric import Formulation

_QUOTES = "“”\"'‘’「」 "


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def formulation_hits(text: str, table: list[Formulation]) -> list[tuple[int, int, Formulation, str]]:
    """(start, end, formulation, what is wrong) for each wrong formulation in a line."""
    hits = []
    for f in table:
        for m in _compiled(f.family).finditer(text):
            wrong = [m.group(g) for g, ok in f.expect.items()
                     if g in m.groupdict() and m.group(g) is not None and m.group(g) not in ok]
            if wrong:
                hits.append((m.start(), m.end(), f, f"“{'、'.join(wrong)}”不对"))
                continue
            before = text[: m.start()].rstrip(_QUOTES)
            verb = next((v for v in f.wrong_before if before.endswith(v)), None)
            if verb:
                hits.append((m.start() - (len(text[: m.start()]) - len(before)) - len(verb), m.end(), f,
                             f"“{verb}”搭配不对"))
    return sorted(hits, key=lambda h: h[0])


def check(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for n, text in ctx.all_lines():
        hits = formulation_hits(text, ctx.cfg.formulations)
        if not hits:
            continue
        s, e, form, what = hits[0]
        msg = f"固定提法写错了：“{text[s:e]}”中{what}，规范表述是{form.right}"
        if len(hits) > 1:
            msg += f"（本行共{len(hits)}处）"
        f = ctx.finding("formulation", n, msg, f"改为{form.right}（固定提法的数字和用词不能改）。", span=(s, e), context=0)
        if f:
            out.append(f)
    return out
