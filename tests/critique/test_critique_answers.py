"""unanswered-problem: the local embedding is really part of the measure, the rubric can turn it off (bigrams
alone), and a caller that passes no embedding gets no finding rather than a finding on every problem."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from critique_helpers import DATA, SEED, of, run

from assistant.domain.checks import run_checks
from assistant.domain.checks.answers import answer_scores, nearest_plan
from assistant.domain.parse import parse_text
from assistant.domain.rubric import Rubric, load_rubric
from assistant.services.index.embedding import local_embed

UNANSWERED = "四是意识形态阵地管理存在薄弱环节。对网络舆情研判不及时，微信工作群的审核把关不够严格。"


def _planted(clean_lines: list[str]) -> list[str]:
    return clean_lines[:13] + [UNANSWERED] + clean_lines[13:]


def test_nearest_plan_is_the_local_embedding() -> None:
    probs = ["党员教育方式较为单一，吸引力不强", "村集体经济发展后劲不足"]
    plans = ["创新党员教育方式，开设微党课，增强吸引力", "加强意识形态阵地管理"]
    near = nearest_plan(probs, plans, local_embed)
    expected = (local_embed(probs, 4096) @ local_embed(plans, 4096).T).max(axis=1)
    assert np.allclose(near, expected) and near[0] > near[1]


def test_the_embedding_weighs_in_the_score(rubric: Rubric) -> None:
    stop = rubric.checks().similarity_stop_chars
    probs, plans = ["党员教育方式较为单一，吸引力不强"], ["创新党员教育方式，开设微党课，增强吸引力"]
    lexical = answer_scores(probs, plans, plans, probs + plans, stop)
    both = answer_scores(probs, plans, plans, probs + plans, stop, 2.0, local_embed)
    assert both[0] - lexical[0] == np.float32(2.0 * nearest_plan(probs, plans, local_embed)[0])


def test_an_embedding_that_sees_no_tie_reports_the_answered_problems(rubric: Rubric) -> None:
    # Seed report 1 (seed lines 8-39): its problems (21-23) share few bigrams with its plans; the embedding ties
    # them to the measures that answer them.
    r1 = SEED.read_text(encoding="utf-8").splitlines()[7:39]
    parsed = parse_text("\n".join(r1), "r1.txt")

    def blind(texts: list[str], dim: int) -> np.ndarray:
        return np.zeros((len(texts), dim), dtype=np.float32)

    def found(embed) -> list[int]:  # noqa: ANN001
        return [f.line for f in run_checks(parsed, rubric, embed=embed) if f.check == "unanswered-problem"]

    # Without the embedding's share no problem reaches the threshold; line 15 (融合不够) is still answered by
    # the rubric's answer_concepts (两张皮: a plan about 融合).
    assert found(blind) == [14, 16]
    # With it, 融合不够 stays answered. This report answers one-to-one (three problems, three plan items) but not
    # in order, and its plans take up 基础工作 (14) and 党风廉政 (16) only in general terms: below the one-to-one
    # bar (rubric unanswered_unpaired_threshold) they are reported. A cost of that bar on a real report, measured
    # in docs/critique.md (Limits).
    assert found(local_embed) == [14, 16]
    assert found(None) == []  # no embedding given: the check is not run, rather than firing on everything


def test_bigrams_alone_from_the_rubric(tmp_path: Path, clean_lines: list[str]) -> None:
    shipped = (Path(__import__("assistant.data", fromlist=["x"]).__file__).parent / "rubric.yaml").read_text("utf-8")
    text = shipped.replace("unanswered_embedding_weight: 2.0", "unanswered_embedding_weight: 0") \
        .replace("unanswered_threshold: 0.745", "unanswered_threshold: 0.29")
    assert text != shipped
    (tmp_path / "rubric.yaml").write_text(text, encoding="utf-8")
    lexical = load_rubric(tmp_path / "rubric.yaml")
    assert [f.line for f in of(run(_planted(clean_lines), lexical), "unanswered-problem")] == [14]
    assert of(run(clean_lines, lexical), "unanswered-problem") == []


def test_clean_reports_answer_every_problem(rubric: Rubric) -> None:
    for path in sorted((DATA / "clean").iterdir()):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert of(run(lines, rubric), "unanswered-problem") == [], path.name
