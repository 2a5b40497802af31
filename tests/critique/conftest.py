"""Fixtures for the critique tests: the rubric, the clean 2024 report, and a helper that plants a defect."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fakeopenai

from fakeopenai import FakeOpenAI, fake_openai  # noqa: E402,F401

from assistant.domain.models import Finding  # noqa: E402
from assistant.domain.rubric import Rubric, load_rubric  # noqa: E402
from assistant.services.critique import CritiqueResult, critique_text  # noqa: E402

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_8d180b529515aaa8.txt"
GOLD = ROOT / "evals" / "gold" / "seed_gold.yaml"


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="session")
def clean_lines() -> list[str]:
    return (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines()


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


Plant = Callable[[list[str]], list[str]]
