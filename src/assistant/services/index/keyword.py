"""The keyword index: BM25 over character bigrams, one per role and generation, beside the vectors.

Why bigrams and not words: a phrase a user types (以会代学, 三会一课) is found whatever a word segmenter
would make of it in the query and in the text, and bigrams cost no dictionary, no model and almost no time
at ingest (numpy over code points). Why our own numpy index and not bm25s: bm25s needs scipy (not in the
environment) and rebuilds its index as a whole, while this one is a few mmap-able arrays per role that a
search reads lazily (a CLI process touches only the postings of the query's bigrams).

Layout, like the exact vector index (exact.py): `<chroma_path>/keyword/<generation>/<role>.json` names a
folder `<role>-<token>/` holding the arrays; a rewrite writes a new folder, then switches the json
(atomic rename), so a reader sees the old index or the new one. The json carries the row count, checked
against the catalog's; a missing or stale index is rebuilt from the store of record (Chroma) by the next
ingest. For a Chroma server each client derives its copy from the server's texts into its cache folder,
once per catalog revision (like the vectors): Chroma's own full-text filter (`$contains`) only filters,
it does not rank, and it needs the texts as documents, which this index does not store (see store.py).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.services.index.chunking import read_metadata
from assistant.services.index.exact import pages, server_cache_dir

if TYPE_CHECKING:
    import numpy as np

    from assistant.services.index.store import Generation
    from assistant.settings import Settings

K1, B = 1.2, 0.75
MAX_TERMS = 64  # a long query is scored on its rarest bigrams: 10,000 characters would touch every posting
VERIFY = 3000  # candidates checked for the literal phrase, best BM25 first
LITERAL_TERMS = 8  # rarest bigrams whose postings, intersected, give the candidates of a literal match alone
ARRAYS = ("keys", "indptr", "docs", "tf", "dl", "kinds", "text_off", "text_blob")


def keyword_dir(settings: Settings, prefix: str) -> Path:
    if settings.chroma_url:
        exact_copy = server_cache_dir(settings, prefix)  # <cache>/server-exact/<server key>/<generation>
        return exact_copy.parents[2] / "server-keyword" / exact_copy.parent.name / prefix
    return Path(settings.chroma_path) / "keyword" / prefix


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    """Which BMP code points are word characters (letters, digits, CJK): bigrams never cross the others."""
    import numpy as np

    return np.fromiter((chr(c).isalnum() for c in range(65536)), dtype=bool, count=65536)


def _codes(text: str) -> np.ndarray:
    import numpy as np

    return np.frombuffer(text.lower().encode("utf-32-le"), dtype=np.uint32)


def _pairs(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(keys, positions) of the bigrams of word characters in a code-point array."""
    import numpy as np

    table = _word_table()
    word = np.where(cp < 65536, table[np.minimum(cp, 65535)], cp >= 65536)
    ok = word[:-1] & word[1:]
    pos = np.flatnonzero(ok)
    keys = (cp[pos].astype(np.int64) << 21) | cp[pos + 1].astype(np.int64)
    return keys, pos


def query_keys(text: str) -> np.ndarray:
    import numpy as np

    keys, _ = _pairs(_codes(text))
    return np.unique(keys)


class KeywordIndex:
    """BM25 postings of one role: term `keys[t]` occurs `tf[j]` times in doc `docs[j]` for j in indptr[t]:indptr[t+1]."""

    def __init__(self, ids: list[str], kind_names: list[str], a: dict[str, np.ndarray]) -> None:
        self.ids, self.kind_names, self.a = ids, kind_names, a
        self.n = len(ids)
        self.avgdl = float(a["dl"].mean()) if self.n else 1.0

    @classmethod
    def build(cls, ids: list[str], kinds: list[str], texts: list[str]) -> KeywordIndex:
        import numpy as np

        n = len(texts)
        lens = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=n)
        cp = _codes("\x00".join(texts) + "\x00") if n else np.zeros(0, np.uint32)
        keys, pos = _pairs(cp)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]]) if n else np.zeros(0, np.int64)
        docs = (np.searchsorted(starts, pos, side="right") - 1).astype(np.int32)
        order = np.argsort(keys, kind="stable")  # by term, then doc (docs ascend along the text)
        keys, docs = keys[order], docs[order]
        if len(keys):
            new = np.empty(len(keys), dtype=bool)
            new[0] = True
            new[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
            at = np.flatnonzero(new)
            tf = np.diff(np.append(at, len(keys))).astype(np.uint32)
            keys, docs = keys[at], docs[at]
            first = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
        else:
            tf, first = np.zeros(0, np.uint32), np.zeros(0, np.int64)
        names = sorted(set(kinds))
        code = {k: i for i, k in enumerate(names)}
        blobs = [t.encode("utf-8") for t in texts]
        off = np.zeros(n + 1, dtype=np.int64)
        off[1:] = np.cumsum([len(b) for b in blobs]) if n else []
        a = {"keys": keys[first] if len(keys) else np.zeros(0, np.int64),
             "indptr": np.append(first, len(keys)).astype(np.int64),
             "docs": docs, "tf": np.minimum(tf, 65535).astype(np.uint16),
             "dl": np.bincount(docs, weights=tf, minlength=n).astype(np.float32) if n else np.zeros(0, np.float32),
             "kinds": np.fromiter((code[k] for k in kinds), dtype=np.int16, count=n),
             "text_off": off, "text_blob": np.frombuffer(b"".join(blobs), dtype=np.uint8)}
        return cls(list(ids), names, a)

    def text(self, i: int) -> str:
        off = self.a["text_off"]
        return bytes(self.a["text_blob"][off[i]:off[i + 1]]).decode("utf-8")

    def texts(self) -> list[str]:
        return [self.text(i) for i in range(self.n)]

    def kinds(self) -> list[str]:
        return [self.kind_names[c] for c in self.a["kinds"]]

    def scores(self, qkeys: np.ndarray, most: int = MAX_TERMS) -> tuple[np.ndarray, np.ndarray, int]:
        """BM25 score of every doc, how many of the query's terms each holds, and how many terms were used (the
        `most` rarest)."""
        import numpy as np

        a = self.a
        keys = a["keys"]
        if not self.n or not len(qkeys) or not len(keys):
            return np.zeros(self.n, np.float32), np.zeros(self.n, np.int32), 0
        t = np.searchsorted(keys, qkeys)
        t = t[t < len(keys)]
        t = t[np.isin(keys[t], qkeys)]
        indptr = a["indptr"]
        df = indptr[t + 1] - indptr[t]
        if len(t) > most:
            t, df = t[np.argsort(df, kind="stable")[:most]], np.sort(df, kind="stable")[:most]
        if not len(t):
            return np.zeros(self.n, np.float32), np.zeros(self.n, np.int32), 0
        idf = np.log1p((self.n - df + 0.5) / (df + 0.5)).astype(np.float32)
        d = np.concatenate([a["docs"][indptr[x]:indptr[x + 1]] for x in t])
        f = np.concatenate([a["tf"][indptr[x]:indptr[x + 1]] for x in t]).astype(np.float32)
        w = np.repeat(idf, df)
        norm = K1 * (1 - B + B * a["dl"][d] / self.avgdl)
        s = np.bincount(d, weights=w * f * (K1 + 1) / (f + norm), minlength=self.n).astype(np.float32)
        held = np.bincount(d, minlength=self.n).astype(np.int32)
        return s, held, len(t)

    def top(self, query: str, n: int, unit_kind: str | None = None, phrases: tuple[str, ...] = (),
            literal: str = "", literal_only: bool = False) -> list[tuple[str, float, bool]]:
        """The n best docs as (id, bm25, holds_literal): docs holding the literal query first (checked on the
        VERIFY best that hold all its bigrams), then by BM25. With `phrases`, only docs holding every phrase.
        literal_only: just the docs holding the literal query, found from its few rarest bigrams (cheap)."""
        import numpy as np

        qk = query_keys(query + " " + " ".join(phrases))
        if literal_only:
            return self._literal(qk, literal.lower(), n, unit_kind)
        s, held, used = self.scores(qk)
        if unit_kind is not None:
            code = self.kind_names.index(unit_kind) if unit_kind in self.kind_names else -1
            s = np.where(self.a["kinds"] == code, s, 0)
        cand = np.flatnonzero(s > 0)
        if not len(cand):
            return []
        need = [p.lower() for p in phrases if p]
        lit = literal.lower() if len(query_keys(literal)) else ""
        out: list[tuple[str, float, bool]] = []
        if need or lit:
            full = cand[held[cand] >= used]
            full = full[np.argsort(-s[full], kind="stable")][:VERIFY]
            found = []
            lit_found = 0
            for i in full:
                t = self.text(int(i)).lower()
                if need and not all(p in t for p in need):
                    continue
                found.append((int(i), bool(lit) and lit in t))
                lit_found += found[-1][1]
                if lit_found >= n or (need and len(found) >= n and not lit):
                    break  # enough: the rest rank below these
            if need:  # a quoted query: only docs with every phrase, the literal ones first
                found.sort(key=lambda x: (not x[1], -s[x[0]]))
                return [(self.ids[i], float(s[i]), hit) for i, hit in found[:n]]
            lits = [i for i, hit in found if hit][:n]
            out = [(self.ids[i], float(s[i]), True) for i in lits]
        seen = {cid for cid, _, _ in out}
        k = min(n + len(out), len(cand))
        best = cand[np.argpartition(-s[cand], k - 1)[:k]] if k < len(cand) else cand
        best = best[np.argsort(-s[best], kind="stable")]
        out += [(self.ids[i], float(s[i]), False) for i in best if self.ids[i] not in seen]
        return out[:n]

    def _literal(self, qk: np.ndarray, lit: str, n: int, unit_kind: str | None) -> list[tuple[str, float, bool]]:
        """Docs holding `lit`: the postings of its rarest bigrams intersected, then each candidate's text read."""
        import numpy as np

        keys, indptr = self.a["keys"], self.a["indptr"]
        if not lit or not len(qk) or not len(keys):
            return []
        t = np.searchsorted(keys, qk)
        if np.any(t >= len(keys)) or np.any(keys[np.minimum(t, len(keys) - 1)] != qk):
            return []  # a bigram no doc has: no doc holds the whole query
        t = t[np.argsort(indptr[t + 1] - indptr[t], kind="stable")][:LITERAL_TERMS]
        docs = np.asarray(self.a["docs"][indptr[t[0]]:indptr[t[0] + 1]])
        for x in t[1:]:
            docs = np.intersect1d(docs, self.a["docs"][indptr[x]:indptr[x + 1]], assume_unique=True)
        if unit_kind is not None:
            code = self.kind_names.index(unit_kind) if unit_kind in self.kind_names else -1
            docs = docs[self.a["kinds"][docs] == code]
        out = []
        for i in docs[:VERIFY]:
            if lit in self.text(int(i)).lower():
                out.append((self.ids[int(i)], 0.0, True))
                if len(out) >= n:
                    break
        return out


def _atomic_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_role(settings: Settings, prefix: str, role: str, ix: KeywordIndex, revision: str = "") -> None:
    import numpy as np

    d = keyword_dir(settings, prefix)
    d.mkdir(parents=True, exist_ok=True)
    sub = f"{role}-{secrets.token_hex(4)}"
    (d / sub).mkdir()
    for name in ARRAYS:
        with open(d / sub / f"{name}.npy", "wb") as f:
            np.save(f, np.ascontiguousarray(ix.a[name]))
            f.flush()
            os.fsync(f.fileno())
    old = _read_meta(d / f"{role}.json")
    _atomic_json(d / f"{role}.json", {"dir": sub, "ids": ix.ids, "kind_names": ix.kind_names, "revision": revision})
    if old and old.get("dir") and old["dir"] != sub:
        shutil.rmtree(d / str(old["dir"]), ignore_errors=True)  # a reader that opened it keeps its mmaps


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def load_role(settings: Settings, prefix: str, role: str, expect: int, revision: str = "") -> KeywordIndex | None:
    """The role's index (memory-mapped), or None when missing, damaged or not matching `expect` rows (and, for a
    server's copy, the catalog's `revision`)."""
    import numpy as np

    d = keyword_dir(settings, prefix)
    meta = _read_meta(d / f"{role}.json")
    if not meta or not isinstance(meta.get("ids"), list) or not isinstance(meta.get("kind_names"), list):
        return None
    if len(meta["ids"]) != expect or (settings.chroma_url and (not revision or meta.get("revision") != revision)):
        return None
    try:
        a = {name: np.load(d / str(meta["dir"]) / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
    except (OSError, ValueError):
        return None
    if not (len(a["dl"]) == len(a["kinds"]) == len(a["text_off"]) - 1 == expect
            and len(a["indptr"]) == len(a["keys"]) + 1 and len(a["docs"]) == len(a["tf"])):
        return None
    return KeywordIndex(meta["ids"], meta["kind_names"], a)


def from_chroma(gen: Generation, role: str) -> KeywordIndex:
    """Build a role's index from the Chroma collection's texts (repair path, and a server's client copy)."""
    col = gen.chunks(role, create=False)
    ids: list[str] = []
    kinds: list[str] = []
    texts: list[str] = []
    if col is not None:
        for got in pages(col, ["metadatas", "documents"]):
            ids.extend(got["ids"])
            for md, doc in zip(got["metadatas"] or [], got["documents"] or [None] * len(got["ids"]), strict=False):
                md = read_metadata(md, doc)
                kinds.append(str(md.get("unit_kind", "") or ""))
                texts.append(str(md["text"]))
    return KeywordIndex.build(ids, kinds, texts)


def cache_server_role(gen: Generation, role: str, expect: int, revision: str) -> KeywordIndex | None:
    """A client's copy of a server's keyword index for one role, built once per catalog revision."""
    if not revision:
        return None
    ix = from_chroma(gen, role)
    if ix.n != expect:
        return None  # an ingest is under way on the server: vectors only this time
    write_role(gen.settings, gen.prefix, role, ix, revision=revision)
    return ix


def update(gen: Generation, settings: Settings, fresh: bool, before: dict[str, int], counts: dict[str, int],
           added: dict[str, tuple[list[str], list[str], list[str]]], removed: dict[str, set[str]]) -> None:
    """Bring the keyword index of a local store in line with the collections after an ingest (called under the
    write lock, before the catalog switch). A changed role is rebuilt from its kept texts plus the new ones."""
    if settings.chroma_url:
        return
    for role, n in counts.items():
        changed = role in added or role in removed
        old = None if fresh else load_role(settings, gen.prefix, role, before.get(role, 0))
        if not fresh and not changed and (old is not None or n == 0):
            continue
        ix = None
        if fresh or old is not None or before.get(role, 0) == 0:
            gone = removed.get(role, set())
            ids, kinds, texts = [], [], []
            if old is not None:
                keep = [i for i, cid in enumerate(old.ids) if cid not in gone]
                all_kinds, all_texts = old.kinds(), old.texts()
                ids, kinds, texts = [old.ids[i] for i in keep], [all_kinds[i] for i in keep], [all_texts[i] for i in keep]
            a_ids, a_kinds, a_texts = added.get(role, ([], [], []))
            ix = KeywordIndex.build(ids + a_ids, kinds + a_kinds, texts + a_texts)
        if ix is None or ix.n != n:
            ix = from_chroma(gen, role)  # missing or stale files: rebuild from the store of record
        write_role(settings, gen.prefix, role, ix)


def drop(settings: Settings, prefix: str) -> None:
    if not settings.chroma_url:
        shutil.rmtree(keyword_dir(settings, prefix), ignore_errors=True)
