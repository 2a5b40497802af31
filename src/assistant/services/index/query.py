"""What a typed query asks for: its free text, the phrases it quotes, and the snippet that shows a hit's match."""

from __future__ import annotations

import re

from pydantic import BaseModel

MAX_QUERY = 1000  # characters: a query, not a document (drafting's queries are at most 600)
# "…" and “…” (and 「…」, 『…』) standing apart (the whole query, or set off by spaces): a quoted phrase must
# occur literally in every hit. Quotes inside a sentence (严格落实“三会一课”制度) are the genre's own quotation
# marks, as in a pasted line or drafting's queries, and do not restrict anything.
_QUOTED = re.compile(r'(?:(?<=\s)|^)(?:"([^"]+)"|“([^”]+)”|「([^」]+)」|『([^』]+)』)(?=\s|$)')


class QueryError(ValueError):
    """A query that cannot be searched; one Chinese line."""


class Query(BaseModel):
    text: str  # the whole query without its quote marks (what the vectors and BM25 score)
    phrases: tuple[str, ...] = ()  # quoted phrases: required literally
    literal: str = ""  # the query as typed, unquoted and trimmed: a hit holding it is preferred


def parse_query(raw: str) -> Query:
    q = raw.strip()
    if not q:
        raise QueryError("查询为空：请输入要查找的词句，例如 assistant search 以会代学")
    if len(q) > MAX_QUERY:
        raise QueryError(f"查询过长（{len(q)} 字）：请缩短到 {MAX_QUERY} 字以内，或只写要找的关键词句")
    if not any(c.isalnum() for c in q):
        raise QueryError("查询里只有标点或符号，没有可查找的文字")
    phrases = tuple(p.strip() for m in _QUOTED.finditer(q) for p in m.groups() if p and p.strip())
    text = _QUOTED.sub(lambda m: " " + next(g for g in m.groups() if g) + " ", q).strip()
    if phrases and not any(c.isalnum() for p in phrases for c in p):
        raise QueryError("引号里只有标点或符号，没有可查找的文字")
    return Query(text=text, phrases=phrases, literal="" if phrases else q)


def snippet(text: str, query: Query, width: int = 120) -> str:
    """A window of the hit's text around its best match, the matched words in 【】 (not the chunk's start)."""
    flat = text.replace("\n", " ")
    low = flat.lower()
    spans: list[tuple[int, int]] = []
    for p in (*query.phrases, query.literal):
        p = p.lower()
        if p and (at := low.find(p)) >= 0:
            spans.append((at, at + len(p)))
    if not spans:
        spans = _bigram_runs(low, query.text.lower())
    if not spans:
        return flat[:width] + ("…" if len(flat) > width else "")
    a, b = max(spans, key=lambda s: (s[1] - s[0], -s[0]))
    start = max(0, min(a - width // 4, len(flat) - width))
    end = min(len(flat), start + width)
    marks = sorted(s for s in spans if s[0] >= start and s[1] <= end)
    out, at = [], start
    for s, e in marks:
        if s < at:
            continue
        out += [flat[at:s], "【", flat[s:e], "】"]
        at = e
    out.append(flat[at:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(flat) else "")


def _bigram_runs(low: str, q: str, shortest: int = 3) -> list[tuple[int, int]]:
    """Runs of the text made of the query's bigrams (a paraphrase shares pieces, not the whole): the runs of
    at least `shortest` characters, or of two when none is that long."""
    grams = {q[i:i + 2] for i in range(len(q) - 1) if q[i].isalnum() and q[i + 1].isalnum()}
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(low) - 1:
        if low[i:i + 2] in grams:
            j = i + 1
            while j < len(low) - 1 and low[j:j + 2] in grams:
                j += 1
            runs.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    long = [r for r in runs if r[1] - r[0] >= shortest]
    return long or runs[:3]
