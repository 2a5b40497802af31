"""YAML text read by every loader of the tool (a unit profile, a rubric and its tables, prompts, eval files):
safe types only, and each way it can fail told in one line that the loader puts after the file's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

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
                raise YamlError(f"nested more than {MAX_DEPTH} levels deep at line {mark.line + 1} "
                                "(a profile or rubric needs a handful)")
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1

    def construct_unknown(self, node: yaml.Node) -> Any:
        # SafeLoader says only "could not determine a constructor"; say which tag, and that it is refused on purpose.
        raise YamlError(f"line {node.start_mark.line + 1} holds the YAML tag {_tag_name(node.tag)}, which this tool "
                        "does not accept (write plain values: text, numbers, lists, mappings)")


_Loader.add_constructor(None, _Loader.construct_unknown)


def load_yaml(text: str) -> Any:
    """The data of `text`; raises YamlError (one line) for invalid YAML, an unsafe tag or a depth bomb."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        what = getattr(e, "problem", None) or e.__class__.__name__
        raise YamlError(f"not valid YAML{where}: {what}") from e
    except RecursionError as e:  # a deep structure that still recursed somewhere (a deep complex key, …)
        raise YamlError(f"nested too deeply (more than {MAX_DEPTH} levels)") from e


def read_yaml_file(path: Path | str, error: type[Exception], what: str = "file") -> Any:
    """The YAML data in the file `path`, or `error` raised with one line naming the file and what is wrong (no
    such file, a folder, unreadable, not UTF-8, not valid YAML, a refused tag, nested too deeply). Every YAML
    file the tool reads (profiles, gold labels, defect lists) comes through here."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise error(f"{path}: no such {what}") from e
    except IsADirectoryError as e:
        raise error(f"{path}: is a directory, not a {what} (YAML)") from e
    except OSError as e:
        raise error(f"{path}: cannot read: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise error(f"{path}: not UTF-8 text (save it as UTF-8)") from e
    try:
        return load_yaml(text)
    except YamlError as e:
        raise error(f"{path}: {e}") from e
