"""Writing prepared chunks into one generation: only unknown ids, manifest entries after their chunks."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from assistant.domain.models import Chunk, Role
from assistant.services.index import exact as ex
from assistant.services.index.chunking import chunk_metadata

if TYPE_CHECKING:
    from assistant.services.index.store import Generation
    from assistant.settings import Settings

FLUSH_CHUNKS = 4000  # chunks added per round (Chroma's max batch is 5,461)


class Writer:
    """Buffers chunks with their vectors; `flush` adds the unknown ones per role, then the manifest entries."""

    def __init__(self, gen: Generation, settings: Settings, fresh: bool) -> None:
        self.gen, self.settings, self.fresh = gen, settings, fresh
        self.chunks: list[tuple[Chunk, Any]] = []
        self.records: list[dict[str, Any]] = []
        self.new = 0
        self.existing = 0
        # New rows per role for the exact index (ids, unit kinds, vectors), and ids removed per role.
        self.added: dict[str, tuple[list[str], list[str], list[Any]]] = {}
        self.removed: dict[str, set[str]] = {}
        # New rows per role for the keyword index (ids, unit kinds, texts).
        self.added_texts: dict[str, tuple[list[str], list[str], list[str]]] = {}
        self.batch: int | None = None

    def add_report(self, chunks: list[Chunk], vectors: Any, record: dict[str, Any]) -> None:
        self.chunks.extend(zip(chunks, vectors, strict=True))
        self.records.append(record)
        if len(self.chunks) >= FLUSH_CHUNKS:
            self.flush()

    def _batch(self) -> int:
        """The most rows one `add` or `get` may carry: the client's limit, at most FLUSH_CHUNKS."""
        if self.batch is None:
            self.batch = max(1, min(FLUSH_CHUNKS, self.gen.client.get_max_batch_size()))
        return self.batch

    def flush(self) -> None:
        import numpy as np

        by_role: dict[Role, list[tuple[Chunk, Any]]] = {}
        for c, v in self.chunks:
            by_role.setdefault(c.role, []).append((c, v))
        for role, pairs in by_role.items():
            col = self.gen.chunks(role)
            assert col is not None
            known: set[str] = set()
            if not self.fresh:
                ids = [c.id for c, _ in pairs]
                step = self._batch()
                for at in range(0, len(ids), step):
                    known.update(col.get(ids=ids[at : at + step], include=[])["ids"])
            seen: set[str] = set()
            new = []
            for c, v in pairs:
                if c.id not in known and c.id not in seen:
                    new.append((c, v))
                    seen.add(c.id)
            self.existing += len(pairs) - len(new)
            if not new:
                continue
            vectors = np.vstack([v for _, v in new]).astype(np.float32)
            # One report can hold more chunks than a batch may (a 5 MB single-line file made one part of 5,500
            # chunks, and Chroma refused the whole batch): add in slices the client accepts.
            step = self._batch()
            for at in range(0, len(new), step):
                part = new[at : at + step]
                # The text goes in the metadata, not in `documents`: Chroma builds a full-text index over
                # documents that nothing here uses, and it took about half of `add` (the bound of ingest).
                col.add(ids=[c.id for c, _ in part], embeddings=vectors[at : at + step],
                        metadatas=[chunk_metadata(c) for c, _ in part])  # type: ignore[arg-type]
            self.new += len(new)
            a_ids, a_kinds, a_vecs = self.added.setdefault(role.value, ([], [], []))
            a_ids.extend(c.id for c, _ in new)
            a_kinds.extend(c.unit_kind or "" for c, _ in new)
            a_vecs.append(vectors)
            t_ids, t_kinds, t_texts = self.added_texts.setdefault(role.value, ([], [], []))
            t_ids.extend(c.id for c, _ in new)
            t_kinds.extend(c.unit_kind or "" for c, _ in new)
            t_texts.extend(c.text for c, _ in new)
        step = self._batch()
        for at in range(0, len(self.records), step):
            recs = self.records[at : at + step]
            # The record as a metadata string, not a document: Chroma full-text indexes documents, which cost
            # about 5% of a large ingest for a field that is only ever read by id.
            self.gen.manifest().upsert(
                ids=[r["id"] for r in recs], embeddings=[[1.0]] * len(recs),
                metadatas=[{"title": r["title"], "source": r["source"], "key": r["key"], "path": r.get("path", ""),
                            "record": json.dumps(r, ensure_ascii=False)} for r in recs],
            )
        self.chunks, self.records = [], []

    def drop_report(self, report_id: str) -> None:
        """Remove the stored chunks of a report whose content changed (after flushing what is buffered)."""
        self.flush()
        for role in Role:
            col = self.gen.chunks(role, create=False)
            if col is not None:
                ids = col.get(where={"report_id": report_id}, include=[])["ids"]
                for at in range(0, len(ids), self._batch()):
                    col.delete(ids=ids[at : at + self._batch()])
                    self.removed.setdefault(role.value, set()).update(ids)


    def forget_report(self, report_id: str) -> None:
        """Remove a report entirely: its chunks, then its manifest entry."""
        self.drop_report(report_id)
        self.gen.manifest().delete(ids=[report_id])


def update_exact(gen: Generation, settings: Settings, fresh: bool, before: dict[str, int],
                 counts: dict[str, int], writer: Writer) -> None:
    """Bring the exact index of a local store in line with the Chroma collections (see exact.py)."""
    if settings.chroma_url:
        return
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
