"""`assistant config`: the effective settings, key masked.

Only typer is imported at load; the services load inside each command, so `assistant --help` starts fast.
"""

from __future__ import annotations

import json

import typer

from assistant.cli.common import UserError


def register(app: typer.Typer) -> None:
    @app.command("config")
    def config_show(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
        """显示实际生效的设置（优先级：命令行选项 > 环境变量 > ./assistant.toml > 用户配置 > 默认值）。"""
        from assistant.settings import SettingsError, config_dir, load_settings

        try:
            s = load_settings()
        except SettingsError as e:
            raise UserError(str(e)) from e
        d = s.masked()
        if as_json:
            typer.echo(json.dumps(d, ensure_ascii=False, indent=2))
            return
        typer.echo(f"# 用户配置文件：{config_dir() / 'assistant.toml'}")
        for k, v in d.items():
            typer.echo(f"{k} = {v}")
