"""Telling a full disk from other failures: Chroma reports it as a database error, Python as an OSError, and the
user needs the same one line for both (free space; what was stored before is intact)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

NEARLY_FULL_BYTES = 1_000_000
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_FULL_WORDS = ("database or disk is full", "no space left on device", "disk quota exceeded", "file too large")


def is_disk_full(e: BaseException | None) -> bool:
    """Whether `e`, or an exception it was raised from or during, says the disk (or the quota) is full."""
    seen: set[int] = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno in _FULL_ERRNOS:
            return True
        if any(w in str(e).lower() for w in _FULL_WORDS):
            return True
        e = e.__cause__ or e.__context__
    return False


def nearly_full(path: str | Path) -> bool:
    """Whether the disk holding `path` has almost no space left: Chroma sometimes reports a full disk only as a
    failed compaction, with no word of space."""
    try:
        return shutil.disk_usage(Path(path)).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def disk_full_message(where: str) -> str:
    return f"{where} 所在的磁盘已满；请腾出空间后重新运行这条命令（此前存好的内容没有改动）"
