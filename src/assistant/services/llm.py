"""The LLM layer: plain chat completions against any OpenAI-compatible endpoint.

Only what every server we target supports is required (text chat, optionally streamed); structured
output is a setting (json_schema | json_object | plain) because servers differ (see engineering notes).
Every failure becomes an `LLMError` with a one-line message that never contains the key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from assistant.domain.validation import validation_summary
from assistant.services.llm_errors import LLMError, describe_error, dropped_mid_answer, not_json, wrong_shape
from assistant.settings import Settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI, OpenAI

Messages = list[dict[str, str]]
M = TypeVar("M", bound=BaseModel)

# Placeholder key for servers that need none (Ollama, vLLM, llama.cpp); the SDK refuses an empty one.
NO_KEY = "not-needed"
# Our label: a stream that ended without a finish_reason (closed early, or dropped inside its body). It is
# continued like a cut-off answer but reported as the dropped connection it is, never as finish_reason=length.
INTERRUPTED = "interrupted"
CUT = ("length", INTERRUPTED)
# Servers that stop an answer for content review say so in finish_reason (OpenAI, DashScope: content_filter;
# GLM: sensitive); the text is then partial or empty, never a complete answer.
FILTERED = ("content_filter", "sensitive")
CONTINUE_PROMPT = "你的回答在中途被截断了。请从中断处直接接着写，不要重复已写的内容，不要加任何说明。"


class ChatResult(BaseModel):
    text: str
    finish_reason: str | None = None
    continued: int = 0  # how many times a cut-off answer was continued
    # streamed drafting calls (llm_stream.astream_chat) fill these in
    budget_cut: bool = False  # stopped by us at max_tokens: the server went on past the budget
    tokens: int = 0  # tokens received (the server's count when it sends usage, else streamed pieces)
    first_token_s: float | None = None  # seconds from sending to the first token (queue + prompt)
    seconds: float = 0.0  # seconds from sending to the end

    @property
    def truncated(self) -> bool:
        return self.finish_reason in CUT

    @property
    def filtered(self) -> bool:
        return self.finish_reason in FILTERED

    @property
    def dropped(self) -> bool:
        """The stream stopped without a finish_reason: the connection dropped mid-answer."""
        return self.finish_reason == INTERRUPTED


def _client_kwargs(settings: Settings) -> dict[str, Any]:
    if not settings.api_configured:
        raise LLMError(
            "未配置大模型 API：请设置 ASSISTANT_BASE_URL 和 ASSISTANT_API_KEY"
            "（或 OPENAI_BASE_URL/OPENAI_API_KEY），或改用 --backend offline"
        )
    return {
        "base_url": settings.base_url or None,
        "api_key": settings.api_key or NO_KEY,
        "timeout": settings.timeout,
        "max_retries": settings.retries,  # the SDK retries timeouts, 408, 429 and 5xx with backoff
    }


def make_client(settings: Settings) -> OpenAI:
    from openai import OpenAI

    return OpenAI(**_client_kwargs(settings))


def make_async_client(settings: Settings) -> AsyncOpenAI:
    from openai import AsyncOpenAI

    return AsyncOpenAI(**_client_kwargs(settings))


def request_body(settings: Settings, messages: Messages, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Exactly what a chat call sends (besides `stream`): the dry run prints this."""
    kw: dict[str, Any] = {"model": settings.model, "messages": messages, "temperature": settings.temperature}
    kw.update(extra or {})
    return kw


def _continuation(messages: Messages, partial: str) -> Messages:
    return [*messages, {"role": "assistant", "content": partial}, {"role": "user", "content": CONTINUE_PROMPT}]


class _Turns:
    """The continuation loop of `chat` and `achat`: a cut-off answer is asked to go on, up to `continuations`
    times; the parts are joined."""

    def __init__(self, messages: Messages, continuations: int, cut: tuple[str, ...] = CUT) -> None:
        self.messages, self.continuations, self.cut = messages, continuations, cut
        self.text, self.finish, self.done = "", None, 0
        self.next: Messages | None = messages

    def add(self, part: str, finish: str | None) -> None:
        """One answer received; `next` becomes the messages of the continuation, or None when done."""
        self.text += part
        self.finish = finish
        if finish not in self.cut or self.done >= self.continuations:
            self.next = None
            return
        self.done += 1
        self.next = _continuation(self.messages, self.text)

    def result(self) -> ChatResult:
        return ChatResult(text=self.text, finish_reason=self.finish, continued=self.done)


@contextmanager
def _said_in_one_line(settings: Settings) -> Iterator[None]:
    """The client's errors and an answer that is not JSON, as one key-free line (LLMError)."""
    import openai

    try:
        yield
    except openai.OpenAIError as e:
        raise describe_error(e, settings) from None
    except json.JSONDecodeError:
        raise LLMError(not_json(settings)) from None


def _read_completion(resp: Any, settings: Settings) -> tuple[str, str | None]:
    # An answer without choices (or a choice without a message) is not a chat completion: a proxy's error
    # page or another API behind the base URL. Said in one line, not drafted around as an empty answer.
    choices = getattr(resp, "choices", None)
    message = getattr(choices[0], "message", None) if choices else None
    if message is None:
        raise LLMError(wrong_shape(settings, resp))
    return (message.content or ""), choices[0].finish_reason


def _read_stream(events: Any, settings: Settings, so_far: str,
                 on_delta: Callable[[str], None] | None) -> tuple[str, str | None]:
    import openai

    part, finish = "", None
    try:
        for chunk in events:
            if not chunk.choices:
                continue
            ch = chunk.choices[0]
            delta = (ch.delta.content if ch.delta else None) or ""
            if delta:
                part += delta
                if on_delta:
                    on_delta(delta)
            if ch.finish_reason:
                finish = ch.finish_reason
    except openai.APITimeoutError:
        raise  # a stalled stream is a timeout, said as such by _said_in_one_line
    except openai.APIConnectionError as e:
        # Dropped inside the streamed body: what arrived is kept and continued like a stream that stopped
        # without a finish_reason; with nothing yet it is said as a drop, not "cannot reach".
        if not so_far and not part:
            raise LLMError(dropped_mid_answer(settings, e)) from None
        finish = None
    if finish is None:
        # a stream that stops without a finish_reason was cut, or was no stream at all
        if not so_far and not part:
            where = settings.base_url or "api.openai.com"
            raise LLMError(f"{where} 的流式回答结束了，却没有内容（不是 OpenAI 兼容的流式接口？）")
        finish = INTERRUPTED
    return part, finish


def chat(
    settings: Settings,
    messages: Messages,
    *,
    stream: bool = False,
    on_delta: Callable[[str], None] | None = None,
    continuations: int = 1,
    extra: dict[str, Any] | None = None,
    client: OpenAI | None = None,
) -> ChatResult:
    """One chat completion. A cut-off answer (finish_reason "length") is continued up to `continuations`
    times; if it is still cut off the result says so (`truncated`) and the caller must not treat it as complete."""
    own = client is None
    cl = client or make_client(settings)
    turns = _Turns(messages, continuations)
    try:
        with _said_in_one_line(settings):
            while turns.next is not None:
                kw = request_body(settings, turns.next, extra)
                if stream:
                    events = cl.chat.completions.create(stream=True, **kw)  # failing here: cannot reach
                    turns.add(*_read_stream(events, settings, turns.text, on_delta))
                else:
                    turns.add(*_read_completion(cl.chat.completions.create(**kw), settings))
    finally:
        if own:
            cl.close()
    return turns.result()


async def achat(
    settings: Settings,
    messages: Messages,
    *,
    continuations: int = 1,
    extra: dict[str, Any] | None = None,
    client: AsyncOpenAI | None = None,
) -> ChatResult:
    """The async twin of `chat` (no streaming), for drafting parts concurrently with one shared client."""
    own = client is None
    cl = client or make_async_client(settings)
    turns = _Turns(messages, continuations)
    try:
        with _said_in_one_line(settings):
            while turns.next is not None:
                resp = await cl.chat.completions.create(**request_body(settings, turns.next, extra))
                turns.add(*_read_completion(resp, settings))
    finally:
        if own:
            await cl.close()
    return turns.result()


# ---- structured output ------------------------------------------------------------------------


def json_instruction(schema: type[BaseModel]) -> str:
    # json_object mode requires the word "json" in the prompt (DeepSeek, OpenAI); plain mode needs the
    # schema spelled out anyway, so every mode gets it.
    return (
        "Answer with one JSON object only (no prose, no code fence) that matches this JSON schema:\n"
        + json.dumps(schema.model_json_schema(), ensure_ascii=False)
    )


def response_format(settings: Settings, schema: type[BaseModel]) -> dict[str, Any] | None:
    if settings.json_mode == "json_schema":
        return {"type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}}
    if settings.json_mode == "json_object":
        return {"type": "json_object"}
    return None


def extract_json(text: str) -> str:
    """The JSON object inside an answer: strips code fences and prose around it (plain mode)."""
    t = text.strip()
    fence = re.search(r"```(?:json)?\s*(.*?)```", t, re.S)
    if fence:
        t = fence.group(1).strip()
    a, b = t.find("{"), t.rfind("}")
    return t[a : b + 1] if a != -1 and b > a else t


def with_json_instruction(messages: Messages, schema: type[BaseModel]) -> Messages:
    msgs = [dict(m) for m in messages]
    instr = json_instruction(schema)
    if msgs and msgs[0]["role"] == "system":
        msgs[0]["content"] = msgs[0]["content"].rstrip() + "\n\n" + instr
    else:
        msgs.insert(0, {"role": "system", "content": instr})
    return msgs


def _validate(schema: type[M], text: str) -> M:
    return schema.model_validate_json(extract_json(text))


def _reask(messages: Messages, raw: str, err: Exception) -> Messages:
    detail = _short_validation(err)
    return [
        *messages,
        {"role": "assistant", "content": raw},
        {"role": "user", "content": f"That answer is not valid JSON for the schema: {detail}. "
                                    "Answer again with the corrected JSON object only."},
    ]


def _short_validation(err: Exception) -> str:
    if isinstance(err, ValidationError):
        return validation_summary(err, 8)
    return str(err)[:300]


def json_request(settings: Settings, messages: Messages, schema: type[BaseModel]
                 ) -> tuple[Messages, dict[str, Any] | None]:
    """The messages and extra request fields of a structured call (the dry run prints these)."""
    rf = response_format(settings, schema)
    return with_json_instruction(messages, schema), ({"response_format": rf} if rf else None)


def chat_json(settings: Settings, messages: Messages, schema: type[M], *, client: OpenAI | None = None) -> M:
    """A chat answer parsed into `schema`, honouring settings.json_mode; re-asked once with the validation
    error, then LLMError."""
    msgs, extra = json_request(settings, messages, schema)
    raw = chat(settings, msgs, extra=extra, client=client, continuations=0)
    try:
        return _validate(schema, raw.text)
    except (ValidationError, ValueError) as e:
        first = e
    raw2 = chat(settings, _reask(msgs, raw.text, first), extra=extra, client=client, continuations=0)
    try:
        return _validate(schema, raw2.text)
    except (ValidationError, ValueError) as e:
        cut = ("（连接在回答途中断开）" if raw2.dropped
               else "（回答被截断：finish_reason=length）" if raw2.truncated else "")
        raise LLMError(
            f"重问一次后，模型的回答仍不符合要求的 JSON 格式{cut}：{_short_validation(e)}"
        ) from None


def ping(settings: Settings) -> ChatResult:
    """A one-token call, for `assistant doctor`."""
    msgs = [{"role": "user", "content": "ping"}]
    try:
        return chat(settings, msgs, extra={"max_tokens": 1}, continuations=0)
    except LLMError as e:
        # OpenAI's reasoning models refuse max_tokens (drafting never sends it); they take max_completion_tokens
        if "max_completion_tokens" not in str(e):
            raise
        return chat(settings, msgs, extra={"max_completion_tokens": 1}, continuations=0)


def text_of_messages(messages: Messages) -> str:
    """All message contents joined (for tests and the dry run's size counts)."""
    return "\n".join(str(m.get("content") or "") for m in messages)
