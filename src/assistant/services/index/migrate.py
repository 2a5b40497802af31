"""`assistant corpus migrate`: move an index built by an earlier version under ./.assistant/chroma into the
data home (settings.home_store()), so that every command finds it from any folder.

Until it is moved, such an index is used anyway when the data home has none (settings.default_store)."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.domain.oserrors import os_reason
from assistant.settings import home_store, legacy_store


class MigrateError(ValueError):
    """Nothing to move, or the target already holds an index; one line."""


def _size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def migrate(source: Path | None = None, target: Path | None = None) -> str:
    """Move `source` (default ./.assistant/chroma) to `target` (default the data home's store); what was done."""
    from filelock import FileLock, Timeout  # light; only the command that moves needs it

    src = source.resolve() if source is not None else legacy_store()
    dest = (target or home_store()).resolve()
    if src is None or not src.is_dir():
        raise MigrateError(f"没有可迁移的旧索引：{src or Path.cwd() / '.assistant' / 'chroma'} 不存在"
                           f"（数据目录中的索引在 {home_store()}）")
    if src == dest:
        raise MigrateError(f"{src} 已经是数据目录中的索引，无需迁移")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise MigrateError(f"未迁移：{dest} 已有内容；请先移走它或旧索引 {src} 中的一个")
    locks = sorted(src.glob(".*.write.lock"))
    held = []
    try:
        for p in locks:  # an ingest writing into the old store: do not move it from under it
            lock = FileLock(str(p))
            try:
                lock.acquire(timeout=0)
            except Timeout as e:
                raise MigrateError(f"{src} 正在被一次 ingest 写入；等它结束后再迁移") from e
            held.append(lock)
        files, size = _size(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            dest.rmdir()
        shutil.move(str(src), str(dest))
    except OSError as e:
        raise MigrateError(f"无法把 {src} 移到 {dest}：{os_reason(e)}") from e
    finally:
        for lock in held:
            lock.release()
    return (f"已把索引从 {src} 移到 {dest}（{files} 个文件，{size / 1e6:.1f} MB）；"
            "此后在任何目录运行 assistant 都会使用它")
