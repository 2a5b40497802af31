"""Settings: flags > ASSISTANT_* env (base URL and key falling back to OPENAI_*) > ./assistant.toml > the user's
config > defaults; `assistant config` shows the effective values with the key masked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import SettingsError, load_settings

KEY = "sk-proj-VERYSECRET-abcdefghijkl-9876"


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ASSISTANT_BASE_URL", "ASSISTANT_API_KEY", "ASSISTANT_MODEL",
                 "ASSISTANT_TEMPERATURE", "ASSISTANT_TIMEOUT", "ASSISTANT_CONCURRENCY", "ASSISTANT_CHROMA_PATH"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "config").mkdir()
    monkeypatch.setenv("ASSISTANT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_precedence_of_every_source(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "config/assistant.toml").write_text(
        'model = "user"\ntemperature = 0.1\ntimeout = 11\nconcurrency = 3\nretries = 5\n', encoding="utf-8")
    (home / "assistant.toml").write_text('[assistant]\nmodel = "cwd"\ntemperature = 0.2\ntimeout = 22\n',
                                         encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_MODEL", "env")
    monkeypatch.setenv("ASSISTANT_TEMPERATURE", "0.9")
    s = load_settings({"model": "flag", "timeout": None})
    assert (s.model, s.temperature, s.timeout, s.concurrency, s.retries) == ("flag", 0.9, 22, 3, 5)
    assert load_settings().model == "env"
    monkeypatch.delenv("ASSISTANT_MODEL")
    assert load_settings().model == "cwd"
    (home / "assistant.toml").unlink()
    assert load_settings().model == "user"
    assert load_settings().chroma_path == Path(os.environ["XDG_DATA_HOME"]) / "assistant" / "chroma"


def test_openai_variables_are_the_fallback(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.deepseek.com/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    s = load_settings()
    assert (s.base_url, s.api_key) == ("https://api.deepseek.com/v1", "sk-openai") and s.api_configured
    monkeypatch.setenv("ASSISTANT_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("ASSISTANT_API_KEY", "sk-mine")
    s = load_settings()
    assert (s.base_url, s.api_key) == ("http://127.0.0.1:11434/v1", "sk-mine")


@pytest.mark.parametrize(("toml", "needle"), [
    ("model = [\n", "不是有效的 TOML"),
    ('modle = "x"\n', "modle：没有这一项"),
    ("temperature = 5\n", "temperature：不能大于 2.0，现为 5"),
    ('json_mode = "xml"\n', "json_mode：只能是 json_schema、json_object、plain 之一"),
])
def test_bad_settings_are_one_line(home: Path, toml: str, needle: str) -> None:
    (home / "assistant.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(SettingsError, match=needle):
        load_settings()
    r = CliRunner().invoke(app, ["config"])
    assert r.exit_code != 0 and needle.split(":")[0] in str(r.exception) and "\n" not in str(r.exception)


def test_config_shows_effective_settings_with_the_key_masked(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_API_KEY", KEY)
    (home / "assistant.toml").write_text('model = "qwen-plus"\nembedding_api_key = "short"\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["config"])
    assert r.exit_code == 0
    assert "model = qwen-plus" in r.stdout and "concurrency = 8" in r.stdout and "chroma_path" in r.stdout
    assert KEY not in r.stdout and "VERYSECRET" not in r.stdout and "short" not in r.stdout
    assert "api_key = sk-…9876" in r.stdout and "embedding_api_key = ****" in r.stdout
    data = json.loads(CliRunner().invoke(app, ["config", "--json"]).stdout)
    assert data["model"] == "qwen-plus" and data["api_key"] == "sk-…9876" and data["prompt_budget"] == 6000
