"""The planted-defect generator on its own: deterministic, enough variants, and each defect where it says."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.services.evals.defects import load_defects
from assistant.services.evals.gold import load_gold_dir
from assistant.services.evals.planting import PLANTED_KINDS, generate
from assistant.services.evals.seeds import leading, load_seeds

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def defs():
    return load_defects(ROOT / "evals/planted/defects.yaml")


@pytest.fixture(scope="module")
def seeds(defs):
    return load_seeds(load_gold_dir(ROOT / "evals/gold"), defs.match_of(), defs.known_extra)


@pytest.fixture(scope="module")
def variants(seeds, defs):
    return generate(seeds, defs, seed=0)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def test_seeds_are_the_labelled_reports(seeds):
    assert {s.id for s in seeds} >= {"r1", "r2", "r3", "r4", "e1", "e2"}
    r1 = next(s for s in seeds if s.id == "r1")
    assert "2023年抓D建述职报告" in r1.lines[0]
    # gold line 39 (the closing with the stale target and '!') is local line 32
    assert "2023年各项经营指标" in r1.lines[31] and r1.lines[31].endswith("!")
    assert {k.check for k in r1.known if 32 in k.lines} == {"stale-year-target", "halfwidth-punct", "placeholder"}


def test_deterministic_and_seed_dependent(seeds, defs, variants):
    again = generate(seeds, defs, seed=0)
    assert [(v.id, v.text) for v in again] == [(v.id, v.text) for v in variants]
    other = generate(seeds, defs, seed=1)
    assert [v.text for v in other] != [v.text for v in variants]


def test_enough_distinct_variants_of_every_kind(variants):
    assert len(variants) >= 300
    assert len({v.text for v in variants}) == len(variants)
    kinds = Counter(v.kind for v in variants)
    for kind in PLANTED_KINDS:
        assert kinds[kind] >= 10, kind
    assert sum(n for k, n in kinds.items() if k.startswith("control-")) >= 50


def _planted(v):
    return [e for e in v.expected if e.origin == "planted"]


def test_every_planted_defect_is_on_a_changed_line(variants, seeds):
    by_id = {s.id: s for s in seeds}
    for v in variants:
        if v.kind.startswith("control-") or v.kind in ("delete-part", "swap-parts"):
            continue
        seed = by_id[v.report]
        lines = _lines(v.text)
        (exp,) = _planted(v)
        assert exp.lines and exp.check in v.scored
        assert any(lines[n - 1] not in seed.lines for n in exp.lines), v.id


def test_dated_expression_is_not_current_in_the_year(variants, defs):
    for v in variants:
        if v.kind not in ("dated-expression", "control-current-expression"):
            continue
        lines = _lines(v.text)
        planted = [e for e in defs.expressions if any(e.sentence in ln for ln in lines)]
        assert len(planted) == 1, v.id
        assert planted[0].current(v.year) == (v.kind == "control-current-expression")
        if v.kind == "dated-expression":
            (exp,) = _planted(v)
            assert planted[0].sentence in lines[exp.lines[0] - 1]


def test_stray_x_sits_inside_chinese_text(variants):
    for v in (v for v in variants if v.kind == "stray-x"):
        (exp,) = _planted(v)
        line = _lines(v.text)[exp.lines[0] - 1]
        assert re.search(r"[\u4e00-\u9fff]x[\u4e00-\u9fff]", line), v.id


def test_halfwidth_mark_after_chinese(variants):
    for v in (v for v in variants if v.kind == "halfwidth-punct"):
        (exp,) = _planted(v)
        line = _lines(v.text)[exp.lines[0] - 1]
        assert re.search(r'[\u4e00-\u9fff][,;:!?"]|"[\u4e00-\u9fff]', line), v.id


def test_numbering_breaks_the_sequence_at_the_planted_line(variants, seeds):
    by_id = {s.id: s for s in seeds}
    for v in (v for v in variants if v.kind == "numbering"):
        (exp,) = _planted(v)
        n = exp.lines[0]
        new, old = leading(_lines(v.text)[n - 1]), leading(by_id[v.report].lines[n - 1])
        assert new and old and new[0] == old[0] and new[2] != old[2], v.id


def test_unanswered_problem_continues_the_numbering(variants):
    for v in (v for v in variants if v.kind == "unanswered-problem"):
        (exp,) = _planted(v)
        lines = _lines(v.text)
        new = leading(lines[exp.lines[0] - 1])
        assert new is not None
        before = [leading(x) for x in lines[: exp.lines[0] - 1]]
        prev = [m for m in before if m and m[0] == new[0]][-1]
        assert new[2] == prev[2] + 1, v.id


def test_year_mismatch_changes_only_the_titles_year(variants, seeds):
    by_id = {s.id: s for s in seeds}
    kinds = Counter()
    for v in (v for v in variants if v.kind == "year-mismatch"):
        (exp,) = _planted(v)
        n, seed, lines = exp.lines[0], by_id[v.report], _lines(v.text)[:-1]  # the text ends in a newline
        assert n == 1 and [i for i, (a, b) in enumerate(zip(seed.lines, lines, strict=True)) if a != b] == [0]
        old, new = (int(re.search(r"([0-9]{4})年", t).group(1)) for t in (seed.lines[0], lines[0]))
        body = "\n".join(lines[1:])
        if 2000 <= new <= 2100:  # a year next to the report's, which the body never names while it names its own
            assert abs(new - old) == 1 and f"{new}年" not in body and f"{old}年" in body, v.id
            kinds["unnamed"] += 1
        else:
            kinds["implausible"] += 1
    assert kinds["unnamed"] >= 10 and kinds["implausible"] >= 10, kinds


def test_known_defects_follow_their_lines(variants, seeds):
    """After rows are inserted, deleted or swapped, a known defect still points at the same text."""
    by_id = {s.id: s for s in seeds}
    for v in variants:
        seed = by_id[v.report]
        lines = _lines(v.text)
        if v.kind in ("stray-x", "halfwidth-punct", "fixed-formulation", "year-mismatch"):
            continue  # these change characters inside a line
        for k in (e for e in v.expected if e.origin == "known" and e.match == "line"):
            now = lines[k.lines[0] - 1][3:20]  # past a renumbered marker, before an appended sentence
            assert any(o.check == k.check and seed.lines[o.lines[0] - 1][3:20] == now for o in seed.known), v.id


def test_deleted_part_expects_missing_part(variants):
    dels = [v for v in variants if v.kind == "delete-part"]
    assert dels
    for v in dels:
        parts = [e.part for e in _planted(v) if not e.optional]
        assert len(parts) == 1 and parts[0] in v.note


def test_mixed_level_plants_a_second_level(variants):
    for v in (v for v in variants if v.kind == "mixed-level"):
        levels = set(re.findall(r"全([省市县州])", v.text))
        assert len(levels) >= 2, v.id
