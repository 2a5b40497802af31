"""`assistant critique FILE --fix`: only the fixes that cannot change meaning, on a copy, in .txt, .md and .docx.

The report is the clean 2024 report with one defect of each fixable kind (a half-width comma, the letters D and
XJP, a wrong count in a fixed formulation, a skipped number) and one that no fix may touch (a placeholder). Fixed,
it must read exactly as the report without those defects, the placeholder still there and still reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from critique_helpers import DATA, cli
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.common import UserError
from assistant.domain.rubric import Rubric
from assistant.services.critique import critique_file
from assistant.services.critique.fix import fix_file

# (line, right text, defect): the defects the fix must undo, and the one it must leave
FIXABLE = [
    (5, "深入学习习近平总书记重要讲话", "深入学习XJP总书记重要讲话"),
    (6, "谈心谈话制度，全年召开", "谈心谈话制度,全年召开"),
    (7, "（三）抓作风建设", "（四）抓作风建设"),
    (7, "“一岗双责”", "“一岗两责”"),
    (7, "签订党风廉政", "签订D风廉政"),
]
KINDS = {"halfwidth-punct": 6, "letter-d": 5, "numbering": 7, "formulation": 7}
UNFIXABLE = (5, "集中学习24次", "集中学习xx次")


def _lines() -> tuple[list[str], list[str]]:
    """(the report as it should be, with its placeholder; the same report with the fixable defects too)."""
    good = (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines()
    good[4] = good[4].replace("深入学习党的二十届三中全会精神", FIXABLE[0][1])
    n, right, wrong = UNFIXABLE
    good[n - 1] = good[n - 1].replace(right, wrong)
    bad = list(good)
    for n, right, wrong in FIXABLE:
        assert right in bad[n - 1]
        bad[n - 1] = bad[n - 1].replace(right, wrong, 1)
    return good, bad


def _write(path: Path, lines: list[str]) -> Path:
    if path.suffix == ".docx":
        import docx  # python-docx, only for the .docx case

        d = docx.Document()
        for line in lines:
            p = d.add_paragraph()
            _runs(p, line)
        d.save(str(path))
    elif path.suffix == ".md":  # Markdown headings: the fix must place its edits past the ## too
        path.write_text("\n".join(f"## {ln}" if ln[1:2] == "、" else ln for ln in lines) + "\n", encoding="utf-8")
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _runs(p: object, line: str) -> None:
    """Line 5's XJP split across two differently formatted runs; line 7's formulation inside a bold run."""
    from docx.shared import Pt

    cut = line.find("XJP") + 1 if "XJP" in line else line.find("两责") if "两责" in line else -1
    if cut < 0:
        p.add_run(line)  # type: ignore[attr-defined]
        return
    a = p.add_run(line[:cut])  # type: ignore[attr-defined]
    a.bold, a.font.size = True, Pt(16)
    b = p.add_run(line[cut:])  # type: ignore[attr-defined]
    b.italic, b.font.size = True, Pt(12)


def _read(path: Path) -> list[str]:
    if path.suffix == ".docx":
        import docx

        return [p.text for p in docx.Document(str(path)).paragraphs]
    return [ln[3:] if ln.startswith("## ") else ln for ln in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(params=[".txt", ".md", ".docx"])
def draft(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return _write(tmp_path / f"述职报告{request.param}", _lines()[1])


def test_fix_undoes_each_fixable_defect_and_nothing_else(draft: Path, rubric: Rubric) -> None:
    before = draft.read_bytes()
    found = {f.check for f in critique_file(draft, rubric=rubric).findings}
    assert found == set(KINDS) | {"placeholder"}  # the planted defects are all reported before
    report = fix_file(draft, rubric=rubric)
    out = Path(report.output)
    assert out == draft.with_name("述职报告_修订" + draft.suffix) and draft.read_bytes() == before
    good, _ = _lines()
    assert _read(out) == good  # line by line: only the fixed characters differ from the input
    assert [f.check for f in report.remaining.findings] == ["placeholder"]
    assert UNFIXABLE[2] in _read(out)[UNFIXABLE[0] - 1]
    # the diff: one entry per change, on its line, with the text before and after
    assert sorted((c.line, c.check) for c in report.changes) == sorted(
        [(5, "letter-d"), (6, "halfwidth-punct"), (7, "numbering"), (7, "formulation"), (7, "letter-d")])
    for c in report.changes:
        assert c.before != c.after and c.before in _lines()[1][c.line - 1] and c.after in good[c.line - 1]
    again = fix_file(out, rubric=rubric)  # idempotent: the fixed file has nothing left to fix
    assert again.changes == [] and _read(Path(again.output)) == good


def test_docx_runs_keep_their_formatting(tmp_path: Path, rubric: Rubric) -> None:
    import docx
    from docx.shared import Pt

    draft = _write(tmp_path / "d.docx", _lines()[1])
    out = Path(fix_file(draft, tmp_path / "out.docx", rubric=rubric).output)
    paras = docx.Document(str(out)).paragraphs
    # XJP was split X | JP: each run keeps its own characters' replacement and its own bold, italic and size
    a, b = paras[4].runs
    assert a.text.endswith("深入学习习") and b.text.startswith("近平总书记")
    assert (a.bold, a.italic, a.font.size) == (True, None, Pt(16))
    assert (b.bold, b.italic, b.font.size) == (None, True, Pt(12))
    a, b = paras[6].runs
    assert a.text.startswith("（三）") and a.text.endswith("一岗") and a.bold and a.font.size == Pt(16)
    assert b.text.startswith("双责”") and "签订党风廉政" in b.text and b.italic and b.font.size == Pt(12)


@pytest.mark.parametrize(("line", "fixed"), [
    ("我们坚持开展主体党日活动。", "我们坚持开展主题党日活动。"),  # a whole formulation one character off
    ("选优配强村级“双带领人”。", "选优配强村级“双带头人”。"),  # a fixed term one character off
    ('组织开展"不忘初心"专题学习。', "组织开展“不忘初心”专题学习。"),  # straight quotes that pair up
    ('组织开展"不忘初心专题学习。', None),  # one straight quote: opening or closing is not certain
    ("引导党员坚定“四个意识”。", None),  # a changed verb: which one was meant is not certain
])
def test_what_counts_as_safe(tmp_path: Path, rubric: Rubric, line: str, fixed: str | None) -> None:
    good, _ = _lines()
    lines = list(good)
    lines[5] = lines[5].replace("全年召开", line + "全年召开")
    report = fix_file(_write(tmp_path / "d.txt", lines), rubric=rubric)
    expect = list(lines)
    if fixed is not None:
        expect[5] = lines[5].replace(line, fixed)
    assert _read(Path(report.output)) == expect
    assert bool(report.changes) == (fixed is not None)


@pytest.mark.parametrize(("markers", "fixed"), [
    (["一是", "一是", "二是"], ["一是", "二是", "三是"]),  # a repeat: the list renumbered from its first
    (["一是", "三是", "二是"], None),  # goes backwards: what was meant is not certain
])
def test_numbering_renumbers_a_list_that_skips_or_repeats(tmp_path: Path, rubric: Rubric, markers: list[str],
                                                          fixed: list[str] | None) -> None:
    good, _ = _lines()
    lines = list(good)
    for k, m in enumerate(markers):
        lines[16 + k] = m + lines[16 + k][2:]
    report = fix_file(_write(tmp_path / "d.txt", lines), rubric=rubric)
    got = [ln[:2] for ln in _read(Path(report.output))[16:19]]
    assert got == (fixed or markers)
    assert _read(Path(report.output))[10:13] == good[10:13]  # the problems' 一是…三是 list is another list


@dataclass
class Res:
    code: int
    stdout: str
    stderr: str


def _run(*args: str) -> Res:
    r = CliRunner().invoke(app, ["critique", *args])
    if isinstance(r.exception, UserError):
        return Res(r.exception.code, r.stdout, f"assistant: error: {r.exception}\n")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Res(r.exit_code, r.stdout, r.stderr)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path))
    for k in list(os.environ):
        if k.startswith(("ASSISTANT_", "OPENAI_")) and k != "ASSISTANT_CONFIG_DIR":
            monkeypatch.delenv(k)
    _write(tmp_path / "d.txt", _lines()[1])
    return tmp_path


def _one_line(res: Res) -> str:
    assert res.code == 2 and "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1, res
    return res.stderr.strip()


@pytest.mark.parametrize(("args", "says"), [
    (["d.txt", "--fix", "--out", "d.txt"], "就是原文件"),
    (["d.txt", "--fix", "--out", "./sub/../d.txt"], "就是原文件"),
    (["d.txt", "--fix", "--out", "/proc/d_修订.txt"], "无法写入修订稿 /proc/d_修订.txt"),
    (["d.txt", "--fix", "--out", "d.txt/x.txt"], "d.txt 是文件，不是文件夹"),
    (["d.txt", "--fix", "--out", "d.docx"], "须与原文件同一格式"),
    (["missing.txt", "--fix"], "missing.txt：没有这个文件"),
    (["-", "--fix"], "不能读标准输入"),
    (["d.txt", "--out", "e.txt"], "只能与 --fix 一起使用"),
])
def test_bad_input_is_one_line_and_the_input_is_kept(home: Path, args: list[str], says: str) -> None:
    before = (home / "d.txt").read_bytes()
    assert says in _one_line(_run(*args))
    assert (home / "d.txt").read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["d.txt"]  # nothing written, no temp file left


def test_an_unwritable_folder(home: Path) -> None:
    ro = home / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as root: a folder without write permission is still writable")
        assert "无法写入修订稿 ro/d.txt" in _one_line(_run("d.txt", "--fix", "--out", "ro/d.txt"))
    finally:
        ro.chmod(0o700)


def test_the_command_prints_the_diff_and_what_is_left(tmp_path: Path) -> None:
    draft = _write(tmp_path / "d.txt", _lines()[1])
    p = cli(str(draft), "--fix", "--no-llm")
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr  # the placeholder is an error
    out = p.stdout
    assert f"修订稿：{tmp_path / 'd_修订.txt'}" in out and "改动 5 处" in out
    assert "第6行【半角标点】\n    - 谈心谈话制度,全年召开支部\n    + 谈心谈话制度，全年召开支部" in out
    for label in ("【字母代字】", "【编号】", "【固定提法】"):
        assert label in out
    assert "修订后复查：错误 1，警告 0" in out and "仍需人工处理：placeholder 1 条" in out
