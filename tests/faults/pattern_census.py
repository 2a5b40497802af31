"""Prints, as JSON, every regular expression the package compiles: those compiled at import, those compiled
while it parses, chunks and critiques a report, and every pattern-like string in its data files. Run in a
subprocess because it hooks ``re._compile`` (private, but the one place every ``re`` call passes through)
before the package is imported."""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
import re
import sys
from pathlib import Path

_found: dict[tuple[str, int], str] = {}
_PACKAGE = Path(importlib.util.find_spec("assistant").origin).parent  # type: ignore[arg-type,union-attr]
_compile = re._compile  # type: ignore[attr-defined]


def _caller() -> str | None:
    """Where the package's own code asked for the pattern (file:line), or None when the first caller outside the
    re module is a library the package imports."""
    frame = sys._getframe(2)
    while frame is not None and Path(frame.f_code.co_filename).parent.name == "re":
        frame = frame.f_back
    if frame is None or _PACKAGE not in Path(frame.f_code.co_filename).parents:
        return None
    return f"{Path(frame.f_code.co_filename).relative_to(_PACKAGE)}:{frame.f_lineno}"


def _record(pattern, flags):  # noqa: ANN001, ANN202
    if isinstance(pattern, str) and (where := _caller()):
        _found.setdefault((pattern, int(flags)), where)
    return _compile(pattern, flags)


re._compile = _record  # type: ignore[attr-defined]

import assistant  # noqa: E402

_META = re.compile(r"[\[\]()|+*?{}\\^$]")


def _yaml_strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _yaml_strings(k) + _yaml_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _yaml_strings(v)]
    return []


def main(sample: Path) -> None:
    import yaml

    for mod in pkgutil.walk_packages(assistant.__path__, "assistant."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)
    from assistant.domain.parse import parse_file
    from assistant.domain.rubric import load_rubric
    from assistant.domain.unit_kind import infer_unit_kind
    from assistant.services.critique import critique_file
    from assistant.services.index.chunking import chunk_report

    critique_file(sample, rubric=load_rubric())
    for report in parse_file(sample).reports:
        infer_unit_kind(report)
        chunk_report(report, size=300, overlap=30)
    roots = [Path(assistant.__file__).parent / "data", Path(assistant.__file__).parents[2] / "prompts"]
    for root in roots:
        for f in sorted(root.glob("*.yaml")):
            for s in _yaml_strings(yaml.safe_load(f.read_text(encoding="utf-8"))):
                if _META.search(s):
                    try:
                        _compile(s, 0)
                    except re.error:
                        continue
                    _found.setdefault((s, 0), f"data/{f.name}")
    json.dump([[p, fl, w] for (p, fl), w in sorted(_found.items())], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
