"""Fixtures for the critique tests: the rubric, the clean 2024 report, and the OpenAI-compatible test server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fakeopenai

from critique_helpers import DATA  # noqa: E402
from fakeopenai import fake_openai  # noqa: E402,F401

from assistant.domain.rubric import Rubric, load_rubric  # noqa: E402


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="session")
def clean_lines() -> list[str]:
    return (DATA / "clean_2024.txt").read_text(encoding="utf-8").splitlines()
