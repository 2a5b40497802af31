"""Everything the command line shows a user is Chinese: every command's --help (found by walking the app, not
listed here) and the one line of a refused invocation. Command and option names, values typed on the command
line, paths and technical names stay as they are; an English sentence (three or more English words in a row
once those are removed) fails the test.

Runs the real entry point in process (assistant.cli.main, the function the `assistant` script calls), so that
some twenty helps and twenty refusals cost a second rather than a minute of interpreter starts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# Technical names and the values one types on the command line (roles, formats, backends, suites, splits):
# they stay English in a Chinese sentence, as option names do.
ALLOWED = {
    "json", "yaml", "toml", "api", "url", "chroma", "openai", "docx", "md", "txt", "llm", "id", "ids", "http",
    "https", "utf", "gb", "gbk", "gpt", "mini", "deepseek", "qwen", "text", "offline", "auto", "dev", "test",
    "all", "parse", "critique", "draft", "retrieval", "opening", "achievements", "rectification", "problems",
    "causes", "insights", "plans", "closing", "title", "ok", "fail", "wps", "word", "stdin", "ascii", "ctrl",
    "metric", "value", "suite", "d", "python", "m", "assistant",
}
_REMOVE = [
    re.compile(r"`[^`]*`"),                                  # code in backticks
    re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.I),           # URLs
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),              # option names
    re.compile(r"\S*[/\\]\S*"),                              # paths
    re.compile(r"[\w.-]*\.(?:txt|md|docx|yaml|yml|toml|json|pdf|odt|fodt|doc)\b", re.I),  # file names
    re.compile(r"\b\w+[_.=]\w[\w.=_-]*"),                     # identifiers: settings.model, max_file_mb, a=b
    re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b"),              # check names: missing-part, letter-d
    re.compile(r"\b[A-Z]{2,}[A-Z_]*\b"),                      # metavars and acronyms: FILE, LLM, REPORT_ID
]
_RUN = re.compile(r"[A-Za-z]+(?:[ \t,;:'\"()]+[A-Za-z]+){2,}")


def english_sentences(text: str) -> list[str]:
    """Runs of three or more English words left after removing names, paths, code and allowed tokens."""
    found = []
    for line in text.splitlines():
        for rx in _REMOVE:
            line = rx.sub(" ", line)
        words = [w if w.lower() not in ALLOWED else "·" for w in re.split(r"([A-Za-z]+)", line)]
        line = "".join(words)
        found += [m.group(0) for m in _RUN.finditer(line)]
    return found


def test_the_detector() -> None:
    assert english_sentences("Show this message and exit.") == ["Show this message and exit"]
    assert english_sentences("assistant: 错误：--format 只能是 text、md 或 json") == []
    assert english_sentences("--role opening, achievements, rectification 之一") == []
    assert english_sentences("见 docs/drafting.md；`assistant config` 显示 max_file_mb") == []
    assert english_sentences("读取 report.docx 失败") == []


def _commands() -> list[list[str]]:
    import typer

    from assistant.cli import app

    out: list[list[str]] = []

    def walk(cmd, path: list[str]) -> None:  # noqa: ANN001
        out.append(path)
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return out


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """Run the entry point with these arguments in a scratch folder; (exit code, stdout, stderr)."""
    import os

    for k in list(os.environ):
        if k.startswith(("ASSISTANT_", "OPENAI_")):
            monkeypatch.delenv(k)
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path))
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("COLUMNS", "200")  # wide: no sentence is cut by the help panel's wrapping
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        from assistant.cli import main

        monkeypatch.setattr("sys.argv", ["assistant", *args])
        with pytest.raises(SystemExit) as ex:
            main()
        out, err = capsys.readouterr()
        code = ex.value.code
        return (code if isinstance(code, int) else 1), out, err

    return run


def test_every_help_is_chinese(cli) -> None:  # noqa: ANN001
    commands = _commands()
    assert len(commands) >= 15, commands  # the walk found the groups' subcommands too
    bad = {}
    for path in commands:
        code, out, err = cli(*path, "--help")
        assert code == 0, (path, out, err)
        found = english_sentences(out + err) + ([] if "用法" in out else ["(no 用法 line)"])
        if found:
            bad[" ".join(path) or "(root)"] = found
    assert not bad, f"{sum(map(len, bad.values()))} English line(s): {bad}"


PROFILE = "unit_name: 青山村党支部\nunit_kind: 村\nyear: 2024\nwork_items:\n  - 召开党员大会4次\n"
FILES = {
    "ok.yaml": PROFILE,
    "bad.yaml": PROFILE + "problems: 3\nfoo: 1\n",
    "broken.yaml": "unit_name: [\n",
    "list.yaml": "- a\n- b\n",
    "x.pdf": "%PDF-1.4",
    "empty.txt": "",
    "r.txt": "关于2024年度抓基层党建工作述职报告\n一年来，我们做了一些工作。\n",
}
REFUSED = [
    ("nosuch",),
    ("critique",),
    ("critique", "--nope", "r.txt"),
    ("critique", "missing.txt"),
    ("critique", "x.pdf"),
    ("critique", "empty.txt"),
    ("critique", "r.txt", "--format", "xml"),
    ("critique", "r.txt", "--year", "1800"),
    ("critique", "r.txt", "extra"),
    ("critique", "r.txt", "--out", "o.txt"),
    ("critique", "r.txt", "--format"),
    ("search",),
    ("search", ""),
    ("search", "党建", "-k", "many"),
    ("search", "党建", "--role", "bogus"),
    ("ingest", "missing"),
    ("corpus", "show"),
    ("corpus", "show", "--file", "missing.txt"),
    ("draft", "report"),
    ("draft", "outline", "-f", "missing.yaml"),
    ("draft", "outline", "-f", "bad.yaml", "--backend", "offline"),
    ("draft", "outline", "-f", "broken.yaml", "--backend", "offline"),
    ("draft", "outline", "-f", "list.yaml", "--backend", "offline"),
    ("draft", "outline", "-f", "ok.yaml", "--backend", "bogus"),
    ("draft", "outline", "-f", "ok.yaml", "--backend", "offline", "-o", "o.docx"),
    ("draft", "section", "bogus", "-f", "ok.yaml", "--backend", "offline"),
    ("draft", "report", "-f", "ok.yaml", "--backend", "api"),
    ("eval", "run", "--suite", "bogus"),
    ("eval", "run", "--split", "x"),
    ("eval", "run", "--per-kind", "0"),
    ("eval", "run", "--fail-under", "nonsense"),
    ("eval", "compare", "a.json", "b.json"),
    ("eval", "variants"),
]


@pytest.fixture
def scratch(cli, tmp_path: Path):  # noqa: ANN001, ANN201
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return cli


def test_every_refusal_is_one_chinese_line(scratch) -> None:  # noqa: ANN001
    bad = {}
    for args in REFUSED:
        code, out, err = scratch(*args)
        lines = err.strip().splitlines()
        assert code != 0 and "Traceback" not in err, (args, code, out, err)
        if len(lines) != 1 or english_sentences(lines[0]):
            bad[" ".join(args)] = err.strip()
    assert not bad, f"{len(bad)} English line(s): " + "\n".join(f"{k}: {v}" for k, v in bad.items())


@pytest.mark.parametrize("toml", ["modle = 1\n", 'temperature = "hot"\n', "assistant = 3\n", "[x\n"])
def test_a_bad_settings_file_is_refused_in_chinese(scratch, tmp_path: Path, toml: str) -> None:  # noqa: ANN001
    (tmp_path / "assistant.toml").write_text(toml, encoding="utf-8")
    code, _out, err = scratch("config")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert english_sentences(err) == [], err


def test_a_group_called_bare_shows_its_help_once(cli) -> None:  # noqa: ANN001
    code, out, _err = cli("eval")
    assert code == 2 and out.count("用法：") == 1, out  # before: printed twice (rendered while raising, then again)
