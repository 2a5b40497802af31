"""The parse of the seed compilation equals the hand labels in seed_gold.yaml, field by field."""

import pytest

from assistant.domain.parse import parse_file


@pytest.fixture(scope="module")
def parsed(seed_path):
    return parse_file(seed_path)


def test_four_reports_with_gold_titles_and_spans(parsed, seed_gold):
    gold = seed_gold["reports"]
    assert len(parsed.reports) == len(gold) == 4
    for rep, g in zip(parsed.reports, gold, strict=True):
        assert rep.title == g["title"]
        assert [rep.start_line, rep.end_line] == g["lines"]
        assert rep.year == g["year"]


@pytest.mark.parametrize("k", range(4))
def test_sections_match_gold(parsed, seed_gold, k):
    rep, g = parsed.reports[k], seed_gold["reports"][k]
    got = [(s.role.value, [s.start_line, s.end_line]) for s in rep.sections]
    want = [(s["role"], s["lines"]) for s in g["sections"]]
    assert got == want
    for s, gs in zip(rep.sections, g["sections"], strict=True):
        if "items" in gs:
            assert len(s.items) == gs["items"], (s.role, s.start_line)
        if "numbering" in gs:
            assert s.numbering == gs["numbering"], (s.role, s.start_line)
        if "heading" in gs:
            assert s.heading == gs["heading"], (s.role, s.start_line)


def test_nothing_from_noise_lines(parsed, seed_gold):
    noise_lines = {seed_gold["compilation_title_line"]}
    for n in seed_gold["noise"]:
        noise_lines.update(range(n["lines"][0], n["lines"][1] + 1))
    found = {n.line for n in parsed.noise}
    # Line 8 is a title with a marker glued to it: the marker is stripped, the title kept.
    assert found >= noise_lines - {8}
    for rep in parsed.reports:
        assert "#" not in rep.title
        for s in rep.sections:
            for line in range(s.start_line, s.end_line + 1):
                assert line not in noise_lines - {8}
            assert "素材库" not in s.text and "paid" not in s.text


def test_letter_d_restored_everywhere(parsed):
    for rep in parsed.reports:
        for s in rep.sections:
            assert "D建" not in s.text and "D员" not in s.text and "D支部" not in s.text
    assert "中国共产党" in parsed.lines[76]  # line 77: 中国共产D的百年奋斗史
    assert "入党党龄" in parsed.lines[76]


def test_rectification_inside_achievements_is_recorded(parsed):
    r4 = parsed.reports[3]
    assert [(e.role.value, e.line) for e in r4.embedded] == [("rectification", 105)]
    assert r4.has_role("rectification")
    # r2 speaks of 整改 inside its problems but gives no account of last year's feedback.
    assert not parsed.reports[1].has_role("rectification")


def test_items_carry_lines_and_markers(parsed):
    r3 = parsed.reports[2]
    ach = r3.sections[2]
    assert [i.marker for i in ach.items] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [i.start_line for i in ach.items] == [72, 74, 79, 84, 86]
    assert ach.items[1].end_line == 78
    causes = parsed.reports[3].sections[3]
    assert [i.marker for i in causes.items] == ["一是", "二是", "三是"]
    assert causes.items[0].text.startswith("一是思路观念有待进一步转变")
