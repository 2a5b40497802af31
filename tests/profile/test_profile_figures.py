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
    ("（二）从三个方面推进，落实两个确立，实施三年行动。", []),
    ("依据〔2025〕3号文件，上午9:30召开会议。", []),
])
def test_figures_as_written(text: str, figures: list[str]) -> None:
    assert figure_texts(text) == figures
