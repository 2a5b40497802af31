"""The LLM layer's errors: every failure talking to a model becomes one line that never holds the key."""

from __future__ import annotations

import re

from assistant.settings import Settings

__all__ = ["LLMError", "describe_error", "dropped_mid_answer", "not_json", "wrong_shape"]

# A key this long is masked wherever it occurs; real keys are far longer (OpenAI sk-… 51+, DeepSeek 35,
# DashScope 35). A shorter one (a test or local server's "x") is also an ordinary word or letter: masking it
# as a substring would mangle every message, so a message holding it as a word of its own is withheld instead.
MASK_MIN_KEY = 8
WITHHELD = "(the server's message is withheld: it may hold the API key)"


class LLMError(Exception):
    """A failure talking to the model, as one line without the key."""


def not_json(settings: Settings) -> str:
    where = settings.base_url or "api.openai.com"
    return (f"the answer from {where} is not JSON: is the base URL an OpenAI-compatible endpoint "
            "(most end in /v1)?")


_UNKNOWN_MODEL = re.compile(r"model_not_found|model.{0,40}(?:not exist|does not exist|not found|no such)|"
                            r"模型不存在|模型.{0,10}不存在", re.I)


def wrong_shape(settings: Settings, resp: object) -> str:
    where = settings.base_url or "api.openai.com"
    extra = getattr(resp, "model_extra", None) or {}
    err = extra.get("error") if isinstance(extra, dict) else None
    said = _server_message_of(err)
    why = f": {_scrub(said, settings)}" if said else ""
    return (f"the answer from {where} is not a chat completion (no choices){why}: is the base URL an "
            "OpenAI-compatible endpoint (most end in /v1)?")


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
    why = f": {_scrub(str(cause), settings)}" if cause else ""
    return f"the connection to {where} dropped mid-answer, before any text arrived{why}"


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
    tries = (f"after {settings.retries} {'retry' if settings.retries == 1 else 'retries'}" if settings.retries
             else "without retries")
    if isinstance(e, openai.AuthenticationError):
        text = f"the API at {where} rejected the key (HTTP 401): check ASSISTANT_API_KEY"
    elif isinstance(e, openai.PermissionDeniedError):
        text = f"the API at {where} refused access (HTTP 403): {msg}"
    elif isinstance(e, openai.NotFoundError):
        text = (f"HTTP 404 from {where}: unknown model '{settings.model}' or a wrong base URL "
                f"(most servers want it to end in /v1): {msg}")
    elif isinstance(e, openai.BadRequestError) and _UNKNOWN_MODEL.search(f"{getattr(e, 'code', '')} {msg}"):
        # DeepSeek ("Model Not Exist"), GLM ("模型不存在") and DashScope answer an unknown model with 400
        text = f"HTTP 400 from {where}: unknown model '{settings.model}': {msg}"
    elif isinstance(e, openai.RateLimitError):
        text = f"rate limited by {where} (HTTP 429) {tries}: {msg}"
    elif isinstance(e, openai.APITimeoutError):
        text = f"no answer from {where} within {settings.timeout:g} s ({tries}); raise ASSISTANT_TIMEOUT"
    elif isinstance(e, openai.APIConnectionError):
        cause = e.__cause__ or e.__context__
        why = _scrub(str(cause), settings) if cause else "connection failed"
        if _cut_in_transit(e):
            text = f"the answer from {where} was cut off in transit ({tries}): {why}"
        else:
            text = f"cannot reach {where}: {why}"
    elif isinstance(e, openai.APIStatusError):
        text = f"HTTP {e.status_code} from {where} ({tries} when retryable): {msg}"
    elif isinstance(e, openai.APIResponseValidationError):
        text = f"the answer from {where} was not a chat completion: {msg}"
    elif isinstance(e, openai.OpenAIError):
        text = f"LLM call failed: {msg}"
    else:
        text = f"LLM call failed: {type(e).__name__}: {msg}"
    return LLMError(text)
