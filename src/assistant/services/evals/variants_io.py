"""Write the planted-defect variants to a directory (one text each and an index), for reading by hand."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.services.evals.context import EvalContext
from assistant.services.evals.defects import DefectDefs, load_defects
from assistant.services.evals.gold import load_gold_dir
from assistant.services.evals.planting import Variant, generate
from assistant.services.evals.seeds import Seed, load_seeds


def build_variants(ctx: EvalContext) -> tuple[DefectDefs, list[Seed], list[Variant]]:
    """The planted-defect definitions, the seed reports of every gold file and their variants."""
    defs = load_defects(ctx.defects_file)
    seeds = load_seeds(load_gold_dir(ctx.gold_dir), defs.match_of(), defs.known_extra)
    return defs, seeds, generate(seeds, defs, seed=ctx.seed, per_kind=ctx.per_kind)


def file_name(v: Variant) -> str:
    return v.id.replace(":", "__").replace(".txt", "") + ".txt"


def write_variants(ctx: EvalContext, out: Path) -> int:
    _, _, variants = build_variants(ctx)
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for v in variants:
        (out / file_name(v)).write_text(v.text, encoding="utf-8")
        index.append({"file": file_name(v), **v.model_dump(exclude={"text"})})
    tmp = out / ".index.json.tmp"
    tmp.write_text(json.dumps(index, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out / "index.json")
    return len(variants)
