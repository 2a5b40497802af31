"""The Chroma store: clients, the catalog that names the active index, generations, the write lock.

Layout for `settings.collection` = NAME:
- `NAME` is the catalog: a tiny collection whose metadata names the active generation, the embedding it
  was built with and the chunk count per role. Switching generations is one metadata update, so a reader
  sees either the old index or the new one, never half of one.
- `NAME.g<stamp>.<role>` holds the chunks of one role. One collection per role is the search design:
  Chroma's `where` filter pre-filters on metadata and then scans (≈120 ms at 200k chunks), while an
  unfiltered HNSW query on a role's own collection takes a few ms (see bench/bench_search.py).
- `NAME.g<stamp>.manifest` holds the parsed reports (JSON), for `corpus list/show`; it belongs to the
  generation, so a --rebuild swaps chunks and manifest together.

The embedded PersistentClient is not process-safe: writers hold a file lock beside the data. Listing and dropping
generations is in generations.py.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from pydantic import BaseModel, Field

from assistant.domain.models import Role
from assistant.domain.oserrors import os_reason
from assistant.services.index.disk import disk_full_message, is_disk_full
from assistant.services.index.embedding import describe

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from assistant.settings import Settings

CATALOG_KIND = "assistant-index-catalog"
# (max_neighbors, ef_construction) of the HNSW graph in a local store; None: the hnsw_* settings, as on a server
# (bench_search.py sets None so that its HNSW rows measure the server's graph).
LOCAL_HNSW_GRAPH: tuple[int, int] | None = (8, 16)
MANIFEST = "manifest"


class StoreError(RuntimeError):
    """The store cannot be used (unreachable server, bad collection name, locked); one-line message."""


class IndexMissingError(StoreError):
    """Nothing has been indexed yet."""


class EmbeddingMismatchError(StoreError):
    """The index was built with another embedding than the settings ask for."""


class DamagedIndexError(StoreError):
    """The catalog cannot be read, or names a generation that is not in the store; --rebuild repairs it."""


class Catalog(BaseModel):
    name: str
    active: str
    embedding: str
    embedding_config: dict[str, Any]
    counts: dict[str, int] = Field(default_factory=dict)
    reports: int = 0
    built_at: str = ""
    # A fresh token on every catalog write: a client's cached copy of a server's vectors is valid only for it.
    revision: str = ""

    def to_metadata(self) -> dict[str, Any]:
        md: dict[str, Any] = {"kind": CATALOG_KIND, "active": self.active, "embedding": self.embedding,
                              "embedding_config": json.dumps(self.embedding_config, sort_keys=True),
                              "reports": self.reports, "built_at": self.built_at or "-",
                              "revision": self.revision or "-"}
        for role, n in self.counts.items():
            md[f"n_{role}"] = int(n)
        return md

    @classmethod
    def from_metadata(cls, name: str, md: dict[str, Any]) -> Catalog:
        counts = {k[2:]: int(v) for k, v in md.items() if k.startswith("n_")}
        return cls(name=name, active=md["active"], embedding=md["embedding"],
                   embedding_config=json.loads(md["embedding_config"]), counts=counts,
                   reports=int(md.get("reports", 0)), built_at=str(md.get("built_at", "")),
                   revision=str(md.get("revision", "")).strip("-"))

    @property
    def chunks(self) -> int:
        return sum(self.counts.values())


def where(settings: Settings) -> str:
    return settings.chroma_url or str(settings.chroma_path)


_CLIENTS: dict[str, ClientAPI] = {}


def open_client(settings: Settings, create: bool = True) -> ClientAPI:
    """A PersistentClient on settings.chroma_path, or an HttpClient when settings.chroma_url is set.

    Clients are kept per process: building one (chromadb's settings model) costs ≈5 ms, more than a search.
    With create=False (readers) a missing local store is reported instead of created.
    """
    _check_name(settings.collection)
    if not settings.chroma_url:
        _check_local_path(settings)
    if not create and not settings.chroma_url and not Path(settings.chroma_path).is_dir():
        raise IndexMissingError(f"{settings.chroma_path} 中还没有索引（没有这个目录）；"
                                "请先运行：assistant ingest 路径...")
    key = settings.chroma_url or str(Path(settings.chroma_path).resolve())
    if key in _CLIENTS and (settings.chroma_url or Path(key).is_dir()):
        return _CLIENTS[key]
    _CLIENTS[key] = client = _new_client(settings)
    return client


def _new_client(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    cs = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        u = urlparse(settings.chroma_url if "://" in settings.chroma_url else "http://" + settings.chroma_url)
        if not u.hostname:
            raise StoreError(f"chroma_url “{settings.chroma_url}” 不是形如 http://127.0.0.1:8000 的网址")
        port = u.port or (443 if u.scheme == "https" else 8000)
        try:
            client = chromadb.HttpClient(host=u.hostname, port=port, ssl=u.scheme == "https", settings=cs)
            client.heartbeat()
        except Exception as e:  # chromadb raises several kinds for an unreachable server
            # chromadb's own message is English: the error is named by its class
            raise StoreError(f"连不上 Chroma 服务器 {settings.chroma_url}（{e.__class__.__name__}）；"
                             f"启动一个：chroma run --path 目录 --host 127.0.0.1 --port {port}") from e
        return client
    # Absolute: chromadb caches clients by the path string, so a relative one would follow a chdir wrongly.
    path = Path(settings.chroma_path).resolve()
    _make_dir(path)
    try:
        return chromadb.PersistentClient(path=str(path), settings=cs)
    except Exception as e:  # chromadb raises InternalError, sqlite and OS errors for a damaged or read-only store
        if is_disk_full(e):  # opening writes too (the database's journal); not a damaged store
            raise StoreError(disk_full_message(str(settings.chroma_path))) from e
        raise StoreError(f"无法打开 {settings.chroma_path} 中的索引（{e.__class__.__name__}）；如果它已损坏，"
                         "请把这个文件夹移走（或把 chroma_path 设为另一个文件夹）后重新入库") from e


def _check_local_path(settings: Settings) -> None:
    path = Path(settings.chroma_path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"chroma_path {path} 是文件，不是文件夹；请把 chroma_path（或 ASSISTANT_CHROMA_PATH）"
                         "设为一个文件夹")


def _make_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"无法创建索引文件夹 {path}（{os_reason(e)}）；"
                         "请把 chroma_path（或 ASSISTANT_CHROMA_PATH）设为有写权限的文件夹") from e


def _check_name(name: str) -> None:
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{1,60}[A-Za-z0-9]", name):
        raise StoreError(f"索引名 “{name}” 不合规：请用 3 到 62 个英文字母、数字、_ 或 -"
                         "（首尾须是字母或数字）")


@contextmanager
def write_lock(settings: Settings, on_wait: Any = None) -> Iterator[None]:
    """Serialise writers of one local store (the embedded client is not process-safe).

    A Chroma server serialises writes itself, so no lock is taken for chroma_url.
    """
    if settings.chroma_url:
        yield
        return
    from filelock import FileLock, Timeout

    path = Path(settings.chroma_path)
    _check_local_path(settings)
    _make_dir(path)
    lock = FileLock(str(path / f".{settings.collection}.write.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait(f"另一个入库进程正在写 {path}；等它完成")
        lock.acquire()
    except OSError as e:
        raise StoreError(f"无法写入索引文件夹 {path}（{os_reason(e)}）") from e
    try:
        yield
    finally:
        lock.release()


def read_catalog(client: ClientAPI, settings: Settings) -> Catalog | None:
    from chromadb.errors import NotFoundError

    try:
        col = client.get_collection(settings.collection, embedding_function=None)
    except (NotFoundError, ValueError):
        return None
    md = col.metadata or {}
    if md.get("kind") != CATALOG_KIND:
        raise StoreError(f"{where(settings)} 中的 “{settings.collection}” 不是本工具建立的；"
                         "请用 --collection 或 ASSISTANT_COLLECTION 另选一个名字")
    try:
        return Catalog.from_metadata(settings.collection, md)
    except (KeyError, ValueError, TypeError) as e:  # json and pydantic errors are ValueErrors
        raise DamagedIndexError(f"{where(settings)} 中索引 “{settings.collection}” 的目录信息已损坏"
                                f"（{e.__class__.__name__}）；请重建：assistant ingest --rebuild 路径...") from e


def require_catalog(client: ClientAPI, settings: Settings) -> Catalog:
    cat = read_catalog(client, settings)
    if cat is None:
        raise IndexMissingError(f"{where(settings)} 中还没有索引（索引名 {settings.collection}）；"
                                "请先运行：assistant ingest 路径...")
    check_embedding(cat, settings)
    return check_active(client, settings, cat)


def check_active(client: ClientAPI, settings: Settings, cat: Catalog) -> Catalog:
    """The catalog, once its active generation is known to be in the store (every generation has a manifest)."""
    from chromadb.errors import NotFoundError

    for _ in range(2):
        try:
            client.get_collection(f"{cat.active}.{MANIFEST}", embedding_function=None)
            return cat
        except (NotFoundError, ValueError):
            # A --rebuild may have switched the catalog and dropped this generation since it was read.
            again = read_catalog(client, settings)
            if again is None or again.active == cat.active:
                break
            cat = again
    raise DamagedIndexError(f"{where(settings)} 中的索引 “{settings.collection}” 已损坏：目录信息指向的 "
                            f"{cat.active} 不在库中；请重建：assistant ingest --rebuild 路径...")


def check_embedding(cat: Catalog, settings: Settings) -> None:
    name, config = describe(settings)
    if (cat.embedding, cat.embedding_config) != (name, config):
        raise EmbeddingMismatchError(
            f"索引 “{cat.name}” 建立时用的向量化方式是 {cat.embedding} {json.dumps(cat.embedding_config)}，"
            f"而现在的设置是 {name} {json.dumps(config)}；请改回原来的向量化设置，或按新设置重建索引："
            "assistant ingest --rebuild 路径...")


def write_catalog(client: ClientAPI, settings: Settings, cat: Catalog) -> None:
    """Create the catalog or switch it: one metadata write (modify replaces the whole metadata)."""
    import uuid

    from chromadb.errors import NotFoundError

    cat.built_at = cat.built_at or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    cat.revision = uuid.uuid4().hex
    try:
        col = client.get_collection(settings.collection, embedding_function=None)
    except (NotFoundError, ValueError):
        client.create_collection(settings.collection, metadata=cat.to_metadata(), embedding_function=None)
        return
    col.modify(metadata=cat.to_metadata())


def new_prefix(settings: Settings) -> str:
    return f"{settings.collection}.g{time.strftime('%Y%m%d%H%M%S', time.gmtime())}{secrets.token_hex(3)}"


class Generation:
    """The collections of one built index, opened lazily."""

    def __init__(self, client: ClientAPI, settings: Settings, prefix: str) -> None:
        # imports chromadb: only when opened
        from assistant.services.index.embedding_function import embedding_function

        self.client = client
        self.settings = settings
        self.prefix = prefix
        self.ef = embedding_function(settings)
        self._cols: dict[str, Collection] = {}

    def _config(self) -> dict[str, Any]:
        s = self.settings
        m, efc = s.hnsw_max_neighbors, s.hnsw_ef_construction
        if not s.chroma_url and LOCAL_HNSW_GRAPH:
            # A local store is searched by the exact scan; its graph is only the fallback while the exact files
            # are missing (until the next ingest repairs them). A cheap graph makes `add` ≈40% faster.
            m, efc = LOCAL_HNSW_GRAPH
        return {"hnsw": {"space": "cosine", "max_neighbors": m, "ef_construction": efc, "ef_search": s.hnsw_ef_search},
                "embedding_function": self.ef}

    def chunks(self, role: Role | str, create: bool = True) -> Collection | None:
        name = f"{self.prefix}.{Role(role).value}"
        if name not in self._cols:
            from chromadb.errors import NotFoundError

            try:
                self._cols[name] = self.client.get_collection(name, embedding_function=self.ef)
            except (NotFoundError, ValueError):
                if not create:
                    return None
                self._cols[name] = self.client.create_collection(name, configuration=self._config())  # type: ignore[arg-type]
        return self._cols[name]

    def manifest(self) -> Collection:
        name = f"{self.prefix}.{MANIFEST}"
        if name not in self._cols:
            # One-dimensional placeholder vectors: the manifest is read by id, never searched.
            self._cols[name] = self.client.get_or_create_collection(name, embedding_function=None)
        return self._cols[name]

    def manifest_reports(self, ids: list[str] | None = None) -> list[dict[str, Any]]:
        """The stored report records (id, title, year, source, unit_kind, sections…), in ingest order."""
        got = self.manifest().get(ids=ids, include=["metadatas", "documents"])
        # The record is a metadata string (writer.py); indexes built before that hold it as the document.
        recs = [json.loads(str((m or {}).get("record") or d))
                for m, d in zip(got["metadatas"] or [], got["documents"] or [None] * len(got["ids"]), strict=False)]
        return sorted(recs, key=lambda r: (r.get("seq", 0), r["id"]))
