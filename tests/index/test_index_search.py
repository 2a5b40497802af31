"""Search: filters, ranking, exact and HNSW paths, and the errors a user can meet."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.models import Role
from assistant.services.index.chunking import read_metadata
from assistant.services.index.ingest import ingest
from assistant.services.index.search import SearchError, search, search_vectors
from assistant.services.index.store import (
    EmbeddingMismatchError,
    Generation,
    IndexMissingError,
    StoreError,
    open_client,
    require_catalog,
)


@pytest.fixture
def indexed(settings, seed: Path, small_report: Path):  # noqa: ANN001, ANN201
    ingest([seed, small_report], settings)
    return settings


def test_role_filter_returns_only_that_role(indexed) -> None:  # noqa: ANN001
    for role in (Role.problems, Role.plans, Role.achievements):
        hits = search("加强党的建设", indexed, role=role, k=4)
        assert len(hits) == 4 and {h.role for h in hits} == {role}
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_best_hit_is_the_matching_passage(indexed) -> None:  # noqa: ANN001
    [hit] = search("党风廉政建设有待进一步增强", indexed, k=1)
    assert hit.role == Role.problems and hit.text.startswith("三是党风廉政建设有待进一步增强")
    assert hit.title == "党支部书记2023年抓党建述职报告（集团公司）" and hit.year == 2023
    assert hit.heading_path.endswith("三是党风廉政建设有待进一步增强") and hit.start_line == 23
    assert hit.source.endswith("000_8d180b529515aaa8.txt") and hit.report_id.startswith("r")


def test_unit_kind_filter(indexed) -> None:  # noqa: ANN001
    hits = search("党建工作", indexed, unit_kind="医院", k=5)
    assert hits and {h.unit_kind for h in hits} == {"医院"}
    assert search("党建工作", indexed, unit_kind="学校", k=5) == []


def test_exact_and_hnsw_paths_agree_on_a_small_index(indexed) -> None:  # noqa: ANN001
    from assistant.services.index.embedding import local_embed

    client = open_client(indexed)
    cat = require_catalog(client, indexed)
    gen = Generation(client, indexed, cat.active)
    for q in ["理论学习不够深入", "三会一课", "下一步工作思路"]:
        v = local_embed([q], indexed.embedding_dim)[0]
        exact = search_vectors(gen, cat.counts, v, role=None, unit_kind=None, k=5, mode="exact")
        hnsw = search_vectors(gen, cat.counts, v, role=None, unit_kind=None, k=5, mode="hnsw")
        assert [h.chunk_id for h in exact] == [h.chunk_id for h in hnsw]
        assert [h.score for h in exact] == pytest.approx([h.score for h in hnsw], abs=1e-4)


def test_a_local_store_builds_a_cheap_graph(indexed) -> None:  # noqa: ANN001
    # Searched by the exact scan, a local store needs its HNSW graph only as a fallback: the cheap one
    # keeps ingest fast. The hnsw_* settings are for a server (checked in test_index_server.py).
    client = open_client(indexed)
    gen = Generation(client, indexed, require_catalog(client, indexed).active)
    hnsw = gen.chunks(Role.achievements, create=False).configuration["hnsw"]
    assert (hnsw["max_neighbors"], hnsw["ef_construction"]) == (8, 16)
    assert hnsw["ef_search"] == indexed.hnsw_ef_search


def test_missing_exact_files_fall_back_to_hnsw(indexed) -> None:  # noqa: ANN001
    import shutil

    cat = require_catalog(open_client(indexed), indexed)
    shutil.rmtree(indexed.chroma_path / "exact" / cat.active)
    assert search("三会一课", indexed, role="achievements", k=3)
    ingest([], indexed)  # any ingest repairs the exact files from Chroma
    assert (indexed.chroma_path / "exact" / cat.active / "achievements.npy").exists()


def test_nothing_indexed(settings) -> None:  # noqa: ANN001
    with pytest.raises(IndexMissingError, match="assistant ingest"):
        search("党建", settings)


def test_other_embedding_is_refused_with_how_to_rebuild(indexed) -> None:  # noqa: ANN001
    other = indexed.model_copy(update={"embedding_dim": 256})
    with pytest.raises(EmbeddingMismatchError, match="--rebuild") as e:
        search("党建", other)
    assert "256" in str(e.value) and "512" in str(e.value)
    with pytest.raises(EmbeddingMismatchError):
        ingest([], other)


@pytest.mark.parametrize("kwargs,msg", [
    ({"role": "budget"}, "没有这个部分"),
    ({"k": 0}, "1 到 1000"),
])
def test_bad_input(indexed, kwargs: dict, msg: str) -> None:  # noqa: ANN001
    with pytest.raises(SearchError, match=msg):
        search("党建", indexed, **kwargs)


def test_bad_collection_name(settings) -> None:  # noqa: ANN001
    with pytest.raises(StoreError, match="索引名"):
        search("党建", settings.model_copy(update={"collection": "报告"}))


def test_api_embedding_through_an_openai_compatible_server(settings, seed: Path, fake_openai) -> None:  # noqa: ANN001
    api = settings.model_copy(update={"embedding": "api", "embedding_base_url": fake_openai.base_url,
                                      "embedding_api_key": "sk-test", "embedding_model": "fake-embed",
                                      "embedding_batch_size": 16})
    s = ingest([seed], api)
    assert s.chunks_new > 40
    embeds = [r for r in fake_openai.requests if r["path"].endswith("/embeddings")]
    assert len(embeds) >= s.chunks_new // 16 and all(len(r["body"]["input"]) <= 16 for r in embeds)
    some = search("任意", api, role="problems", k=3)[2]
    [hit] = search(some.text, api, k=1, mode="vector")  # the fake gives the same text the same vector
    assert hit.chunk_id == some.chunk_id and hit.score == pytest.approx(1.0, abs=1e-5)
    # the local embedding cannot read an index built with the API one
    with pytest.raises(EmbeddingMismatchError, match="assistant-openai-compatible"):
        search("党建", settings)


def test_a_query_with_the_letter_d_finds_the_restored_text(indexed) -> None:  # noqa: ANN001
    plain = search("党风廉政建设有待进一步增强", indexed, k=3)
    lettered = search("D风廉政建设有待进一步增强", indexed, k=3)
    assert [h.chunk_id for h in lettered] == [h.chunk_id for h in plain]
    assert [h.score for h in lettered] == [h.score for h in plain]


def test_chunks_are_read_in_every_stored_layout() -> None:
    import json

    from assistant.services.index.search import _hits

    # Packed (today), one key per field with the text in the metadata, and older indexes with it in `documents`.
    md = {"role": "problems", "report_id": "r1", "title": "t", "source": "s.txt", "year": 2023, "start_line": 4}
    packed = {"report_id": "r1", "unit_kind": "", "d": json.dumps(md | {"text": "压缩存放的文本"}, ensure_ascii=False)}
    res = {"ids": [["a", "b", "c"]], "distances": [[0.1, 0.2, 0.3]], "documents": [[None, None, "旧索引的文本"]],
           "metadatas": [[packed, md | {"text": "新索引的文本"}, md]]}
    hits = _hits(res)
    assert [h.text for h in hits] == ["压缩存放的文本", "新索引的文本", "旧索引的文本"]
    assert {(h.title, h.year, h.start_line, h.role.value) for h in hits} == {("t", 2023, 4, "problems")}


def test_chunks_are_stored_without_documents(indexed) -> None:  # noqa: ANN001
    # Chroma's full-text index over documents was half of the time of `add`; the text is in the metadata.
    client = open_client(indexed)
    gen = Generation(client, indexed, require_catalog(client, indexed).active)
    got = gen.chunks(Role.problems, create=False).get(limit=3, include=["documents", "metadatas"])
    assert got["ids"] and all(d is None for d in got["documents"])
    assert all(read_metadata(m)["text"] for m in got["metadatas"])
