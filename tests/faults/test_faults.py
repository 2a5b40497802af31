"""One test per fault of the hostile run (tests/faults/scenarios.py says how each is provoked): no traceback,
the scenario's expectation met, and what was stored before intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenarios import SCENARIOS, Work

pytestmark = pytest.mark.slow  # make test-slow


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_fault(name: str, tmp_path: Path) -> None:
    out = SCENARIOS[name](Work(tmp_path))
    if out.skipped:
        pytest.skip(out.skipped)
    assert not out.traceback, out.stderr
    assert out.ok, f"{out.note} (exit {out.code})\n{out.stderr}"
    assert out.intact is not False, out.note
