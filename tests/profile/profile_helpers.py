"""Running the CLI in-process for the profile tests (a module of its own: `conftest` is ambiguous across folders)."""

from __future__ import annotations

from dataclasses import dataclass


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
