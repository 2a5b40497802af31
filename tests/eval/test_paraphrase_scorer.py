"""The paraphrase scorer (evals/retrieval/paraphrase.yaml): the overlap rule, the file format, recall@5 on a tiny
fixture of our own, and the suite's note when the file is absent."""

from __future__ import annotations

from pathlib import Path

import yaml

from assistant.services.evals.keyword_retrieval import covers, load_paraphrases, score_paraphrase

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_8d180b529515aaa8.txt"


def test_a_chunk_covers_a_passage_it_holds_or_half_of_it() -> None:
    passage = "警示教育作用还需进一步激发，廉政宣传针对性还不够突出"  # 26 characters
    assert covers("一方面是" + passage + "。", passage)
    assert covers("一方面是警示教育作用还需进一步激发，廉政", passage)  # a run of 16 ≥ 13
    assert not covers("警示教育作用还需加强，廉政宣传针对性不强", passage)  # runs of 8 and 6 < 13


def test_recall_at_5_on_a_tiny_fixture(tmp_path: Path) -> None:
    from assistant.services.index.ingest import ingest
    from assistant.settings import Settings

    s = Settings(chroma_path=tmp_path / "chroma")
    ingest([SEED], s)
    entries = [
        {"id": "p1", "query": "廉政警示教育效果不明显，宣传缺乏针对性", "source": SEED.name,
         "passage": "警示教育作用还需进一步激发，廉政宣传针对性还不够突出", "role": "problems"},
        {"id": "p2", "query": "月球车在火星表面行驶了三公里", "source": SEED.name,
         "passage": "警示教育作用还需进一步激发，廉政宣传针对性还不够突出", "role": "problems"},
    ]
    f = tmp_path / "paraphrase.yaml"
    f.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    loaded = load_paraphrases(f)
    assert [e.id for e in loaded] == ["p1", "p2"]
    m, misses = score_paraphrase(s, loaded)
    assert m["recall@5"] == 0.5 and m["role.recall@5"] is not None
    assert [x["query"].split(":")[0] for x in misses] == ["p2"]


def test_the_suite_notes_an_absent_paraphrase_file(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from assistant.services.evals.keyword_retrieval import measure
    from assistant.services.index.ingest import ingest
    from assistant.settings import Settings

    s = Settings(chroma_path=tmp_path / "chroma")
    ingest([SEED], s)
    metrics, notes, _ = measure(SimpleNamespace(seed=0, evals_dir=tmp_path), s, None)
    assert any("paraphrase: not measured" in n for n in notes)
    assert not any(k.startswith("retrieval.paraphrase") for k in metrics)
    assert metrics["retrieval.keyword.min"] is not None
