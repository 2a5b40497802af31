"""`assistant critique` as a user runs it: formats, exit codes, stdin, docx, bad input (one line, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from critique_helpers import DATA, SEED, cli


def test_json_is_the_stable_interface() -> None:
    p = cli(str(SEED), "--format", "json", "--no-llm")
    assert p.returncode == 1, p.stderr  # the seed has errors
    data = json.loads(p.stdout)
    assert {"parts", "findings", "score"} <= set(data)
    assert set(data["score"]) == {"structure", "errors", "warnings"}
    assert 0 <= data["score"]["structure"] <= 100
    for part in data["parts"]:
        assert {"role", "start_line", "end_line"} <= set(part)
    keys = {"check", "severity", "part", "line", "column", "evidence", "message", "suggestion"}
    assert data["findings"] and all(keys <= set(f) for f in data["findings"])
    assert {f["severity"] for f in data["findings"]} <= {"error", "warning", "info"}
    assert data["score"]["errors"] == sum(f["severity"] == "error" for f in data["findings"])


def test_text_groups_per_report_and_shows_copied_letters_once() -> None:
    p = cli(str(SEED), "--no-llm")
    assert p.returncode == 1
    assert p.stdout.count("结构分") == 5  # four reports and the total
    assert p.stdout.count("letter-d") == 4  # one summary per report, not one line per line
    assert "共19行（第8、10、11" in p.stdout


@pytest.mark.slow
def test_clean_draft_exits_zero_and_text_is_grouped(tmp_path: Path) -> None:
    p = cli(str(DATA / "clean_2024.txt"), "--no-llm")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "错误 0" in p.stdout and "\x1b[" not in p.stdout  # no colours when not on a terminal
    draft = tmp_path / "draft.md"
    text = (DATA / "clean_2024.txt").read_text(encoding="utf-8").replace("做到“两个维护”", "做到“两个维护”,")
    draft.write_text(text, encoding="utf-8")
    p = cli(str(draft), "--no-llm", "--color")
    assert p.returncode == 0  # a warning is not an error
    assert "【主要工作及成效（第4–7行）】" in p.stdout and "halfwidth-punct" in p.stdout
    assert "\x1b[" in p.stdout
    md = cli(str(draft), "--no-llm", "--format", "md")
    assert md.returncode == 0 and md.stdout.startswith("# ") and "`halfwidth-punct` 第5行" in md.stdout


def test_stdin_and_gbk_and_year(tmp_path: Path) -> None:
    text = (DATA / "clean_2024.txt").read_text(encoding="utf-8")
    p = cli("-", "--format", "json", "--no-llm", stdin=text.encode("gb18030"))
    assert p.returncode == 0 and json.loads(p.stdout)["findings"] == []
    p = cli("-", "--format", "json", "--no-llm", "--year", "2022", stdin=text.encode("utf-8"))
    checks = {f["check"] for f in json.loads(p.stdout)["findings"]}
    assert p.returncode == 1 and "dated-expression" in checks


def test_docx(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d.add_paragraph(line.replace("全年主持支部集中学习24次", "全年主持支部集中学习xx次"))
    path = tmp_path / "draft.docx"
    d.save(str(path))
    p = cli(str(path), "--format", "json", "--no-llm")
    data = json.loads(p.stdout)
    found = [f for f in data["findings"] if f["check"] == "placeholder"]
    assert p.returncode == 1 and [f["line"] for f in found] == [4]  # paragraph 4 of the docx


@pytest.mark.parametrize(("make", "args", "words"), [
    (None, ["missing.txt"], "没有这个文件"),
    (lambda p: p.write_bytes(b""), ["{f}"], "空文件"),
    (lambda p: p.write_bytes(bytes(range(256)) * 4), ["{f}"], "二进制文件"),
    (lambda p: p.with_suffix(".docx").write_bytes(b"PK\x03\x04 not a zip"), ["{d}"], ".docx"),
    (lambda p: p.with_suffix(".doc").write_bytes(b"\xd0\xcf\x11\xe0"), ["{c}"], ".doc"),
    (lambda p: p.write_bytes(("党建".encode() + b"\x81\x20") * 50), ["{f}"], "编码"),
    (lambda p: p.write_text("本报讯 昨日，市气象台发布今冬天气趋势预测。\n市民出行请注意防寒保暖。\n",
                            encoding="utf-8"), ["{f}"], "述职报告"),
    (None, [str(SEED), "--format", "xml"], "--format"),
    (None, [str(SEED), "--rubric", "nope.yaml"], "没有这个评分细则文件"),
    (None, [str(SEED), "--year", "23"], "--year"),
    (None, [str(SEED), "--year", "abc"], "--year"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, make, args: list[str], words: str) -> None:  # noqa: ANN001
    f = tmp_path / "draft.txt"
    if make:
        make(f)
    args = [a.format(f=f, d=f.with_suffix(".docx"), c=f.with_suffix(".doc")) for a in args]
    p = cli(*args, "--no-llm", cwd=tmp_path)
    assert p.returncode == 2, (p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr and words in lines[0], p.stderr


def test_bad_rubric_file(tmp_path: Path) -> None:
    bad = tmp_path / "rubric.yaml"
    bad.write_text("name: x\nparts: [{role: nonsense, heading: 无}]\n", encoding="utf-8")
    p = cli(str(SEED), "--rubric", str(bad), "--no-llm")
    assert p.returncode == 2 and "评分细则有误" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_llm_asked_for_without_an_api(tmp_path: Path) -> None:
    p = cli(str(DATA / "clean_2024.txt"), "--llm", "--format", "json", cwd=tmp_path)
    assert p.returncode == 0 and json.loads(p.stdout)["findings"] == []
    assert "没有配置 API" in p.stderr and len(p.stderr.strip().splitlines()) == 1
