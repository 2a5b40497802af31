"""Runs every fault scenario of tests/faults/scenarios.py and prints one table: scenario, exit code, time, data
intact, traceback, expectation met. The figures are recorded in docs/faults.md.

    .venv/bin/python tests/faults/fault_suite.py [NAME-SUBSTRING ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from scenarios import SCENARIOS, Work  # noqa: E402


def main(only: list[str]) -> int:
    rows = []
    for name, scenario in SCENARIOS.items():
        if only and not any(o in name for o in only):
            continue
        with tempfile.TemporaryDirectory(prefix="fault-") as d:
            out = scenario(Work(Path(d)))
        intact = {None: "n/a", True: "yes", False: "NO"}[out.intact]
        note = f"NOT RUN: {out.skipped}" if out.skipped else out.note.replace(d + "/", "").replace("assistant: 错误：", "").replace("|", "/")
        rows.append((name, str(out.code), f"{out.seconds:.1f}", intact, "YES" if out.traceback else "no",
                     "yes" if out.ok else "NO", note))
        print(f"  {name}: {'ok' if out.ok and not out.traceback and out.intact is not False else 'FAILED'}",
              file=sys.stderr)
    head = ("scenario", "exit", "s", "data intact", "traceback", "as expected", "what happened")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0 if all(r[4] == "no" and r[5] == "yes" and r[3] != "NO" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
