"""YAML text read by every loader of the tool (a unit profile, a rubric and its tables, prompts, eval files):
safe types only, and each way it can fail told in one line that the loader puts after the file's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.domain.oserrors import os_reason

# A profile or a rubric nests four or five levels. PyYAML composes nodes recursively, so a depth bomb
# ([[[[…]]]] or {a: {a: …}} a few hundred deep) would end in a RecursionError instead of a message.
MAX_DEPTH = 50


class YamlError(ValueError):
    """Why the text is not usable YAML, as words to follow the file's name ('not valid YAML at line 3: …')."""


def _tag_name(tag: str) -> str:
    """'tag:yaml.org,2002:python/object/apply:os.system' → '!!python/object/apply:os.system', as written."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


class _Loader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:  # type: ignore[override]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlError(f"第{mark.line + 1}行嵌套超过 {MAX_DEPTH} 层"
                                "（情况表或评分细则只需几层）")
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1

    def construct_unknown(self, node: yaml.Node) -> Any:
        # SafeLoader says only "could not determine a constructor"; say which tag, and that it is refused on purpose.
        raise YamlError(f"第{node.start_mark.line + 1}行用了 YAML 标签 {_tag_name(node.tag)}，本工具不接受"
                        "（请只写普通的值：文字、数字、列表、“名称: 值”）")


_Loader.add_constructor(None, _Loader.construct_unknown)


def load_yaml(text: str) -> Any:
    """The data of `text`; raises YamlError (one line) for invalid YAML, an unsafe tag or a depth bomb."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        # the parser's own words are English; the usual causes are what a writer can act on
        raise YamlError(f"{where}不是有效的 YAML（常见原因：缩进不齐、冒号后缺空格、引号或括号没有配对）") from e
    except RecursionError as e:  # a deep structure that still recursed somewhere (a deep complex key, …)
        raise YamlError(f"嵌套太深（超过 {MAX_DEPTH} 层）") from e


def read_yaml_file(path: Path | str, error: type[Exception], what: str = "文件") -> Any:
    """The YAML data in the file `path`, or `error` raised with one line naming the file and what is wrong (no
    such file, a folder, unreadable, not UTF-8, not valid YAML, a refused tag, nested too deeply). Every YAML
    file the tool reads (profiles, gold labels, defect lists) comes through here."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise error(f"{path}：没有这个{what}") from e
    except IsADirectoryError as e:
        raise error(f"{path}：是文件夹，不是{what}（YAML）") from e
    except OSError as e:
        raise error(f"{path}：无法读取：{os_reason(e)}") from e
    except UnicodeDecodeError as e:
        raise error(f"{path}：不是 UTF-8 文本（请另存为 UTF-8 编码）") from e
    try:
        return load_yaml(text)
    except YamlError as e:
        raise error(f"{path}：{e}") from e
