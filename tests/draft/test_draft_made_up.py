"""What a model makes up where the facts decide the part: the rectification answers last year's feedback entries
and no others, and a part left with nothing usable after the repairs gets the facts, composed offline and named
so, rather than an empty slot."""

from __future__ import annotations

from pathlib import Path

from draft_helpers import GOOD, part_of
from fakeopenai import FakeOpenAI, Reply

from assistant.domain.models import Role
from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.drafting import cutting, guards
from assistant.services.drafting.messages import sent_of, target_chars
from assistant.services.drafting.models import DraftResult
from assistant.services.drafting.report import COMPOSED, draft_report
from assistant.services.drafting.work import INCOMPLETE
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILE = load_profile(ROOT / "examples/profiles/state_enterprise.yaml")  # two feedback entries
BARE = PROFILE.model_copy(update={"rectifications": []})
RULE = load_rubric().part(Role.rectification)
# a small model's items: one answers an entry in its own words, the others are problems nobody raised
ITEMS = ("对照去年评议意见，我逐条抓了整改。\n"
         "（一）党建和经营“两张皮”的现象有所改观，“党建+项目”机制在重点项目全面推开。\n"
         "（二）食堂卫生管理有漏洞，已更换全部炊具。\n"
         "（三）档案室消防设施老化，已完成改造。")


def _defects(profile, text: str) -> list[str]:
    return guards.guard_defects(text, Role.rectification, target_chars(profile, Role.rectification),
                                sent_of(profile, RULE, Settings(), []))


def test_rectification_items_that_answer_no_feedback_entry_are_made_up_and_cut() -> None:
    found = [d for d in _defects(PROFILE, ITEMS) if d.startswith(guards.UNFOUNDED)]
    assert len(found) == 1 and "食堂卫生" in found[0] and "只写材料列出的反馈问题" in found[0]
    cut, dropped = cutting.cut_back(ITEMS, Role.rectification, 400, sent_of(PROFILE, RULE, Settings(), []))
    assert dropped and "两张皮" in cut and "食堂" not in cut and "消防" not in cut and "逐条抓了整改" in cut
    # with no feedback given, every item is made up; the lead and a slot are what the part may hold
    assert any("材料里没有反馈问题" in d for d in _defects(BARE, ITEMS))
    assert not _defects(BARE, "对照上年度评议意见，我认真抓了整改。【待补充：上年度述职评议反馈问题及整改情况】")
    # the guard reads the rectification only: the same lines in the achievements are no defect
    assert not any(d.startswith(guards.UNFOUNDED) for d in guards.guard_defects(
        ITEMS, Role.achievements, 800, sent_of(PROFILE, load_rubric().part(Role.achievements), Settings(), [])))


def _draft_answering(bad: Role, content: str, fake_openai: FakeOpenAI, settings: Settings, index: Path
                     ) -> DraftResult:
    """A report drafted by a model that answers `content` for the `bad` part on every round, well for the rest."""
    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        return Reply(content=content if role == bad else GOOD[role])

    fake_openai.responder = answer
    return draft_report(PROFILE, settings.model_copy(update={"chroma_path": index, "max_repairs": 1}), backend="api")


def test_a_part_left_with_nothing_usable_gets_the_facts_composed_offline_and_named(
        fake_openai: FakeOpenAI, api_settings: Settings, seed_index: Path) -> None:
    r = _draft_answering(Role.rectification, "（一）食堂卫生管理有漏洞，已更换全部炊具。\n（二）档案室消防设施老化，已完成改造。",
                         fake_openai, api_settings, seed_index)  # made up on every round
    part = r.part("rectification")
    assert "食堂" not in r.text and "消防" not in r.text
    assert all(x.feedback in part.text for x in PROFILE.rectifications)  # the entries, from the facts
    assert part.text.endswith(INCOMPLETE["composed"]) and COMPOSED in part.notes
    # the part still counts as failed (the draft exits 3), for what the model did; the others passed
    assert part.defects[0].startswith(guards.UNFOUNDED) and part.defects[-1] == COMPOSED
    assert [p.role for p in r.parts if p.defects] == [Role.rectification]


def test_a_short_line_said_over_is_a_repeat_and_said_once_when_cut() -> None:
    text = "整改情况如下：\n整改情况如下：\n整改情况如下："
    assert any(d.startswith(guards.REPEATED) for d in _defects(PROFILE, text))
    assert cutting.cut_back(text, Role.rectification, 400, sent_of(PROFILE, RULE, Settings(), [])) == ("", True)


def test_a_closing_still_failing_after_the_repairs_is_replaced_by_the_stand_in(
        fake_openai: FakeOpenAI, api_settings: Settings, seed_index: Path) -> None:
    # a plans item where the closing should be, every round
    r = _draft_answering(Role.closing, "3.完善党员教育体系，提升党员综合素质。", fake_openai, api_settings, seed_index)
    closing = r.part("closing")
    assert "完善党员教育体系" not in closing.text and closing.text.endswith(INCOMPLETE["composed"])
    assert closing.defects[-1] == COMPOSED
