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


def _merge_down(table, col: int, first: int, last: int) -> None:  # noqa: ANN001
    """Merge a column's cells from row `first` to `last`, keeping the text of the first (Word keeps one)."""
    text = table.cell(first, col).text
    merged = table.cell(first, col).merge(table.cell(last, col))
    merged.text = text


def quarter_docx(folder: Path) -> Path:
    """A summary whose figures stand in Word tables of bare numbers under a header (by quarter, with a 合计 row;
    a category merged down), with figure sentences in its problems and plans parts."""
    import docx

    d = docx.Document()
    d.add_heading("河湾街道党工委2025年党建工作总结", level=0)
    d.add_paragraph("2025年，街道党工委以提升组织力为重点，把党建工作落到每个季度、每个社区。")
    d.add_heading("一、党员发展和教育培训", level=1)
    d.add_paragraph("全年按季度推进党员发展和培训工作，完成情况见下表。")
    d.add_paragraph("表1 2025年分季度党员发展和培训情况")
    t = d.add_table(rows=6, cols=4)
    rows = [["季度", "发展党员", "培训人次", "走访群众（户）"], ["第一季度", "3", "46", "120"],
            ["第二季度", "2", "58", "96"], ["第三季度", "4", "61", "134"], ["第四季度", "2", "45", "110"],
            ["合计", "11", "210", "460"]]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.add_heading("二、基层组织建设", level=1)
    t2 = d.add_table(rows=4, cols=3)
    for r, row in enumerate([["类别", "指标", "完成数"], ["组织覆盖", "新建“两新”党组织", "5"],
                             ["", "整顿软弱涣散党组织", "2"], ["阵地建设", "新建党群服务站点", "7"]]):
        for c, v in enumerate(row):
            t2.cell(r, c).text = v
    _merge_down(t2, 0, 1, 2)
    d.add_paragraph("各社区党组织结成共建对子18对，全年开展联建活动40余场。")
    d.add_heading("三、存在的不足", level=1)
    d.add_paragraph("一是青年党员比例偏低，35岁以下党员只占14%。")
    d.add_heading("四、2026年工作打算", level=1)
    d.add_paragraph("力争全年发展党员12名，新建党群服务站点3个。")
    path = folder / "river_2025.docx"
    d.save(path)
    write_labels(folder, path.name, "河湾街道党工委", 2025, [
        ("table 1 row 2", "第一季度，3，46，120", ["3", "46", "120"]),
        ("table 1 row 3", "第二季度，2，58，96", ["2", "58", "96"]),
        ("table 1 row 4", "第三季度，4，61，134", ["4", "61", "134"]),
        ("table 1 row 5", "第四季度，2，45，110", ["2", "45", "110"]),
        ("table 1 row 6", "合计，11，210，460", ["11", "210", "460"]),
        ("table 2 row 2", "组织覆盖，新建“两新”党组织，5", ["5"]),
        ("table 2 row 3", "组织覆盖，整顿软弱涣散党组织，2", ["2"]),
        ("table 2 row 4", "阵地建设，新建党群服务站点，7", ["7"]),
        ("paragraph 6", "各社区党组织结成共建对子18对，全年开展联建活动40余场。", ["18对", "40余场"]),
        ("paragraph 8", "一是青年党员比例偏低，35岁以下党员只占14%。", ["14%"]),
        ("paragraph 10", "力争全年发展党员12名，新建党群服务站点3个。", ["12名", "3个"]),
    ])
    return path


def members_xlsx(folder: Path) -> Path:
    """A statistics sheet: party members by 性别/年龄/学历 (a category merged down), counts, a share column of
    formulas without cached values, a total and a 注 row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员结构"
    ws.append(["青石镇党委党员队伍基本情况统计表（截至2025年12月）"])
    ws.append(["类别", "项目", "人数", "占比"])
    data = [("性别", "男", 86), (None, "女", 52), ("年龄", "35岁及以下", 31), (None, "36至60岁", 67),
            (None, "61岁及以上", 40), ("学历", "大专及以上", 59), (None, "高中及以下", 79)]
    for i, (cat, item, n) in enumerate(data, 3):
        ws.append([cat, item, n, f"=C{i}/C$10"])
    ws.append(["合计", None, 138, "=C10/C$10"])
    ws.append(["注：党员总数含预备党员5名，另有外出流动党员9名。"])
    for rng in ("A3:A4", "A5:A7", "A8:A9", "A11:D11"):
        ws.merge_cells(rng)
    path = folder / "members_2025.xlsx"
    wb.save(path)
    write_labels(folder, path.name, "青石镇党委", 2025, [
        ("党员结构 row 3", "性别，男，86", ["86"]),
        ("党员结构 row 4", "性别，女，52", ["52"]),
        ("党员结构 row 5", "年龄，35岁及以下，31", ["31"]),
        ("党员结构 row 6", "年龄，36至60岁，67", ["67"]),
        ("党员结构 row 7", "年龄，61岁及以上，40", ["40"]),
        ("党员结构 row 8", "学历，大专及以上，59", ["59"]),
        ("党员结构 row 9", "学历，高中及以下，79", ["79"]),
        ("党员结构 row 10", "合计，138", ["138"]),
        ("党员结构 row 11", "注：党员总数含预备党员5名，另有外出流动党员9名。", ["5名", "9名"]),
    ])
    return path
