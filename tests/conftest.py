"""Every test runs with its own user data, config and cache directories (XDG_*), so that nothing a test runs,
in process or in a subprocess that copies the environment, reads or writes the real user's index or settings.
(The helpers drop ASSISTANT_* variables from a subprocess's environment; XDG_* ones pass through.)"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pytest_configure(config) -> None:  # noqa: ANN001
    root = Path(tempfile.mkdtemp(prefix="assistant-tests-"))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(root / var.lower())
    os.environ.pop("ASSISTANT_HOME", None)
