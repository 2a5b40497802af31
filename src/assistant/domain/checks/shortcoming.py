"""Is this the same shortcoming? A deterministic matcher for the year-on-year checks (checks/previous.py).

Two problems are the same shortcoming when they complain about the same thing in the same way, whatever their
words: 支部书记抓党建能力参差不齐 and 基层党务力量薄弱…对党务知识掌握不够 are one; 党员教育形式单一 and 党员教育覆盖不全
are two. The matcher reads a text for
  - its topics (data/shortcomings.yaml `topics`: 党建与业务融合, 党员发展, 党务队伍, 组织覆盖…, each a list of general
    Party-building words and idioms), weighted by where they stand: in the problem's own statement (its first
    sentence) `head_weight` times a word of the body;
  - its aspects (`aspects`: 覆盖, 结构, 形式, 能力, 质量, 机制…), weighted the same way;
and scores a pair as
    (topic agreement + lexical_weight × lexical) × (1 − aspect_weight + aspect_weight × aspect agreement)
where topic agreement is the strongest topic both name (`topic_best` 1; 0 takes the topics' cosine instead),
times `head_clash` when both first sentences name topics and none in common (村务公开不及时…集体收入 against
村集体经济收入偏低: a mention in the body does not make them one),
aspect agreement is the aspects' cosine when both name one (0 when they share none: the same topic, another
complaint) and `aspect_neutral` when either names none, and lexical is the caller's measure of shared content
words (checks/previous.py: IDF-weighted bigrams, generic complaint words removed). Everything is in the data file
and in `MatchWeights` (settings.py previous_match_*), offline and without a model.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from assistant.domain.numbering import leading_marker
from assistant.domain.rules import load_data

_SENTENCE = re.compile(r"[。；！？;!?\n]")


@dataclass(frozen=True)
class MatchWeights:
    """How the parts of the score are combined (settings.py previous_match_*)."""

    head_weight: float = 1.5
    aspect_weight: float = 0.8
    aspect_neutral: float = 0.7
    lexical_weight: float = 0.8
    topic_best: float = 1.0
    head_clash: float = 0.6
    margin: float = 0.0


@dataclass(frozen=True)
class Signature:
    """A text's topics and aspects with their weights."""

    topics: dict[str, float]
    aspects: dict[str, float]


@cache
def _vocab(kind: str) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """One pattern of every word of `kind` (longest first, so a long word wins its stretch), and each word's
    labels."""
    data = load_data("shortcomings.yaml")[kind]
    labels: dict[str, list[str]] = {}
    for label, words in data.items():
        for w in words:
            labels.setdefault(str(w), []).append(str(label))
    words = sorted(labels, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), {w: tuple(ls) for w, ls in labels.items()}


def split_head(text: str) -> tuple[str, str]:
    """(the first sentence without its number, the rest): the problem's own statement and its body."""
    m = leading_marker(text)
    body = text[m.end:].strip() if m is not None else text.strip()
    parts = _SENTENCE.split(body, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _weights(kind: str, head: str, body: str, head_weight: float) -> dict[str, float]:
    pattern, labels = _vocab(kind)
    out: dict[str, float] = {}
    for text, w in ((head, head_weight), (body, 1.0)):
        for m in pattern.finditer(text):
            for label in labels[m.group()]:
                out[label] = max(out.get(label, 0.0), w)
    return out


def signature(text: str, weights: MatchWeights | None = None) -> Signature:
    hw = (weights or MatchWeights()).head_weight
    head, body = split_head(text)
    return Signature(topics=_weights("topics", head, body, hw), aspects=_weights("aspects", head, body, hw))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b.get(k, 0.0) for k, w in a.items())
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


def best_shared(a: dict[str, float], b: dict[str, float], head_weight: float) -> float:
    """The strongest topic both name: 1 when both statements name it, less when a body does."""
    return max((a[k] * b[k] for k in a.keys() & b.keys()), default=0.0) / (head_weight * head_weight)


def topic_agreement(a: Signature, b: Signature, weights: MatchWeights | None = None) -> float:
    """How far two texts are about the same thing (0..1)."""
    mw = weights or MatchWeights()
    topic = (1 - mw.topic_best) * cosine(a.topics, b.topics) + mw.topic_best * best_shared(a.topics, b.topics,
                                                                                           mw.head_weight)
    heads_a = {k for k, w in a.topics.items() if w == mw.head_weight}
    heads_b = {k for k, w in b.topics.items() if w == mw.head_weight}
    if mw.head_weight > 1 and heads_a and heads_b and not heads_a & heads_b:
        topic *= mw.head_clash  # the statements are about different things; a body's mention does not make them one
    return topic


def aspect_factor(a: Signature, b: Signature, weights: MatchWeights | None = None) -> float:
    """How far two texts complain of the same (0..1): 1 − aspect_weight + aspect_weight × the aspects' cosine, the
    cosine taken as aspect_neutral when either names no aspect."""
    mw = weights or MatchWeights()
    aspect = cosine(a.aspects, b.aspects) if a.aspects and b.aspects else mw.aspect_neutral
    return 1 - mw.aspect_weight + mw.aspect_weight * aspect


def score(a: Signature, b: Signature, lexical: float, weights: MatchWeights | None = None) -> float:
    """(topic agreement + lexical_weight × lexical) × aspect factor: shared words do not make two complaints of
    one topic the same (书记队伍能力不强 against 书记队伍年龄偏大)."""
    mw = weights or MatchWeights()
    return (topic_agreement(a, b, mw) + mw.lexical_weight * lexical) * aspect_factor(a, b, mw)
