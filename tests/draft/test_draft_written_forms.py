"""What the user opens is what is checked: the .md and .txt files the offline composer writes pass the
critique's structural checks as written (Markdown headings included), warnings too."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_file
from assistant.services.drafting.pipeline import draft_report
from assistant.services.drafting.writers import write_result
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "examples/profiles").glob("*.yaml"))
STRUCTURE = {"missing-part", "part-order", "numbering", "placeholder", "letter-d", "halfwidth-punct"}


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_written_draft_passes_structure_checks(path: Path, suffix: str, seed_index: Path, tmp_path: Path) -> None:
    settings = Settings(chroma_path=seed_index)
    result = draft_report(load_profile(path), settings, backend="offline")
    out = tmp_path / f"report{suffix}"
    write_result(result, out, settings)
    crit = critique_file(out, rubric=load_rubric())
    bad = [(f.check, f.line, f.message) for f in crit.findings if f.check in STRUCTURE]
    assert bad == []
