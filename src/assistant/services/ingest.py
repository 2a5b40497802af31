"""Files → parsed reports → chunks → vectors → the store. Idempotent, and safe to interrupt.

- Ids come from content: a chunk's id hashes its report id, the report's content and its text, so
  ingesting the same files again adds nothing (Chroma ignores known ids silently, so new ids are
  counted here, before embedding, and existing ones are never re-embedded).
- A first ingest and every `--rebuild` write a new generation and switch the catalog to it only when it
  is complete; on any failure the new generation is dropped and the old index stays as it was.
- An incremental ingest adds to the active generation; a report's manifest entry is written after all
  its chunks, and a report whose content changed has its old chunks removed first.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.domain.models import Chunk, Role
from assistant.services.chunking import chunk_metadata, chunk_report, report_key
from assistant.services.index_corpus import report_record
from assistant.services.index_unitkind import infer_unit_kind
from assistant.services.store import (
    Catalog,
    Generation,
    check_embedding,
    drop_generation,
    generations,
    new_prefix,
    open_client,
    read_catalog,
    where,
    write_catalog,
    write_lock,
)

if TYPE_CHECKING:
    from assistant.settings import Settings

FLUSH_CHUNKS = 4000  # chunks embedded and added per round (Chroma's max batch is 5,461)


class _NothingIngested(Exception):
    pass


class FileFailure(BaseModel):
    path: str
    reason: str


class IngestSummary(BaseModel):
    index: str
    files: int = 0
    reports_seen: int = 0
    reports_new: int = 0
    reports_changed: int = 0
    parts: dict[str, int] = Field(default_factory=dict, description="sections per role, in the files read")
    chunks_new: int = 0
    chunks_existing: int = 0
    chunks_total: int = 0
    reports_total: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    failures: list[FileFailure] = Field(default_factory=list)


class _Writer:
    """Buffers chunks, adds only unknown ids, and writes manifest entries once their chunks are stored.

    Chroma's add (Rust, most of the ingest time) runs on one background thread while the main thread parses
    and embeds the next batch; jobs run in order, at most one waits, so a manifest entry is never stored
    before its chunks.
    """

    def __init__(self, gen: Generation, settings: Settings, fresh: bool, summary: IngestSummary) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.gen, self.settings, self.fresh, self.summary = gen, settings, fresh, summary
        self.chunks: list[Chunk] = []
        self.records: list[dict[str, Any]] = []
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-add")
        self.pending: Any = None
        # New rows per role for the exact index (ids, unit kinds, vectors), and ids removed per role.
        self.added: dict[str, tuple[list[str], list[str], list[Any]]] = {}
        self.removed: dict[str, set[str]] = {}

    def add_report(self, chunks: list[Chunk], record: dict[str, Any]) -> None:
        self.chunks.extend(chunks)
        self.records.append(record)
        if len(self.chunks) >= FLUSH_CHUNKS:
            self.flush()

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # re-raises a failed add here

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self.pool.shutdown(wait=True)

    def flush(self) -> None:
        import json

        from assistant.services.embedding import embed

        by_role: dict[Role, list[Chunk]] = {}
        for c in self.chunks:
            by_role.setdefault(c.role, []).append(c)
        writes: list[Callable[[], None]] = []
        for role, chunks in by_role.items():
            col = self.gen.chunks(role)
            assert col is not None
            known: set[str] = set()
            if not self.fresh:
                known = set(col.get(ids=[c.id for c in chunks], include=[])["ids"])
            seen: set[str] = set()
            new = []
            for c in chunks:
                if c.id not in known and c.id not in seen:
                    new.append(c)
                    seen.add(c.id)
            self.summary.chunks_existing += len(chunks) - len(new)
            if not new:
                continue
            vectors = embed([c.text for c in new], self.settings)
            kw = {"ids": [c.id for c in new], "embeddings": vectors, "documents": [c.text for c in new],
                  "metadatas": [chunk_metadata(c) for c in new]}
            writes.append(lambda col=col, kw=kw: col.add(**kw))
            self.summary.chunks_new += len(new)
            a_ids, a_kinds, a_vecs = self.added.setdefault(role.value, ([], [], []))
            a_ids.extend(c.id for c in new)
            a_kinds.extend(c.unit_kind or "" for c in new)
            a_vecs.append(vectors)
        if self.records:
            recs = self.records
            man = self.gen.manifest()
            writes.append(lambda: man.upsert(
                ids=[r["id"] for r in recs], embeddings=[[1.0]] * len(recs),
                documents=[json.dumps(r, ensure_ascii=False) for r in recs],
                metadatas=[{"title": r["title"], "source": r["source"], "key": r["key"]} for r in recs],
            ))
        self.chunks, self.records = [], []
        self.wait()
        if writes:
            self.pending = self.pool.submit(lambda: [w() for w in writes])


def _drop_report_chunks(gen: Generation, report_id: str, removed: dict[str, set[str]]) -> None:
    for role in Role:
        col = gen.chunks(role, create=False)
        if col is not None:
            ids = col.get(where={"report_id": report_id}, include=[])["ids"]
            if ids:
                col.delete(ids=ids)
                removed.setdefault(role.value, set()).update(ids)


def _update_exact(gen: Generation, settings: Settings, fresh: bool, before: dict[str, int],
                  counts: dict[str, int], writer: _Writer) -> None:
    """Bring the exact index of a local store in line with the Chroma collections (see index_exact)."""
    if settings.chroma_url:
        return
    from assistant.services import index_exact as ex

    for role, n in counts.items():
        changed = role in writer.added or role in writer.removed
        old = None if fresh else ex.load_role(settings, gen.prefix, role, before.get(role, 0))
        if not fresh and not changed and (old is not None or n == 0):
            continue
        m = None
        if fresh or old is not None or before.get(role, 0) == 0:
            a_ids, a_kinds, a_vecs = writer.added.get(role, ([], [], []))
            m = ex.merge(old, writer.removed.get(role, set()), a_ids, a_kinds, a_vecs)
        if m is None or len(m.ids) != n:
            m = ex.from_chroma(gen, role)  # missing or stale files: rebuild from the store of record
        ex.write_role(settings, gen.prefix, role, m)


def _drop(client: Any, settings: Settings, prefix: str) -> None:
    from assistant.services import index_exact

    drop_generation(client, prefix)
    index_exact.drop(settings, prefix)


def ingest(paths: list[Path], settings: Settings, *, rebuild: bool = False,
           progress: Callable[[int], None] | None = None, notify: Callable[[str], None] | None = None) -> IngestSummary:
    """Ingest files and folders (read recursively). Unreadable files are listed in `failures`; others go on."""
    from assistant.domain.loader import LoadError, iter_report_files
    from assistant.domain.parse import parse_file

    t0 = time.perf_counter()
    files = iter_report_files([Path(p) for p in paths])
    summary = IngestSummary(index=f"{where(settings)} ({settings.collection})", files=len(files), rebuilt=rebuild)
    with write_lock(settings, on_wait=notify):
        client = open_client(settings)
        cat = read_catalog(client, settings)
        fresh = cat is None or rebuild
        if cat is not None and not rebuild:
            check_embedding(cat, settings)
        prefix = new_prefix(settings) if fresh else cat.active  # type: ignore[union-attr]
        gen = Generation(client, settings, prefix)
        writer: _Writer | None = None
        try:
            existing: dict[str, str] = {}
            if not fresh:
                got = gen.manifest().get(include=["metadatas"])
                existing = {i: str(m.get("key", "")) for i, m in zip(got["ids"], got["metadatas"] or [], strict=False)}
            writer = _Writer(gen, settings, fresh, summary)
            seq = (cat.reports if cat and not fresh else 0) + 1
            parts: Counter[str] = Counter()
            done: set[str] = set()
            for f in files:
                size = f.stat().st_size if f.exists() else 0
                try:
                    parsed = parse_file(f)
                except LoadError as e:
                    summary.failures.append(FileFailure(path=str(f), reason=str(e)))
                    parsed = None
                if parsed is not None and not parsed.reports:
                    summary.failures.append(FileFailure(path=str(f), reason=f"{f}: no report found in the text"))
                for report in parsed.reports if parsed else []:
                    summary.reports_seen += 1
                    parts.update(s.role.value for s in report.sections)
                    key = report_key(report)
                    if report.id in done or existing.get(report.id) == key:
                        continue  # already stored in full (manifest entries are written last)
                    if report.id in existing:
                        writer.flush()
                        writer.wait()
                        _drop_report_chunks(gen, report.id, writer.removed)
                        summary.reports_changed += 1
                    else:
                        summary.reports_new += 1
                    done.add(report.id)
                    kind = infer_unit_kind(report)
                    chunks = chunk_report(report, size=settings.chunk_size, overlap=settings.chunk_overlap,
                                          key=key, unit_kind=kind)
                    writer.add_report(chunks, report_record(report, key, kind, len(chunks), seq))
                    seq += 1
                if progress:
                    progress(size)
            writer.flush()
            writer.close()
            if fresh and gen.manifest().count() == 0:
                raise _NothingIngested()
            summary.parts = dict(sorted(parts.items(), key=lambda kv: list(Role).index(Role(kv[0]))))
            counts = {}
            for role in Role:
                col = gen.chunks(role, create=False)
                counts[role.value] = col.count() if col is not None else 0
            _update_exact(gen, settings, fresh, {} if fresh or cat is None else cat.counts, counts, writer)
            from assistant.services.embedding import describe

            name, config = describe(settings)
            n_reports = gen.manifest().count()
            new_cat = Catalog(name=settings.collection, active=prefix, embedding=name, embedding_config=config,
                              counts=counts, reports=n_reports,
                              built_at=(cat.built_at if cat and not fresh else ""))
            write_catalog(client, settings, new_cat)  # the switch: readers now see this generation
        except _NothingIngested:
            # Never replace an index (or create one) with an empty build.
            _drop(client, settings, prefix)
            summary.parts = dict(parts)
            summary.seconds = round(time.perf_counter() - t0, 3)
            if cat is not None:
                summary.chunks_total, summary.reports_total = cat.chunks, cat.reports
            summary.rebuilt = False
            return summary
        except BaseException:
            if writer is not None:
                with contextlib.suppress(BaseException):
                    writer.close()  # no add may still be running while the generation is dropped
            if fresh:
                _drop(client, settings, prefix)
            raise
        if fresh:
            # Old generations: the previous active one, and any left by a killed build (the lock makes this
            # safe locally; on a shared server only the previous one is dropped, another client may be building).
            stale = {cat.active} if cat else set()
            if not settings.chroma_url:
                stale |= generations(client, settings) - {prefix}
            for old in stale - {prefix}:
                _drop(client, settings, old)
    summary.chunks_total = new_cat.chunks
    summary.reports_total = new_cat.reports
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary
