"""Ranked chunks for a query, optionally of one role and one unit kind.

Ranking (search_mode): hybrid by default, the vector ranking below fused with the keyword index's BM25
ranking (hybrid.py, keyword.py); a quoted phrase must occur in every hit (query.py).

Role filter: each role has its own collection (see store.py), and a query without a role asks every
non-empty role and merges by score. On a local store each role is scanned exactly with numpy
(exact.py: right by construction, a few ms at 200,000 chunks); texts and metadata of the k
winners are then fetched from Chroma by id. On a Chroma server (or when the exact files are missing)
the role collection's HNSW graph answers instead: approximate. There the unit-kind filter over-fetches
without a filter and keeps the matching hits; only when that yields fewer than k does it fall back to
Chroma's `where` filter (exact but slow at scale, see bench/bench_search.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.domain.letter_d import restore_d
from assistant.domain.models import Role
from assistant.services.index.chunking import read_metadata
from assistant.services.index.embedding import embed
from assistant.services.index.exact import cache_server_role, exact_dir, load_role
from assistant.services.index.store import (
    EmbeddingMismatchError,
    Generation,
    IndexMissingError,
    StoreError,
    open_client,
    read_catalog,
    require_catalog,
)

if TYPE_CHECKING:
    from assistant.settings import Settings

__all__ = ["Hit", "search", "search_vectors", "IndexMissingError", "EmbeddingMismatchError", "StoreError",
           "SearchError"]

OVERFETCH = 8  # candidates per wanted hit when filtering by unit kind in Python


class SearchError(ValueError):
    """Bad search input (empty or overlong query, unknown role, k out of range); one Chinese line."""


class GenerationGone(StoreError):
    """The generation being read was replaced (a --rebuild elsewhere) between scoring and fetching the hits."""


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
    snippet: str = ""  # the text around the match, matched words in 【】


def _role(role: Role | str | None) -> Role | None:
    if role is None or role == "":
        return None
    try:
        return Role(role)
    except ValueError as e:
        raise SearchError(f"没有这个部分（role）：{role!r}；可选：{'、'.join(r.value for r in Role)}") from e


def _hits(res: dict[str, Any]) -> list[Hit]:
    out = []
    for cid, dist, doc, md in zip(res["ids"][0], res["distances"][0], res["documents"][0], res["metadatas"][0],
                                  strict=False):
        md = read_metadata(md, doc)
        out.append(Hit(chunk_id=cid, score=round(1.0 - float(dist), 6), text=str(md["text"]), role=Role(md["role"]),
                       report_id=str(md["report_id"]), title=str(md["title"]),
                       heading_path=str(md.get("heading_path", "")), unit_kind=(md.get("unit_kind") or None),
                       year=(int(md["year"]) or None) if md.get("year") else None, source=str(md["source"]),
                       start_line=int(md.get("start_line", 0) or 0)))
    return out


_EXACT_CACHE: dict[tuple[str, str, str, int, int], Any] = {}


def _exact(gen: Generation, role: Role, n: int, revision: str = "") -> Any:
    """The role's exact matrix if there is a valid one (cached per process): the local store's files, or
    for a Chroma server this machine's copy of its vectors, fetched once per catalog revision."""
    try:  # the files' time tells a rewrite (a changed report keeps the count)
        stamp = (exact_dir(gen.settings, gen.prefix) / f"{role.value}.json").stat().st_mtime_ns
    except OSError:
        stamp = 0
    where = gen.settings.chroma_url or str(Path(gen.settings.chroma_path).resolve())
    key = (where, gen.prefix, role.value, n, stamp, revision)
    if key not in _EXACT_CACHE:
        m = load_role(gen.settings, gen.prefix, role.value, n, revision)
        if m is None and gen.settings.chroma_url:
            m = cache_server_role(gen, role.value, n, revision)
        _EXACT_CACHE[key] = m
    return _EXACT_CACHE[key]


def _hnsw(col: Any, vector: Any, n: int, unit_kind: str | None, k: int) -> list[Hit]:
    include = ["documents", "metadatas", "distances"]
    want = min(n, k * OVERFETCH if unit_kind else k)
    got = _hits(col.query(query_embeddings=[vector], n_results=want, include=include))
    if unit_kind:
        got = [h for h in got if h.unit_kind == unit_kind]
        if len(got) < k and want < n:
            # Fallback: Chroma's metadata pre-filter (exact, slow on big collections).
            got = _hits(col.query(query_embeddings=[vector], n_results=k, where={"unit_kind": unit_kind},
                                  include=include))
    return got[:k]


def rank_vectors(gen: Generation, counts: dict[str, int], vector: Any, *, role: Role | None, unit_kind: str | None,
                 k: int, mode: str = "auto", revision: str = "") -> list[tuple[float, str, Role, Hit | None]]:
    """The k best chunks by cosine as (score, chunk id, role, hit or None when its row is not fetched yet).

    mode: "auto" scans the exact index where the local store has one and uses HNSW elsewhere;
    "exact" or "hnsw" force one path (the benchmark compares them).
    """
    roles = [role] if role else [r for r in Role if counts.get(r.value, 0) > 0]
    ranked: list[tuple[float, str, Role, Hit | None]] = []
    for r in roles:
        n = counts.get(r.value, 0)
        if n == 0:
            continue
        m = _exact(gen, r, n, revision) if mode != "hnsw" else None
        if m is None and mode == "exact":
            raise StoreError(f"{gen.settings.chroma_path} 中缺少 {r.value} 部分的精确索引；"
                             "请运行：assistant ingest 路径...（会修复索引）")
        if m is not None:
            ranked.extend((score, cid, r, None) for cid, score in m.top(vector, k, unit_kind))
            continue
        col = gen.chunks(r, create=False)
        if col is None:
            raise GenerationGone(f"{r.value} 部分的索引已不存在")
        ranked.extend((h.score, h.chunk_id, r, h) for h in _hnsw(col, vector, n, unit_kind, k))
    ranked.sort(key=lambda t: (-t[0], t[1]))
    return ranked[:k]


def fetch_hits(gen: Generation, ranked: list[tuple[float, str, Role, Hit | None]]) -> list[Hit]:
    """Hits in the order of `ranked`, each with its score; rows not fetched yet are read from Chroma by id."""
    by_role: dict[Role, list[str]] = {}
    for _, cid, r, h in ranked:
        if h is None:
            by_role.setdefault(r, []).append(cid)
    found: dict[str, Hit] = {h.chunk_id: h for _, _, _, h in ranked if h is not None}
    for r, ids in by_role.items():
        col = gen.chunks(r, create=False)
        if col is None:
            raise GenerationGone(f"{r.value} 部分的索引已不存在")
        got = col.get(ids=ids, include=["documents", "metadatas"])
        for h in _hits({"ids": [got["ids"]], "distances": [[0.0] * len(got["ids"])],
                        "documents": [got["documents"]], "metadatas": [got["metadatas"]]}):
            found[h.chunk_id] = h
    if any(cid not in found for _, cid, _, _ in ranked):  # scored on rows deleted since: not this generation
        raise GenerationGone("命中的向量所在的行已被删除")
    return [found[cid].model_copy(update={"score": round(score, 6)}) for score, cid, _, _ in ranked]


def search_vectors(gen: Generation, counts: dict[str, int], vector: Any, *, role: Role | None, unit_kind: str | None,
                   k: int, mode: str = "auto", revision: str = "") -> list[Hit]:
    """The vector search alone, on an open generation with a query vector (the benchmark calls this)."""
    return fetch_hits(gen, rank_vectors(gen, counts, vector, role=role, unit_kind=unit_kind, k=k, mode=mode,
                                        revision=revision))


def search(query: str, settings: Settings, *, role: Role | str | None = None, unit_kind: str | None = None,
           k: int = 5, mode: str | None = None) -> list[Hit]:
    """The k best chunks for `query`, best first: hybrid (vectors fused with keywords), or one of them alone
    (settings.search_mode, or `mode`). Every hit carries a snippet around its match."""
    from assistant.services.index import hybrid
    from assistant.services.index.query import QueryError, parse_query, snippet

    # The index holds cleaned text (D建 restored to 党建); a query pasted from a material site is read the same way.
    try:
        q = parse_query(restore_d(query))
    except QueryError as e:
        raise SearchError(str(e)) from e
    if not 1 <= k <= 1000:
        raise SearchError(f"结果条数 -k 须在 1 到 1000 之间，不能是 {k}")
    mode = mode or settings.search_mode
    r = _role(role)
    client = open_client(settings, create=False)
    vector = embed([q.text], settings)[0] if mode != "keyword" else None
    pool = max(hybrid.POOL, k)
    from chromadb.errors import ChromaError

    # One generation is read throughout. A --rebuild elsewhere may switch the catalog and drop the generation
    # being read (between scoring and fetching the hits' rows): then the search runs once more on the new one.
    # Hits from a generation that was replaced meanwhile are not returned either.
    for _attempt in range(2):
        cat = require_catalog(client, settings)
        gen = Generation(client, settings, cat.active)
        kind = unit_kind or None
        try:
            vec = [] if vector is None else rank_vectors(gen, cat.counts, vector, role=r, unit_kind=kind,
                                                         k=k if mode == "vector" and not q.phrases else pool,
                                                         revision=cat.revision)
            if mode == "vector" and not q.phrases:
                ranked = vec[:k]
            else:
                weight = 1.0 if mode == "keyword" else hybrid.keyword_weight(q.text)
                key = hybrid.rank_keyword(gen, cat.counts, q, role=r, unit_kind=kind, k=pool, revision=cat.revision,
                                          literal_only=weight == 0 and not q.phrases)
                ranked = hybrid.fuse([] if mode == "keyword" else vec, key, k, required=bool(q.phrases), weight=weight)
                if not key and not any("\u4e00" <= c <= "\u9fff" for c in q.text):
                    ranked = []  # no chunk shares a bigram with a query without Chinese: the vectors' picks are noise
            hits = fetch_hits(gen, ranked)
        except (ChromaError, GenerationGone) as e:
            failure: Exception = e
        else:
            now = read_catalog(client, settings)
            if now is not None and now.active == cat.active:
                return [h.model_copy(update={"snippet": snippet(h.text, q)}) for h in hits]
            failure = GenerationGone("检索期间索引被重建了")
    # our own reason (GenerationGone) is Chinese; Chroma's is English, so it is named by its class only
    why = str(failure).splitlines()[0] if isinstance(failure, GenerationGone) and str(failure) else ""
    raise StoreError(f"检索期间索引发生变化或出错（{why or failure.__class__.__name__}）；请再试一次") from failure
