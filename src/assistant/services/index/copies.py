"""Copied passages: the stretches of a text that stand verbatim, or nearly so, in an indexed report.

1. The text is normalised as the index is (shingles.py) and hashed into shingles; the sampled ones are looked
   up in the index. A shingle found in more than `common` places is a stock phrase of the genre (习近平新时代
   中国特色社会主义思想…) and seeds nothing.
2. Each report with seeds (the `candidates` with most seeds) is compared with the text over all its shingles:
   the characters covered by a shared shingle form runs; runs less than `gap` characters apart are one passage
   (a changed word, a swapped unit name, and punctuation, which is dropped before hashing anyway).
3. A passage counts when it is at least `min_chars` normalised characters long, covered at `min_cover` or
   more, and holds a seed of that report. Where several reports hold the same passage, the one covering most
   of it is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.services.index.shingles import (
    SHINGLE,
    codes,
    normalise,
    normalise_with_columns,
    sampled,
    shingle_hashes,
)

if TYPE_CHECKING:
    import numpy as np

    from assistant.services.index.shingles import ShingleIndex


@dataclass(frozen=True)
class Tuning:
    min_chars: int = 40
    gap: int = 16
    min_cover: float = 0.7
    common: float = 0.2  # a shingle in more than this share of the reports (and at least common_min) is stock
    common_min: int = 8
    min_seeds: int = 2  # sampled shingles of the source inside the passage
    candidates: int = 100


@dataclass
class Passage:
    start: int  # normalised offsets in the text
    end: int
    doc: int  # the source report's index in ShingleIndex.reports
    source_line: int
    covered: int = 0
    line: int = 0  # filled by locate(): the text's line and 1-based column
    column: int = 0
    end_line: int = 0

    @property
    def chars(self) -> int:
        return self.end - self.start


_TITLE_LINE = re.compile(r"^[^，。；：,;:]{0,40}述职报告$")


@dataclass
class Query:
    """A text as the index sees it: normalised characters, each with its line and column in the original."""

    text: str
    lines: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, lines: list[str], first_line: int = 1) -> Query:
        """The lines as the index sees them, a report's title line left out: every report of a unit and year is
        titled alike (某镇党委书记2025年度抓基层党建工作述职报告), so a title shared is no passage copied."""
        parts: list[str] = []
        q = cls("")
        for i, line in enumerate(lines):
            if _TITLE_LINE.match(line.strip()):
                continue
            t, cols = normalise_with_columns(line)
            parts.append(t)
            q.lines += [first_line + i] * len(t)
            q.cols += cols
        q.text = "".join(parts)
        return q


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    import numpy as np

    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


@lru_cache(maxsize=1)
def stock_phrases() -> list[str]:
    """The genre's set formulae (data/stock_phrases.yaml)."""
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("assistant.data").joinpath("stock_phrases.yaml").read_text(encoding="utf-8"))
    return [str(p) for p in (data or {}).get("phrases", [])]


@lru_cache(maxsize=1)
def stock_hashes() -> np.ndarray:
    """The shingles of the set formulae, sorted."""
    import numpy as np

    hs = [shingle_hashes(codes(normalise(p))) for p in stock_phrases()]
    return np.unique(np.concatenate(hs)) if hs else np.zeros(0, np.uint64)


def _seeds(index: ShingleIndex, qh: np.ndarray, live: np.ndarray, tuning: Tuning
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(query position, report, weight 1/df) of every sampled shingle of the text found in the index; shingles
    in more than `common` of the reports (and stock formulae: `live` False) left out."""
    import numpy as np

    empty = np.zeros(0, np.int64)
    pos = np.flatnonzero(sampled(qh) & live)
    if not len(pos) or not len(index.hashes):
        return empty, empty, np.zeros(0)
    h = qh[pos]
    lo = np.searchsorted(index.hashes, h, side="left")
    n = np.searchsorted(index.hashes, h, side="right") - lo
    keep = (n > 0) & (n <= max(tuning.common_min, int(tuning.common * index.size)))
    pos, lo, n = pos[keep], lo[keep], n[keep]
    total = int(n.sum())
    if total == 0:
        return empty, empty, np.zeros(0)
    first = np.repeat(lo - np.concatenate(([0], np.cumsum(n)[:-1])), n) + np.arange(total)
    docs = index.doc_of(np.asarray(index.positions[first], dtype=np.int64))
    return np.repeat(pos, n), docs, np.repeat(1.0 / n, n)


def find(index: ShingleIndex, query: Query, *, exclude: set[int] | None = None,
         tuning: Tuning | None = None) -> list[Passage]:
    """The copied passages of `query`, longest first claimed, none overlapping another."""
    import numpy as np

    t = tuning or Tuning()
    qh = shingle_hashes(codes(query.text))
    if not len(qh):
        return []
    live = ~np.isin(qh, stock_hashes())
    qpos, qdoc, weight = _seeds(index, qh, live, t)
    if exclude:
        keep = ~np.isin(qdoc, np.fromiter(exclude, dtype=np.int64))
        qpos, qdoc, weight = qpos[keep], qdoc[keep], weight[keep]
    if not len(qdoc):
        return []
    docs, inv = np.unique(qdoc, return_inverse=True)
    score = np.bincount(inv, weights=weight)
    score[np.bincount(inv) < t.min_seeds] = 0  # a passage needs min_seeds seeds of its report
    order = np.argsort(-score, kind="stable")[: t.candidates]
    order = order[score[order] > 0]
    found: list[Passage] = []
    n = len(query.text)
    for d in docs[order].tolist():
        dh = shingle_hashes(np.asarray(index.doc_text(d)))
        if not len(dh):
            continue
        ds = np.sort(dh)
        at = np.flatnonzero((ds[np.minimum(np.searchsorted(ds, qh), len(ds) - 1)] == qh) & live)
        cov = np.zeros(n + 1, dtype=np.int32)
        np.add.at(cov, at, 1)
        np.add.at(cov, at + SHINGLE, -1)
        covered = np.cumsum(cov[:n]) > 0
        seeds = np.sort(qpos[qdoc == d])
        merged: list[list[int]] = []
        for a, b in _runs(covered):
            if merged and a - merged[-1][1] <= t.gap:
                merged[-1][1] = b
            else:
                merged.append([a, b])
        for a, b in merged:
            if b - a < t.min_chars:
                continue
            c = int(covered[a:b].sum())
            if c < t.min_cover * (b - a):
                continue
            if np.searchsorted(seeds, b) - np.searchsorted(seeds, a) < t.min_seeds:
                continue
            first = int(at[np.searchsorted(at, a)])
            j = int(np.flatnonzero(dh == qh[first])[0])
            found.append(Passage(start=a, end=b, doc=d, covered=c,
                                 source_line=index.line_at(int(index.starts[d]) + j)))
    found.sort(key=lambda p: (-p.covered, p.start))
    taken = np.zeros(n, dtype=bool)
    out: list[Passage] = []
    for p in found:
        if taken[p.start : p.end].sum() * 2 > p.chars:
            continue  # the same stretch in another report, which covers it better
        taken[p.start : p.end] = True
        p.line, p.column, p.end_line = query.lines[p.start], query.cols[p.start] + 1, query.lines[p.end - 1]
        out.append(p)
    return sorted(out, key=lambda p: p.start)


def shares(passages: list[Passage], total: int) -> tuple[float, dict[int, float]]:
    """The share of the text's normalised characters in any passage, and per source report."""
    if total <= 0:
        return 0.0, {}
    per: dict[int, int] = {}
    for p in passages:
        per[p.doc] = per.get(p.doc, 0) + p.chars
    return min(1.0, sum(per.values()) / total), {d: c / total for d, c in per.items()}
