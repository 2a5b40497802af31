"""The originality index: sampled character shingles of every indexed report, for finding copied passages.

A report's text is normalised (punctuation and spaces dropped, full-width letters and digits folded) and cut
into overlapping shingles of SHINGLE characters; each shingle is hashed (a polynomial over the code points,
then a 64-bit mix). One shingle in SAMPLE, chosen by its hash, is indexed (hash → position), so the same
shingles are kept on both sides whatever the text around them: a verbatim passage of 50 characters has about
ten in common with its source. The normalised texts are kept too (2 bytes a character), so a candidate source
is then compared with the query over all its shingles (copies.py).

Why not MinHash (datasketch): MinHash estimates how similar two whole texts are; a copied passage of 80
characters in a report of 3,000 barely moves that estimate, and MinHash keeps no position to name the source's
line. Positional shingles in sorted numpy arrays answer both, with no new dependency.

One file per generation, written to a temp file and renamed: a JSON header, then the arrays, each at an
8-byte aligned offset, read back memory-mapped (a query touches only the pages it needs).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

SHINGLE = 8  # characters per shingle: shorter ones are mostly stock phrases of the genre
SAMPLE = 4  # one shingle in SAMPLE is indexed (by hash, the same ones on both sides)
FORMAT = 1
MAGIC = b"ASSTSHG1"
_DROP = re.compile(r"[\W_]+")
# Full-width Latin letters and digits as their ASCII forms; letters lower-cased.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()}
_FOLD.update({c: c + 32 for c in range(0x41, 0x5B)})
_FOLD.update({c: c + 32 - 0xFEE0 for c in range(0xFF21, 0xFF3B)})


def normalise(line: str) -> str:
    return _DROP.sub("", line.translate(_FOLD))


def normalise_with_columns(line: str) -> tuple[str, list[int]]:
    """The normalised line and, for each of its characters, its 0-based column in the line."""
    folded = line.translate(_FOLD)  # one character for one: columns stay
    out: list[str] = []
    cols: list[int] = []
    for m in re.finditer(r"[^\W_]+", folded):
        out.append(m.group())
        cols.extend(range(m.start(), m.end()))
    return "".join(out), cols


def codes(text: str) -> np.ndarray:
    """Code points as uint16 (characters past the BMP, rare in these texts, share one code)."""
    import numpy as np

    a = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return np.minimum(a, 0xFFFF).astype(np.uint16)


def shingle_hashes(c: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    """The mixed 64-bit hash of each k-character window of `c` (len(c) - k + 1 of them)."""
    import numpy as np

    n = len(c) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    x = c.astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    base = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * base + x[j : j + n]
        # splitmix64's finaliser: the low bits (used for sampling) depend on every character
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h


def sampled(h: np.ndarray) -> np.ndarray:
    import numpy as np

    return (h & np.uint64(SAMPLE - 1)) == 0


@dataclass
class Doc:
    """One indexed report: where its text comes from and the text as (first line, line text) pieces."""

    id: str
    key: str
    title: str
    source: str
    pieces: list[tuple[int, str]] = field(default_factory=list)
    path: str = ""  # the file, resolved (a local store's own report is known by it too)


@dataclass
class ShingleIndex:
    """Sorted sampled hashes with their global positions in `text`, the reports' bounds and line marks."""

    reports: list[dict[str, Any]]  # id, key, title, source, norm (hash of the normalised text)
    text: np.ndarray  # uint16, the normalised texts one after another
    starts: np.ndarray  # int64, len(reports) + 1: report i is text[starts[i]:starts[i+1]]
    hashes: np.ndarray  # uint64, sorted
    positions: np.ndarray  # uint32, the global position of each hash's shingle
    line_pos: np.ndarray  # uint32: from global position line_pos[j] on, the source line is line_no[j]
    line_no: np.ndarray  # uint32
    meta: dict[str, Any] = field(default_factory=dict)  # generation, revision, built_at

    @property
    def size(self) -> int:
        return len(self.reports)

    def doc_of(self, pos: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.searchsorted(self.starts, pos, side="right") - 1

    def line_at(self, pos: int) -> int:
        import numpy as np

        j = int(np.searchsorted(self.line_pos, pos, side="right")) - 1
        return int(self.line_no[j]) if j >= 0 else 0

    def doc_text(self, i: int) -> np.ndarray:
        return self.text[int(self.starts[i]) : int(self.starts[i + 1])]


def norm_hash(text: str | np.ndarray) -> str:
    """A hash of a normalised text (as a string, or as its codes)."""
    c = codes(text) if isinstance(text, str) else text
    return hashlib.blake2b(c.astype("<u2").tobytes(), digest_size=8).hexdigest()


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """For every BMP code point: whether normalise() keeps it, and what it folds to (the same rules, as arrays)."""
    import numpy as np

    word = re.compile(r"[^\W_]")
    keep = np.fromiter((bool(word.match(chr(c))) for c in range(0x10000)), dtype=bool, count=0x10000)
    keep[0xD800:0xE000] = False
    fold = np.arange(0x10000, dtype=np.uint16)
    for a, b in _FOLD.items():
        fold[a] = b
    return keep, fold


def _doc_arrays(doc: Doc) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The normalised codes of a doc and its line marks (offset in those codes, source line); normalise() in
    numpy (a table per code point), ten times faster than per line in Python."""
    import numpy as np

    keep, fold = _tables()
    out: list[np.ndarray] = []
    marks: list[tuple[int, int]] = []
    at = 0
    for first, piece in doc.pieces:
        a = np.minimum(np.frombuffer(piece.encode("utf-32-le"), dtype=np.uint32), 0xFFFF).astype(np.uint16)
        line = np.cumsum(a == 10)
        k = keep[a]
        c = fold[a[k]]
        ln = line[k]
        starts = np.flatnonzero(np.diff(ln, prepend=-1) != 0)
        marks += [(at + int(o), first + int(ln[o])) for o in starts]
        out.append(c)
        at += len(c)
    return (np.concatenate(out) if out else np.zeros(0, np.uint16)), marks


def build(docs: list[Doc], meta: dict[str, Any] | None = None) -> ShingleIndex:
    """The index of `docs` (one per report), from their texts."""
    rows = []
    for d in docs:
        c, marks = _doc_arrays(d)
        rows.append(({"id": d.id, "key": d.key, "title": d.title, "source": d.source, "path": d.path,
                      "norm": norm_hash(c)}, c, marks))
    return _assemble(rows, meta)


Row = tuple[dict[str, Any], "np.ndarray", list[tuple[int, int]]]  # record, normalised codes, line marks


def _assemble(rows: list[Row], meta: dict[str, Any] | None) -> ShingleIndex:
    import numpy as np

    starts = [0]
    lp: list[Any] = []
    ln: list[int] = []
    for _, c, marks in rows:
        base = starts[-1]
        starts.append(base + len(c))
        lp += [base + o for o, _ in marks]
        ln += [n for _, n in marks]
    text = np.concatenate([c for _, c, _ in rows]).astype(np.uint16) if rows else np.zeros(0, np.uint16)
    h = shingle_hashes(text)
    st = np.asarray(starts, dtype=np.int64)
    pos = np.flatnonzero(sampled(h))
    # no shingle across two reports
    ends = st[np.searchsorted(st, pos, side="right")] if len(pos) else pos
    pos = pos[pos + SHINGLE <= ends]
    hs = h[pos]
    order = np.argsort(hs, kind="stable")
    return ShingleIndex(reports=[r for r, _, _ in rows], text=text, starts=st, hashes=hs[order],
                        positions=pos[order].astype(np.uint32), line_pos=np.asarray(lp, dtype=np.uint32),
                        line_no=np.asarray(ln, dtype=np.uint32), meta=dict(meta or {}))


_ARRAYS = ("text", "starts", "hashes", "positions", "line_pos", "line_no")


def save(index: ShingleIndex, path: Path) -> None:
    """Write the index to `path` atomically (temp file, fsync, rename)."""
    import numpy as np

    arrays = {name: np.ascontiguousarray(getattr(index, name)) for name in _ARRAYS}
    layout: dict[str, Any] = {}
    offset = 0
    for name, a in arrays.items():
        layout[name] = {"dtype": a.dtype.str, "n": len(a), "offset": offset}
        offset += (a.nbytes + 7) // 8 * 8
    header = json.dumps({"format": FORMAT, "shingle": SHINGLE, "sample": SAMPLE, "meta": index.meta,
                         "reports": index.reports, "arrays": layout}, ensure_ascii=False).encode("utf-8")
    head_len = (len(header) + 8 + 8 + 7) // 8 * 8  # magic, length, header, padding
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            f.write(MAGIC + struct.pack("<Q", len(header)) + header)
            f.write(b"\0" * (head_len - 16 - len(header)))
            for a in arrays.values():
                f.write(a.tobytes())
                f.write(b"\0" * ((-a.nbytes) % 8))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def load(path: Path) -> ShingleIndex | None:
    """The index in `path`, memory-mapped; None when missing, damaged or of another format."""
    import numpy as np

    try:
        with open(path, "rb") as f:
            head = f.read(16)
            if len(head) < 16 or head[:8] != MAGIC:
                return None
            (n,) = struct.unpack("<Q", head[8:])
            header = json.loads(f.read(n).decode("utf-8"))
        if header.get("format") != FORMAT or header.get("shingle") != SHINGLE or header.get("sample") != SAMPLE:
            return None
        base = (n + 16 + 7) // 8 * 8
        size = path.stat().st_size
        arrays = {}
        for name in _ARRAYS:
            spec = header["arrays"][name]
            dt = np.dtype(spec["dtype"])
            if base + spec["offset"] + spec["n"] * dt.itemsize > size:
                return None
            arrays[name] = (np.memmap(path, dtype=dt, mode="r", offset=base + spec["offset"], shape=(spec["n"],))
                            if spec["n"] else np.zeros(0, dtype=dt))
        idx = ShingleIndex(reports=header["reports"], meta=header.get("meta", {}), **arrays)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(idx.starts) != len(idx.reports) + 1 or len(idx.hashes) != len(idx.positions):
        return None
    return idx


def rows_of(index: ShingleIndex, keep: set[str] | None = None) -> list[Row]:
    """The stored reports (all, or those whose id is in `keep`) as (record, normalised codes, line marks), so that
    an incremental ingest can rebuild the index without reading the texts again."""
    import numpy as np

    out: list[Row] = []
    for i, rec in enumerate(index.reports):
        if keep is not None and rec["id"] not in keep:
            continue
        a, b = int(index.starts[i]), int(index.starts[i + 1])
        lo, hi = np.searchsorted(index.line_pos, [a, b], side="left")
        marks = [(int(p) - a, int(n)) for p, n in zip(index.line_pos[lo:hi], index.line_no[lo:hi], strict=True)]
        out.append((rec, np.asarray(index.text[a:b]), marks))
    return out


def merged(old: ShingleIndex | None, keep: set[str], new_docs: list[Doc], meta: dict[str, Any]) -> ShingleIndex:
    """The stored reports in `keep` plus `new_docs`, rebuilt (hashing is vectorised: ≈1 s per 10 M characters)."""
    if old is None:
        return build(new_docs, meta)
    fresh = build(new_docs)
    return _assemble(rows_of(old, keep) + rows_of(fresh), meta)
