"""The framework's own words in Chinese: typer's help panels, click's usage line and usage errors.

Typer ≥ 0.22 carries its own copy of click whose messages are f-strings, not gettext calls, so a message catalog
cannot reach them. Instead: typer.rich_utils' module constants (panel titles, [default: …], [required]) are set;
the built command tree is walked once before it runs (help option text, the type column of the help); and a usage
error is rewritten from its exception class and fields (usage_error below), with a table of the remaining plain
messages. tests/cli/test_chinese_interface.py walks every command's help and a table of refused invocations and
fails on any English sentence, so a typer upgrade that changes these internals shows up there.
"""

from __future__ import annotations

import re
from typing import Any

HELP_OPTION = "显示本帮助并退出"
_TYPES = {"str": "文本", "path": "路径", "Path": "路径", "int": "整数", "float": "数值", "file": "文件",
          "dir": "文件夹", "directory": "文件夹"}


def localize_framework() -> None:
    """Typer's rich help constants and click's "Usage: " prefix, in Chinese. Safe to call more than once."""
    try:
        from typer import rich_utils as ru
    except ImportError:  # typer without rich: the plain help has no panels to name
        ru = None
    if ru is not None:
        for name, text in {"ARGUMENTS_PANEL_TITLE": "参数", "OPTIONS_PANEL_TITLE": "选项",
                           "COMMANDS_PANEL_TITLE": "命令", "ERRORS_PANEL_TITLE": "错误",
                           "ABORTED_TEXT": "已中止。", "REQUIRED_LONG_STRING": "[必填]",
                           "DEFAULT_STRING": "[默认：{}]", "ENVVAR_STRING": "[环境变量：{}]",
                           "DEPRECATED_STRING": "（已弃用）",
                           "RICH_HELP": "用法见 [blue]'{command_path} {help_option}'[/]。"}.items():
            if hasattr(ru, name):
                setattr(ru, name, text)
        hl = getattr(ru, "highlighter", None)
        if hl is not None and not getattr(hl, "_zh", False):
            class Fold(type(hl)):  # type: ignore[misc]
                """Help text folds: rich wraps only at spaces and crops a longer run ("…"), as a Chinese
                sentence is; folding breaks it between characters, as Chinese is written."""

                _zh = True

                def __call__(self, text: Any) -> Any:
                    out = super().__call__(text)
                    out.overflow = "fold"
                    return out

            ru.highlighter = Fold()
    ctx_cls = _click().core.Context
    base = ctx_cls.formatter_class
    if not getattr(base, "_zh", False):
        class ZhFormatter(base):  # type: ignore[misc, valid-type]
            _zh = True

            def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
                super().write_usage(prog, args, "用法：" if prefix is None else prefix)

            def section(self, name: str) -> Any:
                return super().section({"Options": "选项", "Arguments": "参数", "Commands": "命令"}.get(name, name))

        ctx_cls.formatter_class = ZhFormatter


def _click() -> Any:
    import importlib

    try:  # Typer ≥ 0.22 carries its own copy of click; older Typer uses click itself
        return importlib.import_module("typer._click")
    except ImportError:
        return importlib.import_module("click")


def _type_label(original: str | None) -> str | None:
    """<bool> → nothing (a flag takes no value); <path> → 路径; <list[Path]> → 路径…; a metavar stays as given."""
    if original is None:
        return None
    m = re.fullmatch(r"<(?:list\[)?([A-Za-z]+)(?: range)?\]?>(\.\.\.)?", original)
    if not m:
        return original
    if m.group(1) == "bool":
        return None
    label = _TYPES.get(m.group(1), "值")
    return label + ("…" if "list[" in original or m.group(2) else "")


def localize_command(cmd: Any) -> None:
    """Every command under cmd: the help option's text and the type column, in Chinese (per object, not class)."""
    original = cmd.get_help_option

    def get_help_option(ctx: Any) -> Any:
        opt = original(ctx)
        if opt is not None and opt.help != HELP_OPTION:
            opt.help = HELP_OPTION
            shown = getattr(opt, "display_type_rich", None)
            if shown is not None:
                opt.display_type_rich = lambda ctx, _f=shown: _type_label(_f(ctx))
        return opt

    cmd.get_help_option = get_help_option
    if getattr(cmd, "options_metavar", None) == "[OPTIONS]":
        cmd.options_metavar = "[选项]"
    if getattr(cmd, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        cmd.subcommand_metavar = "命令 [参数]..."
    for p in getattr(cmd, "params", []):
        shown = getattr(p, "display_type_rich", None)
        if shown is not None:
            p.display_type_rich = lambda ctx, _f=shown: _type_label(_f(ctx))
    for sub in getattr(cmd, "commands", {}).values():
        localize_command(sub)


_PLAIN = [  # the usage errors that come as a plain message (click's and typer's own words)
    (r"No such command '(.*)'\.?(?: Did you mean (.*)\?)?", lambda m: f"没有这个命令：{m[1]}"
     + (f"（是不是 {m[2]}？）" if m[2] else "")),
    (r"Missing command\.?", lambda m: "缺少命令"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", lambda m: f"多余的参数：{m[1]}"),
    (r"Option '(.*)' requires an argument\.?", lambda m: f"选项 {m[1]} 后面要跟一个值"),
    (r"Option '(.*)' requires (\d+) arguments\.?", lambda m: f"选项 {m[1]} 后面要跟 {m[2]} 个值"),
    (r"Option '(.*)' does not take a value\.?", lambda m: f"选项 {m[1]} 不带值"),
    (r"No such option: (\S+)", lambda m: f"没有这个选项：{m[1]}"),
]
_VALUE = [  # why a value was refused (click's, typer's and pydantic's words for it)
    (r".*valid integer.*|.*is not a valid int.*", "要填整数"),
    (r".*valid number.*|.*is not a valid float.*", "要填数字"),
    (r".*valid boolean.*|.*is not a valid bool.*", "要填 true 或 false"),
    (r".*greater than or equal to (\S+?)\.?$", "不能小于 {0}"),
    (r".*less than or equal to (\S+?)\.?$", "不能大于 {0}"),
    (r".*greater than (\S+?)\.?$", "要大于 {0}"),
    (r".*less than (\S+?)\.?$", "要小于 {0}"),
    (r".*is not in the range (.*?)\.?$", "超出范围 {0}"),
    (r".*is not one of (.*?)\.?$", "只能是 {0} 之一"),
    (r".*does not exist.*", "不存在"),
]


def _value_reason(message: str) -> str:
    for rx, zh in _VALUE:
        m = re.fullmatch(rx, message.strip(), re.S)
        if m:
            return zh.format(*m.groups())
    return message if re.search(r"[\u4e00-\u9fff]", message) else "值不合法"


def _names(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
    if opts:
        return " / ".join(opts)
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "").upper()


def usage_error(e: Any) -> str:
    """A click usage error as one Chinese clause (without the command path, which the caller adds)."""
    ex = _click().exceptions
    if isinstance(e, ex.NoSuchOption):
        near = sorted(e.possibilities or [])
        return f"没有这个选项：{e.option_name}" + (f"（是不是 {'、'.join(near)}？）" if near else "")
    if isinstance(e, ex.MissingParameter):
        p = e.param
        if p is not None and getattr(p, "param_type_name", "") == "option":
            return f"缺少必填的选项 {_names(p)}"
        return f"缺少参数 {_names(p)}" if p is not None else "缺少参数"
    if isinstance(e, ex.BadParameter):
        hint = e.param_hint if e.param_hint is not None else (_names(e.param) if e.param is not None else "")
        if not isinstance(hint, str):
            hint = " / ".join(hint)
        return f"{hint} 的值不对：{_value_reason(e.message)}" if hint else f"值不对：{_value_reason(e.message)}"
    message = e.format_message() if isinstance(e, ex.NoSuchOption) else e.message
    for rx, zh in _PLAIN:
        m = re.fullmatch(rx, message.strip(), re.S)
        if m:
            return zh(m)
    return message if re.search(r"[\u4e00-\u9fff]", message) else f"用法不对（{message}）"
