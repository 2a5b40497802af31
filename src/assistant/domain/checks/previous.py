"""This year's report against last year's (critique --previous): repeated-problem, repeated-plan, unrectified.

- repeated-problem: a problem of this year that is the same shortcoming as a problem of last year, in the same
  words or in others. The score (checks/shortcoming.py) is the strongest topic both name (data/shortcomings.yaml:
  党务队伍, 党员发展, 组织覆盖…; 1 when both first sentences name it) times how far their aspects agree (能力, 覆盖,
  形式…; none shared: another complaint on the same topic), plus the lexical measure: after the key words are
  normalised (data/previous.yaml: 形式 → 方式; the words every problem complains with, 不够 or 不足, dropped), the
  IDF-weighted share of each one's character bigrams the other holds (IDF over both reports' lines, so 党员 or
  工作 weigh little), averaged both ways, on the whole item or its first sentence, whichever is higher. Each
  problem of either year is matched once, best pairs first.
- repeated-plan: a plan whose characters are last year's plan's (plain bigram Dice, no normalisation: a copy,
  not a plan on the same topic).
- unrectified: checks/rectified.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from assistant.domain.checks import shortcoming
from assistant.domain.checks.answers import _covered, _idf, _units
from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding, Role
from assistant.domain.numbering import inline_markers, leading_marker
from assistant.domain.rules import load_data
from assistant.domain.text import HAN

_NON_CJK = re.compile(f"[^{HAN}]+")
_SENTENCE = re.compile(r"[。；！？;!?\n]")
# A problem or plan shorter than this (distinct bigrams) is a heading or an intro, not compared.
_MIN_GRAMS = 6


@dataclass(frozen=True)
class Thresholds:
    """Settings (settings.py previous_*): where two texts count as the same."""

    repeat: float
    plan: float
    rectified: float
    match: shortcoming.MatchWeights = shortcoming.MatchWeights()
    answer: float = 0.65  # a rectification sentence at this shortcoming score answers last year's problem
    in_order: float | None = 0.15  # answers in last year's order (_in_order): a lower score is no evidence


@cache
def _tables() -> tuple[list[tuple[str, str]], re.Pattern[str]]:
    data = load_data("previous.yaml")
    pairs = [(w, group[0]) for group in data["synonyms"] for w in group[1:]]
    pairs.sort(key=lambda p: -len(p[0]))
    weak = sorted(data["weak"], key=len, reverse=True)
    return pairs, re.compile("|".join(re.escape(w) for w in weak))


def normalise(text: str) -> str:
    """The text without its leading number, its synonyms replaced by one word and its complaint words dropped."""
    m = leading_marker(text)
    if m is not None:
        text = text[m.end:]
    pairs, weak = _tables()
    for word, canon in pairs:
        text = text.replace(word, canon)
    return weak.sub("", text)


def bigrams(text: str, stop: str = "") -> set[str]:
    out: set[str] = set()
    for run in _NON_CJK.split(text):
        out.update(a + b for a, b in zip(run, run[1:], strict=False) if a not in stop and b not in stop)
    return out


def head(text: str) -> str:
    """The first sentence of an item, without its number: the problem's own statement."""
    m = leading_marker(text)
    body = text[m.end:].strip() if m is not None else text.strip()
    return _SENTENCE.split(body, maxsplit=1)[0].strip()


def dice(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    return 2 * len(ga & gb) / (len(ga) + len(gb)) if ga and gb else 0.0


def _problems(ctx: Ctx) -> list[tuple[int, str]]:
    return [(n, t) for n, _, t in problem_items(ctx)]


def problem_items(ctx: Ctx) -> list[tuple[int, int | None, str]]:
    """(line, item, text) of the report's problems; `item` is the k-th (1-based) of a line holding several
    (一是…二是… in one paragraph), None when the line holds one."""
    units = _inline_items([u for s in ctx.report.sections if s.role == Role.problems for u in _units(s, ctx)])
    kept = [(n, t) for n, k, t in units if k != 0 and not t.rstrip().endswith(("：", ":"))]
    per_line = Counter(n for n, _ in kept)
    seen: Counter[int] = Counter()
    out: list[tuple[int, int | None, str]] = []
    for n, t in kept:  # the parser may give a paragraph's 一是…二是… as items already: count them on their line
        seen[n] += 1
        out.append((n, seen[n] if per_line[n] > 1 else None, t))
    return out


def _plans(ctx: Ctx) -> list[tuple[int, str]]:
    units = _split_inline([u for s in ctx.report.sections if s.role == Role.plans for u in _units(s, ctx)])
    return [(n, t) for n, t in units if not t.rstrip().endswith(("：", ":"))]


def _split_inline(units: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A paragraph holding 一是…二是… is one unit per measure."""
    return [(n, t) for n, _, t in _inline_items(units)]


def _inline_items(units: list[tuple[int, str]]) -> list[tuple[int, int | None, str]]:
    """(line, item, text): a paragraph holding 一是…二是… is one unit per measure, `item` its place (1-based)
    among them, 0 for the words before the first; None for a paragraph of one."""
    out: list[tuple[int, int | None, str]] = []
    for n, t in units:
        ms = inline_markers(t)
        if len(ms) >= 2:
            cuts = [m.start for m in ms] + [len(t)]
            if ms[0].start > 0 and t[: ms[0].start].strip():
                out.append((n, 0, t[: ms[0].start]))
            out += [(n, k, t[a:b]) for k, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False), start=1)]
        else:
            out.append((n, None, t))
    return out


class Compare:
    """Both reports' texts with the IDF of their lines, for the measures above."""

    def __init__(self, this: Ctx, last: Ctx, weights: shortcoming.MatchWeights | None = None) -> None:
        self.this, self.last = this, last
        self.weights = weights or shortcoming.MatchWeights()
        self.stop = this.cfg.similarity_stop_chars
        corpus = [normalise(t) for c in (this, last) for _, t in c.all_lines()]
        self.idf = _idf(corpus, self.stop)

    def _both_ways(self, a: str, b: str) -> float:
        na, nb = normalise(a), normalise(b)
        wa, wb = self.idf(na), self.idf(nb)
        if not wa or not wb:
            return 0.0
        return (_covered(wa, set(wb)) + _covered(wb, set(wa))) / 2

    def lexical(self, a: str, b: str) -> float:
        """Shared content words: the IDF-weighted bigram share both ways, on the whole or the first sentence."""
        return max(self._both_ways(a, b), self._both_ways(head(a), head(b)))

    def same_problem(self, a: str, b: str) -> float:
        """The shortcoming score of two problems (checks/shortcoming.py), the lexical measure its last term."""
        mw = self.weights
        return shortcoming.score(shortcoming.signature(a, mw), shortcoming.signature(b, mw), self.lexical(a, b), mw)


def _short(text: str, width: int = 40) -> str:
    t = re.sub(r"\s+", "", text.strip())
    return t if len(t) <= width else t[:width] + "…"


def _finding(ctx: Ctx, check: str, line: int, text: str, message: str, suggestion: str,
             prev_line: int | None, prev_text: str, item: int | None = None,
             prev_item: int | None = None) -> Finding | None:
    """A finding on this year's line quoting its first clause, with last year's line and text attached; `item`,
    `prev_item`: which of the problems a line holds (一是…二是…), when it holds several."""
    quote = head(text)[:30] or text.strip()[:30]
    col = ctx.line(line).find(quote) if quote else -1
    f = ctx.finding(check, line, message, suggestion, span=(col, col + len(quote)) if col >= 0 else None,
                    context=0)
    if f is None:
        return None
    return f.model_copy(update={"previous_line": prev_line, "previous_evidence": _short(prev_text, 80),
                                "item": item, "previous_item": prev_item})


def _where(line: int, item: int | None) -> str:
    return f"第{line}行" + (f"第{item}项" if item else "")


def _repeats(cmp: Compare, this_items: list[tuple[Any, str]], old_items: list[tuple[Any, str]],
             score: Callable[[str, str], float], threshold: float, form: Callable[[str], str] = str,
             one_to_one: bool = False, margin: float = 0.0) -> list[tuple[Any, str, Any, str, float]]:
    """Each item of this year (long enough in `form`) whose best match among last year's scores at the
    threshold: (line, text, last year's line, its text, score); a "line" is whatever key the caller gives. `one_to_one`: each item of either year is
    matched once, the best-scoring pairs first (a new problem on the topic of a repeated one does not take its
    last-year problem too)."""
    items = [(n, t) for n, t in this_items if len(bigrams(form(t))) >= _MIN_GRAMS]
    if not items or not old_items:
        return []
    scored = [(score(t, o), i, j) for i, (_, t) in enumerate(items) for j, (_, o) in enumerate(old_items)]
    if not one_to_one:
        best = {i: max((x for x in scored if x[1] == i), key=lambda x: x[0]) for i in range(len(items))}
        chosen = [best[i] for i in range(len(items)) if best[i][0] >= threshold]
    else:
        chosen, used_i, used_j = [], set(), set()
        for s, i, j in sorted(scored, key=lambda x: -x[0]):
            if s >= threshold and i not in used_i and j not in used_j:
                # a margin over the next candidate of either side still free: a pair that is one of two near
                # equals (a new problem on the topic of two of last year's) is not sure enough to warn about
                rivals = [x for x, a, b in scored if (a == i) != (b == j) and a not in used_i and b not in used_j]
                if s - max(rivals, default=0.0) < margin:
                    continue
                chosen.append((s, i, j))
                used_i.add(i)
                used_j.add(j)
        chosen.sort(key=lambda x: x[1])
    return [(items[i][0], items[i][1], old_items[j][0], old_items[j][1], s) for s, i, j in chosen]


def repeated_problems(cmp: Compare, threshold: float) -> list[Finding]:
    this, last = cmp.this, cmp.last
    # items keyed by (line, item): several problems may share a paragraph (一是…二是…)
    olds = [((n, k), t) for n, k, t in problem_items(last) if len(bigrams(normalise(t))) >= _MIN_GRAMS]
    mine = [((n, k), t) for n, k, t in problem_items(this)]
    found = (_finding(this, "repeated-problem", n, t,
                      f"与上年度报告所列问题基本相同（同一问题匹配分{score:.2f}）：本年{_where(n, k)}“{_short(head(t))}”；"
                      f"上年{_where(m, j)}“{_short(head(old))}”",
                      "写今年新查摆出的问题；确属老问题没有解决的，要说明整改做了什么、为什么反复出现，把根源挖深。",
                      m, old if j else last.raw_line(m) or old, k, j)
             for (n, k), t, (m, j), old, score in _repeats(cmp, mine, olds, cmp.same_problem, threshold, normalise,
                                                           one_to_one=True, margin=cmp.weights.margin))
    return [f for f in found if f]


def repeated_plans(cmp: Compare, threshold: float) -> list[Finding]:
    this, last = cmp.this, cmp.last
    found = (_finding(this, "repeated-plan", n, t,
                      f"与上年度报告的措施基本相同（字面重合{score:.0%}）：本年第{n}行“{_short(t)}”；"
                      f"上年第{m}行“{_short(old)}”",
                      "针对今年查摆的问题写新的、具体的措施；去年的措施仍需坚持的，写明今年怎样加力、要达到什么新目标。",
                      m, last.raw_line(m) or old)
             for n, t, m, old, score in _repeats(cmp, _plans(this), _plans(last), dice, threshold))
    return [f for f in found if f]


def compare(this: Ctx, last: Ctx, feedback: list[str], th: Thresholds) -> list[Finding]:
    """repeated-problem, repeated-plan and unrectified findings of this year's report against last year's."""
    from assistant.domain.checks.rectified import unrectified

    cmp = Compare(this, last, th.match)
    return repeated_problems(cmp, th.repeat) + repeated_plans(cmp, th.plan) + unrectified(cmp, feedback, th)
