"""Loading of the data files in assistant/data (cleaning rules, parser cues), cached per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from assistant.domain.yamltext import load_yaml


@cache
def load_data(name: str) -> dict[str, Any]:
    text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise ValueError(f"assistant/data/{name}：应是一组“名称: 值”")
    return data
