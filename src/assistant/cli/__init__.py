"""Command-line entry point. The CLI only parses arguments and prints; work is done in services.

Each area registers its commands from its own module (cli/<area>.py, a `register(app)` function), so
heavy modules (chromadb, openai, langchain) load only inside the command that needs them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import typer

from assistant.cli.common import UserError, fail

app = typer.Typer(
    name="assistant",
    help="述职助手: index report material, draft and check 书记抓基层党建工作述职报告.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

@app.callback()
def _root() -> None:
    """述职助手: index report material, draft and check 书记抓基层党建工作述职报告."""


_AREAS = ["corpus_cmds", "config_cmds", "draft_cmds", "critique_cmds", "eval_cmds"]

for _name in _AREAS:
    _mod = f"assistant.cli.{_name}"
    if importlib.util.find_spec(_mod) is not None:
        importlib.import_module(_mod).register(app)


def main() -> None:
    try:
        app()
    except UserError as e:
        fail(str(e), e.code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
