"""Usage errors from the real entry point: one line on stderr and exit 2, never a box or a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("assistant")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd, timeout=60)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["nosuch"], "没有这个命令：nosuch"),
        (["search"], "缺少参数 查询内容"),
        (["search", "党建", "-k", "many"], "-k 的值不对：要填整数"),
        (["critique", "--nope", "x.txt"], "没有这个选项：--nope"),
        (["draft", "report"], "缺少必填的选项 --facts / -f"),
    ],
)
def test_usage_error_is_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("assistant: 错误：")
    assert "Traceback" not in r.stderr and "╭" not in r.stderr


def test_version(tmp_path: Path) -> None:
    from assistant import __version__

    r = run("--version", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, f"述职助手 (assistant) {__version__}\n", "")


def test_usage_error_names_the_program_once(tmp_path: Path) -> None:
    line = run("--nope", cwd=tmp_path).stderr.strip()
    assert line.startswith("assistant: 错误：没有这个选项") and line.count("assistant:") == 1, line
    sub = run("critique", "--nope", "x.txt", cwd=tmp_path).stderr.strip()
    assert sub.startswith("assistant: 错误：critique：没有这个选项"), sub


def test_help_exits_zero(tmp_path: Path) -> None:
    r = run("--help", cwd=tmp_path)
    assert r.returncode == 0 and "critique" in r.stdout and "ingest" in r.stdout


@pytest.mark.parametrize("area", ["corpus_cmds", "config_cmds", "draft_cmds", "critique_cmds", "eval_cmds"])
def test_a_command_module_that_cannot_be_imported_fails_loudly(area: str, tmp_path: Path) -> None:
    # None in sys.modules makes importing that module fail, as a deleted file or a broken import would.
    # Before, the CLI dropped the area's commands silently and `--help` still exited 0.
    prog = (f"import sys; sys.modules['assistant.cli.{area}'] = None; sys.argv = ['assistant', '--help']; "
            "from assistant.cli import main; main()")
    p = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert p.returncode != 0 and f"assistant.cli.{area}" in p.stderr
