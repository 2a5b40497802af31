"""The checks a drafted part must pass before it is returned: the part's own (empty, cut off, reads as
another part) and the report's, from the parser and the critique's structural checks, mapped back to the
part they are in."""

from __future__ import annotations

from assistant.domain.classifier import read_as
from assistant.domain.models import ROLE_ZH, Finding, Role
from assistant.domain.parse import parse_text
from assistant.domain.part_features import cue_scores
from assistant.domain.rubric import Rubric
from assistant.services.critique import structural_findings
from assistant.services.drafting.prose import prose_defects

# A drafted part reads as another part only when it carries at least this much of that part's own wording
# (a cue of weight 1, such as 存在…不足 or 下一步) and the part classifier scores that part above its own.
WORDED = 1.0
CHECKED_ROLES = {Role.achievements, Role.rectification, Role.problems, Role.causes, Role.plans}


# What makes each part recognisable, said in the repair prompt when the parser could not find the part.
RECOGNISE: dict[Role, str] = {
    Role.opening: "写一段总述，说明在谁的领导下履行第一责任人职责，以“现将履职情况报告如下：”结尾",
    Role.achievements: "逐条写本年度做了哪些工作、取得了哪些成效",
    Role.rectification: "写明对“上年度述职评议反馈的问题”逐条整改的措施和结果",
    Role.problems: "逐条写存在的问题和不足（“还不够”“有待”“仍存在”）",
    Role.causes: "分析问题的原因，写明主观上、客观上的原因",
    Role.insights: "写认识体会（“深刻体会到”“只有……才能……”）",
    Role.plans: "逐条写下一步的措施（“将”“持续”“进一步”）",
    Role.closing: "写一段简短表态，以“下一步，我将……”开头，以“提供坚强保证”之类的表态结尾",
}


EMPTY = "内容为空：这一部分没有写出任何正文"
CUT_OFF = "回答在中途被截断（finish_reason=length），内容不完整，请写完整并控制篇幅"
DROPPED = "连接在回答中途断开（流式回答没有正常结束），内容不完整，请写完整并控制篇幅"
FILTERED = "回答被服务端内容审核中断（finish_reason=content_filter），内容可能不完整，请换用规范的公文表述重写"


def _over_budget(target: int) -> str:
    return f"{CUT_AT_BUDGET}：回答写到篇幅上限（max_tokens）还没有结束，被截断；请写完整，控制在约{target}字"


CUT_AT_BUDGET = "篇幅超出上限"


def part_defects(role: Role, text: str, *, truncated: bool = False, filtered: bool = False,
                 dropped: bool = False, over_budget: int | None = None) -> list[str]:
    """over_budget: the part's target length when the answer was stopped at its max_tokens."""

    out: list[str] = []
    if filtered:
        out.append(FILTERED)
    if not text.strip():
        return [EMPTY, *out]
    if dropped:
        out.append(DROPPED)  # the connection's fault, not the model's length: never said as finish_reason=length
    elif over_budget is not None:
        out.append(_over_budget(over_budget))
    elif truncated:
        out.append(CUT_OFF)

    garbled = prose_defects(role, text)
    if garbled:
        return [*out, *garbled]  # the wrong-part check below means nothing on text that is not prose
    if role in CHECKED_ROLES:
        # The parser's part classifier, on the text alone: it reads as another part when that part scores
        # higher than this one and the text carries that part's own wording (a cue of it).
        scores = read_as(text, CHECKED_ROLES)
        cues = cue_scores(text)
        worded = [r for r in scores if r != role and cues.get(r, 0.0) >= WORDED
                  and cues.get(r, 0.0) > cues.get(role, 0.0)]
        other = max(worded, key=lambda r: scores[r], default=None)
        if other is not None and scores[other] > scores[role]:
            out.append(f"内容不像“{ROLE_ZH[role]}”，更像“{ROLE_ZH[other]}”：请按这一部分的要求重写")
    return out


# A part the parser did not find in the assembled draft: its defect starts with this.
UNRECOGNISED = "结构检查没有识别出"


def report_findings(text: str, rubric: Rubric, planned: list[Role], line_roles: list[Role]
                    ) -> tuple[list[Finding], dict[Role, list[str]], list[str]]:
    """Structural findings of the assembled report, the defects they put on each part, and warnings."""

    warnings: list[str] = []
    parsed = parse_text(text, "draft")
    findings: list[Finding] = []
    per_part: dict[Role, list[str]] = {}
    if len(parsed.reports) != 1:
        warnings.append(f"解析时在稿中找到 {len(parsed.reports)} 篇报告，而不是一篇")
    else:
        report = parsed.reports[0]
        for role in planned:
            if role != Role.title and not report.has_role(role):
                per_part.setdefault(role, []).append(
                    f"{UNRECOGNISED}“{ROLE_ZH[role]}”这一部分：请{RECOGNISE.get(role, '写出这一部分应有的内容')}")
    findings = structural_findings(parsed, rubric)
    for f in findings:
        role = _role_of(f, line_roles)
        if role is not None and role in planned:
            msg = f"{f.check}：{f.message}" + (f"（“{f.evidence}”）" if f.evidence else "")
            if msg not in per_part.get(role, []):
                per_part.setdefault(role, []).append(msg)
    return findings, per_part, warnings


def _role_of(f: Finding, line_roles: list[Role]) -> Role | None:
    # a missing part is the missing part's defect, not that of the part on the line where it was noticed
    # (which would be redrafted for nothing)
    if f.check == "missing-part" and f.part:
        try:
            return Role(f.part)
        except ValueError:
            pass
    if f.line and 1 <= f.line <= len(line_roles):
        return line_roles[f.line - 1]
    try:
        return Role(f.part) if f.part else None
    except ValueError:
        return None
