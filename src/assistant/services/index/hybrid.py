"""Hybrid ranking: the keyword index's ranking fused with the vectors' by reciprocal rank fusion.

RRF (score = Σ 1/(RRF_K + rank)) needs no calibration between a cosine and a BM25 score. One addition, the
reason a user types a phrase: a chunk that holds the typed query literally gets a bonus of one first rank
(1/(RRF_K + 1)), so it outranks every chunk that does not, unless that one leads both lists. With quoted
phrases only chunks holding every phrase are kept (checked on their text, not guessed from bigrams).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.domain.models import Role
from assistant.services.index import keyword as kw

if TYPE_CHECKING:
    from assistant.services.index.query import Query
    from assistant.services.index.search import Hit
    from assistant.services.index.store import Generation

RRF_K = 60
POOL = 50  # candidates taken from each ranking before fusion
# Measured on the retrieval suite's role recall (docs/index.md): any keyword weight on sentence queries lowered
# it (plans 0.912 → 0.863 at 0.1, 0.725 at 1), while typed phrases need the full weight.
SHORT = 12  # letters and digits: up to this a query is a typed phrase or a few words
LONG_WEIGHT = 0.0  # a longer query keeps only the literal-match bonus from the keyword side

_CACHE: dict[tuple[str, str, str, int, str, str], Any] = {}


def keyword_index(gen: Generation, role: Role, n: int, revision: str = "") -> kw.KeywordIndex:
    """The role's keyword index: the local store's files, a server client's copy (per catalog revision), or,
    for a local index built before the keyword index existed, one built in memory from Chroma (the next
    ingest writes its files)."""
    s = gen.settings
    meta = kw.keyword_dir(s, gen.prefix) / f"{role.value}.json"
    try:
        stamp = str(meta.stat().st_mtime_ns)
    except OSError:
        stamp = "-"
    where = s.chroma_url or str(Path(s.chroma_path).resolve())
    key = (where, gen.prefix, role.value, n, stamp, revision)
    if key not in _CACHE:
        ix = kw.load_role(s, gen.prefix, role.value, n, revision)
        if ix is None and s.chroma_url:
            ix = kw.cache_server_role(gen, role.value, n, revision)
        if ix is None:
            ix = kw.from_chroma(gen, role.value)
        _CACHE[key] = ix
    return _CACHE[key]


def rank_keyword(gen: Generation, counts: dict[str, int], q: Query, *, role: Role | None, unit_kind: str | None,
                 k: int, revision: str = "", literal_only: bool = False) -> list[tuple[float, str, Role, bool]]:
    """The k best chunks by BM25 as (bm25, chunk id, role, holds the typed query literally); literal ones first.
    literal_only: only the chunks holding the typed query (what a zero keyword weight leaves to fuse)."""
    roles = [role] if role else [r for r in Role if counts.get(r.value, 0) > 0]
    out: list[tuple[float, str, Role, bool]] = []
    for r in roles:
        n = counts.get(r.value, 0)
        if n == 0:
            continue
        ix = keyword_index(gen, r, n, revision)
        out.extend((score, cid, r, lit) for cid, score, lit in ix.top(q.text, k, unit_kind, q.phrases, q.literal,
                                                                       literal_only=literal_only))
    out.sort(key=lambda t: (not t[3], -t[0], t[1]))
    return out[:k]


def keyword_weight(query: str) -> float:
    """The keyword ranking's weight in the fusion: full for what people type (a phrase, a few words), none for
    a sentence, whose part (tense, polarity) the vectors carry better; a sentence found literally still wins."""
    n = sum(c.isalnum() for c in query)
    return 1.0 if n <= SHORT else LONG_WEIGHT


def fuse(vec: list[tuple[float, str, Role, Hit | None]], key: list[tuple[float, str, Role, bool]], k: int,
         required: bool, weight: float = 1.0) -> list[tuple[float, str, Role, Hit | None]]:
    """Reciprocal rank fusion of the two rankings (see the module); `required`: keep only keyword-verified ids."""
    score: dict[str, float] = {}
    info: dict[str, tuple[Role, Hit | None]] = {}
    for rank, (_, cid, r, h) in enumerate(vec, start=1):
        score[cid] = score.get(cid, 0.0) + 1.0 / (RRF_K + rank)
        info[cid] = (r, h)
    for rank, (_, cid, r, lit) in enumerate(key, start=1):
        score[cid] = score.get(cid, 0.0) + weight / (RRF_K + rank) + (1.0 / (RRF_K + 1) if lit else 0.0)
        info.setdefault(cid, (r, None))
    if required:
        allowed = {cid for _, cid, _, _ in key}
        score = {cid: v for cid, v in score.items() if cid in allowed}
    best = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return [(v, cid, info[cid][0], info[cid][1]) for cid, v in best]
