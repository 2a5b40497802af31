"""`profile extract --backend api`: the model's proposal over the real client and the test server, every figure
checked against the source; a figure or an entry the source does not hold is dropped and said."""

from __future__ import annotations

import json
from pathlib import Path

from fakeopenai import FakeOpenAI
from profile_helpers import run_cli

from assistant.domain.profile import load_profile

DATA = Path(__file__).resolve().parent / "data" / "summaries"


def test_figures_not_in_the_source_are_dropped_and_said(home: Path, fake_openai: FakeOpenAI,
                                                        monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("ASSISTANT_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ASSISTANT_API_KEY", "sk-profile-test-key-123456")
    monkeypatch.setenv("ASSISTANT_RETRIES", "0")
    answer = {"unit_name": "柳溪村党支部", "year": 2025, "work_items": [
        {"text": "发展党员2名，确定入党积极分子5名，党员总数达到47名。", "figures": ["2名", "5名", "47名", "50名"],
         "area": "组织建设", "segment": 5},
        {"text": "全年召开会议共计24次。", "figures": ["24次"], "segment": 4},  # added up: not in the source
        {"text": "流转土地320亩，村集体经济收入达到28.6万元。", "figures": ["320亩", "28.6万元"]},
    ], "problems": ["党员教育方式比较单一。"], "priorities": ["计划再发展党员2名，培育致富带头人3名。", "计划发展党员9名。"]}
    fake_openai.queue(json.dumps(answer, ensure_ascii=False))
    r = run_cli("profile", "extract", str(DATA / "village_2025.txt"), "-o", "p.yaml", "--backend", "api")
    assert r.code == 0, r.stderr
    prof = load_profile(home / "p.yaml")
    assert [w.figures for w in prof.work_items] == [["2名", "5名", "47名"], ["320亩", "28.6万元"]]
    assert prof.work_items[0].source == "第6行" and prof.work_items[1].source == "第10行"
    assert prof.unit_name == "桃源镇柳溪村党支部"  # the title's name wins over the model's
    assert "“50名”在原文中找不到，已删去" in r.stderr and "（24次），整条已删去" in r.stderr
    # a priority keeps its figures, named beside it; one whose figure the source does not hold is dropped
    assert prof.priorities == ["计划再发展党员2名，培育致富带头人3名。"] and "“计划发展党员9名。”含有原文中找不到" in r.stderr
    assert "# 第18行；数字：2名、3名（照原文摘出，请核对）" in (home / "p.yaml").read_text(encoding="utf-8")
    sent = fake_openai.chat_requests[0]
    assert "[S5] 2.加强党员队伍建设" in json.dumps(sent, ensure_ascii=False)


def test_a_failing_endpoint_is_one_line_and_writes_nothing(home: Path, fake_openai: FakeOpenAI,
                                                           monkeypatch) -> None:  # noqa: ANN001
    from fakeopenai import Reply

    monkeypatch.setenv("ASSISTANT_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ASSISTANT_API_KEY", "sk-profile-test-key-123456")
    monkeypatch.setenv("ASSISTANT_RETRIES", "0")
    fake_openai.queue(Reply(status=401, error="bad key"))
    r = run_cli("profile", "extract", str(DATA / "village_2025.txt"), "-o", "p.yaml", "--backend", "api")
    lines = [ln for ln in r.stderr.splitlines() if "error:" in ln]
    assert r.code == 1 and len(lines) == 1 and "模型调用失败，未写入" in lines[0] and "Traceback" not in r.stderr
    assert not (home / "p.yaml").exists()
