"""Ranked chunks for a query, optionally of one role and one unit kind.

Role filter: each role has its own collection (see store.py), so a role-filtered query is a plain HNSW
query on that collection and a query without a role asks every non-empty role collection and merges by
score. Unit-kind filter: over-fetch without a filter and keep the matching hits; only when that yields
fewer than k, fall back to Chroma's `where` filter (exact but slow at scale, see bench/bench_search.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.domain.models import Role
from assistant.services.store import (
    EmbeddingMismatchError,
    Generation,
    IndexMissingError,
    StoreError,
    open_client,
    require_catalog,
)

if TYPE_CHECKING:
    from assistant.settings import Settings

__all__ = ["Hit", "search", "search_vectors", "IndexMissingError", "EmbeddingMismatchError", "StoreError",
           "SearchError"]

OVERFETCH = 8  # candidates per wanted hit when filtering by unit kind in Python


class SearchError(ValueError):
    """Bad search input (unknown role, k out of range); one-line message."""


class Hit(BaseModel):
    chunk_id: str
    score: float
    text: str
    role: Role
    report_id: str
    title: str
    heading_path: str
    unit_kind: str | None = None
    year: int | None = None
    source: str
    start_line: int = 0


def _role(role: Role | str | None) -> Role | None:
    if role is None or role == "":
        return None
    try:
        return Role(role)
    except ValueError as e:
        raise SearchError(f"unknown role {role!r}; one of: {', '.join(r.value for r in Role)}") from e


def _hits(res: dict[str, Any]) -> list[Hit]:
    out = []
    for cid, dist, doc, md in zip(res["ids"][0], res["distances"][0], res["documents"][0], res["metadatas"][0],
                                  strict=False):
        out.append(Hit(chunk_id=cid, score=round(1.0 - float(dist), 6), text=doc or "", role=Role(md["role"]),
                       report_id=str(md["report_id"]), title=str(md["title"]),
                       heading_path=str(md.get("heading_path", "")), unit_kind=(md.get("unit_kind") or None),
                       year=(int(md["year"]) or None) if md.get("year") else None, source=str(md["source"]),
                       start_line=int(md.get("start_line", 0))))
    return out


def search_vectors(gen: Generation, counts: dict[str, int], vector: Any, *, role: Role | None, unit_kind: str | None,
                   k: int) -> list[Hit]:
    """The search itself, on an open generation with a query vector (the benchmark calls this)."""
    roles = [role] if role else [r for r in Role if counts.get(r.value, 0) > 0]
    include = ["documents", "metadatas", "distances"]
    hits: list[Hit] = []
    for r in roles:
        n = counts.get(r.value, 0)
        if n == 0:
            continue
        col = gen.chunks(r, create=False)
        if col is None:
            continue
        want = min(n, k * OVERFETCH if unit_kind else k)
        res = col.query(query_embeddings=[vector], n_results=want, include=include)  # type: ignore[list-item]
        got = _hits(res)  # type: ignore[arg-type]
        if unit_kind:
            got = [h for h in got if h.unit_kind == unit_kind]
            if len(got) < k and want < n:
                # Fallback: Chroma's metadata pre-filter (exact, slow on big collections).
                res = col.query(query_embeddings=[vector], n_results=k, where={"unit_kind": unit_kind},
                                include=include)  # type: ignore[list-item]
                got = _hits(res)  # type: ignore[arg-type]
        hits.extend(got[:k])
    hits.sort(key=lambda h: (-h.score, h.chunk_id))
    return hits[:k]


def search(query: str, settings: Settings, *, role: Role | str | None = None, unit_kind: str | None = None,
           k: int = 5) -> list[Hit]:
    """The k chunks closest to `query` (cosine), best first."""
    from assistant.services.embedding import embed

    if not query.strip():
        raise SearchError("the query is empty")
    if not 1 <= k <= 1000:
        raise SearchError(f"k must be between 1 and 1000, not {k}")
    r = _role(role)
    client = open_client(settings)
    cat = require_catalog(client, settings)
    gen = Generation(client, settings, cat.active)
    vector = embed([query], settings)[0]
    return search_vectors(gen, cat.counts, vector, role=r, unit_kind=unit_kind or None, k=k)
