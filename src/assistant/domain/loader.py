"""Read report files: .txt/.md in UTF-8 (with or without BOM) or GB18030/GBK, and .docx.

Encodings are detected, not assumed: UTF-8 is tried strictly first (it rarely decodes other text by
accident), then GB18030, which covers GBK and GB2312; anything else is refused with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".docx"}


class LoadError(ValueError):
    """A file that cannot be read as a report; the message names the file and the reason."""


@dataclass
class SourceDoc:
    path: str
    lines: list[str]
    encoding: str
    heading_levels: dict[int, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # Control characters other than tab/newline/CR/form-feed are rare in text of any encoding.
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return ctrl > max(8, len(head) // 100)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise LoadError(f"{name}: not readable text (bad UTF-16)") from e
    if _looks_binary(data):
        raise LoadError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    if utf8_error.reason == "unexpected end of data" and utf8_error.start > 0:
        # Valid UTF-8 up to a character cut in half at the very end (a download or a copy cut short):
        # the text is kept without that last partial character.
        try:
            return data[: utf8_error.start].decode("utf-8"), "utf-8 (last character cut off)"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise LoadError(f"{name}: unreadable encoding: neither UTF-8 (bad byte at offset {utf8_error.start}) "
                        f"nor GB18030/GBK (bad byte at offset {e.start})") from e
    return text, "gb18030"


def _split_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline does not make an extra line
    return lines


def load_text(text: str, name: str = "<stdin>") -> SourceDoc:
    from assistant.domain.controls import printable

    lines = _split_lines(printable(text.lstrip("\ufeff")))
    if not any(line.strip() for line in lines):
        raise LoadError(f"{name}: empty file")
    return SourceDoc(path=name, lines=lines, encoding="utf-8")


def load_bytes(data: bytes, name: str) -> SourceDoc:
    text, enc = decode_text(data, name)
    doc = load_text(text, name)
    doc.encoding = enc
    return doc


def load_source(path: Path | str) -> SourceDoc:
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise LoadError(f"{name}: no such file")
    if p.is_dir():
        raise LoadError(f"{name}: is a folder, not a file")
    if not p.is_file():
        # A FIFO, socket or device: reading it can block for ever (a pipe nobody writes to).
        raise LoadError(f"{name}: not a regular file (a pipe, socket or device)")
    suffix = p.suffix.lower()
    if suffix == ".doc":
        raise LoadError(f"{name}: old Word .doc format cannot be read; save it as .docx in Word or WPS")
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{name}: unsupported file type '{suffix or '(none)'}' (use .txt, .md or .docx)")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LoadError(f"{name}: cannot read ({e.strerror or e.__class__.__name__})") from e
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    if suffix == ".docx":
        from assistant.domain.docx_reader import read_docx

        return read_docx(data, name)
    return load_bytes(data, name)


def iter_report_files(paths: list[Path]) -> list[Path]:
    """Expand folders recursively (sorted; hidden files and Office lock files skipped); files are returned as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                # ~$name.docx is the lock file Word and WPS keep beside an open document: not a report.
                if f.is_file() and not any(part.startswith(".") for part in rel) and not f.name.startswith("~$"):
                    out.append(f)
        else:
            out.append(p)
    return out
