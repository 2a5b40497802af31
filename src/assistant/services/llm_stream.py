"""Streamed drafting calls: a token budget (max_tokens) on every call, a long wait for the first token (the
server may be busy with other requests) and a short one for each later token (silence), and the budget
enforced on our side too, for a server that ignores max_tokens and never stops.

Used by the report (concurrently, see drafting/calls.py) and by `draft section` (one call, shown as it comes).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from assistant.services.llm import INTERRUPTED, ChatResult, Messages, _said_in_one_line, _Turns, request_body
from assistant.services.llm_errors import LLMError, dropped_mid_answer, wrong_shape
from assistant.settings import Settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI

# A streamed piece is one token on llama.cpp, vLLM, Ollama and OpenAI; a server that sends bigger pieces is
# still cut by characters: no tokenizer we target packs more than this many characters into a token.
MAX_CHARS_PER_TOKEN = 4


class StreamTimeout(LLMError):
    """No first token within first_token_timeout, or silence longer than idle_timeout. The report re-queues
    the part with fewer requests in flight; `partial` is what arrived before the silence."""

    def __init__(self, message: str, *, first: bool, partial: str = "") -> None:
        super().__init__(message)
        self.first, self.partial = first, partial


def _where(settings: Settings) -> str:
    return settings.base_url or "api.openai.com"


def first_token_timeout(settings: Settings) -> StreamTimeout:
    return StreamTimeout(f"{_where(settings)} 在 {settings.first_token_timeout:g} 秒内没有返回第一个字"
                         "（服务器可能正忙于其他请求）；可调大 ASSISTANT_FIRST_TOKEN_TIMEOUT", first=True)


def silence_timeout(settings: Settings, partial: str) -> StreamTimeout:
    return StreamTimeout(f"{_where(settings)} 在回答中途停顿超过 {settings.idle_timeout:g} 秒没有新内容；"
                         "可调大 ASSISTANT_IDLE_TIMEOUT", first=False, partial=partial)


def _http_timeout(settings: Settings) -> Any:
    import httpx

    # Our own clocks (below) decide; the client's only keep a dead connection from hanging forever.
    longest = max(settings.first_token_timeout, settings.idle_timeout) + 5
    return httpx.Timeout(longest, connect=min(settings.timeout, 30.0))


# A stream that ended cleanly ([DONE]) without a finish_reason: the server cut the answer. llama.cpp's Python
# server does this to the answer it is writing whenever another request arrives (its interrupt_requests
# setting, on by default), so two parts in flight destroy each other there.
SERVER_CUT = "server-cut"


def server_cut(settings: Settings, partial: str) -> StreamTimeout:
    return StreamTimeout(f"{_where(settings)} 在另一个请求到达时中断了正在写的回答（服务器一次只答一个请求）",
                         first=False, partial=partial)


class _Piece:
    """One streamed answer as it arrives."""

    def __init__(self) -> None:
        self.text, self.finish, self.pieces, self.usage = "", None, 0, 0
        self.first: float | None = None
        self.budget_cut = False


async def _stream_once(settings: Settings, client: AsyncOpenAI, messages: Messages, max_tokens: int,
                       so_far: str, on_delta: Callable[[str], None] | None,
                       on_first: Callable[[], None] | None) -> _Piece:
    import openai

    start = time.monotonic()
    kw = request_body(settings, messages, {"max_tokens": max_tokens})
    p = _Piece()

    def left() -> float:
        if p.first is None:
            return max(0.01, settings.first_token_timeout - (time.monotonic() - start))
        return settings.idle_timeout

    try:
        events = await asyncio.wait_for(
            client.chat.completions.create(stream=True, timeout=_http_timeout(settings), **kw), left())
    except TimeoutError:
        raise first_token_timeout(settings) from None
    if "json" in events.response.headers.get("content-type", ""):
        # an error body or a plain completion where a stream was asked for: said as what it is
        await _not_a_stream(settings, events)
    it = events.__aiter__()
    try:
        while True:
            try:
                chunk = await asyncio.wait_for(it.__anext__(), left())
            except StopAsyncIteration:
                break
            except TimeoutError:
                if p.first is None:
                    raise first_token_timeout(settings) from None
                raise silence_timeout(settings, so_far + p.text) from None
            usage = getattr(chunk, "usage", None)
            if usage is not None and getattr(usage, "completion_tokens", None):
                p.usage = usage.completion_tokens
            if not chunk.choices:
                continue
            ch = chunk.choices[0]
            delta = (ch.delta.content if ch.delta else None) or ""
            if delta:
                if p.first is None:
                    p.first = time.monotonic() - start
                    if on_first:
                        on_first()
                p.text += delta
                p.pieces += 1
                if on_delta:
                    on_delta(delta)
            if ch.finish_reason:
                p.finish = ch.finish_reason
            if p.finish is None and (p.pieces > max_tokens or len(p.text) > max_tokens * MAX_CHARS_PER_TOKEN):
                p.finish, p.budget_cut = "length", True  # the server ignores max_tokens: stop reading
                break
    except openai.APITimeoutError:
        raise
    except openai.APIConnectionError as e:
        if not so_far and not p.text:  # nothing arrived: the part is sent again later (calls.py), like a timeout
            raise StreamTimeout(dropped_mid_answer(settings, e), first=True) from None
        p.finish = INTERRUPTED  # the connection dropped mid-answer: continued once (astream_chat)
    finally:
        await events.close()
    if p.finish is None:
        if not so_far and not p.text:
            # seen with llama.cpp's Python server under load: a role chunk, then [DONE]; sent again later
            raise StreamTimeout(f"{_where(settings)} 的流式回答一个字也没有就结束了（服务器忙，或不是 OpenAI 兼容的流）",
                                first=True)
        p.finish = SERVER_CUT
    return p


async def _not_a_stream(settings: Settings, events: Any) -> None:
    import json
    from types import SimpleNamespace

    try:
        body = json.loads(await events.response.aread())
    except ValueError:
        body = {}
    finally:
        await events.close()
    raise LLMError(wrong_shape(settings, SimpleNamespace(model_extra=body if isinstance(body, dict) else {})))


async def astream_chat(settings: Settings, messages: Messages, *, client: AsyncOpenAI, max_tokens: int,
                       on_delta: Callable[[str], None] | None = None, on_first: Callable[[], None] | None = None,
                       continuations: int = 1, others_in_flight: Callable[[], bool] | None = None) -> ChatResult:
    """One streamed drafting call with `max_tokens`. An answer stopped at the budget is not continued (the
    budget is the part's length); one whose connection dropped is continued once, like `chat`, and so is one
    the server ended without a finish_reason, unless `others_in_flight()` says our own other requests cut it
    (then StreamTimeout: the report sends it again with fewer in flight). Raises StreamTimeout (no first
    token / silence) and LLMError."""
    start = time.monotonic()
    turns = _Turns(messages, continuations, cut=(INTERRUPTED,))
    first: float | None = None
    tokens, budget_cut = 0, False
    with _said_in_one_line(settings):
        while turns.next is not None:
            p = await _stream_once(settings, client, turns.next, max_tokens, turns.text, on_delta,
                                   on_first if first is None else None)
            if p.finish == SERVER_CUT:
                if others_in_flight is not None and others_in_flight():
                    raise server_cut(settings, turns.text + p.text)
                p.finish = INTERRUPTED
            if first is None:
                first = p.first
            tokens += p.usage or p.pieces
            budget_cut = budget_cut or p.budget_cut
            turns.add(p.text, p.finish)
    res = turns.result()
    return res.model_copy(update={"budget_cut": budget_cut, "tokens": tokens, "first_token_s": first,
                                  "seconds": time.monotonic() - start})
