"""The inputs of the draft commands, each refused in one line: the backend (chosen for the user when asked
for auto), the profile and rubric, the part's role."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from assistant.domain.models import Role
from assistant.domain.profile import ProfileError, UnitProfile, load_profile
from assistant.domain.rubric import Rubric, RubricError, load_rubric
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
            raise DraftInputError("--backend api 需要配置 API：请设置 ASSISTANT_BASE_URL 和 ASSISTANT_API_KEY"
                                  "（见 `assistant config`）")
        return "api", None
    if settings.api_configured:
        return "api", None
    return "offline", "未配置 API：使用离线模板（不用大模型）；设置 ASSISTANT_BASE_URL 和" \
                      " ASSISTANT_API_KEY 后即可用大模型起草"


def load_inputs(facts: Path, settings: Settings) -> tuple[UnitProfile, Rubric]:
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
        ok = "、".join(r.value for r in Role if r not in (Role.title, Role.unknown))
        raise DraftInputError(f"没有“{value}”这一部分；只能是 {ok} 之一")
    return role
