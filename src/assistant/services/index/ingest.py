"""Files → parsed reports → chunks → vectors → the store. Idempotent, and safe to interrupt.

- Ids come from content: a chunk's id hashes its report id, the report's content and its text, so
  ingesting the same files again adds nothing (Chroma ignores known ids silently, so new ids are
  counted here; reports already stored with the same content are not even chunked or embedded).
- A first ingest and every `--rebuild` write a new generation and switch the catalog to it only when it
  is complete; on any failure the new generation is dropped and the old index stays as it was.
- An incremental ingest adds to the active generation; a report's manifest entry is written after all
  its chunks, and a report whose content changed has its old chunks removed first.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.domain.loader import iter_report_files
from assistant.domain.models import Role
from assistant.services.index import exact, keyword, shingle_store
from assistant.services.index.chunking import with_report_id
from assistant.services.index.disk import disk_full_message, is_disk_full, nearly_full
from assistant.services.index.embedding import describe
from assistant.services.index.generations import drop_generation, generations, remove_orphan_segment_dirs
from assistant.services.index.prepare import PreparedFile, index_id, prepared_files
from assistant.services.index.shingles import Doc
from assistant.services.index.store import (
    Catalog,
    DamagedIndexError,
    Generation,
    StoreError,
    check_active,
    check_embedding,
    new_prefix,
    open_client,
    read_catalog,
    where,
    write_catalog,
    write_lock,
)
from assistant.services.index.writer import Writer, update_exact

if TYPE_CHECKING:
    from assistant.settings import Settings


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
    reports_removed: int = Field(0, description="stored reports that a file read again no longer holds")
    parts: dict[str, int] = Field(default_factory=dict, description="sections per role, in the files read")
    chunks_new: int = 0
    chunks_existing: int = 0
    chunks_total: int = 0
    reports_total: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    failures: list[FileFailure] = Field(default_factory=list)


def _stale(prepared: PreparedFile, existing: dict[str, tuple[str, str]], written: set[str],
           taken: dict[str, tuple[str, str]]) -> list[str]:
    """Stored reports of a file just read that it no longer holds (its title was edited, a report was cut).

    Only a file read without failure counts: an unreadable file leaves its reports in the index.
    """
    if prepared.failure or not existing:
        return []
    path = str(Path(prepared.path).resolve())
    kept = {r.id for r in prepared.reports if r.id in written or existing.get(r.id, ("", ""))[0] == r.key}
    return [i for i, (_, p) in existing.items() if p == path and i not in kept and i in taken and i not in written]


def _drop(client: object, settings: Settings, prefix: str) -> None:
    drop_generation(client, prefix)
    exact.drop(settings, prefix)
    keyword.drop(settings, prefix)
    shingle_store.drop(settings, prefix)


def _drop_abandoned(client: object, settings: Settings, cat: Catalog | None) -> None:
    """Before a new build of a local store: drop generations a failed or killed build left (one that could not be
    dropped when it failed, e.g. on a full disk), so that their space is free for this one. The write lock makes
    this safe locally; on a shared server another client may be building, so nothing is dropped there."""
    if settings.chroma_url:
        return
    for old in generations(client, settings) - ({cat.active} if cat else set()):
        try:
            _drop(client, settings, old)
        except Exception:  # noqa: BLE001 - best effort: the build itself reports a full disk in one line
            return


def _derived_indexes(gen: Generation, settings: Settings, fresh: bool, before: dict[str, int], counts: dict[str, int],
                     writer: Writer, new_docs: list[Doc]) -> None:
    """The exact, keyword and originality files of the generation, built side by side: they are independent and
    mostly numpy (which lets go of the GIL), and one after the other they were about a tenth of a large ingest."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(keyword.update, gen, settings, fresh, before, counts, writer.added_texts, writer.removed),
                pool.submit(shingle_store.update_at_ingest, gen, settings, fresh, new_docs)]
        update_exact(gen, settings, fresh, before, counts, writer)
        for job in jobs:
            job.result()  # re-raises a failure here, under the write lock, before the catalog switch


def ingest(paths: list[Path], settings: Settings, *, rebuild: bool = False,
           progress: Callable[[int], None] | None = None, notify: Callable[[str], None] | None = None) -> IngestSummary:
    """Ingest files and folders (read recursively). Unreadable files are listed in `failures`; others go on."""
    t0 = time.perf_counter()
    files: list[Path] = []
    empty: list[Path] = []
    for p in map(Path, paths):
        found = iter_report_files([p])
        files += found
        if p.is_dir() and not found:
            empty.append(p)
    summary = IngestSummary(index=f"{where(settings)} ({settings.collection})", files=len(files), rebuilt=rebuild)
    # A folder with nothing to read is a failure like an unreadable file, not a silent success.
    summary.failures += [FileFailure(path=str(p), reason=f"{p}：这个文件夹里没有可读的文件（隐藏文件不读）")
                         for p in empty]
    from chromadb.errors import ChromaError

    with write_lock(settings, on_wait=notify):
        client = open_client(settings)
        try:
            cat = read_catalog(client, settings)
        except DamagedIndexError:
            if not rebuild:
                raise
            cat = None  # a rebuild replaces the damaged catalog (and, locally, drops every old generation)
        fresh = cat is None or rebuild
        if cat is not None and not rebuild:
            check_embedding(cat, settings)
            cat = check_active(client, settings, cat)
        if fresh:
            _drop_abandoned(client, settings, cat)
        prefix = new_prefix(settings) if fresh else cat.active  # type: ignore[union-attr]
        gen = Generation(client, settings, prefix)
        try:
            existing: dict[str, tuple[str, str]] = {}
            if not fresh:
                got = gen.manifest().get(include=["metadatas"])
                existing = {i: (str(m.get("key", "")), str(m.get("path", "")))
                            for i, m in zip(got["ids"], got["metadatas"] or [], strict=False)}
            writer = Writer(gen, settings, fresh)
            seq = (cat.reports if cat and not fresh else 0) + 1
            parts: Counter[str] = Counter()
            # What the index will hold once this run is done: the stored reports and those written in this run.
            taken = dict(existing)
            written: set[str] = set()
            keys = {k for k, _ in existing.values()}
            new_docs: list[Doc] = []  # for the originality index (shingle_store.py)
            for prepared in prepared_files(files, settings, existing):
                if prepared.failure:
                    summary.failures.append(FileFailure(path=prepared.path, reason=prepared.failure))
                for rep in prepared.reports:
                    summary.reports_seen += 1
                    parts.update(rep.roles)
                    if rep.stored or rep.key in keys:
                        continue  # already stored in full (manifest entries are written last), or read twice
                    # The worker chose the id from the stored reports only; one read earlier in this run may
                    # hold it too (two units' 述职报告.txt with the same title).
                    rid = index_id(rep.parser_id or rep.id, rep.key, rep.path, taken, local=not settings.chroma_url)
                    if rid in written:
                        continue  # the same file changed while it was read twice: keep the first
                    chunks, record = rep.chunks, rep.record
                    if rid != rep.id:
                        chunks, record = with_report_id(rep.chunks, rid, rep.key), record | {"id": rid}
                    if rid in existing:
                        writer.drop_report(rid)
                        summary.reports_changed += 1
                    else:
                        summary.reports_new += 1
                    taken[rid] = (rep.key, rep.path)
                    written.add(rid)
                    keys.add(rep.key)
                    writer.add_report(chunks, rep.vectors, record | {"seq": seq})
                    new_docs.append(Doc(id=rid, key=rep.key, title=record["title"], source=record["source"],
                                        pieces=rep.pieces, path=rep.path))
                    seq += 1
                for gone in _stale(prepared, existing, written, taken):
                    writer.forget_report(gone)
                    keys.discard(taken.pop(gone)[0])
                    summary.reports_removed += 1
                if progress:
                    progress(prepared.size)
            writer.flush()
            summary.chunks_new, summary.chunks_existing = writer.new, writer.existing
            if fresh and gen.manifest().count() == 0:
                raise _NothingIngested()
            summary.parts = dict(sorted(parts.items(), key=lambda kv: list(Role).index(Role(kv[0]))))
            counts = {}
            for role in Role:
                col = gen.chunks(role, create=False)
                counts[role.value] = col.count() if col is not None else 0
            _derived_indexes(gen, settings, fresh, {} if fresh or cat is None else cat.counts, counts, writer,
                             new_docs)
            name, config = describe(settings)
            n_reports = gen.manifest().count()
            new_cat = Catalog(name=settings.collection, active=prefix, embedding=name, embedding_config=config,
                              counts=counts, reports=n_reports,
                              built_at=(cat.built_at if cat and not fresh else ""))
            write_catalog(client, settings, new_cat)  # the switch: readers now see this generation
            if not settings.chroma_url:
                shingle_store.write_pointer(settings, prefix, new_cat.revision)
        except _NothingIngested:
            # Never replace an index (or create one) with an empty build.
            _drop(client, settings, prefix)
            summary.parts = dict(parts)
            summary.seconds = round(time.perf_counter() - t0, 3)
            if cat is not None:
                summary.chunks_total, summary.reports_total = cat.chunks, cat.reports
            summary.rebuilt = False
            return summary
        except BaseException as e:
            full = is_disk_full(e) or (not settings.chroma_url and nearly_full(settings.chroma_path))
            if fresh:
                try:
                    _drop(client, settings, prefix)
                except Exception:  # noqa: BLE001 - e.g. the disk is full: the next build drops it (_abandoned)
                    pass
            if full:
                raise StoreError(disk_full_message(where(settings))) from e
            if isinstance(e, ChromaError):
                raise StoreError(f"写入索引失败（{e.__class__.__name__}）；本次运行之前的索引没有改动") from e
            raise
        if fresh:
            # Old generations: the previous active one, and any left by a killed build (the lock makes this
            # safe locally; on a shared server only the previous one is dropped, another client may be building).
            stale = {cat.active} if cat else set()
            if not settings.chroma_url:
                stale |= generations(client, settings) - {prefix}
            for old in stale - {prefix}:
                _drop(client, settings, old)
            try:
                remove_orphan_segment_dirs(settings)
            except (OSError, sqlite3.Error):  # best effort: a later build tries again
                pass
    summary.chunks_total = new_cat.chunks
    summary.reports_total = new_cat.reports
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary
