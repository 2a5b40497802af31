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
from dataclasses import dataclass, replace

# Administrative scopes, lowest first: 全村 1 … 全省 5.
_ADMIN_RANK = {"村": 1, "社区": 1, "乡": 2, "镇": 2, "乡镇": 2, "街道": 2, "县": 3, "区": 3, "旗": 3,
               "市": 4, "州": 4, "盟": 4, "省": 5}
# 全区 is a district (county level) for the units below a county; a park's 全区 is its own.
SCOPE_WORD = re.compile(r"(?<![安健完齐保周成两万十顾])全(?P<s>社区|街道|乡镇|村|乡(?!村)|镇|县|园区|开发区|高新区|经开区|区|旗|市|州|盟|省|集团|校|系统)"
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
# A title that names the Party organisation and not its secretary (某县政协机关党支部2019年度…述职报告).
_TITLE_ORG = re.compile(r"^(.{1,40}?)(?:党委|党工委|党总支|党支部|党组|总支部?)(?!书记)")
# A title that names the unit before the year and no Party organisation (某市人大常委会机关2024年度…述职报告).
_TITLE_YEAR = re.compile(r"^(.{2,40}?)(?:20[0-9]{2}|[二〇○零一九]{4})年")
# (word, kind) by the end of the last one in the unit's name: 某大学机械学院 is a college, 某镇某村 a village.
_KIND_WORDS: list[tuple[str, str]] = [
    ("县委", "县委"), ("区委", "县委"), ("旗委", "县委"), ("市委", "市委"), ("州委", "市委"),
    ("村", "村"), ("社区", "社区"), ("镇", "乡镇"), ("乡", "乡镇"), ("街道", "街道"),
    ("园区", "园区"), ("开发区", "园区"), ("高新区", "园区"), ("工业园", "园区"), ("产业园", "园区"), ("科技园", "园区"),
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


# The writer's post in the opening of a report whose title names no unit (我认真履行某村党总支书记…职责).
_POST_IN_OPENING = re.compile(r"(?:履行|作为|身为|担任)(?P<post>[^，。；：“”]{1,30}?(?:第一)?书记)")
# The superior named in the opening (在集团党委的坚强领导下, 在区委的领导下): its scope is above the unit.
_SUPERIOR = re.compile(r"在(?P<sup>[^，。；：]{1,24}?)(?:的)?(?:坚强|正确|有力)?(?:领导|指导|支持)下")


def _kind_of(name: str) -> tuple[str | None, int]:
    """The unit's kind by the last kind word in its name (某大学机械学院 is a college, 某镇某村 a village)."""
    kind, end = None, -1
    for word, k in _KIND_WORDS:
        i = name.rfind(word)
        if i >= 0 and i + len(word) > end:
            kind, end = k, i + len(word)
    return kind, end


def _superior_words(kind: str, opening: str) -> tuple[str, ...]:
    """Scopes above the unit that its opening names as its superior: a company led by a group's Party committee
    is below the group (全集团), a park led by a district committee below the district (全区)."""
    m = _SUPERIOR.search(opening)
    if m is None:
        return ()
    sup = m.group("sup")
    out = []
    if kind == "企业" and "集团" in sup:
        out.append("集团")
    if kind == "园区" and re.search(r"(?<![园开新])区(?:委|党委)", sup):
        out.append("区")
    if kind == "学院" and re.search(r"学校|大学|校党委", sup):
        out.append("校")  # a college led by its university's Party committee is below it (全校)
    return tuple(out)


def unit_scope(title: str, body: str = "") -> UnitScope | None:
    """The unit's kind and own scope from the title (the unit named before its secretary), else from the post the
    opening names (我作为某村党总支书记), else from how the body names itself (我镇 … 我镇 … in a report whose title
    names no unit), or None when it cannot be told."""
    m = _TITLE_UNIT.match(title.strip()) or _TITLE_ORG.match(title.strip()) or _TITLE_YEAR.match(title.strip())
    name = m.group(1) if m else ""
    kind, end = _kind_of(name)
    opening = "\n".join(body.splitlines()[:3])
    post = _POST_IN_OPENING.search(opening) if kind is None else None
    if post is not None:
        pm = _TITLE_UNIT.match(post.group("post"))
        name = pm.group(1) if pm else ""
        kind, end = _kind_of(name)
        title = post.group("post")
    if kind is None:
        counts: dict[str, int] = {}
        for s in _SELF.findall(body):
            k = {"镇": "乡镇", "乡": "乡镇"}.get(s, s)
            counts[k] = counts.get(k, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]):
            kind, name = ranked[0][0], ""
        elif len(_COMPANY_SELF.findall(body)) >= 3 and not counts:
            kind, name = "企业", ""  # 公司所属19个党支部…公司项目…: a company's report whose title names no unit
        else:
            return None
    branch = bool(re.search(r"(?:党支部|党总支|总支部|支部)(?:第一)?书记", title))
    unit = _scope(kind, name[:end] if end > 0 else name, branch)
    extra = _superior_words(kind, "\n".join(body.splitlines()[:3]))
    if kind == "机关" and unit.above_rank is None and (lv := _superior_level(opening)) is not None:
        # an office whose name gives no level is at its superior's (在县委和县直机关工委的领导下: a county's)
        unit = replace(unit, above_rank=lv + 1, party_rank=lv)
    return replace(unit, above_words=(*unit.above_words, *extra)) if extra else unit


# How a company's report names itself when its title does not (公司党委, 公司所属, 我公司): 公司 not part of
# another unit's name (子公司, 分公司 are the company's own units).
_COMPANY_SELF = re.compile(r"(?<![子分总])公司")


def _superior_level(opening: str) -> int | None:
    """The administrative rank of the Party committee the opening names as the unit's superior (在县委…的领导下)."""
    m = _SUPERIOR.search(opening)
    lv = re.match(r"(?:中共)?[^，。；和、]{0,6}?(省|市|州|县|区|旗)(?:委|政府)", m.group("sup")) if m else None
    return _ADMIN_RANK[lv.group(1)] if lv else None


# The level words of rubric level_words, by the administrative word of a unit's name.
_LEVEL_KEY = {"省": "省", "市": "市", "州": "州", "自治州": "州", "县": "县", "区": "区", "镇": "乡", "乡": "乡"}


def own_level(title: str, body: str = "") -> str | None:
    """The unit's own level as rubric level_words names it (县 for 清河县委 or 县财政局, 乡 for a township), or None
    when the title and the opening do not give it."""
    unit = unit_scope(title, body)
    if unit is None:
        return None
    if unit.kind in ("乡镇", "街道"):
        return "乡"
    if unit.kind in ("县委", "市委", "机关"):
        found = _ADMIN_IN_NAME.findall(unit.unit)
        if found:
            return _LEVEL_KEY.get(found[-1])
        rank = _superior_level("\n".join(body.splitlines()[:3])) if unit.kind == "机关" else None
        return {3: "县", 4: "市", 5: "省"}.get(rank or 0)
    return None


def _scope(kind: str, name: str, branch: bool = False) -> UnitScope:
    own = _OWN[kind]
    fixed = {"村": 2, "社区": 2, "乡镇": 3, "街道": 3, "县委": 4, "市委": 5, "园区": 3}
    if kind in fixed:
        return UnitScope(name, kind, own, fixed[kind])
    if kind == "学院":
        # A college of a university (某大学机械学院) is below the university: 全校 is above it. A college on its
        # own (某职业技术学院) calls itself 全院 or 全校.
        inside = bool(re.search(r"大学|学校", name[: name.rfind("学院")]))
        # Like a school, it owns no area: its figures at an administrative scope (全市, 全县) are another unit's.
        return UnitScope(name, kind, own, 2, ("校", "系统") if inside else ("系统",))
    if kind == "企业":
        # A branch of a group (某集团某分公司) is below the group: 全集团 is above it.
        sub = re.search(r"分公司|子公司|项目部|车间|分厂|集团(?!(?:股份)?有限(?:责任)?公司|公司).+(?:公司|厂)", name)
        # A company's own results at an administrative scope are another unit's (全区全年实现产值…, 全市国资系统
        # 党组织…): a company owns no area, even one named for its level (市城投集团's 全市 is the city's). Its
        # business may serve that scope (承担全县供水, 服务全市), which the clause filters leave silent.
        # A company in a park is below the park (全园区), and one whose name holds no 集团 is no group (全集团).
        parks = ("园区", "开发区", "高新区", "经开区")
        return UnitScope(name, kind, own, 3, ("集团", *parks) if sub or "集团" not in name else parks)
    # An office, a school or a hospital is at the level its name gives (县政协机关: a county's): scopes above
    # that level are above it. An office whose name gives none is not judged; a school or hospital is taken to
    # be below a county's scope.
    if kind in ("学校", "医院"):
        # A school's or a hospital's own scope is 全校/全院 whatever level runs it (市第一中学, 县人民医院): its own
        # figures at any administrative scope from the township up are another unit's.
        # Nor is it a system: its own figures at 全系统 are the health or education system's (issue 9).
        return UnitScope(name, kind, own, 2, ("系统",))
    levels = [_ADMIN_RANK[a] for a in (x if x != "自治州" else "州" for x in _ADMIN_IN_NAME.findall(name))]
    if levels:
        # An office speaks for its level (a county bureau's 全县); a Party branch inside it not for the Party
        # members and organisations of that level (全县党员). The organ of a CPPCC or a people's congress governs
        # no area: its level's scope is above it (县政协机关's 全县 results are the county's).
        if re.search(r"政协|人大", name):
            return UnitScope(name, kind, own, levels[-1])
        # Nor does a bureau lead its level's Party members and organisations (全县党员 are the county committee's),
        # unless it is a Party department that does (组织部, 机关工委).
        party = None if re.search(r"组织部|宣传部|统战部|工委|党校|纪委", name) and not branch else levels[-1]
        return UnitScope(name, kind, own, min(levels[-1] + 1, 6), party_rank=party)
    return UnitScope(name, kind, own, 3 if kind in ("学校", "医院") else None)


# Party members and organisations right after the scope word: 全县各支部, 全区党员先锋岗, 全市32个基层党支部.
_PARTY = re.compile(r"[^，。；：！？,;:!?、]{0,6}?(党支部|支部|党员|党组织|党小组|党总支|先锋岗|示范岗|党建|积极分子|入党)")
# Each run is taken from its first character (the lookbehinds): a search is then linear in a long run of digits.
_NUMBER = r"(?:(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9]+)?|(?<![一二三四五六七八九十百千两])[一二三四五六七八九十百千两]+)"
_MEASURE = r"(?:个|名|家|所|户|人|支|处|座|位|万|亿|%|％|余|多|次|场|项|栋|幢|条|篇|期|批|台|套|间|亩|元|天|小时|件|份|张|本)"
_CLAUSE_END = "，。；：！？,;:!?\n"
# The cadres and workers of a scope (全县干部职工): like its Party members, not a bureau's own, unless they are its
# system's (全县财政系统干部职工), which a bureau leads.
_PEOPLE = re.compile(r"(?:(?!系统|行业)[^，。；：！？,;:!?、]){0,4}?干部职工")
# A count at the scope, in the same clause: 全县16个行政村, 全校共有党员120名.
_COUNT = re.compile(rf"[^{_CLAUSE_END}、]{{0,14}}?(?P<n>{_NUMBER}){_MEASURE}")
# The unit convening a meeting at the scope (召开全市…推进会 in a county's report): its own, not a superior's.
_CONVENES = re.compile(r"(?:召开|主持召开|组织召开|举办|主办)$")
_CONTRIBUTES = re.compile(r"贡献|保证|保障|添彩|增光|作出|助力|力量")
# The unit acting at the scope: 在全县推行…, 在全系统开展….
_ACTS = re.compile(r"开展|推行|实施|推开|铺开|建立|(?<![党新层级”\"])组织|举办|设立|启动|落实|执行|摸排|排查|走访|摸底|覆盖|设置|新建|建成")
# What the scope word goes with, read in the words between it and its count (or in the few characters after it):
# a superior's meeting, honour, campaign or average, the area and its people as a whole (全县上下, 全市人民), a goal
# reached together with it (与全省同步…).
_NOT_OWN_AFTER = re.compile(
    r"会议(?!经费|费|数量|室)|大会|现场会|推进会|座谈会|培训班|观摩|精神|部署|要求|通报|考核|评比|评选|评议|表彰|先进|优秀|示范(?!岗)|标兵|标杆|"
    r"推广|交流|统一|同步|大赛|比赛|竞赛|典型|经验|样板|试点|平均(?:水平|值|线|数)|人均|领先|冬训|上下|人民|"
    r"^[^，。]{0,4}发展(?![^，。；]{0,2}党员|对象)|大局|中心工作|重点工作|范围内|各级|各地|案例|品牌|榜|会上|发言|贡献|保证|添彩|增光")
# A ranking or comparison, after the scope word or its count: 全县23个乡镇中率先, 位列全县第一.
_RANKS_AFTER = re.compile(
    r"第[一二三四五六七八九十0-9](?!书记)|前列|前[一二三四五六七八九十0-9]|排名|排序|位列|名列|率先|首个|首家|首批|唯一|之一|最|"
    r"中(?:率先|排|名列|位列|第|唯一|首|我)|[来到赴]我")
# In the clause before it: an honour, a comparison, a contribution, a superior's doing (县委统筹全县…).
# Single characters count only right before the scope word (在全县…, 为全市…, 与全区…); words anywhere in the
# clause before it.
_NOT_OWN_JUST_BEFORE = re.compile(r"(?:被|占|按|与|和|同|向|从|比|较|居|全)$")
_NOT_OWN_BEFORE = re.compile(
    r"评为|荣获|获评|获得|高于|低于|超过|助力|服务|面向|辐射|带动|惠及|覆盖|按照|根据|落实|贯彻|参加|参与|承担|负责|守护|保障|"
    r"承办|代表|作为|列入|纳入|入选|跻身|上级|组织部|工委|围绕|融入|聚焦|对标|对照|学习|借鉴|推荐|选派到|输送|"
    r"(?:省|市|州|县|区|旗|镇|乡|街道)(?:委|政府|党委|党工委|纪委|教育局|卫健委)")


# Units that own an area: they do not serve or guard a higher one as a company serves its customers, so
# 保障了全街道… in a community's report is the higher area's result given as its own.
_AREA_KINDS = ("村", "社区", "乡镇", "街道", "园区")
# Verbs that lead others (带动全市47个基层党组织…): with a count of Party organisations or members at the
# scope they claim those as the unit's own.
_LEADS = ("带动", "辐射", "覆盖")
_PARTY_COUNT = re.compile(r"[^，。；]{0,4}?(?:党组织|党支部|党员|支部)")


# What follows "N名党员中，": some of them (个别同志…), the unit's own members.
_SOME_OF = re.compile(r"[，,]?(?:个别|部分|有的|少数|多数|大多数|大部分|仍有|还有|尚有|其中)")
_LEADS_OWN = re.compile(r"带领|率领|组织|动员|发动")
_LEADS_RIGHT_BEFORE = re.compile(r"(?:(?<![党新层级”\"])组织|带领|率领|动员|发动)$")
# The unit signing responsibility letters with organisations (与…书记签订…责任书).
_SIGNS = re.compile(r"[^。；]{0,20}?(?:签订|签署)[^，。；]{0,10}(?:责任书|承诺书|责任状)")


def _excused(before: str, scope: UnitScope, text: str, count: re.Match[str] | None) -> bool:
    """Whether the clause before the scope word says the scope is another unit's (an honour, a comparison,
    the unit's service to that scope)."""
    words = {m.group(0) for m in _NOT_OWN_BEFORE.finditer(before)}
    if scope.kind in _AREA_KINDS:
        words -= {"保障", "守护"}
        if count is not None:
            words -= {"服务"}  # 服务全街道居民1.2万人次 in a community's report: the higher area's figure as its own
    if count is not None and _PARTY_COUNT.match(text, count.end()):
        words -= set(_LEADS)
    return bool(words)


# The people a school or a hospital has as its own: right after a scope word, they say whose the scope is.
_OWN_PEOPLE = {"学校": ("师生", "教职工", "教职员工"), "学院": ("师生", "教职工", "教职员工"),
               "医院": ("医护人员", "医务人员", "医务工作者")}


_SHARE = re.compile(r"(?<![0-9.])([0-9]{1,3}(?:\.[0-9]+)?)\s*[%％]|(?:近|超|逾)?([五六七八九])成|半数以上|过半|大半|一半以上|绝大多数")


def _most_of(after: str) -> bool:
    """Whether the words after a scope word give a share of half or more of it (92%, 六成, 过半)."""
    m = _SHARE.search(after)
    if m is None or re.match(r"[^，。；]{0,3}(?:学校|中学(?!生)|小学(?!生)|院校|高校|幼儿园|单位|医院)", after[m.end():]):
        return False  # 全市85%的中学参加了…: the area's other units, not the school's own figure
    return float(m.group(1)) >= 50 if m.group(1) else True


def above_scope_hits(text: str, scope: UnitScope) -> list[tuple[int, int, str]]:
    """(start, end, scope word) of each place where the line gives figures or work at a scope above the unit's
    own as its own: the scope word itself is the finding, unless what goes with it says it is another unit's
    (a superior's meeting, honour, ranking, campaign or comparison, the unit's service to that scope)."""
    out = []
    for m in SCOPE_WORD.finditer(text):
        s = m.group("s")
        if not scope.above(s) and not (scope.party_above(s) and (_PARTY.match(text, m.end()) or _PEOPLE.match(text, m.end()))):
            continue
        clause_start = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
        ends = [i for c in _CLAUSE_END if (i := text.find(c, m.end())) >= 0]
        clause_end = min(ends) if ends else len(text)
        if scope.kind in ("学校", "学院") and _most_of(text[m.end(): clause_end]):
            # one school among a county's many holding most of it (覆盖全市92%的学生, 占全县公开课的六成): the area's
            # figure given as the school's own, whatever the share or service words around it
            out.append((m.start(), m.end(), m.group(0)))
            continue
        count = _COUNT.match(text, m.end(), clause_end)
        before = text[clause_start: m.start()]
        # What the scope word goes with: the words up to its count (全县16个行政村: none), else a few characters
        # past it (全县组织工作会议); a 会议 later in the clause is the unit's own (全县12个村全部建立联席会议制度).
        near = text[m.end(): count.start("n") if count else min(clause_end, m.end() + 10)]
        people = next((w for w in _OWN_PEOPLE.get(scope.kind, ()) if text.startswith(w, m.end())), None)
        if people:
            near = people  # 为全市师生宣讲大会精神: the school's own people; the meeting after them is not the scope's
        after = text[m.end(): min(clause_end, (count.end() if count else m.end()) + 10)]
        convenes = bool(_CONVENES.search(before)) or bool(re.search(r"召开|举办|举行", near))
        # 在全市… is the unit's standing in the higher area (在全市叫得响, 在全镇处于中游) unless the unit does
        # something there (在全县推行…, 在全系统开展…).
        if before.endswith("在") and not _ACTS.search(after):
            continue
        # 在全市…考核中位列第一: a standing among the higher area's units, whatever stands between
        if before.endswith("在") and re.search(r"中(?:位列|名列|排名|排|居|获|被|第)", text[m.end(): clause_end]):
            continue
        # one character past `near` so that a word cut at its edge is read whole (示范 of 示范岗)
        party_count = count is not None and bool(_PARTY_COUNT.match(text, count.end()))
        # 全县28名党员中，个别同志…: some of the unit's own members, not a standing among the higher area's units
        among_own = party_count and after.endswith("中") and bool(_SOME_OF.match(text, m.end() + len(after)))
        # 组织全县党员参加…精神专题轮训: the unit leading the higher area's members; what they do there is no
        # superior's meeting or campaign that the scope goes with
        leads = bool(_LEADS_RIGHT_BEFORE.search(before)) and bool(_PARTY.match(text, m.end()))
        if (_NOT_OWN_AFTER.search(text[m.end(): m.end() + len(near) + 1]) and not convenes and not leads) \
                or _RANKS_AFTER.search(after) \
                or (after.endswith("中") and len(after) < 10 and not among_own):
            continue
        # 与全市…12个基层党组织书记签订责任书: the unit binding its own organisations, not a comparison with them
        binds_own = count is not None and party_count and bool(_SIGNS.match(text, count.end()))
        # 带领村“两委”班子和全镇156名党员: the unit leading its members alongside its committee, not a comparison
        leads_own = party_count and bool(_LEADS_OWN.search(before))
        if (_NOT_OWN_JUST_BEFORE.search(before.rstrip("“\""))
                and not ((binds_own or leads_own) and before.endswith(("与", "和", "同")))) \
                or _excused(before, scope, text, count):
            continue
        if before.endswith("为") and _CONTRIBUTES.search(text, m.end(), clause_end):
            continue  # 为全市…贡献力量: the unit's contribution to the higher area
        out.append((m.start(), count.end() if count else m.end(), m.group(0)))
    for w in scope.above_words:
        if len(w) < 2:
            continue
        for m in re.finditer(rf"(?<![全各本我该原]){w}(?:(?:党员|党组织|党支部)(?:总数|总人数|人数)|(?:共有|现有)(?:党员|党组织|党支部))",
                             text):
            out.append((m.start(), m.end(), w))  # 集团党员总数 in a branch company's report: its own total
    return sorted(out)
