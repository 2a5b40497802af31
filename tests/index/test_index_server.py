"""The shared-corpus path: a real `chroma run` on 127.0.0.1, ingest and search through HttpClient."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = open(tmp_path / "chroma.log", "wb")  # the server logs every request: keep it out of the test output
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma run did not start: " + (tmp_path / "chroma.log").read_text()[-500:]) from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(chroma_server: str, settings, seed: Path,  # noqa: ANN001
                                                   small_report: Path, tmp_path: Path) -> None:
    from assistant.services.index.ingest import ingest
    from assistant.services.index.records import records_from_index
    from assistant.services.index.search import search

    cache = tmp_path / "cache"
    remote = settings.model_copy(update={"chroma_url": chroma_server, "cache_dir": cache})
    first = ingest([seed], remote)
    assert first.reports_new == 4 and first.chunks_new > 40
    assert not (tmp_path / "chroma").exists()  # nothing local: no store, no lock, no exact files
    again = ingest([seed, small_report], remote)
    assert again.reports_new == 1 and again.chunks_existing == 0 and again.reports_total == 5

    from assistant.services.index.store import Generation, open_client, require_catalog

    client = open_client(remote)
    gen = Generation(client, remote, require_catalog(client, remote).active)
    hnsw = gen.chunks("problems", create=False).configuration["hnsw"]  # the server's graph: the settings'
    assert (hnsw["max_neighbors"], hnsw["ef_construction"]) == (remote.hnsw_max_neighbors,
                                                                remote.hnsw_ef_construction)

    hits = search("党风廉政建设有待进一步增强", remote, role="problems", k=3)
    assert hits[0].text.startswith("三是党风廉政建设有待进一步增强") and {h.role.value for h in hits} == {"problems"}
    # Search on a server is exact too: this machine fetched the role's vectors once, for this catalog revision.
    revision = require_catalog(client, remote).revision
    copies = list(cache.glob("server-exact/*/*/problems.json"))
    assert len(copies) == 1 and json.loads(copies[0].read_text(encoding="utf-8"))["revision"] == revision
    from assistant.services.index.embedding import embed
    from assistant.services.index.exact import from_chroma

    q = embed(["党员教育管理"], remote)[0]
    exact = [cid for cid, _ in from_chroma(gen, "problems").top(q, 3)]
    assert [h.chunk_id for h in search("党员教育管理", remote, role="problems", k=3, mode="vector")] == exact
    # Hybrid on a server: each client derives the keyword index from the server's texts, per catalog revision.
    quoted = search("“理论学习”", remote, k=5)
    assert quoted and all("理论学习" in h.text for h in quoted)
    kw_copies = list(cache.glob("server-keyword/*/*/*.json"))
    assert kw_copies and all(json.loads(p.read_text(encoding="utf-8"))["revision"] == revision for p in kw_copies)
    assert search("党建工作", remote, unit_kind="医院", k=2)[0].unit_kind == "医院"
    assert len(records_from_index(remote)) == 5
    # critique --originality on a server: the shingle index built from the server's chunks once per revision
    from assistant.services.index.shingle_store import load_for

    idx, note = load_for(remote)
    assert idx.size == 5 and "服务器" in note and list(cache.glob("server-originality/*/*.bin"))
    assert load_for(remote)[1] == ""  # this machine's copy, as long as the server does not change

    rebuilt = ingest([small_report], remote, rebuild=True)
    assert rebuilt.reports_total == 1
    assert {h.report_id for h in search("党建", remote, k=10)} == {records_from_index(remote)[0]["id"]}
    assert require_catalog(client, remote).revision != revision  # every change on the server is a new revision
    assert load_for(remote)[0].size == 1 and len(list(cache.glob("server-originality/*/*.bin"))) == 1

    # The CLI takes the server from --chroma-url.
    out = subprocess.run([str(Path(sys.executable).parent / "assistant"), "search", "理论学习", "--json", "-k", "1",
                          "--chroma-url", chroma_server], capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env={**os.environ, "ASSISTANT_CACHE_DIR": str(cache)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["hits"][0]["source"].endswith("hospital.txt")
