"""Fit unanswered-problem's pairing model (domain/checks/answer_model.py) on the unseen reports' planted defects.

Every report of evals/unseen (clean) and every hand-planted defect variant is parsed as the critique parses it; each
problem item the check judges becomes an example with the model's features. Its label: 1 for the problem a
planted `unanswered-problem` defect leaves without an answer (the one item on the defect's line, or the item
holding the edit's new text), 0 for every problem of the clean reports and of the other variants. An added
sentence (…。此外，…) is judged by its own rule (checks/answers.py), not by the model; its item is left out.

The model is a logistic regression over standardised features (numpy, gradient descent, L2), positives
weighted `pos_weight`. The note written with it gives, per set left out in turn, how the model fitted without
that set scores its problems (leave-one-set-out): the honest estimate, since the sets are also what it is
fitted on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.domain.checks import _ctx, answer_model
from assistant.domain.checks.answers import _added_problems, problem_features
from assistant.domain.rubric import Rubric, load_rubric
from assistant.services.evals.unseen_suite import Defect, apply_edit, load_sets, parse_rows, report_rows


@dataclass
class Example:
    group: str  # the set (a … aq, the ids' prefix before '-'): left out together
    x: list[float]
    y: int
    unit: str = ""  # the report (variant) the problem is in: the margin rule compares its problems


def set_of(name: str) -> str:
    """The set a report or defect id belongs to (ap for ap-r4 and ap-d044): the group left out together."""
    return name.split("-")[0]


def _label(d: Defect | None, line: int, text: str, on_line: int) -> int | None:
    if d is None or d.expect.check != "unanswered-problem":
        return 0
    if line != d.expect.line:
        return 0
    new = str((d.edit.append or {}).get("text") or (d.edit.replace or {}).get("with") or "").strip()
    if d.edit.append is not None and _added_problems("。" + new):
        return None  # an added sentence: judged on its own, not by the model
    if on_line == 1:
        return 1
    return 1 if new and (new[:12] in text or text[:12] in new) else None


def _variants(unseen: Path) -> Iterator[tuple[str, list[tuple[int, str]], Defect | None]]:
    for u in load_sets(unseen):
        reps = {r.id: r for r in u.gold.reports}
        for rep in u.gold.reports:
            if not rep.truncated:
                yield rep.id, report_rows(u, rep), None
        for d in u.defects:
            yield d.id, apply_edit(report_rows(u, reps[d.report]), d.edit), d


def examples(unseen: Path, rubric: Rubric) -> list[Example]:
    from assistant.services.index.embedding import local_embed

    out: list[Example] = []
    for name, rows, d in _variants(unseen):
        doc = parse_rows(rows, name)
        for ri, r in enumerate(doc.reports):
            probs, feats = problem_features(_ctx(doc, r, rubric, r.year, local_embed))
            lines = [rows[n - 1][0] for n, _ in probs]
            for (_, text), line, f in zip(probs, lines, feats, strict=True):
                y = _label(d, line, text, lines.count(line))
                if y is not None:
                    out.append(Example(set_of(name), [f[k] for k in answer_model.FEATURES], y, f"{name}/{ri}"))
    return out


def fit(x: np.ndarray, y: np.ndarray, pos_weight: float = 5.0, l2: float = 0.01, steps: int = 3000,
        rate: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, weights, bias) of a weighted L2 logistic regression on standardised features."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    sw = np.where(y == 1, pos_weight, 1.0)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * sw
        w -= rate * (z.T @ g / len(y) + l2 * w)
        b -= rate * float(g.mean())
    return mean, scale, w, b


def held_out(data: list[Example], bar: float, pos_weight: float, low: float | None = None,
             margin: float | None = None) -> tuple[int, int, int]:
    """(positives found, positives, negatives found) over the sets, each scored by the model fitted without it:
    found above the bar, or (with low and margin) a report's one problem above low and more than margin above
    every other problem of that report (checks/answers.py)."""
    groups = sorted({e.group for e in data})
    x = np.array([e.x for e in data])
    y = np.array([e.y for e in data])
    g = np.array([e.group for e in data])
    s = np.zeros(len(data))
    for k in groups:
        mean, scale, w, b = fit(x[g != k], y[g != k], pos_weight)
        s[g == k] = ((x[g == k] - mean) / scale) @ w + b
    found = s > bar
    if low is not None and margin is not None:
        by_unit: dict[str, list[int]] = {}
        for i, e in enumerate(data):
            by_unit.setdefault(e.unit, []).append(i)
        for idx in by_unit.values():
            k = answer_model.outstanding([float(s[i]) for i in idx], low, margin)
            if k is not None:
                found[idx[k]] = True
    return int((found & (y == 1)).sum()), int(y.sum()), int((found & (y == 0)).sum())


def write_model(path: Path, mean: np.ndarray, scale: np.ndarray, w: np.ndarray, b: float, note: str) -> None:
    import yaml

    names = answer_model.FEATURES
    body = {"bias": round(b, 4),
            "weights": {k: round(float(v), 4) for k, v in zip(names, w, strict=True)},
            "mean": {k: round(float(v), 4) for k, v in zip(names, mean, strict=True)},
            "scale": {k: round(float(v), 4) for k, v in zip(names, scale, strict=True)}}
    header = ("# unanswered-problem's pairing model (assistant/domain/checks/answer_model.py), fitted by\n"
              "# `assistant eval fit-answers` on the planted defects of evals/unseen. Do not edit by hand; refit.\n"
              + "".join(f"# {line}\n" for line in note.splitlines()))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    tmp.replace(path)


def model_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("assistant.data").joinpath("answer_model.yaml")))


def fit_and_write(evals_dir: Path, rubric_path: Path, out: Path | None = None, pos_weight: float = 5.0
                  ) -> tuple[Path, str]:
    rubric = load_rubric(rubric_path)
    data = examples(evals_dir / "unseen", rubric)
    x = np.array([e.x for e in data])
    y = np.array([e.y for e in data])
    mean, scale, w, b = fit(x, y, pos_weight)
    bar = rubric.checks().unanswered_model_threshold
    note = f"{len(data)} 个问题条目（其中 {int(y.sum())} 个是植入的无措施问题），来自 {len({e.group for e in data})} 个标注集；正例权重 {pos_weight}"
    if bar is not None:
        hit, pos, fp = held_out(data, bar, pos_weight)
        note += f"\n逐集留出（每集用不含它的模型打分），阈值 {bar}：找到 {hit}/{pos} 个无措施问题，{fp} 个其他问题高于阈值"
        low, margin = rubric.checks().unanswered_model_low, rubric.checks().unanswered_model_margin
        if low is not None and margin is not None:
            hit, pos, fp = held_out(data, bar, pos_weight, low, margin)
            note += (f"\n加上“全篇唯一突出”规则（高于 {low}，且比同篇其他问题高出 {margin} 以上）：找到 {hit}/{pos} 个，"
                     f"{fp} 个其他问题被报出")
    path = out or model_path()
    write_model(path, mean, scale, w, b, note)
    return path, note
