"""What every suite runner gets: settings, where the eval data lives, the backend and a progress callback."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.services.evals.gold import load_gold_dir
from assistant.services.index.ingest import ingest
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
    splits: tuple[str, ...] = ("dev", "test")  # which splits of the unseen reports to measure
    # Throw-away indexes of the corpus, one per embedding, shared by the suites of one run (see index()).
    _indexes: dict[str, tuple[Settings, str]] = field(default_factory=dict)
    _tmp: list[tempfile.TemporaryDirectory[str]] = field(default_factory=list)

    def corpus_dirs(self) -> list[Path]:
        """The labelled files' folders and the repository's corpus/."""
        dirs = [g.source_path().parent for g in load_gold_dir(self.gold_dir)] + [self.evals_dir.parent / "corpus"]
        return sorted({p.resolve() for p in dirs if p.is_dir()})

    def index(self, embedding: str = "local") -> tuple[Settings, str]:
        """Settings pointing at a fresh index of the corpus (built once per run), and what was indexed.

        The eval never reads or writes the user's index: runs stay comparable whatever was ingested there.
        """
        if embedding not in self._indexes:
            tmp = tempfile.TemporaryDirectory(prefix="assistant-eval-index-")
            self._tmp.append(tmp)
            s = self.settings.model_copy(update={"chroma_path": Path(tmp.name), "chroma_url": None,
                                                 "embedding": embedding, "collection": "eval"})
            dirs = self.corpus_dirs()
            summary = ingest(list(dirs), s)
            what = (f"{embedding} 向量化，{'、'.join(map(str, dirs))} 中 {summary.reports_total} 篇报告的 "
                    f"{summary.chunks_total} 个片段")
            self._indexes[embedding] = (s, what)
        return self._indexes[embedding]

    def close(self) -> None:
        for t in self._tmp:
            t.cleanup()
        self._tmp.clear()
        self._indexes.clear()

    @property
    def cases_dir(self) -> Path:
        return self.evals_dir / "cases"

    @property
    def gold_dir(self) -> Path:
        return self.evals_dir / "gold"

    @property
    def unseen_dir(self) -> Path:
        return self.evals_dir / "unseen"

    @property
    def defects_file(self) -> Path:
        return self.evals_dir / "planted" / "defects.yaml"


