"""The keyword index and hybrid search: typed phrases are found, quoted phrases are required, snippets show the
match, ingest keeps the keyword index in step with the vectors, bad queries get one Chinese line."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from assistant.services.index.ingest import ingest
from assistant.services.index.keyword import KeywordIndex, keyword_dir, load_role
from assistant.services.index.query import parse_query, snippet
from assistant.services.index.search import SearchError, search
from assistant.services.index.store import open_client, require_catalog


@pytest.fixture
def both(settings, seed: Path, small_report: Path):  # noqa: ANN001, ANN201
    ingest([seed, small_report], settings)
    return settings


def _texts(settings) -> list[tuple[str, str]]:  # noqa: ANN001
    cat = require_catalog(open_client(settings), settings)
    out = []
    for role, n in cat.counts.items():
        ix = load_role(settings, cat.active, role, n)
        if n:
            assert ix is not None
            out += [(role, t) for t in ix.texts()]
    return out


def test_random_phrases_of_the_indexed_text_are_in_the_top_five(both) -> None:  # noqa: ANN001
    texts = _texts(both)
    rng = random.Random(5)
    missed = []
    for _ in range(40):
        role, t = rng.choice(texts)
        runs = [m.group() for m in re.finditer(r"\w{4,}", t)]
        run = rng.choice(runs)
        at = rng.randrange(len(run) - 3)
        phrase = run[at:at + 4]
        for r in (None, role):
            if not any(phrase in h.text for h in search(phrase, both, role=r, k=5)):
                missed.append((phrase, r))
    assert not missed


def test_a_quoted_phrase_is_in_every_hit(both) -> None:  # noqa: ANN001
    for q in ('"三会一课"', "“三会一课”", "「三会一课」 党支部"):
        hits = search(q, both, k=10)
        assert hits and all("三会一课" in h.text for h in hits)
        assert all("【三会一课】" in h.snippet for h in hits)
    assert search("“以会代学”", both, k=5) == []  # no chunk holds it: nothing, not the nearest vectors


def test_snippet_shows_the_match_not_the_start() -> None:
    text = "开头的话" * 30 + "严格落实三会一课制度" + "结尾" * 30
    s = snippet(text, parse_query("三会一课"), width=40)
    assert "【三会一课】" in s and s.startswith("…") and s.endswith("…") and len(s) < 50
    assert "【" not in snippet("毫不相干的内容", parse_query("三会一课"))


def test_ingest_keeps_the_keyword_index_in_step(settings, seed: Path, small_report: Path) -> None:  # noqa: ANN001
    ingest([seed], settings)
    first = require_catalog(open_client(settings), settings)
    again = ingest([seed], settings)
    assert again.chunks_new == 0
    ingest([small_report], settings)
    cat = require_catalog(open_client(settings), settings)
    assert cat.active == first.active
    for role, n in cat.counts.items():
        ix = load_role(settings, cat.active, role, n)
        assert ix is not None and ix.n == n
    assert any("两张皮" in h.text for h in search("两张皮", settings, k=3))
    ingest([small_report], settings, rebuild=True)
    new = require_catalog(open_client(settings), settings)
    assert new.active != cat.active and not keyword_dir(settings, cat.active).exists()
    assert keyword_dir(settings, new.active).is_dir()
    assert search("“党风廉政”", settings, k=3) == []  # the seed's reports are gone with the old generation


def test_a_missing_keyword_index_is_built_from_chroma(both) -> None:  # noqa: ANN001
    import shutil

    cat = require_catalog(open_client(both), both)
    shutil.rmtree(keyword_dir(both, cat.active))
    assert any("三会一课" in h.text for h in search("“三会一课”", both, k=3))
    ingest([], both)  # the next ingest writes the files again
    assert all(load_role(both, cat.active, r, n) is not None for r, n in cat.counts.items() if n)


def test_unit_kind_and_role_filters_apply_to_keywords(both) -> None:  # noqa: ANN001
    hits = search("“党支部”", both, unit_kind="医院", k=10)
    assert hits and {h.unit_kind for h in hits} == {"医院"}
    hits = search("党支部", both, role="plans", k=10, mode="keyword")
    assert hits and {h.role.value for h in hits} == {"plans"}


@pytest.mark.parametrize("query,msg", [("", "查询为空"), ("  ，。！？  ", "只有标点"), ("党建" * 5000, "查询过长"),
                                       ("党建 “。”", "引号里只有标点")])
def test_bad_queries_get_one_chinese_line(both, query: str, msg: str) -> None:  # noqa: ANN001
    with pytest.raises(SearchError, match=msg):
        search(query, both)


def test_an_english_query_with_no_shared_text_finds_nothing(both) -> None:  # noqa: ANN001
    assert search("party building", both) == []
    assert search("Party", both, mode="vector")  # the vectors alone always answer something


def test_build_counts_bigrams_once_per_doc_with_their_frequency() -> None:
    ix = KeywordIndex.build(["a", "b"], ["", "医院"], ["党建党建，党员", "学习"])
    assert ix.n == 2 and ix.kind_names == ["", "医院"] and ix.texts() == ["党建党建，党员", "学习"]
    assert list(ix.a["dl"]) == [4, 1]  # 党建 ×2, 建党, 党员; 学习
    [(cid, _, lit)] = ix.top("党员", 5, literal="党员")
    assert cid == "a" and lit
    assert ix.top("建党", 5, unit_kind="医院") == []
    json.dumps(ix.ids)


def test_quotes_inside_a_sentence_do_not_restrict() -> None:
    assert parse_query("“以会代学”").phrases == ("以会代学",)
    assert parse_query('"以会代学" 党支部').phrases == ("以会代学",)
    q = parse_query("严格落实“三会一课”制度")
    assert q.phrases == () and q.literal == "严格落实“三会一课”制度"


def test_a_sentence_found_literally_comes_first(both) -> None:  # noqa: ANN001
    sentence = "推进党建与业务深度融合，打造医院党建品牌"
    assert len(sentence) > 12  # past SHORT: the keyword side adds only the literal match
    assert sentence in search(sentence, both, k=1)[0].text
