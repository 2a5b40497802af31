"""The originality suite: passages copied from indexed reports into clean ones, found or not.

The index: the repository's corpus/ (real reports) and a generated filler corpus (filler.py, `FILLER` reports,
deterministic). The hosts: the dev reports of evals/unseen, which are written clean and are not indexed.
Into each host, passages of 20-200 characters taken from indexed reports are planted (appended to body lines),
verbatim or lightly edited (a comma changed, a word changed, the unit's name swapped, or a second word when
the passage does not name the unit). Measured: recall per length band and variant, whether the finding names
the report the passage came from, and findings on the clean hosts (false positives), with the time per report.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from assistant.domain.loader import load_text
from assistant.domain.parse import parse_source
from assistant.services.evals.context import EvalContext
from assistant.services.evals.filler import filler_corpus
from assistant.services.evals.gold import GoldError, load_gold, read_lines
from assistant.services.evals.results import SuiteResult
from assistant.services.index import copies, shingles

FILLER = 1000
BANDS = ((20, 49), (50, 99), (100, 200))
VARIANTS = ("verbatim", "edited")
ROUNDS = 2  # plantings per host (each: one passage per band and variant)
WORDS = ("有效", "持续", "扎实", "全面", "深入", "切实", "积极", "认真", "不断", "主动")
PUNCT = {"，": "、", "。": "；", "、": "，", "；": "。"}


def corpus_docs(root: Path, n_filler: int, seed: int = 0) -> tuple[list[shingles.Doc], list[str]]:
    """The indexed reports: corpus/ parsed, then the filler; with each one's unit name ('' when unknown)."""
    docs: list[shingles.Doc] = []
    units: list[str] = []
    for path in sorted((root / "corpus").glob("*.txt")):
        parsed = parse_source(load_text(path.read_text(encoding="utf-8"), str(path)))
        for r in parsed.reports:
            docs.append(shingles.Doc(id=r.id, key=r.id, title=r.title, source=str(path),
                                     pieces=[(r.start_line, "\n".join(parsed.lines[r.start_line - 1 : r.end_line]))]))
            units.append("")
    for i, (unit, text) in enumerate(filler_corpus(n_filler, seed)):
        docs.append(shingles.Doc(id=f"filler{i}", key=f"filler{i}", title=text.split("\n", 1)[0],
                                 source=f"filler/{i:05d}.txt", pieces=[(1, text)]))
        units.append(unit)
    return docs, units


def _passage(r: random.Random, doc: shingles.Doc, n: int) -> str:
    body = "".join(t.split("\n", 1)[1] if i == 0 else t for i, (_, t) in enumerate(doc.pieces)).replace("\n", "")
    if len(body) <= n:
        return body
    at = r.randrange(0, len(body) - n)
    return body[at : at + n]


def _change_word(r: random.Random, text: str) -> str:
    spots = [i for i in range(len(text) // 4, 3 * len(text) // 4) if text[i : i + 2].isalpha() and
             all("\u4e00" <= ch <= "\u9fff" for ch in text[i : i + 2])]
    if not spots:
        return text
    i = r.choice(spots)
    return text[:i] + r.choice([w for w in WORDS if w != text[i : i + 2]]) + text[i + 2 :]


def edit(r: random.Random, text: str, unit: str, host_unit: str) -> str:
    """A light edit: one punctuation mark changed, one word changed, the unit's name swapped (or a second word)."""
    marks = [i for i, ch in enumerate(text) if ch in PUNCT]
    if marks:
        i = r.choice(marks)
        text = text[:i] + PUNCT[text[i]] + text[i + 1 :]
    text = _change_word(r, text)
    if unit and unit in text:
        return text.replace(unit, host_unit)
    return _change_word(r, text)


def plant(r: random.Random, rows: list[str], docs: list[shingles.Doc], units: list[str], real: int
          ) -> tuple[list[str], list[dict[str, Any]]]:
    """The host's lines with one passage per band and variant appended to distinct body lines."""
    out = list(rows)
    body = [i for i, t in enumerate(rows) if i >= 2 and len(t) >= 20]
    r.shuffle(body)
    plants = []
    for k, ((lo, hi), variant) in enumerate((b, v) for b in BANDS for v in VARIANTS):
        if k >= len(body):
            break
        d = r.randrange(real) if r.random() < 0.2 else r.randrange(real, len(docs))
        text = _passage(r, docs[d], r.randint(lo, hi))
        if variant == "edited":
            text = edit(r, text, units[d], "我单位")
        i = body[k]
        plants.append({"line": i, "col": len(out[i]), "band": f"{lo}-{hi}", "variant": variant, "doc": d,
                       "chars": len(shingles.normalise(text)), "text": text})
        out[i] = out[i] + text
    return out, plants


def _hit(q: copies.Query, p: dict[str, Any], found: list[copies.Passage]) -> copies.Passage | None:
    span = {j for j, (ln, c) in enumerate(zip(q.lines, q.cols, strict=True)) if ln == p["line"] + 1 and c >= p["col"]}
    for f in found:
        if span and len(span & set(range(f.start, f.end))) * 2 >= len(span):
            return f
    return None


def measure(index: shingles.ShingleIndex, hosts: list[list[str]], docs: list[shingles.Doc], units: list[str],
            real: int, tuning: copies.Tuning | None = None, rounds: int = ROUNDS) -> dict[str, Any]:
    hits: dict[str, list[int]] = {}
    source_ok = [0, 0]
    fp_clean: list[int] = []
    fp_planted = 0
    misses: list[dict[str, Any]] = []
    seconds: list[float] = []
    for h, rows in enumerate(hosts):
        t0 = time.perf_counter()
        found = copies.find(index, copies.Query.of(rows), tuning=tuning)
        seconds.append(time.perf_counter() - t0)
        if found:
            fp_clean.append(h)
        for k in range(rounds):
            r = random.Random(f"originality-{h}-{k}")
            lines, plants = plant(r, rows, docs, units, real)
            q = copies.Query.of(lines)
            found = copies.find(index, q, tuning=tuning)
            used: set[int] = set()
            for p in plants:
                f = _hit(q, p, found)
                hits.setdefault(f"{p['variant']}.{p['band']}", []).append(int(f is not None))
                if f is not None:
                    used.add(id(f))
                    source_ok[0] += int(docs[f.doc].pieces == docs[p["doc"]].pieces or f.doc == p["doc"])
                    source_ok[1] += 1
                elif p["chars"] >= 50:
                    misses.append({"host": h, "variant": p["variant"], "band": p["band"], "text": p["text"][:60]})
            fp_planted += sum(1 for f in found if id(f) not in used)
    return {"hits": hits, "source_ok": source_ok, "fp_clean": fp_clean, "fp_planted": fp_planted, "misses": misses,
            "seconds": seconds}


def hosts_by_split(unseen_dir: Path) -> dict[str, list[list[str]]]:
    """The unseen reports' lines per split (the gold files only: their planted defects are not read)."""
    out: dict[str, list[list[str]]] = {"dev": [], "test": []}
    for gpath in sorted(unseen_dir.glob("*/gold.yaml")):
        g = load_gold(gpath)
        lines = read_lines(g.source_path())
        for rep in g.reports:
            out[rep.split].append(lines[rep.lines[0] - 1 : rep.lines[1]])
    if not out["dev"]:
        raise GoldError(f"{unseen_dir}: no dev reports (*/gold.yaml)")
    return out


def report_ids_by_split(unseen_dir: Path) -> dict[str, list[str]]:
    """The unseen reports' ids per split, in the order of hosts_by_split."""
    out: dict[str, list[str]] = {"dev": [], "test": []}
    for gpath in sorted(unseen_dir.glob("*/gold.yaml")):
        for rep in load_gold(gpath).reports:
            out[rep.split].append(rep.id)
    return out


def dev_hosts(unseen_dir: Path, split: str = "dev") -> list[list[str]]:
    return hosts_by_split(unseen_dir)[split]


def run_originality(ctx: EvalContext) -> SuiteResult:
    t0 = time.perf_counter()
    docs, units = corpus_docs(ctx.evals_dir.parent, FILLER, ctx.seed)
    real = sum(1 for u in units if not u)
    index = shingles.build(docs)
    build_s = time.perf_counter() - t0
    split = hosts_by_split(ctx.evals_dir / "unseen")
    hosts = split["dev"]
    m = measure(index, hosts, docs, units, real)
    metrics: dict[str, float | None] = {}
    for key, v in sorted(m["hits"].items()):
        metrics[f"originality.recall.{key}"] = round(sum(v) / len(v), 4)
    for variant in VARIANTS:
        v = [x for b in ("50-99", "100-200") for x in m["hits"].get(f"{variant}.{b}", [])]
        metrics[f"originality.recall.{variant}.50+"] = round(sum(v) / len(v), 4) if v else None
    metrics["originality.source_correct"] = round(m["source_ok"][0] / max(1, m["source_ok"][1]), 4)
    metrics["originality.clean_fp_rate"] = round(len(m["fp_clean"]) / max(1, len(hosts)), 4)
    metrics["originality.fp_on_planted"] = float(m["fp_planted"])
    # The test reports (never tuned on) as clean hosts too: findings on them are false positives.
    test = split["test"]
    ids = report_ids_by_split(ctx.evals_dir / "unseen")["test"]
    # which clean test reports get a finding, and what they are said to copy: a bound that moves says whose
    fp_named = [{"report": ids[h], "copied_from": docs[found[0].doc].id, "line": found[0].source_line}
                for h, rows in enumerate(test) if (found := copies.find(index, copies.Query.of(rows)))]
    fp_test = [x["report"] for x in fp_named]
    metrics["originality.clean_fp_rate.test"] = round(len(fp_test) / max(1, len(test)), 4)
    # The same as shares of clean hosts with no finding, for CI's lower bounds (evals/ci_bounds.txt).
    metrics["originality.clean_ok"] = round(1 - metrics["originality.clean_fp_rate"], 4)  # type: ignore[operator]
    metrics["originality.clean_ok.test"] = round(1 - metrics["originality.clean_fp_rate.test"], 4)
    metrics["originality.indexed_reports"] = float(index.size)
    metrics["originality.ms_per_report"] = round(1000 * sum(m["seconds"]) / max(1, len(m["seconds"])), 2)
    metrics["originality.build_seconds"] = round(build_s, 2)
    table = [{"variant": k.split(".")[0], "band": k.split(".")[1], "planted": len(v), "found": sum(v),
              "recall": round(sum(v) / len(v), 3)} for k, v in sorted(m["hits"].items())]
    notes = [f"{index.size} indexed reports ({real} from corpus/, {FILLER} generated filler), "
             f"{len(hosts)} clean dev hosts of evals/unseen, {ROUNDS} plantings per host",
             f"tuning: {copies.Tuning()}"]
    return SuiteResult(name="originality", status="ok", metrics=metrics, table=table, worst=m["misses"][:10],
                       notes=notes, detail=[{"clean_hosts_with_findings": m["fp_clean"]},
                               {"clean_test_reports_with_findings": fp_named}],
                       neutral=["originality.indexed_reports"],
                       lower_is_better=["originality.clean_fp_rate", "originality.clean_fp_rate.test", "originality.fp_on_planted",
                                        "originality.ms_per_report", "originality.build_seconds"])
