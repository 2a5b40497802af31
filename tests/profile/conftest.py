"""Fixtures for the profile tests: the OpenAI-compatible test server, and running the CLI in-process."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fakeopenai

from fakeopenai import fake_openai  # noqa: E402,F401


@dataclass
class Res:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, input: str | None = None) -> Res:
    """`assistant ARGS` in-process; a UserError is shown the way `assistant.cli.main` shows it."""
    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.cli.common import UserError

    r = CliRunner().invoke(app, list(args), input=input)
    if isinstance(r.exception, UserError):
        return Res(r.exception.code, r.stdout, r.stderr + f"assistant: error: {r.exception}\n")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Res(r.exit_code, r.stdout, r.stderr)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch folder as the working directory, with no API configured."""
    import os

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "config"))
    for k in list(os.environ):
        if k.startswith(("ASSISTANT_", "OPENAI_")) and k != "ASSISTANT_CONFIG_DIR":
            monkeypatch.delenv(k)
    return tmp_path
