"""Benchmark of the critique on large inputs (issue 14, item 7): parse + deterministic checks, in-process, for
inputs of 10 KB, 100 KB and 1 MB of UTF-8, in three shapes, and the 200,000-line case (about 4 MB):

- report: one report whose achievements grow item by item (bench_critique.py's draft, made longer);
- compilation: the seed corpus file (four reports, noise lines, letter D) repeated with the years varied;
- short lines: lines of 6-12 Chinese characters, some numbered, as in a pasted table or list.

    .venv/bin/python bench/bench_large.py [--sizes 10,100,1000] [--no-200k] [--budget 5]

Prints one row per input with the time and the number of findings; a row over --budget seconds is marked (the
target for 1 MB and for 200,000 lines is under 5 s). A shape whose time passes 120 s stops growing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

CN = "一二三四五六七八九十"
PHRASES = ("加强党员教育管理", "落实三会一课制度", "开展主题党日活动", "推进党建品牌建设", "完善组织生活制度",
           "深化党风廉政建设", "强化意识形态工作", "提升支部标准化水平", "抓好发展党员工作", "做好群团工作")


def report(size: int) -> str:
    from bench_critique import build_draft

    text = build_draft(size // 3)  # about 3 bytes a character in UTF-8
    while len(text.encode("utf-8")) < size:
        text = build_draft(len(text) * 2)
    return text


def compilation(size: int) -> str:
    seed = (ROOT / "corpus/000_8d180b529515aaa8.txt").read_text(encoding="utf-8")
    out: list[str] = []
    total, i = 0, 0
    while total < size:
        # Each copy names another year, so the copies are different reports with their own dated checks.
        copy = seed.replace("2023", str(2015 + i % 10))
        out.append(copy)
        total += len(copy.encode("utf-8"))
        i += 1
    return "".join(out)


def short_lines(size: int) -> str:
    lines = ["党支部书记2024年抓基层党建工作述职报告"]
    total, i = 0, 0
    while total < size:
        p = PHRASES[i % len(PHRASES)]
        line = f"{CN[i % 10]}是{p}" if i % 3 == 0 else (p[: 4 + i % 5] + str(i % 100))
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
        i += 1
    return "\n".join(lines) + "\n"


def lines_200k() -> str:
    return "\n".join(
        ["党支部书记2024年抓基层党建工作述职报告"]
        + [(f"{CN[i % 10]}是" if i % 3 == 0 else "") + PHRASES[i % len(PHRASES)] for i in range(200_000)]) + "\n"


def critique_seconds(text: str) -> tuple[float, int]:
    from assistant.domain.rubric import load_rubric
    from assistant.services.critique import critique_text

    rubric = load_rubric()
    t0 = time.perf_counter()
    result = critique_text(text, name="bench.txt", rubric=rubric)
    return time.perf_counter() - t0, len(result.findings)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000", help="sizes in KB (1 KB = 1,000 bytes)")
    ap.add_argument("--no-200k", action="store_true", help="leave out the 200,000-line case")
    ap.add_argument("--budget", type=float, default=5.0, help="seconds; rows over it are marked")
    args = ap.parse_args()
    critique_seconds(report(10_000))  # warm: patterns compiled, tables loaded, numpy imported
    rows: list[tuple[str, str]] = []
    for shape, make in (("report", report), ("compilation", compilation), ("short lines", short_lines)):
        for kb in (int(x) for x in args.sizes.split(",")):
            rows.append((shape, make(kb * 1000)))
    if not args.no_200k:
        rows.append(("200,000 lines", lines_200k()))
    slow: set[str] = set()
    print(f"{'input':<14} {'bytes':>10} {'lines':>8} {'seconds':>9} {'findings':>9}")
    for shape, text in rows:
        if shape in slow:
            print(f"{shape:<14} {len(text.encode('utf-8')):>10,} {'skipped (the smaller size passed 120 s)':>30}")
            continue
        secs, n = critique_seconds(text)
        if secs > 120:
            slow.add(shape)
        mark = "  OVER BUDGET" if secs > args.budget else ""
        print(f"{shape:<14} {len(text.encode('utf-8')):>10,} {text.count(chr(10)):>8,} {secs:>9.2f} {n:>9,}{mark}",
              flush=True)


if __name__ == "__main__":
    main()
