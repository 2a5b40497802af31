"""Cleaning rules tested on variants of the noise (not only the seed's) and the letter D both ways."""

import pytest

from assistant.domain.clean import clean_lines
from assistant.domain.letter_d import find_letter_d, restore_d


@pytest.mark.parametrize(
    "line",
    [
        "【哒哒素材库】——每天更新材料1000多篇，有意加入请联系：1 4367",
        "【笔杆子素材库】每日更新，会员群同步",
        "欢迎加入“某某svip会员”，9000万字材料！添加客服：abc",
        "客服微信：138 0000 0000",
        "预览阅读已结束，付费后可查看全文",
        "以上仅展示623字，全文共3000字",
        "2024年抓基层党建工作述职报告汇编（6篇）",
        "##paidend##",
        "## paidbegin ##",
        "--------------------",
        "来源：某某公众号",
        # other sites' furniture, in the forms material sites use
        "更多精品范文请关注公众号“笔杆子”",
        "本文由某某素材库整理发布",
        "点击下载全文",
        "（全文共3200字）",
        "以下为付费内容",
        "剩余1200字，开通会员后查看",
        "扫描二维码关注我们",
        "关注“某某素材”公众号获取更多",
        "免责声明：本文来源于网络，如有侵权请联系删除",
        "2023年抓基层党建工作述职报告范文（精选5篇）",
        "— 2 —",
        "第2页 共5页",
        "目录",
        "上一篇：2023年党支部书记述职报告",
    ],
)
def test_noise_lines_are_blanked(line):
    res = clean_lines(["第一段正文。", line, "第二段正文。"])
    assert res.lines == ["第一段正文。", "", "第二段正文。"]
    assert [n.line for n in res.noise] == [2]


@pytest.mark.parametrize(
    "line,want",
    [
        ("##paidbegin##D支部书记2023年抓D建述职报告", "党支部书记2023年抓党建述职报告"),
        ("##free##村党支部书记述职报告", "村党支部书记述职报告"),
        ("　　在县委的领导下，我认真履职。", "在县委的领导下，我认真履职。"),
    ],
)
def test_markers_stripped_from_text_lines(line, want):
    assert clean_lines([line]).lines == [want]


def test_report_text_is_not_mistaken_for_noise():
    keep = [
        "全年召开支部委员会12次，党员大会4次。",
        "（二）加强党员教育管理，规范党内政治生活。",
        "联系服务群众，帮助解决实际困难20件。",
        "我们组织开展了“书记讲党课”活动。",
        # report text that uses the advertisements' words
        "组织党员扫码参加线上答题活动，参与率达95%。",
        "引导党员关注公众号“学习强国”，每日学习。",
        "开通“书记信箱”微信号，收集群众意见36条。",
        "编印学习资料汇编（3篇）。",
        "设立党员先锋岗，群众好评如潮。",
        "创建“红色文库”【党建文库】品牌。",
        "目录管理更加规范。",
        "组织党员下载“学习强国”APP。",
    ]
    res = clean_lines(keep)
    assert res.lines == keep and not res.noise


@pytest.mark.parametrize(
    "src,want",
    [
        ("D建引领", "党建引领"),
        ("全体D员", "全体党员"),
        ("D支部书记", "党支部书记"),
        ("中国共产D", "中国共产党"),
        ("入DD龄超过50年", "入党党龄超过50年"),
        ("管D治D政治责任", "管党治党政治责任"),
        ("坚持D的领导", "坚持党的领导"),
        ("学习XJP新时代中国特色社会主义思想", "学习习近平新时代中国特色社会主义思想"),
        ("xD工委2023年组织生活要点", "x党工委2023年组织生活要点"),
        ("认真开展建D100周年系列活动", "认真开展建党100周年系列活动"),
        ("全面从严治D、D风廉政建设", "全面从严治党、党风廉政建设"),  # the same letter twice is no series
        ("推进D、团组织建设", "推进党、团组织建设"),
        ("D员和D支部", "党员和党支部"),
    ],
)
def test_letter_d_restored_next_to_chinese(src, want):
    assert restore_d(src) == want
    assert find_letter_d(src)


@pytest.mark.parametrize(
    "text",
    ["引进3D打印技术", "采购D100型设备", "开通xDSL宽带", "完成D轮融资", "推行PDCA循环管理", "开展DNA检测", "鉴定为D级危房",
     "补充维生素D", "Docker部署", "AAA公众号",
     # letters as labels in a series, and anonymised places and firms
     "考核结果分为A、B、C、D四个等级", "分C和D两类管理", "D、E两档不计分", "A公司、B公司和D公司", "调研D市D县",
     "选项D正确", "拓展B端和D端市场"],
)
def test_letter_d_in_ordinary_use_left_alone(text):
    assert restore_d(text) == text
    assert find_letter_d(text) == []


def test_ordinal_words_count_only_with_their_first():
    from assistant.domain.numbering import inline_markers

    assert [m.value for m in inline_markers("一方面，学习不深；另一方面，力量不足。")] == [1, 2]
    assert [m.value for m in inline_markers("首先，要学习。其次，要实践。再次，要总结。")] == [1, 2, 3]
    assert inline_markers("其次，这项工作还需加强。") == []


def test_a_long_line_is_report_text_whatever_words_it_borrows():
    # A report saved without line breaks is one long line; an advertisement glued into it must not blank it.
    body = "我认真履行第一责任人职责，全年召开支部委员会12次。" * 12
    res = clean_lines([body + "欢迎加入会员群，添加客服：abc"])
    assert res.lines[0].startswith(body) and not res.noise
    assert clean_lines(["欢迎加入会员群，添加客服：abc"]).lines == [""]
