"""Fit the part classifier's weights on the labelled dev reports (averaged structured perceptron).

Every gold report whose split is not `test` is a training example: its paragraphs are read as the parser
reads them, each labelled with the gold role of its line. The perceptron decodes each example with the
current weights (under the same heading constraints as the parser) and, where the path is wrong, moves the
weights toward the gold path's features and away from the predicted one's. The averaged weights are written
to data/part_model.yaml. Test reports are never read here.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.domain.classifier import PartModel, decode, paragraph_features, path_features
from assistant.domain.clean import clean_lines
from assistant.domain.models import Role
from assistant.domain.paragraphs import Para, build_paras
from assistant.services.evals.gold import GoldFile, GoldReport, load_gold, load_gold_dir, read_lines


@dataclass
class Example:
    name: str
    paras: list[Para]
    feats: list[dict[str, float]]
    gold: list[Role]
    year: int | None


def report_paras(lines: list[str], rep: GoldReport) -> list[Para]:
    """The report's body paragraphs as the parser builds them (after the gold title lines)."""
    title = next((s for s in rep.sections if s.role == "title"), None)
    start = title.lines[1] + 1 if title else rep.lines[0]
    return build_paras(lines, start, rep.lines[1], {})


def examples(golds: list[GoldFile], split: str = "dev") -> list[Example]:
    out: list[Example] = []
    for g in golds:
        lines = clean_lines(read_lines(g.source_path())).lines
        for rep in g.reports:
            if rep.split != split:
                continue
            paras, gold = [], []
            for p in report_paras(lines, rep):
                role = rep.role_of_line(p.line)
                if role is None or role in ("other", "title"):
                    continue
                paras.append(p)
                gold.append(Role(role))
            if paras:
                out.append(Example(f"{g.source}:{rep.id}", paras, paragraph_features(paras, rep.year), gold, rep.year))
    return out


def fit(train: list[Example], epochs: int = 20, seed: int = 0, reg: float = 0.1
        ) -> tuple[PartModel, float]:
    """A structured SVM fitted by averaged stochastic subgradient steps (a large-margin perceptron with L2
    shrinkage): each example is decoded with one point of loss added to every wrong label, and where that
    path beats the gold path the weights move toward the gold path's features; every step shrinks all weights
    a little, so no feature's weight grows past what the data supports. Returns the model and its paragraph
    accuracy on `train`."""
    w_emit: dict[tuple[str, str], float] = {}
    w_trans: dict[str, float] = {}
    s_emit: dict[tuple[str, str], float] = {}
    s_trans: dict[str, float] = {}
    steps = 0
    rng = random.Random(seed)
    order = list(range(len(train)))
    roles = list(Role)
    # A wrong label costs more where its gold role is rare (12 insights paragraphs against 301 of achievements):
    # otherwise the shrinkage would let a rare part never be chosen.
    freq = Counter(r for ex in train for r in ex.gold)
    top = max(freq.values(), default=1)
    cost = {r: min(3.0, (top / freq[r]) ** 0.5) if freq.get(r) else 1.0 for r in roles}

    def model_of(we: dict[tuple[str, str], float], wt: dict[str, float], scale: float = 1.0) -> PartModel:
        emit: dict[str, dict[str, float]] = {}
        for (r, k), v in we.items():
            emit.setdefault(r, {})[k] = v * scale
        return PartModel(emit=emit, trans={k: v * scale for k, v in wt.items()})

    for epoch in range(epochs):
        rng.shuffle(order)
        rate = 1.0 / (1.0 + epoch)
        # Each report is read twice: as written, and as if its part headings were stripped (as material from
        # paid sites often is), so that the weights learn the parts from content even where headings decide.
        for i, headings in ((i, h) for i in order for h in (True, False)):
            ex = train[i]
            bonus = [{r: (0.0 if r == g else cost[g]) for r in roles} for g in ex.gold]
            pred = decode(ex.paras, ex.year, model_of(w_emit, w_trans), ex.feats, bonus, headings=headings)
            shrink = 1.0 - rate * reg
            for k in w_emit:
                w_emit[k] *= shrink
            for k2 in w_trans:
                w_trans[k2] *= shrink
            if pred != ex.gold:
                ge, gt = path_features(ex.paras, ex.feats, ex.gold)
                pe, pt = path_features(ex.paras, ex.feats, pred)
                for k, v in ge.items():
                    w_emit[k] = w_emit.get(k, 0.0) + rate * v
                for k, v in pe.items():
                    w_emit[k] = w_emit.get(k, 0.0) - rate * v
                for k2, v in gt.items():
                    w_trans[k2] = w_trans.get(k2, 0.0) + rate * v
                for k2, v in pt.items():
                    w_trans[k2] = w_trans.get(k2, 0.0) - rate * v
            steps += 1
            for k, v in w_emit.items():
                s_emit[k] = s_emit.get(k, 0.0) + v
            for k2, v in w_trans.items():
                s_trans[k2] = s_trans.get(k2, 0.0) + v
    model = model_of(s_emit, s_trans, 1.0 / max(steps, 1))
    return model, accuracy(model, train)


def accuracy(model: PartModel, data: list[Example]) -> float:
    right = total = 0
    for ex in data:
        pred = decode(ex.paras, ex.year, model, ex.feats)
        right += sum(a == b for a, b in zip(pred, ex.gold, strict=True))
        total += len(ex.gold)
    return right / total if total else 0.0


def write_model(model: PartModel, path: Path, note: str) -> None:
    import yaml

    emit = {r: {k: round(v, 3) for k, v in sorted(ws.items()) if abs(v) >= 5e-4}
            for r, ws in sorted(model.emit.items())}
    trans = {k: round(v, 3) for k, v in sorted(model.trans.items()) if abs(v) >= 5e-4}
    header = ("# The part classifier's weights (assistant/domain/classifier.py), fitted by `assistant eval fit-parts`:\n"
              "# an averaged structured perceptron over the dev split of the gold reports. Do not edit by hand; refit.\n"
              + "".join(f"# {line}\n" for line in note.splitlines()))
    body = yaml.safe_dump({"emit": emit, "trans": trans}, allow_unicode=True, sort_keys=False, width=120)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(header + body, encoding="utf-8")
    tmp.replace(path)


def dev_golds(evals_dir: Path) -> list[GoldFile]:
    """Every labelled file: evals/gold/*.yaml (all dev) and evals/unseen/*/gold.yaml (dev and test)."""
    golds = load_gold_dir(evals_dir / "gold")
    golds += [load_gold(p) for p in sorted((evals_dir / "unseen").glob("*/gold.yaml"))]
    return golds


def model_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("assistant.data").joinpath("part_model.yaml")))


def fit_and_write(evals_dir: Path, out: Path | None = None, epochs: int = 20, seed: int = 0) -> tuple[Path, str]:
    golds = dev_golds(evals_dir)
    train = examples(golds, "dev")
    model, acc = fit(train, epochs=epochs, seed=seed)
    paras = sum(len(e.gold) for e in train)
    note = (f"{len(golds)} 个标注文件中的 {len(train)} 篇 dev 报告（{paras} 段）；{epochs} 轮，种子 {seed}；"
            f"在这些段落上的准确率 {acc:.3f}")
    path = out or model_path()
    write_model(model, path, note)
    return path, note
