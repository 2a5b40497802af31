"""What the draft commands need besides drafting itself: choosing the backend, loading the inputs with
one-line errors, the dry run's requests, and the doctor's checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.domain.models import Role
from assistant.domain.profile import UnitProfile
from assistant.domain.rubric import Rubric
from assistant.services.drafting.models import Backend
from assistant.settings import Settings

BackendChoice = Literal["auto", "api", "offline"]
PROMPT_FILES = ["system.md", "repair.md", "outline.md", "offline.yaml", "review_system.md", "review_user.md",
                *[f"part_{r.value}.md" for r in Role if r not in (Role.title, Role.unknown)]]


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
    from assistant.services.drafting.pipeline import dry_run_requests
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


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not configured / not applicable
    detail: str


def doctor(settings: Settings) -> list[Check]:
    """Settings, prompts, index and LLM endpoint, each in one line."""
    from assistant.services.drafting.prompts import PromptError, find_prompt, prompt_dirs

    summary = (f"model {settings.model}, base URL {settings.base_url or '(OpenAI default)'}, "
               f"json_mode {settings.json_mode}, concurrency {settings.concurrency}")
    problem = settings_problem(settings)
    out = [Check("settings", problem is None, problem or summary)]
    missing = []
    for name in PROMPT_FILES:
        try:
            find_prompt(name, settings)
        except PromptError:
            missing.append(name)
    where = " or ".join(str(d) for d in prompt_dirs(settings))
    out.append(Check("prompts", not missing, f"all prompt files found ({where})" if not missing
                     else f"missing from {where}: " + ", ".join(missing)))
    out.append(_index_check(settings))
    out.append(_llm_check(settings))
    return out


def settings_problem(settings: Settings) -> str | None:
    """A setting that is valid on its own but cannot work here (checked by doctor)."""
    if settings.prompts_dir is not None and not Path(settings.prompts_dir).is_dir():
        return f"prompts_dir {settings.prompts_dir} is not a directory"
    if settings.json_mode == "json_schema" and "deepseek" in (settings.base_url or "").lower():
        return "DeepSeek has no json_schema output: set json_mode = \"json_object\" (see the providers table)"
    return None


def _index_check(settings: Settings) -> Check:
    from assistant.services.index.store import StoreError, open_client, require_catalog, where

    try:
        cat = require_catalog(open_client(settings), settings)
    except StoreError as e:
        return Check("index", False, f"{e}")
    return Check("index", True, f"{where(settings)}: {cat.reports} report(s), {cat.chunks} chunk(s)")


def _llm_check(settings: Settings) -> Check:
    from assistant.services.llm import LLMError, ping

    if not settings.api_configured:
        return Check("llm", None, "no API configured: drafting uses the offline composer "
                                  "(set ASSISTANT_BASE_URL and ASSISTANT_API_KEY)")
    try:
        ping(settings)
    except LLMError as e:
        return Check("llm", False, str(e))
    return Check("llm", True, f"{endpoint(settings)} answered a one-token call with model {settings.model}")
