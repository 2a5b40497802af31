"""The LLM review inside the critique, against the OpenAI-compatible test server (real client, real HTTP):
evidence must occur in the draft, duplicates of rule findings are merged, and a failing LLM never costs
the deterministic report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from critique_helpers import DATA, cli, of, replace
from fakeopenai import FakeOpenAI, Reply

from assistant.domain.models import Finding, Severity
from assistant.domain.rubric import Rubric
from assistant.services.critique import critique_text, merge_llm
from assistant.settings import Settings


def _settings(srv: FakeOpenAI) -> Settings:
    return Settings(base_url=srv.base_url, api_key="sk-test-key-0000", model="fake-model", retries=0, timeout=10)


def _answer(*items: dict) -> str:
    return json.dumps({"findings": list(items)}, ensure_ascii=False)


def _draft(clean_lines: list[str]) -> list[str]:
    return replace(clean_lines, 5, "全年主持支部集中学习24次", "全年主持支部集中学习x次")


def test_llm_findings_are_filtered_and_merged(fake_openai: FakeOpenAI, clean_lines: list[str],
                                              rubric: Rubric) -> None:
    lines = _draft(clean_lines)
    fake_openai.queue(_answer(
        {"check": "problems-vague", "severity": "warning", "line": 99, "evidence": "谈心谈话有时流于形式",
         "part": "存在问题", "message": "问题写得笼统", "suggestion": "写明哪些谈话、什么时候"},
        {"check": "llm-review", "line": 12, "evidence": "全年为群众办实事120件", "message": "编造的引文"},
        {"check": "placeholder", "severity": "error", "line": 5, "evidence": "集中学习x次", "message": "占位符"},
        {"check": "problems-vague", "line": 13, "evidence": "谈心谈话有时流于形式", "message": "重复一次"},
    ))
    result = critique_text("\n".join(lines), name="d.txt", rubric=rubric, llm=True, settings=_settings(fake_openai))
    llm = [f for f in result.findings if f.source == "llm"]
    assert [(f.check, f.line, f.part) for f in llm] == [("problems-vague", 13, "problems")]  # moved to the quote
    assert llm[0].column == lines[12].index("谈心谈话有时流于形式") + 1
    assert len(of(result, "placeholder")) == 1  # the LLM's copy of a rule finding is merged away
    assert any("舍去" in n for n in result.notes)
    # The request carried the draft with line numbers, the review points and the rule findings.
    user = fake_openai.chat_requests[0]["messages"][-1]["content"]
    assert "  5  （一）抓理论武装" in user and "placeholder" in user and "原因分析要有主观原因" in user


def test_llm_failure_keeps_the_rule_report(fake_openai: FakeOpenAI, clean_lines: list[str], rubric: Rubric) -> None:
    fake_openai.queue("这不是JSON。", "还不是JSON。")
    result = critique_text("\n".join(_draft(clean_lines)), name="d.txt", rubric=rubric, llm=True,
                           settings=_settings(fake_openai))
    assert [f.check for f in result.findings] == ["placeholder"]
    assert len(fake_openai.chat_requests) == 2  # asked, re-asked once, then gave up
    assert any("LLM 评审失败" in n for n in result.notes)
    fake_openai.queue(Reply(status=500, error="boom"))
    result = critique_text("\n".join(_draft(clean_lines)), name="d.txt", rubric=rubric, llm=True,
                           settings=_settings(fake_openai))
    assert [f.check for f in result.findings] == ["placeholder"] and any("失败" in n for n in result.notes)


def test_merge_llm_rules() -> None:
    raw = ["标题", "我们D支部开展了学习。", "问题：学习不够深入。"]
    clean = ["标题", "我们党支部开展了学习。", "问题：学习不够深入。"]
    rule = [Finding(check="letter-d", severity=Severity.error, line=2, message="D")]

    def llm(check: str, line: int | None, ev: str) -> Finding:
        return Finding(check=check, severity=Severity.warning, line=line, evidence=ev, message="m", source="llm")

    kept, dropped = merge_llm(rule, [llm("vague", None, "学习不够 深入"), llm("letter-d", 2, "D支部"),
                                     llm("vague", 3, "学习不够深入"), llm("x", 1, "没有的话"),
                                     llm("y", 2, "党支部开展了学习"), llm("z", 1, "")], raw, clean)
    assert [(f.check, f.line) for f in kept] == [("vague", 3), ("y", 2)]
    assert dropped == 4


def test_llm_findings_must_quote_specifically_and_invent_no_figure(fake_openai: FakeOpenAI, clean_lines: list[str],
                                                                  rubric: Rubric) -> None:
    fake_openai.queue(_answer(
        # a quote that stands in every report, with a figure the report does not hold
        {"check": "llm-review", "line": 1, "evidence": "报告", "message": "全年只开展学习3次，次数太少"},
        # a specific quote, but a figure the report does not hold (it says 24次)
        {"check": "llm-review", "line": 5, "evidence": "全年主持支部集中学习", "message": "集中学习仅36次，偏少"},
        # a real quote of the achievements, named as a problem
        {"check": "problems-vague", "part": "存在问题", "evidence": "支部党员档案全部规范整理归档", "message": "笼统"},
        # kept: a specific quote in the part it names, and the figure is the report's own (24次 = 二十四次)
        {"check": "llm-review", "part": "主要工作", "line": 5, "evidence": "全年主持支部集中学习",
         "message": "集中学习二十四次，第5行未写学习成效"},
    ))
    result = critique_text("\n".join(clean_lines), name="d.txt", rubric=rubric, llm=True,
                           settings=_settings(fake_openai))
    assert [(f.check, f.line, f.message) for f in result.findings] == [
        ("llm-review", 5, "集中学习二十四次，第5行未写学习成效")]
    assert any("3 条意见" in n for n in result.notes)


@pytest.mark.slow
def test_cli_uses_llm_when_an_api_is_configured(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    env = {"ASSISTANT_BASE_URL": fake_openai.base_url, "ASSISTANT_API_KEY": "sk-test-key-0000",
           "ASSISTANT_MODEL": "fake-model", "ASSISTANT_RETRIES": "0"}
    draft = DATA / "clean_2024.txt"
    fake_openai.queue(_answer({"check": "first-person", "line": 6, "evidence": "支部党员档案全部规范整理归档",
                               "message": "像单位总结，少了“我”", "severity": "info"}))
    p = cli(str(draft), "--format", "json", env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    found = json.loads(p.stdout)["findings"]
    assert [(f["check"], f["line"], f["source"]) for f in found] == [("first-person", 6, "llm")]
    n = len(fake_openai.chat_requests)
    p = cli(str(draft), "--format", "json", "--no-llm", env=env, cwd=tmp_path)
    assert p.returncode == 0 and json.loads(p.stdout)["findings"] == [] and len(fake_openai.chat_requests) == n
    fake_openai.queue(Reply(status=500, error="down"), Reply(status=500, error="down"))
    p = cli(str(draft), "--format", "json", env=env, cwd=tmp_path)
    assert p.returncode == 0 and json.loads(p.stdout)["findings"] == []
    assert "LLM 评审失败" in p.stderr and "sk-test-key" not in p.stderr and "Traceback" not in p.stderr


_VAGUE = {"check": "problems-vague", "severity": "warning", "line": 13, "evidence": "谈心谈话有时流于形式",
          "message": "问题写得笼统", "suggestion": "写明哪些谈话、什么时候"}


@pytest.mark.parametrize(("mode", "answer", "format_type"), [
    ("json_schema", _answer(_VAGUE), "json_schema"),
    ("json_object", _answer(_VAGUE), "json_object"),  # DeepSeek: json_object only
    ("plain", "好的，审阅意见如下：\n```json\n" + _answer(_VAGUE) + "\n```\n以上。", None),  # prose and a fence
])
def test_review_in_each_json_mode(fake_openai: FakeOpenAI, clean_lines: list[str], rubric: Rubric, mode: str,
                                  answer: str, format_type: str | None) -> None:
    fake_openai.queue(answer)
    settings = _settings(fake_openai).model_copy(update={"json_mode": mode})
    result = critique_text("\n".join(_draft(clean_lines)), name="d.txt", rubric=rubric, llm=True, settings=settings)
    assert [(f.check, f.line, f.source) for f in result.findings] == [("placeholder", 5, "rule"),
                                                                      ("problems-vague", 13, "llm")]
    request = fake_openai.chat_requests[0]
    assert (request.get("response_format") or {}).get("type") == format_type
    # json_object needs the word "json" in the prompt; plain mode needs the schema spelled out.
    system = request["messages"][0]["content"]
    assert "JSON" in system and "evidence" in system


def test_a_server_without_json_schema(clean_lines: list[str], rubric: Rubric) -> None:
    # A provider that refuses json_schema (DeepSeek: 400; the llama-cpp-python server: 500) fails the review
    # under json_schema, which costs only the review; set to json_object, the same server answers.
    with FakeOpenAI(reject_response_formats={"json_schema"}) as srv:
        draft = "\n".join(_draft(clean_lines))
        result = critique_text(draft, name="d.txt", rubric=rubric, llm=True, settings=_settings(srv))
        assert [f.check for f in result.findings] == ["placeholder"] and any("失败" in n for n in result.notes)
        srv.queue(_answer(_VAGUE))
        ok = critique_text(draft, name="d.txt", rubric=rubric, llm=True,
                           settings=_settings(srv).model_copy(update={"json_mode": "json_object"}))
        assert [f.check for f in ok.findings] == ["placeholder", "problems-vague"] and ok.notes == []


def test_a_review_point_that_repeats_a_rule_is_merged(fake_openai: FakeOpenAI, clean_lines: list[str],
                                                      rubric: Rubric) -> None:
    # plans-unanswered is `same_as: unanswered-problem` in the shipped rubric: on the line the rule reported it is
    # a repeat; on another line it is the LLM's own finding.
    assert rubric.same_as() == {"plans-unanswered": "unanswered-problem"}
    problem = "四是意识形态阵地管理存在薄弱环节。对网络舆情研判不及时，微信工作群的审核把关不够严格。"
    lines = clean_lines[:13] + [problem] + clean_lines[13:]
    fake_openai.queue(_answer(
        {"check": "plans-unanswered", "line": 14, "evidence": "对网络舆情研判不及时", "message": "没有对应措施"},
        {"check": "plans-unanswered", "line": 13, "evidence": "谈心谈话有时流于形式", "message": "措施太笼统"}))
    result = critique_text("\n".join(lines), name="d.txt", rubric=rubric, llm=True, settings=_settings(fake_openai))
    assert [(f.check, f.line, f.source) for f in result.findings] == [
        ("plans-unanswered", 13, "llm"), ("unanswered-problem", 14, "rule")]
