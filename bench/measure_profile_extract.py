"""Measure `profile extract` on a folder of labelled documents (NAME + NAME.labels.yaml, format in
docs/drafting.md): the share of figure-bearing sentences that became work items (strict) and the share
captured (work items, or problems/priorities from a problems/plans part), whether every figure is verbatim in
its source; for a labelled last year's report, its problems found as --previous reads it.

    PYTHONPATH=src .venv/bin/python bench/measure_profile_extract.py FOLDER [--backend offline|api]
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.services.profile_extract.measure import measure_folder, report_lines
from assistant.settings import load_settings


def main() -> None:
    args = sys.argv[1:]
    backend = "offline"
    if "--backend" in args:
        k = args.index("--backend")
        backend = args[k + 1]
        del args[k : k + 2]
    folder = Path(args[0]) if args else Path("tests/profile/data/summaries")
    fm = measure_folder(folder, backend=backend, settings=load_settings({}))
    print("\n".join(report_lines(fm)))
    ok = fm.captured_share >= 0.9 and fm.all_verbatim
    print(f"bar (>= 90% sentences captured, every figure verbatim): {'OK' if ok else 'NOT MET'}"
          f" (strict work items {fm.item_share:.1%}, captured {fm.captured_share:.1%})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
