"""Benchmark of the copied-passage check (critique --originality): time per report against 1k and 10k indexed
reports of the generated filler corpus (services/evals/filler.py) plus corpus/.

    .venv/bin/python bench/bench_originality.py [--sizes 1000,10000]

Per size: building the index (in memory, as ingest does after parsing), writing and loading it (memory-mapped),
then the check of each clean unseen dev report (31 reports, 800-3,900 characters) and of one report of about
3,000 characters with three passages planted, against the loaded file. The bar: under 1 s per report at 10k.
Then the whole command, `assistant critique REPORT --no-llm` with the index file in place of a local store's (as
ingest leaves it), against the same command with --no-originality: the cost a user sees.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    from assistant.services.evals.originality_suite import corpus_docs, dev_hosts
    from assistant.services.index import copies, shingles

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    args = ap.parse_args()
    hosts = dev_hosts(ROOT / "evals/unseen")
    for n in (int(x) for x in args.sizes.split(",")):
        t0 = time.perf_counter()
        docs, _ = corpus_docs(ROOT, n)
        t1 = time.perf_counter()
        idx = shingles.build(docs)
        t2 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "chroma"
            path = store / "originality" / "reports.gbench.bin"
            shingles.save(idx, path)
            t3 = time.perf_counter()
            idx = shingles.load(path)
            assert idx is not None
            t4 = time.perf_counter()
            host = max(hosts, key=lambda rows: sum(map(len, rows)))
            planted = list(host)
            for k, d in enumerate((5, n // 2, n - 1)):
                body = docs[d].pieces[0][1].split("\n")
                planted[3 + k] += max(body, key=len)[:120]
            times = []
            for rows in [*hosts, planted]:
                s = time.perf_counter()
                found = copies.find(idx, copies.Query.of(rows))
                times.append(time.perf_counter() - s)
            size_mb = path.stat().st_size / 1e6
            from assistant.services.index.shingle_store import write_pointer
            from assistant.settings import Settings

            write_pointer(Settings(chroma_path=store), "reports.gbench", "")
            report = Path(tmp) / "report.txt"
            report.write_text("\n".join(planted) + "\n", encoding="utf-8")
            cli = {flag: _cli(report, store, flag) for flag in ("--originality", "--no-originality")}
            inproc = {on: _inproc(report, store, on) for on in (True, False)}
        chars = len(idx.text)
        print(f"{idx.size} reports, {chars:,} characters: generate {t1 - t0:.1f} s, build {t2 - t1:.2f} s, "
              f"write {t3 - t2:.2f} s ({size_mb:.0f} MB), load {1000 * (t4 - t3):.1f} ms; per report p50 "
              f"{1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.1f} ms; the 3,000-character report "
              f"with 3 planted passages: {1000 * times[-1]:.1f} ms, {len(found)} found; the command: "
              f"{cli['--originality']:.2f} s (--no-originality {cli['--no-originality']:.2f} s); critique_file in "
              f"process, median of 7: {1000 * inproc[True]:.0f} ms with the check (reading the file each time), "
              f"{1000 * inproc[False]:.0f} ms without")


def _inproc(report: Path, store: Path, on: bool) -> float:
    from assistant.domain.rubric import load_rubric
    from assistant.services.critique import critique_file
    from assistant.settings import Settings

    settings, rubric = Settings(chroma_path=store), load_rubric()
    times = []
    for _ in range(7):
        t = time.perf_counter()
        critique_file(report, rubric=rubric, settings=settings, originality=on)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _cli(report: Path, store: Path, flag: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_CHROMA_PATH=str(store), ASSISTANT_CONFIG_DIR=str(store / "config"),
               PYTHONPATH=str(ROOT / "src"))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "assistant", "critique", str(report), "--no-llm", flag],
                           capture_output=True, text=True, env=env)
        best = min(best, time.perf_counter() - t)
        assert "Traceback" not in p.stderr, p.stderr
        assert (flag == "--originality") == ("copied-passage" in p.stdout), p.stdout[-500:]
    return best


if __name__ == "__main__":
    main()
