"""Text left to fill in: placeholder (x, xx, ××, 某某, AAA, 【…】, （此处…）, 201年) and unfilled-slot (【待补充：…】)."""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.checks.base import CJK, Ctx
from assistant.domain.clean import noise_phrases, noise_reason
from assistant.domain.models import Finding, Role
from assistant.domain.rubric import CheckConfig
from assistant.domain.text import compiled

_BRACKET = re.compile(r"【([^【】]*)】")
# Quotes a 【】 may legitimately sit in (a quoted title such as 《【党课】……》).
_QUOTES = [("《", "》"), ("“", "”"), ("「", "」"), ("『", "』")]


@cache
def _letters(letters: str, keep_before: tuple[str, ...], keep_after: tuple[str, ...] = ()) -> re.Pattern[str]:
    cls = re.escape(letters)
    keep = "|".join(re.escape(k) for k in keep_before)
    guard = f"(?!{keep})" if keep else ""
    after = "".join(f"(?<!{re.escape(k)})" for k in keep_after)
    # A run of placeholder letters touching no other Latin letter or digit (so Excel, x64, 3×4 stay).
    return re.compile(rf"(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９{cls}]){after}[{cls}]+(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９{cls}]){guard}")



def _inside_quotes(text: str, start: int, end: int) -> bool:
    """Whether the 【…】 at start..end sits inside a quoted title with other words (《【党课】……》); one that
    fills the quotes alone (“【品牌名称】”) is a blank left to fill."""
    before = text[:start]
    for o, c in _QUOTES:
        if before.count(o) > before.count(c):
            filled_alone = before.endswith(o) and text[end:end + 1] == c
            return not filled_alone
    return False


def placeholder_hits(text: str, cfg: CheckConfig) -> list[tuple[int, int, str]]:
    """(start, end, what) of each placeholder in one line of text, in order."""
    hits: list[tuple[int, int, str]] = []
    if CJK.search(text):
        pat = _letters(cfg.placeholder_letters, tuple(cfg.placeholder_letter_keep_before),
                       tuple(cfg.placeholder_letter_keep_after))
        hits += [(m.start(), m.end(), "字母占位") for m in pat.finditer(text)]
    for p in cfg.placeholder_patterns:
        hits += [(m.start(), m.end(), p.what) for m in compiled(p.pattern).finditer(text)]
    keep = compiled(cfg.bracket_keep)
    for m in _BRACKET.finditer(text):
        if keep.match(m.group(1).strip()) or _inside_quotes(text, m.start(), m.end()):
            continue
        hits.append((m.start(), m.end(), "方括号占位"))
    return sorted(hits)


def placeholders(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    # the title too: a template's 中共xxx县委书记 is left there as often as in the body
    title = [(n, ctx.line(n)) for sec in ctx.report.sections if sec.role == Role.title
             for n in range(sec.start_line, sec.end_line + 1)]
    for n, text in [*title, *ctx.all_lines()]:
        hits = placeholder_hits(text, ctx.cfg)
        if not hits:
            continue
        s, e, what = hits[0]
        shown = "、".join(dict.fromkeys(f"“{text[a:b]}”" for a, b, _ in hits))
        msg = f"残留占位符{shown}" + (f"（本行共{len(hits)}处）" if len(hits) > 1 else "")
        f = ctx.finding("placeholder", n, msg, "换成具体的名称、数字或日期；没有的事实不要编，删去或如实写明。",
                        span=(s, e))
        if f:
            out.append(f)
    return out


# Lines the cleaner drops as material-site residue; inside a report they were left in by the writer.
_RESIDUE = {"advertisement": "广告", "contact": "联系方式", "paywall": "付费或预览提示", "source line": "来源标注"}


def residue(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for n in range(ctx.report.start_line, ctx.report.end_line + 1):
        raw = ctx.raw_line(n)
        kept = ctx.line(n)
        if kept.strip():
            # A long line stays report text (clean.py); a notice pasted into it is still pointed at.
            for what, start, end in noise_phrases(kept) if noise_reason(raw) is None else []:
                if what in _RESIDUE:
                    f = ctx.finding("placeholder", n, f"正文中夹带素材网站的{_RESIDUE[what]}",
                                    "删去这段文字。", span=(start, end), context=0)
                    if f:
                        out.append(f)
            continue
        if not raw.strip():
            continue
        what = noise_reason(raw)
        if what not in _RESIDUE:
            continue
        f = ctx.finding("placeholder", n, f"素材网站残留的{_RESIDUE[what]}（这一行没有作为正文检查）",
                        "删去这一行；若其中有正文，把正文另起一行。", evidence=raw.strip()[:40])
        if f:
            f.column = len(raw) - len(raw.lstrip()) + 1
            out.append(f)
    return out


def unfilled_slots(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    pat = compiled(ctx.cfg.unfilled_slot)
    for n, text in ctx.all_lines():
        for m in pat.finditer(text):
            f = ctx.finding("unfilled-slot", n, f"待补充的内容还没有填写：{m.group()}",
                            "填入真实的事实或数字，或删去这句话。", span=(m.start(), m.end()), context=0)
            if f:
                out.append(f)
    return out


def check(ctx: Ctx) -> list[Finding]:
    return placeholders(ctx) + residue(ctx) + unfilled_slots(ctx)
