"""A store that cannot be used: chroma_path a file or unwritable, a database that is not one, a damaged catalog,
a catalog naming a generation that is gone, damaged exact-index files. Each is one line (exit 2), never a
traceback, and `ingest --rebuild` repairs what it can."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.services.index.exact import load_role
from assistant.services.index.ingest import ingest
from assistant.services.index.search import search
from assistant.services.index.store import DamagedIndexError, StoreError, open_client, require_catalog

ASSISTANT = str(Path(sys.executable).parent / "assistant")


def run(*args: str, cwd: Path, store: Path | str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    e.update(ASSISTANT_CONFIG_DIR=str(cwd / "config"), ASSISTANT_CHROMA_PATH=str(store))
    return subprocess.run([ASSISTANT, *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=120)


def one_line(r: subprocess.CompletedProcess, code: int = 2) -> str:
    assert r.returncode == code, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


@pytest.mark.slow
def test_chroma_path_that_is_a_file_or_cannot_be_made(tmp_path: Path, seed: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for args in (["ingest", str(seed)], ["search", "党建"]):
        assert "是文件，不是文件夹" in one_line(run(*args, cwd=tmp_path, store=tmp_path / "afile"))
    # A folder that cannot be created (a path through a file): before, a FileExistsError/NotADirectoryError traceback.
    line = one_line(run("ingest", str(seed), cwd=tmp_path, store=tmp_path / "afile" / "chroma"))
    assert "无法创建索引文件夹" in line and "路径中有一段不是文件夹" in line


@pytest.mark.slow
def test_a_store_whose_database_is_garbage(tmp_path: Path, seed: Path) -> None:
    store = tmp_path / "garbage"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(os.urandom(50_000))
    for args in (["ingest", str(seed)], ["search", "党建"], ["corpus", "list"]):
        line = one_line(run(*args, cwd=tmp_path, store=store))
        assert "无法打开" in line and "已损坏" in line and str(store) in line


def _catalog_edit(settings, sql: str) -> None:  # noqa: ANN001
    import chromadb

    from assistant.services.index import store

    store._CLIENTS.clear()
    chromadb.api.client.SharedSystemClient.clear_system_cache()
    with sqlite3.connect(Path(settings.chroma_path) / "chroma.sqlite3") as db:
        db.execute(sql)


@pytest.mark.parametrize("sql", [
    "DELETE FROM collection_metadata WHERE key = 'active'",
    "UPDATE collection_metadata SET str_value = '{bad' WHERE key = 'embedding_config'",
    "UPDATE collection_metadata SET str_value = 'reports.gGONE' WHERE key = 'active'",
])
def test_a_damaged_catalog_is_named_and_rebuild_repairs_it(settings, seed: Path, sql: str) -> None:  # noqa: ANN001
    ingest([seed], settings)
    _catalog_edit(settings, sql)
    # Before: KeyError / JSONDecodeError tracebacks, or (a generation that is gone) an empty index in silence.
    with pytest.raises(DamagedIndexError, match="ingest --rebuild"):
        search("党建", settings)
    with pytest.raises(DamagedIndexError):
        ingest([seed], settings)
    s = ingest([seed], settings, rebuild=True)
    assert s.reports_total == 4 and len(search("党风廉政建设", settings, k=3)) == 3
    require_catalog(open_client(settings), settings)


@pytest.mark.parametrize("meta", ["[]", '{"ids": 5, "kinds": []}', "null"])
def test_damaged_exact_index_files_fall_back_and_are_rewritten(settings, seed: Path, meta: str) -> None:  # noqa: ANN001
    ingest([seed], settings)
    files = list((Path(settings.chroma_path) / "exact").rglob("*.json"))
    assert files
    for f in files:
        f.write_text(meta, encoding="utf-8")
    assert len(search("党风廉政建设", settings, k=3)) == 3  # before: TypeError
    ingest([seed], settings)  # an ingest repairs those of every role that has chunks
    cat = require_catalog(open_client(settings), settings)
    assert all(load_role(settings, cat.active, role, n) is not None for role, n in cat.counts.items() if n)


def test_store_error_is_what_callers_catch(tmp_path: Path) -> None:
    from assistant.settings import Settings

    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="是文件，不是文件夹"):
        open_client(Settings(chroma_path=tmp_path / "f"), create=False)
