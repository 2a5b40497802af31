"""Calls that fit the server: a token budget on every drafting call, first-token and silence timeouts, and
concurrency paced to a server that answers one request at a time (the test server in single-slot mode)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from draft_helpers import GOOD, part_of
from fakeopenai import FakeOpenAI, Reply

from assistant.domain.models import Role
from assistant.domain.profile import load_profile
from assistant.services.drafting.calls import is_local
from assistant.services.drafting.report import COMPOSED, draft_report
from assistant.services.drafting.work import INCOMPLETE
from assistant.services.llm import CONTINUE_PROMPT, make_async_client
from assistant.services.llm_stream import StreamTimeout, astream_chat
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILE = load_profile(ROOT / "examples/profiles/state_enterprise.yaml")


def _good(body: dict) -> Reply:
    return Reply(content=GOOD[part_of(body)[0]])


@pytest.fixture
def settings(api_settings: Settings, seed_index: Path) -> Settings:
    return api_settings.model_copy(update={"chroma_path": seed_index})


def test_a_report_on_a_server_that_answers_one_at_a_time(settings: Settings) -> None:
    # about 0.1 s per part; a part queued behind more than four others would miss its first token
    with FakeOpenAI(slots=1, token_delay=0.005) as srv:
        srv.responder = _good
        s = settings.model_copy(update={"base_url": srv.base_url, "first_token_timeout": 0.6, "idle_timeout": 0.3,
                                        "retries": 0})
        said: list[str] = []
        r = draft_report(PROFILE, s, backend="api", progress=said.append)
    assert s.concurrency == 8  # the default: the local server is what starts the pace at local_concurrency
    assert [p.role for p in r.parts if p.defects] == [] and len(srv.chat_requests) == 7
    assert srv.max_in_flight == 2  # local_concurrency, then one at a time once the queueing showed
    assert any("排队" in x and "降为 1" in x for x in said)
    lines = [x for x in said if x.startswith("[")]
    assert len(lines) == 7 and all("token/秒" in x and "首字等待" in x for x in lines)
    assert all(b["stream"] is True and b["max_tokens"] >= 200 for b in srv.chat_requests)


def test_a_server_that_interrupts_an_answer_for_the_next_request(settings: Settings) -> None:
    # llama.cpp's Python server: a second request cuts the answer being written ([DONE], no finish_reason).
    # The cut part is sent again, one at a time from then on; no answer is kept half-written.
    # Two parts echo the instructions at first, so a repair round follows: it keeps the pace the first round
    # found (one at a time) instead of cutting itself again.
    def answer(body: dict) -> Reply:
        role, repair = part_of(body)
        if role in (Role.opening, Role.closing) and not repair:
            return Reply(content="只写要求的这一个部分的正文，不写标题。" + GOOD[role])
        return _good(body)

    with FakeOpenAI(slots=1, token_delay=0.003, interrupt=True) as srv:
        srv.responder = answer
        s = settings.model_copy(update={"base_url": srv.base_url, "retries": 0})
        said: list[str] = []
        r = draft_report(PROFILE, s, backend="api", progress=said.append)
    assert srv.interrupted == 1 and any("中断" in x and "降为 1" in x for x in said)
    assert any("第 1 轮重写" in x for x in said) and not [p.role for p in r.parts if p.defects]
    assert len(srv.chat_requests) == 7 + 2 + srv.interrupted
    assert not any(CONTINUE_PROMPT in str(b["messages"]) for b in srv.chat_requests)  # sent again, not continued


def test_a_part_that_misses_its_first_token_is_requeued(settings: Settings) -> None:
    # seven sent at once to a one-slot server: the later ones time out waiting, and are sent again later
    with FakeOpenAI(slots=1, token_delay=0.01) as srv:
        srv.responder = _good
        s = settings.model_copy(update={"base_url": srv.base_url, "local_concurrency": 7, "retries": 0,
                                        "first_token_timeout": 0.5, "idle_timeout": 0.3})
        said: list[str] = []
        r = draft_report(PROFILE, s, backend="api", progress=said.append)
    assert not [p.role for p in r.parts if p.defects]
    assert any("重新排队" in x for x in said) and any("降为" in x for x in said)
    assert sorted({part_of(b)[0] for b in srv.chat_requests}) == sorted(GOOD.keys() - {Role.insights})


def test_an_empty_or_dropped_stream_is_sent_again(fake_openai: FakeOpenAI, settings: Settings) -> None:
    # a stream that ends before its first character (a busy local server), or a connection dropped before it:
    # the part is queued again, the report completes
    first: dict[Role, int] = {}

    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        first[role] = first.get(role, 0) + 1
        if first[role] == 1 and role == Role.problems:
            return Reply(content="", drop_after=0)
        if first[role] == 1 and role == Role.plans:
            return Reply(content="")
        return _good(body)

    fake_openai.responder = answer
    said: list[str] = []
    r = draft_report(PROFILE, settings.model_copy(update={"retries": 0}), backend="api", progress=said.append)
    assert not [p.role for p in r.parts if p.defects]
    assert first[Role.problems] == 2 and first[Role.plans] == 2
    assert any("重新排队" in x for x in said)


def test_an_answer_that_never_stops_is_cut_at_the_budget_and_marked(fake_openai: FakeOpenAI,
                                                                     settings: Settings) -> None:
    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        if role == Role.closing:  # ignores max_tokens, for ever
            return Reply(content="下一步，我将团结带领党员群众真抓实干、砥砺前行。", endless=True)
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(PROFILE, settings.model_copy(update={"max_repairs": 1}), backend="api")
    closing = r.part("closing")
    budget = next(b["max_tokens"] for b in fake_openai.chat_requests if part_of(b)[0] == Role.closing)
    assert closing.attempts == 2 and any("篇幅超出上限" in d for d in closing.defects)
    assert closing.text.count("砥砺前行") == 1  # cut back to what is sound: the sentence once
    assert closing.text.endswith("砥砺前行。" + INCOMPLETE["cut"])  # no half sentence left before the note
    assert len(closing.text) < budget  # never the whole endless stream
    assert any(s.part == Role.closing and "不完整" in s.reason for s in r.slots)


def _stream(settings: Settings, max_tokens: int = 50) -> object:
    async def run() -> object:
        client = make_async_client(settings)
        try:
            return await astream_chat(settings, [{"role": "user", "content": "x"}], client=client,
                                      max_tokens=max_tokens)
        finally:
            await client.close()

    return asyncio.run(run())


def test_first_token_and_silence_timeouts(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    s = api_settings.model_copy(update={"first_token_timeout": 0.3, "idle_timeout": 0.2, "retries": 0})
    fake_openai.queue(Reply(content="迟到的回答。", delay=0.8))
    with pytest.raises(StreamTimeout, match="0.3 秒内没有返回第一个字") as e:
        _stream(s)
    assert e.value.first
    # the first piece in time, then a pause longer than idle_timeout
    fake_openai.queue(Reply(content="第一句话。第二句话。", chunk_size=5, chunk_delay=0.25))
    with pytest.raises(StreamTimeout, match="停顿超过 0.2 秒") as e:
        _stream(s.model_copy(update={"first_token_timeout": 1.0}))
    assert not e.value.first and e.value.partial == "第一句话。"


def test_a_server_that_honours_max_tokens_stops_there(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(content="一二三四五六七八九十" * 10, chunk_size=2))
    res = _stream(api_settings, max_tokens=5)
    assert res.text == "一二三四五六七八九十" and res.truncated and not res.budget_cut and res.tokens == 5
    fake_openai.queue(Reply(content="一二", chunk_size=1, endless=True))
    res = _stream(api_settings, max_tokens=5)
    assert res.budget_cut and res.finish_reason == "length" and len(res.text) <= 6


@pytest.mark.parametrize(("url", "local"), [
    ("http://127.0.0.1:8765/v1", True), ("http://localhost:11434/v1", True), ("http://192.168.1.20:8000/v1", True),
    ("http://10.0.0.5/v1", True), ("http://gpu.local:8080/v1", True), ("https://api.deepseek.com/v1", False),
    (None, False), ("https://8.8.8.8/v1", False),
])
def test_local_servers_are_recognised(url: str | None, local: bool) -> None:
    assert is_local(url) is local


def test_a_part_the_server_never_writes_is_given_up_and_marked(fake_openai: FakeOpenAI, settings: Settings) -> None:
    # a shared server that keeps ending one part's stream before its first character (another user's requests
    # take it): after the requeues that part is given up and marked, and the parts it did write are kept
    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        return Reply(content="", drop_after=0) if role == Role.causes else _good(body)

    fake_openai.responder = answer
    said: list[str] = []
    r = draft_report(PROFILE, settings.model_copy(update={"retries": 0}), backend="api", progress=said.append)
    # what the server never wrote is composed from the facts and named so, and the part still counts as failed
    causes = r.part("causes")
    assert causes.text.strip().endswith(INCOMPLETE["composed"]) and causes.defects[-1] == COMPOSED
    assert [p.role for p in r.parts if p.role != Role.causes and p.defects] == []
    assert any("服务器多次没有写完" in w and "原因分析" in w for w in r.warnings)
    assert sum(1 for x in said if "服务器多次没有写完" in x) == 1 + settings.max_repairs  # each round gave it up


def test_a_server_that_never_writes_anything_fails_the_report(fake_openai: FakeOpenAI, settings: Settings) -> None:
    fake_openai.responder = lambda body: Reply(content="", drop_after=0)
    with pytest.raises(StreamTimeout):
        draft_report(PROFILE, settings.model_copy(update={"retries": 0}), backend="api")
