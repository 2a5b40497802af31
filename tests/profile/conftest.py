"""Fixtures for the profile tests: the OpenAI-compatible test server, and running the CLI in-process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fakeopenai

from fakeopenai import fake_openai  # noqa: E402,F401


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
