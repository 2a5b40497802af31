"""unanswered-problem: a problem item that no plan item answers (问题与措施"两张皮").

A problem is tied to the plans and the rest of the report by three measures (no segmentation, no model):
  - `reach`: the share of its distinct character bigrams that occur anywhere outside the problems part;
  - `cover`: the IDF-weighted share of its bigrams that the plans contain (IDF over the report's lines,
    so words every part shares, 党建 or 工作, weigh little and 经费, 廉政, 融合 weigh much);
  - `near`: its highest cosine similarity, in the local embedding (assistant.services.index.embedding.local_embed,
    hashed unigrams and bigrams, numpy only), with one plan item: the measure that answers it.
A problem whose score `reach + cover / 2 + weight * near` is below the rubric's threshold talks about
something the plans never take up. The embedding alone separates worse than the bigrams on the eval's
variants (recall 0.37 against 0.84 at precision 1); the sum separates best (ranking AUC 0.998 against 0.969
for the bigrams alone), so both are kept.

A plan that answers in other words (偏松偏软 ↔ 从严管理) scores low on all three. Two things still tie it:
  - the rubric's answer_concepts (a problem word and a remedy word, 本领不足 ↔ 参加培训);
  - one-to-one pairing (问题和措施一一对应, as docs/domain.md asks): problem k and plan k are each
    other's nearest (cosine + the plan's own IDF cover of the problem), and their similarity is above the
    level of two unrelated items (`unanswered_pair_floor`). Writers answer their problems in order, so
    that pair is the intended answer; a problem appended without a measure has no such partner.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from assistant.domain.checks.base import Ctx, Embed
from assistant.domain.models import Finding, Role, Section
from assistant.domain.part_features import causes_lead, names_last_year
from assistant.domain.text import HAN

_NON_CJK = re.compile(f"[^{HAN}]+")


@lru_cache(maxsize=1 << 16)  # each line is read for its bigrams by several scores; callers must not change them
def _grams(text: str, stop: str) -> Counter[str]:
    """Character bigrams of the Chinese runs of a text, without those that hold a stop character."""
    grams: Counter[str] = Counter()
    for run in _NON_CJK.split(text):
        grams.update(a + b for a, b in zip(run, run[1:], strict=False) if a not in stop and b not in stop)
    return grams


# A problem shorter than this (distinct bigrams, about a twelve-character clause) is too short to judge.
_MIN_GRAMS = 10


_QUOTED = re.compile(r"“[^“”]*”")
_SHORT_OF = re.compile(r"不够|不足|不到位|不彻底|不扎实|还有差距|仍有|尚未|没有完全|有待")


def _rectified(text: str) -> bool:
    """Last year's review named and what was done about its feedback told, with no shortfall outside the quoted
    feedback: the rectification (moved here: part-order's finding), not a problem. 整改还不够彻底 is a problem."""
    body = _QUOTED.sub("", text)
    return names_last_year(text) and ("整改" in body or "立行立改" in body) and not _SHORT_OF.search(body)


def _units(sec: Section, ctx: Ctx) -> list[tuple[int, str]]:
    """(line, text) of a part's items; its non-empty paragraphs (not its heading) when it has no items."""
    if sec.items:
        return [(it.start_line, it.text) for it in sec.items]
    first = sec.start_line + (1 if sec.heading is not None else 0)
    return [(n, t) for n in range(first, sec.end_line + 1) if (t := ctx.line(n)).strip()]


def _causes_from(sec: Section, ctx: Ctx) -> int:
    """The first line of a problems part that opens the causes (究其原因… / 深层次看…根源…, part_features.causes_lead):
    that paragraph's items and those after it are the roots, not problems to answer, even where the parse left
    them in the problems. Past the part's end when there is none."""
    for n in range(sec.start_line + (1 if sec.heading is not None else 0), sec.end_line + 1):
        if causes_lead(ctx.line(n).strip()):
            return n
    return sec.end_line + 1


# The embedding's width for this check: it compares a few dozen sentences, so a wide vector costs nothing and
# keeps hash collisions between unrelated bigrams rare (4096 separated better than the index's 512 on the eval).
EMBED_DIM = 4096


def cosines(problems: list[str], plans: list[str], embed: Embed) -> np.ndarray:
    """(problems × plans) cosine similarities in the given (L2-normalised) embedding."""
    return np.asarray(embed(problems, EMBED_DIM) @ embed(plans, EMBED_DIM).T)


def nearest_plan(problems: list[str], plans: list[str], embed: Embed) -> list[float]:
    """Each problem's highest cosine similarity with one plan item, in the given (L2-normalised) embedding."""
    if not problems or not plans:
        return [0.0] * len(problems)
    return [float(x) for x in cosines(problems, plans, embed).max(axis=1)]


def _idf(corpus: list[str], stop: str) -> Callable[[str], dict[str, float]]:
    """text → the IDF weight (over the report's lines) of each of its bigrams."""
    df: Counter[str] = Counter()
    for t in corpus:
        df.update(set(_grams(t, stop)))
    n = len(corpus) or 1
    return lambda text: {g: math.log((n + 1) / (df.get(g, 0) + 1)) for g in _grams(text, stop)}


def _covered(weights: dict[str, float], grams: set[str]) -> float:
    """The IDF-weighted share of a text's bigrams that `grams` holds."""
    return sum(w for g, w in weights.items() if g in grams) / (sum(weights.values()) or 1.0)


def answer_scores(problems: list[str], plans: list[str], outside: list[str], corpus: list[str],
                  stop: str, embedding_weight: float = 0.0, embed: Embed | None = None) -> list[float]:
    """reach + cover / 2 + embedding_weight * near for each problem (see the module's docstring); 0 means nothing
    ties it to the report."""
    idf = _idf(corpus, stop)
    planned: set[str] = set().union(*(_grams(t, stop) for t in plans))
    elsewhere: set[str] = set().union(*(_grams(t, stop) for t in outside))
    near = nearest_plan(problems, plans, embed) if embedding_weight and embed else [0.0] * len(problems)
    out = []
    for t, sim in zip(problems, near, strict=True):
        weights = idf(t)
        if not weights:
            out.append(float("inf"))  # nothing to compare: never reported
            continue
        reach = sum(1 for g in weights if g in elsewhere) / len(weights)
        out.append(reach + _covered(weights, planned) / 2 + embedding_weight * sim)
    return out


def pair_similarity(problems: list[str], plans: list[str], corpus: list[str], stop: str,
                    embed: Embed) -> np.ndarray:
    """(problems × plans) cosine in the embedding plus the IDF-weighted share of the problem's bigrams that
    that one plan holds."""
    idf = _idf(corpus, stop)
    plan_grams = [set(_grams(q, stop)) for q in plans]
    cover = np.array([[_covered(idf(p), grams) for grams in plan_grams] for p in problems]).reshape(
        len(problems), len(plans))
    return cosines(problems, plans, embed) + cover


def paired(sim: np.ndarray, floor: float, one_way: bool = False) -> set[int]:
    """Problems k whose nearest plan is plan k, whose nearest problem is k in turn, at similarity ≥ floor."""
    if sim.size == 0:
        return set()
    best_plan, best_prob = sim.argmax(axis=1), sim.argmax(axis=0)
    both = {k for k in range(min(sim.shape)) if best_plan[k] == k and best_prob[k] == k and sim[k, k] >= floor}
    if not one_way:
        return both
    in_place = {k for k in range(min(sim.shape)) if (best_plan[k] == k or best_prob[k] == k) and sim[k, k] >= floor}
    # answered out of place: the problem and some plan are each other's nearest
    mutual = {k for k in range(sim.shape[0]) if best_prob[best_plan[k]] == k and sim[k, best_plan[k]] >= floor}
    return in_place | mutual


def _remedied(concepts: list, plans: list[str]) -> list[list[str]]:  # type: ignore[type-arg]
    """The problem words of each concept that some plan item answers with one of its remedy words."""
    return [c.problem for c in concepts if any(w in p for p in plans for w in c.plan)]


def check(ctx: Ctx) -> list[Finding]:
    sections = ctx.report.sections
    probs = [u for s in sections if s.role == Role.problems for u in _units(s, ctx) if u[0] < _causes_from(s, ctx)]
    plans = [u for s in sections if s.role == Role.plans for u in _units(s, ctx)]
    # An intro sentence ("主要体现在：") is not a problem, nor last year's feedback reported rectified (moved here:
    # part-order's finding).
    probs = [(n, t) for n, t in probs if not t.rstrip().endswith(("：", ":")) and not _rectified(t)]
    if not probs or not plans:
        return []  # a missing part is reported as missing-part
    if len(plans) == 1 and len(probs) >= 3:
        # One plan item against three or more problems: the plans are one paragraph, or a misplaced heading cut
        # the part short. Pairing problems with plan items tells nothing then.
        return []
    # A further problem added inside an item (…。此外，…; …。同时，…) is judged on its own, at the item's line.
    extra = [(n, x) for n, t in probs for x in _added_problems(t)]
    weight = ctx.cfg.unanswered_embedding_weight
    if weight and ctx.embed is None:
        # The threshold is set on the scale with the embedding: without it every problem would fall below.
        return []
    in_problems = {n for s in sections if s.role == Role.problems for n in range(s.start_line, s.end_line + 1)}
    lines = list(ctx.all_lines())
    outside = [t for n, t in lines if n not in in_problems]
    scores = answer_scores([t for _, t in probs], [t for _, t in plans], outside, [t for _, t in lines],
                           ctx.cfg.similarity_stop_chars, weight, ctx.embed)
    remedies = _remedied(ctx.cfg.answer_concepts, [t for _, t in plans])
    pairs: set[int] | None = None  # computed only when some problem scores low
    flagged = _model_flags(ctx, probs, plans, lines, scores)
    out: list[Finding] = []
    pairing = ctx.embed is not None and ctx.cfg.unanswered_pair_floor is not None
    # Without a one-to-one partner a problem is judged at the higher bar (when the rubric sets one): writers
    # answer their problems in order, so a problem that no plan pairs with is the likelier gap.
    # Only where the writer answers one-to-one (as many plan items as problems) is a missing partner telling.
    threshold = ctx.cfg.unanswered_threshold
    one_to_one = pairing and ctx.cfg.unanswered_unpaired_threshold is not None and len(probs) == len(plans)
    if one_to_one:
        assert ctx.cfg.unanswered_unpaired_threshold is not None
        threshold = max(threshold, ctx.cfg.unanswered_unpaired_threshold)
    for k, ((n, text), score) in enumerate(zip(probs, scores, strict=True)):
        if len(_grams(text, ctx.cfg.similarity_stop_chars)) < _MIN_GRAMS:
            continue
        if k in flagged:
            # the pairing model's finding stands unless the plan paired with the problem answers it in other
            # words (a remedy word elsewhere in the plans does not: the problem has lost its own plan)
            own = flagged[k]
            if own is None or not any(w in text for words in _remedied(ctx.cfg.answer_concepts, [plans[own][1]])
                                      for w in words):
                out += _unanswered(ctx, n, text, score)
            continue
        if any(w in text for words in remedies for w in words):
            continue  # answered in other words (本领不足 ↔ 参加培训): the rubric's answer_concepts
        if score >= threshold:
            continue
        if pairing:
            assert ctx.embed is not None and ctx.cfg.unanswered_pair_floor is not None
            if pairs is None:
                sim = pair_similarity([t for _, t in probs], [t for _, t in plans], [t for _, t in lines],
                                      ctx.cfg.similarity_stop_chars, ctx.embed)
                # one-to-one: plan k answers problem k when either is the other's nearest
                pairs = paired(sim, ctx.cfg.unanswered_pair_floor, one_way=one_to_one)
            if k in pairs:
                continue  # plan k answers problem k, in other words: one-to-one pairing
        out += _unanswered(ctx, n, text, score)
    out += _judge_added(ctx, extra, [t for _, t in probs], [t for _, t in plans], lines, {f.line for f in out},
                        weight)
    return out


def _unanswered(ctx: Ctx, n: int, text: str, score: float) -> list[Finding]:
    head = re.split(r"[。；！？\n]", text.strip(), maxsplit=1)[0][:30]
    col = ctx.line(n).find(head)
    f = ctx.finding("unanswered-problem", n,
                    f"“下一步工作思路”中没有回应这个问题的措施（与措施和全文的关联度{score:.2f}）：{head}",
                    "针对这个问题增加一条具体措施，做到问题和措施一一对应。",
                    span=(col, col + len(head)) if head and col >= 0 else None, context=0)
    return [f] if f else []


def _model_flags(ctx: Ctx, probs: list[tuple[int, str]], plans: list[tuple[int, str]], lines: list[tuple[int, str]],
                 scores: list[float]) -> dict[int, int | None]:
    """Problems (by index) the fitted pairing model (checks/answer_model.py) finds without an answer, each with the
    plan (by index) the assignment pairs it with (None: none)."""
    from assistant.domain.checks import answer_model

    model = answer_model.load_model()
    bar = ctx.cfg.unanswered_model_threshold
    if model is None or bar is None or ctx.embed is None:
        return {}
    feats, pairs = _model_inputs(ctx, probs, plans, lines, scores)
    got = [model.score(f) for f in feats]
    flagged = {k for k, s in enumerate(got) if s > bar}
    low, margin = ctx.cfg.unanswered_model_low, ctx.cfg.unanswered_model_margin
    if low is not None and margin is not None:
        # one problem far more likely unanswered than every other of its report (they pair well, it does not)
        k = answer_model.outstanding(got, low, margin)
        if k is not None:
            flagged.add(k)
    return {k: pairs.get(k) for k in flagged}


def model_features(ctx: Ctx, probs: list[tuple[int, str]], plans: list[tuple[int, str]],
                   lines: list[tuple[int, str]], scores: list[float]) -> list[dict[str, float]]:
    """The pairing model's features of each problem item (checks/answer_model.py)."""
    return _model_inputs(ctx, probs, plans, lines, scores)[0]


def _model_inputs(ctx: Ctx, probs: list[tuple[int, str]], plans: list[tuple[int, str]],
                  lines: list[tuple[int, str]], scores: list[float]) -> tuple[list[dict[str, float]], dict[int, int]]:
    from assistant.domain.checks import answer_model

    assert ctx.embed is not None
    stop = ctx.cfg.similarity_stop_chars
    corpus = [t for _, t in lines]
    ptexts = [t for _, t in plans]
    sim = pair_similarity([t for _, t in probs], ptexts, corpus, stop, ctx.embed)
    idf = _idf(corpus, stop)
    plan_grams = [set(_grams(q, stop)) for q in ptexts]
    heads = np.array([[_covered(idf(answer_model.head(t)), g) for g in plan_grams] for _, t in probs]).reshape(
        len(probs), len(plans))
    return answer_model.features(sim, heads, scores), answer_model.assign(sim)


def problem_features(ctx: Ctx) -> tuple[list[tuple[int, str]], list[dict[str, float]]]:
    """(line, text) of each problem item the check judges with the model, and its features: what
    `assistant eval fit-answers` fits the model on."""
    sections = ctx.report.sections
    probs = [(n, t) for s in sections if s.role == Role.problems for n, t in _units(s, ctx)
             if not t.rstrip().endswith(("：", ":")) and not _rectified(t) and n < _causes_from(s, ctx)]
    plans = [u for s in sections if s.role == Role.plans for u in _units(s, ctx)]
    if not probs or not plans or ctx.embed is None or (len(plans) == 1 and len(probs) >= 3):
        return [], []
    in_problems = {n for s in sections if s.role == Role.problems for n in range(s.start_line, s.end_line + 1)}
    lines = list(ctx.all_lines())
    scores = answer_scores([t for _, t in probs], [t for _, t in plans], [t for n, t in lines if n not in in_problems],
                           [t for _, t in lines], ctx.cfg.similarity_stop_chars, ctx.cfg.unanswered_embedding_weight,
                           ctx.embed)
    return probs, model_features(ctx, probs, plans, lines, scores)


_ROOTS = re.compile(r"究其原因|分析原因|剖析原因|原因(?:在于|主要)|根源在于|根子在于|深层次看|归根结底")
_ADDED = re.compile(r"(?<=[。；;])\s*(?:此外|同时|另外|还有|再者|与此同时|除此之外|另一方面|再有)[，,]")


def _added_problems(text: str) -> list[str]:
    """Sentences of a problem item that open on 此外/同时… after the item's own problem: a further problem. Not
    after the item turns to the roots (究其原因，…；同时，客观上…): those sentences are causes."""
    roots = _ROOTS.search(text)
    if roots is not None:
        text = text[: roots.start()]
    starts = [m.start() for m in _ADDED.finditer(text)]
    if not starts:
        return []
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _judge_added(ctx: Ctx, extra: list[tuple[int, str]], items: list[str], plans: list[str],
                 lines: list[tuple[int, str]], reported: set[int], weight: float) -> list[Finding]:
    """A further problem is answered when a plan item is tied to it as closely as the rubric's threshold asks
    of any problem, or when its nearest plan is nearer to it than to any item problem (that plan takes it up),
    or when that nearest plan is as close as `unanswered_added_floor`."""
    if not extra or ctx.embed is None:
        return []
    in_lines = [t for _, t in lines]
    stop = ctx.cfg.similarity_stop_chars
    scores = answer_scores([t for _, t in extra], plans, [], in_lines, stop, weight, ctx.embed)
    sim = pair_similarity([t for _, t in extra] + items, plans, in_lines, stop, ctx.embed)
    floor = ctx.cfg.unanswered_added_floor
    out = []
    for k, ((n, text), score) in enumerate(zip(extra, scores, strict=True)):
        if n in reported or len(_grams(text, stop)) < _MIN_GRAMS:
            continue
        # reach is 0 here (the sentence is not compared with the rest of the report): the bar is the threshold
        # less the reach answered problems usually have (about 0.3, the median on the unseen dev reports)
        low = score < ctx.cfg.unanswered_threshold - 0.3
        j = int(sim[k].argmax())
        unpaired = floor is not None and sim[k, j] < floor and sim[len(extra):, j].max(initial=-1.0) > sim[k, j]
        if not (low or unpaired):
            continue
        head = re.split(r"[。；！？\n]", re.sub(r"^(此外|同时|另外|还有|再者|与此同时|除此之外|另一方面|再有)[，,]", "", text), maxsplit=1)[0][:30]
        col = ctx.line(n).find(head)
        f = ctx.finding("unanswered-problem", n, f"“下一步工作思路”中没有回应这个问题的措施（与措施的关联度{score:.2f}）：{head}",
                        "针对这个问题增加一条具体措施，做到问题和措施一一对应。",
                        span=(col, col + len(head)) if head and col >= 0 else None, context=0)
        if f:
            out.append(f)
            reported.add(n)
    return out
