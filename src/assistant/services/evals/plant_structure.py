"""Planters that change a report's structure: a part deleted or moved, numbering broken, a problem added."""

from __future__ import annotations

import random

from assistant.domain.models import Role
from assistant.services.evals.defects import DefectDefs
from assistant.services.evals.plant_common import RECTIFICATION_CUES, Planted, append, planted
from assistant.services.evals.seeds import (
    PART_ROLES,
    Seed,
    Work,
    leading,
    marker,
    new_row,
    renumber,
    sequences,
)


def plant_delete_part(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    cands = [s for s in seed.sections if s[0] in PART_ROLES]
    if not cands:
        return None
    role, a, b = rng.choice(cands)
    work = Work([r for r in seed.rows() if not (a <= int(r.key) <= b)])
    work.plant(planted(defs, "missing-part", f"the part {role.value} (lines {a}-{b}) deleted", part=role.value))
    # Rectification stated in one sentence inside another part (r4, line 105) goes with that part: the gold
    # does not say on which line, so a deleted block that speaks of 整改 makes its absence acceptable.
    present = set(seed.roles()) | {k.part for k in seed.known if k.check == defs.check("missing-part")}
    deleted = "".join(seed.lines[a - 1 : b])
    if Role.rectification not in present and any(w in deleted for w in RECTIFICATION_CUES):
        work.plant(planted(defs, "missing-part", "rectification was stated inside it", "rectification", True))
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
    work.plant(planted(defs, "part-order", f"{ra.value} and {rb.value} swapped"))
    return Planted(work, [defs.check("part-order")], f"swapped {ra.value} (lines {a1}-{a2}) and {rb.value} ({b1}-{b2})")


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
    work.plant(planted(defs, "numbering", f"the sequence {how}"), [rows[at].key])
    return Planted(work, [defs.check("numbering")], f"line {rows[at].key}: numbering {how}")


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
        append(work, n, topic.plan)
        return Planted(work, [check], f"added problem {topic.keywords[0]} after line {b}, answered on line {n}")
    work.plant(planted(defs, "unanswered-problem", f"problem about {topic.keywords[0]} with no plan"), [row.key])
    return Planted(work, [check], f"added problem {topic.keywords[0]} after line {b}, no plan answers it")


def plant_unanswered(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _unanswered(seed, defs, rng, answer=False)


def control_answered(seed: Seed, defs: DefectDefs, rng: random.Random) -> Planted | None:
    return _unanswered(seed, defs, rng, answer=True)
