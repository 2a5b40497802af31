"""The offline composer's text: nested quotes, problems, causes and measures phrased by kind of problem (no
sentence repeated for every problem), subjective and objective causes, reusable exemplar sentences, and no fact
that the profile does not give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.domain.models import Role
from assistant.domain.profile import UnitProfile, load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_text
from assistant.services.drafting.grounding import facts_of, ground
from assistant.services.drafting.offline import _patterns, compose_part
from assistant.services.drafting.offline_exemplars import candidates, reusable
from assistant.services.drafting.offline_kinds import Kinds, side
from assistant.services.drafting.offline_text import unnest_quotes
from assistant.services.drafting.report import draft_report
from assistant.services.index.search import Hit
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "evals/cases").glob("*.yaml")) + sorted((ROOT / "examples/profiles").glob("*.yaml"))
NO_INDEX = Settings(chroma_path=Path("/nonexistent/assistant-test-index"))


def _thin(p: UnitProfile) -> UnitProfile:
    """The profile without causes and priorities: the composer writes them."""
    return p.model_copy(update={"causes": [], "priorities": []})


def _items(text: str) -> list[str]:
    return [ln[3:] for ln in text.splitlines() if re.match(r"^（[一二三四五六七八九十]+）", ln)]


def _prose(item: str) -> list[str]:
    """The sentences of an item without its slots."""
    return [s for s in re.split(r"(?<=[。；])", re.sub(r"【[^】]*】", "", item)) if len(s) >= 6]


@pytest.fixture(scope="module")
def kinds() -> Kinds:
    return Kinds(_patterns(Settings()))


# ---- text helpers -------------------------------------------------------------------------------------------

def test_a_quote_inside_a_quote_loses_its_outer_marks() -> None:
    # the review of the offline drafts: no nested quotation marks, the outer pair goes (not ‘’ inside “”)
    assert unnest_quotes("针对“对“两新”组织党建的指导不够有力”的问题") == "针对对“两新”组织党建的指导不够有力的问题"
    assert unnest_quotes("针对“新建企业党组织“建而不强””的问题，推进“两个覆盖”") == \
        "针对新建企业党组织“建而不强”的问题，推进“两个覆盖”"
    assert unnest_quotes('针对“推行"网格+党建"不够”的问题') == "针对推行“网格+党建”不够的问题"
    assert unnest_quotes("对“两新”组织") == "对“两新”组织"  # not nested: unchanged
    assert unnest_quotes("一个“没有合上的引号") == "一个“没有合上的引号"  # unpaired: left as it is


def test_no_quote_inside_a_quote_in_an_offline_draft() -> None:
    p = load_profile(ROOT / "evals/cases/10_park_committee_2025.yaml")  # feedback: 新建企业党组织“建而不强”
    r = draft_report(p, NO_INDEX, backend="offline")
    for line in r.text.splitlines():
        depth = 0
        for ch in line:
            depth += (ch == "“") - (ch == "”")
            assert depth <= 1, line
    assert "‘" not in r.text and "针对新建企业党组织“建而不强”的问题" in r.text


def test_problems_are_classified_by_kind(kinds: Kinds) -> None:
    got = {x: kinds.classify(x).name for x in [
        "对“两新”组织党建的指导不够有力", "党建与业务融合的深度不够，存在“两张皮”现象", "理论学习的深度不够，学习形式较为单一",
        "党员教育方式单一，吸引力不强", "在职党员作用发挥不平衡", "部分临床科室党支部政治功能发挥不充分",
        "党员队伍老龄化，年轻党员少", "支部书记“双带头人”作用发挥不均衡", "支部党建工作创新不足，缺少特色品牌",
        "医德医风教育的针对性、实效性有待增强", "党建信息化水平不高", "基层治理精细化水平有待提高",
        "村集体经济发展不平衡，部分村增收渠道单一", "部分企业党组织作用发挥不明显，存在“有组织无活动”现象",
        "食堂饭菜不合口味"]}
    assert list(got.values()) == ["两新党建", "党业融合", "理论学习", "党员教育管理", "党员作用", "组织建设", "队伍结构",
                                  "骨干队伍", "创新品牌", "廉政作风", "党建信息化", "服务治理", "集体经济", "两新党建", "其他"]


def test_side_of_a_cause() -> None:
    assert side("主观上对党建工作的统筹谋划不够") == "subjective"
    assert side("客观上项目点多面广、人员流动大") == "objective"
    assert side("对机关党建的重要性认识不够") == "subjective"
    assert side("年轻人外出务工多，发展党员的对象不足") == "objective"
    assert side("主观上重视不够，客观上力量薄弱") == "both"


# ---- the parts ----------------------------------------------------------------------------------------------

def _part(p: UnitProfile, role: Role, hits: list[Hit] | None = None) -> tuple[str, list[str], set[str]]:
    return compose_part(role, p, hits or [], NO_INDEX)


def test_no_sentence_is_said_for_every_problem() -> None:
    """The boilerplate the composer wrote once per problem is gone: each problem's cause and measure is its own."""
    p = _thin(load_profile(ROOT / "evals/cases/01_group_company_2023.yaml"))
    for role in (Role.causes, Role.plans):
        text, _, _ = _part(p, role)
        sentences = [s for item in _items(text) for s in _prose(item)]
        assert len(sentences) == len(set(sentences)), text
        assert "根子在思想上重视不够" not in text and "进一步完善措施、压实责任" not in text
        # the problems are not pasted into the measures or the causes (they read as problems there)
        assert not any(x in text for x in p.problems)


def test_causes_have_a_subjective_and_an_objective_side() -> None:
    p = _thin(load_profile(ROOT / "examples/profiles/community.yaml"))
    text, notes, _ = _part(p, Role.causes)
    items = _items(text)
    assert len(items) == len(p.problems) + 1
    assert all("我" in x for x in items[:-1])  # the writer's own causes, in the first person
    assert items[-1].startswith("客观上，")
    assert all(x.endswith("】") for x in items)  # the specifics are the writer's to fill
    assert text.splitlines()[0] == "深刻反思，问题的产生既有客观因素，更有主观原因："
    assert any("主观原因" in n and "客观原因" in n for n in notes)


def test_given_causes_are_kept_and_the_missing_side_is_added() -> None:
    base = load_profile(ROOT / "evals/cases/03_county_office_2024.yaml")
    both, _, _ = _part(base, Role.causes)
    # subjective and objective given: as written, each with a slot for the analysis (not a one-line slogan)
    assert [x.split("【")[0] for x in _items(both)] == [c + "。" for c in base.causes]
    assert all(x.endswith("】") for x in _items(both))
    subj_only = base.model_copy(update={"causes": ["主观上对机关党建的认识不够到位"]})
    text, _, _ = _part(subj_only, Role.causes)
    items = _items(text)
    assert items[0].startswith("主观上对机关党建的认识不够到位。【待补充：")
    assert items[-1].startswith("客观上，【待补充：") and "如无，删去本条" in items[-1]  # a slot, not a stock condition
    obj_only = base.model_copy(update={"causes": ["客观上机关业务任务重，党务干部均为兼职"]})
    items = _items(_part(obj_only, Role.causes)[0])
    assert items[-1].startswith("客观上机关业务任务重，党务干部均为兼职。【待补充：")
    assert len(items) == 1 + len({Kinds(_patterns(Settings())).classify(x).name for x in base.problems})


def test_every_problem_gets_a_measure_of_its_kind() -> None:
    p = load_profile(ROOT / "evals/cases/03_county_office_2024.yaml")
    # 打造“发改先锋”党建品牌 answers 支部党建工作创新不足，缺少特色品牌 (the quoted name is no 先锋 of 党员作用)
    text, _, _ = _part(p, Role.plans)
    assert [x.split("【")[0] for x in _items(text)] == [x + "。" for x in p.priorities]
    extra = p.model_copy(update={"problems": [*p.problems, "党建信息化水平不高"]})
    items = _items(_part(extra, Role.plans)[0])
    assert len(items) == len(p.priorities) + 1
    assert "党建信息化" in items[-1] and "线上线下" in items[-1] and items[-1].endswith("】")


def test_problems_keep_the_writers_words_and_ask_for_specifics() -> None:
    p = load_profile(ROOT / "examples/profiles/community.yaml")
    items = _items(_part(p, Role.problems)[0])
    # the ask names no example of the kind: it may not fit the unit's own problem (review of the offline drafts)
    assert items[0] == "对“两新”组织党建的指导不够有力。【待补充：这一问题的具体表现和典型事例】"
    assert items[1].startswith("网格党员作用发挥不平衡。【待补充：这一问题的具体表现")


def test_a_profile_without_problems_gets_the_usual_ones_of_its_kind_answered_in_order() -> None:
    p = load_profile(ROOT / "examples/profiles/village_minimal.yaml")
    problems = _items(_part(p, Role.problems)[0])
    causes = _items(_part(p, Role.causes)[0])
    plans = _items(_part(p, Role.plans)[0])
    assert len(problems) == len(plans) == len(causes) - 1 == 3
    assert all("不符合实际的请改写或删去" in x for x in problems)
    assert "后备力量" in problems[0] and "后备力量" in causes[0] and "后备力量" in plans[0]
    assert "集体经济" in problems[1] and "集体经济" in plans[1]


def test_variants_differ_between_units_but_not_between_runs() -> None:
    p = _thin(load_profile(ROOT / "evals/cases/08_township_2024.yaml"))
    q = p.model_copy(update={"unit_name": "红岩镇党委"})
    texts = {r: _part(p, r)[0] for r in (Role.achievements, Role.plans)}
    assert texts == {r: _part(p, r)[0] for r in (Role.achievements, Role.plans)}
    other = {r: _part(q, r)[0] for r in (Role.achievements, Role.plans)}
    assert other != texts
    heads = [re.split("。", x)[0] for x in _items(texts[Role.achievements])]
    verbs = [h[:4] for h in heads]
    assert len(verbs) == len(set(verbs)), heads  # no two areas under the same verb


def test_a_prompts_dir_copy_may_hold_only_what_it_changes(tmp_path: Path) -> None:
    (tmp_path / "offline.yaml").write_text('closing: "我将继续努力，为{{ unit_name }}作出新的贡献。"\n', encoding="utf-8")
    s = Settings(chroma_path=tmp_path / "none", prompts_dir=tmp_path)
    p = load_profile(ROOT / "examples/profiles/community.yaml")
    assert compose_part(Role.closing, p, [], s)[0] == f"我将继续努力，为{p.unit_name}作出新的贡献。"
    assert _items(compose_part(Role.plans, p, [], s)[0])  # the rest from the bundled file


# ---- exemplar sentences -------------------------------------------------------------------------------------

@pytest.mark.parametrize("s", [
    "组建党员突击队5支", "我们单位x支部开展活动", "带领全市党员干部打头阵", "在创建“五无甘南”中打头阵",
    "由张明同志负责联系指导", "对此，党工委分片负责包干到人", "依托《三年行动方案》推进", "某某公司开展专项行动",
])
def test_exemplar_sentences_with_facts_or_someone_elses_place_are_not_reused(s: str) -> None:
    assert not reusable(s, "社区")


def test_exemplar_sentences_of_another_kind_of_unit_are_not_reused() -> None:
    s = "对政协业务工作方面投入的精力较多，党建工作满足于完成规定动作"
    assert reusable(s, "政协人大机关") and not reusable(s, "学校")
    assert reusable("在找准党建工作与业务工作切入点、融合点上做得还不够", "学校")
    assert reusable("一定程度上存在“重业务、轻党建”的倾向", "医院")  # a common quoted phrase, not a brand


def _hit(text: str, cid: str = "c1", kind: str = "国有企业") -> Hit:
    return Hit(chunk_id=cid, score=0.9, text=text, role=Role.plans, report_id="r1", title="t", heading_path="",
               unit_kind=kind, source="s")


def test_candidates_are_whole_sentences_without_their_markers() -> None:
    h = _hit("（二）着眼“两个先进”，强化队伍建设\n一是着眼党员队伍先进性，强化党员教育管理。做好流动党员管理监督组织关系转接。"
             "推行党员积分制，积分靠后的党员由支部书记约谈。对此，x党工委开展调研。")
    got = [s for s, _ in candidates([h], "国有企业")]
    assert got == ["着眼党员队伍先进性，强化党员教育管理。", "做好流动党员管理监督组织关系转接。",
                   "推行党员积分制，积分靠后的党员由支部书记约谈。"]


def test_a_measure_borrows_an_exemplar_sentence_of_its_kind() -> None:
    p = _thin(load_profile(ROOT / "evals/cases/02_private_enterprise_2022.yaml"))
    hits = [_hit("一是着眼党员队伍先进性，强化党员教育管理。", "c-edu", "非公企业"),
            _hit("三是文化入心出彩，凝聚奋进力量。", "c-other", "非公企业")]
    text, notes, used = _part(p, Role.plans, hits)
    assert "着眼党员队伍先进性，强化党员教育管理。" in text and used == {"c-edu"}
    assert any("c-edu" in n for n in notes) and "文化入心出彩" not in text


def test_with_the_seed_index_exemplars_are_used_and_recorded(seed_index: Path) -> None:
    p = load_profile(ROOT / "examples/profiles/state_enterprise.yaml").model_copy(
        update={"problems": [], "causes": [], "priorities": []})
    r = draft_report(p, Settings(chroma_path=seed_index), backend="offline")
    used = [s for part in r.parts for s in part.sources]
    assert used and r.part("problems").sources
    assert all(s.chunk_id in " ".join(n for part in r.parts for n in part.notes) for s in used)
    assert not r.part("achievements").sources


# ---- over every case: structure, facts, critique ------------------------------------------------------------

@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("thin", [False, True], ids=["as-given", "thin"])
def test_offline_drafts_invent_nothing_and_read_in_order(path: Path, thin: bool, seed_index: Path) -> None:
    profile = load_profile(path)
    profile = _thin(profile) if thin else profile
    r = draft_report(profile, Settings(chroma_path=seed_index), backend="offline")
    assert not [(p.role, p.defects) for p in r.parts if p.defects]  # reads as prose of each part (checks.py)
    assert not [s for s in r.slots if "removed" in s.reason]  # the composer wrote no figure, name or honour
    assert not ground(r.text, facts_of(profile)).replaced
    crit = critique_text(r.text, name=path.name, rubric=load_rubric(), year=profile.year)
    checks = {f.check for f in crit.findings}
    assert not checks & {"missing-part", "part-order", "numbering", "placeholder", "unanswered-problem",
                         "halfwidth-punct", "mixed-level", "dated-expression", "formulation"}, crit.findings
    sentences = [s for ln in r.text.splitlines() for s in _prose(ln)]
    assert len(sentences) == len(set(sentences))
