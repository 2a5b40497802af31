"""The commands as a user runs them: real processes, output on stdout, one-line errors on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ASSISTANT = str(Path(sys.executable).parent / "assistant")


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    e = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    e["ASSISTANT_HOME"] = str(cwd)  # the index under cwd/.assistant
    e["ASSISTANT_CONFIG_DIR"] = str(cwd / "config")
    e.update(env or {})
    return subprocess.run([ASSISTANT, *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=120)


def invoke(*args: str) -> str:
    """In-process run for the happy paths (fast); error paths below use real processes."""
    from typer.testing import CliRunner

    from assistant.cli import app

    r = CliRunner().invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout


def test_ingest_search_list_show(tmp_path: Path, seed: Path, small_report: Path) -> None:
    r = run("ingest", str(seed), str(small_report.parent), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "报告 5 篇（新增 5 篇，改动 0 篇）" in r.stdout and "各部分片段数：title 5" in r.stdout
    assert (tmp_path / ".assistant" / "chroma").is_dir()  # the store is in $ASSISTANT_HOME/.assistant
    again = invoke("ingest", str(seed))
    assert again.startswith("没有新内容：读到的 4 篇报告")

    hits = json.loads(invoke("search", "理论学习不够深入", "--role", "problems", "-k", "2", "--json"))
    assert len(hits["hits"]) == 2 and hits["hits"][0]["role"] == "problems"
    assert hits["hits"][0]["source"].endswith("hospital.txt")
    text = invoke("search", "三会一课", "-k", "1")
    assert text.startswith("1. ") and "三会一课" in text
    # A unit kind no report has: no hits, and the kinds the index has, so a typo is seen as one.
    from typer.testing import CliRunner

    from assistant.cli import app

    r = CliRunner().invoke(app, ["search", "党建", "--unit-kind", "企业"])
    assert r.exit_code == 0 and r.stdout.strip() == "没有找到匹配的片段"
    assert "索引中没有单位类型为“企业”的报告；索引中有：" in r.stderr and "医院" in r.stderr

    listed = invoke("corpus", "list")
    assert listed.strip().endswith("共 5 篇报告") and "（医院）" in listed

    shown = json.loads(invoke("corpus", "show", "--all", "--json"))
    assert len(shown["reports"]) == 5
    hosp = next(r for r in shown["reports"] if r["source"].endswith("hospital.txt"))
    assert set(hosp) >= {"id", "title", "year", "source", "sections"}
    assert hosp["sections"][2] == {"role": "achievements", "heading": "一、主要工作及成效", "numbering": "（一）",
                                   "start_line": 4, "end_line": 7, "items": 3}
    one = json.loads(invoke("corpus", "show", hosp["id"][:6], "--json"))
    assert [r["id"] for r in one["reports"]] == [hosp["id"]]


def test_show_file_without_an_index(tmp_path: Path, seed: Path) -> None:
    r = run("corpus", "show", "--file", str(seed), "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    reports = json.loads(r.stdout)["reports"]
    assert [(x["sections"][0]["start_line"], x["year"]) for x in reports] == [(8, 2023), (43, 2023), (68, 2023),
                                                                              (103, 2023)]
    assert not (tmp_path / ".assistant").exists()  # nothing was indexed


@pytest.mark.parametrize("args,needle,code", [
    (["search", "党建"], "中还没有索引", 2),
    (["corpus", "list"], "中还没有索引", 2),
    (["corpus", "show"], "三者要给且只给一个", 2),
    (["corpus", "show", "--file", "missing.txt"], "missing.txt：没有这个文件", 2),
    (["corpus", "show", "--file", "noise.txt"], "noise.txt：文中没有找到报告", 2),
    (["search", "党建", "--chroma-url", "http://127.0.0.1:9"], "启动一个：chroma run --path 目录 --host 127.0.0.1 --port 9", 2),
])
def test_errors_are_one_line(tmp_path: Path, args: list[str], needle: str, code: int) -> None:
    (tmp_path / "noise.txt").write_text("【某某素材库】每日更新\n##paidend##\n", encoding="utf-8")
    r = run(*args, cwd=tmp_path)
    assert not (tmp_path / ".assistant").exists()  # reading never creates a store
    assert r.returncode == code
    assert needle in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


@pytest.mark.slow
def test_bad_files_named_on_stderr_and_exit_code(tmp_path: Path, seed: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    r = run("ingest", str(seed), "empty.md", "old.doc", cwd=tmp_path)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and "empty.md：空文件" in lines[0] and "old.doc" in lines[1]
    assert "报告 4 篇（新增 4 篇" in r.stdout
    only_bad = run("ingest", "--rebuild", "empty.md", cwd=tmp_path)
    assert only_bad.returncode == 1 and only_bad.stdout.startswith("没有读到报告：索引未改动")
    assert "共 4 篇报告" in run("corpus", "list", cwd=tmp_path).stdout


@pytest.mark.slow
def test_mismatched_embedding_is_refused(tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("ingest", str(seed), cwd=tmp_path).returncode == 0
    r = run("search", "党建", cwd=tmp_path, env={"ASSISTANT_EMBEDDING_DIM": "1024"})
    assert r.returncode == 2 and "assistant ingest --rebuild" in r.stderr and "Traceback" not in r.stderr
    rebuilt = run("ingest", "--rebuild", str(seed), cwd=tmp_path, env={"ASSISTANT_EMBEDDING_DIM": "1024"})
    assert rebuilt.returncode == 0 and "重建索引" in rebuilt.stdout
    monkeypatch.setenv("ASSISTANT_EMBEDDING_DIM", "1024")
    assert json.loads(invoke("search", "党建", "--json", "-k", "2"))["hits"]


def test_help_and_show_file_do_not_load_heavy_modules(seed: Path) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from assistant.cli import app\n"
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0\n"
        f"r = CliRunner().invoke(app, ['corpus', 'show', '--file', {str(seed)!r}, '--json']); assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in ('chromadb', 'openai', 'langchain_text_splitters', 'docx', 'onnxruntime')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_show_file_names_a_part_stated_inside_another(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("县卫健局党组书记2024年抓基层党建工作述职报告\n\n今年以来，在县委的坚强领导下，我认真履职，现将有关情况报告如下。\n"
                 "一、履职情况\n1.抓思想引领。全年学习12次。\n2.抓组织建设。完成5个支部换届。对上年度述职评议反馈的3个问题，已全部整改销号。\n"
                 "二、存在问题\n1.理论学习不够深入。\n三、下一步打算\n（一）强化理论武装。\n", encoding="utf-8")
    out = invoke("corpus", "show", "--file", str(p))
    assert "（rectification 写在另一部分里，第6行：对上年度述职评议反馈的3个问题" in out
