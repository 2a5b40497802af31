"""The two echoes a small model got past the run-based guard: the facts list restated without its 【】 headings
(its labels and frame kept), and a part after the problems made of the problems' text. Each is found, named in
the repair, and cut back and marked when the redraft still has it; prose that uses the same facts is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_helpers import GOOD, part_of
from fakeopenai import FakeOpenAI, Reply

from assistant.domain.models import Role
from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.drafting import cutting, guards
from assistant.services.drafting.messages import sent_of, target_chars
from assistant.services.drafting.offline import compose_part
from assistant.services.drafting.report import draft_report
from assistant.services.drafting.work import INCOMPLETE
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HOSPITAL = load_profile(ROOT / "evals/cases/06_hospital_2023.yaml")
ENTERPRISE = load_profile(ROOT / "examples/profiles/state_enterprise.yaml")
RUBRIC = load_rubric()


def _kinds(profile, role: Role, text: str) -> list[str]:
    sent = sent_of(profile, RUBRIC.part(role) or RUBRIC.parts[1], Settings(), [])
    return [d.split("：")[0] for d in guards.guard_defects(text, role, target_chars(profile, role), sent)]


def test_the_facts_list_restated_in_its_form_is_an_echo() -> None:
    r = HOSPITAL.rectifications[0]
    unit = (f"本单位{HOSPITAL.unit_name}（{HOSPITAL.unit_kind}，{HOSPITAL.level.value}级），"
            f"上级党组织是{HOSPITAL.superior_org}。")
    assert _kinds(HOSPITAL, Role.rectification, unit + "今年，我带头抓整改，推动各项措施落地。") == [guards.ECHO]
    labelled = f"（一）问题：{r.feedback}；整改：{r.action}；结果：{r.status}。"
    assert _kinds(HOSPITAL, Role.rectification, "对照反馈意见，我逐项抓好整改。\n" + labelled) == [guards.ECHO]
    # a heading's words without its brackets, as a clause opener; a work entry with its area label on its own line
    assert _kinds(HOSPITAL, Role.closing, "去年评议指出的问题和整改如下：各项问题均已整改。") == [guards.ECHO]
    w = ENTERPRISE.work_items[4]
    assert _kinds(ENTERPRISE, Role.achievements, f"{w.area}：{w.text}\n我带头讲党课。") == [guards.ECHO]
    # the unit's kind and level in the list's brackets, inside a sentence of prose otherwise its own
    inside = (f"（一）关于{r.feedback}的问题：本单位{HOSPITAL.unit_name}（{HOSPITAL.unit_kind}，"
              f"{HOSPITAL.level.value}级）的整改工作已全面推开。")
    assert _kinds(HOSPITAL, Role.rectification, inside) == [guards.ECHO]
    sent = sent_of(HOSPITAL, RUBRIC.part(Role.rectification), Settings(), [])
    kept, cut = cutting.cut_back("对照反馈意见，我逐项抓好整改。\n" + inside, Role.rectification, 300, sent)
    assert cut and kept == "对照反馈意见，我逐项抓好整改。"


def test_a_sentence_that_starts_inside_brackets_is_a_fragment_and_is_cut() -> None:
    text = "我带头研究整改方案，逐项抓好落实。\n（二）院级）的临床科室党支部组织生活在去年评议中被指出不够规范。"
    assert _kinds(HOSPITAL, Role.rectification, text) == [guards.FRAGMENT]
    sent = sent_of(HOSPITAL, RUBRIC.part(Role.rectification), Settings(), [])
    assert cutting.cut_back(text, Role.rectification, 300, sent) == ("我带头研究整改方案，逐项抓好落实。", True)
    # brackets opened and closed within a sentence are prose
    assert _kinds(HOSPITAL, Role.rectification, "我推动整改（含2个支部）全部完成，问题已销号。") == []


def test_prose_that_uses_the_same_facts_is_no_echo() -> None:
    a, b = HOSPITAL.rectifications
    prose = (f"对照上年度述职评议反馈的2个问题，我逐项制定措施、推动整改。\n（一）针对{a.feedback}的问题，"
             f"我{a.action}，目前{a.status}。\n（二）针对{b.feedback}的问题，我推动{b.action}，这项工作仍在{b.status}。")
    assert _kinds(HOSPITAL, Role.rectification, prose) == []
    opening = (f"{HOSPITAL.year}年，在{HOSPITAL.superior_org}的坚强领导下，我作为{HOSPITAL.unit_name}书记，"
               "认真履行抓基层党建第一责任人职责，现将有关情况报告如下：")
    assert _kinds(HOSPITAL, Role.opening, opening) == []
    w = ENTERPRISE.work_items[4]
    assert _kinds(ENTERPRISE, Role.achievements, f"（五）抓好{w.area}。我{w.text}，推动全面从严治党向基层延伸。") == []


def test_a_part_made_of_the_problems_is_a_defect() -> None:
    listed = "我查摆的问题：\n" + "\n".join(f"- {p}" for p in ENTERPRISE.problems)
    assert _kinds(ENTERPRISE, Role.causes, listed) == [guards.ECHO, guards.RESTATED]
    numbered = "\n".join(f"（{n}）{p}。" for n, p in zip("一二三", ENTERPRISE.problems, strict=True))
    assert _kinds(ENTERPRISE, Role.plans, numbered + "\n（四）我将持续抓好落实。") == [guards.RESTATED]
    # a cause that names its problem in passing is analysis, not a restatement
    causes = (f"（一）主观上，我对理论学习的系统谋划不够，学习计划执行不严，导致{ENTERPRISE.problems[0][:9]}。\n"
              "（二）客观上，一线项目点多面广，青年党员流动性大，集中谈心谈话的时间难以保证。")
    assert _kinds(ENTERPRISE, Role.causes, causes) == []
    # cut back for another defect (a repeat), a cause that is mostly its problem's words stays: the part is no list
    named = "（一）以会代学、以读代学的情况仍然存在，根源在于我重视不够。"
    twice = named + "\n" + causes.split("\n")[1] + "\n" + causes.split("\n")[1].replace("（二）", "（三）")
    assert _kinds(ENTERPRISE, Role.causes, twice) == [guards.REPEATED]
    sent = sent_of(ENTERPRISE, RUBRIC.part(Role.causes), Settings(), [])
    cut, _ = cutting.cut_back(twice, Role.causes, target_chars(ENTERPRISE, Role.causes), sent)
    assert cut.count("客观上") == 1 and named in cut


@pytest.mark.slow
def test_the_offline_composers_drafts_of_every_eval_profile_pass_the_new_guards() -> None:
    s = Settings()
    roles = [Role.opening, Role.achievements, Role.rectification, Role.causes, Role.insights, Role.plans]
    for path in sorted((ROOT / "evals/cases").glob("*.yaml")):
        profile = load_profile(path)
        for role in roles:
            text = compose_part(role, profile, [], s)[0]
            found = [k for k in _kinds(profile, role, text) if k in (guards.ECHO, guards.RESTATED)]
            assert found == [], (path.name, role, text)


def test_both_kinds_are_redrafted_with_the_defect_named_then_cut_back_and_marked(
        fake_openai: FakeOpenAI, api_settings: Settings, seed_index: Path) -> None:
    problems = ["我对支委分工的督促不够，个别支委履职不到位", "党员教育手段比较传统，线上学习平台用得不多"]
    cause = "（三）主观上，我抓支部建设的标准不高，对党员教育创新思考不深。"
    r0 = ENTERPRISE.rectifications[0]
    rect_bad = (f"{ENTERPRISE.unit_name}（国有企业，市级），上级党组织是{ENTERPRISE.superior_org}。\n"
                f"问题：{r0.feedback}；整改：{r0.action}；结果：{r0.status}\n"
                "（二）针对组织生活形式单一的问题，我推行“主题党日+”模式，组织生活更加贴近一线。")

    def answer(body: dict) -> Reply:
        role, repair = part_of(body)
        if role == Role.problems:  # the drafted problems, not the profile's: the causes restate these
            return Reply(content="\n".join(f"（{n}）{p}。" for n, p in zip("一二", problems, strict=True)))
        if role == Role.causes:
            return Reply(content="\n".join(f"（{n}）{p}。" for n, p in zip("一二", problems, strict=True)) + "\n" + cause)
        if role == Role.rectification:
            return Reply(content=GOOD[role] if repair else rect_bad)  # the redraft is sound
        return Reply(content=GOOD[role])

    fake_openai.responder = answer
    r = draft_report(ENTERPRISE, api_settings.model_copy(update={"chroma_path": seed_index, "max_repairs": 1}),
                     backend="api")
    repairs = {part_of(b)[0]: b["messages"][-1]["content"] for b in fake_openai.chat_requests if part_of(b)[1]}
    assert set(repairs) == {Role.causes, Role.rectification}
    assert "照抄了问题：“原因分析”部分" in repairs[Role.causes]
    assert "材料清单的原样" in repairs[Role.rectification]
    sent_back = repairs[Role.rectification].split("<<<\n")[1].split("\n>>>")[0]
    assert "问题：" not in sent_back and "上级党组织是" not in sent_back and "主题党日+" in sent_back
    rect, causes = r.part("rectification"), r.part("causes")
    assert rect.attempts == 2 and not rect.defects and rect.text == GOOD[Role.rectification]
    assert causes.attempts == 2 and any(d.startswith(guards.RESTATED) for d in causes.defects)
    assert not any(p in causes.text for p in problems) and cause in causes.text
    assert causes.text.endswith(INCOMPLETE["cut"])


def test_a_work_entry_copied_under_a_label_of_the_models_own_is_the_facts_list() -> None:
    w = ENTERPRISE.work_items[4]
    assert _kinds(ENTERPRISE, Role.achievements, f"党建工作：{w.text}。\n我带头讲党课。") == [guards.ECHO]
    # the same work told in a sentence of the writer's own under a heading of its own is prose
    assert _kinds(ENTERPRISE, Role.achievements, f"（五）抓好{w.area}。我{w.text}，推动全面从严治党向基层延伸。") == []
