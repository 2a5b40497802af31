"""The originality index: copied passages found against sampled shingles; the file per generation kept by ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.services.index import copies, shingle_store, shingles

SOURCE = ("（二）抓实基层组织建设。围绕窗口服务创新推行党员责任区制度，把全所四十二名党员编入九个责任网格，"
          "逐月公开承诺事项和办结情况，群众反映的停电报修平均响应时间由两小时缩短到四十分钟。")
OTHER = "（一）加强理论武装。坚持每周集中学习一次，组织读书班两期，党员撰写心得体会并在支部交流。"


OPENING = "二〇二五年，我认真履行抓基层党建第一责任人职责，现将有关情况报告如下。"
TITLED = "中共青石岭镇委员会党委书记二〇二五年度抓基层党建工作述职报告\n" + OPENING + "\n" + OTHER[::-1]


def _doc(i: int, text: str) -> shingles.Doc:
    return shingles.Doc(id=f"r{i}", key=f"k{i}", title=f"报告{i}", source=f"src/{i}.txt",
                        pieces=[(10, "标题\n" + text)])


@pytest.fixture(scope="module")
def index() -> shingles.ShingleIndex:
    from assistant.services.evals.filler import filler_corpus

    docs = [_doc(0, OTHER), _doc(1, SOURCE), _doc(2, TITLED)] + [
        shingles.Doc(id=f"f{i}", key=f"f{i}", title="填充", source="f", pieces=[(1, t)])
        for i, (_, t) in enumerate(filler_corpus(200))]
    return shingles.build(docs)


def test_a_copied_passage_names_its_source_and_line_verbatim_or_edited(index) -> None:
    own = "2024年，我所党支部围绕优质服务开展工作。"
    verbatim = [own, "我们" + SOURCE[14:]]
    # punctuation changed, a word changed (四十二 → 四十五), the unit named otherwise (全所 → 全站)
    edited = [own, "我们" + SOURCE[14:].replace("，", "、", 1).replace("四十二", "四十五").replace("全所", "全站")]
    for lines in (verbatim, edited):
        found = copies.find(index, copies.Query.of(lines, first_line=5))
        assert len(found) == 1
        p = found[0]
        assert index.reports[p.doc]["id"] == "r1" and p.source_line == 11
        assert p.line == 6 and p.column == 3 and p.chars >= 60


def test_clean_text_and_stock_formulae_are_not_copies(index) -> None:
    clean = ["在上级党委的坚强领导下，我认真履行党建工作第一责任人职责，坚持以习近平新时代中国特色社会主义思想为指导，"
             "全面贯彻党的二十大精神，现将有关情况报告如下。", "今年我们在社区里新建了两处议事亭，请居民自己商量公共事务。"]
    assert copies.find(index, copies.Query.of(clean)) == []
    # excluded: the report itself
    lines = [SOURCE]
    assert copies.find(index, copies.Query.of(lines), exclude={1}) == []


def test_a_title_shared_with_an_indexed_report_is_no_copy(index) -> None:
    # every report of a unit and year is titled alike and opens on stock words: the title and the opening in
    # common run past the shortest passage reported, yet nothing is copied
    title = TITLED.split("\n")[0]
    assert copies.find(index, copies.Query.of([title, OPENING, "今年我们在镇里新建了两处议事亭，请群众自己商量公共事务。"])) == []


def test_the_index_file_round_trips_and_a_damaged_one_is_none(index, tmp_path: Path) -> None:
    path = tmp_path / "g.bin"
    shingles.save(index, path)
    back = shingles.load(path)
    assert back is not None and back.reports == index.reports and (back.hashes == index.hashes).all()
    assert [p.name for p in tmp_path.iterdir()] == ["g.bin"]  # no temp file left
    path.write_bytes(path.read_bytes()[:-100])
    assert shingles.load(path) is None
    path.write_bytes(b"not an index")
    assert shingles.load(path) is None


def test_ingest_keeps_one_index_per_generation(settings, seed: Path, small_report: Path) -> None:
    from assistant.services.index.ingest import ingest

    ingest([seed], settings)
    idx, note = shingle_store.load_for(settings)
    first = idx.meta["generation"]
    assert idx.size == 4 and note == ""
    ingest([small_report], settings)  # incremental: the same generation, one more report
    idx, _ = shingle_store.load_for(settings)
    assert idx.size == 5 and idx.meta["generation"] == first
    ingest([seed, small_report], settings, rebuild=True)  # a new generation; the old one's file is gone
    idx, _ = shingle_store.load_for(settings)
    assert idx.size == 5 and idx.meta["generation"] != first
    assert not shingle_store.index_path(settings, first).exists()
    # an index built before the file existed (or a lost file): rebuilt from the stored chunks on first use
    shutil.rmtree(settings.chroma_path / "originality")
    idx, note = shingle_store.load_for(settings)
    assert idx.size == 5 and "重建" in note
    assert shingle_store.load_for(settings)[1] == ""  # and kept


def test_no_index_is_one_chinese_line(settings) -> None:
    with pytest.raises(shingle_store.OriginalityUnavailable, match="^查重未运行"):
        shingle_store.load_for(settings)
