"""year-mismatch: the report's year checked against itself.

- The title's year outside a plausible range (before 2000, or after next year: "3025年", a typo for 2025) is an
  error, quoting the title and the body line that names the year the report speaks of.
- A title year that differs from the year the body speaks of (the title 2024, the work "2023年" throughout
  and 2024 never named) is an error, quoting both lines.

The year the body speaks of is the first one its opening names ("2023年，在省委的坚强领导下"), else the one its
first half (this year's work; the plans, naming the next year, come last) names most, at least twice. A
mismatch is reported only when the title's year is named nowhere in the body: a report that also looks back
("自2021年换届以来") or ahead ("到2035年") names other years too.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding, Role

# Any four digits followed by 年 (3025年, 1925年), not part of a longer number; YEAR_RE (domain/text.py) only
# takes 19xx/20xx, the years a report can mean.
_ANY_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])\s*年")
FIRST_PLAUSIBLE = 2000


def last_plausible() -> int:
    """Next year: a report may be written at the start of the year after its work, or be drafted ahead."""
    return date.today().year + 1


def _title_year(ctx: Ctx) -> tuple[int, int, re.Match[str]] | None:
    """(year, line, match) of the first year named in the title lines."""
    for sec in ctx.report.sections:
        if sec.role != Role.title:
            continue
        for n in range(sec.start_line, sec.end_line + 1):
            m = _ANY_YEAR.search(ctx.line(n))
            if m:
                return int(m.group(1)), n, m
    return None


def _body_years(ctx: Ctx) -> tuple[Counter[int], dict[int, tuple[int, re.Match[str]]], set[int]]:
    """Counts of the plausible years the body's first half names, where each is first named, and every year the
    whole body names."""
    lines = list(ctx.all_lines())
    counts: Counter[int] = Counter()
    first: dict[int, tuple[int, re.Match[str]]] = {}
    every: set[int] = set()
    for i, (n, text) in enumerate(lines):
        for m in _ANY_YEAR.finditer(text):
            y = int(m.group(1))
            every.add(y)
            if i <= len(lines) // 2 and FIRST_PLAUSIBLE <= y <= last_plausible():
                counts[y] += 1
                first.setdefault(y, (n, m))
    return counts, first, every


def _opening_year(ctx: Ctx) -> int | None:
    for _n, text in ctx.text_lines({Role.opening}):
        for m in _ANY_YEAR.finditer(text):
            y = int(m.group(1))
            if FIRST_PLAUSIBLE <= y <= last_plausible():
                return y
    return None


def _quote(ctx: Ctx, n: int, m: re.Match[str], width: int = 40) -> str:
    """The line as written (its raw text), cut to about `width` characters around the year."""
    line = ctx.raw_line(n).strip() or ctx.line(n).strip()
    at = max(line.find(m.group(0)), 0)
    start = max(0, min(at - width // 3, len(line) - width))
    cut = line[start: start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(line) else "")


def check(ctx: Ctx) -> list[Finding]:
    found = _title_year(ctx)
    if found is None:
        return []
    title_year, tline, tm = found
    counts, first, every = _body_years(ctx)
    body_year = _opening_year(ctx)
    if body_year is None and counts:
        year, times = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if times >= 2:
            body_year = year
    lo, hi = FIRST_PLAUSIBLE, last_plausible()
    body = ""
    if body_year is not None and body_year in first:
        bline, bm = first[body_year]
        body = f"；正文第{bline}行“{_quote(ctx, bline, bm)}”说的是{body_year}年"
    if not lo <= title_year <= hi:
        f = ctx.finding("year-mismatch", tline,
                        f"标题的年份{title_year}年不合常理（应在{lo}年至{hi}年之间）：标题第{tline}行“{_quote(ctx, tline, tm)}”"
                        + body,
                        f"改为{body_year}年" if body_year is not None else "核对并改正标题中的年份",
                        span=(tm.start(), tm.end()), context=12)
        return [f] if f else []
    if body_year is None or body_year == title_year or title_year in every:
        return []
    f = ctx.finding("year-mismatch", tline,
                    f"标题的年份{title_year}年与正文所述年份{body_year}年不一致：标题第{tline}行“{_quote(ctx, tline, tm)}”"
                    + body + f"，正文没有提到{title_year}年",
                    "核对标题与正文的年份，改成同一年（可能是沿用了往年的稿子）",
                    span=(tm.start(), tm.end()), context=12)
    return [f] if f else []
