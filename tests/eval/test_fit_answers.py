"""The fitter of unanswered-problem's pairing model (services/evals/fit_answers.py): labels and the regression."""

from __future__ import annotations

import numpy as np

from assistant.services.evals.fit_answers import _label, fit, set_of
from assistant.services.evals.unseen_suite import Defect


def _defect(edit: dict, line: int = 12, check: str = "unanswered-problem") -> Defect:
    return Defect.model_validate({"id": "z-d001", "report": "z-r1", "edit": edit,
                                  "expect": {"check": check, "line": line}})


def test_the_problem_a_defect_leaves_unanswered_is_the_positive():
    replaced = _defect({"replace": {"line": 20, "find": "甲", "with": "乙"}})
    assert _label(replaced, 12, "（三）村务监督不到位。", on_line=1) == 1
    assert _label(replaced, 11, "（二）队伍老化。", on_line=1) == 0
    assert _label(None, 12, "（三）村务监督不到位。", on_line=1) == 0
    # several items on the defect's line: only the one holding the new text is known
    appended = _defect({"append": {"line": 12, "text": "四是党费收缴不规范，个别党员拖欠党费。"}})
    assert _label(appended, 12, "四是党费收缴不规范，个别党员拖欠党费。", on_line=4) == 1
    assert _label(appended, 12, "一是学习不深。", on_line=4) is None
    # an added sentence (…。此外，…) is judged by its own rule: its item is left out
    added = _defect({"append": {"line": 12, "text": "此外，离退休党员活动阵地简陋。"}})
    assert _label(added, 12, "（三）村务监督不到位。此外，离退休党员活动阵地简陋。", on_line=1) is None


def test_a_set_is_left_out_whole_by_its_own_name():
    # the sets past z have two letters: a, aa and ap are three sets, not one
    assert [set_of(x) for x in ("a-r1", "aa-d003", "ap-d044", "ap-r4")] == ["a", "aa", "ap", "ap"]


def test_the_regression_separates_what_is_separable():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(0.6, 0.1, (200, 2)), rng.normal(0.1, 0.1, (20, 2))])
    y = np.array([0] * 200 + [1] * 20)
    mean, scale, w, b = fit(x, y)
    score = ((x - mean) / scale) @ w + b
    assert (score[y == 1] > 0).mean() > 0.9 and (score[y == 0] > 0).mean() < 0.05
    assert (w < 0).all()  # lower similarity, higher odds of no answer


def test_the_held_out_figure_counts_a_reports_one_outstanding_problem():
    from assistant.services.evals.fit_answers import Example, held_out

    rng = np.random.default_rng(0)
    data = []
    for s in range(4):  # four sets; in each report the unanswered problem stands out, though not above the bar
        for r in range(6):
            for k in range(4):
                pos = int(k == 0 and r % 2 == 0)
                x = [2.0 if pos else float(rng.normal(-2.0, 0.05)), 0.0]
                data.append(Example(f"s{s}", x, pos, f"s{s}-r{r}"))
    hit, pos, fp = held_out(data, 50.0, 5.0)
    assert pos == 12 and hit == 0
    hit, _, fp = held_out(data, 50.0, 5.0, low=-30.0, margin=1.0)
    assert hit == 12 and fp == 0
