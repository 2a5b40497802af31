"""The LLM layer against a real HTTP server with the real openai client."""

from __future__ import annotations

import asyncio
import time

import pytest
from fakeopenai import FakeOpenAI, Reply
from pydantic import BaseModel

from assistant.services import llm
from assistant.settings import Settings


class Verdict(BaseModel):
    ok: bool
    reasons: list[str]


def test_chat_plain_and_stream(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue("你好，世界", Reply(content="流式回答的内容比较长一些", chunk_size=3))
    r = llm.chat(api_settings, [{"role": "user", "content": "hi"}])
    assert r.text == "你好，世界" and r.finish_reason == "stop" and not r.truncated
    deltas: list[str] = []
    r2 = llm.chat(api_settings, [{"role": "user", "content": "hi"}], stream=True, on_delta=deltas.append)
    assert r2.text == "流式回答的内容比较长一些"
    assert len(deltas) == 4 and "".join(deltas) == r2.text
    assert fake_openai.chat_requests[1]["stream"] is True
    assert fake_openai.chat_requests[0]["model"] == "fake-model"


def test_stream_without_done_reports_cut_off(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(content="半句", finish_reason="length", no_done=True))
    r = llm.chat(api_settings, [{"role": "user", "content": "hi"}], stream=True, continuations=0)
    assert r.text == "半句" and r.truncated


def test_stream_without_finish_reason_is_continued(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    # a finish_reason of "" is sent as no finish at all: the stream was cut
    fake_openai.queue(Reply(content="前半", finish_reason="", no_done=True), "后半。")
    r = llm.chat(api_settings, [{"role": "user", "content": "hi"}], stream=True)
    assert r.text == "前半后半。" and r.continued == 1 and not r.truncated


def test_length_is_continued(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(content="前半段", finish_reason="length"), "后半段。")
    r = llm.chat(api_settings, [{"role": "user", "content": "写"}])
    assert r.text == "前半段后半段。" and r.continued == 1 and not r.truncated
    second = fake_openai.chat_requests[1]["messages"]
    assert second[-2] == {"role": "assistant", "content": "前半段"}
    # still cut off after the allowed continuations: reported, not hidden
    fake_openai.queue(Reply(content="a", finish_reason="length"), Reply(content="b", finish_reason="length"))
    r = llm.chat(api_settings, [{"role": "user", "content": "写"}], continuations=1)
    assert r.text == "ab" and r.truncated


def test_retries_5xx_and_429(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fast = {"retry-after-ms": "10"}
    fake_openai.queue(Reply(status=503, headers=fast), Reply(status=429, headers=fast), "终于")
    assert llm.chat(api_settings, [{"role": "user", "content": "x"}]).text == "终于"
    assert len(fake_openai.chat_requests) == 3


def test_retries_exhausted_is_one_line(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fast = {"retry-after-ms": "10"}
    fake_openai.queue(*[Reply(status=500, error="boom", headers=fast)] * 3)
    with pytest.raises(llm.LLMError) as e:
        llm.chat(api_settings, [{"role": "user", "content": "x"}])
    assert "HTTP 500" in str(e.value) and "\n" not in str(e.value)


def test_rejected_key_never_shows_the_key(api_settings: Settings) -> None:
    with FakeOpenAI(api_key="sk-the-right-one") as srv:
        s = api_settings.model_copy(update={"base_url": srv.base_url})
        with pytest.raises(llm.LLMError) as e:
            llm.chat(s, [{"role": "user", "content": "x"}])
    msg = str(e.value)
    assert "拒绝了密钥" in msg and "401" in msg
    assert s.api_key not in msg and "sk-the-right-one" not in msg


def test_unknown_model(api_settings: Settings) -> None:
    with FakeOpenAI(models=["qwen-plus"]) as srv:
        s = api_settings.model_copy(update={"base_url": srv.base_url, "model": "nope"})
        with pytest.raises(llm.LLMError, match="没有模型 nope"):
            llm.chat(s, [{"role": "user", "content": "x"}])


def test_unreachable_host(api_settings: Settings) -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    s = api_settings.model_copy(update={"base_url": f"http://127.0.0.1:{port}/v1", "retries": 0})
    with pytest.raises(llm.LLMError, match="连不上"):
        llm.chat(s, [{"role": "user", "content": "x"}])


def test_timeout(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(content="late", delay=1.5))
    s = api_settings.model_copy(update={"timeout": 0.3, "retries": 0})
    with pytest.raises(llm.LLMError, match="在 0.3 秒内没有回答"):
        llm.chat(s, [{"role": "user", "content": "x"}])


def test_no_api_configured() -> None:
    with pytest.raises(llm.LLMError, match="未配置大模型 API"):
        llm.chat(Settings(), [{"role": "user", "content": "x"}])


def test_achat_runs_concurrently(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.responder = lambda body: Reply(content="ok", delay=0.5)

    async def run() -> list[llm.ChatResult]:
        client = llm.make_async_client(api_settings)
        try:
            return await asyncio.gather(
                *[llm.achat(api_settings, [{"role": "user", "content": str(i)}], client=client) for i in range(4)]
            )
        finally:
            await client.close()

    t = time.perf_counter()
    results = asyncio.run(run())
    assert [r.text for r in results] == ["ok"] * 4
    assert time.perf_counter() - t < 1.5
    assert fake_openai.max_in_flight == 4


@pytest.mark.parametrize("mode", ["json_schema", "json_object", "plain"])
def test_chat_json_modes(fake_openai: FakeOpenAI, api_settings: Settings, mode: str) -> None:
    answer = '{"ok": true, "reasons": ["a"]}'
    fake_openai.queue(f"好的：\n```json\n{answer}\n```" if mode == "plain" else answer)
    s = api_settings.model_copy(update={"json_mode": mode})
    v = llm.chat_json(s, [{"role": "system", "content": "判断"}, {"role": "user", "content": "x"}], Verdict)
    assert v == Verdict(ok=True, reasons=["a"])
    body = fake_openai.chat_requests[0]
    rf = body.get("response_format")
    assert (rf or {}).get("type") == {"plain": None}.get(mode, mode)
    assert "json" in llm.text_of_messages(body["messages"]).lower()


def test_chat_json_reasks_once_then_fails(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue('{"ok": "maybe"}', '{"ok": false, "reasons": []}')
    v = llm.chat_json(api_settings, [{"role": "user", "content": "x"}], Verdict)
    assert v.ok is False
    reask = fake_openai.chat_requests[1]["messages"][-1]["content"]
    assert "reasons" in reask  # the validation error is sent back
    fake_openai.queue("不是JSON", "还是不是")
    with pytest.raises(llm.LLMError, match="重问一次后，模型的回答仍不符合要求的 JSON 格式"):
        llm.chat_json(api_settings, [{"role": "user", "content": "x"}], Verdict)


def test_json_schema_rejected_by_server_is_clear(api_settings: Settings) -> None:
    with FakeOpenAI(reject_response_formats={"json_schema"}) as srv:
        s = api_settings.model_copy(update={"base_url": srv.base_url, "json_mode": "json_schema"})
        with pytest.raises(llm.LLMError, match="HTTP 400.*json_schema"):
            llm.chat_json(s, [{"role": "user", "content": "x"}], Verdict)


def test_ping_sends_one_token(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    llm.ping(api_settings)
    assert fake_openai.chat_requests[0]["max_tokens"] == 1


@pytest.mark.parametrize("stream", [False, True])
def test_an_answer_that_is_not_json_is_one_line(fake_openai: FakeOpenAI, api_settings: Settings,
                                                 stream: bool) -> None:
    fake_openai.queue(Reply(raw_body="<html>login page</html>"))
    with pytest.raises(llm.LLMError, match="的回答不是 JSON：接口地址|的流式回答结束了，却没有内容"):
        llm.chat(api_settings.model_copy(update={"retries": 0}), [{"role": "user", "content": "x"}], stream=stream)


@pytest.mark.parametrize("body", [
    '{"choices": []}',
    '{"foo": 1}',
    '{"choices": [{"index": 0, "finish_reason": "stop"}]}',
    '{"error": {"message": "quota exhausted for this month"}}',
])
def test_an_answer_in_the_wrong_shape_is_one_line(fake_openai: FakeOpenAI, api_settings: Settings, body: str) -> None:
    # not a chat completion: said in one line, never drafted around as if it were an empty answer
    fake_openai.queue(Reply(raw_body=body))
    with pytest.raises(llm.LLMError, match="的回答不是对话补全") as e:
        llm.chat(api_settings, [{"role": "user", "content": "x"}])
    assert "\n" not in str(e.value)
    if "quota" in body:
        assert "quota exhausted" in str(e.value)


def test_an_empty_content_is_an_empty_answer(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(raw_body='{"choices": [{"index": 0, "message": {"role": "assistant", "content": null},'
                                     ' "finish_reason": "stop"}]}'))
    r = llm.chat(api_settings, [{"role": "user", "content": "x"}])
    assert r.text == "" and r.finish_reason == "stop" and not r.truncated


@pytest.mark.parametrize("reason", ["content_filter", "sensitive"])
def test_a_filtered_answer_is_flagged(fake_openai: FakeOpenAI, api_settings: Settings, reason: str) -> None:
    fake_openai.queue(Reply(content="半句", finish_reason=reason))
    r = llm.chat(api_settings, [{"role": "user", "content": "x"}])
    assert r.filtered and not r.truncated and r.text == "半句"


@pytest.mark.parametrize("message", ["Model Not Exist", "模型不存在，请检查模型代码。"])
def test_unknown_model_answered_with_400(fake_openai: FakeOpenAI, api_settings: Settings, message: str) -> None:
    # DeepSeek and GLM answer an unknown model with HTTP 400, not 404
    fake_openai.queue(Reply(status=400, error=message))
    s = api_settings.model_copy(update={"model": "deepseek-chatt"})
    with pytest.raises(llm.LLMError, match="没有模型 deepseek-chatt"):
        llm.chat(s, [{"role": "user", "content": "x"}])


def test_retry_count_in_the_message(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(*[Reply(status=429, error="slow down", headers={"retry-after-ms": "10"})] * 2)
    with pytest.raises(llm.LLMError, match=r"HTTP 429），已重试 1 次，服务器返回：“slow down"):
        llm.chat(api_settings.model_copy(update={"retries": 1}), [{"role": "user", "content": "x"}])
    assert len(fake_openai.chat_requests) == 2


def test_embeddings_endpoint_serves_the_real_client(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    client = llm.make_client(api_settings)
    try:
        b64 = client.embeddings.create(model="e", input=["党建", "述职"])  # the SDK asks for base64
        flt = client.embeddings.create(model="e", input="党建", encoding_format="float")
    finally:
        client.close()
    assert len(b64.data) == 2 and len(b64.data[0].embedding) == 16
    assert flt.data[0].embedding == pytest.approx(b64.data[0].embedding, abs=1e-6)


def test_a_timeout_is_retried(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(content="late", delay=1.5), "准时")
    s = api_settings.model_copy(update={"timeout": 0.3, "retries": 1})
    assert llm.chat(s, [{"role": "user", "content": "x"}]).text == "准时"
    assert len(fake_openai.chat_requests) == 2


def test_ping_falls_back_to_max_completion_tokens(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(status=400, error="Unsupported parameter: 'max_tokens' is not supported with this "
                                             "model. Use 'max_completion_tokens' instead."), "")
    llm.ping(api_settings)
    assert [sorted(k for k in b if "tokens" in k) for b in fake_openai.chat_requests] == [
        ["max_tokens"], ["max_completion_tokens"]]


def test_a_stream_dropped_mid_answer_is_said_as_a_drop(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    # dropped inside the chunked body, then again in the continuation: what arrived is kept, and the result says
    # the connection dropped (not finish_reason=length, not "cannot reach")
    fake_openai.queue(Reply(content="前半句后半句", drop_after=3), Reply(content="接着写", drop_after=1))
    r = llm.chat(api_settings, [{"role": "user", "content": "x"}], stream=True)
    assert (r.text, r.continued, r.dropped, r.truncated) == ("前半句接", 1, True, True)
    fake_openai.queue(Reply(content="一个字也没到", drop_after=0))
    with pytest.raises(llm.LLMError, match="的连接在回答途中断开，一个字也没有收到") as e:
        llm.chat(api_settings, [{"role": "user", "content": "x"}], stream=True)
    assert "\n" not in str(e.value)


def test_a_body_shorter_than_its_length_is_cut_in_transit(fake_openai: FakeOpenAI, api_settings: Settings) -> None:
    fake_openai.queue(Reply(content="完整的回答。", short_body=40))
    s = api_settings.model_copy(update={"retries": 0})
    with pytest.raises(llm.LLMError, match="的回答在传输途中被截断") as e:
        llm.chat(s, [{"role": "user", "content": "x"}])
    assert "连不上" not in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize(("key", "server_says", "shown"), [
    # a one-letter key is no reason to mangle the server's words
    ("e", "the server is overloaded, please retry later", "the server is overloaded, please retry later"),
    # a short key the server echoes as a word: the message is withheld, the key never shown
    ("abc12", "invalid token abc12 for this project", "服务器的原话不显示"),
    # a key of a real length is masked wherever it stands
    ("sk-live-0123456789abcdef", "bad header Bearer sk-live-0123456789abcdef.", "bad header Bearer ****."),
])
def test_the_key_is_masked_only_as_the_key(fake_openai: FakeOpenAI, api_settings: Settings, key: str,
                                           server_says: str, shown: str) -> None:
    fake_openai.queue(Reply(status=400, error=server_says))
    with pytest.raises(llm.LLMError) as e:
        llm.chat(api_settings.model_copy(update={"api_key": key}), [{"role": "user", "content": "x"}])
    assert shown in str(e.value)
    if len(key) > 1:
        assert key not in str(e.value)
