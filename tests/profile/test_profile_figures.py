"""What `profile extract` counts as a figure: a number with its measure word, as written."""

from __future__ import annotations

import pytest

from assistant.services.profile_extract.figures import figure_texts


@pytest.mark.parametrize(("text", "figures"), [
    ("全年发展党员12名，其中35岁以下青年教师9名。", ["12名", "9名"]),
    ("投入经费3.5万元，参学率达98%，集中督查两次。", ["3.5万元", "98%", "两次"]),
    ("辖区15个党支部按1:5的比例配备联络员。", ["15个党支部", "1:5"]),
    ("服务群众1200余人次，同比提高3个百分点，达到百分之九十。", ["1200余人次", "3个百分点", "百分之九十"]),
    ("共有党员1,260人，开展学习十二次。", ["1,260人", "十二次"]),
    # dates, ordinals, list markers and fixed terms are not figures
    ("2025年6月完成换届，第3季度开展督导。", []),
    ("一是落实三会一课制度，坚持第一议题，学习二十大精神。", []),
    ("（二）落实两个确立，实施三年行动，弘扬十年来的传统。", []),
    ("依据九项准则，防止两张皮，改造二次供水泵房，学习二十届三中、四中全会精神。", []),
    # a Chinese count of parts or years, a range, a batch, and 一 with 次/轮/半
    ("重点做好四个方面工作，确定五项重点任务，支部连续两年获评先进。", ["四个", "五项", "两年"]),
    ("计划发展党员2至3名，每户联系5-8人，培养骨干三至五名。", ["2至3名", "5-8人", "三至五名"]),
    ("项目入选第三批省级试点，每季度召开一次会议，再组织一轮督查，一半以上的支部达标。", ["第三批", "一次", "一轮", "一半"]),
    ("发放一次性补助，推进新一轮改革，统一部署，每一次都到场，列席十届一次会议。", []),
    ("依据〔2025〕3号文件，上午9:30召开会议。", []),
    ("2024届毕业生党员全部转出组织关系，2025级新生中递交入党申请书的有120人。", ["120人"]),
    # general measure words of such summaries
    ("结成师徒对子15对，购置巡逻车3辆，补植树苗2600株、银杏180棵。", ["15对", "3辆", "2600株", "180棵"]),
    ("发放爱心包210袋、米面油48箱，新装路灯64盏，设置公开栏9块。", ["210袋", "48箱", "64盏", "9块"]),
    ("存栏生猪260头、蛋鸡1500只，写春联800副。", ["260头", "1500只", "800副"]),
    ("开办夜校4期次，送课12班次，无人机巡护27架次，志愿服务640人天，调处纠纷19起。",
     ["4期次", "12班次", "27架次", "640人天", "19起"]),
    # … not where the measure word is part of another word or a formulation, nor an age band
    ("落实“四同步、四对接”，部门一一对应，抓两头带中间。", []),
    ("36至60岁的党员，一对一帮扶。", []),
])
def test_figures_as_written(text: str, figures: list[str]) -> None:
    assert figure_texts(text) == figures
