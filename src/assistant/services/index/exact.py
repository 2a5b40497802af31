"""The exact vector index of a local store: one float32 matrix per role, scanned with numpy.

Why: on these embeddings (hashed n-grams of formulaic text, full of near-duplicates) Chroma's HNSW
missed true top-5 neighbours for 5-20% of queries even with tuned parameters, and raising them far
enough made ingest several times slower (bench/bench_search.py). An exact scan over a role's matrix
costs a few ms at 200,000 chunks and is right by construction. Chroma stays the store of record
(texts, metadata, vectors); these files are derived from it, written atomically per generation under
`<chroma_path>/exact/<generation>/`, and checked against the catalog's counts before use. For a shared
Chroma server each client keeps a copy of the vectors in its cache directory, fetched on the first search
after each change on the server (the catalog's revision), so a team's searches are exact too.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from assistant.services.index.store import Generation
    from assistant.settings import Settings


def exact_dir(settings: Settings, prefix: str) -> Path:
    if settings.chroma_url:
        return server_cache_dir(settings, prefix)
    return Path(settings.chroma_path) / "exact" / prefix


def server_cache_dir(settings: Settings, prefix: str) -> Path:
    """Where this machine keeps its copy of a Chroma server's vectors for one generation."""
    import hashlib

    root = settings.cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistant"
    key = hashlib.blake2b(f"{settings.chroma_url}|{settings.collection}".encode(), digest_size=8).hexdigest()
    return Path(root) / "server-exact" / key / prefix


def write_atomically(path: Path, write: Any) -> None:
    """Write through a temp file in the same folder, synced, then renamed over `path`: never half-written."""
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class RoleMatrix:
    """Chunk `ids[i]` (unit kind `kinds[i]`) is column i of `vt`, the (dim, n) transposed matrix.

    Transposed because a hashed n-gram query is sparse (a 10-character query touches ≈20 of 512
    dimensions): the scan then reads only those rows of `vt`, an exact result for a fraction of the bytes.
    """

    def __init__(self, ids: list[str], kinds: list[str], vt: np.ndarray) -> None:
        self.ids, self.kinds, self.vt = ids, kinds, vt

    @classmethod
    def from_rows(cls, ids: list[str], kinds: list[str], vectors: np.ndarray) -> RoleMatrix:
        import numpy as np

        return cls(ids, kinds, np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).T))

    @property
    def vectors(self) -> np.ndarray:
        return self.vt.T

    def scores(self, q: np.ndarray) -> np.ndarray:
        import numpy as np

        q = np.asarray(q, dtype=np.float32)
        nz = np.flatnonzero(q)
        if len(nz) * 2 < len(q):
            return q[nz] @ self.vt[nz]
        return q @ self.vt

    def top(self, q: np.ndarray, k: int, unit_kind: str | None = None) -> list[tuple[str, float]]:
        import numpy as np

        scores = self.scores(q)
        if unit_kind:
            mask = np.fromiter((kd == unit_kind for kd in self.kinds), dtype=bool, count=len(self.kinds))
            scores = np.where(mask, scores, -np.inf)
        k = min(k, len(scores))
        if k == 0:
            return []
        idx = np.argpartition(-scores, k - 1)[:k]
        idx = idx[np.argsort(-scores[idx], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in idx if np.isfinite(scores[i])]


def write_role(settings: Settings, prefix: str, role: str, m: RoleMatrix, revision: str = "") -> None:
    import numpy as np

    d = exact_dir(settings, prefix)
    d.mkdir(parents=True, exist_ok=True)
    vec = np.ascontiguousarray(m.vt, dtype=np.float32)
    # Vectors first, ids last: a reader checks that both agree in length with the catalog.
    write_atomically(d / f"{role}.npy", lambda f: np.save(f, vec))
    meta = json.dumps({"ids": m.ids, "kinds": m.kinds, "revision": revision}, ensure_ascii=False).encode("utf-8")
    write_atomically(d / f"{role}.json", lambda f: f.write(meta))


def load_role(settings: Settings, prefix: str, role: str, expect: int, revision: str = "") -> RoleMatrix | None:
    """The role's matrix (memory-mapped), or None when missing or not matching `expect` rows (and, for a
    server's cached copy, the catalog's `revision`)."""
    import numpy as np

    d = exact_dir(settings, prefix)
    try:
        meta = json.loads((d / f"{role}.json").read_text(encoding="utf-8"))
        vec = np.load(d / f"{role}.npy", mmap_mode="r")
    except (OSError, ValueError):
        return None
    # Damaged files (a truncated or hand-edited json) count as missing: search uses Chroma, the next ingest rewrites them.
    if not (isinstance(meta, dict) and isinstance(meta.get("ids"), list) and isinstance(meta.get("kinds"), list)):
        return None
    if vec.ndim != 2 or not (len(meta["ids"]) == len(meta["kinds"]) == vec.shape[1] == expect):
        return None
    if settings.chroma_url and (not revision or meta.get("revision") != revision):
        return None
    return RoleMatrix(meta["ids"], meta["kinds"], vec)


def cache_server_role(gen: Generation, role: str, expect: int, revision: str) -> RoleMatrix | None:
    """Copy a role's vectors from a Chroma server to this machine (once per catalog revision)."""
    if not revision:
        return None  # a catalog written before revisions existed: nothing tells a stale copy
    m = from_chroma(gen, role)
    if len(m.ids) != expect:
        return None  # an ingest is under way on the server: search its HNSW this time
    write_role(gen.settings, gen.prefix, role, m, revision=revision)
    return m


def pages(col: Any, include: list[str], size: int = 5000) -> Iterator[Any]:
    """A collection's rows a page at a time (the exact, keyword and originality repair paths read them all)."""
    n = col.count()
    for off in range(0, n, size):
        yield col.get(include=include, limit=size, offset=off)


def from_chroma(gen: Generation, role: str) -> RoleMatrix:
    """Rebuild a role's matrix from the Chroma collection (repair path; pages through the collection)."""
    import numpy as np

    col = gen.chunks(role, create=False)
    ids: list[str] = []
    kinds: list[str] = []
    rows: list[Any] = []
    if col is not None:
        for got in pages(col, ["embeddings", "metadatas"]):
            ids.extend(got["ids"])
            kinds.extend(str((m or {}).get("unit_kind", "")) for m in got["metadatas"] or [])
            rows.append(np.asarray(got["embeddings"], dtype=np.float32))
    dim = gen.settings.embedding_dim if gen.settings.embedding == "local" else 0
    vec = np.vstack(rows) if rows else np.zeros((0, dim), dtype=np.float32)
    return RoleMatrix.from_rows(ids, kinds, vec)


def merge(old: RoleMatrix | None, removed: set[str], add_ids: list[str], add_kinds: list[str],
          add_vecs: list[np.ndarray]) -> RoleMatrix:
    import numpy as np

    ids: list[str] = []
    kinds: list[str] = []
    parts: list[Any] = []
    if old is not None:
        keep = [i for i, cid in enumerate(old.ids) if cid not in removed]
        ids = [old.ids[i] for i in keep]
        kinds = [old.kinds[i] for i in keep]
        parts.append(np.asarray(old.vectors)[keep] if keep else np.zeros((0, old.vt.shape[0]), np.float32))
    ids += add_ids
    kinds += add_kinds
    parts += add_vecs
    parts = [p for p in parts if len(p)]
    vec = np.vstack(parts).astype(np.float32) if parts else np.zeros((0, 1), dtype=np.float32)
    return RoleMatrix.from_rows(ids, kinds, vec)


def drop(settings: Settings, prefix: str) -> None:
    if not settings.chroma_url:
        shutil.rmtree(exact_dir(settings, prefix), ignore_errors=True)
