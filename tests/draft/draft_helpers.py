"""Scripted answers per part for the drafting tests, and how to tell which part a request is for."""

from __future__ import annotations

import re

from assistant.domain.models import ROLE_ZH, Role

GOOD: dict[Role, str] = {
    Role.opening: "2024年，在集团公司党委的坚强领导下，我认真履行党支部书记抓基层党建工作第一责任人职责，"
                  "现将履职情况报告如下：",
    Role.achievements: "一、主要工作及成效\n一、坚持政治引领\n我坚持“第一议题”制度，全年组织支委会专题学习24次。\n"
                       "三、抓实组织建设\n一是完成换届选举，三是发展党员3名。\n"
                       "1. 我本人讲专题党课4次。\n2. 组建党员突击队5支。",
    Role.rectification: "对照上年度述职评议反馈的2个问题，我逐项整改。\n（一）针对党建与生产经营融合不够紧密的问题，"
                        "建立“党建+项目”工作机制，已整改到位。\n（二）针对组织生活形式单一的问题，推行“主题党日+”模式，已整改。",
    Role.problems: "（一）理论学习系统性不够，以会代学的情况仍然存在。\n（二）对青年党员思想动态掌握不够及时。",
    Role.causes: "（一）主观上，我对抓党建工作的系统谋划不够。\n（二）客观上，一线项目点多面广，党员分散。",
    Role.insights: "（一）只有坚持政治引领，才能把准方向。",
    Role.plans: "（一）健全学习制度，推动理论学习走深走实。\n（二）建立青年党员谈心谈话台账，持续做好思想引导。",
    Role.closing: "下一步，我将切实履行第一责任人职责，为公司高质量发展提供坚强组织保证。",
}
_ZH_TO_ROLE = {v: k for k, v in ROLE_ZH.items()}
# how prompts/part_*.md name each part in their first line
_PROMPT_NAMES = {"开头": Role.opening, "主要工作": Role.achievements, "上年度": Role.rectification,
                 "存在的问题": Role.problems, "问题原因": Role.causes, "认识体会": Role.insights,
                 "下一步": Role.plans, "结尾": Role.closing}
_PART = re.compile(r"请写述职报告的【([^】（]+)")
_REPAIR = re.compile(r"你上一次写的【([^】]+)】")


def part_of(body: dict) -> tuple[Role | None, bool]:
    """Which part a drafting request is for, and whether it is a repair."""
    text = body["messages"][-1]["content"]
    m = _REPAIR.search(text)
    if m:
        return _ZH_TO_ROLE.get(m.group(1)), True
    m = _PART.search(text)
    if not m:
        return None, False
    name = m.group(1)
    return next((r for k, r in _PROMPT_NAMES.items() if name.startswith(k)), None), False


