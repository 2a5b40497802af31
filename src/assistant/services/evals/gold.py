"""Gold labels of a labelled source file (the format of evals/gold/seed_gold.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.domain.loader import LoadError, load_source
from assistant.domain.models import Role
from assistant.domain.validation import validation_summary
from assistant.domain.yamltext import read_yaml_file


class GoldError(ValueError):
    pass


PART_ROLES = {r.value for r in Role} | {"other"}  # other: an author, signature, date or 附件 line


class GoldSection(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: str
    lines: tuple[int, int]
    items: int | None = None
    numbering: str | None = None
    heading: str | None = None


    @field_validator("role")
    @classmethod
    def _known_role(cls, v: str) -> str:
        if v not in PART_ROLES:
            raise ValueError(f"没有“{v}”这一部分")
        return v


class KnownDefect(BaseModel):
    model_config = ConfigDict(extra="ignore")
    check: str | None = None
    part: str | None = None
    lines: list[int] = Field(default_factory=list)
    what: str = ""


class GoldReport(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    lines: tuple[int, int]
    year: int | None = None
    unit: str | None = None
    sections: list[GoldSection]
    known_defects: list[KnownDefect] = Field(default_factory=list)
    # dev: may be tuned and fitted on; test: frozen, measured only (the older sets are all dev)
    split: Literal["dev", "test"] = "dev"
    truncated: bool = False

    def role_of_line(self, line: int) -> str | None:
        for s in self.sections:
            if s.lines[0] <= line <= s.lines[1]:
                return s.role
        return None


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="ignore")
    source: str
    reports: list[GoldReport]
    path: Path | None = None  # where the gold file was read from (set by load_gold)

    def source_path(self) -> Path:
        """The labelled file: `source` is relative to the gold file, else to ../../corpus (the repo layout)."""
        assert self.path is not None
        for base in (self.path.parent, self.path.parent.parent.parent / "corpus"):
            p = base / self.source
            if p.is_file():
                return p
        raise GoldError(f"{self.path}：在旁边和 corpus/ 中都找不到所标注的文件 {self.source}")


def load_gold(path: Path) -> GoldFile:
    raw = read_yaml_file(path, GoldError, "标注文件")
    try:
        gold = GoldFile.model_validate(raw)
    except ValidationError as e:
        msgs = validation_summary(e, 3)
        raise GoldError(f"{path}：标注文件有误：{msgs}") from e
    gold.path = Path(path)
    return gold


def load_gold_dir(directory: Path) -> list[GoldFile]:
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise GoldError(f"{directory}：没有标注文件（*.yaml）")
    return [load_gold(p) for p in files]


def read_lines(path: Path) -> list[str]:
    """Lines of a labelled file as the gold counts them (index 0 = line 1), read by the project's loader."""
    try:
        return load_source(path).lines
    except LoadError as e:
        raise GoldError(str(e)) from e
