"""Draft suite: each case profile drafted, and the draft scored 0-100 on its structure.

Components (0-100 each; the score is their weighted mean):
- parts: required parts of the rubric the critique does not report missing;
- order: no part-order finding;  numbering: no numbering finding (-25 each);
- placeholders: no placeholder finding other than the 【待补充：…】 slots (-25 each);
- invented: no figure, name or honour that the profile does not give (-25 each);
- coverage: share of the profile's work items and rectifications (feedback and action) that appear in the draft;
- length: what the draft writes plus what its slots ask for (约N字, length_plan.planned) against the profile's
  target length: 100 within ±15 %, falling to 0 at half or 1.5 times the target (a skeleton of slots that ask
  for nothing scores low however short it is).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_text
from assistant.services.drafting import verbatim
from assistant.services.drafting.grounding import facts_of, ground
from assistant.services.drafting.length_plan import planned
from assistant.services.drafting.report import draft_report
from assistant.services.evals.context import EvalContext
from assistant.services.evals.metrics import mean
from assistant.services.evals.results import SuiteResult

WEIGHTS = {"parts": 20, "order": 15, "numbering": 15, "placeholders": 10, "invented": 15, "coverage": 15,
           "length": 10}
SCORED_CHECKS = {"missing-part", "part-order", "numbering", "placeholder", "unfilled-slot"}
COVERED = 0.6  # share of an item's character bigrams that must occur in the draft


class CaseError(ValueError):
    pass


def case_files(ctx: EvalContext) -> list[Path]:
    files = sorted(ctx.cases_dir.glob("*.yaml"))
    if ctx.case_filter:
        files = [f for f in files if f.stem in ctx.case_filter or f.name in ctx.case_filter]
    if not files:
        raise CaseError(f"{ctx.cases_dir}：没有" + ("与 --case 相符的" if ctx.case_filter else "") + "用例情况表（*.yaml）")
    return files


def _bigrams(text: str) -> set[str]:
    t = "".join(ch for ch in text if not ch.isspace() and ch not in "，。、；：“”（）《》")
    return {t[i : i + 2] for i in range(len(t) - 1)}


def covered(item: str, draft: str) -> bool:
    grams = _bigrams(item)
    return bool(grams) and len(grams & _bigrams(draft)) / len(grams) >= COVERED


def _penalty(n: int) -> float:
    return max(0.0, 100.0 - 25.0 * n)


LENGTH_TOLERANCE = 0.15  # the bar: facts plus asked-for slots within ±15 % of the target
LENGTH_ZERO = 0.5  # …and nothing left at half or one and a half times the target


def _length_score(chars: int, target: int) -> float:
    off = abs(chars - target) / target
    if off <= LENGTH_TOLERANCE:
        return 100.0
    return max(0.0, 100.0 * (1 - (off - LENGTH_TOLERANCE) / (LENGTH_ZERO - LENGTH_TOLERANCE)))


def score_draft(profile: Any, text: str, findings: list[Any], rubric: Any) -> dict[str, Any]:
    required = [p.role.value for p in rubric.parts if p.requirement == "required"]
    missing = sorted({str(f.part) for f in findings if f.check == "missing-part" and str(f.part) in required})
    order = [f for f in findings if f.check == "part-order"]
    numbering = [f for f in findings if f.check == "numbering"]
    placeholders = [f for f in findings if f.check == "placeholder" and "【待补充" not in (f.evidence or "")]
    invented = ground(text, facts_of(profile)).replaced
    # A rectification appears when both what was criticised and what was done about it are in the draft:
    # naming the feedback alone ("针对…的问题，已整改") does not report the rectification.
    items = [w.text for w in profile.work_items] + [f"{r.feedback}；整改：{r.action}" for r in profile.rectifications]
    cov = [covered(w.text, text) for w in profile.work_items] + [
        covered(r.feedback, text) and covered(r.action, text) for r in profile.rectifications]
    chars = sum(1 for ch in text if not ch.isspace())
    length = planned(text)  # Chinese characters written plus what the slots ask for
    comp = {
        "parts": 100.0 * (len(required) - len(missing)) / len(required) if required else 100.0,
        "order": 0.0 if order else 100.0,
        "numbering": _penalty(len(numbering)),
        "placeholders": _penalty(len(placeholders)),
        "invented": _penalty(len(invented)),
        "coverage": 100.0 * sum(cov) / len(cov) if cov else 100.0,
        "length": _length_score(length, profile.target_length),
    }
    score = sum(WEIGHTS[k] * v for k, v in comp.items()) / sum(WEIGHTS.values())
    return {
        "score": round(score, 1),
        "components": {k: round(v, 1) for k, v in comp.items()},
        "missing_parts": missing,
        "invented": [f"{r.kind} {r.original} ({r.context})" for r in invented],
        "not_covered": [x for x, c in zip(items, cov, strict=True) if not c],
        "chars": chars,
        "target": profile.target_length,
        "length_ratio": round(chars / profile.target_length, 3),
        "planned": length,
        "planned_ratio": round(length / profile.target_length, 3),
        "findings": [f"{f.check} line {f.line}: {f.message}" for f in findings],
        "other_findings": sum(1 for f in findings if f.check not in SCORED_CHECKS),
    }


def crashed(profile: Any, reason: str) -> dict[str, Any]:
    """The row of a case whose drafting or critique raised: every component 0, the reason kept."""
    return {"score": 0.0, "components": dict.fromkeys(WEIGHTS, 0.0), "missing_parts": [], "invented": [],
            "not_covered": [], "chars": 0, "target": profile.target_length, "length_ratio": 0.0, "planned": 0, "planned_ratio": 0.0,
            "findings": [], "other_findings": 0,
            "slots": 0, "warnings": [], "crash": reason}


def run_draft(ctx: EvalContext) -> SuiteResult:

    rubric = load_rubric(ctx.settings.rubric)
    files = case_files(ctx)
    settings, indexed = ctx.index("local")  # exemplars from a fresh index of the corpus, not the user's
    detail: list[dict[str, Any]] = []
    drafts: dict[str, str] = {}  # written next to results.json: the findings' line numbers are of these texts
    for i, path in enumerate(files):
        ctx.progress("draft", i, len(files))
        profile = load_profile(path)
        row: dict[str, Any] = {"case": path.stem, "unit_kind": profile.unit_kind, "year": profile.year}
        t0 = time.perf_counter()
        try:
            draft = draft_report(profile, settings, backend=ctx.backend)
            row["seconds"] = round(time.perf_counter() - t0, 3)
            crit = critique_text(draft.text, name=path.name, rubric=rubric, year=profile.year, llm=False,
                                 settings=ctx.settings)
        except Exception as e:  # one case that crashes scores 0 and is named; the other cases still count
            row.update(crashed(profile, f"{type(e).__name__}: {e}".splitlines()[0][:200]))
            row["seconds"] = round(time.perf_counter() - t0, 3)
            detail.append(row)
            continue
        row.update({"slots": len(draft.slots), "warnings": list(draft.warnings), "crash": None,
                    "draft_file": f"drafts/{path.stem}.md",
                    # own words: the largest share of a part standing verbatim in its exemplars, sentences said twice
                    "verbatim_max": max((p.verbatim_share for p in draft.parts), default=0.0),
                    "repeated": verbatim.repeated(draft.text)})
        drafts[row["draft_file"]] = draft.text
        row.update(score_draft(profile, draft.text, crit.findings, rubric))
        detail.append(row)
    ctx.progress("draft", len(files), len(files))

    def comp(name: str) -> list[float]:
        return [d["components"][name] for d in detail]

    metrics: dict[str, float | None] = {
        "draft.cases": float(len(detail)),
        "draft.score.mean": mean(d["score"] for d in detail),
        "draft.score.min": min(d["score"] for d in detail),
    }
    for name in WEIGHTS:
        metrics[f"draft.{name}.min"] = min(comp(name))
    metrics["draft.coverage.mean"] = mean(comp("coverage"))
    metrics["draft.no_invented_share"] = mean(0.0 if d["invented"] else 1.0 for d in detail)
    metrics["draft.invented.total"] = float(sum(len(d["invented"]) for d in detail))
    metrics["draft.slots.mean"] = mean(d["slots"] for d in detail)
    # Not in the score: all characters (slots' own text included) over the target, and what is written plus what
    # the slots ask over the target (the score's length), so that drafts drifting shows in `eval compare`.
    metrics["draft.length_ratio.mean"] = mean(d["length_ratio"] for d in detail)
    metrics["draft.length_ratio.min"] = min(d["length_ratio"] for d in detail)
    metrics["draft.planned_ratio.mean"] = mean(d["planned_ratio"] for d in detail)
    metrics["draft.planned_ratio.min"] = min(d["planned_ratio"] for d in detail)
    metrics["draft.planned_ratio.max"] = max(d["planned_ratio"] for d in detail)
    # Not in the score, watched for drift: what else the critique says about the drafts (e.g. problems-share).
    metrics["draft.other_findings.mean"] = mean(d["other_findings"] for d in detail)
    metrics["draft.seconds_per_case"] = mean(d["seconds"] for d in detail)
    metrics["draft.crashes"] = float(sum(1 for d in detail if d["crash"]))
    # Drafts keep their own words (docs/drafting.md): 1 - the largest share of a part found verbatim in its
    # exemplars, and the share of drafts that say no sentence twice (higher is better, for CI's lower bounds).
    ok = [d for d in detail if not d["crash"]]
    metrics["draft.own_words.min"] = round(1 - max((d["verbatim_max"] for d in ok), default=0.0), 4)
    metrics["draft.no_repeats_share"] = mean(0.0 if d["repeated"] else 1.0 for d in ok) if ok else None
    worst = sorted(detail, key=lambda d: d["score"])[:3]
    table = [{"case": d["case"], "score": d["score"], **d["components"], "planned/target": f"{d['planned']}/{d['target']}",
              "slots": d["slots"]} for d in detail]
    notes = [f"backend {ctx.backend}；权重 " + "，".join(f"{k} {w}" for k, w in WEIGHTS.items()),
             f"范例来自新建的索引：{indexed}"]
    crashed_rows = [d for d in detail if d["crash"]]
    warnings = [f"{len(detail)} 个用例中有 {len(crashed_rows)} 个无法起草或检查，记 0 分："
                + "；".join(f"{d['case']}: {d['crash']}" for d in crashed_rows[:3])] if crashed_rows else []
    return SuiteResult(name="draft", status="ok", metrics=metrics, detail=detail, worst=worst, notes=notes, table=table,
                       files=drafts, warnings=warnings,
                       neutral=["draft.cases", "draft.length_ratio.mean", "draft.length_ratio.min", "draft.planned_ratio.mean",
                                "draft.planned_ratio.min", "draft.planned_ratio.max"],
                       lower_is_better=["draft.invented.total", "draft.seconds_per_case", "draft.slots.mean",
                                        "draft.other_findings.mean", "draft.crashes"])
