"""Search latency and correctness at 200,000 chunks, with and without a role filter.

Builds (or reuses, in bench/results/search-store/) a local index of at least --chunks chunks from a
synthetic corpus (see bench_ingest.py), then runs the same queries (half short phrases, half whole
sentences taken from the corpus) through:
  - search(): the real entry point (embedding + exact scan per role + fetching the winners from Chroma);
  - the HNSW path of the same collections (what a Chroma server answers);
  - the naive design for comparison: one collection with every chunk and Chroma's `where` role filter.
Correctness: the top 5 of each path against an exact scan of the vectors read back from Chroma; a
query agrees when every returned chunk scores at least the true 5th score (ties count as agreement).

    .venv/bin/python bench/bench_search.py [--chunks 200000] [--queries 200] [--fresh] [--no-naive]

Prints figures and writes bench/results/search.json. Goals: p50 under 50 ms with and without a role
filter; top 5 agreeing with the exact scan for at least 99% of queries.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))


def _p(lat: list[float], q: float) -> float:
    import numpy as np

    return round(float(np.percentile(lat, q)) * 1000, 2)


def build(store: Path, chunks: int, fresh: bool) -> dict:
    from bench_ingest import make_corpus

    from assistant.services.index import store as store_mod
    from assistant.services.index.ingest import ingest
    from assistant.services.index.store import open_client, read_catalog
    from assistant.settings import Settings

    # The HNSW rows below stand for the server path: build the graph a server gets (the hnsw_* settings),
    # not the cheap fallback graph of a local store.
    store_mod.LOCAL_HNSW_GRAPH = None
    settings = Settings(chroma_path=store / "chroma")
    if not fresh and (store / "chroma").exists():
        cat = read_catalog(open_client(settings), settings)
        if cat and cat.chunks >= chunks:
            ingest([], settings)  # brings the exact-index files up to date (repairs them if stale)
            return {"reused": True, "chunks": cat.chunks}
    shutil.rmtree(store, ignore_errors=True)
    # ≈168 characters per chunk in this corpus (short items are one chunk each); overshoot a little.
    _, reports, chars = make_corpus(store / "corpus", int(chunks * 180), seed=11)
    s = ingest([store / "corpus"], settings, rebuild=True)
    shutil.rmtree(store / "corpus", ignore_errors=True)
    return {"reused": False, "chunks": s.chunks_total, "corpus_chars": chars, "ingest_s": s.seconds,
            "chars_per_s": round(chars / s.seconds)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chunks", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--fresh", action="store_true", help="rebuild the benchmark index")
    ap.add_argument("--no-naive", action="store_true", help="skip the one-collection `where` comparison")
    args = ap.parse_args()

    import numpy as np

    from assistant.domain.models import Role
    from assistant.services.index.embedding import local_embed
    from assistant.services.index.search import search, search_vectors
    from assistant.services.index.store import Generation, open_client, require_catalog
    from assistant.settings import Settings

    store = RESULTS / "search-store"
    t = time.perf_counter()
    built = build(store, args.chunks, args.fresh)
    print(f"index: {built['chunks']:,} chunks ({'reused' if built['reused'] else 'built'} "
          f"in {time.perf_counter() - t:.0f} s)")
    settings = Settings(chroma_path=store / "chroma")
    client = open_client(settings)
    cat = require_catalog(client, settings)
    gen = Generation(client, settings, cat.active)

    # Ground truth: every vector read back from Chroma (not from the exact-index files).
    t = time.perf_counter()
    ids: list[str] = []
    roles: list[str] = []
    mats = []
    for r in Role:
        col = gen.chunks(r, create=False)
        n = cat.counts.get(r.value, 0)
        for off in range(0, n, 5000):
            got = col.get(include=["embeddings"], limit=5000, offset=off)  # type: ignore[union-attr]
            ids += got["ids"]
            roles += [r.value] * len(got["ids"])
            mats.append(np.asarray(got["embeddings"], dtype=np.float32))
    V = np.vstack(mats)
    role_arr = np.array(roles)
    print(f"read {len(ids):,} vectors back from Chroma in {time.perf_counter() - t:.0f} s")

    rng = random.Random(5)
    def _texts(role: Role, n: int) -> list[str]:
        got = gen.chunks(role).get(limit=n, include=["documents", "metadatas"])  # type: ignore[union-attr]
        # the text is in the metadata (older stores: in documents)
        return [t for d, m in zip(got["documents"] or [None] * len(got["ids"]), got["metadatas"] or [], strict=False)
                if (t := str((m or {}).get("text") or d or ""))]

    texts = _texts(Role.achievements, 3000)
    texts += _texts(Role.problems, 1000)
    queries = []
    for i in range(args.queries):
        tx = rng.choice(texts)
        if i % 2 == 0:
            start = rng.randrange(max(1, len(tx) - 20))
            queries.append(tx[start : start + rng.randint(6, 20)])
        else:
            queries.append(rng.choice([s for s in tx.split("。") if len(s) > 4] or [tx]))
    Q = local_embed(queries, settings.embedding_dim)
    index_of = {cid: i for i, cid in enumerate(ids)}

    def agrees(hit_ids: list[str], q: np.ndarray, role: str | None) -> bool:
        scores = V @ q
        if role:
            scores = np.where(role_arr == role, scores, -np.inf)
        fifth = np.sort(scores)[-5]
        return len(hit_ids) == 5 and all(scores[index_of[h]] >= fifth - 1e-5 for h in hit_ids)

    out: dict = {"index": built, "queries": len(queries), "dim": settings.embedding_dim,
                 "hnsw": {"M": settings.hnsw_max_neighbors, "ef_construction": settings.hnsw_ef_construction,
                          "ef_search": settings.hnsw_ef_search}, "paths": {}, "cpus": os.cpu_count()}
    search("预热", settings, k=5)  # first query loads what the process needs
    for label, role in [("no filter", None), ("role=problems", Role.problems), ("role=achievements", Role.achievements)]:
        row = {}
        lat, ok = [], 0
        for qt, qv in zip(queries, Q, strict=True):
            t = time.perf_counter()
            hits = search(qt, settings, role=role, k=5)
            lat.append(time.perf_counter() - t)
            ok += agrees([h.chunk_id for h in hits], qv, role.value if role else None)
        row["search()"] = {"p50_ms": _p(lat, 50), "p95_ms": _p(lat, 95), "agree_top5": ok / len(queries)}
        lat, ok = [], 0
        for qv in Q:
            t = time.perf_counter()
            hits = search_vectors(gen, cat.counts, qv, role=role, unit_kind=None, k=5, mode="hnsw")
            lat.append(time.perf_counter() - t)
            ok += agrees([h.chunk_id for h in hits], qv, role.value if role else None)
        row["hnsw (server fallback)"] = {"p50_ms": _p(lat, 50), "p95_ms": _p(lat, 95), "agree_top5": ok / len(queries)}
        out["paths"][label] = row
        for path, fig in row.items():
            print(f"{label:<18} {path:<19} p50 {fig['p50_ms']:>7.2f} ms  p95 {fig['p95_ms']:>7.2f} ms  "
                  f"top-5 agrees with exact scan: {fig['agree_top5']:.3f}")

    if not args.no_naive:
        # The design avoided: one collection holding every chunk, role as a `where` filter.
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        naive_dir = RESULTS / "search-naive"
        shutil.rmtree(naive_dir, ignore_errors=True)
        nc = chromadb.PersistentClient(str(naive_dir), settings=ChromaSettings(anonymized_telemetry=False))
        col = nc.create_collection("naive-all", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
        t = time.perf_counter()
        for off in range(0, len(ids), 5000):
            col.add(ids=ids[off : off + 5000], embeddings=V[off : off + 5000],
                    metadatas=[{"role": r} for r in roles[off : off + 5000]])
        print(f"naive one-collection index built in {time.perf_counter() - t:.0f} s (default HNSW)")
        row = {}
        for label, where in [("no filter", None), ("role=problems", {"role": "problems"})]:
            lat, ok = [], 0
            for qv in Q[:100]:
                t = time.perf_counter()
                res = col.query(query_embeddings=[qv], n_results=5, where=where, include=["distances"])
                lat.append(time.perf_counter() - t)
                ok += agrees(res["ids"][0], qv, where["role"] if where else None)
            row[label] = {"p50_ms": _p(lat, 50), "p95_ms": _p(lat, 95), "agree_top5": ok / 100}
            print(f"naive {label:<14} p50 {row[label]['p50_ms']:>7.2f} ms  top-5 agrees: {ok / 100:.3f}")
        out["naive_one_collection_where"] = row
        shutil.rmtree(naive_dir, ignore_errors=True)

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {RESULTS / 'search.json'}")


if __name__ == "__main__":
    main()
