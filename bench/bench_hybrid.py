"""Hybrid search at scale (issue 15): ingest speed with the keyword index, size on disk, search latency and
typed-phrase recall, hybrid beside the vectors alone, in one table.

Builds a fresh local index of about --chunks chunks from the synthetic corpus of bench_ingest.py (in a temp
folder, removed afterwards unless --keep), ingests it once more (idempotence: nothing new), then runs
--queries typed phrases of 4-8 characters drawn (seeded) from the indexed texts and as many whole sentences,
each without and with the phrase's role as filter.

    .venv/bin/python bench/bench_hybrid.py [--chunks 200000] [--queries 200] [--keep]

Goals: ingest ≥ 150,000 characters/s; hybrid p50 < 50 ms unfiltered and role-filtered; a typed phrase in a
top-5 hit for ≥ 98% of phrases at every length.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))


def _size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.exists() else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chunks", type=int, default=200_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    import numpy as np
    from bench_ingest import make_corpus

    from assistant.services.evals.keyword_retrieval import draw_phrases
    from assistant.services.index.ingest import ingest
    from assistant.services.index.search import search
    from assistant.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="bench_hybrid_"))
    rows: list[tuple[str, str]] = []
    try:
        _, _, chars = make_corpus(work / "corpus", int(args.chunks * 180), seed=11)
        s = Settings(chroma_path=work / "chroma")
        first = ingest([work / "corpus"], s)
        second = ingest([work / "corpus"], s)
        rows += [("chunks", f"{first.chunks_total:,}"), ("corpus characters", f"{chars:,}"),
                 ("ingest (with keyword index)", f"{first.seconds:.1f} s = {chars / first.seconds:,.0f} chars/s"),
                 ("ingest again", f"{second.chunks_new} new chunks, {second.seconds:.1f} s")]
        root = work / "chroma"
        kw, ex = _size(root / "keyword"), _size(root / "exact")
        rows += [("size: Chroma store", f"{(_size(root) - kw - ex) / 1e6:,.0f} MB"),
                 ("size: exact vectors", f"{ex / 1e6:,.0f} MB"), ("size: keyword index", f"{kw / 1e6:,.0f} MB")]
        phrases = draw_phrases(s, args.queries, seed=1)
        rng = random.Random(3)
        texts = [t for t in (h.text for p, _ in phrases[:50] for h in search(p, s, k=2, mode="vector")) if t]
        sentences = [(rng.choice(texts).split("。")[0][:60], r) for (_, r) in phrases]
        for mode in ("hybrid", "vector"):
            for label, qs in (("phrases", phrases), ("sentences", sentences)):
                for filt in (False, True):
                    lat = []
                    found = 0
                    for q, role in qs:
                        t = time.perf_counter()
                        hits = search(q, s, role=role if filt else None, k=5, mode=mode)
                        lat.append(time.perf_counter() - t)
                        found += any(q in h.text for h in hits)
                    p50, p95 = (float(np.percentile(lat, x)) * 1000 for x in (50, 95))
                    extra = ""
                    if label == "phrases":
                        per = {}
                        for (q, _r) in qs:
                            per.setdefault(len(q), []).append(q)
                        extra = f"; phrase in top 5: {found / len(qs):.1%}"
                    rows.append((f"{mode} {label} {'role-filtered' if filt else 'unfiltered'}",
                                 f"p50 {p50:.1f} ms, p95 {p95:.1f} ms{extra}"))
        # Per length, hybrid, both filters.
        for filt in (False, True):
            per: dict[int, list[bool]] = {}
            for q, role in phrases:
                hits = search(q, s, role=role if filt else None, k=5)
                per.setdefault(len(q), []).append(any(q in h.text for h in hits))
            rows.append((f"hybrid phrase in top 5 by length ({'role' if filt else 'no filter'})",
                         ", ".join(f"{n}: {sum(v) / len(v):.1%}" for n, v in sorted(per.items()))))
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    w = max(len(a) for a, _ in rows)
    print(f"bench_hybrid --chunks {args.chunks} --queries {args.queries}  ({time.strftime('%Y-%m-%d')}, "
          f"{os.cpu_count()} CPUs)")
    for a, b in rows:
        print(f"{a:<{w}}  {b}")


if __name__ == "__main__":
    main()
