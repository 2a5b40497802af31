"""mixed-level, the unit's own scope: a report that gives figures or work at a scope above its own unit's as its
own work (全县16个行政村 in a town's report, 全校14个党支部 in a college's) shows text copied from a higher unit.

The unit and its scope come from the title (…镇党委书记2024年…述职报告), else from how the report names itself
(我镇, 本村). Only two forms of own work are read, so that a superior's meeting, honour, ranking, campaign or
comparison at the higher scope (全县组织工作会议, 被评为全市先进, 在全省推广, 位列全县第一) stays silent:
  - a count at that scope (全县16个行政村, 全校共有党员120名);
  - the unit leading people at that scope (带领全县党员干部, 组织全市党员).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Administrative scopes, lowest first: 全村 1 … 全省 5.
_ADMIN_RANK = {"村": 1, "社区": 1, "乡": 2, "镇": 2, "乡镇": 2, "街道": 2, "县": 3, "区": 3, "旗": 3,
               "市": 4, "州": 4, "盟": 4, "省": 5}
# 全区 is a district (county level) for the units below a county; a park's 全区 is its own.
SCOPE_WORD = re.compile(r"(?<![安健完齐保周成两万十顾])全(?P<s>社区|街道|乡镇|村|乡(?!村)|镇|县|园区|开发区|高新区|经开区|区|旗|市|州|盟|省|集团|校)"
                        r"(?!场|域|块|间|县|份)")


@dataclass(frozen=True)
class UnitScope:
    unit: str           # the unit as the title names it (城东镇, 机械工程学院)
    kind: str           # 村 社区 乡镇 街道 县委 市委 园区 机关 学校 学院 医院 企业
    own: str            # its own scope words, for the message (全镇, 全院)
    above_rank: int | None  # administrative scopes of this rank and higher are above it (None: none judged)
    above_words: tuple[str, ...] = ()  # other scopes above it (a college's 全校, a branch's 全集团)
    # Administrative scopes of this rank and higher are above it where they qualify Party members or
    # organisations (全县各支部, 全区党员先锋岗 in a company's report; a company's business may span a county, its
    # Party organisations do not).
    party_rank: int | None = None

    def party_above(self, scope: str) -> bool:
        rank = _ADMIN_RANK.get(scope)
        return rank is not None and self.party_rank is not None and rank >= self.party_rank

    def above(self, scope: str) -> bool:
        if scope in self.above_words:
            return True
        if self.kind == "园区" and scope == "区":
            return False
        rank = _ADMIN_RANK.get(scope)
        return rank is not None and self.above_rank is not None and rank >= self.above_rank


_TITLE_UNIT = re.compile(r"^(.{1,40}?)(?:党委|党工委|党总支|党支部|党组|总支部?|支部|委员会)?(?:第一)?书记")
# (word, kind) by the end of the last one in the unit's name: 某大学机械学院 is a college, 某镇某村 a village.
_KIND_WORDS: list[tuple[str, str]] = [
    ("县委", "县委"), ("区委", "县委"), ("旗委", "县委"), ("市委", "市委"), ("州委", "市委"),
    ("村", "村"), ("社区", "社区"), ("镇", "乡镇"), ("乡", "乡镇"), ("街道", "街道"),
    ("园区", "园区"), ("开发区", "园区"), ("高新区", "园区"), ("工业园", "园区"),
    ("大学", "学校"), ("学校", "学校"), ("中学", "学校"), ("小学", "学校"), ("高校", "学校"), ("学院", "学院"),
    ("幼儿园", "学校"), ("医院", "医院"), ("卫生院", "医院"),
    ("机关", "机关"), ("局", "机关"), ("办公室", "机关"), ("政协", "机关"), ("人大", "机关"), ("组织部", "机关"),
    ("公司", "企业"), ("集团", "企业"), ("企业", "企业"), ("厂", "企业"),
]
_OWN = {"村": "全村", "社区": "全社区", "乡镇": "全乡/全镇", "街道": "全街道/辖区", "县委": "全县", "市委": "全市",
        "园区": "全区/园区", "机关": "全局/全系统/机关", "学校": "全校", "学院": "全院", "医院": "全院",
        "企业": "全公司/全集团"}
# The administrative level in an institution's name (县政协机关, 市第一人民医院, 城关镇中心小学).
_ADMIN_IN_NAME = re.compile(r"(省|市(?!场)|自治州|州|盟|县|旗|(?<![社园小景校开新])区|镇|乡(?!村)|街道)")
# How a report names itself when the title does not say (我镇, 本村).
_SELF = re.compile(r"(?:我|本)(村|社区|镇|乡|街道)(?![民里委级])")


def unit_scope(title: str, body: str = "") -> UnitScope | None:
    """The unit's kind and own scope from the title (the unit named before its secretary), else from how the
    body names itself (我镇 … 我镇 … in a report whose title names no unit), or None when it cannot be told."""
    m = _TITLE_UNIT.match(title.strip())
    name = m.group(1) if m else ""
    kind, end = None, -1
    for word, k in _KIND_WORDS:
        i = name.rfind(word)
        if i >= 0 and i + len(word) > end:
            kind, end = k, i + len(word)
    if kind is None:
        counts: dict[str, int] = {}
        for s in _SELF.findall(body):
            k = {"镇": "乡镇", "乡": "乡镇"}.get(s, s)
            counts[k] = counts.get(k, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 3 * ranked[1][1]):
            return None
        kind, name = ranked[0][0], ""
    branch = bool(re.search(r"(?:党支部|党总支|总支部|支部)(?:第一)?书记", title))
    return _scope(kind, name[:end] if end > 0 else name, branch)


def _scope(kind: str, name: str, branch: bool = False) -> UnitScope:
    own = _OWN[kind]
    fixed = {"村": 2, "社区": 2, "乡镇": 3, "街道": 3, "县委": 4, "市委": 5, "园区": 3}
    if kind in fixed:
        return UnitScope(name, kind, own, fixed[kind])
    if kind == "学院":
        # A college of a university (某大学机械学院) is below the university: 全校 is above it. A college on its
        # own (某职业技术学院) calls itself 全院 or 全校.
        inside = bool(re.search(r"大学|学校", name[: name.rfind("学院")]))
        return UnitScope(name, kind, own, None, ("校",) if inside else ())
    if kind == "企业":
        # A branch of a group (某集团某分公司) is below the group: 全集团 is above it. The business of a company
        # may span a county or a city, so administrative scopes are not judged.
        sub = re.search(r"分公司|子公司|项目部|车间|分厂|集团(?!(?:股份)?有限(?:责任)?公司|公司).+(?:公司|厂)", name)
        # A company's own counts at an administrative scope are another unit's (全县设立党员先锋岗28个); its
        # business may serve that scope (承担全县供水, 服务全市), which the clause filters leave silent. A company
        # named for its level (市城投集团) may speak of that level.
        levels = [_ADMIN_RANK[a] for a in (x if x != "自治州" else "州" for x in _ADMIN_IN_NAME.findall(name))]
        # a company in a park is below the park: 全园区 is above it
        parks = ("园区", "开发区", "高新区", "经开区")
        return UnitScope(name, kind, own, None, ("集团", *parks) if sub else parks,
                         party_rank=min(levels[-1] + 1, 6) if levels else 3)
    # An office, a school or a hospital is at the level its name gives (县政协机关: a county's): scopes above
    # that level are above it. An office whose name gives none is not judged; a school or hospital is taken to
    # be below a county's scope.
    if kind in ("学校", "医院"):
        # A school's or a hospital's own scope is 全校/全院 whatever level runs it (市第一中学, 县人民医院): its own
        # figures at any administrative scope from the township up are another unit's.
        return UnitScope(name, kind, own, 2)
    levels = [_ADMIN_RANK[a] for a in (x if x != "自治州" else "州" for x in _ADMIN_IN_NAME.findall(name))]
    if levels:
        # An office speaks for its level (a county bureau's 全县); a Party branch inside it not for the Party
        # members and organisations of that level (全县党员).
        return UnitScope(name, kind, own, min(levels[-1] + 1, 6), party_rank=levels[-1] if branch else None)
    return UnitScope(name, kind, own, 3 if kind in ("学校", "医院") else None)


# Party members and organisations right after the scope word: 全县各支部, 全区党员先锋岗, 全市32个基层党支部.
_PARTY = re.compile(r"[^，。；：！？,;:!?、]{0,6}?(党支部|支部|党员|党组织|党小组|党总支|先锋岗|示范岗|党建|积极分子|入党)")
# Each run is taken from its first character (the lookbehinds): a search is then linear in a long run of digits.
_NUMBER = r"(?:(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9]+)?|(?<![一二三四五六七八九十百千两])[一二三四五六七八九十百千两]+)"
_MEASURE = r"(?:个|名|家|所|户|人|支|处|座|位|万|亿|%|％|余|多|次|场|项|栋|幢|条|篇|期|批|台|套|间|亩|元|天|小时|件|份|张|本)"
_CLAUSE_END = "，。；：！？,;:!?\n"
# A count at the scope, in the same clause: 全县16个行政村, 全校共有党员120名.
_COUNT = re.compile(rf"[^{_CLAUSE_END}、]{{0,14}}?{_NUMBER}{_MEASURE}")
# The unit leading people at the scope: 带领全县党员干部.
_LEADS = re.compile(r"(?:带领|团结带领|组织|指导|督促|发动|动员|引导|号召|统筹)$")
# In the clause after the scope word: a superior's meeting, honour, ranking, campaign or comparison.
_NOT_OWN_AFTER = re.compile(
    r"会议|大会|现场会|推进会|座谈会|培训班|观摩|精神|部署|要求|通报|考核|评比|评选|评议|表彰|先进|优秀|示范|标兵|标杆|"
    r"推广|交流|第[一二三四五六七八九十0-9]|前列|前[一二三四五六七八九十0-9]|排名|排序|位列|名列|率先|首个|首家|唯一|之一|"
    r"统一|大赛|比赛|竞赛|典型|经验|样板|试点|平均|领先|冬训|中(?:率先|排|名列|位列|第|唯一|首|我)")
# In the clause before it: an honour, a comparison, a contribution, a superior's doing (县委统筹全县…).
# Single characters count only right before the scope word (在全县…, 为全市…, 与全区…); words anywhere in the
# clause before it.
_NOT_OWN_JUST_BEFORE = re.compile(r"(?:被|占|为|按|与|和|同|向|从|对|比|较)$")
_NOT_OWN_BEFORE = re.compile(
    r"评为|荣获|获评|获得|高于|低于|超过|助力|服务|面向|辐射|带动|惠及|覆盖|按照|根据|落实|贯彻|参加|参与|承担|负责|守护|保障|"
    r"承办|代表|作为|列入|纳入|上级|组织部|工委|(?:省|市|州|县|区|旗|镇|乡|街道)(?:委|政府|党委|党工委|纪委|教育局|卫健委)")


def above_scope_hits(text: str, scope: UnitScope) -> list[tuple[int, int, str]]:
    """(start, end, scope word) of each place where the line gives figures or work at a scope above the unit's
    own as its own."""
    out = []
    for m in SCOPE_WORD.finditer(text):
        s = m.group("s")
        if not scope.above(s) and not (scope.party_above(s) and _PARTY.match(text, m.end())):
            continue
        clause_start = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
        ends = [i for c in _CLAUSE_END if (i := text.find(c, m.end())) >= 0]
        clause_end = min(ends) if ends else len(text)
        count = _COUNT.match(text, m.end(), clause_end)
        # What the scope word goes with is read up to a few characters past it (or past its count): 全县组织工作
        # 会议, 全县23个乡镇中率先; a 会议 later in the clause is the unit's own (全县12个村全部建立联席会议制度).
        before = text[clause_start: m.start()]
        after = text[m.end(): min(clause_end, (count.end() if count else m.end()) + 10)]
        if _NOT_OWN_AFTER.search(after) or (after.endswith("中") and len(after) < 10):
            continue
        leads = _LEADS.search(before)
        if not (count or leads):
            continue
        head = before[: leads.start()] if leads else before
        if _NOT_OWN_BEFORE.search(head) or _NOT_OWN_JUST_BEFORE.search(head.rstrip("“\"")):
            continue
        out.append((m.start(), count.end() if count else m.end(), m.group(0)))
    return out
