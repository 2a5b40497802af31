"""Read, parse, chunk and embed files: the half of an ingest that needs no store.

For a large input this runs in one worker process while the main process writes to Chroma: Chroma's
`add` holds the GIL for its whole duration (measured), so a thread cannot overlap them but a process can.
Results come back in file order, at most WINDOW files ahead of the writer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.models import Chunk

if TYPE_CHECKING:
    from assistant.settings import Settings

WORKER_MIN_BYTES = 4_000_000  # below this, starting a worker process costs more than it saves
WINDOW = 4


class PreparedReport(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str
    key: str
    roles: list[str]
    stored: bool = Field(description="already in the index with the same content: nothing to do")
    record: dict[str, Any] = Field(default_factory=dict)
    chunks: list[Chunk] = Field(default_factory=list)
    vectors: Any = None  # numpy array, one row per chunk


class PreparedFile(BaseModel):
    path: str
    size: int = 0
    failure: str | None = None
    reports: list[PreparedReport] = Field(default_factory=list)


def prepare_file(path: Path, settings: Settings, existing: dict[str, str]) -> PreparedFile:
    """Parse one file and chunk and embed each report not already stored with the same content."""
    from assistant.domain.loader import LoadError
    from assistant.domain.parse import parse_file
    from assistant.services.chunking import chunk_report, report_key
    from assistant.services.embedding import embed
    from assistant.services.index_corpus import report_record
    from assistant.services.index_unitkind import infer_unit_kind

    out = PreparedFile(path=str(path), size=path.stat().st_size if path.exists() else 0)
    try:
        parsed = parse_file(path)
    except LoadError as e:
        out.failure = str(e)
        return out
    if not parsed.reports:
        out.failure = f"{path}: no report found in the text"
        return out
    for report in parsed.reports:
        key = report_key(report)
        roles = [s.role.value for s in report.sections]
        if existing.get(report.id) == key:
            out.reports.append(PreparedReport(id=report.id, key=key, roles=roles, stored=True))
            continue
        kind = infer_unit_kind(report)
        chunks = chunk_report(report, size=settings.chunk_size, overlap=settings.chunk_overlap, key=key,
                              unit_kind=kind)
        out.reports.append(PreparedReport(id=report.id, key=key, roles=roles, stored=False, chunks=chunks,
                                          record=report_record(report, key, kind, len(chunks), 0)))
    todo = [r for r in out.reports if not r.stored]
    texts = [c.text for r in todo for c in r.chunks]
    if texts:
        vectors = embed(texts, settings)
        at = 0
        for r in todo:
            r.vectors = vectors[at : at + len(r.chunks)]
            at += len(r.chunks)
    return out


def prepared_files(files: list[Path], settings: Settings, existing: dict[str, str]) -> Iterator[PreparedFile]:
    """prepare_file over `files`, in order; in a worker process when the input is large."""
    total = sum(f.stat().st_size for f in files if f.is_file())
    if total < WORKER_MIN_BYTES or (os.cpu_count() or 1) < 2:
        for f in files:
            yield prepare_file(f, settings, existing)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: this process may already run Chroma's threads.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        queue: deque[Any] = deque()
        it = iter(files)
        for f in it:
            queue.append(pool.submit(prepare_file, f, settings, existing))
            if len(queue) >= WINDOW:
                break
        while queue:
            done = queue.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                queue.append(pool.submit(prepare_file, nxt, settings, existing))
            yield done
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
