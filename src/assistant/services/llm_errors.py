"""The LLM layer's errors: every failure talking to a model becomes one line that never holds the key."""

from __future__ import annotations

import re

from assistant.settings import Settings

__all__ = ["LLMError", "describe_error", "dropped_mid_answer", "not_json", "wrong_shape"]

# A key this long is masked wherever it occurs; real keys are far longer (OpenAI sk-… 51+, DeepSeek 35,
# DashScope 35). A shorter one (a test or local server's "x") is also an ordinary word or letter: masking it
# as a substring would mangle every message, so a message holding it as a word of its own is withheld instead.
MASK_MIN_KEY = 8
WITHHELD = "（服务器的原话不显示：其中可能含有 API 密钥）"


class LLMError(Exception):
    """A failure talking to the model, as one line without the key."""


def not_json(settings: Settings) -> str:
    where = settings.base_url or "api.openai.com"
    return (f"{where} 的回答不是 JSON：接口地址是不是 OpenAI 兼容接口？"
            "（多数以 /v1 结尾）")


_UNKNOWN_MODEL = re.compile(r"model_not_found|model.{0,40}(?:not exist|does not exist|not found|no such)|"
                            r"模型不存在|模型.{0,10}不存在", re.I)


def wrong_shape(settings: Settings, resp: object) -> str:
    where = settings.base_url or "api.openai.com"
    extra = getattr(resp, "model_extra", None) or {}
    err = extra.get("error") if isinstance(extra, dict) else None
    said = _server_message_of(err)
    why = f"，服务器返回：“{_scrub(said, settings)}”" if said else ""
    return (f"{where} 的回答不是对话补全（没有 choices）{why}；接口地址是不是 "
            "OpenAI 兼容接口？（多数以 /v1 结尾）")


def _server_message_of(err: object) -> str:
    if isinstance(err, dict):
        return str(err.get("message") or "")
    return str(err) if err else ""


def _scrub(text: str, settings: Settings) -> str:
    text = " ".join(str(text).split())
    for key in (settings.api_key, settings.embedding_api_key):
        if not key:
            continue
        if len(key) >= MASK_MIN_KEY:
            text = text.replace(key, "****")
        elif re.search(rf"(?<![A-Za-z0-9]){re.escape(key)}(?![A-Za-z0-9])", text):
            return WITHHELD
    text = re.sub(r"\b(sk|key)-[A-Za-z0-9_\-*]{4,}", r"\1-****", text)
    return text[:240]


def _cut_in_transit(e: Exception) -> bool:
    """The connection closed before the whole answer arrived (a body shorter than its Content-Length, a
    chunked stream without its last chunk): the server was reached, the answer was lost on the way. Told by the
    protocol error's name and words: the openai package may carry its own copy of httpx."""
    seen: set[int] = set()
    x: BaseException | None = e
    while x is not None and id(x) not in seen:
        seen.add(id(x))
        if type(x).__name__ == "RemoteProtocolError" and "complete message body" in str(x):
            return True
        x = x.__cause__ or x.__context__
    return False


def dropped_mid_answer(settings: Settings, e: Exception) -> str:
    where = settings.base_url or "api.openai.com"
    cause = e.__cause__ or e.__context__
    why = f"（{type(cause).__name__}）" if cause else ""
    return f"与 {where} 的连接在回答途中断开，一个字也没有收到{why}"


def _server_message(e: Exception) -> str:
    body = getattr(e, "body", None)
    if isinstance(body, dict):
        inner = body.get("error")
        msg = inner.get("message") if isinstance(inner, dict) else body.get("message")
        if msg:
            return str(msg)
    return str(getattr(e, "message", "") or e)


def describe_error(e: Exception, settings: Settings) -> LLMError:
    """Turn an openai exception into one clear, key-free line."""
    import openai

    where = settings.base_url or "api.openai.com"
    msg = _scrub(_server_message(e), settings)
    # The server's own words are quoted as such (they may be English); everything else is said in Chinese.
    said = f"，服务器返回：“{msg}”" if msg else ""
    tries = f"已重试 {settings.retries} 次" if settings.retries else "未重试"
    if isinstance(e, openai.AuthenticationError):
        text = f"{where} 的 API 拒绝了密钥（HTTP 401）：请检查 ASSISTANT_API_KEY"
    elif isinstance(e, openai.PermissionDeniedError):
        text = f"{where} 的 API 拒绝访问（HTTP 403）{said}"
    elif isinstance(e, openai.NotFoundError):
        text = (f"{where} 返回 HTTP 404：没有模型 {settings.model}，或接口地址不对"
                f"（多数服务要求以 /v1 结尾）{said}")
    elif isinstance(e, openai.BadRequestError) and _UNKNOWN_MODEL.search(f"{getattr(e, 'code', '')} {msg}"):
        # DeepSeek ("Model Not Exist"), GLM ("模型不存在") and DashScope answer an unknown model with 400
        text = f"{where} 返回 HTTP 400：没有模型 {settings.model}{said}"
    elif isinstance(e, openai.RateLimitError):
        text = f"{where} 限制了请求频率（HTTP 429），{tries}{said}"
    elif isinstance(e, openai.APITimeoutError):
        text = f"{where} 在 {settings.timeout:g} 秒内没有回答（{tries}）；可调大 ASSISTANT_TIMEOUT"
    elif isinstance(e, openai.APIConnectionError):
        cause = e.__cause__ or e.__context__
        why = type(cause).__name__ if cause else "连接失败"  # the network library's message is English
        if _cut_in_transit(e):
            text = f"{where} 的回答在传输途中被截断（{tries}；{why}）"
        else:
            text = f"连不上 {where}（{why}）"
    elif isinstance(e, openai.APIStatusError):
        text = f"{where} 返回 HTTP {e.status_code}（可重试的错误{tries}）{said}"
    elif isinstance(e, openai.APIResponseValidationError):
        text = f"{where} 的回答不是对话补全{said}"
    elif isinstance(e, openai.OpenAIError):
        text = f"调用大模型失败{said}"
    else:
        text = f"调用大模型失败：{type(e).__name__}{said}"
    return LLMError(text)
