"""All settings in one place.

Precedence, highest first: command-line flags, environment variables (ASSISTANT_*; the API's base URL and
key also fall back to OPENAI_BASE_URL / OPENAI_API_KEY), ./assistant.toml, the user's config file
(config_dir()/assistant.toml), defaults.

Where things live, whatever the current folder (the "data home"):
- the index: data_home()/chroma, data_home() being the user's data directory (platformdirs:
  ~/.local/share/assistant, or $XDG_DATA_HOME/assistant) or $ASSISTANT_HOME/.assistant;
- the user's settings: config_dir()/assistant.toml ($ASSISTANT_CONFIG_DIR, else $ASSISTANT_HOME/config, else
  the user's config directory: ~/.config/assistant, or $XDG_CONFIG_HOME/assistant);
- the eval data (evals/) and corpus/: the repository's, next to the installed package (REPO_ROOT);
- an index built by an earlier version under ./.assistant/chroma is used while the data home has none and
  ASSISTANT_HOME is not set
  (`assistant corpus migrate` moves it there).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.domain.oserrors import os_reason

APP = "assistant"
# The checkout holding src/assistant (an editable install or PYTHONPATH=src): its evals/, corpus/ and prompts/.
REPO_ROOT = Path(__file__).resolve().parents[2]
LEGACY_STORE = Path(".assistant/chroma")  # where versions before the data home kept the index (cwd-relative)


def data_home() -> Path:
    """The folder of the index and the eval results: $ASSISTANT_HOME/.assistant, else the user's data directory."""
    home = os.environ.get("ASSISTANT_HOME")
    if home:
        return Path(home).expanduser().resolve() / ".assistant"
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def home_store() -> Path:
    """The index's folder in the data home."""
    return data_home() / "chroma"


def legacy_store(cwd: Path | None = None) -> Path | None:
    """An index an earlier version built under ./.assistant/chroma, when it is not the data home's own."""
    old = ((cwd or Path.cwd()) / LEGACY_STORE).resolve()
    return old if old.is_dir() and old != home_store().resolve() else None


def default_store(cwd: Path | None = None) -> Path:
    """The data home's index, or the earlier version's ./.assistant/chroma while the data home has none (unless
    ASSISTANT_HOME names the home: then that is where the index is, wherever the command runs)."""
    new = home_store()
    if not new.exists() and not os.environ.get("ASSISTANT_HOME"):
        old = legacy_store(cwd)
        if old is not None:
            return old
    return new


def default_evals_dir() -> Path:
    """The repository's evals/ (found from the package), else ./evals."""
    repo = REPO_ROOT / "evals"
    return repo if repo.is_dir() else Path("evals")


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
    # A server on this machine or the LAN (llama.cpp, Ollama) usually answers one request at a time: start there.
    local_concurrency: int = Field(default=2, ge=1, le=64, description="parts sent at once to a local server")
    # Drafting calls are streamed: the first token may wait in the server's queue, later tokens should not.
    first_token_timeout: float = Field(default=600.0, gt=0, description="seconds to wait for an answer's first "
                                       "token (a busy server queues requests)")
    idle_timeout: float = Field(default=60.0, gt=0, description="seconds without a new token before a streamed "
                                "answer is given up")
    answer_margin: float = Field(default=2.0, ge=1.0, le=10.0, description="max_tokens of a drafting call = the "
                                 "part's target length in characters times this")
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
    chroma_path: Path = Field(default_factory=default_store,
                              description="the local index (default: the data home's chroma/, see the module)")
    chroma_url: str | None = None
    cache_dir: Path | None = Field(default=None, description="this machine's copy of a server's vectors "
                                   "(default ~/.cache/assistant)")
    collection: str = "reports"
    # HNSW graph of each new collection: used on a Chroma server only (a local store is searched exactly);
    # higher values raise its recall and slow ingest (measured in bench/bench_search.py, docs/index.md)
    hnsw_max_neighbors: int = Field(default=16, ge=4, le=128)
    hnsw_ef_construction: int = Field(default=100, ge=10, le=2000)
    hnsw_ef_search: int = Field(default=400, ge=10, le=5000)
    # Ranking: hybrid fuses the vectors with the keyword index (BM25 over character bigrams) by reciprocal
    # rank fusion; vector and keyword use one of them alone (docs/index.md, "Search")
    search_mode: Literal["hybrid", "vector", "keyword"] = "hybrid"

    # Chunking
    chunk_size: int = Field(default=400, ge=50)
    chunk_overlap: int = Field(default=60, ge=0)

    # Critique
    rubric: Path | None = None
    # critique --previous (domain/checks/previous.py; measured in docs/critique.md "Last year's report"):
    # two problems at or above this shortcoming score (domain/checks/shortcoming.py: shared topic × aspect
    # agreement + lexical weight × IDF-weighted bigram share) are the same problem; a plan at or above this bigram
    # Dice with last year's is copied (also the share a sentence must keep to count as copied for stale-copy); a
    # last-year problem whose tie to this year's rectification (unanswered-problem's score) is below this, and
    # whose shortcoming score with every rectification item is below previous_answer_threshold, is not rectified.
    previous_repeat_threshold: float = Field(default=0.6, gt=0, le=3)
    # The shortcoming score's parts, fitted on the yoy units (docs/critique.md "How the matcher was fitted"):
    # a word in a problem's first sentence weighs this many times one in its body; the share of the score the
    # aspects decide (1.0: a pair sharing no aspect is no repeat; chosen by F0.5 on 28 units); the aspect agreement
    # when either text names no aspect; the weight of the lexical measure; the topic part as the strongest shared
    # topic (1) or the topics' cosine (0); the topic part's factor when both first sentences name topics and none
    # in common.
    previous_match_head_weight: float = Field(default=1.5, ge=1, le=5)
    previous_match_aspect_weight: float = Field(default=1.0, ge=0, le=1)
    previous_match_aspect_neutral: float = Field(default=0.7, ge=0, le=1)
    previous_match_lexical_weight: float = Field(default=1.2, ge=0, le=3)
    previous_match_topic_best: float = Field(default=0.5, ge=0, le=1)
    previous_match_head_clash: float = Field(default=0.6, ge=0, le=1)
    # A repeated problem is reported only when its score passes the next candidate of either year still free by
    # this much (a new problem between two of last year's on its topic is no sure repeat; fitted on all 28 yoy
    # units, held-out figures in docs/critique.md); rectification answers paired with last year's problems in
    # order (checks/rectified.py _in_order) count a shortcoming score under this as no evidence.
    previous_match_margin: float = Field(default=0.2, ge=0, le=3)
    previous_in_order_floor: float | None = Field(default=0.15, ge=0, le=3)
    previous_answer_threshold: float = Field(default=0.5, gt=0, le=3)
    previous_plan_threshold: float = Field(default=0.8, gt=0, le=1)
    previous_rectified_threshold: float = Field(default=0.745, ge=0, le=5)
    # With the LLM judging the comparison (services/critique/previous_judge.py): a repeated problem whose words are
    # last year's but for a few (bigram Dice of the normalised texts at this) stands whatever the model says.
    previous_verbatim_threshold: float = Field(default=0.8, gt=0, le=1)
    # Copied passages (critique --originality, services/critique/originality.py; measured by the originality eval)
    originality_min_chars: int = Field(default=40, ge=12, description="shortest copied passage reported, in "
                                       "characters without punctuation or spaces")
    originality_warn_share: float = Field(default=0.2, gt=0, le=1, description="past this share of the text "
                                          "found elsewhere, copied-passage findings are warnings, else info")
    originality_common_share: float = Field(default=0.2, gt=0, le=1, description="a shingle in more than this share "
                                            "of the indexed reports is a stock phrase, not evidence of copying")
    # Drafting keeps its own words: share of a part's text in runs of draft_verbatim_run characters found in its
    # exemplars (services/drafting/verbatim.py), kept under draft_verbatim_max (docs/drafting.md)
    draft_verbatim_run: int = Field(default=12, ge=6)
    draft_verbatim_max: float = Field(default=0.15, ge=0, le=1)

    # Input limits (ingest, critique, corpus show --file): a report is tens of KB, a compilation a few MB. Past
    # these a file is refused with one line naming the limit, before it can keep a command busy for minutes.
    max_file_mb: float = Field(default=20.0, gt=0, description="largest report file read (.txt/.md/.docx, stdin)")
    max_docx_unpacked_mb: float = Field(default=50.0, gt=0, description="largest total size of a .docx's parts "
                                        "unpacked (its XML and media), read from the zip directory before parsing")
    max_lines: int = Field(default=100_000, ge=1, description="most lines (for a .docx, paragraphs) in one file")

    # Evals: cases/, gold/, planted/ and unseen/ live here (default: the repository's evals/)
    evals_dir: Path = Field(default_factory=default_evals_dir)

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
    home = os.environ.get("ASSISTANT_HOME")
    if home:
        return Path(home).expanduser() / "config"
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SettingsError(f"{path}：不是有效的 TOML（{_toml_where(e)}）") from e
    except OSError as e:
        raise SettingsError(f"{path}：无法读取（{os_reason(e)}）") from e
    # Top-level keys, an [assistant] table, or both (the table wins for a key given twice).
    table = data.pop("assistant", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}：assistant 应是一节设置（[assistant]），不能是单个值")
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


def _toml_where(e: Exception) -> str:
    """Where tomllib stopped, in Chinese (its own message is English); a decoding error is not at a line."""
    import re

    if isinstance(e, UnicodeDecodeError):
        return "文件不是 UTF-8 编码"
    m = re.search(r"line (\d+), column (\d+)", str(e))
    return f"第{m[1]}行第{m[2]}列有语法错误" if m else "有语法错误"


def _summary(err: ValidationError, origin: dict[str, str]) -> str:
    """Each bad field with what it expects and where its value came from (a file, a variable, a flag)."""
    from assistant.domain.validation import validation_summary

    return validation_summary(err, origin=origin)


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
    if "chroma_path" not in merged:
        merged["chroma_path"] = default_store(cwd)
    origin.update(dict.fromkeys(flags, "命令行"))
    try:
        return Settings.model_validate(merged)
    except ValidationError as e:
        raise SettingsError(f"设置有误：{_summary(e, origin)}") from e
