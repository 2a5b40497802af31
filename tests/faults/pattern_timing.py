"""Times patterns on adversarial strings, in a process of its own so that the test can stop a pattern that never
finishes (Python's re cannot be interrupted) and name it. Reads [[pattern, flags, where], …] on stdin; prints
a line "start I" before timing pattern I and a JSON line with its results after.

    stage "small": each adversarial string at 10 KB; prints {"i", "seconds", "string", "length"} for the slowest.
    stage "grow I:S …": pattern I on its adversarial string S at 10 KB and at 1 MB; prints {"i", "ratio"}.
"""

from __future__ import annotations

import json
import re
import sys
import time

SMALL, LARGE = 10_000, 1_000_000
_NOT_LITERAL = set("[](){}|+*?\\^$.-:<>=!,")


def strings(src: str, n: int) -> list[str]:
    """Runs of each character the pattern names, of its literal pieces, and of marks that never close."""
    chars = {c for c in src if c not in _NOT_LITERAL and not c.isspace() and not c.isascii()}
    chars |= {c for c in src if c.isdigit()} | set("1xXa ，。、（“‘【\n")
    out = [c * n for c in sorted(chars)]
    for piece in sorted(set(re.findall(r"[^\[\](){}|+*?\\^$.]{2,}", src))):
        out.append(piece * (n // len(piece)))
    out += ["（" * (n // 2) + "x" * (n // 2), "1." * (n // 2), "“" + "党" * (n - 1)]
    return out


def seconds(pattern: re.Pattern[str], text: str) -> float:
    t0 = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - t0


def main(stage: str, picks: list[str]) -> None:
    found = json.load(sys.stdin)
    todo = [(int(p.split(":")[0]), int(p.split(":")[1])) for p in picks] if stage == "grow" else \
        [(i, -1) for i in range(len(found))]
    for i, s in todo:
        print(f"start {i}", flush=True)
        pattern = re.compile(found[i][0], found[i][1])
        if stage == "small":
            timed = [(min(seconds(pattern, x), seconds(pattern, x)), k, len(x))
                     for k, x in enumerate(strings(pattern.pattern, SMALL))]
            t, k, n = max(timed)
            print(json.dumps({"i": i, "seconds": t, "string": k, "length": n}), flush=True)
        else:
            small, big = strings(pattern.pattern, SMALL)[s], strings(pattern.pattern, LARGE)[s]
            per_byte = min(seconds(pattern, small) for _ in range(3)) / len(small)
            print(json.dumps({"i": i, "ratio": seconds(pattern, big) / len(big) / per_byte}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
