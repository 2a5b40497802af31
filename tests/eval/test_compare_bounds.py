"""`--fail-under` bounds and `eval compare` on hand-made results."""

from __future__ import annotations

import pytest

from assistant.services.evals.compare import BoundsError, check_bounds, compare, differences, parse_bounds
from assistant.services.evals.results import (
    RunResult,
    SuiteResult,
    load_results,
    new_run_dir,
    render_report,
    write_results,
)


def run(metrics: dict[str, float | None], status: str = "ok", lower: list[str] = ()) -> RunResult:
    suites: dict[str, SuiteResult] = {}
    for name, v in metrics.items():
        s = name.split(".")[0]
        suites.setdefault(s, SuiteResult(name=s, status=status, reason="not built" if status != "ok" else ""))
        suites[s].metrics[name] = v
    for m in lower:
        suites[m.split(".")[0]].lower_is_better.append(m)
    return RunResult(started="2026-01-01T00:00:00+00:00", seconds=1.0, backend="offline", settings={},
                     suites=suites)


def test_parse_bounds_forms_and_errors():
    assert parse_bounds(["a.b=0.9", "c.d=1, e.f=0.5"]) == {"a.b": 0.9, "c.d": 1.0, "e.f": 0.5}
    with pytest.raises(BoundsError, match="指标=值"):
        parse_bounds(["a.b"])
    with pytest.raises(BoundsError, match="不是数字"):
        parse_bounds(["a.b=high"])
    for v in ("nan", "inf", "-inf"):  # a nan bound would never fail
        with pytest.raises(BoundsError, match="不是有限的数"):
            parse_bounds([f"a.b={v}"])


def test_check_bounds():
    r = run({"parse.role_accuracy": 0.97, "parse.boundary_f1": 1.0, "parse.x": None})
    assert check_bounds(r, {"parse.boundary_f1": 1.0}, ["parse"]) == []
    fails = check_bounds(r, {"parse.role_accuracy": 0.98, "parse.x": 0.5}, ["parse"])
    assert fails == ["parse.role_accuracy = 0.970 < 0.98", "parse.x：未测得（n/a）< 0.5"]
    with pytest.raises(BoundsError, match="没有这个指标"):
        check_bounds(r, {"parse.nope": 1}, ["parse"])
    with pytest.raises(BoundsError, match="本次运行不含套件"):
        check_bounds(r, {"draft.score.min": 1}, ["parse"])


def test_bound_on_a_suite_not_run_fails():
    r = run({"draft.score.min": None}, status="not-run")
    (msg,) = check_bounds(r, {"draft.score.min": 90}, ["draft"])
    assert "未测得" in msg and "没有运行" in msg


def test_compare_marks_direction():
    old = run({"critique.recall.x": 0.9, "critique.seconds": 2.0, "critique.gone": 1.0}, lower=["critique.seconds"])
    new = run({"critique.recall.x": 0.8, "critique.seconds": 1.0, "critique.added": 1.0}, lower=["critique.seconds"])
    rows = {r.metric: r for r in compare(old, new)}
    assert rows["critique.recall.x"].status == "worse" and rows["critique.recall.x"].delta == "-0.100"
    assert rows["critique.seconds"].status == "better"
    assert rows["critique.gone"].status == "gone" and rows["critique.added"].status == "new"
    same = compare(old, old)
    assert {r.status for r in same} == {"same"}


def test_counts_are_neutral_and_small_timing_changes_are_noise():
    old = run({"critique.variants": 380.0, "critique.seconds": 2.0}, lower=["critique.seconds"])
    new = run({"critique.variants": 179.0, "critique.seconds": 2.4}, lower=["critique.seconds"])
    old.suites["critique"].neutral = new.suites["critique"].neutral = ["critique.variants"]
    rows = {r.metric: r for r in compare(old, new)}
    assert rows["critique.variants"].status == "changed" and rows["critique.variants"].delta == "-201"
    assert rows["critique.seconds"].status == "same"
    slow = run({"critique.variants": 380.0, "critique.seconds": 9.0}, lower=["critique.seconds"])
    assert {r.metric: r for r in compare(old, slow)}["critique.seconds"].status == "worse"


def test_differences_name_what_the_runs_were_made_with():
    a, b = run({"parse.x": 1.0}), run({"parse.x": 1.0})
    a.versions, b.versions = {"git": "abc", "gold": "g1"}, {"git": "def", "gold": "g1"}
    assert differences(a, b) == ["git: abc → def"]


def test_results_round_trip_and_report(tmp_path):
    r = run({"parse.role_accuracy": 0.5})
    r.suites["parse"].worst = [{"file": "a.txt", "line": 3, "gold": "plans", "parsed": "closing"}]
    rj, rm = write_results(r, tmp_path / "out")
    assert load_results(tmp_path / "out").metrics() == {"parse.role_accuracy": 0.5}
    text = rm.read_text(encoding="utf-8")
    assert "| parse.role_accuracy | 0.500 |" in text and "gold: plans, parsed: closing" in text
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]
    r.suites["parse"].files = {"drafts/a.md": "标题\n正文"}
    write_results(r, tmp_path / "f")
    assert (tmp_path / "f/drafts/a.md").read_text(encoding="utf-8") == "标题\n正文"
    assert "drafts/a.md" not in (tmp_path / "f/results.json").read_text(encoding="utf-8")
    r.suites["parse"].files = {"../escape.md": "x"}
    with pytest.raises(ValueError, match="之外"):
        write_results(r, tmp_path / "g")
    r.suites["parse"].files = {}
    r.suites["parse"].warnings = ["API embedding not measured: HTTP 404"]
    assert "- **警告**：API embedding not measured: HTTP 404" in render_report(r)
    assert load_results(write_results(r, tmp_path / "w")[0]).suites["parse"].warnings == r.suites["parse"].warnings
    nr = run({"draft.score.min": None}, status="not-run")
    assert "**未运行**（not-run）：not built" in render_report(nr)


def test_two_runs_started_in_the_same_second_get_two_folders(tmp_path):
    stamp = "20261202-143005"
    first, second = new_run_dir(tmp_path / "eval", stamp), new_run_dir(tmp_path / "eval", stamp)
    assert (first.name, second.name) == (stamp, f"{stamp}-2")
    write_results(run({"a.b": 1.0}), first)
    write_results(run({"a.b": 0.5}), second)
    assert load_results(first).suites["a"].metrics["a.b"] == 1.0
