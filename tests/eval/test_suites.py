"""Suites against the real parser/critique/index, on the real gold and on deliberately wrong gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.services.evals.context import EvalContext
from assistant.services.evals.parse_suite import run_parse
from assistant.services.evals.results import SuiteResult
from assistant.services.evals.runner import EvalError, resolve_suites, run
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def ctx(evals_dir: Path, **kw) -> EvalContext:
    return EvalContext(settings=Settings(), evals_dir=evals_dir, **kw)


def test_parse_suite_on_the_seed_gold():
    res = run_parse(ctx(ROOT / "evals"))
    assert res.status == "ok"
    assert res.metrics["parse.role_accuracy"] >= 0.98
    assert res.metrics["parse.gold.seed_gold.role_accuracy"] >= 0.98  # the bar is on the seed gold
    assert res.metrics["parse.boundary_f1"] >= 0.9


def test_parse_suite_sees_a_disagreement(wrong_gold):
    good = run_parse(ctx(ROOT / "evals")).metrics
    bad = run_parse(ctx(wrong_gold))
    assert bad.metrics["parse.role_accuracy"] < good["parse.role_accuracy"]
    assert bad.metrics["parse.role_accuracy.plans"] < 1.0
    # the seed gold is the one that is wrong: its own figure drops, the other gold file's does not
    assert bad.metrics["parse.gold.seed_gold.role_accuracy"] < good["parse.gold.seed_gold.role_accuracy"]
    assert bad.metrics["parse.gold.eval_gold.role_accuracy"] == good["parse.gold.eval_gold.role_accuracy"]
    assert bad.metrics["parse.boundary_f1"] < good["parse.boundary_f1"]
    assert any(w["line"] == 39 and w["gold"] == "plans" and w["parsed"] == "closing" for w in bad.worst)


def test_a_bug_in_a_suite_is_recorded_and_the_others_run(monkeypatch):
    import assistant.services.evals.runner as runner

    real = runner._runner

    def pick(name: str):
        if name == "critique":
            def broken(c: EvalContext) -> SuiteResult:
                raise KeyError("boom")
            return broken
        return real(name)

    monkeypatch.setattr(runner, "_runner", pick)
    res = run(ctx(ROOT / "evals"), ["critique", "parse"])
    assert res.suites["critique"].status == "error" and "KeyError" in res.suites["critique"].reason
    assert res.suites["parse"].status == "ok"


def test_suite_names_and_missing_data(tmp_path):
    assert resolve_suites("all") == ["parse", "critique", "draft", "retrieval", "unseen", "yoy", "originality"]
    assert resolve_suites("parse,critique") == ["parse", "critique"]
    with pytest.raises(EvalError, match="没有套件"):
        resolve_suites("speed")
    with pytest.raises(EvalError, match="没有评测数据"):
        run(ctx(tmp_path / "nowhere"), ["parse"])
    (tmp_path / "e").mkdir()
    with pytest.raises(EvalError, match="没有标注文件"):
        run(ctx(tmp_path / "e"), ["parse"])


@pytest.mark.slow
def test_critique_suite_scores_every_variant():
    from assistant.services.evals.critique_suite import run_critique

    res = run_critique(ctx(ROOT / "evals", per_kind=2))
    assert res.status == "ok"
    m = res.metrics
    assert m["critique.variants"] >= 80
    for check in ("placeholder", "numbering", "missing-part", "dated-expression"):
        assert m[f"critique.recall.{check}"] is not None and m[f"critique.precision.{check}"] is not None
    from assistant.services.evals.gold import load_gold_dir

    n_reports = sum(len(g.reports) for g in load_gold_dir(ROOT / "evals" / "gold"))
    assert res.notes and f"{n_reports} 篇标注报告的" in res.notes[0]


@pytest.mark.slow
def test_a_crash_on_one_variant_is_counted_not_fatal(monkeypatch):
    import assistant.services.evals.critique_suite as critique
    from assistant.services.evals.critique_suite import run_critique

    real = critique.critique_text

    def flaky(text, *, name, **kw):
        if ":r1:numbering:" in name:
            raise IndexError("list index out of range")
        return real(text, name=name, **kw)

    monkeypatch.setattr(critique, "critique_text", flaky)
    res = run_critique(ctx(ROOT / "evals", per_kind=2))
    assert res.metrics["critique.crashes"] == 2
    assert res.metrics["critique.recall.numbering"] < 1
    assert any("在 2 个变体上出错" in w and "IndexError" in w for w in res.warnings)


def test_a_crashing_case_scores_zero_and_is_named(monkeypatch):
    import assistant.services.evals.draft_suite as report
    from assistant.services.evals.draft_suite import run_draft

    real = report.draft_report

    def flaky(profile, settings, **kw):
        if profile.unit_kind == "村":
            raise ValueError("no template for 村")
        return real(profile, settings, **kw)

    monkeypatch.setattr(report, "draft_report", flaky)
    c = ctx(ROOT / "evals", case_filter=["07_village_2022", "09_community_2023"])
    try:
        res = run_draft(c)
    finally:
        c.close()
    rows = {d["case"]: d for d in res.detail}
    assert rows["07_village_2022"]["score"] == 0 and "no template" in rows["07_village_2022"]["crash"]
    assert rows["09_community_2023"]["crash"] is None and rows["09_community_2023"]["score"] > 0
    assert res.metrics["draft.crashes"] == 1 and res.metrics["draft.score.min"] == 0
    (w,) = res.warnings
    assert w.startswith("2 个用例中有 1 个") and "07_village_2022: ValueError: no template" in w


@pytest.mark.slow
def test_a_check_that_stops_working_shows_in_its_own_figures(monkeypatch):
    """The figures can fail: a critique that loses its numbering check, and one that cries placeholder on
    every report's second line, each move their own check's figures below the CI bounds and no other's."""
    import assistant.services.evals.critique_suite as critique
    from assistant.domain.models import Finding
    from assistant.services.evals.critique_suite import run_critique

    real = critique.critique_text
    # The real critique's own figures, against which each broken one is compared.
    base = run_critique(ctx(ROOT / "evals", per_kind=1)).metrics

    def no_numbering(text, **kw):
        res = real(text, **kw)
        res.findings = [f for f in res.findings if f.check != "numbering"]
        return res

    monkeypatch.setattr(critique, "critique_text", no_numbering)
    m = run_critique(ctx(ROOT / "evals", per_kind=1)).metrics
    assert m["critique.recall.numbering"] == 0 and m["critique.planted_found.numbering"] == 0
    assert m["critique.recall.placeholder"] == 1 and m["critique.clean_controls"] == base["critique.clean_controls"]

    def spurious(text, **kw):
        res = real(text, **kw)
        res.findings.append(Finding(check="placeholder", severity="error", line=2, message="占位符"))
        return res

    monkeypatch.setattr(critique, "critique_text", spurious)
    m = run_critique(ctx(ROOT / "evals", per_kind=1)).metrics
    assert m["critique.precision.placeholder"] < 0.95 and m["critique.clean_controls"] < base["critique.clean_controls"]
    assert m["critique.precision.numbering"] == 1


def test_a_parts_sections_that_follow_each_other_are_one_part() -> None:
    from pathlib import Path

    from assistant.services.evals.gold import load_gold
    from assistant.services.evals.unseen_suite import merged_parts

    # bf-r1 labels each themed heading's block of its achievements as a section of its own
    gold = load_gold(Path(__file__).resolve().parents[2] / "evals/unseen/bf/gold.yaml")
    rep = next(r for r in gold.reports if r.id == "bf-r1")
    ach = [s.lines for s in rep.sections if s.role == "achievements"]
    assert len(ach) == 3
    parts = merged_parts(rep)
    assert ("achievements", ach[0][0], ach[-1][1]) in parts
    assert [p[0] for p in parts].count("achievements") == 1
