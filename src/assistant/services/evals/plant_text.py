"""Planters that change words on one line: dated expressions, placeholders, levels, marks, formulations, targets."""

from __future__ import annotations

import random
import re

from assistant.domain.models import ROLE_ORDER, Role
from assistant.services.evals.defects import DefectDefs
from assistant.services.evals.plant_common import ACH, CJK, SELF_LEVEL, Planted, append, body_lines, planted
from assistant.services.evals.seeds import Seed, Work


def _expression(seed: Seed, defs: DefectDefs, rng: random.Random, current: bool) -> Planted | None:
    if seed.year is None:
        return None
    exprs = [e for e in defs.expressions if e.current(seed.year) == current]
    lines = body_lines(seed, ACH, defs.check("dated-expression"))
    if not exprs or not lines:
        return None
    e, n = rng.choice(exprs), rng.choice(lines)
    work = Work(seed.rows())
    append(work, n, e.sentence)
    check = defs.check("dated-expression")
    if not current:
        work.plant(planted(defs, "dated-expression", f"{e.text} (current {e.years}) in {seed.year}"), [n])
        return Planted(work, [check], f"line {n}: {e.text} (current {e.years[0]}-{e.years[1]})")
    return Planted(work, [check], f"line {n}: {e.text}, current in {seed.year}")


def plant_dated(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _expression(seed, defs, rng, current=False)


def control_current_expression(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _expression(seed, defs, rng, current=True)


def plant_placeholder(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    lines = body_lines(seed, (Role.achievements, Role.plans, Role.opening), defs.check("placeholder"))
    if not lines:
        return None
    s, n = rng.choice(defs.placeholders), rng.choice(lines)
    work = Work(seed.rows())
    append(work, n, s)
    work.plant(planted(defs, "placeholder", f"placeholder {s}"), [n])
    return Planted(work, [defs.check("placeholder")], f"line {n}: appended {s}")


def plant_stray_x(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    lines = body_lines(seed, tuple(ROLE_ORDER[1:]), defs.check("placeholder"))
    spots = [
        (n, i)
        for n in lines
        for i in range(1, len(seed.lines[n - 1]))
        if CJK.match(seed.lines[n - 1][i - 1]) and CJK.match(seed.lines[n - 1][i])
    ]
    if not spots:
        return None
    n, i = rng.choice(spots)
    work = Work(seed.rows())
    row = work.find(n)
    word = row.text[i - 1 : i + 1]
    row.text = row.text[:i] + "x" + row.text[i:]
    work.plant(planted(defs, "placeholder", f"stray x in {word}"), [n])
    return Planted(work, [defs.check("placeholder")], f"line {n}: stray x inside {word[0]}x{word[1]}")


def plant_mixed_level(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    if seed.known_lines(defs.check("mixed-level")) or any(k.check == defs.check("mixed-level") for k in seed.known):
        return None  # the seed already mixes levels: another one would not be a defect of its own
    existing = {n: set(SELF_LEVEL.findall(t)) for n, t in enumerate(seed.lines, 1) if SELF_LEVEL.search(t)}
    own = set().union(*existing.values()) if existing else set()
    lines = [n for n in body_lines(seed, ACH, None) if n not in existing]
    others = [lv for lv in defs.levels if lv not in own]
    need = 1 if own else 2
    if len(lines) < need or len(others) < need:
        return None
    keys, levels = rng.sample(lines, need), rng.sample(others, need)
    work = Work(seed.rows())
    for n, lv in zip(keys, levels, strict=True):
        append(work, n, defs.level_sentence.format(level=lv))
    work.plant(planted(defs, "mixed-level", f"全{'/'.join(levels)} with {sorted(own)}"), keys + sorted(existing))
    return Planted(work, [defs.check("mixed-level")], f"lines {keys}: 全{'/全'.join(levels)} (own: {sorted(own)})")


def plant_halfwidth(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    lines = set(seed.section_lines(*ROLE_ORDER)) - seed.known_lines(defs.check("halfwidth-punct")) - {1}
    spots = []
    for n in sorted(lines):
        t = seed.lines[n - 1]
        for i in range(1, len(t) - 1):
            # after Chinese text; an opening quote counts when Chinese text follows it
            beside = t[i + 1] if t[i] == "“" else t[i - 1]
            if t[i] in defs.halfwidth and t[i] != "”" and CJK.match(beside):
                spots.append((n, i))
    if not spots:
        return None
    n, i = rng.choice(spots)
    work = Work(seed.rows())
    row = work.find(n)
    mark = row.text[i]
    text = row.text[:i] + defs.halfwidth[mark] + row.text[i + 1 :]
    if mark == "“":  # a pair of quotes goes half-width together
        j = text.find("”", i)
        if j > 0:
            text = text[:j] + defs.halfwidth["”"] + text[j + 1 :]
    row.text = text
    work.plant(planted(defs, "halfwidth-punct", f"half-width {defs.halfwidth[mark]} for {mark}"), [n])
    return Planted(work, [defs.check("halfwidth-punct")], f"line {n}: {mark} → {defs.halfwidth[mark]}")


def _formulation(seed: Seed, defs: DefectDefs, rng: random.Random, wrong: bool) -> Planted | None:
    check = defs.check("fixed-formulation")
    f = rng.choice(defs.formulations)
    work = Work(seed.rows())
    found = [n for n, t in enumerate(seed.lines, 1) if n > 1 and f.right in t]
    if wrong and found and rng.random() < 0.5:
        n, bad = rng.choice(found), rng.choice(f.wrong)
        row = work.find(n)
        row.text = row.text.replace(f.right, bad, 1)
        how = f"changed {f.right} to {bad}"
    else:
        lines = body_lines(seed, ACH, check)
        if not lines:
            return None
        n, bad = rng.choice(lines), (rng.choice(f.wrong) if wrong else f.right)
        append(work, n, (f.sentence or defs.formulation_sentence).format(f=bad))
        how = f"appended {bad}"
    if wrong:
        work.plant(planted(defs, "fixed-formulation", f"{bad} for {f.right}"), [n])
    return Planted(work, [check], f"line {n}: {how}")


def plant_formulation(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _formulation(seed, defs, rng, wrong=True)


def control_formulation(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _formulation(seed, defs, rng, wrong=False)


def _stale(seed: Seed, defs: DefectDefs, rng: random.Random, offset: int) -> Planted | None:
    check = defs.check("stale-year-target")
    lines = body_lines(seed, (Role.plans, Role.closing), check)
    if seed.year is None or not lines:
        return None
    n, year = rng.choice(lines), seed.year + offset
    work = Work(seed.rows())
    append(work, n, defs.stale_sentence.format(year=year))
    if offset == 0:
        work.plant(planted(defs, "stale-year-target", f"{year}年 targets in the {seed.year} report's plans"), [n])
    return Planted(work, [check], f"line {n}: targets of {year} in the {seed.year} report")


def plant_stale_target(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _stale(seed, defs, rng, 0)


def control_next_year_target(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _stale(seed, defs, rng, 1)


_TITLE_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?=\s*年)")


def plant_year_mismatch(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    """The title's year changed: to a slip of the keys no report can mean (3024, 1924, 2204), or to the year before
    or after that the body never names while the body names the report's own year (last year's report reused)."""
    titles = [n for r, a, b in seed.sections if r == Role.title for n in range(a, b + 1)]
    at = next(((n, m) for n in titles if (m := _TITLE_YEAR.search(seed.lines[n - 1]))), None)
    if at is None:
        return None
    n, m = at
    year = int(m.group(1))
    body = "\n".join(t for i, t in enumerate(seed.lines, 1) if i not in titles)
    named = {int(y) for y in _TITLE_YEAR.findall(body)}
    # typos far outside any plausible range, whatever the date the eval runs on
    slips = [y for y in (year + 1000, year - 100, int(f"{m.group(1)[0]}{m.group(1)[2]}{m.group(1)[1]}{m.group(1)[3]}"))
             if not 1990 <= y <= 2100]
    others = [y for y in (year - 1, year + 1) if y not in named] if year in named else []
    new = rng.choice(others) if others and rng.random() < 0.5 else rng.choice(slips)
    work = Work(seed.rows())
    row = work.find(n)
    row.text = row.text[: m.start()] + str(new) + row.text[m.end() :]
    how = "never named in the body" if new in others else "implausible"
    work.plant(planted(defs, "year-mismatch", f"title year {year} changed to {new} ({how})"), [n])
    return Planted(work, [defs.check("year-mismatch")], f"line {n}: title year {year} → {new} ({how})")
