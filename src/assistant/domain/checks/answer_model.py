"""unanswered-problem, the fitted part: a problem that lost its plan, read from how problems and plans pair.

Writers answer their problems one by one, so a report's problems and plans pair up. Where one plan was replaced by
work on another subject, or deleted, one problem is left with no partner, or with a partner it shares few words
with, while the others keep theirs. The features say that for each problem item, against the other problems of
the same report (so that a report whose plans are written in other words throughout is not judged by one
absolute bar):
  - `asg`: its similarity (cosine + the plan's IDF cover of it, checks/answers.py) with the plan an optimal
    one-to-one assignment of problems to plans gives it (0 when there are more problems than plans and it gets
    none: `unas`); `asgrel`: that over the median of the other problems' assigned similarities;
  - `hasg`, `hbest`: the IDF share of its head clause (the item's first clause, the topic it names) that its
    assigned plan, or its best plan, holds;
  - `best`, `rel`: its highest similarity with one plan, and that less the median of the other problems' highest;
  - `mutual`: its nearest plan has it as that plan's nearest problem; `hasdiag`, `diagv`: plan k exists for
    problem k, and their similarity (writers answer in order);
  - `porph`: the lowest, over the plans, of a plan's highest similarity with a problem (a plan on another subject
    is in the report); `more`: more problems than plans; `scw`: the check's own reach/cover/cosine score.
A logistic model over them (weights in data/answer_model.yaml, fitted by `assistant eval fit-answers`) gives a
score; above the rubric's `unanswered_model_threshold` the problem is reported.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

FEATURES = ("hbest", "hasg", "asg", "asgrel", "porph", "unas", "best", "rel", "mutual", "scw", "hasdiag", "diagv",
            "more")

# Exhaustive assignment up to this many orders (seven problems and seven plans); greedy past it.
_EXHAUSTIVE = 5040


def assign(sim: np.ndarray) -> dict[int, int]:
    """problem → plan of a one-to-one assignment with the highest total similarity (rows: problems, columns:
    plans); problems left over when there are more problems than plans get none."""
    n, m = sim.shape
    if n == 0 or m == 0:
        return {}
    if math.perm(max(n, m), min(n, m)) <= _EXHAUSTIVE:
        if n <= m:
            perm = max(itertools.permutations(range(m), n), key=lambda p: sum(sim[i, p[i]] for i in range(n)))
            return {i: perm[i] for i in range(n)}
        perm = max(itertools.permutations(range(n), m), key=lambda p: sum(sim[p[j], j] for j in range(m)))
        return {perm[j]: j for j in range(m)}
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(((sim[i, j], i, j) for i in range(n) for j in range(m)), reverse=True):
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


_LEAD = re.compile(r"^[\s（(〔]*[一二三四五六七八九十0-9]+[、.．）)〕]\s*|^[一二三四五六七八九十]是|^(?:首先|其次|再次|最后)[，,]?")


def head(text: str) -> str:
    """An item's head clause, without its number: the topic it names (党员教育方式单一)."""
    return re.split(r"[。；;！？!?：:]", _LEAD.sub("", text.strip()), maxsplit=1)[0]


def features(sim: np.ndarray, head_cover: np.ndarray, scores: list[float]) -> list[dict[str, float]]:
    """The features of each problem item (see the module's docstring) from the (problems × plans) pair
    similarity, the (problems × plans) cover of each problem's head clause, and the check's scores."""
    n, m = sim.shape
    asg = assign(sim)
    asv = np.array([sim[i, asg[i]] if i in asg else 0.0 for i in range(n)])
    best_each = sim.max(axis=1)
    porph = float(sim.max(axis=0).min())
    out = []
    for i in range(n):
        j = int(sim[i].argmax())
        others = np.delete(np.arange(n), i)
        med_asg = float(np.median(asv[others])) if n > 1 else float(asv[i])
        med_best = float(np.median(best_each[others])) if n > 1 else float(best_each[i])
        out.append({
            "hbest": float(head_cover[i].max()),
            "hasg": float(head_cover[i, asg[i]]) if i in asg else 0.0,
            "asg": float(asv[i]),
            "asgrel": min(float(asv[i]) / (med_asg + 1e-6), 2.0),
            "porph": porph,
            "unas": float(i not in asg),
            "best": float(best_each[i]),
            "rel": float(best_each[i]) - med_best,
            "mutual": float(int(sim[:, j].argmax()) == i),
            "scw": float(scores[i]) if math.isfinite(scores[i]) else 3.0,
            "hasdiag": float(i < m),
            "diagv": float(max(sim[i, i], 0.0)) if i < m else 0.0,
            "more": float(n > m),
        })
    return out


def outstanding(scores: list[float], low: float, margin: float) -> int | None:
    """The one problem of a report far more likely unanswered than every other (its score above `low` and more
    than `margin` above all the others'), if there is one."""
    if len(scores) < 2:
        return None
    k = max(range(len(scores)), key=scores.__getitem__)
    rest = max(s for j, s in enumerate(scores) if j != k)
    return k if scores[k] > low and scores[k] - rest > margin else None


@dataclass(frozen=True)
class AnswerModel:
    mean: dict[str, float]
    scale: dict[str, float]
    weights: dict[str, float]
    bias: float

    def score(self, feats: dict[str, float]) -> float:
        """The model's log-odds that the problem has no answer among the plans."""
        return self.bias + sum(w * (feats[k] - self.mean[k]) / self.scale[k] for k, w in self.weights.items())


@cache
def load_model() -> AnswerModel | None:
    """The fitted model of data/answer_model.yaml, or None when it is absent (then the check runs without it)."""
    from assistant.domain.rules import load_data

    try:
        data = load_data("answer_model.yaml")
    except FileNotFoundError:
        return None
    return AnswerModel(mean=dict(data["mean"]), scale=dict(data["scale"]), weights=dict(data["weights"]),
                       bias=float(data["bias"]))
