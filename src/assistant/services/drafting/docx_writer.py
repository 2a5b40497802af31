"""The .docx in the 公文 format of docs/domain.md (GB/T 9704 habits): A4, margins 37/35/28/26 mm; title
小标宋 二号 centred; body 仿宋 三号, first-line indent of two characters, exact 28 pt line spacing; level-1
headings 黑体 三号 (kept as Word headings for the navigation pane); the lead sentence of a （一） item 楷体;
page numbers "— N —". Font names are settings, because offices use different font packages.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from assistant.services.drafting.models import DraftResult
from assistant.services.drafting.writers import OFFLINE_BANNER, atomic_write
from assistant.settings import Settings

SIZE_ER = 22  # 二号, pt
SIZE_SAN = 16  # 三号
SIZE_SI = 14  # 四号
LINE_PT = 28
INDENT_PT = 32  # two characters of 三号
_ITEM = re.compile(r"^（[一二三四五六七八九十]+）")


def _set_fonts(target: Any, name: str, size: int | None = None, bold: bool | None = None) -> None:
    """Set Latin and East Asian font on a style or run, dropping the theme fonts that would win."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = target.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _paragraph_format(pf: Any, *, indent: bool = True, center: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(INDENT_PT) if indent else Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY


def _page_number_footer(section: Any, font: str) -> None:
    # "— N —": python-docx has no API for fields, so the PAGE field is built from XML.
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str | None = None) -> Any:
        r = p.add_run(text or "")
        _set_fonts(r, font, SIZE_SI)
        return r

    run("— ")
    r = run()
    for kind, instr in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        r._r.append(el)
    run(" —")


def _offline_header(section: Any, font: str) -> None:
    # Named as offline on every page, in the page header: visible in Word and WPS, outside the body text
    # (which stays in the 公文 format and is what the critique reads).
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(OFFLINE_BANNER)
    _set_fonts(r, font, 10)
    r.font.color.rgb = RGBColor(0xC0, 0, 0)


def new_document(settings: Settings) -> Any:
    """An empty document in the 公文 format: A4, the margins, the body and level-1 heading styles, page numbers."""
    from docx import Document
    from docx.shared import Mm, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)

    normal = doc.styles["Normal"]
    _set_fonts(normal, settings.font_body, SIZE_SAN)
    _paragraph_format(normal.paragraph_format)
    h1 = doc.styles["Heading 1"]
    _set_fonts(h1, settings.font_heading1, SIZE_SAN, bold=False)
    h1.font.color.rgb = RGBColor(0, 0, 0)  # the built-in heading is blue
    _paragraph_format(h1.paragraph_format)
    h1.paragraph_format.keep_with_next = True
    _page_number_footer(sec, settings.font_body)
    return doc


def add_title(doc: Any, title: str, settings: Settings) -> Any:
    t = doc.add_paragraph(style="Normal")
    _paragraph_format(t.paragraph_format, indent=False, center=True)
    _set_fonts(t.add_run(title), settings.font_title, SIZE_ER)
    return t


def add_heading1(doc: Any, text: str, settings: Settings) -> Any:
    h = doc.add_paragraph(style="Heading 1")
    _set_fonts(h.add_run(text), settings.font_heading1, SIZE_SAN)
    return h


def add_body(doc: Any, para: str, settings: Settings) -> Any:
    """A body paragraph; a （一） item's lead sentence in 楷体, the rest in the body font."""
    p = doc.add_paragraph(style="Normal")
    m = _ITEM.match(para)
    end = para.find("。") if m else -1
    if m and 0 < end <= 60:
        _set_fonts(p.add_run(para[: end + 1]), settings.font_heading2, SIZE_SAN)
        rest = para[end + 1 :]
        if rest:
            _set_fonts(p.add_run(rest), settings.font_body, SIZE_SAN)
    elif para:
        _set_fonts(p.add_run(para), settings.font_body, SIZE_SAN)
    return p


def build_docx(result: DraftResult, settings: Settings) -> Any:
    doc = new_document(settings)
    sec = doc.sections[0]
    add_title(doc, result.title, settings)
    doc.add_paragraph()  # one empty line under the title, as in the format
    for part in result.parts:
        if part.role.value == "title":
            continue
        if part.heading:
            add_heading1(doc, f"{part.number or ''}{part.heading}", settings)
        for para in part.text.split("\n"):
            if para.strip():
                add_body(doc, para, settings)
    doc.core_properties.title = result.title
    if result.backend == "offline":
        doc.core_properties.comments = "离线模板生成（未使用大模型）：请逐一填写【待补充】处"
        _offline_header(sec, settings.font_body)
    else:
        doc.core_properties.comments = f"由 {result.model} 通过 OpenAI 兼容接口起草"
    return doc


def write_docx(result: DraftResult, path: Path, settings: Settings) -> None:
    """Build, then save to a temp file beside the target and rename, so a crash leaves no half file."""
    doc = build_docx(result, settings)
    # Into memory first: a zip written straight to a full disk fails half-way and its __del__ then prints
    # "Exception ignored in ZipFile"; bytes are written (or refused) in one step.
    buf = io.BytesIO()
    doc.save(buf)
    atomic_write(path, lambda tmp: tmp.write_bytes(buf.getvalue()))
