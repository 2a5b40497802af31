"""Two echoes that the run-based echo guard (guards.py) cannot see, because their words are the profile's values,
which a part may use: the facts list restated without its 【】 headings — its labels and frames kept
(问题：…；整改：…, 本单位…（…级），上级党组织是…), one entry after another as sent — and a part after the problems
(causes, plans, insights) made of the problems' own text.

A sentence echoes a facts line when it holds most of the line's frame (the words of its form that are no value)
in order and most of the line's characters in order; a clause opened by a label of the facts list (问题：, or a
heading's words without its 【】 followed by ：or 如下) is an echo on its own. A sentence that uses the values in prose holds
neither. Thresholds measured with bench/bench_guards.py (docs/drafting.md).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain.numbering import leading_marker

# The labels of the facts list's rectification entries (messages.render_facts); a clause they open is the list.
RECT_LABELS = ("问题：", "整改：", "结果：")
# A sentence holding a facts line's frame is an echo when it reproduces this share of the line's characters in
# order (the longest common subsequence); prose built on the same values drops the frame.
FORM_SHARE = 0.6
# Restating the problems: the share of a part inside runs of RESTATE_RUN characters shared with the problems.
RESTATE_RUN = 6
MAX_RESTATED = 0.5
_UNIT = re.compile(r"[^。！？\n]+[。！？]?")
_SKIP = re.compile(r"[\s\0]")
_CLAUSE_START = "。；！？，,：:\n"  # after a colon too: 问题X：整改：… is the list


@dataclass(frozen=True)
class FactLine:
    """One line of the facts list as sent, its 【】 brackets and list mark removed (the heading's words kept:
    a model drops the brackets, not the words), and the words of its form that are no value."""

    text: str
    frame: tuple[str, ...]


def _flat(text: str) -> str:
    return _SKIP.sub("", text)


def _body(unit: str) -> str:
    m = leading_marker(unit)
    s = (unit[m.end:] if m else unit).strip()
    return s[2:].strip() if s.startswith("- ") else s.lstrip("-–·•").strip()


def common_in_order(a: str, b: str) -> int:
    """The length of the longest common subsequence of a and b (one row of the table at a time)."""
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _frame_in_order(unit: str, frame: tuple[str, ...]) -> int:
    at, n = 0, 0
    for piece in frame:
        i = unit.find(piece, at)
        if i >= 0:
            n, at = n + 1, i + len(piece)
    return n


def echoes_line(unit: str, fact: FactLine) -> bool:
    """Whether one sentence reproduces a facts line's form: most of its frame in order, most of its characters."""
    if not fact.frame:
        return False
    if _frame_in_order(unit, fact.frame) < math.ceil(len(fact.frame) * 2 / 3):
        return False
    target = _flat(fact.text)
    return common_in_order(_flat(unit), target) >= FORM_SHARE * len(target)


# A heading's words of this many characters or more open a clause of the list form on their own, run on into the
# sentence (问题的原因主观上…, 今年做的工作包括…): the label made the subject. Real parts never open a clause so
# (bench/bench_guards.py: 0 of 3,313); 本单位 is too common a subject, and only its label forms count.
LONG_HEAD = 4
# The words that run a short heading's words on into the label form (本单位是…).
_RUNS_ON = ("是", "包括", "有", "主要", "对")


def heading_words(labels: list[str]) -> list[str]:
    """The facts list's headings without their 【】 (我查摆的问题 for 【我查摆的问题】)."""
    return [x[1:-1] for x in labels if x.startswith("【") and x.endswith("】")]


def openers(labels: list[str]) -> list[str]:
    """The label words that open a clause of the list form: the rectification labels, and each 【】 heading's
    words followed by ：or 如下 (a model copies 去年评议指出的问题和整改如下：)."""
    heads = heading_words(labels)
    # a heading of LONG_HEAD characters opens a clause of the list form even without ：(2025年的重点工作推动…)
    return [*RECT_LABELS, *(h + end for h in heads for end in ("：", ":", "如下", *_RUNS_ON)),
            *(h for h in heads if len(h) >= LONG_HEAD)]


def opened_by_label(unit: str, words: list[str]) -> str | None:
    """The label that opens a clause of the sentence (产生上述问题的原因： is prose, 问题的原因： is the label)."""
    for w in words:
        i = unit.find(w)
        while i >= 0:
            if i == 0 or unit[i - 1] in _CLAUSE_START:
                return w
            i = unit.find(w, i + 1)
    return None


def is_form_echo(unit: str, facts: list[FactLine], words: list[str]) -> bool:
    body = _body(unit)
    return bool(body) and (opened_by_label(body, words) is not None or any(echoes_line(body, f) for f in facts)
                           or relabelled(body, facts))


_LABELLED = re.compile(r"([\u4e00-\u9fff]{2,8})[：:](.+)")
RELABEL_SHARE = 0.8  # of a work entry's text, in order, after a label of the model's own


def relabelled(unit: str, facts: list[FactLine]) -> bool:
    """A work entry copied whole under a label of the model's own making (党建建设：<the entry>, where the list
    said 组织建设：…): the list's form with its label changed."""
    m = _LABELLED.match(unit)
    if m is None:
        return False
    rest = _flat(m.group(2))
    for f in facts:
        if f.frame and f.frame[0].endswith("：") and "：" in f.text:
            body = _flat(f.text.split("：", 1)[1])
            if len(body) >= REPEAT_MIN_FACT and common_in_order(rest, body) >= RELABEL_SHARE * len(body):
                return True
    return False


REPEAT_MIN_FACT = 10  # a shorter entry is too little to tell a copy from a sentence on the same work


def form_echo(text: str, facts: list[FactLine], labels: list[str]) -> str:
    """The first sentence of the text that restates the facts list in its form (empty: none)."""
    words = openers(labels)
    for ln in text.split("\n"):
        for unit in _UNIT.findall(_body(ln)):
            if is_form_echo(unit, facts, words):
                return unit.strip()
    return ""


@lru_cache(maxsize=16)  # the same problems are compared with every sentence of a part
def _grams(source: str, k: int) -> frozenset[str]:
    out: set[str] = set()
    for piece in re.split(r"[\s\0]+", source):
        out.update(piece[i:i + k] for i in range(len(piece) - k + 1))
    return frozenset(out)


def restated(text: str, problems: str) -> float:
    """The share of the text (whitespace and list marks removed) inside runs of RESTATE_RUN characters that the
    problems (the profile's, and the problems part as drafted) hold."""
    t = _flat("".join(_body(ln) for ln in text.split("\n")))
    if not t or not problems:
        return 0.0
    source = _grams(problems, RESTATE_RUN)
    cov = [False] * len(t)
    for i in range(len(t) - RESTATE_RUN + 1):
        if t[i:i + RESTATE_RUN] in source:
            cov[i:i + RESTATE_RUN] = [True] * RESTATE_RUN
    return sum(cov) / len(t)
