"""Read report files: .txt/.md in UTF-8 (with or without BOM) or GB18030/GBK, and .docx.

Encodings are detected, not assumed: UTF-8 is tried strictly first (it rarely decodes other text by
accident), then GB18030, which covers GBK and GB2312; anything else is refused with a reason. GB18030 decodes
most Big5 and Shift-JIS files without an error, into garbage, so before it a detector (charset-normalizer)
is asked whether the bytes are in another East Asian encoding; such a file is refused by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from assistant.domain.controls import printable
from assistant.domain.oserrors import os_reason
from assistant.settings import Settings

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".docx"}


class LoadError(ValueError):
    """A file that cannot be read as a report; the message names the file and the reason."""


@dataclass(frozen=True)
class InputLimits:
    """The settings' limits on one input file (see settings.py), which a reader checks before the costly step."""

    max_file_mb: float
    max_docx_unpacked_mb: float
    max_lines: int

    @classmethod
    def of(cls, settings: Settings | None = None) -> InputLimits:
        """The limits of `settings`; without settings, the defaults."""
        s = settings or Settings()
        return cls(s.max_file_mb, s.max_docx_unpacked_mb, s.max_lines)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    def check_size(self, size: int, name: str) -> None:
        if size > self.max_file_bytes:
            raise LoadError(f"{name}：文件太大（{_size(size)}；上限 max_file_mb 为 {self.max_file_mb:g} MB）")

    def read_stream(self, stream: BinaryIO, name: str) -> bytes:
        """All of `stream` (stdin), reading one byte past the limit at most: endless input is never read whole."""
        data = stream.read(self.max_file_bytes + 1)
        if len(data) > self.max_file_bytes:
            raise LoadError(f"{name}：文件太大（超过上限 max_file_mb，{self.max_file_mb:g} MB）")
        return data

    def check_lines(self, lines: list[str], name: str) -> None:
        if len(lines) > self.max_lines:
            raise LoadError(f"{name}：行数太多（{len(lines):,} 行；上限 max_lines 为 {self.max_lines:,} 行）")


def _size(size: int) -> str:
    mb = size / 1e6
    return f"{size:,} 字节" if size < 100_000 else f"{mb:,.0f} MB" if mb >= 100 else f"{mb:.3g} MB"


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
            raise LoadError(f"{name}：无法读取的文本（UTF-16 编码有误）") from e
    if _looks_binary(data):
        raise LoadError(f"{name}：是二进制文件，不是文本")
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
    other = _other_cjk_encoding(data)
    if other:
        raise LoadError(f"{name}：文本是 {other} 编码，不是 UTF-8 或 GB18030/GBK；请另存为 UTF-8"
                        "（另存为 → 纯文本 → UTF-8）后再读")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise LoadError(f"{name}：无法识别的编码：既不是 UTF-8（第 {utf8_error.start} 字节出错），"
                        f"也不是 GB18030/GBK（第 {e.start} 字节出错）") from e
    return text, "gb18030"


# Encodings of other East Asian text that GB18030 often decodes without an error, into garbage: Big5 (traditional
# Chinese), Shift-JIS and EUC-JP (Japanese), EUC-KR (Korean). Named by what charset-normalizer reports.
_OTHER_CJK = {"big5": "Big5（繁体中文）", "big5hkscs": "Big5-HKSCS（繁体中文）",
              "cp950": "Big5（繁体中文）", "shift_jis": "Shift-JIS（日文）", "cp932": "Shift-JIS（日文）",
              "shift_jis_2004": "Shift-JIS（日文）", "shift_jisx0213": "Shift-JIS（日文）",
              "euc_jp": "EUC-JP（日文）", "euc_jis_2004": "EUC-JP（日文）", "euc_jisx0213": "EUC-JP（日文）",
              "iso2022_jp": "ISO-2022-JP（日文）", "euc_kr": "EUC-KR（韩文）", "cp949": "EUC-KR（韩文）",
              "johab": "Johab（韩文）"}
GUESS_BYTES = 65_536  # the detector reads this much: enough to tell the encodings apart, fast on a large file
# Below this many non-ASCII bytes the detector guesses (11 GBK characters read as Korean); 64 bytes, about 32
# characters, told GBK from Big5, Shift-JIS and EUC-KR on every report of evals/unseen cut to 80 characters.
MIN_NON_ASCII = 64


def _other_cjk_encoding(data: bytes) -> str | None:
    """The name of another East Asian encoding when the detector is sure the bytes are in one, else None."""
    head = data[:GUESS_BYTES]
    if len(head.translate(None, bytes(range(128)))) < MIN_NON_ASCII:
        return None  # a few Chinese characters: every East Asian encoding reads them; GB18030 it is
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    return _OTHER_CJK.get(best.encoding) if best is not None else None


def _split_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final newline does not make an extra line
    return lines


def load_text(text: str, name: str = "<stdin>", limits: InputLimits | None = None) -> SourceDoc:
    lines = _split_lines(printable(text.lstrip("\ufeff")))
    (limits or InputLimits.of()).check_lines(lines, name)
    if not any(line.strip() for line in lines):
        raise LoadError(f"{name}：空文件")
    return SourceDoc(path=name, lines=lines, encoding="utf-8")


def load_bytes(data: bytes, name: str, limits: InputLimits | None = None) -> SourceDoc:
    limits = limits or InputLimits.of()
    limits.check_size(len(data), name)
    text, enc = decode_text(data, name)
    doc = load_text(text, name, limits)
    doc.encoding = enc
    return doc


def load_source(path: Path | str, limits: InputLimits | None = None) -> SourceDoc:
    """The lines of a report file; LoadError (one line naming the file) when it cannot or may not be read."""
    limits = limits or InputLimits.of()
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise LoadError(f"{name}：没有这个文件")
    if p.is_dir():
        raise LoadError(f"{name}：是文件夹，不是文件")
    if not p.is_file():
        # A FIFO, socket or device: reading it can block for ever (a pipe nobody writes to).
        raise LoadError(f"{name}：不是普通文件（是管道、套接字或设备）")
    suffix = p.suffix.lower()
    if suffix == ".doc":
        raise LoadError(f"{name}：无法读取旧的 Word .doc 格式；请在 Word 或 WPS 中另存为 .docx")
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{name}：不支持 {suffix or '无扩展名'} 文件（请用 .txt、.md 或 .docx）")
    try:
        limits.check_size(p.stat().st_size, name)  # before reading it: a file of gigabytes is never loaded
        data = p.read_bytes()
    except OSError as e:
        raise LoadError(f"{name}：无法读取（{os_reason(e)}）") from e
    if not data.strip():
        raise LoadError(f"{name}：空文件")
    if suffix == ".docx":
        from assistant.domain.docx_reader import read_docx  # cycle: docx_reader imports this module

        return read_docx(data, name, limits)
    return load_bytes(data, name, limits)


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
