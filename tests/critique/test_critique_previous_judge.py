"""The year-on-year judgement by the LLM (services/critique/previous_judge.py) against the OpenAI-compatible test
server (real client, real HTTP): the model's valid verdicts decide repeated-problem and unrectified, a claim of
`answered` without a verbatim quote is ignored, verbatim repeats stand, a malformed answer is re-asked, a failing
endpoint leaves the rule findings with a named fallback, and without an API nothing changes.

The pair is tests/critique/data/yoy/village_*.txt, this year's third problem reworded so far (学习活动千篇一律 for 教育方式单一)
that the matcher does not take it for last year's first.
"""

from __future__ import annotations

import json

import pytest
from critique_helpers import DATA
from fakeopenai import FakeOpenAI, Reply

from assistant.domain.rubric import Rubric
from assistant.services.critique import CritiqueResult, critique_text
from assistant.services.critique.previous import load_previous
from assistant.settings import Settings

YOY = DATA / "yoy"
YOY_CHECKS = ("repeated-problem", "unrectified")
REWORDED = "三是支部的学习活动千篇一律，照本宣科，青年人坐不住、听不进。"


def _this_year() -> str:
    lines = (YOY / "village_2024.txt").read_text("utf-8").splitlines()
    assert lines[15].startswith("三是党员教育的形式")
    lines[15] = REWORDED
    return "\n".join(lines)


def _settings(srv: FakeOpenAI) -> Settings:
    return Settings(base_url=srv.base_url, api_key="sk-test-key-0000", model="fake-model", retries=0, timeout=10)


def _critique(rubric: Rubric, settings: Settings, llm: bool = False) -> CritiqueResult:
    """The critique with the judgement on: with the LLM review (llm) or, as the yoy eval runs it, without."""
    return critique_text(_this_year(), name="this.txt", rubric=rubric, llm=llm, settings=settings,
                         previous=load_previous(YOY / "village_2023.txt", None), judge_previous=True if not llm else None)


def _yoy(result: CritiqueResult) -> list[tuple[str, int | None, int | None, str]]:
    return sorted((f.check, f.line, f.previous_line, f.source) for f in result.findings if f.check in YOY_CHECKS)


def _judgement(same: dict[str, str | None], answered: dict[str, tuple[bool, str]]) -> str:
    return json.dumps({"repeats": [{"id": t, "same_as": lid, "reason": "所指相同" if lid else "新问题"}
                                     for t, lid in same.items()],
                       "answers": [{"id": lid, "answered": a, "evidence": ev} for lid, (a, ev) in answered.items()]},
                      ensure_ascii=False)


@pytest.fixture(scope="module")
def offline(rubric: Rubric) -> CritiqueResult:
    return critique_text(_this_year(), name="this.txt", rubric=rubric, settings=Settings(base_url=None, api_key=None),
                         previous=load_previous(YOY / "village_2023.txt", None))


def test_the_rule_matcher_misses_the_reworded_repeat(offline: CritiqueResult) -> None:
    # the premise of the tests below: T1 (line 14) repeats L2 (line 12) verbatim, line 16 is missed, L2 unrectified
    assert _yoy(offline) == [("repeated-problem", 14, 12, "rule"), ("unrectified", 8, 12, "rule")]


def test_the_models_verdict_decides(fake_openai: FakeOpenAI, rubric: Rubric) -> None:
    # T1 is a verbatim repeat: it stands though the model says new; T3 is L1 reworded: added with both quotes;
    # L2 "answered" with words the rectification does not hold: ignored, the rule finding stands; L4 answered
    # (line 12 of this year) and L3 judged unanswered though the matcher found its answer: added
    fake_openai.queue(_judgement({"T1": None, "T2": None, "T3": "L1", "T4": None},
                                 {"L1": (True, "开设“田间课堂”，邀请种植能手现场讲授"),
                                  "L2": (True, "建立流动党员管理台账，推行线上组织生活"),
                                  "L3": (False, ""),
                                  "L4": (True, "参加县委组织部举办的村党组织书记示范培训班")}))
    res = _critique(rubric, _settings(fake_openai))
    assert _yoy(res) == [("repeated-problem", 14, 12, "rule"), ("repeated-problem", 16, 11, "llm"),
                         ("unrectified", 8, 12, "rule"), ("unrectified", 8, 13, "llm")]
    f = next(f for f in res.findings if f.source == "llm" and f.check == "repeated-problem")
    assert "本年第16行" in f.message and "上年第11行" in f.message and "大模型判断" in f.message
    assert f.evidence and f.evidence in REWORDED and f.previous_evidence.startswith("一是党员教育方式比较单一")
    assert any("大模型判断" in n and "1条" in n and "舍去" in n for n in res.notes), res.notes
    user = fake_openai.chat_requests[0]["messages"][-1]["content"]
    assert "L2：二是流动党员管理存在薄弱环节" in user and f"T3：{REWORDED}" in user and "田间课堂" in user


def test_the_model_drops_a_rule_finding_on_evidence(fake_openai: FakeOpenAI, rubric: Rubric) -> None:
    # L2 (流动党员) answered in words the matcher does not tie to it: the model's quote takes the rule finding off
    lines = _this_year().splitlines()
    lines[11] += "四是给在外打工的同志每人发一张联系卡，每月打一次电话问近况。"
    fake_openai.queue(_judgement({"T1": "L2"}, {"L2": (True, "给在外打工的同志每人发一张联系卡，每月打一次 电话问近况")}))
    res = critique_text("\n".join(lines), name="this.txt", rubric=rubric, settings=_settings(fake_openai),
                        previous=load_previous(YOY / "village_2023.txt", None), judge_previous=True)
    assert _yoy(res) == [("repeated-problem", 14, 12, "rule")]
    assert any("判为已整改" in n and "上年第12行" in n and "给在外打工的同志" in n for n in res.notes), res.notes


def test_a_malformed_answer_is_asked_again(fake_openai: FakeOpenAI, rubric: Rubric) -> None:
    fake_openai.queue('{"repeats": [{"id": "T3"}], "answers": "都整改了"}',
                      _judgement({"T3": "L1"}, {}), json.dumps({"findings": []}))
    res = _critique(rubric, _settings(fake_openai), llm=True)
    assert ("repeated-problem", 16, 11, "llm") in _yoy(res)
    assert len(fake_openai.chat_requests) == 3  # the judgement, its re-ask, then the review
    assert "not valid JSON" in fake_openai.chat_requests[1]["messages"][-1]["content"]


def test_a_failing_endpoint_falls_back_to_the_matcher(fake_openai: FakeOpenAI, rubric: Rubric,
                                                      offline: CritiqueResult) -> None:
    fake_openai.queue(Reply(status=500, error="boom"))
    res = _critique(rubric, _settings(fake_openai))
    assert _yoy(res) == _yoy(offline)
    assert any(n.startswith("上年度对比：大模型判断失败") and "规则匹配" in n for n in res.notes), res.notes


def test_without_an_api_nothing_changes(rubric: Rubric, offline: CritiqueResult) -> None:
    res = _critique(rubric, Settings(base_url=None, api_key=None), llm=True)
    assert [f.model_dump() for f in res.findings] == [f.model_dump() for f in offline.findings]
    assert not any("大模型判断" in n for n in res.notes)
