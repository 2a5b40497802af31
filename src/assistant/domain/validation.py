"""One-line Chinese summaries of pydantic validation errors, naming each bad field as the user wrote it.

The field is the key path of the YAML or TOML file (`work_items[第3条].figures`, counting from 1 as a reader
does); the reason is said in Chinese from pydantic's error type and its context, never pydantic's English message.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """('work_items', 2, 'figures') → 'work_items[第3条].figures'; the top level is （整体）."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[第{part + 1}条]"
        elif "[" in str(part) or "-" in str(part):  # pydantic's own steps (function-after[…], a union branch)
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "（整体）"


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 30 else text[:29] + "…"


def reason(err: dict[str, Any]) -> str:
    """Why one value was refused, in Chinese."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    got = f"，现为 {_shown(err['input'])}" if "input" in err and not isinstance(err["input"], (dict, list)) else ""
    simple = {
        "missing": "缺少这一项，必须填写",
        "extra_forbidden": "没有这一项（字段名写错了？）",
        "list_type": "应是列表（每条另起一行，以“- ”开头）" + got,
        "tuple_type": "应是列表" + got,
        "set_type": "应是列表" + got,
        "dict_type": "应是一组“名称: 值”" + got,
        "model_type": "应是一组“名称: 值”" + got,
        "model_attributes_type": "应是一组“名称: 值”" + got,
        "string_type": "应是文字" + got,
        "string_unicode": "应是文字" + got,
        "int_type": "应是整数" + got,
        "int_parsing": "应是整数" + got,
        "int_from_float": "应是整数，不能带小数" + got,
        "float_type": "应是数字" + got,
        "float_parsing": "应是数字" + got,
        "bool_type": "应是 true 或 false" + got,
        "bool_parsing": "应是 true 或 false" + got,
        "path_type": "应是文件路径" + got,
        "url_type": "应是网址，如 http://127.0.0.1:8000/v1" + got,
        "url_parsing": "应是网址，如 http://127.0.0.1:8000/v1" + got,
        "url_scheme": "网址应以 http:// 或 https:// 开头" + got,
        "none_required": "这里不能填值",
        "json_invalid": "不是合格的 JSON",
        "json_type": "不是合格的 JSON",
    }
    if kind in simple:
        return simple[kind]
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        word = {"greater_than": "应大于", "greater_than_equal": "不能小于", "less_than": "应小于",
                "less_than_equal": "不能大于"}[kind]
        limit = next(iter(ctx.values()), "")
        return f"{word} {limit}{got}"
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "不能为空" if n == 1 else f"至少要有 {n} 个字{got}"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字"
    if kind == "too_short":
        return f"至少要有 {ctx.get('min_length')} 条（现有 {ctx.get('actual_length', 0)} 条）"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 条（现有 {ctx.get('actual_length')} 条）"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", "、").replace(", ", "、").replace("'", "")
        return f"只能是 {expected} 之一{got}"
    if kind in ("value_error", "assertion_error"):
        # our own validators raise ValueError with a Chinese message: pydantic prefixes "Value error, "
        return str(ctx.get("error") or err.get("msg", "")).removeprefix("Value error, ")
    return f"值不合法（{kind}）{got}"


def validation_summary(err: ValidationError, limit: int | None = None,
                       origin: dict[str, str] | None = None) -> str:
    """'字段：原因；…' for the first `limit` errors (all when None); origin names where a top-level value came from."""
    errors = err.errors()
    shown = errors if limit is None else errors[:limit]
    parts = []
    for e in shown:
        src = (origin or {}).get(str(e["loc"][0])) if e["loc"] else None
        parts.append(f"{field_path(e['loc'])}：{reason(e)}" + (f"（来自 {src}）" if src else ""))
    text = "；".join(parts)
    if limit is not None and len(errors) > limit:
        text += f"；另有 {len(errors) - limit} 处"
    return text
