"""Scoring findings against a variant's expected defects, and the metric helpers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.services.evals.metrics import Accuracy, Counts, hit_at_k, set_f1, share_at_k
from assistant.services.evals.planting import Variant
from assistant.services.evals.scoring import norm_part, score_variant, totals
from assistant.services.evals.seeds import Expected

MODES = {"missing-part": "part", "part-order": "report", "mixed-level": "any-line", "default": "line"}


@dataclass
class F:
    check: str
    line: int | None = None
    part: str | None = None


def variant(scored: list[str], expected: list[Expected]) -> Variant:
    return Variant(id="g:r1:k:00", gold="g", report="r1", kind="k", year=2023, text="", scored=scored,
                   expected=expected, note="")


def exp(check: str, lines: list[int] = (), part: str | None = None, origin: str = "planted",
        optional: bool = False) -> Expected:
    return Expected(check=check, match=MODES.get(check, "line"), lines=list(lines), part=part, origin=origin,
                    optional=optional)


def test_line_match_true_false_positive_and_miss():
    v = variant(["placeholder"], [exp("placeholder", [5]), exp("placeholder", [9], origin="known"),
                                  exp("placeholder", [12], origin="known")])
    s = score_variant(v, [F("placeholder", 5), F("placeholder", 9), F("placeholder", 7), F("placeholder", 7)],
                      MODES)
    assert s.counts["placeholder"] == (2, 1, 1)  # two found, line 7 once as a false positive, line 12 missed
    assert s.planted_found == {"placeholder": (1, 1)}
    assert s.false_positives == ["placeholder line 7"] and s.missed[0].startswith("placeholder line 12")


def test_only_scored_checks_count():
    v = variant(["numbering"], [exp("numbering", [3])])
    s = score_variant(v, [F("numbering", 3), F("placeholder", 8), F("letter-d", 2)], MODES)
    assert s.counts == {"numbering": (1, 0, 0)} and s.ok()


def test_part_match_accepts_role_or_chinese_name_and_ignores_line():
    v = variant(["missing-part"], [exp("missing-part", part="causes"), exp("missing-part", part="rectification",
                                                                           origin="known")])
    s = score_variant(v, [F("missing-part", 40, "原因分析"), F("missing-part", None, "rectification"),
                          F("missing-part", 40, "plans")], MODES)
    assert s.counts["missing-part"] == (2, 1, 0)
    assert s.false_positives == ["missing-part part plans"]


def test_optional_expected_neither_counts_nor_misses():
    v = variant(["missing-part"], [exp("missing-part", part="opening"),
                                   exp("missing-part", part="rectification", optional=True)])
    assert score_variant(v, [F("missing-part", None, "opening")], MODES).counts["missing-part"] == (1, 0, 0)
    both = score_variant(v, [F("missing-part", None, "opening"), F("missing-part", None, "rectification")], MODES)
    assert both.counts["missing-part"] == (1, 0, 0)


def test_any_line_and_report_matching():
    v = variant(["mixed-level", "part-order"], [exp("mixed-level", [4, 9]), exp("part-order")])
    s = score_variant(v, [F("mixed-level", 9), F("mixed-level", 4), F("part-order", 17)], MODES)
    assert s.counts == {"mixed-level": (1, 0, 0), "part-order": (1, 0, 0)}
    miss = score_variant(v, [F("mixed-level", 5)], MODES)
    assert miss.counts == {"mixed-level": (0, 1, 1), "part-order": (0, 0, 1)}


def test_clean_control_scores_false_positives():
    v = variant(["dated-expression"], [])
    s = score_variant(v, [F("dated-expression", 6)], MODES)
    assert s.counts["dated-expression"] == (0, 1, 0) and not s.ok()
    t = totals([s, score_variant(variant(["dated-expression"], [exp("dated-expression", [2])]),
                                 [F("dated-expression", 2)], MODES)])
    assert (t["dated-expression"].precision, t["dated-expression"].recall) == (0.5, 1.0)


@pytest.mark.parametrize("given,role", [("causes", "causes"), ("原因分析", "causes"), ("存在问题", "problems"),
                                        (None, None)])
def test_norm_part(given, role):
    assert norm_part(given) == role


def test_counts_and_helpers():
    assert Counts().precision is None and Counts().recall is None and Counts().f1 is None
    c = set_f1({1, 2, 3}, {2, 3, 4, 5})
    assert (c.tp, c.fp, c.fn) == (2, 2, 1) and c.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    a = Accuracy()
    a.add("plans", "plans")
    a.add("plans", "closing")
    assert a.value == 0.5 and a.confusion == {("plans", "closing"): 1}
    assert hit_at_k([False, False, True], 2) is False and hit_at_k([False, True], 5) is True
    assert share_at_k([True, False, True], 5) == pytest.approx(0.4)
