"""Guards against echo and rambling: a part that repeats the prompt (its facts list, its instructions, the
exemplar, the repair message), repeats its own sentences, carries other parts' headings or runs far past its
length is redrafted with the defect named and, failing that, cut back to what is sound and marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_helpers import GOOD, part_of
from fakeopenai import FakeOpenAI, Reply

from assistant.domain.models import Role
from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.drafting import cutting, fact_echo, guards
from assistant.services.drafting.messages import part_messages, repair_messages, sent_of, target_chars
from assistant.services.drafting.prose import GARBLED
from assistant.services.drafting.report import draft_report
from assistant.services.drafting.work import INCOMPLETE
from assistant.services.index.search import Hit
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILE = load_profile(ROOT / "examples/profiles/state_enterprise.yaml")
RUBRIC = load_rubric()
EXEMPLAR = ("（一）坚持把政治建设摆在首位。我始终把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，"
            "带头落实“第一议题”制度，推动班子成员在学懂弄通做实上下功夫，全体党员的政治判断力明显提升。")


def _sent(role: Role, hits: list[Hit] | None = None) -> guards.Sent:
    return sent_of(PROFILE, RUBRIC.part(role), Settings(), hits or [])


def _hit() -> Hit:
    return Hit(chunk_id="r1:achievements:0", score=0.9, text=EXEMPLAR, role="achievements", report_id="r1",
               title="范文", heading_path="", unit_kind="国有企业", year=2023, source="x.txt")


def _defects(role: Role, text: str, hits: list[Hit] | None = None) -> list[str]:
    return guards.guard_defects(text, role, target_chars(PROFILE, role), _sent(role, hits))


@pytest.mark.parametrize("role", list(GOOD))
def test_a_sound_answer_trips_no_guard(role: Role) -> None:
    assert _defects(role, GOOD[role], [_hit()]) == []


def test_a_copy_of_the_facts_list_is_an_echo() -> None:
    msgs, _ = part_messages(PROFILE, RUBRIC.part(Role.opening), [], Settings())
    facts = msgs[1]["content"].split("不要照抄）：\n")[1].split("\n\n")[0]
    assert facts.startswith("【本单位】")
    found = _defects(Role.opening, facts)
    assert found and found[0].startswith(guards.ECHO)


def test_the_repair_message_and_the_instructions_echoed_are_defects() -> None:
    echo = "你上一次写的【结尾】有这些问题，请重写这一部分：下一步，我将切实履行第一责任人职责。"
    assert _defects(Role.closing, echo)[0].startswith(guards.ECHO)
    rules = "只写要求的这一个部分的正文，不写标题。下一步，我将切实履行第一责任人职责。"
    assert _defects(Role.closing, rules)[0].startswith(guards.ECHO)


def test_a_copied_exemplar_is_a_defect() -> None:
    found = _defects(Role.achievements, EXEMPLAR, [_hit()])
    assert any(d.startswith(guards.COPIED) for d in found)


def test_repeats_other_parts_and_length_are_defects_and_cut_back() -> None:
    same = "主观上，我对党建工作的系统谋划还不够，抓落实的力度有所欠缺。"
    text = "\n".join([f"（{n}）{head}\n{same}" for n, head in zip("一二三", ["思想认识不到位", "责任落实有差距", "制度执行不严格"],
                                                              strict=True)]
                     + ["（四）整改措施", "下一步，我将持续整改。", "摘要", "本文总结了存在的问题。"])
    found = _defects(Role.causes, text)
    assert [d.split("：")[0] for d in found] == [guards.REPEATED, guards.FOREIGN]
    cut, dropped = cutting.cut_back(text, Role.causes, target_chars(PROFILE, Role.causes), _sent(Role.causes))
    assert dropped and cut.count(same) == 1 and "整改措施" not in cut and "摘要" not in cut
    assert cut.startswith("（一）思想认识不到位\n" + same)
    long = "。".join(f"我带头讲党课，推动第{n}项制度落地见效" for n in range(200)) + "。"
    target = target_chars(PROFILE, Role.closing)
    assert any(d.startswith(guards.OVERLONG) for d in _defects(Role.closing, long))
    cut, _ = cutting.cut_back(long, Role.closing, target, _sent(Role.closing))
    assert len(cut) <= guards.overlong_limit(target) and cut.endswith("。")


def test_a_part_that_keeps_echoing_is_redrafted_then_cut_back_and_marked(fake_openai: FakeOpenAI,
                                                                          api_settings: Settings,
                                                                          seed_index: Path) -> None:
    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        if role == Role.causes:  # the prompt's list, then one sound sentence said three times
            return Reply(content="【我查摆的问题】\n- 理论学习不够系统\n（一）主观上，我对理论学习抓得不够紧，"
                                 "以会代学的情况仍然存在。\n（二）主观上，我对理论学习抓得不够紧，以会代学的情况仍然存在。\n"
                                 "（三）客观上，一线项目点多面广，党员分散，集中学习难度较大。")
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    s = api_settings.model_copy(update={"chroma_path": seed_index, "max_repairs": 1})
    r = draft_report(PROFILE, s, backend="api")
    causes = r.part("causes")
    assert causes.attempts == 2
    assert {d.split("：")[0] for d in causes.defects} >= {guards.ECHO, guards.REPEATED}
    repair = next(b for b in fake_openai.chat_requests if part_of(b) == (Role.causes, True))
    sent_back = repair["messages"][-1]["content"]
    assert guards.ECHO in sent_back and guards.REPEATED in sent_back  # the defects named
    previous = sent_back.split("<<<\n")[1].split("\n>>>")[0]
    assert "【我查摆的问题】" not in previous and previous.count("以会代学") == 1  # only what was sound sent back
    assert "【我查摆的问题】" not in causes.text and causes.text.count("以会代学") == 1
    assert causes.text.endswith(INCOMPLETE["cut"]) and "集中学习难度较大。" in causes.text
    assert not [p.role for p in r.parts if p.defects and p.role != Role.causes]


def test_a_part_that_stays_a_copied_facts_list_keeps_no_copy(fake_openai: FakeOpenAI, api_settings: Settings,
                                                              seed_index: Path) -> None:
    # what a 0.5B model answered for the opening, every time: the facts list line by line, no sentence
    def answer(body: dict) -> Reply:
        role, _ = part_of(body)
        if role == Role.opening:
            return Reply(content=f"【本单位】{PROFILE.unit_name}（国有企业）上级党组织是集团公司党委\n"
                                 "【今年做的工作】组织建设：完成3个基层党支部按期换届，新发展党员7名\n"
                                 "思想建设：开展专题学习，班子成员深入项目一线调研21次，形成调研报告6篇\n"
                                 "党风廉政建设：开展廉洁风险排查，梳理关键岗位廉洁风险点46个\n"
                                 "本人带头讲党课，推动各项任务落实落地。")
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(PROFILE, api_settings.model_copy(update={"chroma_path": seed_index, "max_repairs": 1}),
                     backend="api")
    opening = r.part("opening")
    assert any(d.startswith(GARBLED) for d in opening.defects) and "【本单位】" not in r.text and "【今年做的工作】" not in r.text
    assert "廉洁风险排查" not in r.text and "本人带头讲党课，推动各项任务落实落地。" in opening.text
    assert opening.text.endswith(INCOMPLETE["cut"])


def test_the_repair_message_holds_the_target_length() -> None:
    msgs = repair_messages(PROFILE, RUBRIC.part(Role.closing), "好。", ["篇幅过长"], Settings())
    assert f"约{target_chars(PROFILE, Role.closing)}字" in msgs[1]["content"]


def test_a_clause_said_again_inside_other_sentences_is_a_repeat_and_cut_back() -> None:
    # a small model writes one shortcoming as a label, then again in the sentence under it and once more later
    clause = "党员教育的针对性和实效性还不够强"
    text = (f"{clause}：{clause}，部分党员参加集中学习热情不高。\n"
            "支部书记队伍年龄偏大，抓党建的新办法不多。\n"
            f"具体来看，{clause}，学习内容与岗位需要脱节。")
    found = _defects(Role.problems, text)
    assert found and found[0].startswith(guards.REPEATED) and clause in found[0]
    cut, dropped = cutting.cut_back(text, Role.problems, target_chars(PROFILE, Role.problems), _sent(Role.problems))
    assert dropped and cut.count(clause) == 1 and "支部书记队伍年龄偏大" in cut
    # the same words in a clause shorter than REPEAT_MIN are no repeat
    assert _defects(Role.problems, "学习不够深入，调研不够。工作中，学习不够深入的问题仍有表现。") == []


def test_a_long_facts_heading_opening_a_clause_without_its_colon_is_an_echo() -> None:
    sent = _sent(Role.plans)
    heads = [x[1:-1] for x in sent.labels if x.startswith("【") and len(x) - 2 >= 8]
    assert heads, sent.labels  # the profile's plans heading (【20xx年的重点工作】) is a long one
    assert _defects(Role.plans, f"一要抓理论武装。{heads[0]}推动支部标准化建设；二要抓队伍。")[0].startswith(guards.ECHO)


def test_a_line_without_a_chinese_character_is_no_paragraph() -> None:
    from assistant.services.drafting.assemble import normalise_part

    text = normalise_part("下一步，我将认真整改。\n<<<\n---\n以更高标准抓好党建。", Role.closing, None, False)
    assert text.split("\n") == ["下一步，我将认真整改。", "以更高标准抓好党建。"]


def test_the_repair_messages_words_and_a_bare_facts_heading_are_echoes_and_cut() -> None:
    # a small model copies the defects a repair named, the empty-text mark, or a facts heading alone on a line
    text = "我带头抓好支部标准化建设，推动问题整改落实。\n篇幅过长：“…”\n（空）\n范文（只看写法）：\n我查摆的问题\n下一步，我将持续抓好整改。"
    found = _defects(Role.rectification, text)
    assert found and found[0].startswith(guards.ECHO)
    cut, dropped = cutting.cut_back(text, Role.rectification, target_chars(PROFILE, Role.rectification),
                                   _sent(Role.rectification))
    assert dropped and cut.split("\n") == ["我带头抓好支部标准化建设，推动问题整改落实。", "下一步，我将持续抓好整改。"]


def test_a_closing_made_of_the_problems_list_restates_them() -> None:
    problems = [p for p in PROFILE.problems][:3]
    closing = "\n".join(problems) + "\n下一步，我将认真履职。"
    assert any(d.startswith(guards.RESTATED) for d in _defects(Role.closing, closing))
    assert _defects(Role.closing, GOOD[Role.closing]) == []


def test_cut_back_drops_the_problems_listed_again_fragments_labels_and_their_lead() -> None:
    # a small model's plans: the problems copied above one real measure, a bare list line, a made-up label
    measure = ("（一）针对理论学习系统性不够的问题，我将推行“周学习、月研讨”，每月组织一次专题研讨。\n"
               "（二）我将每季度与青年党员逐一谈心，建立思想动态台账，做到情况清、底数明。")
    text = "\n".join(["下一步，我的工作安排如下：", *PROFILE.problems[:2], "【具体措施】：", measure,
                      "围绕重点项目培育党建品牌", "打造“红色驿站”"])  # the last: a quote closing no sentence
    sent = _sent(Role.plans)
    assert fact_echo.restated(text, sent.restatable()) < fact_echo.MAX_RESTATED  # the part as a whole does not
    cut, dropped = cutting.cut_back(text, Role.plans, target_chars(PROFILE, Role.plans), sent)
    assert dropped and cut == measure
    # a slot to fill stays, and so does an item heading without an end mark
    kept = "（二）培育党建品牌\n【待补充：品牌名称和创建步骤，约80字】"
    assert cutting.cut_back(kept, Role.plans, 500, _sent(Role.plans)) == (kept, False)


def test_a_rectification_entry_copied_with_its_labels_after_a_colon_is_the_facts_list() -> None:
    r = PROFILE.rectifications[1]
    found = _defects(Role.rectification, f"（一）{r.feedback}：整改：{r.action}。")
    assert found and found[0].startswith(guards.ECHO)


def test_fragments_a_problem_restated_and_the_repair_frame_are_defects() -> None:
    # a line of the instructions' words, a lone word, a made-up sub-heading: no prose of the part
    plans = "2025年的具体安排\n（一）我将每季度组织一次专题研讨，推动理论学习走深走实。\n将"
    found = _defects(Role.plans, plans)
    assert any(d.startswith(guards.FRAGMENT) for d in found)
    found = _defects(Role.plans, "（一）我将每季度组织一次专题研讨，推动理论学习走深走实。\n建成“党员之家”")
    assert [d[:2] for d in found] == [guards.FRAGMENT]
    # one problem copied word for word into the plans, among measures
    copied = (f"（一）{PROFILE.problems[0]}。\n（二）我将每季度组织一次专题研讨，推动理论学习走深走实。\n"
              "（三）我将建立青年党员谈心台账，每季度全覆盖谈心一次，及时掌握思想动态。")
    assert fact_echo.restated(copied, _sent(Role.plans).restatable()) < fact_echo.MAX_RESTATED
    assert any(d.startswith(guards.RESTATED) for d in _defects(Role.plans, copied))
    # the repair message's frame, its part name in 【】 changed
    assert _defects(Role.causes, "我上一次的【原因】有这些问题，主要是学习不够深入。")[0].startswith(guards.ECHO)
    # a facts heading with 是： after it, alone on a line
    assert _defects(Role.problems, "我查摆的问题是：\n学习不够深入，以会代学的情况仍然存在。")[0].startswith(guards.ECHO)


def test_a_short_facts_heading_made_the_subject_of_a_sentence_is_an_echo() -> None:
    for text in ("今年做的工作包括理论学习和支部建设。", "我们认真履职。问题的原因是对党建重视不够。",
                 "问题的原因客观上是任务重，主观上是重视不够。"):  # run on with no verb between
        assert _defects(Role.causes, text)[0].startswith(guards.ECHO), text
    # the same words inside a clause are prose
    assert not _defects(Role.causes, "产生问题的原因是主观上对党建工作重视不够，抓落实的韧劲不足。")


def test_a_label_said_again_as_its_own_sentence_is_a_repeat_and_is_said_once_when_cut() -> None:
    # a small model's item: its label, then the same words as the sentence (shorter than REPEAT_MIN)
    text = "（一）优化支部工作流程：优化支部工作流程。\n（二）我将每季度组织一次专题研讨，推动理论学习走深走实。"
    assert any(d.startswith(guards.REPEATED) for d in _defects(Role.plans, text))
    cut, dropped = cutting.cut_back(text, Role.plans, 500, _sent(Role.plans))
    assert dropped and cut.split("\n")[0] == "（一）优化支部工作流程。"
    # a label followed by other words is prose
    assert not _defects(Role.plans, "（一）优化支部工作流程：每季度梳理一次制度清单，年底前完成修订。")


def test_a_line_that_says_its_own_words_over_is_rambling_and_cut_to_what_is_new() -> None:
    # a small model turning one phrase over within an item, in other clauses each time
    text = ("（一）我将加强支部阵地的规范建设，推动支部阵地的规范建设更加有力，确保支部阵地的规范建设取得实效。\n"
            "（二）每季度组织一次专题研讨，推动理论学习走深走实。")
    assert guards.rambling(text) and any("反复说" in d for d in _defects(Role.plans, text))
    cut, dropped = cutting.cut_back(text, Role.plans, 500, _sent(Role.plans))
    assert dropped and cut.split("\n")[0] == "（一）我将加强支部阵地的规范建设。" and "专题研讨" in cut.split("\n")[1]
    # a name said three times in a long line of facts is prose
    assert not guards.rambling("我们为专职党务工作者落实补贴，专职党务工作者由12人增至19人，全年专职党务工作者无一流失，"
                               "队伍结构明显优化，年龄平均下降6岁。")


def test_a_measure_in_the_problems_is_a_defect_and_cut() -> None:
    # a small model's problems part turning into a list of measures
    text = ("（一）支部书记抓党建的本领不足，对新兴领域党建研究不深。\n"
            "（二）完善支部议事规则，推动决策更加规范。\n"
            "（三）党员教育方式比较单一，青年党员参学积极性不高。")
    found = _defects(Role.problems, text)
    assert any(d.startswith(guards.AS_MEASURE) and "完善支部议事规则" in d for d in found)
    cut, dropped = cutting.cut_back(text, Role.problems, 500, _sent(Role.problems))
    assert dropped and "完善支部议事规则" not in cut and "本领不足" in cut and "比较单一" in cut
    # a hope for what the measures will do, closing the problems, is no shortfall either
    assert any(d.startswith(guards.AS_MEASURE) for d in _defects(
        Role.problems, "（一）支部书记抓党建的本领不足。\n通过上述举措，我相信支部工作会更加规范。"))
    # a remedy verb that opens a shortfall, and the same line in the plans, are no defect
    assert not _defects(Role.problems, "（一）加强理论学习的自觉性还不够，学用结合有差距。")
    assert not any(d.startswith(guards.AS_MEASURE) for d in _defects(Role.plans, "（一）完善支部议事规则，推动决策更加规范。"))


def test_the_words_of_every_repair_instruction_are_an_echo_wherever_they_come_back() -> None:
    # a small model copies an earlier round's instruction into a later answer, after its own sentence
    bad = {
        Role.plans: "（一）优化支部工作流程：优化支部工作流程。\n（二）完善制度。完善制度。" + "推动理论学习走深走实。" * 60,
        Role.problems: "（一）完善支部议事规则，推动决策更加规范。\n将",
        Role.causes: "（五）整改措施\n" + "、".join(PROFILE.problems[:3]),
        Role.rectification: "（一）车辆调度不规范，已修订派车制度。",
    }
    messages = [d for role, text in bad.items() for d in _defects(role, text)]
    assert len({m.split("：")[0] for m in messages}) >= 5
    for m in messages:
        words = guards.QUOTED.sub("", m.split("：", 1)[1])
        answer = f"我将每季度组织一次专题研讨。{words}。"
        assert guards.inspect(answer, Role.plans, _sent(Role.plans)).echo[0], m


def test_talk_about_how_to_write_is_no_prose_and_is_cut() -> None:
    text = ("（一）支部组织生活不够规范，个别支部“三会一课”记录不全。\n"
            "（二）例如，“支部活动不经常”应写成“支部活动开展不经常”，避免使用标点符号。")
    assert any(d.startswith(guards.ABOUT_WRITING) for d in _defects(Role.problems, text))
    cut, dropped = cutting.cut_back(text, Role.problems, 500, _sent(Role.problems))
    assert dropped and "应写成" not in cut and "记录不全" in cut
