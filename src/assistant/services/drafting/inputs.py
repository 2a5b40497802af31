"""What the draft commands need besides drafting itself: choosing the backend, loading the inputs with
one-line errors, and the dry run's requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from assistant.domain.models import Role
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import Rubric
from assistant.services.drafting.models import Backend
from assistant.settings import Settings

BackendChoice = Literal["auto", "api", "offline"]


class DraftInputError(ValueError):
    """A profile, rubric, role or backend the commands cannot use (one line)."""


def resolve_backend(choice: BackendChoice, settings: Settings) -> tuple[Backend, str | None]:
    """The backend to use and, when it was chosen for the user, a note saying so."""
    if choice == "offline":
        return "offline", None
    if choice == "api":
        if not settings.api_configured:
            raise DraftInputError("--backend api needs an API: set ASSISTANT_BASE_URL and ASSISTANT_API_KEY "
                                  "(see `assistant config`)")
        return "api", None
    if settings.api_configured:
        return "api", None
    return "offline", "no API configured: using the offline composer (no LLM); set ASSISTANT_BASE_URL/" \
                      "ASSISTANT_API_KEY to draft with a model"


def load_inputs(facts: Path, settings: Settings) -> tuple[UnitProfile, Rubric]:
    from assistant.domain.profile import ProfileError, load_profile
    from assistant.domain.rubric import RubricError, load_rubric

    try:
        return load_profile(facts), load_rubric(settings.rubric)
    except (ProfileError, RubricError) as e:
        raise DraftInputError(str(e)) from e


def parse_role(value: str) -> Role:
    try:
        role = Role(value)
    except ValueError:
        role = None
    if role is None or role in (Role.title, Role.unknown):
        ok = ", ".join(r.value for r in Role if r not in (Role.title, Role.unknown))
        raise DraftInputError(f"unknown part {value!r}; one of: {ok}")
    return role


def endpoint(settings: Settings) -> str:
    base = (settings.base_url or "https://api.openai.com/v1").rstrip("/")
    return f"{base}/chat/completions"


def dry_run(kind: str, profile: UnitProfile, settings: Settings, rubric: Rubric, *, role: Role | None = None,
            stream: bool = False, include: list[Role] | None = None) -> dict[str, Any]:
    """Every request the command would send (the first round), exactly as sent; nothing is sent."""
    from assistant.services.drafting.report import dry_run_requests
    from assistant.services.llm import json_request, request_body

    if kind == "outline":
        from assistant.services.drafting.outline import OutlineAnswer, outline_messages

        msgs, extra = json_request(settings, outline_messages(profile, settings, rubric), OutlineAnswer)
        requests, notes = [{"part": "outline", **request_body(settings, msgs, extra)}], [
            "if the answer is not valid JSON it is re-asked once with the validation error"]
    else:
        requests, notes = dry_run_requests(profile, settings, rubric=rubric, include=include,
                                           roles=[role] if role else None)
        if stream:
            for r in requests:
                r["stream"] = True
    return {"endpoint": endpoint(settings), "api_key": "(sent in the Authorization header, not shown)",
            "requests": requests, "notes": notes}
