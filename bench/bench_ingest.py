"""Ingest throughput, end to end (read, parse, chunk, embed, store), with the default local embedding.

Builds a synthetic corpus recombined from the seed's parts (each section keeps its heading and numbering;
sentences after the first of each line are shuffled and drawn from the same part of other reports,
and the 'x' placeholders become random figures, so chunks are distinct), then ingests it into a fresh
local store, then ingests it again (which must add nothing).

    .venv/bin/python bench/bench_ingest.py [--chars 10000000] [--keep]

Prints figures and writes bench/results/ingest.json. Goal: at least 150,000 characters per second.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "000_8d180b529515aaa8.txt"
RESULTS = ROOT / "bench" / "results"
UNITS = ["（集团公司）", "（非公企业）", "（机关）", "（学校）", "（医院）", "（村）", "（社区）", ""]


def _seed_sections() -> dict[str, list[list[str]]]:
    """role → list of sections, each a list of its lines (cleaned text of the seed)."""
    from assistant.domain.parse import parse_file

    parsed = parse_file(SEED)
    out: dict[str, list[list[str]]] = {}
    for r in parsed.reports:
        for s in r.sections:
            if s.role.value != "title":
                out.setdefault(s.role.value, []).append(s.text.split("\n"))
    return out


def _sentences(sections: dict[str, list[list[str]]]) -> dict[str, list[str]]:
    pool: dict[str, list[str]] = {}
    for role, secs in sections.items():
        for lines in secs:
            for line in lines:
                pool.setdefault(role, []).extend(s + "。" for s in line.split("。")[1:] if len(s) > 6)
    return pool


def _figures(text: str, rng: random.Random) -> str:
    return re.sub(r"x+", lambda m: str(rng.randint(2, 999)), text)


def synth_report(rng: random.Random, sections: dict[str, list[list[str]]], pool: dict[str, list[str]], n: int) -> str:
    year = rng.choice([2021, 2022, 2023, 2024, 2025])
    lines = [f"第{n}党支部书记{year}年抓基层党建工作述职报告{rng.choice(UNITS)}", ""]
    order = ["opening", "achievements", "rectification", "problems", "causes", "insights", "plans", "closing"]
    for role in order:
        if role not in sections or (role not in ("achievements", "problems", "plans") and rng.random() < 0.3):
            continue
        for line in rng.choice(sections[role]):
            parts = line.split("。")
            head, rest = parts[0], [p + "。" for p in parts[1:] if p]
            if rest and pool.get(role):
                rest = rng.sample(rest, len(rest))
                for i in range(len(rest)):
                    if rng.random() < 0.5:
                        rest[i] = rng.choice(pool[role])
            body = head + ("。" if rest or line.endswith("。") else "") + "".join(rest)
            lines.append(_figures(body, rng))
    return "\n".join(lines)


def make_corpus(dest: Path, chars: int, seed: int = 7, per_file: int = 20) -> tuple[int, int, int]:
    """Write files of `per_file` reports each until `chars` characters; returns (files, reports, chars)."""
    rng = random.Random(seed)
    sections = _seed_sections()
    pool = _sentences(sections)
    dest.mkdir(parents=True, exist_ok=True)
    total = files = reports = 0
    while total < chars:
        text = "\n\n\n".join(synth_report(rng, sections, pool, reports + i) for i in range(per_file)) + "\n"
        (dest / f"synth_{files:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
        files += 1
        reports += per_file
    return files, reports, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chars", type=int, default=10_000_000)
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and store")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from assistant.services.index.ingest import ingest
    from assistant.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    t = time.perf_counter()
    files, reports, chars = make_corpus(work / "corpus", args.chars)
    gen_s = time.perf_counter() - t
    print(f"corpus: {files} files, {reports} reports, {chars:,} characters (made in {gen_s:.1f} s)")
    settings = Settings(chroma_path=work / "chroma")
    first = ingest([work / "corpus"], settings)
    second = ingest([work / "corpus"], settings)
    rate = chars / first.seconds
    out = {
        "corpus_chars": chars, "files": files, "reports_written": reports,
        "reports_indexed": first.reports_total, "chunks": first.chunks_total, "parts": first.parts,
        "first_ingest_s": first.seconds, "chars_per_s": round(rate), "goal_chars_per_s": 150_000,
        "second_ingest_s": second.seconds, "second_chunks_new": second.chunks_new,
        "embedding": f"local, dim {settings.embedding_dim}", "chunk_size": settings.chunk_size,
        "hnsw": {"M": settings.hnsw_max_neighbors, "ef_construction": settings.hnsw_ef_construction},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    print(f"first ingest: {first.reports_total} reports, {first.chunks_total} chunks in {first.seconds:.1f} s "
          f"= {rate:,.0f} characters/s (goal 150,000)")
    print(f"second ingest of the same files: {second.chunks_new} new chunks, {second.seconds:.1f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {RESULTS / 'ingest.json'}")
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
