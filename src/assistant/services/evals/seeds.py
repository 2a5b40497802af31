"""Seed reports for planting: a labelled report cut out of its gold file, as editable rows.

Line numbers inside a seed are local: line 1 is the report's first line (its title). Every row keeps a
key (its local line in the seed, or a new key for an inserted row) so that known and planted defects can
be re-numbered after rows are deleted, moved or inserted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.domain.models import Role
from assistant.services.evals.gold import GoldFile, GoldReport, KnownDefect, read_lines

Match = Literal["line", "any-line", "part", "report"]

# Parts whose absence the critique reports (title aside: a report without a title is not cut out here).
PART_ROLES = [
    Role.opening,
    Role.achievements,
    Role.rectification,
    Role.problems,
    Role.causes,
    Role.plans,
    Role.closing,
]


class Expected(BaseModel):
    """A defect the critique should report on a variant."""

    check: str
    match: Match
    lines: list[int] = Field(default_factory=list, description="1-based lines of the variant")
    part: str | None = None
    origin: Literal["planted", "known"]
    optional: bool = Field(default=False, description="a finding that matches it is fine; missing it is too")
    what: str = ""


@dataclass
class Seed:
    gold: str  # file name of the labelled source
    id: str
    year: int | None
    lines: list[str]  # local lines, index 0 = line 1
    sections: list[tuple[Role, int, int]]  # role, first and last local line
    known: list[Expected]

    def rows(self) -> list[Row]:
        return [Row(i + 1, t) for i, t in enumerate(self.lines)]

    def section_lines(self, *roles: Role) -> list[int]:
        return [n for r, a, b in self.sections if r in roles for n in range(a, b + 1)]

    def known_lines(self, check: str) -> set[int]:
        return {n for k in self.known if k.check == check for n in k.lines}

    def roles(self) -> list[Role]:
        return [r for r, _, _ in self.sections]


@dataclass
class Row:
    key: int | str
    text: str


_new_keys = count(1)


def new_row(text: str) -> Row:
    return Row(f"new{next(_new_keys)}", text)


@dataclass
class Work:
    """The rows of a variant being built, and the planted defects keyed by row."""

    rows: list[Row]
    planted: list[tuple[Expected, list[int | str]]] = field(default_factory=list)

    def find(self, key: int | str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def plant(self, exp: Expected, keys: list[int | str] | None = None) -> None:
        self.planted.append((exp, list(keys or [])))

    def finish(self, known: list[Expected]) -> tuple[str, list[Expected]]:
        """The variant's text and its expected defects, re-numbered to the variant's lines."""
        pos = {r.key: i + 1 for i, r in enumerate(self.rows)}
        out: list[Expected] = []
        for k in known:
            lines = [pos[n] for n in k.lines if n in pos]
            if k.lines and not lines:
                continue  # the defect's lines were deleted with their part
            out.append(k.model_copy(update={"lines": lines}))
        for exp, keys in self.planted:
            out.append(exp.model_copy(update={"lines": [pos[k] for k in keys]}))
        return "\n".join(r.text for r in self.rows) + "\n", out


def known_defects(report: GoldReport, match_of: dict[str, Match], extra: list[KnownDefect] = ()) -> list[Expected]:
    """The gold's known defects in local lines; `line` checks become one expected defect per line."""
    start = report.lines[0]
    out: list[Expected] = []
    for d in [*report.known_defects, *extra]:
        if not d.check:
            continue  # no deterministic check (left to the LLM review)
        mode = match_of.get(d.check, match_of.get("default", "line"))
        local = [n - start + 1 for n in d.lines]
        if mode == "line":
            out += [Expected(check=d.check, match=mode, lines=[n], origin="known", what=d.what) for n in local]
        else:
            out.append(Expected(check=d.check, match=mode, lines=local, part=d.part, origin="known", what=d.what))
    return out


def load_seeds(golds: list[GoldFile], match_of: dict[str, Match], extra: Sequence[Any] = ()) -> list[Seed]:
    """`extra`: known defects the gold files do not list (objects with gold, report, check, lines, part, what)."""
    seeds: list[Seed] = []
    for g in golds:
        all_lines = read_lines(g.source_path())
        for rep in g.reports:
            a, b = rep.lines
            sections = [(Role(s.role), s.lines[0] - a + 1, s.lines[1] - a + 1) for s in rep.sections if s.role != "other"]
            name = Path(g.source).name
            more = [KnownDefect(check=x.check, part=x.part, lines=x.lines, what=x.what)
                    for x in extra if Path(x.gold).name == name and x.report == rep.id]
            known = known_defects(rep, match_of, more)
            seeds.append(Seed(name, rep.id, rep.year, all_lines[a - 1 : b], sections, known))
    return seeds


# --- numbering markers at the start of a line --------------------------------------------------------
# Planting keeps its own small marker reader so that the ground truth does not depend on the parser
# under test.
CN = "〇一二三四五六七八九十"
_MARKERS: list[tuple[str, int, re.Pattern[str]]] = [
    ("一、", 1, re.compile(r"^([一二三四五六七八九十]+)、")),
    ("（一）", 2, re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")),
    ("1.", 3, re.compile(r"^(\d{1,2})[.．、](?!\d)")),
    ("（1）", 4, re.compile(r"^[（(](\d{1,2})[）)]")),
    ("一是", 5, re.compile(r"^([一二三四五六七八九十]+)是")),
]


def cn_num(n: int) -> str:
    if n <= 10:
        return CN[n]
    return ("" if n < 20 else CN[n // 10]) + "十" + (CN[n % 10] if n % 10 else "")


def cn_val(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN.index(tens) if tens else 1) * 10 + (CN.index(ones) if ones else 0)
    return CN.index(s)


def leading(text: str) -> tuple[str, int, int, int] | None:
    """(style, level, value, length of the number) of a line's leading marker."""
    for style, level, pat in _MARKERS:
        m = pat.match(text)
        if m:
            return style, level, cn_val(m.group(1)), len(m.group(1))
    return None


def marker(style: str, value: int) -> str:
    n = cn_num(value)
    return {"一、": f"{n}、", "（一）": f"（{n}）", "1.": f"{value}.", "（1）": f"（{value}）", "一是": f"{n}是"}[style]


def renumber(text: str, value: int) -> str:
    """The line with its leading marker's number replaced by `value`."""
    found = leading(text)
    assert found is not None
    style, _, _, _ = found
    pat = next(p for s, _, p in _MARKERS if s == style)
    m = pat.match(text)
    assert m is not None
    digits = str(value) if style in ("1.", "（1）") else cn_num(value)
    return text[: m.start(1)] + digits + text[m.end(1) :]


def sequences(rows: list[Row]) -> list[list[tuple[int, int]]]:
    """Runs of leading markers of one style under one parent: lists of (row index, value)."""
    open_: dict[int, list[tuple[int, int]]] = {}
    done: list[list[tuple[int, int]]] = []
    for i, r in enumerate(rows):
        found = leading(r.text)
        if not found:
            continue
        _, level, value, _ = found
        for lv in [lv for lv in open_ if lv > level]:
            done.append(open_.pop(lv))
        if level in open_ and value == 1:
            done.append(open_.pop(level))
        open_.setdefault(level, []).append((i, value))
    done += open_.values()
    return [s for s in done if len(s) >= 2 and [v for _, v in s] == list(range(1, len(s) + 1))]
