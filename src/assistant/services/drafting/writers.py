"""Output files: .md, .txt or .docx by extension, and the sources JSON; all written to a temp file beside
the target and renamed, so an interrupted run never leaves a half-written file."""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.domain.oserrors import os_reason
from assistant.services.drafting.models import DraftResult
from assistant.settings import Settings

FORMATS = (".md", ".txt", ".docx")


class OutputError(ValueError):
    pass


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While a file is written, SIGTERM (kill, a closing terminal session) unwinds like Ctrl-C, so the temp
    file is removed; by default it would end the process on the spot and leave the temp file behind."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    with _terminate_as_exit():
        _atomic_write(path, write)


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it 0600; the output is an ordinary file
        os.replace(tmp, path)
    except BaseException as e:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):  # named by the file the user asked for, not by the temp file
            raise OutputError(f"无法写入 {path}：{os_reason(e)}") from e
        raise


def write_text_file(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def check_output_path(path: Path) -> None:
    """Before any work is done: the extension is known and the directory can be written."""
    if path.suffix.lower() not in FORMATS:
        raise OutputError(f"{path}：不认识的输出格式 {path.suffix or '（无扩展名）'}；请用 .md、.txt 或 .docx")
    if path.is_dir():
        raise OutputError(f"{path}：是文件夹")
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{parent}：是文件，不是文件夹")
    if parent.exists() and not os.access(parent, os.W_OK):
        raise OutputError(f"{parent}：文件夹没有写权限")


# The offline composer's output is named as such inside every written form, visibly, so a skeleton is never
# mistaken for a finished draft. No 【】 here: the critique would read it as a leftover placeholder.
OFFLINE_BANNER = "离线模板生成稿（未使用大模型）：请逐一填写待补充处并核对全文，提交前删除本行。"


def text_for_output(result: DraftResult) -> str:
    """The plain text as written to a .txt file or the terminal: the offline banner first when offline."""
    if result.backend == "offline":
        return OFFLINE_BANNER + "\n" + result.text
    return result.text


def markdown_for_file(result: DraftResult) -> str:
    if result.backend == "offline":
        return f"> {OFFLINE_BANNER}\n\n" + result.markdown
    return result.markdown


def write_result(result: DraftResult, path: Path, settings: Settings) -> None:
    check_output_path(path)
    ext = path.suffix.lower()
    if ext == ".docx":
        # cycle: docx_writer imports this module
        from assistant.services.drafting.docx_writer import write_docx

        write_docx(result, path, settings)
    elif ext == ".md":
        write_text_file(path, markdown_for_file(result))
    else:
        write_text_file(path, text_for_output(result))


def write_sources(result: DraftResult, path: Path) -> None:
    data = {"backend": result.backend, "model": result.model, "parts": result.sources_json()}
    write_text_file(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
