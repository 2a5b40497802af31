"""mixed-level: the unit names itself at more than one administrative level (全市…全县…全州), or gives figures or
work at a scope above its own unit's as its own (全县16个行政村 in a town's report; checks/scope.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from assistant.domain.checks import scope, self_names
from assistant.domain.checks.base import Ctx
from assistant.domain.models import Finding
from assistant.domain.text import HAN

# A superior's meeting or honour ("全市组织工作会议精神", "被评为全市先进基层党组织", "在全市推广") is not a
# self-reference: a county unit names the city when the city honours it. A ranking (位列全州第一) is left to
# level_words: the seed's gold counts "全州第一" in a city's report as a mixed level.
_NOT_SELF = (r"(?![^，。；：、]{0,10}(?:会议|大会|现场会|推进会|座谈会|精神|部署|要求|通报|考核|表彰|先进|优秀|"
             r"示范|标兵|标杆|推广|交流|观摩|星级|称号|荣誉|奖|品牌|典型|评比|竞赛|比赛|前列|排名|领先|平均|相比|持平|同步))")
# An honour or a comparison named before the scope word (被评为全市…, 荣获全省…, 在全县…中) is the superior's too.
# A comparison with the higher unit (低于全市平均水平, 高于全省的比例, 与全市相比) measures the unit against it, and a goal
# reached with it (与全省同步…) is the higher area's.
_HONOUR_BEFORE = re.compile(r"(?:评为|荣获|获评|获得|授予|入选|列入|跻身|在|位居|位列|名列"
                            r"|低于|高于|超过|超出|优于|好于|落后于|领先于|相当于|对照|对标)[^，。；：]{0,6}$")
# A place named earlier on the line (我联系的石门乡…，全乡…): a scope word of its level speaks of that place.
_NAMED_PLACE = r"(?:的|联系|包联|挂联|挂点|蹲点)[{han}]{{2}}(?<!全){lv}(?![委级直])"


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p}){_NOT_SELF}" for p in patterns))


def level_hits(ctx: Ctx) -> dict[str, list[tuple[int, int, int]]]:
    """level → [(line, start, end)] of the first self-reference at that level on each line."""
    hits: dict[str, list[tuple[int, int, int]]] = {}
    for n, text in ctx.all_lines():
        for level, patterns in ctx.cfg.level_words.items():
            found = [m for m in _compiled(tuple(patterns)).finditer(text)
                     if not _HONOUR_BEFORE.search(text[:m.start()]) and not _names_place(text, m)
                     and not _chain_of_levels(text, m)]
            # the unit's own scope word (全县) before a body named by its level (县级领导), which may be another's
            m = next((m for m in found if not _BODY_AT_LEVEL.match(m.group(0))), found[0] if found else None)
            if m:
                hits.setdefault(level, []).append((n, m.start(), m.end()))
    return hits


# A body named by its level (县级领导): the unit's own leaders (the seed's gold counts a lone 县级领导 in a prefecture's
# report as a mixed level), except in a chain of levels on one line (市级领导包联、县级领导包村、乡镇干部包户), where
# each level's body is named as such.
_BODY_AT_LEVEL = re.compile(r"^[省市州县区旗乡镇]级")
_LEVEL_WORD = re.compile(r"(?P<lv>[省市州县区旗乡镇])级|(?P<lo>乡镇|村)(?:干部|党员|党组织|书记)")


def _chain_of_levels(text: str, m: re.Match[str]) -> bool:
    if not _BODY_AT_LEVEL.match(m.group(0)):
        return False
    return any(o.start() != m.start() and o.group(0)[0] != m.group(0)[0] for o in _LEVEL_WORD.finditer(text))


def _names_place(text: str, m: re.Match[str]) -> bool:
    """Whether a 全X scope word refers back to a place of level X named before it on the line."""
    word = m.group(0)
    if not word.startswith("全") or len(word) < 2:
        return False
    named = re.compile(_NAMED_PLACE.format(han=HAN, lv=re.escape(word[1])))
    return any(not set(p.group(0)[-3:-1]) & set("全省市州县区旗镇乡村各") for p in named.finditer(text, 0, m.start()))


# The writer naming his own post (履行县委书记…职责, 作为镇党委书记): its level must be the title's.
# 乡镇党委书记 names a kind of post (作为乡镇党委书记述职评议的内容), not the writer's.
_OWN_POST = re.compile(r"(?:履行|作为|身为|担任)(?:[^，。；各]{0,6}?)(?<!乡)(?P<lv>省|市|州|县|区|旗|镇|乡)(?:委|党委)书记")
_TITLE_POST = re.compile(r"(?P<lv>省|市|州|县|区|旗|镇|乡)(?:委|党委)(?:第一)?书记")


_PLACE = re.compile(rf"^(?:中共)?(?P<stem>[{HAN}]{{2,3}}?)(?P<lv>省|市|县|区|旗|镇|乡)")


# The level's character starting a word of its own after the place's stem (“桂溪乡音”宣讲队, 石桥镇守, 江南市场):
# no place at that level.
_WORD_AFTER = {"省": "心钱力事", "市": "场民值容井", "区": "域别分间", "旗": "帜舰袍", "镇": "守静定痛",
               "乡": "音愁情亲贤土风俗味邻里"}


def place_level(ctx: Ctx) -> list[Finding]:
    """The title's place (金川区) named in the body at another level (金川市): text from another unit."""
    m = _PLACE.match(ctx.report.title)
    if m is None:
        return []
    stem, lv = m.group("stem"), m.group("lv")
    other = re.compile(re.escape(stem) + r"(?P<lv>省|市|县|区|旗|镇|乡)")
    for n, text in ctx.all_lines():
        for p in other.finditer(text):
            if p.group("lv") != lv and text[p.end():p.end() + 1] not in _WORD_AFTER.get(p.group("lv"), ""):
                f = ctx.finding("mixed-level", n, f"地名层级与标题不一致：标题为“{stem}{lv}”，此处为“{p.group(0)}”",
                                "统一为本单位的地名，核对是否拼接了其他地方的材料。", span=(p.start(), p.end()), context=4)
                return [f] if f else []
    return []


_ADMIN = re.compile(r"(?P<lv>省|市|州|县|区|旗)")


def _organ_post(title: str) -> tuple[re.Match[str], re.Pattern[str]] | None:
    """A title's unit named with its level (清河县政协机关, 县财政局): the level, and the writer's post as the body
    would name it (作为县政协机关党支部书记) at any level."""
    unit = scope.unit_scope(title)
    name = unit.unit if unit else ""
    lv = list(_ADMIN.finditer(name))
    rest = name[lv[-1].end():] if lv else ""
    if len(rest) < 2:
        return None
    post = re.compile(rf"(?:履行|作为|身为|担任)[^，。；各]{{0,6}}?(?<!乡)(?P<lv>省|市|州|县|区|旗){re.escape(rest[:2])}")
    return lv[-1], post


# 把/将 X 作为 …: the clause takes something as a basis, it does not name the writer's post.
_TAKEN_AS = re.compile(r"[把将][^，。；：]{1,12}$")


def own_post(ctx: Ctx) -> list[Finding]:
    m = _TITLE_POST.search(ctx.report.title)
    organ = _organ_post(ctx.report.title) if m is None else None
    if m is not None:
        level, pattern, label = m.group("lv"), _OWN_POST, m.group(0)
    elif organ is not None:
        level, pattern = organ[0].group("lv"), organ[1]
        label = (scope.unit_scope(ctx.report.title) or scope.UnitScope("", "", "", None)).unit
    else:
        return place_level(ctx)
    out: list[Finding] = []
    for n, text in ctx.all_lines():
        for p in pattern.finditer(text):
            if _TAKEN_AS.search(text, max(0, p.start() - 14), p.start()):
                continue  # 把考核结果作为县区党委书记评先的依据: 作为 "used as", another's post
            if p.group("lv") != level:
                f = ctx.finding("mixed-level", n, f"述职人身份的层级与标题不一致：标题为“{label}”，此处为"
                                f"“{text[p.start('lv'):p.end()]}”", "统一为标题中的身份，核对是否拼接了其他单位的材料。",
                                span=(p.start("lv"), p.end()), context=4)
                if f:
                    out.append(f)
                break
    return out if out or m is not None else place_level(ctx)


def check(ctx: Ctx) -> list[Finding]:
    """One finding per line: the self-references at several levels, then the scopes above the unit's own."""
    out = own_post(ctx)
    seen0 = {f.line for f in out}
    out += [f for f in mixed_self_levels(ctx) if f.line not in seen0]
    # The unit's own scope, read once for both checks below.
    unit = scope.unit_scope(ctx.report.title, "\n".join(t for _, t in ctx.all_lines()))
    if unit is not None:
        for more in (above_own_scope, self_named):
            seen = {f.line for f in out}
            out += [f for f in more(ctx, unit) if f.line not in seen]
    return sorted(out, key=lambda f: f.line or 0)


def _scope_findings(ctx: Ctx, unit: scope.UnitScope, hits_of: Callable[[str, scope.UnitScope], list],
                    message: Callable[[str, str], str], advice: str, context: int) -> list[Finding]:
    """One mixed-level finding per line on the first hit `hits_of` gives; message(who, word) words it."""
    out: list[Finding] = []
    who = unit.unit or f"本{unit.kind}"
    for n, text in ctx.all_lines():
        hits = hits_of(text, unit)
        if hits:
            s, e, word = hits[0]
            f = ctx.finding("mixed-level", n, message(who, word), advice, span=(s, e), context=context)
            if f:
                out.append(f)
    return out


def self_named(ctx: Ctx, unit: scope.UnitScope) -> list[Finding]:
    """The unit naming itself at a level not its own (我镇 in a village's report; checks/self_names.py)."""
    return _scope_findings(ctx, unit, self_names.self_name_hits,
                           lambda who, word: f"本单位自称的层级不对：{who}的范围是{unit.own}，此处自称“{word}”",
                           "改为本单位的称呼和层级，核对是否拼接了其他单位的材料；上级的会议、部署和表彰可以保留。", 4)


def above_own_scope(ctx: Ctx, unit: scope.UnitScope) -> list[Finding]:
    return _scope_findings(ctx, unit, scope.above_scope_hits,
                           lambda who, word: f"范围超出本单位：{who}的范围是{unit.own}，此处以“{word}”的范围讲本单位的工作或数字",
                           f"改为本单位范围（{unit.own}）内的工作和数字，核对是否拼接了上级单位的材料；"
                           "上级的会议、表彰、排名和部署可以保留。", 2)


def mixed_self_levels(ctx: Ctx) -> list[Finding]:
    hits = level_hits(ctx)
    if len(hits) < 2:
        return []
    # The unit's own level: used on the most lines (ties: the one used first).
    ranked = sorted(hits, key=lambda lv: (-len(hits[lv]), hits[lv][0][0]))
    own = ranked[0]
    clear = len(hits[own]) >= ctx.cfg.level_dominance * sum(len(hits[lv]) for lv in ranked[1:])
    known = scope.own_level(ctx.report.title, "\n".join(t for _, t in ctx.all_lines()))
    if known in hits:
        # the title (or opening) gives the unit's level: that level is its own however often another is used
        ranked = [known, *(lv for lv in ranked if lv != known)]
        own, clear = known, True
    flagged: dict[int, tuple[int, int, str]] = {}
    for level in ranked[1:]:
        for n, s, e in hits[level]:
            flagged.setdefault(n, (s, e, level))
    if not clear:
        n, s, e = hits[own][0]
        flagged.setdefault(n, (s, e, own))
    out: list[Finding] = []
    others = "、".join(lv for lv in ranked if lv != own)
    for n in sorted(flagged):
        s, e, level = flagged[n]
        word = ctx.line(n)[s:e]
        if level == own:
            msg = f"本单位自称的层级不一致：此处为“{word}”（{own}级），文中另有{others}级的自称"
        else:
            msg = f"本单位自称的层级不一致：此处为“{word}”（{level}级），而文中多处为{own}级"
        f = ctx.finding("mixed-level", n, msg, "统一为本单位所在的层级（如通篇用“全县”），核对是否拼接了其他单位的材料。",
                        span=(s, e), context=4)
        if f:
            out.append(f)
    return out
