"""Text a model puts where the report's prose should be: talk about how to write it (例如，“X”应写成“Y”), and, in
the problems, a measure (（三）优化党建工作流程。) where a shortcoming
should be. A problem item names a shortfall (不够, 不足, 薄弱, 差距…); one that opens on a remedy verb and names
none in its first sentence is a plan. bench/bench_guards.py: 0 of 1,941 problem lines of the real reports in
evals/unseen read so."""

from __future__ import annotations

import re

from assistant.domain.numbering import leading_marker

_REMEDY = re.compile(r"^(?:加强|强化|优化|提升|提高|完善|健全|建立|推进|推动|深化|打造|创新|落实|抓好|做好|加大|构建|搭建|丰富|规范|"
                     r"开展|实施|通过(?:以上|上述|这些)(?:措施|举措|努力)|我(?:希望|相信))")
_SHORTFALL = re.compile(r"不够|不足|不高|不强|不多|不到位|不深|不实|不严|不紧|欠缺|缺乏|偏少|偏多|偏弱|偏大|薄弱|短板|差距|有待|"
                        r"还需|尚需|不平衡|不充分|不规范|单一|滞后|问题|弱化|虚化|淡化|不明显|不力|较少|较弱|乏力|不佳|不及时|"
                        r"不彻底|不均衡|存在|仍有|没有|未能|未")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]是|首先|其次|再次|最后)[，,]?")


def measure_lines(text: str) -> list[str]:
    """Lines of a problems part that read as measures: a remedy verb first, no shortfall in the first sentence."""
    out = []
    for ln in (x.strip() for x in text.split("\n")):
        m = leading_marker(ln)
        body = _ENUM.sub("", ln[m.end:] if m else ln).strip()
        if _REMEDY.match(body) and not _SHORTFALL.search(re.split(r"[。；！？]", body)[0]):
            out.append(ln)
    return out


# Talk about the writing, not the report: a rewrite rule (应写成, 应改为) or an example put in quotes (例如，“…). None of
# the real reports in evals/unseen or the corpus says it.
_ABOUT_WRITING = re.compile(r"应(?:写|改)(?:成|为)|可(?:写|改)成|例如[，,：:]\s*[“\"]|避免使用标点")


def about_writing(text: str) -> list[str]:
    """Sentences of a part that talk about how to write it."""
    return [x for x in re.findall(r"[^。！？\n]+[。！？]?", text) if _ABOUT_WRITING.search(x)]


# In the rectification, an item answers one of last year's feedback entries; an item that shares almost none of
# any entry's words is a problem the model made up (部门内部存在安全隐患 in a village branch's report with no
# feedback given). Words every entry shares (问题, 整改, 工作…) say nothing of which entry an item answers.
_GENERIC = re.compile(r"问题|整改|工作|党建|加强|存在|不够|方面|情况|落实|推进|进一步|有效|提升|提高")
# An item names its entry (the feedback or the action taken) when this many of the entry's two-character runs
# stand in it; a paraphrase keeps some nouns and the action's words. bench/bench_guards.py: real rectification
# items read against another report's entries are flagged 59% of the time (2 runs: 29%, 4: 75%), their own 1%.
FEEDBACK_PAIRS = 3


def _pairs(text: str) -> set[str]:
    han = "".join(re.findall(r"[\u4e00-\u9fff]+|\0", _GENERIC.sub("\0", text)))
    return {han[i:i + 2] for i in range(len(han) - 1) if "\0" not in han[i:i + 2]}


def unfounded_items(text: str, feedback: list[str]) -> list[str]:
    """Numbered items of a rectification part that answer none of the feedback entries (each its feedback and its
    action; all items when there are none)."""
    entries = [p for p in (_pairs(f) for f in feedback) if p]
    out = []
    for ln in (x.strip() for x in text.split("\n")):
        if not ln or ln.startswith("【") or leading_marker(ln) is None and not _ENUM.match(ln):
            continue
        have = _pairs(ln)
        if not any(len(e & have) >= min(FEEDBACK_PAIRS, len(e)) for e in entries):
            out.append(ln)
    return out
