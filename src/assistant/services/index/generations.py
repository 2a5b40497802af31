"""Housekeeping of the store's generations: list them, drop one, free the vector folders Chroma leaves behind.

Kept apart from store.py (clients, catalog, the Generation handle): only ingest calls these, under the write lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from assistant.settings import Settings


def generations(client: ClientAPI, settings: Settings) -> set[str]:
    """Prefixes of every generation of this index present in the store (active, old or abandoned)."""
    head = settings.collection + ".g"
    out = set()
    for c in client.list_collections():
        name = c if isinstance(c, str) else c.name
        if name.startswith(head):
            out.add(name.rsplit(".", 1)[0])
    return out


def drop_generation(client: ClientAPI, prefix: str) -> None:
    for c in client.list_collections():
        name = c if isinstance(c, str) else c.name
        if name.rsplit(".", 1)[0] == prefix:
            client.delete_collection(name)


_SEGMENT_DIR = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def remove_orphan_segment_dirs(settings: Settings) -> int:
    """Delete the vector folders of collections that no longer exist; returns the bytes freed.

    Chroma deletes a collection's rows but leaves its HNSW folder (named by segment id) on disk: each
    --rebuild left the previous generation's folders behind (about 44 MB at 22k chunks). Called under the
    write lock, after the swap, when no writer can be creating a segment; the database is only read here.
    """
    import re
    import shutil
    import sqlite3

    root = Path(settings.chroma_path).resolve()
    db = root / "chroma.sqlite3"
    if settings.chroma_url or not db.is_file():
        return 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        live = {str(r[0]) for r in con.execute("SELECT id FROM segments")}
    finally:
        con.close()
    freed = 0
    for d in root.iterdir():
        if d.is_dir() and re.fullmatch(_SEGMENT_DIR, d.name) and d.name not in live:
            freed += sum(f.stat().st_size for f in d.rglob("*") if f.is_file())
            shutil.rmtree(d, ignore_errors=True)
    return freed
