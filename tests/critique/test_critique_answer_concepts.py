"""unanswered-problem: a plan that answers in other words (本领不足 ↔ 参加培训) counts, via the rubric's
answer_concepts; a problem whose kind no plan takes up is still reported."""

from assistant.domain.rubric import load_rubric
from assistant.services.critique import critique_text

HEAD = (
    "村党支部书记2024年抓基层党建工作述职报告\n"
    "2024年，在镇党委的领导下，我认真履行第一责任人职责，现将情况报告如下：\n"
    "一、主要工作\n（一）抓组织建设。全年召开支部党员大会4次，发展党员2名。\n"
    "二、存在问题\n"
    "一是党员教育管理方式比较单一，流动党员参加组织生活不够经常。\n"
    "二是本人党务知识还有欠缺，对新形势下农村党建工作规律研究不深。\n"
    "三、原因分析\n主观上对党建工作重视不够，客观上村里年轻人外出务工多。\n"
    "四、下一步打算\n"
    "一是针对流动党员推行线上组织生活，建立流动党员管理台账，确保参加组织生活。\n"
)


def _unanswered(text: str) -> list[int]:
    r = critique_text(text, name="t.txt", rubric=load_rubric())
    return [f.line for f in r.findings if f.check == "unanswered-problem"]


def test_answered_in_other_words() -> None:
    assert _unanswered(HEAD + "二是提升自身能力，主动参加上级党组织举办的培训，全年不少于两次。\n") == []


def test_not_answered_is_reported() -> None:
    assert _unanswered(HEAD + "二是推进村集体经济项目建设，壮大集体经济收入。\n") == [7]
