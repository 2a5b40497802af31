"""The kinds of fault an official's review of the offline drafts found (/work/data/offline_review.md, by kind),
each tested over every eval profile as a kind, not as the quoted sentence; and the length plan: what a draft
writes plus what its slots ask comes to the target length."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.domain.models import Role
from assistant.domain.profile import UnitProfile, load_profile
from assistant.services.drafting.length_plan import asked, fit_slots, part_length, planned, shares, written
from assistant.services.drafting.messages import target_chars
from assistant.services.drafting.models import DraftResult
from assistant.services.drafting.offline_exemplars import _fits_kind
from assistant.services.drafting.offline_kinds import side
from assistant.services.drafting.report import draft_report
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "evals/cases").glob("*.yaml"))
NO_INDEX = Settings(chroma_path=Path("/nonexistent/assistant-test-index"))
SLOT = re.compile(r"【待补充[:：][^【】]*】")
MARK = re.compile(r"^（([一二三四五六七八九十]+)）")
ORGS = "(?:党委|党支部|党总支|党工委|党组|党组织)"


@pytest.fixture(scope="module")
def drafts(seed_index: Path) -> dict[str, tuple[UnitProfile, DraftResult]]:
    """Every eval profile drafted offline once, with exemplars from the seed index (as the eval drafts are)."""
    out = {}
    for path in CASES:
        p = load_profile(path)
        out[path.stem] = (p, draft_report(p, Settings(chroma_path=seed_index), backend="offline"))
    return out


def _text(d: DraftResult, role: Role) -> str:
    part = d.part(role)
    return part.text if part else ""


def _items(text: str) -> list[str]:
    """A part's items (its lead line dropped when it has numbered items); a part of one item is its paragraph."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    numbered = [MARK.sub("", ln) for ln in lines if MARK.match(ln)]
    return numbered or lines[-1:]


def _own(p: UnitProfile, text: str) -> str:
    """The composer's own words in a text: slots and every phrase of the profile taken out."""
    text = SLOT.sub("", text)
    given = [w.text for w in p.work_items] + [x for r in p.rectifications for x in (r.feedback, r.action)] + \
        list(p.problems) + list(p.causes) + list(p.priorities) + [p.unit_name, p.superior_org or ""]
    for g in sorted((g for g in given if g), key=len, reverse=True):
        for clause in [g, *re.split(r"[，。；、]", g)]:
            if len(clause) >= 2:
                text = text.replace(clause, "")
    return text


# ---- length ------------------------------------------------------------------------------------------------

def test_shares_give_problems_and_causes_a_third() -> None:
    s = shares()
    assert abs(sum(s.values()) - 1) < 1e-9
    assert abs(s[Role.problems] + s[Role.causes] - 1 / 3) < 1e-9
    assert max(s, key=lambda r: s[r]) == Role.achievements
    p = load_profile(CASES[0])
    assert target_chars(p, Role.problems) == part_length(p.target_length, Role.problems) > 0


def test_slots_are_scaled_so_facts_and_asks_make_the_target() -> None:
    got = fit_slots(1000, {Role.achievements: 700, Role.plans: 400}, {Role.achievements: 300, Role.plans: 100},
                    {Role.achievements: 2, Role.plans: 1})
    assert sum(got.values()) == 600 and got[Role.achievements] > got[Role.plans]
    # facts past the target: each slot still asks for a little, never nothing
    assert fit_slots(100, {Role.plans: 50}, {Role.plans: 300}, {Role.plans: 3}) == {Role.plans: 30}
    assert asked("做了。【待补充：具体做法，约150字】【待补充：数据】") == 150
    assert written("做了。【待补充：具体做法，约150字】") == 2


# 3,000 in the quick suite; the two ends (about 9 s each: ten drafts) with the slow tests
@pytest.mark.parametrize("target", [pytest.param(1000, marks=pytest.mark.slow), 3000,
                                    pytest.param(6000, marks=pytest.mark.slow)])
def test_facts_plus_asked_slots_come_to_the_target(target: int) -> None:
    for path in CASES:
        p = load_profile(path).model_copy(update={"target_length": target})
        d = draft_report(p, NO_INDEX, backend="offline")
        got = planned(d.text)
        assert abs(got - target) <= 0.15 * target, (path.stem, got, target)


def test_the_target_changes_the_draft() -> None:
    p = load_profile(CASES[0])
    texts = {t: draft_report(p.model_copy(update={"target_length": t}), NO_INDEX, backend="offline").text
             for t in (1000, 3000)}
    assert texts[1000] != texts[3000] and written(texts[1000]) == written(texts[3000])  # same facts, other asks


def test_problems_and_causes_are_about_a_third_with_their_slots(drafts: dict) -> None:  # kind 7
    for name, (_, d) in drafts.items():
        body = {r: planned(_text(d, r)) for r in (Role.opening, Role.achievements, Role.rectification,
                                                  Role.problems, Role.causes, Role.plans, Role.closing)}
        share = (body[Role.problems] + body[Role.causes]) / sum(body.values())
        assert share >= 0.3, (name, share)


def test_every_item_asks_for_its_specifics(drafts: dict) -> None:  # kinds 8 and 14
    for name, (_, d) in drafts.items():
        for role in (Role.achievements, Role.problems, Role.causes, Role.plans):
            for item in _items(_text(d, role)):
                assert re.search(r"约\d+字】$", item), (name, role, item)


# ---- sentences ---------------------------------------------------------------------------------------------

def test_no_closing_gives_a_party_organisation_development(drafts: dict) -> None:  # kind 1
    for name, (p, d) in drafts.items():
        closing = _text(d, Role.closing)
        assert not re.search(f"为[^，。]*{ORGS}[^，。]{{0,4}}(?:高质量)?发展", closing), (name, closing)
        assert p.unit_name not in closing


def test_closings_are_not_word_for_word_the_same_across_units(drafts: dict) -> None:  # kind 18
    closings = [_text(d, Role.closing) for _, d in drafts.values()]
    assert not any("下一步" in c for c in closings)  # the part's heading already says it
    # with the words of the unit masked (its position, its kind's goal), the sentences still differ
    masked = {re.sub(r"为.*?提供", "为…提供", c.replace(p.writer_position or "", "…"))
              for (p, _), c in zip(drafts.values(), closings, strict=True)}
    assert len(masked) >= 3, masked


def test_the_opening_names_the_unit_once_and_its_own_main_work(drafts: dict) -> None:  # kind 9, 10
    for name, (_, d) in drafts.items():
        opening = _text(d, Role.opening)
        assert not re.search(f"{ORGS}党建工作", opening), (name, opening)
        assert "中心工作" not in opening, (name, opening)
        m = re.search(r"聚焦([^，。]+)", opening)  # a focus list, if any, starts with 政治建设 and lists 建设s
        assert not m or (m.group(1).startswith("政治建设") and all(x.endswith("建设") for x in m.group(1).split("、")))


def test_no_measure_starts_with_a_cut_problem(drafts: dict) -> None:  # kind 3
    for name, (p, d) in drafts.items():
        plans = _text(d, Role.plans)
        for problem in p.problems:
            first = re.split(r"[，；]", problem)[0]
            for n in range(2, len(first)):  # every proper cut of the problem's first clause
                cut = first[:n]
                assert not re.search(f"(?:围绕|紧扣|着眼|聚焦|针对){re.escape(cut)}[，的]", plans), (name, cut)


def test_no_fact_the_profile_does_not_give_is_written_as_settled(drafts: dict) -> None:  # kind 2, 12
    for name, (p, d) in drafts.items():
        rect = _items(_text(d, Role.rectification)) if p.rectifications else []
        for r, item in zip(p.rectifications, rect, strict=True):
            settled = re.search(r"已整改|整改到位|完成整改|销号", SLOT.sub("", item))
            if "status" not in r.model_fields_set:
                assert not settled, (name, item)
            assert "目前已整改" not in item and not item.rstrip("。").endswith("目前持续整改"), item
            if r.status == "持续整改":
                assert SLOT.search(item), item  # what is still open is the writer's to say
        # an objective cause is either the profile's or a slot: the unit's conditions are facts
        for item in _items(_text(d, Role.causes)):
            own = SLOT.sub("", item)
            if own.startswith("客观上") and not any(c.rstrip("。") in own for c in p.causes):
                assert own.strip("客观上，。") == "", (name, item)


def test_no_single_item_is_numbered(drafts: dict) -> None:  # kind 16
    for name, (_, d) in drafts.items():
        for part in d.parts:
            marks = [MARK.match(ln).group(1) for ln in part.text.splitlines() if MARK.match(ln)]
            assert marks != ["一"], (name, part.role)


def test_one_problem_is_not_rectified_item_by_item(drafts: dict) -> None:  # kind 12
    for name, (p, d) in drafts.items():
        if len(p.rectifications) == 1:
            assert "逐项" not in _text(d, Role.rectification), name


def test_no_nested_quotation_marks(drafts: dict) -> None:  # kind 20
    for name, (_, d) in drafts.items():
        for line in d.text.splitlines():
            depth = 0
            for ch in line:
                depth += (ch == "“") - (ch == "”")
                assert depth <= 1, (name, line)
            assert "‘" not in line, (name, line)


def test_achievements_speak_as_the_secretary(drafts: dict) -> None:  # kind 6
    for name, (_, d) in drafts.items():
        items = _items(_text(d, Role.achievements))
        assert sum("我" in SLOT.sub("", x) for x in items) >= max(1, len(items) // 2), (name, items)


def test_headings_fit_their_items(drafts: dict) -> None:  # kinds 4, 5, 11, 15
    for name, (p, d) in drafts.items():
        heads = []
        for item in _items(_text(d, Role.achievements)):
            head, _, rest = item.partition("。")
            heads.append(head)
            facts = SLOT.sub("", rest)
            # the heading says what the item is about: it shares a telling character with its facts, or its slot
            # asks how the Party work served them
            common = set("党建设工作的和与在加强推进开展抓好实发挥用组织员")
            assert (set(head) & set(facts)) - common or "党组织和党员在其中" in item, (name, item)
            # no slogan modifier before a bare domain (同向发力深化…), no 中心工作 outside an office
            assert not re.match(r"^(?:同向发力|持之以恒|从严从实|从严从紧|学思践悟|用心用情|驰而不息|固本强基|心系群众)", head)
            if p.unit_kind not in ("党政机关", "政协人大机关"):
                assert "中心工作" not in head, (name, head)
            # a verb that needs an object does not end the heading on a bare domain
            assert not re.search(r"(?:深化|做实|加强)(?:中心工作|乡村振兴|服务群众|基层治理|重点任务)$", head), head
        assert len({h[:2] for h in heads}) == len(heads), (name, heads)  # no two headings alike at their start


def test_causes_say_their_side(drafts: dict) -> None:  # kind 13
    for name, (_, d) in drafts.items():
        text = _text(d, Role.causes)
        assert "根子还在主观上" not in text
        for item in _items(text):
            own = SLOT.sub("", item)
            s = side(own)
            if s in ("subjective", "objective"):
                assert own.startswith("主观上" if s == "subjective" else "客观上"), (name, item)


def test_the_ask_after_a_problem_names_nothing_of_another_problem(drafts: dict) -> None:  # kind 17
    for name, (_, d) in drafts.items():
        for item in _items(_text(d, Role.problems)):
            for s in SLOT.findall(item):
                assert "，如" not in s, (name, item)  # no example list that may not fit this problem


def test_the_composers_own_words_fit_the_kind_of_unit(drafts: dict) -> None:  # kind 11
    for name, (p, d) in drafts.items():
        for line in d.text.splitlines()[1:]:
            own = _own(p, line)
            for sentence in re.split(r"[。；：]", own):
                assert _fits_kind(sentence, p.unit_kind), (name, sentence)
        if not any("流动" in x for x in [*p.problems, *p.causes, *p.priorities]):
            assert "流动党员" not in SLOT.sub("", d.text), name


def test_work_without_figures_or_told_as_a_task_asks_for_them(drafts: dict) -> None:  # kinds 14, 19
    for name, (p, d) in drafts.items():
        for w in p.work_items:
            item = next(x for x in _items(_text(d, Role.achievements)) if w.text in x)
            asks = "".join(SLOT.findall(item))
            if not w.figures:
                assert "数据" in asks, (name, item)
            if re.match(r"^(?:做好|建设)", w.text):
                assert "完成情况" in asks, (name, item)

