"""The year-on-year suite (critique --previous): pairs of one unit's reports, last year's and this year's, written
and labelled by people who never saw the code, in evals/yoy/<unit>/ (last.txt, this.txt, labels.yaml; see
evals/yoy/README.md), split into dev and test.

Scored per split and per `how`:
  - repeated-problem: a finding is right when its line is a labelled this-year problem that repeats a last-year
    one and it names that last-year problem's line; a finding on a new problem, on another line, or naming
    another last-year line is a false one;
  - unrectified: right when it names (previous_line) a last-year problem labelled answered: false; naming one
    labelled answered is a false one, counted per the answer's `how` (same-words, other-words);
  - repeated-plan: right when (this line, last line) is a labelled pair;
  - stale-copy: right on a labelled stale line; a finding on a legitimate mention of last year is counted apart. A
    labelled line that dated-expression or stale-year-target already reports counts as found (`by-year-check`):
    stale-copy leaves such a line to them.

With --backend api the configured model judges repeated-problem and unrectified (services/critique/previous_judge.py,
as the critique does with its LLM review on); a unit where that call fails is scored on the rule matcher's findings
and named in the warnings. Offline the rule matcher alone, as before.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.domain.loader import LoadError
from assistant.domain.rubric import load_rubric
from assistant.domain.validation import validation_summary
from assistant.domain.yamltext import read_yaml_file
from assistant.services.critique import NotAReportError, critique_file
from assistant.services.critique.previous import PreviousError, load_previous
from assistant.services.critique.previous_judge import FALLBACK
from assistant.services.evals.context import EvalContext
from assistant.services.evals.gold import GoldError
from assistant.services.evals.metrics import Counts
from assistant.services.evals.results import SuiteResult

SPLITS = ("dev", "test")
CHECKS = ("repeated-problem", "unrectified", "repeated-plan", "stale-copy")
# stale-copy does not report a line these already report (services/critique/previous.py)
YEAR_CHECKS = {"dated-expression", "stale-year-target", "year-mismatch"}


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LastProblem(_Loose):
    id: str
    line: int
    summary: str = ""


class ThisProblem(_Loose):
    id: str
    line: int
    repeats: str | None = None
    how: Literal["verbatim", "reworded", "new"]


class Rectified(_Loose):
    last: str
    answered: bool
    lines: list[int] = Field(default_factory=list)
    how: Literal["same-words", "other-words", "none"]


class PlanPair(_Loose):
    this_line: int
    last_line: int
    how: str = "verbatim"


class Mention(_Loose):
    line: int
    text: str = ""


class Labels(_Loose):
    unit_name: str
    unit_kind: str = ""
    last_year: int
    this_year: int
    split: Literal["dev", "test"]
    rectification_layout: str = "own-part"
    last_problems: list[LastProblem] = Field(default_factory=list)
    this_problems: list[ThisProblem] = Field(default_factory=list)
    rectification: list[Rectified] = Field(default_factory=list)
    repeated_plans: list[PlanPair] = Field(default_factory=list)
    stale_copy: list[Mention] = Field(default_factory=list)
    legit_last_year_mentions: list[Mention] = Field(default_factory=list)


def load_labels(path: Path) -> Labels:
    raw = read_yaml_file(path, GoldError, "labels file")
    try:
        labels = Labels.model_validate(raw)
    except ValidationError as e:
        raise GoldError(f"{path}: invalid labels: {validation_summary(e, 3)}") from e
    ids = {p.id for p in labels.last_problems}
    bad = [f"{p.id}→{p.repeats}" for p in labels.this_problems if p.repeats is not None and p.repeats not in ids]
    bad += [r.last for r in labels.rectification if r.last not in ids]
    if bad:
        raise GoldError(f"{path}: names last-year problems that last_problems does not list: {', '.join(bad)}")
    return labels


def units(directory: Path) -> list[tuple[Path, Labels]]:
    out = [(p.parent, load_labels(p)) for p in sorted(directory.glob("*/labels.yaml"))]
    for folder, _ in out:
        for name in ("last.txt", "this.txt"):
            if not (folder / name).is_file():
                raise GoldError(f"{folder}: no {name}")
    return out


class _Tally:
    """Counts of one check in one split: overall and per `how`."""

    def __init__(self) -> None:
        self.all = Counts()
        self.how: dict[str, Counts] = defaultdict(Counts)


def _item_keys(lab: Labels) -> tuple[dict[str, tuple[int, int]], set[int], set[int]]:
    """Each problem id's (line, item): the k-th id listed on a line is the k-th item on it (一是…二是… in one
    paragraph), item 1 on a line of one; and the lines of last and this year holding several."""
    def keys(problems: list[Any]) -> tuple[dict[str, tuple[int, int]], set[int]]:
        seen: dict[int, int] = defaultdict(int)
        out = {}
        for p in problems:
            seen[p.line] += 1
            out[p.id] = (p.line, seen[p.line])
        return out, {n for n, c in seen.items() if c > 1}

    last, last_multi = keys(lab.last_problems)
    this, this_multi = keys(lab.this_problems)
    return {**{f"last:{k}": v for k, v in last.items()}, **{f"this:{k}": v for k, v in this.items()}}, \
        last_multi, this_multi


Found = tuple[str, int | None, int | None] | tuple[str, int | None, int | None, int | None, int | None]


def score_unit(lab: Labels, found: list[Found], tally: dict[str, _Tally], worst: list[dict[str, Any]], name: str,
               covered: set[int] | None = None) -> None:
    """Add one unit's findings (check, this line, last line[, this item, last item]) to the split's tallies.
    Several problems may share a line (一是…二是…): on a line the labels give several ids, a finding's item says
    which (the k-th id is the k-th item); elsewhere the item is ignored. `covered`: lines an existing year check
    (dated-expression, stale-year-target, year-mismatch) reports, which stale-copy leaves to it: a labelled stale
    line among them is found."""
    key_of, last_multi, this_multi = _item_keys(lab)

    def this_key(line: int | None, item: int | None) -> tuple[int | None, int]:
        return (line, (item or 1) if line in this_multi else 1)

    def last_key(line: int | None, item: int | None) -> tuple[int | None, int]:
        return (line, (item or 1) if line in last_multi else 1)

    def fmt(k: tuple[int | None, int], multi: set[int]) -> str:
        return f"{k[0]}.{k[1]}" if k[0] in multi else str(k[0])

    rows = [(f[0], f[1], f[2], f[3] if len(f) > 3 else None, f[4] if len(f) > 4 else None) for f in found]
    # repeated-problem: (this line and item, last line and item) pairs
    t = tally["repeated-problem"]
    how_of = {(key_of[f"this:{p.id}"], key_of[f"last:{p.repeats}"]): p.how
              for p in lab.this_problems if p.repeats is not None}
    new_keys = {key_of[f"this:{p.id}"] for p in lab.this_problems if p.repeats is None}
    for p in lab.this_problems:
        t.how.setdefault(p.how, Counts())  # every labelled kind gets its row, a zero count included
    got = {(this_key(line, k), last_key(prev, j)) for check, line, prev, k, j in rows if check == "repeated-problem"}
    for key in sorted(got, key=lambda k: (k[0][0] or 0, k[0][1], k[1][0] or 0, k[1][1])):
        if key in how_of:
            t.all.tp += 1
            t.how[how_of[key]].tp += 1
        else:
            t.all.fp += 1
            t.how["new" if key[0] in new_keys else "unlabelled"].fp += 1
            worst.append({"unit": name, "false": f"repeated-problem@{fmt(key[0], this_multi)}←"
                                                  f"{fmt(key[1], last_multi)}"})
    for key, how in how_of.items():
        if key not in got:
            t.all.fn += 1
            t.how[how].fn += 1
            worst.append({"unit": name, "missed": f"repeated-problem@{fmt(key[0], this_multi)}←"
                                                   f"{fmt(key[1], last_multi)}"})
    # unrectified
    t = tally["unrectified"]
    answers = {key_of[f"last:{r.last}"]: r for r in lab.rectification}
    named = {last_key(prev, j) for check, _, prev, _, j in rows if check == "unrectified" and prev is not None}
    for prev in named:
        r = answers.get(prev)
        if r is not None and not r.answered:
            t.all.tp += 1
            t.how[r.how].tp += 1
        else:
            t.all.fp += 1
            t.how[r.how if r is not None else "unlabelled"].fp += 1
            worst.append({"unit": name, "false": f"unrectified←{fmt(prev, last_multi)}"})
    for key, r in answers.items():
        t.how.setdefault(r.how, Counts())
        if not r.answered and key not in named:
            t.all.fn += 1
            t.how[r.how].fn += 1
            worst.append({"unit": name, "missed": f"unrectified←{fmt(key, last_multi)}"})
    found = [(c, line, prev) for c, line, prev, _, _ in rows]
    # repeated-plan
    t = tally["repeated-plan"]
    pairs = {(p.this_line, p.last_line): p for p in lab.repeated_plans}
    got = {(line, prev) for check, line, prev in found if check == "repeated-plan"}
    for key in got:
        if key in pairs:
            t.all.tp += 1
            t.how[pairs[key].how].tp += 1
        else:
            t.all.fp += 1
            worst.append({"unit": name, "false": f"repeated-plan@{key[0]}←{key[1]}"})
    for key, p in pairs.items():
        if key not in got:
            t.all.fn += 1
            t.how[p.how].fn += 1
            worst.append({"unit": name, "missed": f"repeated-plan@{key[0]}←{key[1]}"})
    # stale-copy
    t = tally["stale-copy"]
    stale = {m.line for m in lab.stale_copy}
    legit = {m.line for m in lab.legit_last_year_mentions}
    lines = {line for check, line, _ in found if check == "stale-copy"}
    for line in lines:
        if line in stale:
            t.all.tp += 1
        else:
            t.all.fp += 1
            t.how["legit-mention" if line in legit else "unlabelled"].fp += 1
            worst.append({"unit": name, "false": f"stale-copy@{line}"})
    by_other = (stale - lines) & (covered or set())
    t.all.tp += len(by_other)
    t.how["by-year-check"].tp += len(by_other)
    t.all.fn += len(stale - lines - by_other)
    worst += [{"unit": name, "missed": f"stale-copy@{n}"} for n in sorted(stale - lines - by_other)]


def run_yoy(ctx: EvalContext) -> SuiteResult:
    directory = ctx.evals_dir / "yoy"
    if not directory.is_dir() or not list(directory.glob("*/labels.yaml")):
        return SuiteResult(name="yoy", status="not-run", reason=f"{directory}: no labelled pairs (*/labels.yaml)")
    pairs = [(f, lab) for f, lab in units(directory) if lab.split in ctx.splits]
    rubric = load_rubric(ctx.settings.rubric)
    tallies = {s: {c: _Tally() for c in CHECKS} for s in SPLITS}
    worst: list[dict[str, Any]] = []
    warnings: list[str] = []
    n_units = dict.fromkeys(SPLITS, 0)
    judge = ctx.backend == "api"
    fallback = FALLBACK.split("（", 1)[0]
    for k, (folder, lab) in enumerate(pairs):
        ctx.progress("yoy", k, len(pairs))
        try:
            prev = load_previous(folder / "last.txt", None, ctx.settings)
            res = critique_file(folder / "this.txt", rubric=rubric, llm=False, settings=ctx.settings, previous=prev,
                                judge_previous=judge)
        except (PreviousError, NotAReportError, LoadError) as e:
            warnings.append(f"{folder.name}: {e}")
            continue
        warnings += [f"{folder.name}: {n}" for n in res.notes if n.startswith(fallback)]
        n_units[lab.split] += 1
        found = [(f.check, f.line, f.previous_line, f.item, f.previous_item) for f in res.findings
                 if f.check in CHECKS and f.severity.value in ("error", "warning")]
        covered = {f.line for f in res.findings if f.check in YEAR_CHECKS and f.line is not None}
        score_unit(lab, found, tallies[lab.split], worst, f"{lab.split}/{folder.name}", covered)
    ctx.progress("yoy", len(pairs), len(pairs))
    metrics: dict[str, float | None] = {}
    table = []
    for s in ctx.splits:
        metrics[f"yoy.{s}.units"] = float(n_units[s])
        for c in CHECKS:
            t = tallies[s][c]
            metrics[f"yoy.{s}.{c}.precision"] = t.all.precision
            metrics[f"yoy.{s}.{c}.recall"] = t.all.recall
            table.append({"split": s, "check": c, "how": "all", "tp": t.all.tp, "fp": t.all.fp, "fn": t.all.fn,
                          "precision": t.all.precision, "recall": t.all.recall})
            for how, n in sorted(t.how.items()):
                if n.tp + n.fn:
                    metrics[f"yoy.{s}.{c}.recall.{how}"] = n.recall
                metrics[f"yoy.{s}.{c}.false.{how}"] = float(n.fp)
                table.append({"split": s, "check": c, "how": how, "tp": n.tp, "fp": n.fp, "fn": n.fn,
                              "precision": n.precision, "recall": n.recall})
    lower = [m for m in metrics if ".false." in m]
    neutral = [m for m in metrics if m.endswith(".units")]
    notes = [f"{len(pairs)} pairs ({', '.join(f'{s} {n_units[s]}' for s in ctx.splits)}) in {directory}"]
    if judge:
        notes.append(f"重复问题（repeated-problem）和未整改（unrectified）由模型 {ctx.settings.model} 判断"
                     "（services/critique/previous_judge.py）；调用失败的单位按规则匹配计分，见警告")
    return SuiteResult(name="yoy", status="ok", metrics=metrics, table=table, worst=worst, notes=notes,
                       warnings=warnings, lower_is_better=lower, neutral=neutral)
