"""The case profiles span what the issue asks: the unit kinds of docs/domain.md, 2021-2025, rich and thin;
and the thin ones exercise the slots (a draft leaves 【待补充：…】 where the profile gives nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.profile import load_profile
from assistant.services.drafting.grounding import slots_in
from assistant.services.drafting.report import draft_report
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "evals/cases").glob("*.yaml"))
# group company, non-public enterprise, county office, CPPCC office, school, hospital, village, township,
# community, park working committee
KINDS = {"国有企业", "非公企业", "党政机关", "政协人大机关", "学校", "医院", "村", "乡镇", "社区", "园区党工委"}


def thin(p) -> bool:
    return not p.causes or not p.priorities or not p.rectifications


def test_cases_span_kinds_levels_and_years():
    profiles = [load_profile(f) for f in CASES]
    assert len(profiles) >= 10
    assert {p.unit_kind for p in profiles} >= KINDS
    assert {p.year for p in profiles} >= {2021, 2022, 2023, 2024, 2025}
    assert len({p.level for p in profiles}) >= 4
    rich = [p for p in profiles if len(p.work_items) >= 5 and p.rectifications and p.causes and p.priorities]
    assert len(rich) >= 3 and sum(map(thin, profiles)) >= 3


@pytest.mark.parametrize("path", [f for f in CASES if thin(load_profile(f))], ids=lambda f: f.stem)
def test_a_thin_case_drafts_with_slots(path, tmp_path):
    profile = load_profile(path)
    draft = draft_report(profile, Settings(chroma_path=tmp_path / "none"), backend="offline")
    assert slots_in(draft.text) and draft.slots
