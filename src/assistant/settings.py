"""All settings in one place.

Precedence, highest first: command-line flags, environment variables (ASSISTANT_*; the API's base URL and
key also fall back to OPENAI_BASE_URL / OPENAI_API_KEY), ./assistant.toml, the user's config file
($ASSISTANT_CONFIG_DIR or ~/.config/assistant/assistant.toml), defaults.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class SettingsError(ValueError):
    pass


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # LLM (any OpenAI-compatible chat completions endpoint)
    base_url: str | None = None
    api_key: str | None = None
    model: str = "gpt-4o-mini"
    temperature: float = Field(default=0.3, ge=0, le=2)
    timeout: float = Field(default=120.0, gt=0, description="seconds per request")
    retries: int = Field(default=2, ge=0, le=10)
    concurrency: int = Field(default=8, ge=1, le=64)  # a report has 7-8 parts: one wave
    json_mode: Literal["json_schema", "json_object", "plain"] = "json_object"
    max_repairs: int = Field(default=2, ge=0, le=5)
    prompt_budget: int = Field(default=6000, ge=500,
                               description="characters of prompt per part; exemplars are trimmed to fit")

    # Embedding: local hashed n-grams (no download) or an OpenAI-compatible embeddings endpoint
    embedding: Literal["local", "api"] = "local"
    embedding_dim: int = Field(default=512, ge=64, le=8192)
    embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str | None = None
    embedding_api_key: str | None = None
    embedding_batch_size: int = Field(default=64, ge=1, le=2048, description="texts per embeddings request")

    # Vector store
    chroma_path: Path = Path(".assistant/chroma")
    chroma_url: str | None = None
    cache_dir: Path | None = Field(default=None, description="this machine's copy of a server's vectors "
                                   "(default ~/.cache/assistant)")
    collection: str = "reports"
    # HNSW graph of each new collection: used on a Chroma server only (a local store is searched exactly);
    # higher values raise its recall and slow ingest (measured in bench/bench_search.py, docs/index.md)
    hnsw_max_neighbors: int = Field(default=16, ge=4, le=128)
    hnsw_ef_construction: int = Field(default=100, ge=10, le=2000)
    hnsw_ef_search: int = Field(default=400, ge=10, le=5000)

    # Chunking
    chunk_size: int = Field(default=400, ge=50)
    chunk_overlap: int = Field(default=60, ge=0)

    # Critique
    rubric: Path | None = None

    # Input limits (ingest, critique, corpus show --file): a report is tens of KB, a compilation a few MB. Past
    # these a file is refused with one line naming the limit, before it can keep a command busy for minutes.
    max_file_mb: float = Field(default=20.0, gt=0, description="largest report file read (.txt/.md/.docx, stdin)")
    max_docx_unpacked_mb: float = Field(default=50.0, gt=0, description="largest total size of a .docx's parts "
                                        "unpacked (its XML and media), read from the zip directory before parsing")
    max_lines: int = Field(default=100_000, ge=1, description="most lines (for a .docx, paragraphs) in one file")

    # Evals: cases/, gold/ and planted/ live here (relative to the working directory)
    evals_dir: Path = Path("evals")

    # Drafting: user prompt files override the bundled prompts/ by file name; 公文 fonts of the .docx
    prompts_dir: Path | None = None
    font_title: str = "方正小标宋简体"
    font_body: str = "仿宋_GB2312"
    font_heading1: str = "黑体"
    font_heading2: str = "楷体_GB2312"

    def masked(self) -> dict[str, Any]:
        d = self.model_dump(mode="json")
        for k in ("api_key", "embedding_api_key"):
            if d.get(k):
                v = d[k]
                d[k] = (v[:3] + "…" + v[-4:]) if len(v) > 10 else "****"
        return d

    @property
    def api_configured(self) -> bool:
        return bool(self.base_url or self.api_key)


ENV_PREFIX = "ASSISTANT_"


def config_dir() -> Path:
    env = os.environ.get("ASSISTANT_CONFIG_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CONFIG_HOME")
    return (Path(xdg) if xdg else Path.home() / ".config") / "assistant"


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError(f"{path}: not valid TOML: {e}") from e
    except OSError as e:
        raise SettingsError(f"{path}: cannot read ({e.strerror or e.__class__.__name__})") from e
    # Top-level keys, an [assistant] table, or both (the table wins for a key given twice).
    table = data.pop("assistant", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: 'assistant' must be a table of settings ([assistant]), not a value")
    return {**data, **table}


def _env_with_names() -> dict[str, tuple[str, str]]:
    """setting → (value, the variable it came from)."""
    out: dict[str, tuple[str, str]] = {}
    for name in Settings.model_fields:
        var = ENV_PREFIX + name.upper()
        v = os.environ.get(var)
        if v:
            out[name] = (v, var)
    for name, var in (("base_url", "OPENAI_BASE_URL"), ("api_key", "OPENAI_API_KEY")):
        if name not in out and os.environ.get(var):
            out[name] = (os.environ[var], var)
    return out


def _summary(err: ValidationError, origin: dict[str, str]) -> str:
    """Each bad field with what it expects and where its value came from (a file, a variable, a flag)."""
    out = []
    for e in err.errors():
        loc = ".".join(map(str, e["loc"])) or "(top)"
        src = origin.get(str(e["loc"][0])) if e["loc"] else None
        out.append(f"{loc}: {e['msg']}" + (f" (from {src})" if src else ""))
    return "; ".join(out)


def load_settings(overrides: dict[str, Any] | None = None, cwd: Path | None = None) -> Settings:
    """Merge the sources; `overrides` are command-line flags (None values are ignored)."""
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for path in (config_dir() / "assistant.toml", (cwd or Path.cwd()) / "assistant.toml"):
        found = _read_toml(path)
        merged.update(found)
        origin.update(dict.fromkeys(found, str(path)))
    for name, (value, var) in _env_with_names().items():
        merged[name] = value
        origin[name] = var
    flags = {k: v for k, v in (overrides or {}).items() if v is not None}
    merged.update(flags)
    origin.update(dict.fromkeys(flags, "the command line"))
    try:
        return Settings.model_validate(merged)
    except ValidationError as e:
        raise SettingsError(f"invalid settings: {_summary(e, origin)}") from e
