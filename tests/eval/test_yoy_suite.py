"""The yoy suite (critique --previous) scored against labels: on the critique tests' own pairs, with one label
each way wrong, so that a right finding, a false one and a miss are all seen."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fakeopenai import FakeOpenAI, Reply, text_of

from assistant.services.evals.context import EvalContext
from assistant.services.evals.gold import GoldError
from assistant.services.evals.yoy_suite import run_yoy
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "tests/critique/data/yoy"

VILLAGE = """unit_name: 青山村党支部
unit_kind: 村
last_year: 2023
this_year: 2024
split: dev
rectification_layout: own-part
last_problems:
  - {id: L1, line: 11, summary: 教育方式单一}
  - {id: L2, line: 12, summary: 流动党员}
  - {id: L3, line: 13, summary: 集体经济}
  - {id: L4, line: 14, summary: 本领}
this_problems:
  - {id: T1, line: 14, repeats: L2, how: verbatim}
  - {id: T2, line: 15, repeats: null, how: new}
  - {id: T3, line: 16, repeats: L1, how: reworded}
  - {id: T4, line: 17, repeats: L4, how: reworded}   # wrong on purpose: a miss
rectification:
  - {last: L1, answered: true, lines: [10], how: same-words}
  - {last: L2, answered: false, lines: [], how: none}
  - {last: L3, answered: true, lines: [11], how: other-words}
  - {last: L4, answered: true, lines: [12], how: other-words}
repeated_plans:
  - {this_line: 21, last_line: 19, how: verbatim}
stale_copy:
  - {line: 3, text: "2023年以来"}
legit_last_year_mentions:
  - {line: 7, text: "较2023年底"}
"""

COMMUNITY = """unit_name: 阳光社区党委
last_year: 2023
this_year: 2024
split: test
rectification_layout: embedded
last_problems:
  - {id: L1, line: 8}
  - {id: L2, line: 9}
  - {id: L3, line: 10}
this_problems:
  - {id: T1, line: 8, repeats: L2, how: reworded}
  - {id: T2, line: 9, repeats: null, how: new}
  - {id: T3, line: 10, repeats: null, how: new}
rectification:
  - {last: L1, answered: true, lines: [5], how: same-words}
  - {last: L2, answered: true, lines: [5], how: other-words}   # wrong on purpose: a false unrectified
  - {last: L3, answered: true, lines: [6], how: other-words}
repeated_plans:
  - {this_line: 14, last_line: 15, how: verbatim}
"""


def _unit(root: Path, name: str, last: str, this: str, labels: str) -> None:
    d = root / "yoy" / name
    d.mkdir(parents=True)
    shutil.copy(PAIRS / last, d / "last.txt")
    shutil.copy(PAIRS / this, d / "this.txt")
    (d / "labels.yaml").write_text(labels, encoding="utf-8")


@pytest.fixture(scope="module")
def evals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evals")
    _unit(root, "01_village", "village_2023.txt", "village_2024.txt", VILLAGE)
    _unit(root, "05_community", "community_2023.txt", "community_2024.txt", COMMUNITY)
    return root


def test_scores_per_split_and_how(evals: Path) -> None:
    res = run_yoy(EvalContext(settings=Settings(), evals_dir=evals))
    m = res.metrics
    assert res.status == "ok", res.reason
    # dev: 2 of 3 repeats found (T4 labelled wrongly), no false one; the one unrectified problem found
    assert m["yoy.dev.repeated-problem.precision"] == 1.0
    assert m["yoy.dev.repeated-problem.recall"] == pytest.approx(2 / 3)
    assert m["yoy.dev.repeated-problem.recall.verbatim"] == 1.0
    assert m["yoy.dev.repeated-problem.recall.reworded"] == 0.5
    assert m["yoy.dev.unrectified.precision"] == 1.0 and m["yoy.dev.unrectified.recall"] == 1.0
    assert m["yoy.dev.repeated-plan.recall"] == 1.0
    # line 25 (确保圆满完成2023年…) is stale but not labelled here: a false finding of the suite's count
    assert m["yoy.dev.stale-copy.recall"] == 1.0 and m["yoy.dev.stale-copy.precision"] == 0.5
    # test: both unrectified findings name problems labelled answered in other words
    assert m["yoy.test.unrectified.precision"] == 0.0
    assert m["yoy.test.unrectified.false.other-words"] == 2.0
    assert m["yoy.test.repeated-problem.precision"] == 1.0


def test_only_the_split_asked(evals: Path) -> None:
    res = run_yoy(EvalContext(settings=Settings(), evals_dir=evals, splits=("dev",)))
    assert res.metrics["yoy.dev.units"] == 1.0 and not any(k.startswith("yoy.test") for k in res.metrics)


def test_no_pairs_is_not_run_and_bad_labels_are_refused(tmp_path: Path, evals: Path) -> None:
    assert run_yoy(EvalContext(settings=Settings(), evals_dir=tmp_path)).status == "not-run"
    bad = tmp_path / "bad"
    shutil.copytree(evals, bad)
    (bad / "yoy/01_village/labels.yaml").write_text(VILLAGE.replace("repeats: L2", "repeats: L9"), encoding="utf-8")
    with pytest.raises(GoldError, match="L9"):
        run_yoy(EvalContext(settings=Settings(), evals_dir=bad))


def test_a_stale_line_an_existing_year_check_reports_is_found() -> None:
    from assistant.services.evals.yoy_suite import CHECKS, Labels, _Tally, score_unit

    lab = Labels.model_validate({"unit_name": "某社区党委", "last_year": 2024, "this_year": 2025, "split": "dev",
                                 "stale_copy": [{"line": 2}, {"line": 9}]})
    tally = {c: _Tally() for c in CHECKS}
    score_unit(lab, [("stale-copy", 9, None)], tally, [], "u", covered={2})
    c = tally["stale-copy"].all
    assert (c.tp, c.fp, c.fn) == (2, 0, 0)
    tally = {c: _Tally() for c in CHECKS}
    score_unit(lab, [("stale-copy", 9, None)], tally, [], "u")
    assert tally["stale-copy"].all.fn == 1


def test_several_problems_on_one_line_are_scored_by_item() -> None:
    """Three problems of last year and two of this year in one paragraph each (一是…二是…): the k-th id listed on a
    line is the k-th item, and a finding counts only for the item it names."""
    from assistant.services.evals.yoy_suite import CHECKS, Labels, _Tally, score_unit

    lab = Labels.model_validate({
        "unit_name": "某镇党委", "last_year": 2024, "this_year": 2025, "split": "dev",
        "last_problems": [{"id": "L1", "line": 8}, {"id": "L2", "line": 8}, {"id": "L3", "line": 8}],
        "this_problems": [{"id": "T1", "line": 12, "repeats": "L3", "how": "reworded"},
                          {"id": "T2", "line": 12, "repeats": None, "how": "new"}],
        "rectification": [{"last": "L1", "answered": True, "how": "other-words"},
                          {"last": "L2", "answered": False, "how": "none"},
                          {"last": "L3", "answered": False, "how": "none"}]})
    tally = {c: _Tally() for c in CHECKS}
    found = [("repeated-problem", 12, 8, 1, 3), ("repeated-problem", 12, 8, 2, 1),
             ("unrectified", 5, 8, None, 2), ("unrectified", 5, 8, None, 1)]
    score_unit(lab, found, tally, [], "u")
    rp, ur = tally["repeated-problem"].all, tally["unrectified"].all
    assert (rp.tp, rp.fp, rp.fn) == (1, 1, 0)
    assert (ur.tp, ur.fp, ur.fn) == (1, 1, 1)


def test_backend_api_measures_the_models_judgement(evals: Path) -> None:
    """--backend api: the model judges (here T4 is L4 said again, as the village's labels have it), and a unit
    whose call fails is scored on the rule matcher's findings and named in the warnings."""
    def answer(body: dict) -> Reply | str:
        if "流动党员" not in text_of(body):  # the community's call fails
            return Reply(status=500, error="boom")
        return json.dumps({"repeats": [{"id": "T4", "same_as": "L4", "reason": "都是本人能力不足"}],
                           "answers": []}, ensure_ascii=False)

    offline = run_yoy(EvalContext(settings=Settings(), evals_dir=evals)).metrics
    with FakeOpenAI() as srv:
        srv.responder = answer
        settings = Settings(base_url=srv.base_url, api_key="sk-test-key-0000", model="fake-model", retries=0)
        res = run_yoy(EvalContext(settings=settings, evals_dir=evals, backend="api"))
        assert len(srv.chat_requests) == 2
    m = res.metrics
    assert m["yoy.dev.repeated-problem.recall"] == 1.0 and m["yoy.dev.repeated-problem.recall.reworded"] == 1.0
    assert {k: v for k, v in m.items() if k.startswith("yoy.test")} == \
        {k: v for k, v in offline.items() if k.startswith("yoy.test")}
    assert [w.split(":", 1)[0] for w in res.warnings] == ["05_community"] and "规则匹配" in res.warnings[0]
    assert any("fake-model" in n for n in res.notes)
