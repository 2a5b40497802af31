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
- unrectified: a problem of last year (or a feedback item of the unit profile) that this year's rectification
  part does not take up. The answer is judged by the machinery of unanswered-problem (checks/answers.py) with
  the rectification as the "plans": its score (reach + cover / 2 + the embedding's nearest cosine), the
  rubric's answer_concepts (本领不足 ↔ 参加培训) and one-to-one pairing (last year's problem k answered by
  rectification item k in other words), and by the shortcoming matcher: a rectification item about the same topic
  in no other aspect answers it (选派第一书记…星级评定 for 软弱涣散村整顿成效不稳固). A report without a rectification
  part of its own is read for the rectification in its achievements (a paragraph that names last year's feedback,
  or any achievement).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from assistant.domain.checks import shortcoming
from assistant.domain.checks.answers import _covered, _idf, _remedied, _units, answer_scores, pair_similarity
from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding, Role, Section
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


def _speaks_of_rectification(text: str, year: int | None) -> bool:
    last = f"|{year - 1}年度?" if year is not None else ""
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0]
    return "整改" in first or re.search(
        rf"(?:上年度|上一年度|去年|上年{last})[^。；]{{0,20}}(?:述职评议|评议|反馈|指出|查摆)", text) is not None


def rectification_units(ctx: Ctx) -> tuple[list[tuple[int, str]], int | None]:
    """(line, text) of what this year's report says about rectification, and the line a finding about it goes
    on: the rectification part's items or paragraphs; without that part, the paragraphs of the achievements that
    speak of rectification (整改 in their first sentence, 抓问题整改, or last year's review or feedback: 针对2023年度
    述职评议反馈的问题…; not 督促整改问题19个 in the course of other work), from the
    first of them. An achievement that does not say it rectifies anything is not read as a rectification."""
    secs: list[Section] = [s for s in ctx.report.sections if s.role == Role.rectification]
    if secs:
        units = [u for s in secs for u in _units(s, ctx)]
        return _split_inline(units), secs[0].start_line
    embedded = [e.line for e in ctx.report.embedded if e.role == Role.rectification]
    achieved = [u for s in ctx.report.sections if s.role == Role.achievements for u in _units(s, ctx)]
    rect = [(n, t) for n, t in achieved if n in embedded or _speaks_of_rectification(t, ctx.year)]
    at = rect[0][0] if rect else (achieved[0][0] if achieved else None)
    return _split_inline(rect), at


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


def _answered(cmp: Compare, asked: list[str], units: list[tuple[int, str]], th: Thresholds,
              n_ordered: int = 0) -> list[float | None]:
    """For each text asked about (last year's problems, the profile's feedback): None when this year's
    rectification takes it up, else its score (how closely the rectification is tied to it).

    Taken up: a score at the threshold (unanswered-problem's measure, the rectification as the plans), a remedy
    of the rubric's answer_concepts, or in other words by pairing: each problem so answered takes its nearest
    rectification item, and of the rest, a problem and an item that are each other's nearest (unanswered-problem's
    pair similarity, at least unanswered_pair_floor) answer each other wherever they stand; last year's order
    is not kept when the answered problems are left out."""
    this = cmp.this
    units = [(n, t) for n, t in units if not t.rstrip().endswith(("：", ":"))]  # 逐条整改如下： is no measure
    if not units or not asked:
        return [0.0] * len(asked)
    texts = [t for _, t in units]
    corpus = [t for _, t in this.all_lines()] + asked
    weight = this.cfg.unanswered_embedding_weight if this.embed is not None else 0.0

    def tie(k: int, skip: set[int]) -> float:
        """Problem k's score against the rectification without the items in `skip`."""
        rest = [t for u, t in enumerate(texts) if u not in skip]
        if not rest:
            return 0.0
        a = asked[k]
        return max(answer_scores([x], rest, rest, corpus, cmp.stop, weight, this.embed)[0] for x in (a, head(a) or a))

    same, owner = _same_shortcoming(cmp, asked, units, th.answer)
    scores = [tie(k, set()) for k in range(len(asked))]

    def remedied(k: int) -> bool:
        rest = [t for u, t in enumerate(texts) if owner.get(u, k) == k]
        return any(w in asked[k] for words in _remedied(this.cfg.answer_concepts, rest) for w in words)

    # An item that answers another problem as the same shortcoming (its first sentence matched) is that problem's
    # answer: the words it shares with this one (服务委员 in a rule on serving members, for a problem of 两张皮; 结合
    # in 结合提案谈体会) are no evidence that this one was rectified.
    done = {k for k in range(len(asked))
            if scores[k] >= th.rectified and (k in same or tie(k, {u for u, o in owner.items() if o != k})
                                              >= th.rectified) or remedied(k)}
    floor = this.cfg.unanswered_pair_floor
    if this.embed is not None and floor is not None and len(done) < len(asked):
        sim = pair_similarity(asked, texts, corpus, cmp.stop, this.embed)
        # nor is a sentence about the feedback as a whole (对…指出的5个问题，逐条制定措施) anyone's answer
        general = {u for u, x in enumerate(units) if not answer_pieces([x])}
        free = set(range(len(texts))) - {int(sim[k].argmax()) for k in done} - set(owner) - general
        for k in sorted(set(range(len(asked))) - done):
            cols = sorted(free)
            if not cols:
                break
            j = max(cols, key=lambda c: sim[k, c])
            rows = [r for r in range(len(asked)) if r not in done]
            if sim[k, j] >= floor and max(rows, key=lambda r: sim[r, j]) == k:
                done.add(k)
                free.discard(j)
    done |= same
    done |= _in_order(cmp, asked[:n_ordered], units, th.in_order, done)
    return [None if k in done else scores[k] for k in range(len(asked))]


def _same_shortcoming(cmp: Compare, asked: list[str], units: list[tuple[int, str]],
                      threshold: float) -> tuple[set[int], dict[int, int]]:
    """The asked problems a sentence of the rectification answers as the same shortcoming (checks/shortcoming.py),
    best pairs first, and the items so taken whole (item → problem). A problem matched by an item's first sentence
    (关于…的问题, 丰富学习载体…) takes the whole item, so another problem on its topic does not read that item's details
    as its own answer; a long paragraph that answers several problems one sentence each (针对…的问题，…) answers each
    with its own sentence."""
    mw = cmp.weights
    pieces = [(u, k == 0, s) for u, (_, t) in enumerate(units)
              for k, s in enumerate(p for p in _SENTENCE.split(t) if len(bigrams(p)) >= _MIN_GRAMS)]
    sigs = [shortcoming.signature(s, mw) for _, _, s in pieces]
    pairs = []
    for k, a in enumerate(asked):
        sa = shortcoming.signature(a, mw)
        pairs += [(shortcoming.score(sa, sp, cmp.lexical(a, s), mw), k, i)
                  for i, ((_, _, s), sp) in enumerate(zip(pieces, sigs, strict=True))]
    out: set[int] = set()
    taken_units: dict[int, int] = {}
    for score, k, i in sorted(pairs, key=lambda x: -x[0]):
        unit, first, _ = pieces[i]
        if score < threshold:
            break
        if k in out or unit in taken_units:
            continue
        out.add(k)
        if first:
            taken_units[unit] = k
    return out, taken_units


# A sentence about the feedback as a whole (针对2023年度述职评议反馈的问题，…; 狠抓上年度述职评议反馈问题整改), not an answer.
_GENERAL = re.compile(r"(?:述职评议|评议|反馈|指出)(?:反馈|指出)?的?(?:[0-9一二三四五六七八九十]+(?:个|条|项))?(?:问题|意见)")
_OPENS_ANSWER = re.compile(r"^(?:针对|关于|对于|对)")


def answer_pieces(units: list[tuple[int, str]]) -> list[str]:
    """The rectification's answers in their order: each item, or, in a paragraph that answers several problems
    (its first sentence a heading about rectification, or an answer 针对…/关于… after its first sentence), each
    clause (；) of its sentences; sentences about the feedback as a whole are left out."""
    out = []
    for _, t in units:
        m = leading_marker(t)
        body = t[m.end:] if m is not None else t
        sentences = [x.strip() for x in re.split(r"[。！？!?]", body) if x.strip()]
        if not sentences:
            continue
        heading = "整改" in sentences[0] and not _OPENS_ANSWER.match(sentences[0])
        several = heading or any(_OPENS_ANSWER.match(x) for x in sentences[1:])
        if not several:
            if not _GENERAL.search(sentences[0]) or len(sentences) > 1 and _OPENS_ANSWER.match(sentences[0]) \
                    and not _GENERAL.search(body):
                out.append(body)
            continue
        for k, x in enumerate(sentences):
            if (k == 0 and heading) or _GENERAL.search(x):
                continue
            out += [c for c in re.split(r"[；;]", x) if len(bigrams(c)) >= _MIN_GRAMS]
    return out


def _in_order(cmp: Compare, asked: list[str], units: list[tuple[int, str]], floor: float | None,
              done: set[int]) -> set[int]:
    """Last year's problems answered in their order: a rectification takes them one by one, so its answers
    (answer_pieces) are paired with the problems keeping both orders. Of the pairings of most pairs (every answer
    answers something while problems are left), the one of the highest total shortcoming score is taken, a score
    under `floor` counting as none (a word in common is no evidence); a problem already answered keeps its nearest
    answer (an anchor), and where the words decide nothing the answer goes to the problem at its relative place
    (开设微课堂，把学习内容送到倒班班组 between the answers of 问题一 and 问题四 answers 问题二 or 三)."""
    pieces = answer_pieces(units)
    if floor is None or not asked or not pieces:
        return set()
    mw = cmp.weights
    sig_p = [shortcoming.signature(p, mw) for p in pieces]
    raw = [[shortcoming.score(shortcoming.signature(a, mw), sp, cmp.lexical(a, p), mw)
            for p, sp in zip(pieces, sig_p, strict=True)] for a in asked]
    n, m = len(asked), len(pieces)
    anchor = {k: max(range(m), key=lambda j: raw[k][j]) for k in done if k < n}

    def rel(x: int, size: int) -> float:
        return x / (size - 1) if size > 1 else 0.5

    # a problem already answered takes an answer before any other (it was answered somewhere, whatever its nearest
    # piece by the matcher), its anchor first; then one pair weighs more than any score (the most pairs first)
    w = [[(10.0 * n if k in anchor else 0.0) + (5.0 if anchor.get(k) == j else 0.0) + 1.0
          + (raw[k][j] if raw[k][j] >= floor else 0.0) + 0.01 * (1 - abs(rel(k, n) - rel(j, m)))
          for j in range(m)] for k in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for k in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[k][j] = max(best[k + 1][j], best[k][j + 1], w[k][j] + best[k + 1][j + 1])
    out, k, j = set(), 0, 0
    while k < n and j < m:
        if best[k][j] == w[k][j] + best[k + 1][j + 1]:
            out.add(k)
            k, j = k + 1, j + 1
        elif best[k][j] == best[k + 1][j]:
            k += 1
        else:
            j += 1
    return out


def unrectified(cmp: Compare, feedback: list[str], th: Thresholds, last_problems: bool = True) -> list[Finding]:
    """Last year's problems (unless `last_problems` is False: only the profile's feedback) and the feedback items
    that this year's rectification does not take up."""
    this, last = cmp.this, cmp.last
    units, at = rectification_units(this)
    line = at or next((s.start_line for s in this.report.sections), this.report.start_line)
    olds = [(n, j, t) for n, j, t in problem_items(last) if len(bigrams(t)) >= _MIN_GRAMS] if last_problems else []
    asked = [t for _, _, t in olds] + list(feedback)
    out = []
    where = "今年的整改情况" if any(s.role == Role.rectification for s in this.report.sections) else "今年的报告中"
    for k, score in enumerate(_answered(cmp, asked, units, th, len(olds))):
        if score is None:
            continue
        if k < len(olds):
            m, j, old = olds[k]
            msg = (f"上年度报告查摆的问题，{where}没有提到整改（关联度{score:.2f}）：上年{_where(m, j)}"
                   f"“{_short(head(old))}”")
            prev_line, prev_text = m, old if j else last.raw_line(m) or old
        else:
            fb = feedback[k - len(olds)]
            msg = f"述职评议反馈的问题（单位资料 rectifications），{where}没有提到整改（关联度{score:.2f}）：“{_short(fb)}”"
            prev_line, prev_text, j = None, fb, None
        f = _finding(this, "unrectified", line, this.line(line), msg,
                     "在“上年度述职评议反馈问题整改情况”中逐条写明这个问题采取了什么措施、整改到什么程度；"
                     "尚未整改到位的，说明原因和下一步打算。", prev_line, prev_text, prev_item=j)
        if f:
            out.append(f)
    return out


def compare(this: Ctx, last: Ctx, feedback: list[str], th: Thresholds) -> list[Finding]:
    """repeated-problem, repeated-plan and unrectified findings of this year's report against last year's."""
    cmp = Compare(this, last, th.match)
    return repeated_problems(cmp, th.repeat) + repeated_plans(cmp, th.plan) + unrectified(cmp, feedback, th)
