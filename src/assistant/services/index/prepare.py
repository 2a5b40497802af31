"""Read, parse, chunk and embed files: the half of an ingest that needs no store.

For a large input this runs in one worker process while the main process writes to Chroma: Chroma's
`add` holds the GIL for its whole duration (measured), so a thread cannot overlap them but a process can.
Results come back in file order, at most WINDOW files ahead of the writer.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain.loader import InputLimits, LoadError
from assistant.domain.models import Chunk
from assistant.domain.parse import parse_file
from assistant.domain.unit_kind import infer_unit_kind
from assistant.services.index.chunking import chunk_report, report_key
from assistant.services.index.embedding import embed
from assistant.services.index.records import report_record

# What the index knows of a stored report: its content key and the resolved path of its file.
Stored = tuple[str, str]

if TYPE_CHECKING:
    from assistant.settings import Settings

WORKER_MIN_BYTES = 4_000_000  # below this, starting a worker process costs more than it saves
WINDOW = 4
PARENT_POLL_S = 0.2  # how often a worker looks whether its parent is still there


class PreparedReport(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str = Field(description="the id in the index: the parser's, or that plus a path hash (see index_id)")
    parser_id: str = ""
    key: str
    path: str = Field(default="", description="the file, resolved")
    roles: list[str]
    stored: bool = Field(description="already in the index with the same content: nothing to do")
    record: dict[str, Any] = Field(default_factory=dict)
    chunks: list[Chunk] = Field(default_factory=list)
    vectors: Any = None  # numpy array, one row per chunk
    pieces: list[tuple[int, str]] = Field(default_factory=list, description="(first line, text) for the originality index")


class PreparedFile(BaseModel):
    path: str
    size: int = 0
    failure: str | None = None
    reports: list[PreparedReport] = Field(default_factory=list)


def _same_file(stored: str, path: str, local: bool) -> bool:
    # An entry without a path (an older index), or whose file is gone, was moved or renamed: it is the same report.
    # On a shared server the stored path may be another machine's, so only an equal path says "same file"
    # (a moved and edited file is then kept twice rather than another member's report replaced).
    return not stored or stored == path or (local and not Path(stored).exists())


def index_id(parser_id: str, key: str, path: str, taken: dict[str, Stored], local: bool = True) -> str:
    """The id a report gets in the index.

    The parser's id hashes the file's name (not its folder), the report's first line and its title, so that a
    report keeps its id when its folder moves or it is named by another relative path. Two different reports
    can still share it: 述职报告.txt in two units' folders, both titled 党支部书记2024年抓基层党建工作述职报告.
    Taken for the same report, the second would replace the first; so a report whose parser id is held by a
    different report from another file that still exists gets the parser id plus a hash of its own path.
    """
    held = taken.get(parser_id)
    if held is None or held[0] == key or _same_file(held[1], path, local):
        return parser_id
    return f"{parser_id}-{hashlib.blake2b(path.encode('utf-8'), digest_size=3).hexdigest()}"


def prepare_file(path: Path, settings: Settings, existing: dict[str, Stored]) -> PreparedFile:
    """Parse one file and chunk and embed each report not already stored with the same content."""
    out = PreparedFile(path=str(path), size=path.stat().st_size if path.exists() else 0)
    try:
        parsed = parse_file(path, InputLimits.of(settings))
    except LoadError as e:
        out.failure = str(e)
        return out
    # Text in which no part of a report is recognised (no title, every line unknown) is not report
    # material: indexing it would put unrelated text among the exemplars drafting retrieves.
    reports = [r for r in parsed.reports if any(s.role.value != "unknown" for s in r.sections)]
    if not reports:
        out.failure = f"{path}：文中没有找到报告（没有标题，也没有可辨认的部分）"
        return out
    resolved = str(path.resolve())
    stored_keys = {k for k, _ in existing.values()}
    for report in reports:
        key = report_key(report)
        roles = [s.role.value for s in report.sections]
        rid = index_id(report.id, key, resolved, existing, local=not settings.chroma_url)
        if key in stored_keys:
            # Stored already, under this id or another one (the same text in a second file is not indexed twice).
            out.reports.append(PreparedReport(id=rid, parser_id=report.id, key=key, path=resolved, roles=roles,
                                              stored=True))
            continue
        parser_id = report.id
        if rid != report.id:
            report = report.model_copy(update={"id": rid})
        kind = infer_unit_kind(report)
        chunks = chunk_report(report, size=settings.chunk_size, overlap=settings.chunk_overlap, key=key,
                              unit_kind=kind)
        record = report_record(report, key, kind, len(chunks), 0) | {"path": resolved}
        out.reports.append(PreparedReport(id=rid, parser_id=parser_id, key=key, path=resolved, roles=roles,
                                          stored=False, chunks=chunks, record=record,
                                          pieces=[(report.start_line, "\n".join(parsed.lines[report.start_line - 1 : report.end_line]))]))
    todo = [r for r in out.reports if not r.stored]
    texts = [c.text for r in todo for c in r.chunks]
    if texts:
        vectors = embed(texts, settings)
        at = 0
        for r in todo:
            r.vectors = vectors[at : at + len(r.chunks)]
            at += len(r.chunks)
    return out


def _init_worker(parent: int) -> None:
    """In the worker: Ctrl-C at a terminal reaches the whole process group, and the parent alone handles it (it
    stops the ingest and shuts the pool down). A worker interrupted too printed its own traceback and could leave
    the parent's shutdown waiting for it for ever.

    And the worker ends when its parent does: a parent killed alone (kill -9 on its pid, not on the group) left
    the worker blocked on its pipe for ever, re-parented, holding the caller's stdout and stderr open."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()


def _exit_with_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:  # re-parented (to init or a subreaper) once the parent is gone
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def prepared_files(files: list[Path], settings: Settings, existing: dict[str, Stored]) -> Iterator[PreparedFile]:
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
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(os.getpid(),))
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
