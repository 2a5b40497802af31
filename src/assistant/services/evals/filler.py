"""A deterministic filler corpus for the originality suite and bench: many different reports, quickly.

Like bench/bench_large.py, the text is generated, not collected: each report is built from phrase tables
written for this purpose (no sentence of the corpus or the eval reports), with the unit, year, figures and the
order of the phrases drawn from a seeded generator. The reports share the genre's stock phrases, as real
reports do, but no two share a whole sentence except by chance.
"""

from __future__ import annotations

import random

PLACES = ("青山", "临江", "白云", "东湖", "北岭", "南溪", "西城", "金沙", "长丰", "柳林", "石桥", "新河",
          "红旗", "丰泽", "龙泉", "古城", "平安", "永宁", "兴隆", "凤鸣")
UNITS = ("区供电所", "县人民医院", "市自来水公司", "镇中心小学", "街道社区", "县税务分局", "村", "市交通集团",
         "区市场监管所", "县农商银行", "市第二中学", "区疾控中心", "乡卫生院", "市公交公司", "县检察院机关")
CN = "一二三四五六七八九十"
TOPICS = ("理论学习", "组织建设", "党员教育", "作风建设", "廉洁教育", "基层治理", "服务群众", "队伍建设",
          "制度建设", "阵地建设", "品牌创建", "安全生产", "业务融合", "意识形态", "志愿服务", "人才培养")
VERBS = ("推动", "抓实", "完善", "健全", "深化", "压实", "规范", "拓展", "创新", "强化", "优化", "落实")
OBJECTS = ("学习制度", "责任清单", "考核办法", "议事规则", "谈心谈话", "联系点制度", "积分管理", "台账管理",
           "结对帮扶", "巡查机制", "培训计划", "党员示范岗", "服务窗口", "问题清单", "督办机制", "例会制度")
ACTS = ("组织专题学习", "开展集中培训", "召开座谈会", "走访困难群众", "开展专项检查", "组织观摩交流",
        "开展主题活动", "讲授专题党课", "开展谈心谈话", "组织志愿服务", "开展警示教育", "召开分析会")
RESULTS = ("群众满意度明显提升", "各项任务按期完成", "工作质效持续提高", "短板弱项逐步补齐",
           "基础工作更加扎实", "服务水平稳步提升", "干部作风明显转变", "制度执行更加有力")
PLACES2 = ("车间", "班组", "窗口", "科室", "网格", "站点", "项目部", "服务点", "教研组", "门诊")
PROBLEMS = ("学习的系统性不够", "创新的办法不多", "督促检查还不到位", "结合业务还不紧密", "制度落实有偏差",
            "年轻党员培养不足", "阵地作用发挥不充分", "活动形式比较单一", "考核激励不够有力")
CAUSES = ("思想认识还有差距", "统筹谋划不够", "精力投入不足", "抓落实的韧劲不够", "方法手段较为传统")
STOCK = ("坚持以习近平新时代中国特色社会主义思想为指导", "认真履行党建工作第一责任人职责",
         "全面贯彻党的二十大精神", "现将有关情况报告如下", "以上报告，请予评议")


def _sentence(r: random.Random, unit: str) -> str:
    n = r.randint(2, 60)
    forms = (
        lambda: f"围绕{r.choice(TOPICS)}{r.choice(VERBS)}{r.choice(OBJECTS)}，全年{r.choice(ACTS)}{n}次，{r.choice(RESULTS)}。",
        lambda: f"在{r.choice(PLACES2)}{r.choice(ACTS)}，覆盖党员{n * 3}人次，{r.choice(VERBS)}{r.choice(OBJECTS)}{r.randint(2, 9)}项。",
        lambda: f"{unit}{r.choice(VERBS)}{r.choice(TOPICS)}和{r.choice(TOPICS)}，{r.choice(ACTS)}，{r.choice(RESULTS)}。",
        lambda: f"针对{r.choice(TOPICS)}中的薄弱环节，{r.choice(VERBS)}{r.choice(OBJECTS)}，新增{r.choice(PLACES2)}{n}个。",
        lambda: f"结合{r.choice(TOPICS)}{r.choice(ACTS)}，累计解决问题{n}件，{r.choice(RESULTS)}。",
    )
    return r.choice(forms)()


def filler_report(i: int, seed: int = 0) -> tuple[str, str]:
    """Report number i of the filler corpus: (unit name, text)."""
    r = random.Random(f"filler-{seed}-{i}")
    unit = r.choice(PLACES) + r.choice(UNITS)
    year = r.randint(2018, 2025)
    lines = [f"{unit}党支部书记{year}年抓基层党建工作述职报告",
             f"{year}年，我{STOCK[1]}，{STOCK[0]}，{r.choice(VERBS)}{r.choice(TOPICS)}。{STOCK[3]}。",
             "一、主要工作及成效"]
    for j in range(r.randint(3, 4)):
        head = f"（{CN[j]}）{r.choice(VERBS)}{r.choice(TOPICS)}，{r.choice(RESULTS)}。"
        lines.append(head + "".join(_sentence(r, unit) for _ in range(r.randint(4, 6))))
    lines.append("二、存在的问题")
    for j in range(3):
        lines.append(f"{CN[j]}是{r.choice(TOPICS)}方面{r.choice(PROBLEMS)}。" + _sentence(r, unit))
    lines.append("三、原因分析")
    lines.append("".join(f"{CN[j]}是{r.choice(CAUSES)}，{r.choice(TOPICS)}{r.choice(PROBLEMS)}。" for j in range(3)))
    lines.append("四、下一步工作思路")
    for j in range(3):
        lines.append(f"（{CN[j]}）{r.choice(VERBS)}{r.choice(TOPICS)}。" + "".join(
            _sentence(r, unit).replace("全年", "计划").replace("累计", "力争") for _ in range(r.randint(2, 3))))
    lines.append(f"{STOCK[4]}。")
    return unit, "\n".join(lines) + "\n"


def filler_corpus(n: int, seed: int = 0) -> list[tuple[str, str]]:
    return [filler_report(i, seed) for i in range(n)]
