"""The unseen-reports suite: reports written and labelled by people who never saw the code, split into dev
(fitted and tuned on) and test (frozen: measured, never tuned on), with defects planted by hand.

Per split it reports: parsing (each labelled line's role, and each part found with its role and exact
span), clean reports that get a false error, and the critique's precision and recall per check id on the
independent planted defects (each one minimal edit of one report, with the check id and line a careful
reviewer would give; see evals/unseen/README.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.domain.loader import load_text
from assistant.domain.models import Finding
from assistant.domain.parse import ParsedDocument, parse_source
from assistant.domain.rubric import Rubric, load_rubric
from assistant.domain.validation import validation_summary
from assistant.domain.yamltext import read_yaml_file
from assistant.services.critique import NotAReportError, critique_parsed
from assistant.services.evals.context import EvalContext
from assistant.services.evals.gold import GoldError, GoldFile, GoldReport, load_gold, read_lines
from assistant.services.evals.metrics import Accuracy, Counts
from assistant.services.evals.results import SuiteResult

SPLITS = ("dev", "test")
COUNTED = ("error", "warning")  # info findings are notes, not claims of a defect
# The checks scored: those a defect can be planted for. problems-share and too-long judge the whole text's
# proportions, which one minimal edit does not change.
SCORED = {"missing-part", "part-order", "dated-expression", "stale-year-target", "placeholder", "unfilled-slot",
          "numbering", "mixed-level", "halfwidth-punct", "letter-d", "formulation", "unanswered-problem"}


# --- the independent defects -----------------------------------------------------------------------------


class Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    replace: dict[str, Any] | None = None  # {line, find, with}
    append: dict[str, Any] | None = None  # {line, text}
    delete: dict[str, Any] | None = None  # {lines: [a, b]}
    move: dict[str, Any] | None = None  # {lines: [a, b], before: n}


class Expect(BaseModel):
    model_config = ConfigDict(extra="ignore")
    check: str
    line: int | None = None
    part: str | None = None


class Defect(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    report: str
    edit: Edit
    expect: Expect
    why: str = ""


class DefectFile(BaseModel):
    model_config = ConfigDict(extra="ignore")
    source: str
    defects: list[Defect]


Numbered = list[tuple[int, str]]  # (line in the labelled file, text)


def apply_edit(rows: Numbered, edit: Edit) -> Numbered:
    """The report's lines after one edit; raises ValueError when the edit does not fit the text."""
    out = list(rows)
    index = {n: k for k, (n, _) in enumerate(out)}
    if edit.replace is not None:
        n, find, new = int(edit.replace["line"]), str(edit.replace["find"]), str(edit.replace["with"])
        k = index[n]
        if out[k][1].count(find) != 1:
            raise ValueError(f"第{n}行：“{find}” 没有恰好出现一次")
        out[k] = (n, out[k][1].replace(find, new))
    elif edit.append is not None:
        n = int(edit.append["line"])
        out[index[n]] = (n, out[index[n]][1] + str(edit.append["text"]))
    elif edit.delete is not None:
        a, b = (int(x) for x in edit.delete["lines"])
        out = [r for r in out if not a <= r[0] <= b]
    elif edit.move is not None:
        a, b = (int(x) for x in edit.move["lines"])
        before = int(edit.move["before"])
        moved = [r for r in out if a <= r[0] <= b]
        rest = [r for r in out if not a <= r[0] <= b]
        at = next(k for k, r in enumerate(rest) if r[0] == before)
        out = rest[:at] + moved + rest[at:]
    else:
        raise ValueError("每处改动要有 replace、append、delete、move 之一")
    return out


def matches(f: Finding, line: int | None, e: Expect) -> bool:
    if f.check != e.check:
        return False
    if e.check == "missing-part":
        return f.part == e.part
    if e.check == "part-order" or e.line is None:
        return True
    return line == e.line


def _by_design(f: Finding, rep: GoldReport) -> bool:
    """A warning that a report written without a title or an opening (a real form) rightly gets."""
    labelled = {s.role for s in rep.sections}
    return f.check == "missing-part" and f.part in ("title", "opening") and f.part not in labelled \
        and f.severity.value == "warning"


def _consequence(f: Finding, d: Defect) -> bool:
    """A finding that follows from the edit itself, not a false one: with the plans deleted no problem is
    answered; a part deleted or moved under numbered headings leaves their sequence broken (一、二、四、)."""
    e = d.expect
    if e.check == "missing-part" and e.part == "plans" and f.check == "unanswered-problem":
        return True
    return (d.edit.delete is not None or d.edit.move is not None) and f.check == "numbering"


# --- running ------------------------------------------------------------------------------------------------


@dataclass
class Unseen:
    gold: GoldFile
    lines: list[str]
    defects: list[Defect]


def load_defect_file(path: Path) -> list[Defect]:
    """The hand-planted defects of one set, or one line naming what is wrong with the file."""
    raw = read_yaml_file(path, GoldError, "缺陷文件")
    try:
        return DefectFile.model_validate(raw).defects
    except ValidationError as e:
        raise GoldError(f"{path}：缺陷文件有误：{validation_summary(e, 3)}") from e


def load_sets(directory: Path) -> list[Unseen]:
    out: list[Unseen] = []
    for gpath in sorted(directory.glob("*/gold.yaml")):
        g = load_gold(gpath)
        dpath = gpath.parent / "defects.yaml"
        out.append(Unseen(g, read_lines(g.source_path()), load_defect_file(dpath) if dpath.is_file() else []))
    if not out:
        raise GoldError(f"{directory}：没有标注集（*/gold.yaml）")
    return out


def report_rows(u: Unseen, rep: GoldReport) -> Numbered:
    return [(n, u.lines[n - 1]) for n in range(rep.lines[0], rep.lines[1] + 1)]


def parse_rows(rows: Numbered, name: str) -> ParsedDocument:
    """The rows parsed on their own, as a user's file of that one report."""
    return parse_source(load_text("\n".join(t for _, t in rows), name))


def critique_rows(doc: ParsedDocument, rows: Numbered, ctx: EvalContext, rubric: Rubric
                  ) -> list[tuple[Finding, int | None]]:
    """The critique's scored findings on the parsed rows, each with its line in the labelled file."""
    try:
        res = critique_parsed(doc, rubric=rubric, year=None, llm=False, settings=ctx.settings)
    except NotAReportError:
        return []  # a fragment the critique cannot read as a report (a cut-off web opening): nothing claimed
    out = []
    for f in res.findings:
        if f.severity.value not in COUNTED or f.check not in SCORED:
            continue
        line = rows[f.line - 1][0] if f.line and 1 <= f.line <= len(rows) else None
        out.append((f, line))
    return out


def merged_parts(rep: GoldReport) -> list[tuple[str, int, int]]:
    """The report's labelled parts (role, first line, last line), sections of one role that follow each other
    taken as one part: a writer may label each themed heading's block of the achievements on its own, and the
    parser reads the run as the one part it is."""
    out: list[tuple[str, int, int]] = []
    for sec in rep.sections:
        if sec.role == "other":
            continue
        if out and out[-1][0] == sec.role:
            out[-1] = (sec.role, out[-1][1], sec.lines[1])
        else:
            out.append((sec.role, sec.lines[0], sec.lines[1]))
    return out


def parts_of(doc: ParsedDocument, rows: Numbered) -> tuple[dict[int, str], set[tuple[str, int, int]]]:
    """Each line's parsed role (lines in no part are left out) and each part's span, in the labelled file's
    line numbers."""
    roles: dict[int, str] = {}
    spans: set[tuple[str, int, int]] = set()
    for r in doc.reports:
        for s in r.sections:
            spans.add((s.role.value, rows[s.start_line - 1][0], rows[s.end_line - 1][0]))
            for k in range(s.start_line, s.end_line + 1):
                roles[rows[k - 1][0]] = s.role.value
    return roles, spans


def run_unseen(ctx: EvalContext) -> SuiteResult:
    sets = load_sets(ctx.unseen_dir)
    rubric = load_rubric(ctx.settings.rubric)
    metrics: dict[str, float | None] = {}
    detail: list[dict[str, Any]] = []
    worst: list[dict[str, Any]] = []
    acc = {s: Accuracy() for s in SPLITS}
    exact = {s: Counts() for s in SPLITS}
    clean_err: dict[str, list[str]] = {s: [] for s in SPLITS}
    clean_n = {s: 0 for s in SPLITS}
    counts: dict[str, dict[str, Counts]] = {s: defaultdict(Counts) for s in SPLITS}
    n_defects = {s: 0 for s in SPLITS}
    done = 0
    for u in sets:
        u.gold.reports = [r for r in u.gold.reports if r.split in ctx.splits]
        u.defects = [d for d in u.defects if any(r.id == d.report for r in u.gold.reports)]
    total = sum(len(u.gold.reports) + len(u.defects) for u in sets)
    for u in sets:
        reps = {r.id: r for r in u.gold.reports}
        base: dict[str, set[tuple[str, int | None]]] = {}
        for rep in u.gold.reports:
            ctx.progress("unseen", done, total)
            done += 1
            rows = report_rows(u, rep)
            doc = parse_rows(rows, rep.id)
            # parsing: every labelled non-blank line's role, and every part's exact span
            roles, spans = parts_of(doc, rows)
            for sec in rep.sections:
                for n in range(sec.lines[0], sec.lines[1] + 1):
                    if not u.lines[n - 1].strip():
                        continue
                    want = "none" if sec.role == "other" else sec.role
                    got = roles.get(n, "none")
                    acc[rep.split].add(want, got)
                    if want != got:
                        worst.append({"split": rep.split, "report": rep.id, "line": n, "gold": want, "parsed": got,
                                      "text": u.lines[n - 1][:40]})
            for role, a, b in merged_parts(rep):
                hit = (role, a, b) in spans
                exact[rep.split].add(Counts(tp=int(hit), fn=int(not hit)))
            found = [(f, line) for f, line in critique_rows(doc, rows, ctx, rubric) if not _by_design(f, rep)]
            base[rep.id] = {(f.check, line) for f, line in found}
            if rep.truncated or rep.known_defects:
                continue
            clean_n[rep.split] += 1
            errors = [f"{f.check}@{line}" for f, line in found if f.severity.value == "error"]
            if errors:
                clean_err[rep.split].append(f"{rep.id}: {', '.join(errors)}")
            # every finding on a clean report is a false positive of its check
            for f, line in found:
                counts[rep.split][f.check].fp += 1
                worst.append({"split": rep.split, "report": rep.id, "false_positive": f"{f.check}@{line}",
                              "message": f.message})
        for d in u.defects:
            ctx.progress("unseen", done, total)
            done += 1
            rep = reps.get(d.report)
            if rep is None:
                raise GoldError(f"{u.gold.path}：缺陷 {d.id} 指向不存在的报告 {d.report}")
            try:
                rows = apply_edit(report_rows(u, rep), d.edit)
            except (ValueError, KeyError, StopIteration) as e:
                raise GoldError(f"{u.gold.path}：缺陷 {d.id}：{e}") from e
            found = [(f, line) for f, line in critique_rows(parse_rows(rows, d.id), rows, ctx, rubric)
                     if not _by_design(f, rep)]
            split = rep.split
            n_defects[split] += 1
            hit = any(matches(f, line, d.expect) for f, line in found)
            counts[split][d.expect.check].tp += int(hit)
            counts[split][d.expect.check].fn += int(not hit)
            extra = [(f, line) for f, line in found
                     if not matches(f, line, d.expect) and (f.check, line) not in base[rep.id]
                     and not _consequence(f, d)
                     and not (f.check == d.expect.check and d.expect.check in ("part-order", "missing-part"))]
            for f, _ in extra:
                counts[split][f.check].fp += 1
            if not hit or extra:
                worst.append({"split": split, "defect": d.id, "expect": f"{d.expect.check}@{d.expect.line or d.expect.part or ''}",
                              "missed": not hit, "false": [f"{f.check}@{line}" for f, line in extra], "why": d.why,
                              "found": [f"{f.check}@{line}" for f, line in found][:8]})
    ctx.progress("unseen", total, total)
    table = []
    for s in ctx.splits:
        metrics[f"unseen.{s}.parse.role_accuracy"] = acc[s].value
        metrics[f"unseen.{s}.parse.part_exact"] = exact[s].recall
        metrics[f"unseen.{s}.clean_reports"] = float(clean_n[s])
        metrics[f"unseen.{s}.clean_reports_with_error"] = float(len(clean_err[s]))
        metrics[f"unseen.{s}.defects"] = float(n_defects[s])
        tp = sum(c.tp for c in counts[s].values())
        fn = sum(c.fn for c in counts[s].values())
        fp = sum(c.fp for c in counts[s].values())
        metrics[f"unseen.{s}.critique.recall"] = tp / (tp + fn) if tp + fn else None
        metrics[f"unseen.{s}.critique.precision"] = tp / (tp + fp) if tp + fp else None
        for check, c in sorted(counts[s].items()):
            metrics[f"unseen.{s}.critique.precision.{check}"] = c.precision
            metrics[f"unseen.{s}.critique.recall.{check}"] = c.recall
            table.append({"split": s, "check": check, "defects": c.tp + c.fn, "tp": c.tp, "fp": c.fp, "fn": c.fn,
                          "precision": c.precision, "recall": c.recall})
        detail.append({"split": s, "clean_reports_with_error": clean_err[s]})
    notes = [f"{len(sets)} 个标注集共 {sum(len(u.gold.reports) for u in sets)} 篇报告；"
             f"独立缺陷 {sum(n_defects.values())} 处（dev {n_defects['dev']}，test {n_defects['test']}）",
             *(f"混淆（标注 → 解析），{s}：" + "，".join(
                 f"{g}→{p} ×{n}" for (g, p), n in sorted(acc[s].confusion.items(), key=lambda kv: -kv[1]))
               for s in ctx.splits)]
    lower = [m for m in metrics if m.endswith("clean_reports_with_error")]
    neutral = [m for m in metrics if m.endswith((".defects", ".clean_reports"))]
    return SuiteResult(name="unseen", status="ok", metrics=metrics, detail=detail, worst=worst, table=table,
                       notes=notes, lower_is_better=lower, neutral=neutral)
