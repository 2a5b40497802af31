"""Reading files: encodings detected, docx paragraphs and headings, and one clear reason for bad input."""

import pytest

from assistant.domain.loader import LoadError, load_source
from assistant.domain.parse import parse_file

TEXT = "村党支部书记2024年抓基层党建工作述职报告\n\n2024年，在镇党委领导下，我认真履职，现将情况报告如下：\n一、存在问题\n一是学习不够深入。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_are_detected(tmp_path, encoding):
    p = tmp_path / f"r-{encoding}.txt"
    p.write_bytes(TEXT.encode(encoding))
    doc = load_source(p)
    assert doc.lines[0] == "村党支部书记2024年抓基层党建工作述职报告"
    assert doc.encoding.startswith("utf-8") == encoding.startswith("utf-8")


def test_crlf_and_md(tmp_path):
    p = tmp_path / "r.md"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert load_source(p).lines[3] == "一、存在问题"


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "空文件"),
        ("blank.txt", b"  \n\n ", "空文件"),
        ("bin.txt", bytes(range(256)) * 4, "二进制文件"),
        ("latin.txt", "caf\xe9 \xff\xfe\xfd".encode("latin-1") * 3 + b"\x81\x30", "编码"),
        ("x.pdf", b"%PDF-1.4", "不支持 .pdf 文件"),
        ("old.doc", b"\xd0\xcf\x11\xe0", ".doc"),
        ("fake.docx", b"this is not a zip", "不是真正的 .docx"),
    ],
)
def test_bad_input_gets_a_reason(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(LoadError) as e:
        load_source(p)
    msg = str(e.value)
    assert name in msg and reason in msg and "\n" not in msg


def test_missing_file(tmp_path):
    with pytest.raises(LoadError, match="没有这个文件"):
        load_source(tmp_path / "nope.txt")


def test_docx_paragraphs_and_heading_styles(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("社区党委书记2024年抓基层党建工作述职报告", style="Title")
    d.add_paragraph("今年以来，在街道党工委领导下，我认真履职，现将情况报告如下：")
    # Word's automatic numbering is not in paragraph.text: the heading arrives without "一、".
    d.add_paragraph("主要工作", style="Heading 1")
    d.add_paragraph("（一）建强组织体系。全年发展党员3名。")
    d.add_paragraph("存在问题", style="Heading 1")
    d.add_paragraph("一是服务群众的精准度还有差距。")
    d.add_paragraph("下一步工作打算", style="Heading 1")
    d.add_paragraph("一是推进网格化管理。")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "表格内容"
    p = tmp_path / "r.docx"
    d.save(p)
    src = load_source(p)
    assert src.heading_levels[3] == 1 and src.lines[2] == "主要工作"
    assert "表格内容" in src.lines[-1]
    rep = parse_file(p).reports[0]
    assert [s.role.value for s in rep.sections] == ["title", "opening", "achievements", "problems", "plans"]
    assert rep.sections[2].heading == "主要工作"


def _auto_numbered_docx(path):
    """A .docx whose 一、 and （一） come from Word's automatic numbering, not from the text."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, ilvl):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))

    d.add_paragraph("村党支部书记2024年抓基层党建工作述职报告")
    d.add_paragraph("2024年，在镇党委领导下，我认真履职，现将情况报告如下：")
    numbered("主要工作", 0)
    numbered("建强组织。全年发展党员3名。", 1)
    numbered("服务群众。办理实事20件。", 1)
    numbered("存在问题", 0)
    numbered("学习不够深入。", 1)
    numbered("服务能力不强。", 1)
    numbered("下一步打算", 0)
    numbered("加强学习。", 1)
    d.save(path)


def test_docx_automatic_numbering_is_rebuilt(tmp_path):
    p = tmp_path / "auto.docx"
    _auto_numbered_docx(p)
    src = load_source(p)
    assert src.lines[2:8] == ["一、主要工作", "（一）建强组织。全年发展党员3名。", "（二）服务群众。办理实事20件。",
                              "二、存在问题", "（一）学习不够深入。", "（二）服务能力不强。"]
    rep = parse_file(p).reports[0]
    assert [(s.role.value, len(s.items)) for s in rep.sections] == [
        ("title", 0), ("opening", 0), ("achievements", 2), ("problems", 2), ("plans", 1)]


def test_utf8_cut_in_the_middle_of_the_last_character(tmp_path):
    p = tmp_path / "cut.txt"
    p.write_bytes(TEXT.rstrip("\n").encode("utf-8")[:-1])  # "。" cut to two of its three bytes
    doc = load_source(p)
    assert doc.lines[-1] == "一是学习不够深入" and "cut off" in doc.encoding
    # A GBK file whose only Chinese is at its very end is not mistaken for cut-off UTF-8.
    p.write_bytes(b"2024 report\n" + "报告".encode("gbk"))
    assert load_source(p).lines[-1] == "报告"


def test_a_bad_byte_inside_is_named_with_its_offset(tmp_path):
    p = tmp_path / "bad.txt"
    data = TEXT.encode("utf-8")
    p.write_bytes(data[:9] + b"\xff\xff" + data[9:])
    with pytest.raises(LoadError, match=r"bad\.txt：无法识别的编码：既不是 UTF-8（第 9 字节出错）"):
        load_source(p)


def test_folders_skip_hidden_and_office_lock_files(tmp_path):
    from assistant.domain.loader import iter_report_files

    (tmp_path / "d" / ".git").mkdir(parents=True)
    for name in ("a.txt", "~$述职报告.docx", ".hidden.txt", ".git/x.txt", "述职报告.docx"):
        (tmp_path / "d" / name).write_bytes(b"x")
    assert [f.name for f in iter_report_files([tmp_path / "d"])] == ["a.txt", "述职报告.docx"]


@pytest.mark.parametrize("encoding,named", [("big5", "Big5"), ("shift_jis", "Shift-JIS")])
def test_other_east_asian_encodings_are_refused_by_name(tmp_path, encoding, named):
    # GB18030 decodes both without an error, into garbage; before, the garbage was parsed as a report.
    text = {"big5": "村黨支部書記2024年抓基層黨建工作述職報告\n一是學習不夠深入，二是制度執行不嚴。\n" * 3,
            "shift_jis": "日本語の報告書です。党の建設について報告します。\n" * 3}[encoding]
    p = tmp_path / "r.txt"
    p.write_bytes(text.encode(encoding, errors="ignore"))
    p.read_bytes().decode("gb18030")  # the trap: no decoding error
    with pytest.raises(LoadError, match=f"r.txt：文本是 {named}"):
        load_source(p)
