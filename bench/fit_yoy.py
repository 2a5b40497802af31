"""Fitting harness of the year-on-year matcher (docs/critique.md "How the matcher was fitted"): repeated-problem
and unrectified on the units of evals/yoy, per group of units, in-sample and held out.

    PYTHONPATH=src .venv/bin/python bench/fit_yoy.py            # figures at the settings' defaults
    PYTHONPATH=src .venv/bin/python bench/fit_yoy.py --heldout  # leave-one-unit-out and cross-half (01-12 / 13-20)
    PYTHONPATH=src .venv/bin/python bench/fit_yoy.py --dump 13  # one unit's problem-pair scores with their labels

Held out: for each held-out group (one unit; one of the three sets 01-12, 13-20, 21-28), the grid below is searched
on the other units (best F0.5 of each check: precision weighs more for a warning), and the chosen point is scored on
the group.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from assistant.domain.checks import previous as prev  # noqa: E402
from assistant.domain.checks import rectified  # noqa: E402
from assistant.domain.loader import InputLimits, load_source  # noqa: E402
from assistant.domain.parse import parse_source  # noqa: E402
from assistant.domain.rubric import load_rubric  # noqa: E402
from assistant.services.critique.previous import _ctx, thresholds  # noqa: E402
from assistant.services.critique.run import report_year  # noqa: E402
from assistant.services.evals.metrics import Counts  # noqa: E402
from assistant.services.evals.yoy_suite import _Tally, score_unit, units  # noqa: E402
from assistant.services.index.embedding import local_embed  # noqa: E402
from assistant.settings import Settings  # noqa: E402

CHECKS = ("repeated-problem", "unrectified")


def load_all() -> list[tuple[str, object, object, object]]:
    rubric = load_rubric(None)
    out = []
    for folder, lab in units(ROOT / "evals/yoy"):
        ctxs = []
        for name in ("this.txt", "last.txt"):
            parsed = parse_source(load_source(folder / name, InputLimits.of(None)))
            r = parsed.reports[0]
            ctxs.append(_ctx(parsed, r, rubric, report_year(r), local_embed))
        out.append((folder.name, lab, ctxs[0], ctxs[1]))
    return out


def run_unit(u, th, checks=CHECKS) -> dict[str, _Tally]:
    name, lab, this, last = u
    cmp = prev.Compare(this, last, th.match)
    fs = prev.repeated_problems(cmp, th.repeat) if "repeated-problem" in checks else []
    fs += rectified.unrectified(cmp, [], th) if "unrectified" in checks else []
    found = [(f.check, f.line, f.previous_line, f.item, f.previous_item) for f in fs]
    tally = {c: _Tally() for c in ("repeated-problem", "unrectified", "repeated-plan", "stale-copy")}
    worst: list = []
    score_unit(lab, found, tally, worst, name)
    return tally, worst


def summed(per_unit: list[dict[str, _Tally]], check: str) -> Counts:
    c = Counts()
    for t in per_unit:
        c.tp += t[check].all.tp
        c.fp += t[check].all.fp
        c.fn += t[check].all.fn
    return c


def fbeta(c: Counts, b: float = 0.5) -> float:
    p = c.tp / (c.tp + c.fp) if c.tp + c.fp else 1.0
    r = c.tp / (c.tp + c.fn) if c.tp + c.fn else 1.0
    return (1 + b * b) * p * r / (b * b * p + r) if p + r else 0.0


def fmt(c: Counts) -> str:
    p = f"{c.tp / (c.tp + c.fp):.3f}" if c.tp + c.fp else "n/a"
    r = f"{c.tp / (c.tp + c.fn):.3f}" if c.tp + c.fn else "n/a"
    return f"P {p} R {r} (tp {c.tp} fp {c.fp} fn {c.fn})"


SETS = {"01-12": lambda n: n[:2] <= "12", "13-20": lambda n: "13" <= n[:2] <= "20", "21-28": lambda n: n[:2] >= "21"}
GROUPS = {**SETS, "all": lambda n: True}


def grid(base, check):
    """The points searched for one check: repeated-problem's threshold, margin and the matcher's weights;
    unrectified's answer threshold (the matcher's weights as set)."""
    if check == "unrectified":
        for ans, order in itertools.product((0.5, 0.6, 0.65, 0.7, 0.8, 0.9), (None, 0.15, 0.3, 0.5)):
            yield replace(base, answer=ans, in_order=order)
        return
    for rep, mar, best, asp, lex in itertools.product((0.33, 0.4, 0.5, 0.6, 0.7), (0.0, 0.1, 0.2, 0.3, 0.4),
                                                      (1.0, 0.5), (0.6, 0.8, 1.0), (0.8, 1.2, 1.6)):
        yield replace(base, repeat=rep, match=replace(base.match, margin=mar, topic_best=best, aspect_weight=asp,
                                                      lexical_weight=lex))


def objective(results, check) -> float:
    return fbeta(summed(results, check))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--heldout", action="store_true")
    ap.add_argument("--dump")
    a = ap.parse_args()
    data = load_all()
    base = thresholds(Settings())
    if a.dump:
        u = next(x for x in data if x[0].startswith(a.dump))
        _, lab, this, last = u
        cmp = prev.Compare(this, last, base.match)
        olds = prev._problems(last)
        lines = {p.line: p for p in lab.this_problems}
        lastid = {p.line: p.id for p in lab.last_problems}
        for n, t in prev._problems(this):
            p = lines.get(n)
            tag = f"{p.id} {p.how} {p.repeats}" if p else "-"
            print(n, tag, prev.head(t)[:40])
            for m, o in olds:
                print(f"    {lastid.get(m, '?')}@{m} {cmp.same_problem(t, o):.3f} {prev.head(o)[:30]}")
        print(run_unit(u, base)[1])
        return
    res = [(u[0], run_unit(u, base)) for u in data]
    for g, f in GROUPS.items():
        sel = [r[1][0] for r in res if f(r[0])]
        print(f"in-sample {g:6}", " | ".join(f"{c}: {fmt(summed(sel, c))}" for c in CHECKS))
    if not a.heldout:
        for _name, (_, worst) in res:
            for w in worst:
                if "repeated-problem" in str(w) or "unrectified" in str(w):
                    print("  ", w)
        return
    names = [u[0] for u in data]
    for check in CHECKS:
        points = list(grid(base, check))
        table = [[run_unit(u, th, (check,))[0] for u in data] for th in points]  # table[point][unit]

        def held(test: set[int], points=points, table=table, check=check) -> list:
            train = [i for i in range(len(data)) if i not in test]
            best = max(range(len(points)), key=lambda p: objective([table[p][i] for i in train], check))
            return best, [table[best][i] for i in sorted(test)]

        allfit, _ = held(set())
        print(f"{check}: best on all {len(data)}: {show(points[allfit], check)}")
        loo = {i: held({i})[1][0] for i in range(len(data))}
        for g, f in GROUPS.items():
            sel = [loo[i] for i in range(len(data)) if f(names[i])]
            print(f"  leave-one-unit-out {g:6} {fmt(summed(sel, check))}")
        pooled = []
        for test_g, f in SETS.items():  # leave one set out: fit on the other two, score this one
            best, got = held({i for i in range(len(data)) if f(names[i])})
            pooled += got
            print(f"  fit the others → score {test_g}: {fmt(summed(got, check))} at {show(points[best], check)}")
        print(f"  leave-one-set-out pooled: {fmt(summed(pooled, check))}")


def show(p, check) -> str:
    if check == "unrectified":
        return f"answer {p.answer} in_order {p.in_order}"
    m = p.match
    return (f"repeat {p.repeat} margin {m.margin} topic_best {m.topic_best} aspect {m.aspect_weight} "
            f"lexical {m.lexical_weight}")


if __name__ == "__main__":
    main()
