"""mixed-level, the unit naming itself at another level: a village's report saying 我镇, a county secretary's own
standing committee named 市委常委会, a company that is no group calling itself 集团 with its own figures.

The unit's own level comes from the title or the opening (checks/scope.py). Only self-references are read: a
superior's body, meeting or honour at a higher level (市委常委会会议精神, 县委的部署) stays legal.
"""

from __future__ import annotations

import re

from assistant.domain.checks.scope import _ADMIN_IN_NAME, UnitScope

# Administrative levels by rank (a village 1 … a city 4): how 我/本 + the word names the unit's level.
_RANK = {"村": 1, "社区": 1, "镇": 2, "乡": 2, "街道": 2, "县": 3, "区": 3, "旗": 3, "市": 4, "州": 4}
_OWN_RANK = {"村": 1, "社区": 1, "乡镇": 2, "街道": 2, "县委": 3, "市委": 4}

# 我镇, 本村 (not 我县委 or 本村民小组: a body or a part of the place).
_SELF = re.compile(r"(?:我|本)(?P<w>社区|街道|村|镇|乡|县|旗|市|州)(?![民里委级直属内外域组情民])")
# A standing committee at a level (县委常委会, 市委常委会议).
_STANDING = re.compile(r"(?<![省市州县区旗])(?P<lv>省|市|州|县|区|旗)委常委(?:会议|会)")
# The unit convening or chairing the body: it is the unit's own.
_CHAIRS = re.compile(r"(?:主持|召开|主持召开|组织召开)$")
# A superior's body named for its decisions, or the unit acting on them: not a self-reference.
_SUPERIORS_AFTER = re.compile(r"^[^，。；]{0,8}?(?:精神|部署|要求|决定|审议|通过|印发|批准|同意|肯定|表扬|通报|点评)")
_SUPERIORS_BEFORE = re.compile(r"(?:参加|列席|向|按照|根据|落实|贯彻|传达|学习|在|经|由|被|受到|得到|获|各)[^，。；]{0,4}$")
# A clause that opens on 集团 and gives the unit's own year or figures (集团全年实现产值…).
_GROUP_OWN = re.compile(r"(?:^|(?<=[，。；：]))(?:我|本)?集团(?=全年|今年|当年|实现|完成|累计|共有|现有|新增|营业|利润|产值)")
_GROUP_SELF = re.compile(r"(?:我|本)集团")
# 我局, 本院: the kind of body the unit calls itself. A hospital is 我院, a school 我校, a bureau 我局; a hospital
# saying 我局 names its superior bureau as itself (not 我委托, 本院系).
_BODY_SELF = re.compile(r"(?:我|本)(?P<w>局|院|校|厅)(?![系区内外级长])")
# A village's or community's own team counted under its township's committee (镇党委班子7名): the superior's
# body given the unit's own figures.
_UPPER_TEAM = re.compile(r"(?:镇|乡|街道)(?:党委|党工委)班子(?:成员)?(?:共|有)?[0-9一二三四五六七八九十]+(?:名|人)")
_OWN_BODY = {"医院": ("院",), "学校": ("校",), "学院": ("院", "校")}


# The unit's own name at a higher level (县人民医院 → 市人民医院, 市人大常委会 → 省人大常委会): the rest of its name after
# its level, three characters or more, not a generic body (委员会).
_NAME_RANK = {"省": 5, "市": 4, "州": 4, "自治州": 4, "盟": 4, "县": 3, "区": 3, "旗": 3}
# A higher body of the same name working with, over or for the unit: 与市人民医院共建, 市人民医院专家来院坐诊.
_PARTNER_BEFORE = re.compile(r"(?:与|和|同|跟|向|到|赴|在|对接|联合|依托|邀请|配合|协助|接受|迎接|争取|参加|列席|按照|根据|"
                             r"落实|贯彻|传达|学习|经|由|被|受到|得到|获)[^，。；]{0,6}$")
_PARTNER_AFTER = re.compile(r"^[^，。；]{0,6}?(?:领导|指导|专家|来|莅临|调研|检查|督导|帮扶|支持|对口|下派|派驻|组织的|举办的|"
                            r"召开的|安排|精神|部署|要求|决定|审议|通过|印发|下发|批准|同意|肯定|表扬|通报|点评|会议)")


def _name_level(unit: UnitScope) -> re.Match[str] | None:
    """The last administrative level in the unit's name (县 of 县财政局), when it is one _NAME_RANK knows."""
    levels = list(_ADMIN_IN_NAME.finditer(unit.unit))
    return levels[-1] if levels and levels[-1].group(1) in _NAME_RANK else None


def _higher_name_hits(text: str, unit: UnitScope) -> list[tuple[int, int, str]]:
    level = _name_level(unit)
    if level is None:
        return []
    own = _NAME_RANK[level.group(1)]
    rest = re.sub(r"(?:机关|党委|党组|党总支|党支部)+$", "", unit.unit[level.end():])
    if not 3 <= len(rest) <= 12 or rest.startswith("委") or not re.fullmatch(r"[\u4e00-\u9fff]+", rest):
        return []
    out = []
    for m in re.finditer(rf"(?P<lv>省|市|州|县|区|旗){re.escape(rest)}", text):
        if _NAME_RANK[m.group("lv")] <= own:
            continue
        if _PARTNER_BEFORE.search(text[:m.start()]) or _PARTNER_AFTER.search(text[m.end():]):
            continue
        out.append((m.start(), m.end(), m.group(0)))
    return out


# A bureau's own organ by its short name at a level (局机关 → 市局机关 in a county bureau's report), with its own
# branches, members or staff after it in the clause: a superior bureau's organ is named for what it does.
_SHORT_ORGAN = re.compile(r"(?P<lv>省|市|州|县|区|旗)局机关(?=[^，。；]{0,8}?(?:支部|党员|干部|职工))")


def _short_organ_hits(text: str, unit: UnitScope) -> list[tuple[int, int, str]]:
    level = _name_level(unit)
    if unit.kind != "机关" or not unit.unit.endswith("局") or level is None:
        return []
    own = _NAME_RANK[level.group(1)]
    return [(m.start(), m.end(), m.group(0)) for m in _SHORT_ORGAN.finditer(text)
            if _NAME_RANK[m.group("lv")] != own and not _PARTNER_BEFORE.search(text[:m.start()])
            and not _PARTNER_AFTER.search(text[m.end():])]


# The writer naming his own post at a level (我作为县委书记, 本人身为镇党委书记, 认真履行县委书记抓基层党建第一责任人职责):
# another level's is not his.
_SELF_POST = re.compile(r"(?:(?:我|本人)(?:作为|身为|是|担任)|(?:^|(?<=[，。；：]))(?:作为|身为)|(?<![协助配合])(?:履行|扛起|扛牢|肩负))(?:好)?(?:一名)?(?P<lv>省|市|州|县|区|旗|镇|乡|街道)(?:党?委|党工委)书记")
_POST_RANK = {"村": 1, "社区": 1, "乡镇": 2, "街道": 2, "县委": 3, "市委": 4}
# The writer's own unit by its name at a level (我们市政协机关 in a county's CPPCC office's report).
_SELF_BEFORE = re.compile(r"(?:我们|我|本|作为)[^，。；]{0,2}$")
# A unit that is no administrative area giving its own Party figures as the area's (我市共有党组织12个 in a park's
# report): the area's figures are the area's Party committee's.
_SELF_AREA = re.compile(r"(?:我|本)(?P<w>省|市|州|县|旗)(?P<rest>[^，。；：]{0,16})")
_PARTY_WORD = re.compile(r"党组织|党支部|党总支|党员|支部")
# from the start of a run of numerals only: a `+` tried at every digit of a long run is quadratic
_COUNT_WORD = re.compile(r"(?<![0-9一二三四五六七八九十百两])[0-9一二三四五六七八九十百两]+(?:个|名)")


def _post_hits(text: str, unit: UnitScope) -> list[tuple[int, int, str]]:
    own = _POST_RANK.get(unit.kind)
    out = []
    for m in _SELF_POST.finditer(text):
        rank = _RANK.get(m.group("lv"), 3 if m.group("lv") in ("区", "旗") else 5)
        if own is None or rank != own:
            start = m.start("lv") if m.group(0).startswith(("履行", "扛起", "扛牢", "肩负")) else m.start()
            out.append((start, m.end(), text[start:m.end()]))
    return out


def _self_level_name_hits(text: str, unit: UnitScope) -> list[tuple[int, int, str]]:
    """The unit's own name given at another level after a self-reference (我们市政协机关 for 县政协机关, and the
    reverse); the short names _higher_name_hits leaves out (政协, 人大) are read here, where the writer says 我们."""
    level = _name_level(unit)
    if level is None:
        return []
    own = _NAME_RANK[level.group(1)]
    rest = re.sub(r"(?:机关|党委|党组|党总支|党支部)+$", "", unit.unit[level.end():])
    names = {n for n in (rest, re.sub(r"(?:常委会|常务委员会|委员会)$", "", rest))
             if 2 <= len(n) <= 12 and re.fullmatch(r"[\u4e00-\u9fff]+", n)}  # 人大常委会机关 is also 人大机关
    if not names:
        return []
    pat = rf"(?P<lv>省|市|州|县|区|旗)(?:{'|'.join(map(re.escape, sorted(names, key=len, reverse=True)))})"
    out = [(m.start(), m.end(), m.group(0)) for m in re.finditer(pat, text)
           if _NAME_RANK[m.group("lv")] != own and _SELF_BEFORE.search(text[:m.start()])]
    # the office by its whole name (政协机关) at another level, not working with or under that level's office
    whole = re.sub(r"(?:党委|党组|党总支|党支部)+$", "", unit.unit[level.end():])
    if whole.endswith("机关") and len(whole) >= 4:
        for m in re.finditer(rf"(?P<lv>省|市|州|县|区|旗){re.escape(whole)}", text):
            higher = _NAME_RANK[m.group("lv")] > own
            if higher and re.match(r"[^，。；]{0,4}(?:被评为|荣获|获评|获得)", text[m.end():]):
                continue  # the higher office's own honour
            if _NAME_RANK[m.group("lv")] != own and not _PARTNER_BEFORE.search(text[:m.start()]) \
                    and not _PARTNER_AFTER.search(text[m.end():]):
                out.append((m.start(), m.end(), m.group(0)))
    return out


def _area_figure_hits(text: str, unit: UnitScope) -> list[tuple[int, int, str]]:
    if unit.kind not in ("园区", "学校", "学院", "医院", "企业"):
        return []
    return [(m.start(), m.end(), m.group(0)) for m in _SELF_AREA.finditer(text)
            if _PARTY_WORD.search(m.group("rest")) and _COUNT_WORD.search(m.group("rest"))]


def _own_body(unit: UnitScope) -> tuple[str, ...]:
    if unit.kind in _OWN_BODY:
        return _OWN_BODY[unit.kind]
    if unit.kind == "机关" and unit.unit.endswith("局"):
        return ("局",)
    return ()


def self_name_hits(text: str, unit: UnitScope) -> list[tuple[int, int, str]]:
    """(start, end, words) of each place where the line names the unit itself at a level not its own."""
    out: list[tuple[int, int, str]] = []
    own = _OWN_RANK.get(unit.kind)
    if own is not None:
        for m in _SELF.finditer(text):
            rank = _RANK[m.group("w")]
            # 本村 in a township's report is each village's own (结合本村实际): only 我村 names the writer's unit
            if rank > own or (rank < own and m.group(0).startswith("我")):
                out.append((m.start(), m.end(), m.group(0)))
        for m in _STANDING.finditer(text):
            rank = _RANK[m.group("lv")]
            if rank == own or unit.kind not in ("县委", "市委") and not _CHAIRS.search(text[:m.start()]):
                continue
            chaired = bool(_CHAIRS.search(text[:m.start()]))
            if not chaired and (rank < own or _SUPERIORS_AFTER.search(text[m.end():])
                                or _SUPERIORS_BEFORE.search(text[:m.start()])):
                continue
            out.append((m.start(), m.end(), m.group(0)))
        if own == 1:
            out += [(m.start(), m.end(), m.group(0)) for m in _UPPER_TEAM.finditer(text)]
    elif unit.kind in ("园区", "学校", "学院", "医院", "企业"):
        # a unit with no standing committee of its own convening one (主持召开市委常委会会议) names itself at
        # that level
        for m in _STANDING.finditer(text):
            if _CHAIRS.search(text[:m.start()]):
                out.append((m.start(), m.end(), m.group(0)))
    if own_body := _own_body(unit):
        out += [(m.start(), m.end(), m.group(0)) for m in _BODY_SELF.finditer(text) if m.group("w") not in own_body]
    if unit.kind == "企业" and "集团" in unit.above_words:
        # a branch of a group may speak of the group's year (集团全年…); a company that is no group may not
        groups = [*_GROUP_SELF.finditer(text), *(_GROUP_OWN.finditer(text) if "集团" not in unit.unit else ())]
        out += [(m.start(), m.end(), m.group(0)) for m in groups]
    out += _higher_name_hits(text, unit) + _post_hits(text, unit) + _self_level_name_hits(text, unit)
    out += _area_figure_hits(text, unit) + _short_organ_hits(text, unit)
    return sorted(set(out))
