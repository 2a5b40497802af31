"""Where the originality index lives, how ingest keeps it, and how a reader gets it.

- Local store: `<chroma_path>/originality/<generation>.bin`, written by ingest (temp file, rename) before the
  catalog switches to the generation, and `<chroma_path>/originality/<collection>.json` naming the active
  generation, written after the switch; a critique reads these two files and never opens Chroma. Dropped with
  its generation. An index built before this file existed gets it from the chunks on first use.
- Chroma server: the file is this machine's cache (`cache_dir/server-originality/…/<generation>.bin`), built
  from the server's chunks on the first use after each change on the server (the catalog's revision).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.services.index import shingles
from assistant.services.index.chunking import read_metadata
from assistant.services.index.exact import pages, write_atomically

if TYPE_CHECKING:
    from assistant.services.index.store import Generation
    from assistant.settings import Settings


class OriginalityUnavailable(RuntimeError):
    """No originality index can be had (nothing indexed, an unreachable server); one Chinese line."""


def _root(settings: Settings) -> Path:
    if settings.chroma_url:
        root = settings.cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assistant"
        key = hashlib.blake2b(f"{settings.chroma_url}|{settings.collection}".encode(), digest_size=8).hexdigest()
        return Path(root) / "server-originality" / key
    return Path(settings.chroma_path) / "originality"


def index_path(settings: Settings, prefix: str) -> Path:
    return _root(settings) / f"{prefix}.bin"


def pointer_path(settings: Settings) -> Path:
    return _root(settings) / f"{settings.collection}.json"


def drop(settings: Settings, prefix: str) -> None:
    if not settings.chroma_url:
        index_path(settings, prefix).unlink(missing_ok=True)


def write_pointer(settings: Settings, prefix: str, revision: str) -> None:
    data = json.dumps({"active": prefix, "revision": revision}).encode()
    p = pointer_path(settings)
    p.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(p, lambda f: f.write(data))


def from_chunks(gen: Generation, meta: dict[str, Any]) -> shingles.ShingleIndex:
    """The index rebuilt from the stored chunks (their texts and first lines), in the manifest's order."""
    from assistant.domain.models import Role

    pieces: dict[str, list[tuple[int, str]]] = {}
    for role in Role:
        col = gen.chunks(role, create=False)
        if col is None:
            continue
        for got in pages(col, ["metadatas", "documents"]):
            docs = got.get("documents") or [None] * len(got["ids"])
            for md, doc in zip(got["metadatas"] or [], docs, strict=False):
                md = read_metadata(md, doc)
                text = str(md["text"])
                pieces.setdefault(str(md.get("report_id", "")), []).append((int(md.get("start_line", 0) or 0), text))
    out = []
    for rec in gen.manifest_reports():
        ps = sorted(pieces.get(rec["id"], []))
        out.append(shingles.Doc(id=rec["id"], key=rec.get("key", ""), title=rec.get("title", ""),
                                source=rec.get("source", ""), pieces=ps, path=rec.get("path", "")))
    return shingles.build(out, meta)


def update_at_ingest(gen: Generation, settings: Settings, fresh: bool, new_docs: list[shingles.Doc]) -> None:
    """Bring the generation's originality index in line with its manifest (local store only; on a server each
    reader builds its own copy). Reuses the stored texts, so only new reports are read."""
    if settings.chroma_url:
        return
    ids = set(gen.manifest().get(include=[])["ids"])
    path = index_path(settings, gen.prefix)
    old = None if fresh else shingles.load(path)
    new_ids = {d.id for d in new_docs}
    meta = {"generation": gen.prefix}
    if old is not None and not new_docs and {r["id"] for r in old.reports} == ids:
        return  # nothing changed
    if old is None and not fresh:
        idx = from_chunks(gen, meta)  # missing or damaged: from the store of record
    else:
        keep = {r["id"] for r in (old.reports if old else [])} & (ids - new_ids)
        idx = shingles.merged(old, keep, [d for d in new_docs if d.id in ids], meta)
        if idx.size != len(ids):
            idx = from_chunks(gen, meta)
    shingles.save(idx, path)


def load_for(settings: Settings) -> tuple[shingles.ShingleIndex, str]:
    """The active generation's originality index and a note ('' or one Chinese line on how it was had)."""
    if not settings.chroma_url:
        try:
            ptr = json.loads(pointer_path(settings).read_text(encoding="utf-8"))
            idx = shingles.load(index_path(settings, str(ptr["active"])))
            if idx is not None:
                return idx, ""
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return _build_from_store(settings)


def _build_from_store(settings: Settings) -> tuple[shingles.ShingleIndex, str]:
    from assistant.services.index.store import (
        Generation,
        IndexMissingError,
        StoreError,
        open_client,
        require_catalog,
        where,
    )

    try:
        client = open_client(settings, create=False)
        cat = require_catalog(client, settings)
    except IndexMissingError as e:
        raise OriginalityUnavailable(f"查重未运行：{where(settings)} 还没有索引（先运行 assistant ingest 报告文件或文件夹），"
                                     "其他检查照常进行") from e
    except StoreError as e:
        raise OriginalityUnavailable(f"查重未运行（{e}），其他检查照常进行") from e
    path = index_path(settings, cat.active)
    idx = shingles.load(path)
    if idx is not None and idx.meta.get("revision", "") == cat.revision:
        return idx, ""
    gen = Generation(client, settings, cat.active)
    idx = from_chunks(gen, {"generation": cat.active, "revision": cat.revision})
    if idx.size == cat.reports:  # an ingest under way on a server: use this copy once, do not keep it
        try:
            shingles.save(idx, path)
            if settings.chroma_url:  # this machine's copies of the server's earlier generations are stale now
                for old in path.parent.glob("*.bin"):
                    if old != path:
                        old.unlink(missing_ok=True)
            else:
                write_pointer(settings, cat.active, cat.revision)
        except OSError:
            pass
    where = "服务器上的" if settings.chroma_url else ""
    return idx, f"查重索引已从{where}索引文本块重建（{idx.size} 篇报告），已缓存"

