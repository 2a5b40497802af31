"""The critique's LLM review call against the test server."""

from __future__ import annotations

import json

import pytest
from fakeopenai import FakeOpenAI

from assistant.domain.models import Finding, Severity
from assistant.domain.rubric import load_rubric
from assistant.services.critique.review import llm_review
from assistant.services.llm import LLMError
from assistant.settings import Settings

DRAFT = "党支部书记2024年抓基层党建工作述职报告\n今年我们开展了很多工作。\n一是学习不够深入。\n下一步，我将加强学习。"


def _answer(*items: dict) -> str:
    return json.dumps({"findings": list(items)}, ensure_ascii=False)


def test_review_sends_numbered_text_points_and_findings(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    rubric = load_rubric().model_copy(update={})
    rubric.__pydantic_extra__["review_points"] = [{"id": "problems-vague", "point": "问题是否具体"}]
    known = [Finding(check="missing-part", severity=Severity.error, part="causes", message="缺少原因分析")]
    fake_openai.queue(_answer(
        {"check": "problems-vague", "severity": "warning", "line": 3, "evidence": "学习不够深入",
         "message": "问题笼统", "suggestion": "写明具体表现"},
        {"check": "Something Else!", "severity": "info", "line": 99, "evidence": "很多工作", "message": "空泛"},
    ))
    out = llm_review(DRAFT, known, rubric, api_settings)
    assert [f.check for f in out] == ["problems-vague", "llm-review"]
    assert all(f.source == "llm" for f in out)
    assert out[0].line == 3 and out[0].severity == Severity.warning
    assert out[1].line is None  # a line outside the text is dropped, not trusted
    req = fake_openai.chat_requests[0]
    user = req["messages"][-1]["content"]
    assert "  3  一是学习不够深入。" in user
    assert "[problems-vague] 问题是否具体" in user and "missing-part" in user
    assert "json" in req["messages"][0]["content"].lower()
    assert req["response_format"] == {"type": "json_object"}


def test_review_reasks_then_raises(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    rubric = load_rubric()
    fake_openai.queue('{"findings": [{"severity": "fatal"}]}', _answer({"message": "措施与问题脱节", "line": 4}))
    out = llm_review(DRAFT, [], rubric, api_settings)
    assert len(out) == 1 and out[0].check == "llm-review" and out[0].line == 4
    assert "severity" in fake_openai.chat_requests[1]["messages"][-1]["content"]
    fake_openai.queue("我认为这篇报告很好。", "没有问题。")
    with pytest.raises(LLMError):
        llm_review(DRAFT, [], rubric, api_settings)


def test_review_respects_rubric_severity(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    rubric = load_rubric().model_copy(update={"severities": {"first-person": "off", "plans-unanswered": "error"}})
    fake_openai.queue(_answer({"check": "first-person", "message": "像单位总结"},
                              {"check": "plans-unanswered", "severity": "info", "message": "措施没有回应问题"}))
    out = llm_review(DRAFT, [], rubric, api_settings)
    assert [(f.check, f.severity) for f in out] == [("plans-unanswered", Severity.error)]


@pytest.mark.parametrize("mode", ["json_schema", "plain"])
def test_review_modes(fake_openai: FakeOpenAI, api_settings: Settings, mode: str) -> None:
    fake_openai.queue(_answer())
    s = api_settings.model_copy(update={"json_mode": mode})
    assert llm_review(DRAFT, [], load_rubric(), s) == []
    rf = fake_openai.chat_requests[0].get("response_format")
    assert (rf or {}).get("type") == (None if mode == "plain" else "json_schema")
