"""`assistant doctor`: the settings, the prompt files, the index and the LLM endpoint, each checked in one line.
`settings_problem` is also what the draft commands warn about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.domain.models import Role
from assistant.services.drafting.dry_run import endpoint
from assistant.services.drafting.prompt_files import PromptError, find_prompt, prompt_dirs
from assistant.services.index.store import IndexMissingError, StoreError, open_client, require_catalog, where
from assistant.services.llm import LLMError, ping
from assistant.settings import Settings, home_store, legacy_store

PROMPT_FILES = ["system.md", "repair.md", "outline.md", "offline.yaml", "review_system.md", "review_user.md",
                *[f"part_{r.value}.md" for r in Role if r not in (Role.title, Role.unknown)]]


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not configured / not applicable
    detail: str


def doctor(settings: Settings, need_index: bool = False) -> list[Check]:
    """Settings, prompts, index and LLM endpoint, each in one line. An index not built yet is `--` (not
    applicable), unless `need_index` (the user is about to search or list the corpus): then it fails."""
    summary = (f"模型 {settings.model}，接口地址 {settings.base_url or '（OpenAI 默认）'}，"
               f"json_mode {settings.json_mode}，并发数 {settings.concurrency}")
    problem = settings_problem(settings)
    out = [Check("settings", problem is None, problem or summary)]
    missing = []
    for name in PROMPT_FILES:
        try:
            find_prompt(name, settings)
        except PromptError:
            missing.append(name)
    dirs = " 或 ".join(str(d) for d in prompt_dirs(settings))
    out.append(Check("prompts", not missing, f"提示词文件齐全（{dirs}）" if not missing
                     else f"{dirs} 中缺少：" + "、".join(missing)))
    out.append(_index_check(settings, need_index))
    out.append(_llm_check(settings))
    return out


def settings_problem(settings: Settings) -> str | None:
    """A setting that is valid on its own but cannot work here (checked by doctor)."""
    if settings.prompts_dir is not None and not Path(settings.prompts_dir).is_dir():
        return f"prompts_dir {settings.prompts_dir} 不是目录"
    if settings.json_mode == "json_schema" and "deepseek" in (settings.base_url or "").lower():
        return "DeepSeek 不支持 json_schema 输出：请设置 json_mode = \"json_object\"（见服务商一览表）"
    return None


def _index_check(settings: Settings, need_index: bool) -> Check:
    try:
        cat = require_catalog(open_client(settings, create=False), settings)
    except IndexMissingError:
        return Check("index", False if need_index else None,
                     f"索引尚未建立：{where(settings)}；运行 `assistant ingest 报告所在的文件夹` 建立（如本仓库的 corpus/）"
                     "（search、corpus list 和带范例的起草需要它）")
    except StoreError as e:
        return Check("index", False, f"{e}")
    note = ""
    old = None if settings.chroma_url else legacy_store()
    if old is not None and Path(settings.chroma_path).resolve() == old:
        note = (f"（这是旧版本建在 ./.assistant/chroma 的索引；运行 `assistant corpus migrate` 把它移到 "
                f"{home_store()}，此后在任何目录都能用）")
    return Check("index", True, f"{where(settings)}：报告 {cat.reports} 篇，片段 {cat.chunks} 个{note}")


def _llm_check(settings: Settings) -> Check:
    if not settings.api_configured:
        return Check("llm", None, "未配置 API：起草时用离线模板"
                                  "（请设置 ASSISTANT_BASE_URL 和 ASSISTANT_API_KEY）")
    try:
        ping(settings)
    except LLMError as e:
        return Check("llm", False, str(e))
    return Check("llm", True, f"{endpoint(settings)} 已应答（模型 {settings.model}，只要一个词的请求）")
