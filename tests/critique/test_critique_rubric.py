"""The rubric as data: shipped defaults, a replacement with --rubric, severities, and the yearly tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from critique_helpers import of, replace, run

from assistant.domain.models import Role
from assistant.domain.rubric import RubricError, load_rubric


def test_shipped_rubric_is_complete() -> None:
    r = load_rubric()
    c = r.checks()
    assert r.order()[:3] == [Role.title, Role.opening, Role.achievements]
    from assistant.domain.checks import CHECK_IDS

    assert set(CHECK_IDS) <= set(c.severities)
    assert any(e.expr == "党史学习教育" and e.from_year == 2021 for e in c.dated_expressions)
    assert {f.name for f in c.formulations} >= {"四个意识", "四个自信", "两个维护", "两个确立", "三会一课"}
    assert all(isinstance(p, str) or p.point for p in c.review_points)
    assert r.extra("review_points")  # what the LLM review reads


def _write(tmp_path: Path, text: str, name: str = "rubric.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


PARTS = """parts:
  - {role: title, requirement: required, heading: 标题, numbered: false}
  - {role: opening, requirement: required, heading: 总述, numbered: false}
  - {role: achievements, requirement: required, heading: 主要工作}
  - {role: problems, requirement: required, heading: 存在问题}
  - {role: plans, requirement: required, heading: 下一步}
"""


def test_replacement_rubric_changes_parts_length_and_severity(tmp_path: Path, clean_lines: list[str]) -> None:
    path = _write(tmp_path, "name: 乡镇通知\n" + PARTS + "length_limit: 800\nseverities: {placeholder: warning, "
                  "halfwidth-punct: 'off'}\n")
    r = load_rubric(path)
    assert r.name == "乡镇通知" and r.checks().dated_expressions  # left-out settings fall back to the shipped ones
    lines = replace(clean_lines, 5, "24次", "x次")
    lines = replace(lines, 3, "职责，坚持", "职责,坚持")
    lines = lines[:7] + lines[9:]  # no rectification: not required by this notice
    result = run(lines, r)
    assert of(result, "missing-part") == []
    assert [f.severity.value for f in of(result, "placeholder")] == ["warning"]
    assert of(result, "halfwidth-punct") == []
    assert len(of(result, "too-long")) == 1
    assert not result.has_errors


def test_tables_from_a_file_next_to_the_rubric_or_inline(tmp_path: Path, clean_lines: list[str]) -> None:
    _write(tmp_path, "- {expr: 主题党日, from: 2030, to: null}\n", "years.yaml")
    path = _write(tmp_path, PARTS + "dated_expressions: years.yaml\nformulations:\n"
                  "  - {name: 两个结合, right: “两个结合”, family: '(?P<n>[一三四])个结合', expect: {n: []}}\n")
    r = load_rubric(path)
    assert [e.expr for e in r.checks().dated_expressions] == ["主题党日"]
    lines = replace(clean_lines, 5, "扎实开展党纪学习教育", "坚持“三个结合”")
    result = run(lines, r)
    assert [f.line for f in of(result, "dated-expression")] == [6]  # 主题党日 is "newer" than 2024 here
    assert [f.line for f in of(result, "formulation")] == [5]


@pytest.mark.parametrize(("text", "words"), [
    ("parts: [{role: nonsense, heading: x}]\n", "评分细则有误"),
    ("- just\n- a list\n", "应是一组“名称: 值”"),
    ("parts: [\n", "不是有效的 YAML"),
    (PARTS + "dated_expressions: [{expr: 十九大}]\n", "dated_expressions"),
    (PARTS + "dated_expressions: missing.yaml\n", "missing.yaml"),
    (PARTS + "unanswered_threshold: 3.6\n", "unanswered_threshold"),  # above 1.5 + weight 2: every problem
    (PARTS + "unanswered_threshold: -0.1\n", "unanswered_threshold"),
    (PARTS + "unanswered_embedding_weight: -1\n", "unanswered_embedding_weight"),
    (PARTS + "severities: {placeholder: fatal}\n", "severities"),
    # before: a RecursionError traceback; "not valid YAML in UTF-8" for a Python tag
    ("parts: " + "[" * 1000 + "]" * 1000 + "\n", "嵌套超过 50 层"),
    ("parts: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n", "嵌套超过 50 层"),
    (PARTS + "name: !!python/object/apply:os.system [echo]\n", "YAML 标签 !!python/object/apply:os.system"),
])
def test_bad_rubric_is_one_clear_error(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(RubricError) as e:
        load_rubric(_write(tmp_path, text))
    assert words in str(e.value) and "\n" not in str(e.value)


def test_missing_rubric_file(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="没有这个评分细则文件"):
        load_rubric(tmp_path / "none.yaml")
