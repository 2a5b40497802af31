"""unanswered-problem: a problem item that no plan item answers (问题与措施"两张皮").

How well a plan item answers a problem is the share of the problem's character bigrams, weighted by IDF over
the report's own paragraphs, that the plan item also contains: words every part shares (党建, 工作) weigh
little, the words a problem and its measure share (经费, 廉政, 融合) weigh much. It is lexical: a measure
that answers in other words is missed, so the threshold is low and the check is a warning. Pure Python on
purpose (a report has a few dozen items; the checks must not load numpy or an embedding model).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding, Role, Section

_NON_CJK = re.compile(r"[^\u3400-\u9fff]+")


def _grams(text: str, stop: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for run in _NON_CJK.split(text):
        for i in range(len(run) - 1):
            g = run[i: i + 2]
            if g[0] in stop or g[1] in stop:
                continue
            grams[g] += 1
    return grams


def _units(sec: Section, ctx: Ctx) -> list[tuple[int, str]]:
    """(line, text) of a part's items; its non-empty paragraphs when it has no items."""
    if sec.items:
        return [(it.start_line, it.text) for it in sec.items]
    return [(n, t) for n in range(sec.start_line, sec.end_line + 1) if (t := ctx.line(n)).strip()]


def coverage_matrix(problems: list[str], plans: list[str], corpus: list[str], stop: str) -> list[list[float]]:
    """[problem][plan] → the IDF-weighted share of the problem's bigrams found in the plan item (0..1)."""
    df: Counter[str] = Counter()
    for t in corpus:
        df.update(_grams(t, stop).keys())
    n = len(corpus) or 1
    plan_grams = [set(_grams(t, stop)) for t in plans]
    out = []
    for t in problems:
        weights = {g: math.log((n + 1) / (df.get(g, 0) + 1)) for g in _grams(t, stop)}
        total = sum(weights.values()) or 1.0
        out.append([sum(w for g, w in weights.items() if g in pg) / total for pg in plan_grams])
    return out


def check(ctx: Ctx) -> list[Finding]:
    probs = [u for s in ctx.report.sections if s.role == Role.problems for u in _units(s, ctx)]
    plans = [u for s in ctx.report.sections if s.role == Role.plans for u in _units(s, ctx)]
    # An intro sentence ("主要体现在：") is not a problem.
    probs = [(n, t) for n, t in probs if not t.rstrip().endswith(("：", ":"))]
    if not probs or not plans:
        return []  # a missing part is reported as missing-part
    corpus = [t for _, t in ctx.all_lines()]
    sims = coverage_matrix([t for _, t in probs], [t for _, t in plans], corpus, ctx.cfg.similarity_stop_chars)
    out: list[Finding] = []
    for (n, text), row in zip(probs, sims, strict=True):
        best = max(row)
        if best >= ctx.cfg.unanswered_threshold:
            continue
        head = re.split(r"[。；！？\n]", text.strip(), maxsplit=1)[0][:30]
        f = ctx.finding("unanswered-problem", n,
                        f"这个问题在“下一步工作思路”中找不到对应的措施（与各条措施的最高重合度{best:.2f}）：{head}",
                        "针对这个问题增加一条具体措施，做到问题和措施一一对应。",
                        span=(ctx.line(n).find(head), ctx.line(n).find(head) + len(head))
                        if head and ctx.line(n).find(head) >= 0 else None, context=0)
        if f:
            out.append(f)
    return out
