"""What every suite runner gets: settings, where the eval data lives, the backend and a progress callback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.settings import Settings

# progress(suite, done, total)
Progress = Callable[[str, int, int], None]


def _quiet(suite: str, done: int, total: int) -> None:
    return None


@dataclass
class EvalContext:
    settings: Settings
    evals_dir: Path
    backend: str = "offline"  # offline | api
    seed: int = 0
    per_kind: int = 8
    case_filter: list[str] = field(default_factory=list)  # case file stems; empty = all
    progress: Progress = _quiet

    @property
    def cases_dir(self) -> Path:
        return self.evals_dir / "cases"

    @property
    def gold_dir(self) -> Path:
        return self.evals_dir / "gold"

    @property
    def defects_file(self) -> Path:
        return self.evals_dir / "planted" / "defects.yaml"


class MissingDependency(RuntimeError):
    """A piece a suite measures is not built yet: the suite is reported as not run, never faked."""
