"""Every regular expression of the package (its code and its data files) runs in time linear in its input on
adversarial strings: long runs of each character the pattern names, of its literal pieces, and of opening marks
that never close. Before, a line of 20,000 digits took 38 s to critique (a digit run before a measure word was
retried from every position of the run).

The census (pattern_census.py) and the timing (pattern_timing.py) run in subprocesses: the census hooks the re
module, and a pattern that never finishes can only be stopped by stopping its process, which names it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # make test-slow

HERE = Path(__file__).parent
SAMPLE = HERE.parent / "critique" / "data" / "clean_2024.txt"
# Seconds per megabyte one pattern may take on one string at 10 KB. A linear pattern takes well under 0.1 s/MB;
# one that retries a run from each of its positions takes over 30 s/MB at 10 KB already.
BOUND_PER_MB = 3.0
GROWTH = 2.0  # from 10 KB to 1 MB, time per byte may grow by this factor at most (a quadratic pattern: ×100)
TIMEOUT_S = 240


@pytest.fixture(scope="module")
def census() -> list[list]:
    out = subprocess.run([sys.executable, str(HERE / "pattern_census.py"), str(SAMPLE)], capture_output=True,
                         text=True, check=True).stdout
    found = json.loads(out)
    assert len(found) > 300  # the census reaches the data files' patterns, not only a few modules
    return found


def _timed(census: list[list], *args: str) -> list[dict]:
    """The timing script's results; a pattern that does not finish in time fails the test with its name."""
    proc = subprocess.Popen([sys.executable, str(HERE / "pattern_timing.py"), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(json.dumps(census), timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        last = int(out.split("start ")[-1].split()[0])
        pytest.fail(f"{census[last][2]} {census[last][0][:100]!r} did not finish on its adversarial strings")
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_every_pattern_is_linear_on_adversarial_strings(census: list[list]) -> None:
    small = _timed(census, "small")
    slow = [f"{census[r['i']][2]} {census[r['i']][0][:80]!r} on string {r['string']}: "
            f"{r['seconds'] * 1_000_000 / r['length']:.1f} s/MB" for r in small
            if r["seconds"] * 1_000_000 / r["length"] > BOUND_PER_MB]
    assert not slow, "\n".join(slow)
    # The slowest 25 at 10 KB again at 1 MB; the fastest are left out, their time at 10 KB is the timer's noise.
    worst = sorted(small, key=lambda r: r["seconds"], reverse=True)[:25]
    grown = [r for r in _timed(census, "grow", *(f"{r['i']}:{r['string']}" for r in worst)) if r["ratio"] > GROWTH]
    assert not grown, "\n".join(f"{census[r['i']][2]} {census[r['i']][0][:80]!r}: ×{r['ratio']:.1f} per byte"
                                for r in grown)
