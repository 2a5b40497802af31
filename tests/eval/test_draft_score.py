"""The draft score: a sound offline draft scores full marks; each kind of damage costs its component."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_text
from assistant.services.drafting.length_plan import planned
from assistant.services.drafting.report import draft_report
from assistant.services.evals.draft_suite import covered, score_draft
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    profile = load_profile(ROOT / "evals/cases/06_hospital_2023.yaml")
    # no index here: the composer drafts without exemplars (said in its warnings), which is enough to score
    settings = Settings(chroma_path=tmp_path_factory.mktemp("idx"))
    draft = draft_report(profile, settings, backend="offline")
    return profile, draft.text


def score(profile, text):
    rubric = load_rubric()
    res = critique_text(text, name="draft.txt", rubric=rubric, year=profile.year, llm=False)
    return score_draft(profile, text, res.findings, rubric)


def test_sound_draft_full_marks(case):
    profile, text = case
    s = score(profile, text)
    assert s["components"]["parts"] == 100 and s["components"]["order"] == 100
    assert s["components"]["numbering"] == 100 and s["invented"] == []
    assert s["components"]["coverage"] == 100


def test_each_damage_costs_its_component(case):
    profile, text = case
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if "存在的问题" in ln)
    end = next(i for i, ln in enumerate(lines) if "问题原因分析" in ln)
    no_problems = "\n".join(lines[:start] + lines[end:])
    assert score(profile, no_problems)["components"]["parts"] < 100

    first_item = next(i for i, ln in enumerate(lines) if ln.startswith("（一）"))
    invented = lines[:first_item + 1] + ["（二）全年开展谈心谈话87次，走访党员63户。"] + lines[first_item + 1:]
    s = score(profile, "\n".join(invented))
    assert s["components"]["invented"] < 100 and any("87" in x for x in s["invented"])
    assert s["components"]["numbering"] < 100  # the inserted （二） repeats the next item's number

    placeholder = text.replace("。", "，表彰优秀党员XXX同志。", 1)
    assert score(profile, placeholder)["components"]["placeholders"] < 100

    dropped = text.replace(profile.work_items[0].text, "")
    assert score(profile, dropped)["components"]["coverage"] < 100

    long = text + ("我们坚持不懈抓好党建工作，推动各项任务落地见效。" * 300)
    s = score(profile, long)
    assert s["components"]["length"] < 100 and s["length_ratio"] > 1.5

    # a skeleton: the slots ask for nothing, so what is there is far short of the target
    skeleton = re.sub(r"，约\d+字】", "】", text)
    s = score(profile, skeleton)
    assert s["components"]["length"] < 50 and s["planned_ratio"] < 0.4


def test_a_rectification_counts_only_with_what_was_done(case):
    """Naming last year's feedback is not reporting its rectification: the action must be there too."""
    profile, text = case
    r = profile.rectifications[0]
    assert score(profile, text)["components"]["coverage"] == 100
    only_feedback = text.replace(r.action, "认真抓好整改")
    assert r.feedback in only_feedback
    s = score(profile, only_feedback)
    n = len(profile.work_items) + len(profile.rectifications)
    assert s["components"]["coverage"] == round(100 * (n - 1) / n, 1)
    assert s["not_covered"] == [f"{r.feedback}；整改：{r.action}"]


def test_length_is_facts_plus_asked_slots(case):
    profile, text = case
    s = score(profile, text)
    chars = sum(1 for ch in text if not ch.isspace())
    assert s["length_ratio"] == round(chars / profile.target_length, 3)
    assert s["planned"] == planned(text) and abs(s["planned_ratio"] - 1) <= 0.15 and s["components"]["length"] == 100


def test_covered():
    assert covered("组织党员学习党的二十大报告，开展专题学习3次", "我组织党员学习党的二十大报告，开展专题学习3次。")
    assert not covered("发展党员7名", "全年召开支委会12次")
