"""tests/faults/ on the import path, for the scenarios module the tests and the fault-suite script share."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
