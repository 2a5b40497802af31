"""Retrieval queries: items of the labelled parts, headings joined with their paragraph, own report held out."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from assistant.services.evals.gold import load_gold_dir
from assistant.services.evals.retrieval_suite import _held_out, queries

ROOT = Path(__file__).resolve().parents[2]


def test_queries_are_items_in_clean_text():
    qs = queries(load_gold_dir(ROOT / "evals/gold"))
    by_line = {(q["report"], q["line"]): q for q in qs}
    # r2 line 53 is the heading （一）主体责任还须“落实落细”, joined with its paragraph (line 54)
    q = by_line[("r2", 53)]
    assert q["role"] == "problems" and q["text"].startswith("（一）主体责任还须“落实落细”班子成员")
    assert ("r2", 54) not in by_line
    r1 = by_line[("r1", 11)]["text"]  # heading and paragraph; D restored to 党, as the index holds it
    assert r1.startswith("一、坚定不移强化政治建设，推动党业融合2023年") and "D支部" not in r1
    assert not any(q["role"] == "title" for q in qs)
    assert {q["role"] for q in qs} >= {"achievements", "problems", "plans"}


def test_own_report_is_held_out():
    q = {"file": "000_8d180b529515aaa8.txt", "lines": (43, 64)}
    own = SimpleNamespace(source="/x/corpus/000_8d180b529515aaa8.txt", start_line=50)
    other = SimpleNamespace(source="/x/corpus/000_8d180b529515aaa8.txt", start_line=70)
    elsewhere = SimpleNamespace(source="/x/corpus/another.txt", start_line=50)
    assert _held_out(own, q) and not _held_out(other, q) and not _held_out(elsewhere, q)
