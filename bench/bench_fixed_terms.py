"""Fixed terms' near misses on clean text: every distinct line of the labelled sets' originals (evals/unseen/*/
reports.txt, written clean: the planted defects are edits kept apart in defects.yaml), the other eval texts and
the corpus, through checks/fixed_terms.near_misses. Every hit is a false slip; the list and its rules are kept
at none (docs/critique.md).

    python bench/bench_fixed_terms.py
"""

from __future__ import annotations

import collections
from pathlib import Path

from assistant.domain.checks import fixed_terms
from assistant.domain.letter_d import restore_d

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    files = sorted({*ROOT.glob("evals/**/*.txt"), *ROOT.glob("corpus/*.txt")})
    seen: set[str] = set()
    hits: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for f in files:
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            line = restore_d(line.strip())  # as the critique reads it: the letter D for 党 restored
            if not line or line in seen:
                continue
            seen.add(line)
            for s, e, t in fixed_terms.near_misses(line):
                hits[t.right] += 1
                examples[t.right].append(line[max(0, s - 8):e + 8])
    print(f"{len(files)} files, {len(seen)} distinct lines, {len(fixed_terms.terms())} terms: "
          f"{sum(hits.values())} near misses (each one false)")
    for term, n in hits.most_common():
        print(f"  {n} {term} | {' / '.join(examples[term][:3])}")


if __name__ == "__main__":
    main()
