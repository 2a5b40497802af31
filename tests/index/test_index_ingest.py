"""Ingest: idempotent, rebuild swaps only when complete, changed reports replace their chunks, locks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import chromadb
import pytest

from assistant.services.index.generations import generations
from assistant.services.index.ingest import ingest
from assistant.services.index.search import search
from assistant.services.index.store import open_client, read_catalog


def _collections(settings) -> set[str]:  # noqa: ANN001
    return {c.name for c in open_client(settings).list_collections()}


def test_ingest_twice_adds_nothing(settings, seed: Path) -> None:  # noqa: ANN001
    first = ingest([seed], settings)
    assert first.reports_new == 4 and first.chunks_new == first.chunks_total > 40
    assert first.parts["achievements"] == 4 and first.parts["title"] == 4
    second = ingest([seed], settings)
    assert second.reports_new == 0 and second.chunks_new == 0
    assert second.chunks_total == first.chunks_total and second.reports_total == 4


def test_adding_a_file_extends_the_index(settings, seed: Path, small_report: Path) -> None:  # noqa: ANN001
    a = ingest([seed], settings)
    b = ingest([seed, small_report.parent], settings)
    assert b.reports_new == 1 and b.reports_total == 5
    assert b.chunks_total == a.chunks_total + b.chunks_new
    hits = search("理论学习不够深入", settings, role="problems", k=1)
    assert hits[0].source.endswith("hospital.txt") and hits[0].unit_kind == "医院"


def test_changed_report_replaces_its_chunks(settings, small_report: Path) -> None:  # noqa: ANN001
    first = ingest([small_report], settings)
    text = small_report.read_text(encoding="utf-8").replace("发展党员2名", "发展党员5名")
    small_report.write_text(text, encoding="utf-8")
    second = ingest([small_report], settings)
    assert second.reports_changed == 1 and second.reports_new == 0
    assert second.chunks_total == first.chunks_total  # old chunks gone, new ones in
    hits = search("夯实组织基础 发展党员", settings, role="achievements", k=3)
    texts = " ".join(h.text for h in hits)
    assert "发展党员5名" in texts and "发展党员2名" not in texts


def test_rebuild_replaces_the_index_and_drops_the_old_one(settings, seed: Path, small_report: Path) -> None:  # noqa: ANN001
    ingest([seed], settings)
    client = open_client(settings)
    old = read_catalog(client, settings)
    s = ingest([small_report], settings, rebuild=True)
    assert s.rebuilt and s.reports_total == 1
    new = read_catalog(open_client(settings), settings)
    assert new.active != old.active
    assert generations(open_client(settings), settings) == {new.active}
    assert not (settings.chroma_path / "exact" / old.active).exists()
    assert {h.report_id for h in search("党建", settings, k=20)} == {s_id for s_id in [new_id(settings)]}


def new_id(settings) -> str:  # noqa: ANN001
    from assistant.services.index.records import records_from_index

    [rec] = records_from_index(settings)
    return rec["id"]


def test_interrupted_rebuild_keeps_the_old_index(settings, seed: Path, small_report: Path) -> None:  # noqa: ANN001
    ingest([seed], settings)
    before = read_catalog(open_client(settings), settings)

    def interrupt(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([seed, small_report], settings, rebuild=True, progress=interrupt)
    after = read_catalog(open_client(settings), settings)
    assert after == before
    assert generations(open_client(settings), settings) == {before.active}  # the half build is gone
    assert len(search("党风廉政建设", settings, k=5)) == 5


def test_failed_rebuild_keeps_the_old_index(settings, seed: Path) -> None:  # noqa: ANN001
    import socket

    from assistant.services.index.embedding import EmbeddingError

    ingest([seed], settings)
    before = read_catalog(open_client(settings), settings)
    with socket.socket() as sock:  # a port nobody listens on: the embeddings endpoint is down
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = settings.model_copy(update={"embedding": "api", "embedding_base_url": f"http://127.0.0.1:{port}/v1",
                                      "embedding_api_key": "sk-test", "retries": 0, "timeout": 5})
    with pytest.raises(EmbeddingError, match="连不上向量化接口"):
        ingest([seed], api, rebuild=True)
    assert read_catalog(open_client(settings), settings) == before
    assert generations(open_client(settings), settings) == {before.active}
    assert search("党风廉政建设", settings, k=1)


def test_bad_files_are_reported_and_the_rest_ingested(settings, seed: Path, tmp_path: Path) -> None:  # noqa: ANN001
    d = tmp_path / "mixed"
    d.mkdir()
    shutil.copy(seed, d / "seed.txt")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (d / "notes.pdf").write_bytes(b"%PDF-1.4")
    (d / "huge.txt").write_text(seed.read_text(encoding="utf-8") * 4, encoding="utf-8")  # 143 KB
    s = ingest([d], settings.model_copy(update={"max_file_mb": 0.1}))
    reasons = sorted(f.reason for f in s.failures)
    assert len(reasons) == 4
    assert any("huge.txt：文件太大（0.143 MB；上限 max_file_mb 为 0.1 MB）" in r for r in reasons)
    assert any("empty.txt" in r and "空文件" in r for r in reasons)
    assert any("blob.txt" in r and "二进制文件" in r for r in reasons)
    assert any("notes.pdf" in r and "不支持" in r for r in reasons)
    assert s.reports_new == 4


def test_nothing_readable_creates_no_index(settings, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "e.txt").write_text("", encoding="utf-8")
    s = ingest([tmp_path / "e.txt"], settings)
    assert s.failures and s.reports_total == 0
    assert read_catalog(open_client(settings), settings) is None


@pytest.mark.slow
def test_two_ingests_at_once_do_not_corrupt_the_store(tmp_path: Path, seed: Path, small_report: Path) -> None:
    store = tmp_path / "shared"
    env_py = Path(sys.executable).parent / "assistant"
    cmds = [[str(env_py), "ingest", str(p), "--json"] for p in (seed, small_report)]
    env = {"ASSISTANT_CHROMA_PATH": str(store), "ASSISTANT_CONFIG_DIR": str(tmp_path / "cfg"), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for c in cmds]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    from assistant.settings import Settings

    s = Settings(chroma_path=store)
    cat = read_catalog(open_client(s), s)
    assert cat.reports == 5
    # The collections hold exactly what the catalog says, and both reports are searchable.
    client = chromadb.PersistentClient(str(store))
    total = sum(client.get_collection(f"{cat.active}.{r}").count() for r in cat.counts if cat.counts[r])
    assert total == cat.chunks
    assert search("理论学习不够深入", s, role="problems", k=1)[0].source.endswith("hospital.txt")
    assert search("党风廉政建设有待进一步增强", s, role="problems", k=1)[0].title.endswith("（集团公司）")


def test_worker_process_path_gives_the_same_index(settings, seed: Path, small_report: Path,  # noqa: ANN001
                                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from assistant.services.index import prepare

    inline = ingest([seed, small_report], settings)
    monkeypatch.setattr(prepare, "WORKER_MIN_BYTES", 0)  # large-input path on small input
    other = settings.model_copy(update={"chroma_path": tmp_path / "chroma2"})
    pooled = ingest([seed, small_report], other)
    assert (pooled.reports_new, pooled.chunks_new, pooled.parts) == (inline.reports_new, inline.chunks_new,
                                                                    inline.parts)
    a = [h.chunk_id for h in search("三会一课 第一议题", settings, k=8)]
    b = [h.chunk_id for h in search("三会一课 第一议题", other, k=8)]
    assert a == b


def test_docx_is_ingested_like_text(settings, small_report: Path, tmp_path: Path) -> None:  # noqa: ANN001
    import docx

    d = docx.Document()
    for line in small_report.read_text(encoding="utf-8").splitlines():
        d.add_paragraph(line)
    path = tmp_path / "hospital.docx"
    d.save(str(path))
    s = ingest([path], settings)
    assert s.reports_new == 1 and s.parts.get("rectification") == 1
    [hit] = search("上年度述职评议反馈的问题整改", settings, role="rectification", k=1)
    assert hit.source.endswith("hospital.docx") and "销号" in hit.text


def test_interrupted_first_ingest_leaves_no_index(settings, seed: Path) -> None:  # noqa: ANN001
    def interrupt(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([seed], settings, progress=interrupt)
    client = open_client(settings)
    assert read_catalog(client, settings) is None and generations(client, settings) == set()
    assert not list((settings.chroma_path / "exact").glob("*/*.npy"))


@pytest.mark.slow
def test_a_second_ingest_waits_for_the_lock(tmp_path: Path, seed: Path) -> None:
    import time

    from filelock import FileLock

    store = tmp_path / "store"
    store.mkdir()
    env = {"ASSISTANT_CHROMA_PATH": str(store), "ASSISTANT_CONFIG_DIR": str(tmp_path / "cfg"), "PATH": "/usr/bin:/bin"}
    with FileLock(str(store / ".reports.write.lock")):  # as if another ingest were writing
        proc = subprocess.Popen([str(Path(sys.executable).parent / "assistant"), "ingest", str(seed)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        time.sleep(2)
        assert proc.poll() is None  # still waiting
        assert not (store / "chroma.sqlite3").exists()  # and has not touched the store
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and "等它完成" in err and "报告 4 篇（新增 4 篇" in out


def _village(body: str) -> str:
    return (f"村党支部书记2024年抓基层党建工作述职报告\n2024年，在镇党委领导下，我认真履职，现将情况报告如下：\n"
            f"一、主要工作\n一是{body}\n二、存在问题\n一是服务群众不够精准。\n三、下一步打算\n一是优化服务。\n")


def test_same_file_name_and_title_in_two_folders_are_two_reports(settings, tmp_path: Path) -> None:  # noqa: ANN001
    # Two units' folders each hold a 述职报告.txt with the same generic title: the parser gives both one id.
    a, b = tmp_path / "units" / "a" / "述职报告.txt", tmp_path / "units" / "b" / "述职报告.txt"
    for p, body in ((a, "修建文化广场一处。"), (b, "硬化村道5公里。")):
        p.parent.mkdir(parents=True)
        p.write_text(_village(body), encoding="utf-8")
    first = ingest([tmp_path / "units"], settings)
    assert (first.reports_new, first.reports_total) == (2, 2)
    again = ingest([b, a], settings)  # in another order, and b alone below: nothing replaced, nothing added
    assert (again.reports_new, again.reports_changed, again.chunks_new, again.reports_total) == (0, 0, 0, 2)
    assert ingest([b], settings).reports_total == 2
    ids = {h.report_id for h in search("主要工作", settings, role="achievements", k=5)}
    assert len(ids) == 2
    # Editing one replaces that one only.
    b.write_text(_village("硬化村道8公里。"), encoding="utf-8")
    edited = ingest([tmp_path / "units"], settings)
    assert (edited.reports_changed, edited.reports_new, edited.reports_total) == (1, 0, 2)
    texts = " ".join(h.text for h in search("主要工作", settings, role="achievements", k=5))
    assert "文化广场" in texts and "8公里" in texts and "5公里" not in texts


def test_the_same_text_in_a_second_file_is_not_indexed_twice(settings, seed: Path, tmp_path: Path) -> None:  # noqa: ANN001
    ingest([seed], settings)
    copy = tmp_path / "backup" / "seed-copy.txt"
    copy.parent.mkdir()
    shutil.copy(seed, copy)
    s = ingest([copy, seed], settings)
    assert (s.reports_seen, s.reports_new, s.chunks_new, s.reports_total) == (8, 0, 0, 4)


def test_a_report_no_longer_in_its_file_leaves_the_index(settings, small_report: Path) -> None:  # noqa: ANN001
    ingest([small_report], settings)
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("党支部书记2024年", "党总支书记2024年", 1), encoding="utf-8")
    s = ingest([small_report], settings)  # a new title is a new report id: the old version must go
    assert (s.reports_new, s.reports_removed, s.reports_total) == (1, 1, 1)
    titles = {h.title for h in search("理论学习不够深入", settings, k=10)}
    assert titles == {"党总支书记2024年抓基层党建工作述职报告（医院）"}
    small_report.write_bytes(b"")  # an unreadable file says nothing about its reports: they stay
    s = ingest([small_report], settings)
    assert s.failures and (s.reports_removed, s.reports_total) == (0, 1)


def test_text_without_any_report_part_is_not_indexed(settings, small_report: Path, tmp_path: Path) -> None:  # noqa: ANN001
    note = tmp_path / "docs" / "readme.txt"
    note.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    s = ingest([small_report.parent], settings)
    assert [f.reason for f in s.failures] == [f"{note}：文中没有找到报告（没有标题，也没有可辨认的部分）"]
    assert s.reports_total == 1 and "unknown" not in s.parts
    assert all(h.role.value != "unknown" for h in search("公园散步", settings, k=20))


def test_index_id_keeps_another_files_report(tmp_path: Path) -> None:
    from assistant.services.index.prepare import index_id

    here = tmp_path / "a.txt"
    here.write_text("x", encoding="utf-8")
    gone = str(tmp_path / "moved-away.txt")
    taken = {"r1": ("k1", str(here))}
    assert index_id("r1", "k1", "/elsewhere/a.txt", taken) == "r1"  # the same text: the same report
    assert index_id("r1", "k2", str(here), taken) == "r1"  # the same file, edited
    other = index_id("r1", "k2", "/elsewhere/a.txt", taken)  # another file that still exists: a second report
    assert other.startswith("r1-") and other == index_id("r1", "k2", "/elsewhere/a.txt", taken)
    # A file that is gone was moved (and edited) locally; on a shared server the path may be another member's.
    assert index_id("r1", "k2", "/new/a.txt", {"r1": ("k1", gone)}) == "r1"
    assert index_id("r1", "k2", "/new/a.txt", {"r1": ("k1", gone)}, local=False).startswith("r1-")
