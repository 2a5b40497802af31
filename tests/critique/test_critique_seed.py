"""The seed compilation: every hand-labelled defect is found with the right check id, on the right line, and
no part that is present is reported missing."""

from __future__ import annotations

import pytest
import yaml
from critique_helpers import GOLD, SEED

from assistant.domain.rubric import Rubric
from assistant.services.critique import CritiqueResult, critique_file


@pytest.fixture(scope="module")
def seed(rubric: Rubric) -> CritiqueResult:
    return critique_file(SEED, rubric=rubric)


def _gold_reports() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))["reports"]


def _defects() -> list[tuple[str, dict]]:
    return [(r["id"], d) for r in _gold_reports() for d in r["known_defects"] if d["check"]]


def _span(report_id: str) -> tuple[int, int]:
    r = next(r for r in _gold_reports() if r["id"] == report_id)
    return r["lines"][0], r["lines"][1]


@pytest.mark.parametrize(("report_id", "defect"), _defects(),
                         ids=[f"{r}-{d['check']}-{d.get('part') or d.get('lines')}" for r, d in _defects()])
def test_known_defect_found(seed: CritiqueResult, report_id: str, defect: dict) -> None:
    start, end = _span(report_id)
    mine = [f for f in seed.findings if f.check == defect["check"] and start <= (f.line or 0) <= end]
    if "part" in defect:
        assert any(f.part == defect["part"] for f in mine), (defect, mine)
    for line in defect.get("lines", []):
        assert any(f.line == line for f in mine), f"{defect['check']} not reported on line {line}: {defect['what']}"


def test_no_present_part_reported_missing(seed: CritiqueResult) -> None:
    for r in _gold_reports():
        start, end = r["lines"]
        present = {s["role"] for s in r["sections"]}
        if r["id"] == "r4":
            present.add("rectification")  # stated inside the achievements, line 105
        missing = {f.part for f in seed.findings if f.check == "missing-part" and start <= (f.line or 0) <= end}
        assert not (missing & present), (r["id"], missing & present)
        gold_missing = {d["part"] for d in r["known_defects"] if d["check"] == "missing-part"}
        assert missing == gold_missing, (r["id"], missing, gold_missing)


def test_seed_reports_are_checked_separately(seed: CritiqueResult) -> None:
    assert [(r.start_line, r.end_line, r.year) for r in seed.reports] == [
        (8, 39, 2023), (43, 64, 2023), (68, 99, 2023), (103, 120, 2023)]
    assert seed.has_errors
    # The advertisement and markers are noise, not the writer's text: nothing is reported on them.
    assert not [f for f in seed.findings if f.line in (2, 122, 123, 124, 125, 128)]


def test_findings_carry_place_and_quote(seed: CritiqueResult) -> None:
    raw = SEED.read_text(encoding="utf-8").splitlines()
    for f in seed.findings:
        assert f.message and f.line
        if f.column is not None:
            assert f.evidence and f.evidence in raw[f.line - 1], f
