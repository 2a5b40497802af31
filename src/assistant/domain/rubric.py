"""The rubric: which parts a report needs, in which order, and how each check is configured.

Shipped as data (assistant/data/rubric.yaml), replaceable with --rubric FILE. Drafting uses the same
rubric for its structure; the critique uses it for its checks.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.domain.models import Role


class RubricError(ValueError):
    pass


class PartRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    requirement: Literal["required", "expected", "optional"] = "required"
    heading: str = Field(description="the heading drafting writes for this part, e.g. 存在问题")
    numbered: bool = Field(default=True, description="whether drafting gives the part a 一、 heading")


class Rubric(BaseModel):
    model_config = ConfigDict(extra="allow")  # check configuration is added by the critique
    name: str = "default"
    parts: list[PartRule]
    length_limit: int = 3000
    problems_share: float = Field(default=1 / 3, ge=0, le=1)
    severities: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)

    def part(self, role: Role) -> PartRule | None:
        return next((p for p in self.parts if p.role == role), None)

    def order(self) -> list[Role]:
        return [p.role for p in self.parts]

    def extra(self, key: str, default: Any = None) -> Any:
        return (self.model_extra or {}).get(key, default)


def load_rubric(path: Path | None = None) -> Rubric:
    import yaml

    try:
        if path is None:
            text = resources.files("assistant.data").joinpath("rubric.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        raw = yaml.safe_load(text)
    except FileNotFoundError as e:
        raise RubricError(f"{path}: no such rubric file") from e
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise RubricError(f"{path}: not valid YAML in UTF-8") from e
    try:
        return Rubric.model_validate(raw)
    except ValidationError as e:
        msgs = "; ".join(f"{'.'.join(map(str, er['loc']))}: {er['msg']}" for er in e.errors())
        raise RubricError(f"{path or 'rubric.yaml'}: invalid rubric: {msgs}") from e
