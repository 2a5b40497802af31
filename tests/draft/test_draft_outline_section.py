"""The outline (offline and through the API as JSON) and a single section with its repair loop."""

from __future__ import annotations

import json
from pathlib import Path

from fakeopenai import FakeOpenAI

from assistant.domain.models import Role
from assistant.domain.profile import load_profile
from assistant.services.drafting.grounding import facts_of
from assistant.services.drafting.outline import draft_outline
from assistant.services.drafting.section import GroundedStream, draft_section
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILE = load_profile(ROOT / "examples/profiles/state_enterprise.yaml")


def test_offline_outline_follows_the_rubric(tmp_path: Path) -> None:
    o = draft_outline(PROFILE, Settings(chroma_path=tmp_path / "c"), backend="offline")
    assert [p.role for p in o.parts] == [Role.opening, Role.achievements, Role.rectification, Role.problems,
                                         Role.causes, Role.plans, Role.closing]
    assert [p.number for p in o.parts if p.number] == ["一、", "二、", "三、", "四、", "五、"]
    assert o.parts[3].items[0] == "理论学习系统性不够，以会代学、以读代学的情况仍然存在"
    assert "（一）加强党的政治建设" in o.text  # the same heading as the offline draft's item


def test_api_outline_maps_parts_grounds_items_and_keeps_order(fake_openai: FakeOpenAI,
                                                              api_settings: Settings) -> None:
    answer = {"parts": [
        {"role": "下一步工作思路", "items": ["三、健全学习制度", "开展培训30场"]},
        {"role": "achievements", "items": ["（一）抓政治建设，专题学习24次", "抓组织建设"]},
        {"role": "unknown-part", "items": ["被忽略"]},
    ]}
    fake_openai.queue(json.dumps(answer, ensure_ascii=False))
    o = draft_outline(PROFILE, api_settings, backend="api")
    by = {p.role: p for p in o.parts}
    assert by[Role.achievements].items == ["抓政治建设，专题学习24次", "抓组织建设"]
    assert by[Role.plans].items == ["健全学习制度", "开展培训【待补充：场次】"]
    assert by[Role.problems].items == [] and "被忽略" not in o.text
    assert "（一）健全学习制度" in o.text and fake_openai.chat_requests[0]["response_format"]["type"] == "json_object"


def test_section_repairs_a_wrong_answer(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue("今年我们开展了主题党日活动，组织了学习，完成了换届，取得了显著成效，获得了表彰。",
                      "（一）主观上，我对党建工作的系统谋划不够。\n（二）客观上，党员分散，集中学习难。")
    r = draft_section(PROFILE, "causes", api_settings, backend="api")
    part = r.parts[0]
    assert part.attempts == 2 and not part.defects
    assert r.text.splitlines()[0] == "四、问题原因分析"
    repair = fake_openai.chat_requests[1]["messages"][-1]["content"]
    assert "更像“主要工作及成效”" in repair


def test_grounded_stream_holds_a_sentence_until_it_ends() -> None:
    shown: list[str] = []
    g = GroundedStream(facts_of(PROFILE), shown.append)
    for piece in ["我组织学习2", "4次，召开会", "议99次。", "还有"]:
        g(piece)
    assert shown == ["我组织学习24次，召开会议【待补充：次数】。"]
    g.close()
    assert shown[-1] == "还有"


def test_section_with_a_placeholder_is_redrafted(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    # a single part is checked with the critique's placeholder check too, not only for emptiness and role
    fake_openai.queue("（一）xx方面的理论学习还不够深入。\n（二）对青年党员思想动态掌握不够及时。",
                      "（一）理论学习还不够深入。\n（二）对青年党员思想动态掌握不够及时。")
    r = draft_section(PROFILE, "problems", api_settings, backend="api")
    part = r.parts[0]
    assert part.attempts == 2 and not part.defects and "xx" not in r.text
    repair = fake_openai.chat_requests[1]["messages"][-1]["content"]
    assert "placeholder" in repair and "xx" in repair
