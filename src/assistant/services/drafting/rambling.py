"""Rambling, for drafts written by a model: a line that turns its own words over in other clauses
(…的结合程度不高，…的结合程度不够紧密). guards.py names it a repeat; cutting.py keeps the clauses that add something."""

from __future__ import annotations

import re

from assistant.domain.numbering import leading_marker

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_KEEP = re.compile(r"([，,：:、])")
# A sentence or clause of this many Chinese characters or more said twice in one part is a repeat (guards.py); a
# sentence cut below it says too little to stand.
REPEAT_MIN = 10

# Measured as the share of a line's Chinese characters inside RAMBLE_RUN-character runs it has already said; real
# lines of 20+ characters reach 0.31 (bench_guards.py), a small model's rambling 0.35-0.53.
RAMBLE_RUN = 4
RAMBLE_SHARE = 0.34
RAMBLE_MIN = 20
# A clause this much made of runs said before in its line adds nothing (cutting.cut_back drops it).
RAMBLED_CLAUSE = 0.6


def said_again_share(line: str) -> float:
    """The share of a line's Chinese characters inside runs of RAMBLE_RUN it said earlier (0 under RAMBLE_MIN)."""
    t = "".join(_HAN.findall(line))
    if len(t) < RAMBLE_MIN:
        return 0.0
    seen: set[str] = set()
    cov = [False] * len(t)
    for i in range(len(t) - RAMBLE_RUN + 1):
        g = t[i:i + RAMBLE_RUN]
        if g in seen:
            cov[i:i + RAMBLE_RUN] = [True] * RAMBLE_RUN
        seen.add(g)
    return sum(cov) / len(t)


def rambling(text: str) -> list[str]:
    """Lines that say their own words over (said_again_share above RAMBLE_SHARE)."""
    return [ln.strip() for ln in text.split("\n") if said_again_share(_body(ln)) > RAMBLE_SHARE]


def _body(line: str) -> str:
    m = leading_marker(line)
    return line[m.end:] if m else line


def without_rambling(sentence: str, seen: set[str]) -> str:
    """The sentence without the clauses mostly made of runs said before in its line (`seen`, which it extends); a
    sentence left with under REPEAT_MIN Chinese characters once something was dropped is dropped whole."""
    pieces = _CLAUSE_KEEP.split(sentence)
    out: list[str] = []
    dropped = False
    for i in range(0, len(pieces), 2):
        clause, mark = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
        t = "".join(_HAN.findall(clause))
        runs = [t[k:k + RAMBLE_RUN] for k in range(len(t) - RAMBLE_RUN + 1)]
        cov = [False] * len(t)
        for k, g in enumerate(runs):
            if g in seen:
                cov[k:k + RAMBLE_RUN] = [True] * RAMBLE_RUN
        seen.update(runs)
        if len(t) >= RAMBLE_RUN and sum(cov) / len(t) >= RAMBLED_CLAUSE:
            dropped = True
            continue
        out.append(clause + mark)
    text = "".join(out)
    if dropped and len(_HAN.findall(text)) < REPEAT_MIN:
        return ""
    return ended_as(text, sentence)


def ended_as(text: str, sentence: str) -> str:
    """What is kept of a sentence, ending on the sentence's own end mark where a dropped clause took it away."""
    if text and text[-1] in "，、：:" and sentence[-1:] in "。！？；":
        return text[:-1] + sentence[-1]
    return text
