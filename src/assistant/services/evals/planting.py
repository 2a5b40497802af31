"""Planted-defect variants of the labelled reports, generated deterministically.

Each planter (plant_structure, plant_text) takes a seed report and a seeded random generator and returns
the edited rows, the check ids scored on that variant and the planted defects with the line a careful
reviewer would point at. Controls plant nothing wrong: the unchanged seed, and near misses (an expression
current in the year, the exact formulation, next year's targets, a problem with its answering plan, an
optional part deleted).
"""

from __future__ import annotations

import random

from pydantic import BaseModel

from assistant.services.evals import plant_structure as st
from assistant.services.evals import plant_text as tx
from assistant.services.evals.defects import DefectDefs
from assistant.services.evals.plant_common import Planter
from assistant.services.evals.seeds import Expected, Seed, Work


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


PLANTERS: dict[str, Planter] = {
    "delete-part": st.plant_delete_part,
    "swap-parts": st.plant_swap_parts,
    "dated-expression": tx.plant_dated,
    "placeholder": tx.plant_placeholder,
    "stray-x": tx.plant_stray_x,
    "numbering": st.plant_numbering,
    "mixed-level": tx.plant_mixed_level,
    "halfwidth-punct": tx.plant_halfwidth,
    "fixed-formulation": tx.plant_formulation,
    "stale-year-target": tx.plant_stale_target,
    "year-mismatch": tx.plant_year_mismatch,
    "unanswered-problem": st.plant_unanswered,
    "control-current-expression": tx.control_current_expression,
    "control-formulation": tx.control_formulation,
    "control-next-year-target": tx.control_next_year_target,
    "control-answered-problem": st.control_answered,
    "control-delete-optional": st.control_delete_optional,
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
            made = 0
            for i in range(per_kind * 3):  # a few extra draws: some repeat an earlier variant
                got = planter(s, defs, random.Random(f"{seed}:{base}:{kind}:{i}"))
                if got is None:
                    break  # the kind does not apply to this report
                text, expected = got.work.finish(s.known)
                if text in seen:
                    continue
                seen.add(text)
                out.append(Variant(id=f"{base}:{kind}:{made:02d}", gold=s.gold, report=s.id, kind=kind, year=s.year,
                                   text=text, scored=got.scored, expected=expected, note=got.note))
                made += 1
                if made == per_kind:
                    break
    return out
