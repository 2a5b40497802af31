"""Every regular expression of the package (its code and its data files) runs in time linear in its input on
adversarial strings: long runs of each character the pattern names, of its literal pieces, and of opening marks
that never close. Before, a line of 20,000 digits took 38 s to critique (a digit run before a measure word was
retried from every position of the run)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SAMPLE = HERE.parent / "critique" / "data" / "clean_2024.txt"
SMALL, LARGE = 10_000, 1_000_000
# Seconds per megabyte one pattern may take on one string at 10 KB. A linear pattern takes well under 0.1 s/MB;
# one that retries a run from each of its positions takes over 30 s/MB at 10 KB already.
BOUND_PER_MB = 3.0
_NOT_LITERAL = set("[](){}|+*?\\^$.-:<>=!,")


def _strings(src: str, n: int) -> list[str]:
    chars = {c for c in src if c not in _NOT_LITERAL and not c.isspace() and not c.isascii()}
    chars |= {c for c in src if c.isdigit()} | set("1xXa ，。、（“‘【\n")
    out = [c * n for c in sorted(chars)]
    for piece in sorted(set(re.findall(r"[^\[\](){}|+*?\\^$.]{2,}", src))):
        out.append(piece * (n // len(piece)))
    out += ["（" * (n // 2) + "x" * (n // 2), "1." * (n // 2), "“" + "党" * (n - 1)]
    return out


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    t0 = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - t0


@pytest.fixture(scope="module")
def patterns() -> list[tuple[re.Pattern[str], str]]:
    out = subprocess.run([sys.executable, str(HERE / "pattern_census.py"), str(SAMPLE)], capture_output=True,
                         text=True, check=True).stdout
    found = [(re.compile(src, flags), where) for src, flags, where in json.loads(out)]
    assert len(found) > 300  # the census reaches the data files' patterns, not only a few modules
    return found


def test_every_pattern_is_linear_on_adversarial_strings(patterns: list[tuple[re.Pattern[str], str]]) -> None:
    slow, worst = [], []
    for pattern, where in patterns:
        timed = [(min(_seconds(pattern, s), _seconds(pattern, s)), i, len(s))
                 for i, s in enumerate(_strings(pattern.pattern, SMALL))]
        t, i, n = max(timed)
        per_mb = t * 1_000_000 / n
        if per_mb > BOUND_PER_MB:
            slow.append(f"{where} {pattern.pattern[:80]!r} on string {i}: {per_mb:.1f} s/MB")
        worst.append((t, i, pattern, where))
    assert not slow, "\n".join(slow)
    # From 10 KB to 1 MB, the slowest patterns' time per byte grows by less than a factor of 2 (a quadratic
    # one's grows a hundredfold). The fastest are left out: at 10 KB their time is the timer's noise.
    grown = []
    for _, i, pattern, where in sorted(worst, key=lambda w: w[0], reverse=True)[:25]:
        small, big = _strings(pattern.pattern, SMALL)[i], _strings(pattern.pattern, LARGE)[i]
        per_byte_small = min(_seconds(pattern, small) for _ in range(3)) / len(small)
        ratio = _seconds(pattern, big) / len(big) / per_byte_small
        if ratio > 2:
            grown.append(f"{where} {pattern.pattern[:80]!r} on {big[:4]!r}…: ×{ratio:.1f} per byte")
    assert not grown, "\n".join(grown)
