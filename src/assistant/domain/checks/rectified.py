"""unrectified (critique --previous): a problem of last year, or a feedback item of the unit profile, that this
year's rectification does not take up (Compare and the problem items are checks/previous.py's).

The answer is judged by the machinery of unanswered-problem (checks/answers.py) with the rectification as the
"plans": its score (reach + cover / 2 + the embedding's nearest cosine), the rubric's answer_concepts (本领不足 ↔
参加培训) and one-to-one pairing, by the shortcoming matcher (a rectification sentence on the same topic in no other
aspect answers it: 选派第一书记…星级评定 for 软弱涣散村整顿成效不稳固), and by answers in last year's order. An item the
matcher gives to one problem is that problem's answer: it lends its words to no other. A report without a
rectification part of its own is read for the rectification in the achievements that speak of it.
"""

from __future__ import annotations

import re

from assistant.domain.checks import shortcoming
from assistant.domain.checks.answers import _remedied, _units, answer_scores, pair_similarity
from assistant.domain.checks.base import Ctx
from assistant.domain.checks.previous import (
    _MIN_GRAMS,
    _SENTENCE,
    Compare,
    Thresholds,
    _finding,
    _short,
    _split_inline,
    _where,
    bigrams,
    head,
    problem_items,
)
from assistant.domain.models import Finding, Role, Section
from assistant.domain.numbering import leading_marker


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
