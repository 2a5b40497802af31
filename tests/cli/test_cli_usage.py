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
        (["nosuch"], "No such command"),
        (["search"], "Missing argument"),
        (["search", "党建", "-k", "many"], "'-k'"),
        (["critique", "--nope", "x.txt"], "No such option"),
        (["draft", "report"], "--facts"),
    ],
)
def test_usage_error_is_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("assistant: error:")
    assert "Traceback" not in r.stderr and "╭" not in r.stderr


def test_help_exits_zero(tmp_path: Path) -> None:
    r = run("--help", cwd=tmp_path)
    assert r.returncode == 0 and "critique" in r.stdout and "ingest" in r.stdout
