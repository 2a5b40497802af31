"""Running the installed `assistant` command in a scratch folder, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).with_name("assistant"))


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command with no ASSISTANT_/OPENAI_ variables of the caller and its own config folder under cwd."""
    e = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))}
    e["ASSISTANT_HOME"] = str(cwd)  # the index under cwd/.assistant
    e["ASSISTANT_CONFIG_DIR"] = str(cwd / "config")
    e.update(env or {})
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=120)


def one_line(r: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The one stderr line of a refused command, after checking the exit code and that no traceback came."""
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]
