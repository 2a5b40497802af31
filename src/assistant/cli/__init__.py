"""Command-line entry point. The CLI only parses arguments and prints; work is done in services.

Each area registers its commands from its own module (cli/<area>.py, a `register(app)` function), so
heavy modules (chromadb, openai, langchain) load only inside the command that needs them. Only typer is
imported at load; the services load inside each command, so `assistant --help` starts fast.
"""

from __future__ import annotations

import importlib
import sys

import typer

from assistant.cli.common import UserError, fail

app = typer.Typer(
    name="assistant",
    help="述职助手：建立述职材料索引，起草、检查书记抓基层党建工作述职报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def _version(value: bool) -> None:
    if value:
        from assistant import __version__

        typer.echo(f"述职助手 (assistant) {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="显示版本号并退出"),
) -> None:
    """述职助手：建立述职材料索引，起草、检查书记抓基层党建工作述职报告。"""


_AREAS = ["corpus_cmds", "config_cmds", "draft_cmds", "critique_cmds", "eval_cmds", "profile_cmds"]

# Every area's module is imported unconditionally: a missing or broken one fails loudly here (and in the tests)
# instead of silently dropping its commands.
for _name in _AREAS:
    importlib.import_module(f"assistant.cli.{_name}").register(app)


def _click_exceptions():  # type: ignore[no-untyped-def]
    # Typer ≥ 0.22 carries its own copy of click; older Typer uses click itself.
    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:
        return importlib.import_module("click.exceptions")


def main() -> None:
    from assistant.cli import zh

    ex = _click_exceptions()
    try:
        # The built command tree, in Chinese (help texts of the framework, usage errors below): cli/zh.py.
        zh.localize_framework()
        command = typer.main.get_command(app)
        zh.localize_command(command)
        # Not standalone: click's usage errors come back to us, so they are one line, not a box.
        rv = command.main(standalone_mode=False)
    except UserError as e:
        fail(str(e), e.code)
    except ex.UsageError as e:
        if type(e).__name__ == "NoArgsIsHelpError" and e.ctx is not None:
            # A group called bare: its help is the answer. Building the error rendered it already when typer
            # prints with rich (then the message is empty); print it only when it came back as text.
            if e.format_message().strip():
                print(e.format_message())
            sys.exit(2)
        where = e.ctx.command_path if e.ctx is not None else "assistant"
        # fail() already says "assistant: error:"; name the subcommand only (no "assistant: … assistant:")
        sub = where.removeprefix("assistant").strip()
        fail(f"{sub + '：' if sub else ''}{zh.usage_error(e)}（用法见 {where} --help）", 2)
    except ex.ClickException as e:
        fail(e.format_message(), e.exit_code)
    except KeyboardInterrupt:
        fail("已中断", 130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:
        if type(e).__name__ == "Abort":
            fail("已中断", 130)
        from assistant.services.index.disk import is_disk_full

        if is_disk_full(e):  # wherever it happened (an output file, the index, a temp file): one line
            fail("磁盘已满：请腾出空间后重新运行这条命令（此前写好的文件没有改动）", 1)
        raise
    if rv == 130:
        # Typer turns Ctrl-C inside a command into a bare exit code 130; no command returns 130 itself.
        fail("已中断", 130)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":
    main()
