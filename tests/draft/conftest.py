"""Fixtures for the drafting tests: the OpenAI-compatible test server and settings pointing at it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for fakeopenai

from fakeopenai import FakeOpenAI, fake_openai  # noqa: E402,F401

from assistant.settings import Settings  # noqa: E402


@pytest.fixture
def api_settings(fake_openai: FakeOpenAI, tmp_path: Path) -> Settings:  # noqa: F811
    return Settings(
        base_url=fake_openai.base_url,
        api_key="sk-test-secret-key-123456",
        model="fake-model",
        retries=2,
        timeout=10,
        chroma_path=tmp_path / "chroma",
    )


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus ingested once into a real Chroma store in a temp dir."""
    from assistant.services.index.ingest import ingest

    path = tmp_path_factory.mktemp("index") / "chroma"
    ingest([Path(__file__).resolve().parents[2] / "corpus"], Settings(chroma_path=path))
    return path
