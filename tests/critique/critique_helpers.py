"""Helpers shared by the critique tests (a module of its own: every test folder has a conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.domain.models import Finding
from assistant.domain.rubric import Rubric
from assistant.services.critique import CritiqueResult, critique_text

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_8d180b529515aaa8.txt"
GOLD = ROOT / "evals" / "gold" / "seed_gold.yaml"
EXE = str(Path(sys.executable).with_name("assistant"))

Plant = Callable[[list[str]], list[str]]


def run(lines: list[str], rubric: Rubric, year: int | None = None) -> CritiqueResult:
    return critique_text("\n".join(lines) + "\n", name="draft.txt", rubric=rubric, year=year)


def of(result: CritiqueResult, check: str) -> list[Finding]:
    return [f for f in result.findings if f.check == check]


def replace(lines: list[str], line: int, old: str, new: str) -> list[str]:
    """A copy of `lines` with `old` replaced by `new` on 1-based `line` (which must contain it)."""
    assert old in lines[line - 1], f"line {line} does not contain {old!r}"
    out = list(lines)
    out[line - 1] = out[line - 1].replace(old, new, 1)
    return out


def cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `assistant critique ARGS` as a user would, without their config or API environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "OPENAI_"))}
    base["ASSISTANT_CONFIG_DIR"] = str(cwd or ROOT / "tests")  # no user config
    proc = subprocess.run([EXE, "critique", *args], input=stdin, capture_output=True, cwd=cwd or ROOT,
                          env={**base, **(env or {})}, timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))
