"""A whole report through the API path: the real openai client against the test server, a real index."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_helpers import GOOD, part_of
from fakeopenai import FakeOpenAI, Reply

from assistant.domain.models import Role
from assistant.domain.parse import parse_text
from assistant.domain.profile import load_profile
from assistant.services.drafting.report import COMPOSED, draft_report
from assistant.services.drafting.work import INCOMPLETE
from assistant.services.llm import LLMError
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples/profiles/state_enterprise.yaml"
ORDER = [Role.opening, Role.achievements, Role.rectification, Role.problems, Role.causes, Role.plans, Role.closing]


def _good(body: dict) -> Reply:
    role, _ = part_of(body)
    assert role is not None, "every drafting request names its part"
    return Reply(content=GOOD[role])


@pytest.fixture
def settings(api_settings: Settings, seed_index: Path) -> Settings:
    return api_settings.model_copy(update={"chroma_path": seed_index})


def test_report_parts_order_numbering_and_sources(fake_openai: FakeOpenAI, settings: Settings) -> None:
    fake_openai.responder = _good
    r = draft_report(load_profile(PROFILE), settings, backend="api")
    assert r.backend == "api" and [p.role for p in r.parts] == [Role.title, *ORDER]
    assert len(fake_openai.chat_requests) == 7  # one call per part, the title is the code's
    # headings numbered by the code, in the rubric's order
    heads = [ln for ln in r.text.splitlines() if ln[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert heads == ["一、主要工作及成效", "二、上年度述职评议反馈问题整改情况", "三、存在的问题", "四、问题原因分析",
                     "五、下一步工作思路和措施"]
    ach = r.part("achievements").text.splitlines()
    # the model's 一、/三、 items, its repeated heading and its 1./2. sub-items are renumbered by level
    assert ach[0].startswith("（一）坚持政治引领") and ach[2].startswith("（二）抓实组织建设")
    assert "一是完成换届选举，二是发展党员3名" in ach[3]
    assert ach[4].startswith("1.") and ach[5].startswith("2.")
    assert not any("主要工作及成效" in x for x in ach)
    # the parser reads the assembled report back with every part in order
    parsed = parse_text(r.text, "draft")
    assert len(parsed.reports) == 1
    roles = [s.role for s in parsed.reports[0].sections]
    assert [x for x in roles if x != Role.title] == ORDER
    assert not [p.defects for p in r.parts if p.defects]
    # each part records the exemplars that went into its prompt, and the prompt shows their ids
    ach_part = r.part("achievements")
    assert ach_part.sources and all(s.chunk_id for s in ach_part.sources)
    prompt = next(b for b in fake_openai.chat_requests if part_of(b)[0] == Role.achievements)
    assert all(s.chunk_id in prompt["messages"][1]["content"] for s in ach_part.sources)
    assert "<<<" in prompt["messages"][1]["content"]
    assert r.sources_json()["achievements"][0]["chunk_id"] == ach_part.sources[0].chunk_id


def test_invented_figures_become_slots(fake_openai: FakeOpenAI, settings: Settings) -> None:
    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        if role == Role.achievements:
            return Reply(content="（一）强化政治建设\n我组织专题学习二十四次，开展谈心谈话35次，参学率百分之九十八，"
                                 "王建国同志荣获“全国优秀共产党员”称号。")
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(load_profile(PROFILE), settings, backend="api")
    text = r.part("achievements").text
    assert "二十四次" in text and "百分之九十八" in text  # 24次 and 98% are in the profile, in other numerals
    assert "35" not in text and "王建国" not in text and "全国优秀共产党员" not in text
    assert "【待补充：次数】" in text and "【待补充：姓名】" in text and "【待补充：荣誉名称】" in text
    reasons = [s.reason for s in r.slots if s.part == Role.achievements]
    assert any("35次" in x for x in reasons) and any("王建国" in x for x in reasons)


def test_repair_loop_redrafts_a_wrong_part(fake_openai: FakeOpenAI, settings: Settings) -> None:
    calls: list[tuple[Role | None, bool]] = []

    def answer(body: dict) -> Reply:
        role, repair = part_of(body)
        calls.append((role, repair))
        if role == Role.problems and not repair:
            return Reply(content="（一）xx方面还存在差距。")  # a placeholder: must be redrafted
        if role == Role.causes and not repair:
            return Reply(content="")  # an empty answer
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(load_profile(PROFILE), settings, backend="api")
    assert (Role.problems, True) in calls and (Role.causes, True) in calls
    assert len(calls) == 9
    repair_prompt = next(b for b in fake_openai.chat_requests if part_of(b) == (Role.problems, True))
    assert "placeholder" in repair_prompt["messages"][-1]["content"]
    assert r.part("problems").text == GOOD[Role.problems] and r.part("problems").attempts == 2
    assert r.part("causes").attempts == 2 and not r.part("causes").defects


def test_what_still_fails_is_reported(fake_openai: FakeOpenAI, settings: Settings) -> None:
    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        return Reply(content="") if role == Role.plans else Reply(content=GOOD[role])

    fake_openai.responder = answer
    s = settings.model_copy(update={"max_repairs": 2})
    r = draft_report(load_profile(PROFILE), s, backend="api")
    plans = r.part("plans")
    assert plans.attempts == 3 and plans.defects and "内容为空" in plans.defects[0]
    assert plans.text.endswith(INCOMPLETE["composed"]) and plans.defects[-1] == COMPOSED
    assert any(s.part == Role.plans for s in r.slots)


def test_parts_are_drafted_concurrently(fake_openai: FakeOpenAI, settings: Settings) -> None:
    fake_openai.responder = lambda body: Reply(content=GOOD[part_of(body)[0]], delay=0.4)
    # the test server is local: a local server starts at local_concurrency. Seven in flight at once is the
    # concurrency; the wall time is the bench's business (bench/bench_draft.py), not a loaded test machine's
    draft_report(load_profile(PROFILE), settings.model_copy(update={"concurrency": 7, "local_concurrency": 7}),
                 backend="api")
    assert fake_openai.max_in_flight == 7
    fake_openai.max_in_flight = 0
    fake_openai.responder = lambda body: Reply(content=GOOD[part_of(body)[0]], delay=0.1)
    draft_report(load_profile(PROFILE), settings.model_copy(update={"concurrency": 2}), backend="api")
    assert fake_openai.max_in_flight == 2


def test_an_answer_cut_at_max_tokens_is_redrafted_not_continued(fake_openai: FakeOpenAI, settings: Settings) -> None:
    # max_tokens is the part's length budget: going on past it would only make the part longer
    def answer(body: dict) -> Reply:
        role, repair = part_of(body)
        if role == Role.closing and not repair:
            return Reply(content="下一步，我将切实履行第一责任人职责，", finish_reason="length")
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(load_profile(PROFILE), settings, backend="api")
    assert r.part("closing").text == GOOD[Role.closing] and r.part("closing").attempts == 2
    assert [part_of(b) for b in fake_openai.chat_requests].count((None, False)) == 0  # no continuation request
    assert all(b["max_tokens"] >= 200 and b["stream"] for b in fake_openai.chat_requests)


def test_rejected_key_stops_the_run(settings: Settings) -> None:
    with FakeOpenAI(api_key="sk-other") as srv:
        s = settings.model_copy(update={"base_url": srv.base_url})
        with pytest.raises(LLMError, match="拒绝了密钥"):
            draft_report(load_profile(PROFILE), s, backend="api")


def test_a_part_still_cut_off_is_marked_in_the_text(fake_openai: FakeOpenAI, settings: Settings) -> None:
    from assistant.services.drafting.work import INCOMPLETE

    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        if role in (Role.achievements, None):  # None: the continuation request of a cut-off answer
            return Reply(content="（一）我坚持“第一议题”制度，全年组织", finish_reason="length")
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(load_profile(PROFILE), settings.model_copy(update={"max_repairs": 1}), backend="api")
    ach = r.part("achievements")
    assert ach.attempts == 2 and any("截断" in d for d in ach.defects)
    # the written draft does not read as complete where the model stopped
    assert ach.text.endswith(INCOMPLETE["truncated"]) and INCOMPLETE["truncated"] in r.text
    assert any(s.slot == INCOMPLETE["truncated"] and "不完整" in s.reason for s in r.slots)


def test_a_filtered_answer_is_redrafted(fake_openai: FakeOpenAI, settings: Settings) -> None:
    def answer(body: dict) -> Reply:
        role, repair = part_of(body)
        if role == Role.problems and not repair:
            return Reply(content="（一）理论学习", finish_reason="content_filter")
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(load_profile(PROFILE), settings, backend="api")
    assert r.part("problems").attempts == 2 and not r.part("problems").defects
    assert r.part("problems").text == GOOD[Role.problems]
    repair = next(b for b in fake_openai.chat_requests if part_of(b) == (Role.problems, True))
    assert "内容审核" in repair["messages"][-1]["content"]


def test_an_answer_in_the_wrong_shape_stops_the_run(fake_openai: FakeOpenAI, settings: Settings) -> None:
    fake_openai.responder = lambda body: Reply(raw_body='{"object": "list", "data": []}')
    with pytest.raises(LLMError, match="不是对话补全"):
        draft_report(load_profile(PROFILE), settings, backend="api")


def test_a_missing_part_redrafts_only_that_part(fake_openai: FakeOpenAI, settings: Settings) -> None:
    calls: list[tuple[Role | None, bool]] = []

    def answer(body: dict) -> Reply:
        role, repair = part_of(body)
        calls.append((role, repair))
        if role == Role.opening and not repair:
            return Reply(content="")
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(load_profile(PROFILE), settings, backend="api")
    assert [c for c in calls if c[1]] == [(Role.opening, True)]  # the part after it is not redrafted
    assert r.part("opening").attempts == 2 and r.part("achievements").attempts == 1
    assert not [p.role for p in r.parts if p.defects]


def test_garbage_for_a_part_is_redrafted_with_the_defect_named(fake_openai: FakeOpenAI, settings: Settings) -> None:
    # random characters pass the figure, placeholder and wrong-part checks: they must fail as not being prose
    def answer(body: dict) -> Reply:
        role, repair = part_of(body)
        if role == Role.causes and not repair:
            return Reply(content="Xq7#kd9 zP@2 lmw8&Rt vB3!op 9xQz h4K$w2 ^Tn6 yU1 " * 6)
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(load_profile(PROFILE), settings, backend="api")
    assert r.part("causes").attempts == 2 and r.part("causes").text == GOOD[Role.causes]
    assert [p.role for p in r.parts if p.attempts > 1] == [Role.causes]
    repair = next(b for b in fake_openai.chat_requests if part_of(b) == (Role.causes, True))
    assert "内容不像中文公文：中文只占0%" in repair["messages"][-1]["content"]


def test_each_part_is_asked_for_its_length_and_the_answer_is_measured_against_it(fake_openai: FakeOpenAI,
                                                                                 api_settings: Settings) -> None:
    from assistant.services.drafting.length_plan import planned
    from assistant.services.drafting.messages import target_chars

    fake_openai.responder = _good
    profile = load_profile(PROFILE).model_copy(update={"target_length": 6000})
    r = draft_report(profile, api_settings, backend="api")
    for body in fake_openai.chat_requests:
        role, _ = part_of(body)
        assert f"约{target_chars(profile, role)}字" in body["messages"][1]["content"]
    for p in r.parts[1:]:
        assert p.target_chars == target_chars(profile, p.role) and p.chars == planned(p.text) > 0
    assert sum(p.target_chars for p in r.parts[1:]) == pytest.approx(6000, rel=0.02)
    assert r.part("achievements").target_chars > r.part("plans").target_chars > r.part("closing").target_chars
