"""The dry run (`--dry-run` on any draft command): every request the command would send, exactly as sent,
and the endpoint it would go to; nothing is sent."""

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


def dry_run(kind: str, profile: UnitProfile, settings: Settings, rubric: Rubric, *, role: Role | None = None,
            stream: bool = False, include: list[Role] | None = None) -> dict[str, Any]:
    """Every request the command would send (the first round), exactly as sent; nothing is sent."""
    if kind == "outline":
        msgs, extra = json_request(settings, outline_messages(profile, settings, rubric), OutlineAnswer)
        requests, notes = [{"part": "outline", **request_body(settings, msgs, extra)}], [
            "如果回答不是合格的 JSON，会带上校验错误再问一次"]
    else:
        requests, notes = dry_run_requests(profile, settings, rubric=rubric, include=include,
                                           roles=[role] if role else None)
        if stream:
            for r in requests:
                r["stream"] = True
    return {"endpoint": endpoint(settings), "api_key": "（放在 Authorization 请求头中发送，此处不显示）",
            "requests": requests, "notes": notes}
