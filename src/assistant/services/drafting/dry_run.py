"""The dry run (`--dry-run` on any draft command): which backend would run and, for the API, every request
the command would send, exactly as sent, and the endpoint it would go to; nothing is sent. With the offline
composer nothing would be sent, so no request is shown."""

from __future__ import annotations

from typing import Any

from assistant.domain.models import Role
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import Rubric
from assistant.services.drafting.outline import OutlineAnswer, outline_messages
from assistant.services.drafting.report import dry_run_requests
from assistant.services.llm import json_request, request_body
from assistant.settings import Settings


def endpoint(settings: Settings) -> str:
    base = (settings.base_url or "https://api.openai.com/v1").rstrip("/")
    return f"{base}/chat/completions"


OFFLINE = "离线模板（offline composer，未使用大模型）：不会发送任何请求"


def dry_run(kind: str, profile: UnitProfile, settings: Settings, rubric: Rubric, *, role: Role | None = None,
            stream: bool = True, include: list[Role] | None = None, backend: str = "api") -> dict[str, Any]:
    """The backend that would run and every request the command would send (the first round), exactly as
    sent; nothing is sent. Drafting calls are always streamed (`stream` is kept for callers; the timeouts
    need the stream)."""
    if backend == "offline":
        return {"backend": "offline", "endpoint": None, "requests": [], "notes": [OFFLINE]}
    if kind == "outline":
        msgs, extra = json_request(settings, outline_messages(profile, settings, rubric), OutlineAnswer)
        requests, notes = [{"part": "outline", **request_body(settings, msgs, extra)}], [
            "回答不是合规的 JSON 时，附上校验错误重问一次"]
    else:
        requests, notes = dry_run_requests(profile, settings, rubric=rubric, include=include,
                                           roles=[role] if role else None)
    return {"backend": "api", "endpoint": endpoint(settings), "api_key": "（在 Authorization 请求头中发送，此处不显示）",
            "requests": requests, "notes": notes}
