"""Small helpers shared by the command modules: one clear line on stderr and an exit code."""

from __future__ import annotations

import sys
from typing import NoReturn


class UserError(Exception):
    """An error caused by input or configuration: printed as one line, never as a traceback."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 2) -> NoReturn:
    print(f"assistant: 错误：{message}", file=sys.stderr)
    sys.exit(code)


def warn(message: str) -> None:
    print(f"assistant: {message}", file=sys.stderr)
