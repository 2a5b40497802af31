"""Two retrieval measures beside the role-recall of retrieval_suite.py: what people type, and what they mean.

- Keyword: phrases of 4-8 characters drawn (seeded) from the indexed chunk texts, within a run of word
  characters (what someone would type); a query passes when one of the top 5 hits holds the phrase. Measured
  without and with the phrase's own role as filter, per length.
- Paraphrase: evals/retrieval/paraphrase.yaml, written by someone who has not seen the code: a list of
  `{id, query, source, passage, role}`, `passage` an exact substring of that report's text. recall@5: a
  query passes when a top-5 chunk holds the passage, or shares a common run of at least half its characters.
"""

from __future__ import annotations

import random
import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from assistant.services.index.keyword import load_role
from assistant.services.index.search import search
from assistant.services.index.store import open_client, require_catalog
from assistant.settings import Settings

K = 5
LENGTHS = (4, 5, 6, 7, 8)
PHRASES = 200
_RUN = re.compile(r"\w{4,}")


def draw_phrases(settings: Settings, n: int = PHRASES, seed: int = 0) -> list[tuple[str, str]]:
    """n (phrase, role) pairs, the same number of each length in LENGTHS, from the index's own texts."""
    cat = require_catalog(open_client(settings, create=False), settings)
    texts: list[tuple[str, str]] = []
    for role, cnt in sorted(cat.counts.items()):
        ix = load_role(settings, cat.active, role, cnt) if cnt else None
        if ix is not None:
            texts += [(role, t) for t in ix.texts()]
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for i in range(n):
        length = LENGTHS[i % len(LENGTHS)]
        for _ in range(1000):
            role, t = rng.choice(texts)
            runs = [m.group() for m in _RUN.finditer(t) if len(m.group()) >= length]
            if runs:
                run = rng.choice(runs)
                at = rng.randrange(len(run) - length + 1)
                out.append((run[at:at + length], role))
                break
    return out


def score_keyword(settings: Settings, phrases: list[tuple[str, str]], mode: str | None = None
                  ) -> tuple[dict[str, float | None], list[dict[str, Any]]]:
    """Share of phrases found in a top-5 hit, per length, unfiltered and with the role filter; and the misses."""
    found: dict[str, list[bool]] = {}
    misses: list[dict[str, Any]] = []
    for phrase, role in phrases:
        for label, r in (("", None), ("role.", role)):
            hits = search(phrase, settings, role=r, k=K, mode=mode)
            ok = any(phrase in h.text for h in hits)
            found.setdefault(f"{label}len{len(phrase)}", []).append(ok)
            if not ok and len(misses) < 10:
                misses.append({"query": f"{phrase} ({'role ' + role if r else 'no filter'})",
                               "got": [h.snippet[:40] for h in hits]})
    metrics: dict[str, float | None] = {k: sum(v) / len(v) for k, v in sorted(found.items())}
    metrics["min"] = min(metrics.values()) if metrics else None  # type: ignore[type-var]
    return metrics, misses


class Paraphrase(BaseModel):
    id: str
    query: str
    source: str
    passage: str
    role: str | None = None


def load_paraphrases(path: Path) -> list[Paraphrase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):  # tolerate {entries: [...]} too
        data = next((v for v in data.values() if isinstance(v, list)), [])
    return [Paraphrase(**{k: str(v) if k != "role" or v else v for k, v in e.items()}) for e in data]


def covers(chunk: str, passage: str) -> bool:
    """The chunk holds the passage, or a common run of at least half the passage's characters."""
    if passage in chunk:
        return True
    m = SequenceMatcher(None, chunk, passage, autojunk=False).find_longest_match(0, len(chunk), 0, len(passage))
    return m.size * 2 >= len(passage)


def score_paraphrase(settings: Settings, entries: list[Paraphrase], mode: str | None = None
                     ) -> tuple[dict[str, float | None], list[dict[str, Any]]]:
    """recall@5 unfiltered and with the entry's role as filter; the misses (unfiltered)."""
    plain: list[bool] = []
    by_role: list[bool] = []
    misses: list[dict[str, Any]] = []
    for e in entries:
        hits = search(e.query, settings, k=K, mode=mode)
        ok = any(covers(h.text, e.passage) for h in hits)
        plain.append(ok)
        if e.role:
            by_role.append(any(covers(h.text, e.passage) for h in search(e.query, settings, role=e.role, k=K,
                                                                         mode=mode)))
        if not ok and len(misses) < 10:
            misses.append({"query": f"{e.id}: {e.query[:30]}", "got": [h.snippet[:40] for h in hits]})
    return {"recall@5": sum(plain) / len(plain) if plain else None,
            "role.recall@5": sum(by_role) / len(by_role) if by_role else None}, misses


def measure(ctx: Any, settings: Settings, api_settings: Settings | None
            ) -> tuple[dict[str, float | None], list[str], list[dict[str, Any]]]:
    """The keyword and paraphrase figures of the retrieval suite (hybrid, and the vectors alone beside it)."""
    metrics: dict[str, float | None] = {}
    notes: list[str] = []
    worst: list[dict[str, Any]] = []
    phrases = draw_phrases(settings, PHRASES, seed=ctx.seed)
    notes.append(f"keyword: {len(phrases)} phrases of {LENGTHS[0]}-{LENGTHS[-1]} characters drawn (seed {ctx.seed}) "
                 "from the indexed chunks; found = in a top-5 hit, without and with the phrase's role as filter")
    for mode in ("hybrid", "vector"):
        m, misses = score_keyword(settings, phrases, mode)
        label = "" if mode == "hybrid" else "vector."
        metrics.update({f"retrieval.keyword.{label}{k}": v for k, v in m.items()})
        if mode == "hybrid":
            worst += misses
    path = Path(ctx.evals_dir) / "retrieval" / "paraphrase.yaml"
    if not path.is_file():
        notes.append(f"paraphrase: not measured, {path} does not exist")
        return metrics, notes, worst
    entries = load_paraphrases(path)
    runs = [("default", settings, "vector"), ("hybrid", settings, "hybrid")]
    if api_settings is not None:
        runs.append(("semantic", api_settings, "vector"))
    for label, s, mode in runs:
        m, misses = score_paraphrase(s, entries, mode)
        metrics.update({f"retrieval.paraphrase.{label}.{k}": v for k, v in m.items()})
        if label == "hybrid":
            worst += misses
    notes.append(f"paraphrase: {len(entries)} queries from {path}; default = hashed vectors alone, hybrid = "
                 "vectors + keywords" + (", semantic = the API embedding" if api_settings else
                                         "; semantic not run (needs --backend api and an embeddings endpoint)"))
    return metrics, notes, worst
