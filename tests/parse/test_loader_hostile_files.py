"""Files a careless user hands over: a pipe named .txt, a GBK file with a broken byte, a zip that is no Word
document, a damaged .docx numbering part, a Word list numbered past 99. Each is one LoadError line or read."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from assistant.domain.loader import LoadError, load_source
from assistant.domain.numbering import int_to_cn

TITLE = "村党支部书记2024年抓基层党建工作述职报告"


def test_a_pipe_named_txt_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)  # nobody writes to it: reading it would block for ever
    with pytest.raises(LoadError, match=r"x\.txt：不是普通文件"):
        load_source(fifo)


def test_gbk_with_a_broken_byte_names_where_gbk_fails(tmp_path: Path) -> None:
    body = (TITLE + "\n一、主要工作\n").encode("gbk")
    p = tmp_path / "gbk.txt"
    p.write_bytes(body + b"\xff" + "二、存在问题\n".encode("gbk"))
    with pytest.raises(LoadError) as e:
        load_source(p)
    assert f"也不是 GB18030/GBK（第 {len(body)} 字节出错）" in str(e.value)


@pytest.mark.parametrize("members", [{"hello.txt": "hi"}, {"[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'}])
def test_a_zip_that_is_no_word_document(tmp_path: Path, members: dict[str, str]) -> None:
    p = tmp_path / "r.docx"
    with zipfile.ZipFile(p, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    with pytest.raises(LoadError, match=r"r\.docx：不是 Word 文档"):
        load_source(p)


def _numbered_docx(path: Path, items: int, *, ilvl: str = "0", start: str = "1") -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.part.numbering_part.element.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    d.part.numbering_part.element.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    d.add_paragraph(TITLE)
    d.add_paragraph("2024年，在镇党委领导下，我认真履职，现将情况报告如下：")
    for i in range(items):
        p = d.add_paragraph(f"开展活动第{i + 1}项。")
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    d.save(path)


def test_a_word_list_numbered_past_99(tmp_path: Path) -> None:
    p = tmp_path / "long.docx"
    _numbered_docx(p, 120)
    lines = load_source(p).lines
    assert lines[2 + 98 : 2 + 101] == ["九十九、开展活动第99项。", "一百、开展活动第100项。", "一百零一、开展活动第101项。"]
    assert lines[-1] == "一百二十、开展活动第120项。"


@pytest.mark.parametrize("attrs", [{"ilvl": "x"}, {"start": "abc"}, {"start": "-3"}])
def test_a_damaged_numbering_part_is_read_not_a_crash(tmp_path: Path, attrs: dict[str, str]) -> None:
    p = tmp_path / "odd.docx"
    _numbered_docx(p, 3, **attrs)
    assert load_source(p).lines[0] == TITLE


@pytest.mark.parametrize(("n", "cn"), [(10, "十"), (21, "二十一"), (100, "一百"), (105, "一百零五"),
                                       (110, "一百一十"), (1010, "一千零一十"), (9999, "九千九百九十九"),
                                       (10000, "10000"), (-2, "-2")])
def test_int_to_cn_beyond_99(n: int, cn: str) -> None:
    assert int_to_cn(n) == cn
