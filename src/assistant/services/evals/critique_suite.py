"""Critique suite: precision and recall per check id on the planted-defect variants of the gold reports."""

from __future__ import annotations

from collections import Counter
from typing import Any

from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_text
from assistant.services.evals.context import EvalContext
from assistant.services.evals.metrics import mean
from assistant.services.evals.results import SuiteResult
from assistant.services.evals.scoring import VariantScore, score_variant, totals
from assistant.services.evals.variants_io import build_variants

# The bar for this one check is lower (0.8): deciding that no plan answers a problem is fuzzy.
LENIENT = {"unanswered-problem"}


def run_critique(ctx: EvalContext) -> SuiteResult:

    defs, seeds, variants = build_variants(ctx)
    rubric = load_rubric(ctx.settings.rubric)
    mode_of: dict[str, str] = dict(defs.match_of())
    scores: list[VariantScore] = []
    worst: list[tuple[int, dict[str, Any]]] = []
    crashes: list[str] = []
    for i, v in enumerate(variants):
        ctx.progress("critique", i, len(variants))
        try:
            # The year is left to the critique (read from the title), as for a user's file.
            findings = critique_text(v.text, name=v.id, rubric=rubric, year=None, llm=False,
                                     settings=ctx.settings).findings
        except Exception as e:  # a crash on one variant: no findings (its defects are missed), and it is listed
            findings = []
            crashes.append(f"{v.id}: {type(e).__name__}: {e}".splitlines()[0][:200])
        s = score_variant(v, findings, mode_of)
        scores.append(s)
        if not s.ok():
            worst.append((len(s.missed) + len(s.false_positives), {
                "variant": v.id, "note": v.note, "missed": s.missed, "false_positives": s.false_positives,
                "findings": [f"{f.check} line {f.line} part {f.part}: {f.message}" for f in findings
                             if f.check in v.scored],
            }))
    ctx.progress("critique", len(variants), len(variants))

    tot = totals(scores)
    metrics: dict[str, float | None] = {"critique.variants": float(len(variants))}
    strict_p, strict_r = [], []
    for check in sorted(tot):
        c = tot[check]
        metrics[f"critique.precision.{check}"] = c.precision
        metrics[f"critique.recall.{check}"] = c.recall
        if check not in LENIENT:
            strict_p.append(c.precision if c.precision is not None else 0.0)
            strict_r.append(c.recall if c.recall is not None else 0.0)
    metrics["critique.precision.min"] = min(strict_p) if strict_p else None
    metrics["critique.recall.min"] = min(strict_r) if strict_r else None
    planted: dict[str, list[int]] = {}
    for s in scores:
        for found, total in s.planted_found.values():
            acc = planted.setdefault(s.kind, [0, 0])
            acc[0] += found
            acc[1] += total
    for kind in sorted(planted):
        found, total = planted[kind]
        metrics[f"critique.planted_found.{kind}"] = found / total if total else None
    controls = [s for s in scores if s.kind.startswith("control-")]
    metrics["critique.clean_controls"] = mean(0.0 if s.false_positives else 1.0 for s in controls)
    metrics["critique.crashes"] = float(len(crashes))

    kinds = Counter(s.kind for s in scores)
    table = [{"check": c, "tp": t.tp, "fp": t.fp, "fn": t.fn, "precision": t.precision, "recall": t.recall}
             for c, t in sorted(tot.items())]
    detail = table + [{"variant": s.id, "counts": s.counts} for s in scores]
    notes = [
        f"{len(seeds)} 篇标注报告的 {len(variants)} 个变体（种子 {ctx.seed}，每种缺陷至多 {ctx.per_kind} 个）："
        + "，".join(f"{k} {n}" for k, n in sorted(kinds.items())),
        "一条检查结果的检查项和行号（missing-part 看部分，part-order 看报告）与植入的或已知的缺陷相符才算查出；"
        "变体只计所植入的检查项（未改动的种子报告计全部检查项）",
        "critique.precision.min / recall.min 计入除以下之外的全部检查项：" + "、".join(sorted(LENIENT)),
    ]
    warnings = []
    if crashes:
        warnings.append(f"检查在 {len(crashes)} 个变体上出错，按什么也没查出计分："
                        + "；".join(crashes[:5]))
    worst.sort(key=lambda w: -w[0])
    return SuiteResult(name="critique", status="ok", metrics=metrics, detail=detail, neutral=["critique.variants"],
                       lower_is_better=["critique.crashes"],
                       table=table,
                       worst=[w for _, w in worst[:15]], notes=notes, warnings=warnings)
