"""Planted-defect variants of the labelled reports, generated deterministically.

Each planter takes a seed report and a seeded random generator and returns the edited rows, the check
ids scored on that variant and the planted defects with the line a careful reviewer would point at.
Controls plant nothing wrong: the unchanged seed, and near misses (an expression current in the year,
the exact formulation, next year's targets, a problem with its answering plan, an optional part deleted).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from assistant.domain.models import ROLE_ORDER, Role
from assistant.services.evals.defects import DefectDefs
from assistant.services.evals.seeds import (
    PART_ROLES,
    Expected,
    Seed,
    Work,
    leading,
    marker,
    new_row,
    renumber,
    sequences,
)


class Variant(BaseModel):
    id: str
    gold: str
    report: str
    kind: str
    year: int | None
    text: str
    scored: list[str]
    expected: list[Expected]
    note: str


@dataclass
class Planted:
    work: Work
    scored: list[str]
    note: str


Planter = Callable[[Seed, DefectDefs, random.Random], Planted | None]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SELF_LEVEL = re.compile(r"全([省市县州])")


def _body_lines(seed: Seed, roles: tuple[Role, ...], avoid: str | None = None) -> list[int]:
    """Paragraph lines (ending in 。) of the given parts, without a known defect of check `avoid`."""
    bad = seed.known_lines(avoid) if avoid else set()
    return [
        n
        for n in seed.section_lines(*roles)
        if n not in bad and n > 1 and len(seed.lines[n - 1]) >= 40 and seed.lines[n - 1].rstrip().endswith("。")
    ]


def _append(work: Work, key: int | str, sentence: str) -> None:
    row = work.find(key)
    row.text = row.text.rstrip() + sentence


def _planted(defs: DefectDefs, kind: str, what: str, part: str | None = None, optional: bool = False) -> Expected:
    check = defs.check(kind)
    return Expected(check=check, match=defs.mode(check), part=part, origin="planted", optional=optional, what=what)


_ACH = (Role.achievements,)
_RECTIFICATION_CUES = ("整改", "反馈问题", "销号")


def plant_delete_part(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    cands = [s for s in seed.sections if s[0] in PART_ROLES]
    if not cands:
        return None
    role, a, b = rng.choice(cands)
    work = Work([r for r in seed.rows() if not (a <= int(r.key) <= b)])
    work.plant(_planted(defs, "missing-part", f"the part {role.value} (lines {a}-{b}) deleted", part=role.value))
    # Rectification stated in one sentence inside another part (r4, line 105) goes with that part: the gold
    # does not say on which line, so a deleted block that speaks of 整改 makes its absence acceptable.
    present = set(seed.roles()) | {k.part for k in seed.known if k.check == defs.check("missing-part")}
    deleted = "".join(seed.lines[a - 1 : b])
    if Role.rectification not in present and any(w in deleted for w in _RECTIFICATION_CUES):
        work.plant(_planted(defs, "missing-part", "rectification was stated inside it", "rectification", True))
    return Planted(work, [defs.check("missing-part")], f"deleted {role.value} (seed lines {a}-{b})")


def control_delete_optional(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    cands = [s for s in seed.sections if s[0] == Role.insights]
    if not cands:
        return None
    role, a, b = rng.choice(cands)
    work = Work([r for r in seed.rows() if not (a <= int(r.key) <= b)])
    return Planted(work, [defs.check("missing-part")], f"deleted the optional part {role.value} (lines {a}-{b})")


def plant_swap_parts(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    body = [s for s in seed.sections if s[0] not in (Role.title, Role.opening)]
    pairs = [(x, y) for i, x in enumerate(body) for y in body[i + 1 :] if x[0] != y[0]]
    if not pairs:
        return None
    (ra, a1, a2), (rb, b1, b2) = rng.choice(pairs)
    rows = seed.rows()
    idx = {r.key: i for i, r in enumerate(rows)}
    i1, i2, j1, j2 = idx[a1], idx[a2], idx[b1], idx[b2]
    rows = rows[:i1] + rows[j1 : j2 + 1] + rows[i2 + 1 : j1] + rows[i1 : i2 + 1] + rows[j2 + 1 :]
    work = Work(rows)
    work.plant(_planted(defs, "part-order", f"{ra.value} and {rb.value} swapped"))
    return Planted(work, [defs.check("part-order")], f"swapped {ra.value} (lines {a1}-{a2}) and {rb.value} ({b1}-{b2})")


def _expression(seed: Seed, defs: DefectDefs, rng: random.Random, current: bool) -> Planted | None:
    if seed.year is None:
        return None
    exprs = [e for e in defs.expressions if e.current(seed.year) == current]
    lines = _body_lines(seed, _ACH, defs.check("dated-expression"))
    if not exprs or not lines:
        return None
    e, n = rng.choice(exprs), rng.choice(lines)
    work = Work(seed.rows())
    _append(work, n, e.sentence)
    check = defs.check("dated-expression")
    if not current:
        work.plant(_planted(defs, "dated-expression", f"{e.text} (current {e.years}) in {seed.year}"), [n])
        return Planted(work, [check], f"line {n}: {e.text} (current {e.years[0]}-{e.years[1]})")
    return Planted(work, [check], f"line {n}: {e.text}, current in {seed.year}")


def plant_dated(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _expression(seed, defs, rng, current=False)


def control_current_expression(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _expression(seed, defs, rng, current=True)


def plant_placeholder(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    lines = _body_lines(seed, (Role.achievements, Role.plans, Role.opening), defs.check("placeholder"))
    if not lines:
        return None
    s, n = rng.choice(defs.placeholders), rng.choice(lines)
    work = Work(seed.rows())
    _append(work, n, s)
    work.plant(_planted(defs, "placeholder", f"placeholder {s}"), [n])
    return Planted(work, [defs.check("placeholder")], f"line {n}: appended {s}")


def plant_stray_x(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    lines = _body_lines(seed, tuple(ROLE_ORDER[1:]), defs.check("placeholder"))
    spots = [
        (n, i)
        for n in lines
        for i in range(1, len(seed.lines[n - 1]))
        if _CJK.match(seed.lines[n - 1][i - 1]) and _CJK.match(seed.lines[n - 1][i])
    ]
    if not spots:
        return None
    n, i = rng.choice(spots)
    work = Work(seed.rows())
    row = work.find(n)
    word = row.text[i - 1 : i + 1]
    row.text = row.text[:i] + "x" + row.text[i:]
    work.plant(_planted(defs, "placeholder", f"stray x in {word}"), [n])
    return Planted(work, [defs.check("placeholder")], f"line {n}: stray x inside {word[0]}x{word[1]}")


def plant_numbering(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    rows = seed.rows()
    seqs = sequences(rows)
    if not seqs:
        return None
    seq = rng.choice(seqs)
    work = Work(rows)
    if rng.random() < 0.5:
        k = rng.randrange(1, len(seq))  # skip a number from item k on: 一、二、四、五、
        for i, v in seq[k:]:
            rows[i].text = renumber(rows[i].text, v + 1)
        at, how = seq[k][0], f"skips from {seq[k][1]} to {seq[k][1] + 1}"
    else:
        at = seq[-1][0]  # repeat the previous number on the last item: 一是、二是、二是
        rows[at].text = renumber(rows[at].text, seq[-2][1])
        how = f"repeats {seq[-2][1]}"
    work.plant(_planted(defs, "numbering", f"the sequence {how}"), [rows[at].key])
    return Planted(work, [defs.check("numbering")], f"line {rows[at].key}: numbering {how}")


def plant_mixed_level(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    if seed.known_lines(defs.check("mixed-level")) or any(k.check == defs.check("mixed-level") for k in seed.known):
        return None  # the seed already mixes levels: another one would not be a defect of its own
    existing = {n: set(_SELF_LEVEL.findall(t)) for n, t in enumerate(seed.lines, 1) if _SELF_LEVEL.search(t)}
    own = set().union(*existing.values()) if existing else set()
    lines = [n for n in _body_lines(seed, _ACH, None) if n not in existing]
    others = [lv for lv in defs.levels if lv not in own]
    need = 1 if own else 2
    if len(lines) < need or len(others) < need:
        return None
    keys, levels = rng.sample(lines, need), rng.sample(others, need)
    work = Work(seed.rows())
    for n, lv in zip(keys, levels, strict=True):
        _append(work, n, defs.level_sentence.format(level=lv))
    work.plant(_planted(defs, "mixed-level", f"全{'/'.join(levels)} with {sorted(own)}"), keys + sorted(existing))
    return Planted(work, [defs.check("mixed-level")], f"lines {keys}: 全{'/全'.join(levels)} (own: {sorted(own)})")


def plant_halfwidth(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    lines = set(seed.section_lines(*ROLE_ORDER)) - seed.known_lines(defs.check("halfwidth-punct")) - {1}
    spots = []
    for n in sorted(lines):
        t = seed.lines[n - 1]
        for i in range(1, len(t) - 1):
            # after Chinese text; an opening quote counts when Chinese text follows it
            beside = t[i + 1] if t[i] == "“" else t[i - 1]
            if t[i] in defs.halfwidth and t[i] != "”" and _CJK.match(beside):
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
    work.plant(_planted(defs, "halfwidth-punct", f"half-width {defs.halfwidth[mark]} for {mark}"), [n])
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
        lines = _body_lines(seed, _ACH, check)
        if not lines:
            return None
        n, bad = rng.choice(lines), (rng.choice(f.wrong) if wrong else f.right)
        _append(work, n, (f.sentence or defs.formulation_sentence).format(f=bad))
        how = f"appended {bad}"
    if wrong:
        work.plant(_planted(defs, "fixed-formulation", f"{bad} for {f.right}"), [n])
    return Planted(work, [check], f"line {n}: {how}")


def plant_formulation(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _formulation(seed, defs, rng, wrong=True)


def control_formulation(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _formulation(seed, defs, rng, wrong=False)


def _stale(seed: Seed, defs: DefectDefs, rng: random.Random, offset: int) -> Planted | None:
    check = defs.check("stale-year-target")
    lines = _body_lines(seed, (Role.plans, Role.closing), check)
    if seed.year is None or not lines:
        return None
    n, year = rng.choice(lines), seed.year + offset
    work = Work(seed.rows())
    _append(work, n, defs.stale_sentence.format(year=year))
    if offset == 0:
        work.plant(_planted(defs, "stale-year-target", f"{year}年 targets in the {seed.year} report's plans"), [n])
    return Planted(work, [check], f"line {n}: targets of {year} in the {seed.year} report")


def plant_stale_target(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _stale(seed, defs, rng, 0)


def control_next_year_target(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _stale(seed, defs, rng, 1)


def _unanswered(seed: Seed, defs: DefectDefs, rng: random.Random, answer: bool) -> Planted | None:
    probs = [s for s in seed.sections if s[0] == Role.problems]
    plans_text = "".join(seed.lines[n - 1] for n in seed.section_lines(Role.plans, Role.closing)).replace("D", "党")
    topics = [t for t in defs.problem_topics if not any(k in plans_text for k in t.keywords)]
    plan_lines = [n for n in seed.section_lines(Role.plans) if seed.lines[n - 1].rstrip().endswith("。")]
    if not probs or not topics or (answer and not plan_lines):
        return None
    _, a, b = probs[-1]
    rows = seed.rows()
    seqs = [s for s in sequences(rows) if all(a <= int(rows[i].key) <= b for i, _ in s)]
    if not seqs:
        return None
    seq = min(seqs, key=lambda s: (leading(rows[s[0][0]].text) or ("", 9, 0, 0))[1])
    style = (leading(rows[seq[0][0]].text) or ("一是",))[0]
    topic = rng.choice(topics)
    row = new_row(marker(style, seq[-1][1] + 1) + topic.problem)
    idx = next(i for i, r in enumerate(rows) if r.key == b)
    work = Work(rows[: idx + 1] + [row] + rows[idx + 1 :])
    check = defs.check("unanswered-problem")
    if answer:
        n = plan_lines[-1]
        _append(work, n, topic.plan)
        return Planted(work, [check], f"added problem {topic.keywords[0]} after line {b}, answered on line {n}")
    work.plant(_planted(defs, "unanswered-problem", f"problem about {topic.keywords[0]} with no plan"), [row.key])
    return Planted(work, [check], f"added problem {topic.keywords[0]} after line {b}, no plan answers it")


def plant_unanswered(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _unanswered(seed, defs, rng, answer=False)


def control_answered(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _unanswered(seed, defs, rng, answer=True)


PLANTERS: dict[str, Planter] = {
    "delete-part": plant_delete_part,
    "swap-parts": plant_swap_parts,
    "dated-expression": plant_dated,
    "placeholder": plant_placeholder,
    "stray-x": plant_stray_x,
    "numbering": plant_numbering,
    "mixed-level": plant_mixed_level,
    "halfwidth-punct": plant_halfwidth,
    "fixed-formulation": plant_formulation,
    "stale-year-target": plant_stale_target,
    "unanswered-problem": plant_unanswered,
    "control-current-expression": control_current_expression,
    "control-formulation": control_formulation,
    "control-next-year-target": control_next_year_target,
    "control-answered-problem": control_answered,
    "control-delete-optional": control_delete_optional,
}

PLANTED_KINDS = [k for k in PLANTERS if not k.startswith("control-")]


def generate(seeds: list[Seed], defs: DefectDefs, *, seed: int = 0, per_kind: int = 8) -> list[Variant]:
    """All variants: per seed report and kind up to `per_kind` distinct ones, plus the unchanged seed."""
    all_checks = sorted({defs.check(k) for k in defs.checks})
    out: list[Variant] = []
    for s in seeds:
        base = f"{s.gold}:{s.id}"
        text, expected = Work(s.rows()).finish(s.known)
        out.append(Variant(id=f"{base}:control-seed:00", gold=s.gold, report=s.id, kind="control-seed",
                           year=s.year, text=text, scored=all_checks, expected=expected, note="the seed unchanged"))
        seen = {text}
        for kind, planter in PLANTERS.items():
            for i in range(per_kind * 3):  # a few extra draws: some repeat an earlier variant
                if sum(v.kind == kind and v.report == s.id and v.gold == s.gold for v in out) >= per_kind:
                    break
                got = planter(s, defs, random.Random(f"{seed}:{base}:{kind}:{i}"))
                if got is None:
                    break
                text, expected = got.work.finish(s.known)
                if text in seen:
                    continue
                seen.add(text)
                n = sum(v.kind == kind and v.report == s.id for v in out)
                out.append(Variant(id=f"{base}:{kind}:{n:02d}", gold=s.gold, report=s.id, kind=kind, year=s.year,
                                   text=text, scored=got.scored, expected=expected, note=got.note))
    return out
