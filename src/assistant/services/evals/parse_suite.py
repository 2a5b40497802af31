"""Parsing suite: section role per line and section boundaries against every gold file."""

from __future__ import annotations

from typing import Any

from assistant.domain.parse import parse_file
from assistant.services.evals.context import EvalContext
from assistant.services.evals.gold import load_gold_dir, read_lines
from assistant.services.evals.metrics import Accuracy, Counts, set_f1
from assistant.services.evals.results import SuiteResult

NONE = "none"


def run_parse(ctx: EvalContext) -> SuiteResult:
    golds = load_gold_dir(ctx.gold_dir)
    acc, per_role = Accuracy(), {}
    bounds, reports, items = Counts(), Counts(), Accuracy()
    wrong: list[dict[str, Any]] = []
    detail: list[dict[str, Any]] = []
    per_gold: dict[str, float | None] = {}
    for i, g in enumerate(golds):
        ctx.progress("parse", i, len(golds))
        path = g.source_path()
        lines = read_lines(path)
        doc = parse_file(path)
        pred_role: dict[int, str] = {}
        pred_sections = {}
        for r in doc.reports:
            for s in r.sections:
                pred_sections[s.start_line] = s
                for n in range(s.start_line, s.end_line + 1):
                    pred_role[n] = s.role.value
        file_acc = Accuracy()
        for rep in g.reports:
            for sec in rep.sections:
                for n in range(sec.lines[0], sec.lines[1] + 1):
                    if not lines[n - 1].strip():
                        continue  # blank lines belong to no part
                    got = pred_role.get(n, NONE)
                    for a in (acc, file_acc, per_role.setdefault(sec.role, Accuracy())):
                        a.add(sec.role, got)
                    if got != sec.role:
                        wrong.append({"file": g.source, "line": n, "gold": sec.role, "parsed": got,
                                      "text": lines[n - 1][:40]})
                if sec.items is not None:
                    ps = pred_sections.get(sec.lines[0])
                    items.add(str(sec.items), str(len(ps.items)) if ps else NONE)
        gold_starts = {s.lines[0] for rep in g.reports for s in rep.sections}
        b = set_f1(gold_starts, pred_sections)
        r = set_f1({tuple(rep.lines) for rep in g.reports}, {(x.start_line, x.end_line) for x in doc.reports})
        bounds.add(b)
        reports.add(r)
        # Per gold file too: the bar (0.98) is on the seed gold alone, which the pooled figure can hide.
        per_gold[f"parse.gold.{g.path.stem if g.path else g.source}.role_accuracy"] = file_acc.value
        detail.append({"file": g.source, "role_accuracy": file_acc.value, "boundary_f1": b.f1, "report_f1": r.f1,
                       "lines": file_acc.total, "missed_boundaries": sorted(gold_starts - set(pred_sections)),
                       "extra_boundaries": sorted(set(pred_sections) - gold_starts)})
    ctx.progress("parse", len(golds), len(golds))
    metrics: dict[str, float | None] = {
        "parse.role_accuracy": acc.value,
        "parse.boundary_f1": bounds.f1,
        "parse.report_f1": reports.f1,
        "parse.item_count_accuracy": items.value,
    }
    for role, a in sorted(per_role.items()):
        metrics[f"parse.role_accuracy.{role}"] = a.value
    metrics.update(per_gold)
    notes = [f"{len(golds)} 个标注文件共 {acc.total} 行；边界指各部分的第一行"]
    confusion = sorted(acc.confusion.items(), key=lambda kv: -kv[1])
    if confusion:
        notes.append("混淆（标注 → 解析）：" + "，".join(f"{g}→{p} ×{n}" for (g, p), n in confusion))
    return SuiteResult(name="parse", status="ok", metrics=metrics, detail=detail, worst=wrong[:15], notes=notes)
