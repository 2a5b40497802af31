"""The LLM review may dispute a rule finding that is a guess (unanswered-problem), against the test server:
an upheld dispute keeps the finding as info with the answering line; a dispute that quotes no plan, names
another check or a line with no such finding is set aside."""

from __future__ import annotations

import json

from critique_helpers import of, run
from fakeopenai import FakeOpenAI

from assistant.domain.models import Severity
from assistant.domain.rubric import Rubric
from assistant.services.critique import critique_text
from assistant.settings import Settings

# The clean 2024 report with problem 三 (line 13) and plan 三 (line 19) rewritten: the plan answers the problem
# in words the rules do not tie to it, and not in the same place (an extra plan stands between).
PROBLEM = "三是对退休党员的关心关爱还有欠缺。离退休同志反映支部联系少，参加活动不便，归属感有所下降。"
OTHER_PLAN = "三是办好“书香机关”读书会，每季度推荐一批好书，营造爱读书、读好书的机关氛围。"
ANSWER = "四是为行动不便的老同志送学上门，逢年过节逐户看望，让他们感受到组织温暖。"


def _settings(srv: FakeOpenAI) -> Settings:
    return Settings(base_url=srv.base_url, api_key="sk-test-key-0000", model="fake-model", retries=0, timeout=10)


def _draft(clean_lines: list[str]) -> list[str]:
    lines = list(clean_lines)
    lines[12], lines[18] = PROBLEM, OTHER_PLAN
    return lines[:19] + [ANSWER] + lines[19:]


def _answer(*disputes: dict) -> str:
    return json.dumps({"findings": [], "disputed": list(disputes)}, ensure_ascii=False)


def test_rules_alone_report_the_problem(clean_lines: list[str], rubric: Rubric) -> None:
    found = of(run(_draft(clean_lines), rubric), "unanswered-problem")
    assert [(f.line, f.severity) for f in found] == [(13, Severity.warning)]


def test_upheld_dispute_keeps_the_finding_as_info(fake_openai: FakeOpenAI, clean_lines: list[str],
                                                 rubric: Rubric) -> None:
    fake_openai.queue(_answer({"check": "unanswered-problem", "line": 13, "evidence": "为行动不便的老同志送学上门",
                               "reason": "送学上门、逐户看望回应了对退休党员关心不够"}))
    result = critique_text("\n".join(_draft(clean_lines)), name="d.txt", rubric=rubric, llm=True,
                           settings=_settings(fake_openai))
    [f] = of(result, "unanswered-problem")
    assert f.severity == Severity.info and f.source == "rule" and f.line == 13
    assert "第20行已回应" in f.message and f.disputed is not None and "送学上门" in f.disputed
    assert any("降为提示" in n for n in result.notes)
    user = fake_openai.chat_requests[0]["messages"][-1]["content"]
    assert '"check": "unanswered-problem", "line": 13' in user and '"reviewable": true' in user
    assert "disputed" in fake_openai.chat_requests[0]["messages"][0]["content"]


def test_disputes_without_standing_are_set_aside(fake_openai: FakeOpenAI, clean_lines: list[str],
                                                 rubric: Rubric) -> None:
    fake_openai.queue(_answer(
        # quotes the problem itself, not a plan
        {"check": "unanswered-problem", "line": 13, "evidence": "离退休同志反映支部联系少", "reason": "x"},
        # quotes words that are nowhere in the draft
        {"check": "unanswered-problem", "line": 13, "evidence": "为退休党员建立关爱基金", "reason": "x"},
        # a line with no such finding
        {"check": "unanswered-problem", "line": 11, "evidence": "为行动不便的老同志送学上门", "reason": "x"},
        # a check that is not open to review
        {"check": "placeholder", "line": 13, "evidence": "为行动不便的老同志送学上门", "reason": "x"},
    ))
    result = critique_text("\n".join(_draft(clean_lines)), name="d.txt", rubric=rubric, llm=True,
                           settings=_settings(fake_openai))
    [f] = of(result, "unanswered-problem")
    assert f.severity == Severity.warning and f.disputed is None
    assert any("4 条复核意见" in n and "已舍去" in n for n in result.notes)
