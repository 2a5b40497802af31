"""Prompt files: found in the user's prompts directory first (settings.prompts_dir), then the bundled
`prompts/`; rendered by plain `{{ name }}` substitution.

The bundled prompts are the repository's `prompts/` in a checkout or an editable install; a wheel installs
a copy under `<prefix>/share/assistant/prompts` (pyproject's data-files), looked for when there is no
checkout.

Substitution is one pass over the template only, so text inside a value (a profile, an exemplar) is never
itself expanded — an exemplar that contains `{{ x }}` stays literal.
"""

from __future__ import annotations

import re
import site
import sys
from functools import cache
from pathlib import Path

from assistant.settings import Settings

REPO_PROMPTS = Path(__file__).resolve().parents[4] / "prompts"


@cache  # the install does not move while the process runs; prompt_dirs() is called per prompt
def bundled_dir() -> Path:
    """The prompts shipped with the code (see the module's docstring); the checkout's path when none exists,
    so that an error names where they were expected."""
    installed = [Path(base) / "share" / "assistant" / "prompts" for base in (sys.prefix, site.getuserbase())]
    return next((d for d in (REPO_PROMPTS, *installed) if d.is_dir()), REPO_PROMPTS)
_VAR = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")


class PromptError(ValueError):
    pass


def prompt_dirs(settings: Settings | None) -> list[Path]:
    user = getattr(settings, "prompts_dir", None) if settings else None
    return ([Path(user)] if user else []) + [bundled_dir()]


def find_prompt(name: str, settings: Settings | None = None) -> Path:
    dirs = prompt_dirs(settings)
    for d in dirs:
        p = d / name
        if p.is_file():
            return p
    raise PromptError(f"提示词文件 {name} 不在 " + "、".join(str(d) for d in dirs) + " 中")


def load_prompt(name: str, settings: Settings | None = None) -> str:
    return find_prompt(name, settings).read_text(encoding="utf-8")


def render(template: str, values: dict[str, object], *, name: str = "prompt") -> str:
    missing = sorted({m.group(1) for m in _VAR.finditer(template)} - values.keys())
    if missing:
        raise PromptError(f"{name}：缺少 {'、'.join(missing)} 的值")
    return _VAR.sub(lambda m: str(values[m.group(1)]), template).strip() + "\n"


def render_file(name: str, values: dict[str, object], settings: Settings | None = None) -> str:
    return render(load_prompt(name, settings), values, name=name)
