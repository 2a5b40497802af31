"""Labelled documents made in the tests: a .docx (python-docx) and an .xlsx (openpyxl) with a merged category
cell and a formula, each with its NAME.labels.yaml, in the format the measuring harness reads."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import yaml


def write_labels(folder: Path, document: str, unit: str, year: int, sentences: list[tuple[str, str, list[str]]],
                 ) -> None:
    data = {"document": document, "unit_name": unit, "year": year,
            "figure_sentences": [{"where": w, "sentence": s, "figures": f} for w, s, f in sentences]}
    (folder / f"{Path(document).stem}.labels.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                               encoding="utf-8")


def school_docx(folder: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("城关第三小学党支部2025年党建工作总结", level=0)
    d.add_paragraph("一年来，学校党支部坚持党建引领，推动党建与教育教学深度融合。")
    d.add_heading("一、加强思想政治建设", level=1)
    d.add_paragraph("组织教职工政治理论学习18次，开展师德师风专题教育3场，覆盖教职工126人。")
    d.add_heading("二、建强教师党员队伍", level=1)
    d.add_paragraph("发展青年教师入党2名，评选党员示范岗8个。党员教师承担公开课41节，占全校的六成。")
    t = d.add_table(rows=2, cols=3)
    for i, v in enumerate(["项目", "数量", "说明"]):
        t.cell(0, i).text = v
    for i, v in enumerate(["结对帮扶困难学生", "35名", "每名党员教师联系2至3名"]):
        t.cell(1, i).text = v
    d.add_heading("三、存在的不足", level=1)
    d.add_paragraph("党建活动形式还比较单一，吸引力不强。")
    path = folder / "school_2025.docx"
    d.save(path)
    write_labels(folder, path.name, "城关第三小学党支部", 2025, [
        ("paragraph 4", "组织教职工政治理论学习18次，开展师德师风专题教育3场，覆盖教职工126人。", ["18次", "3场", "126人"]),
        ("paragraph 6", "发展青年教师入党2名，评选党员示范岗8个。", ["2名", "8个"]),
        ("paragraph 6", "党员教师承担公开课41节，占全校的六成。", ["41节"]),
        ("table 1 row 2", "结对帮扶困难学生，35名，每名党员教师联系2至3名", ["35名"]),
    ])
    return path


def park_xlsx(folder: Path, cached_total: int | None = None) -> Path:
    """A ledger: a title row, a header, a category merged over two rows, a unit column, and a total by formula
    (with `cached_total`, the value Excel would have saved beside the formula)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["高新区党工委2025年党建工作台账"])
    ws.append(["序号", "类别", "工作内容", "数量", "单位"])
    ws.append([1, "组织建设", "新建非公企业党组织", 6, "个"])
    ws.append([2, None, "选派党建指导员", 14, "名"])
    ws.append([3, "服务企业", "为企业解决用工融资难题", 23, "件"])
    ws.append([4, None, "举办“党建+招聘”活动", 5, "场"])
    ws.append([5, "合计", "全年走访企业", "=C3+C4", "家"])
    ws.merge_cells("B3:B4")
    ws.merge_cells("B5:B6")
    path = folder / "park_2025.xlsx"
    wb.save(path)
    if cached_total is not None:  # what Excel/WPS saves: the formula and its last value
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        name = "xl/worksheets/sheet1.xml"
        xml = parts[name].decode()
        xml = re.sub(r"(<f>C3\+C4</f>)(<v\s*/>|<v></v>)?", rf"\1<v>{cached_total}</v>", xml)
        parts[name] = xml.encode()
        with zipfile.ZipFile(path, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
    write_labels(folder, path.name, "高新区党工委", 2025, [
        ("台账 row 3", "组织建设，新建非公企业党组织，6个", ["6个"]),
        ("台账 row 4", "组织建设，选派党建指导员，14名", ["14名"]),
        ("台账 row 5", "服务企业，为企业解决用工融资难题，23件", ["23件"]),
        ("台账 row 6", "服务企业，举办“党建+招聘”活动，5场", ["5场"]),
    ])
    return path
