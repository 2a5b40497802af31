"""Draw the assignment rows of fresh batches before anything is written: eight rows a batch (unit kind, year, length,
two layouts), from a fixed seed.  python evals/unseen/draw_rows.py SEED BATCH [BATCH ...]  (writes BATCH/ASSIGNMENT.md
in the current folder; session 10: seeds 20261217 for cb cc cd, 20261218 for ce cf cg)."""
import random, sys, pathlib
LAYOUTS = [
 "a 附件 line after the closing",
 "rectification part headed 上年度…整改情况 whose items read 「（一）关于“…”的问题。…」",
 "combined problems-and-causes heading, causes as an unheaded paragraph (究其原因/深层次看…)",
 "themed achievement headings that name no part (e.g. 「xx引领，让yy“zz”起来」), then normal part headings",
 "a signature line (述职人：…) and a date line after the closing",
 "an author line under the title (e.g. 「——xx在述职评议会上的发言」)",
 "an insights part (认识体会/几点体会) between causes and plans",
 "no opening (the text starts straight at 一、 after the title)",
 "a plans lead sentence such as 「20xx年是…之年。针对上述问题，我将重点抓好以下几方面：」 at the start of the plans",
 "1. / （1） numbering for items and sub-items",
 "items as 首先/其次/再次/最后",
 "numbered part headings 一、二、… with （一） items",
 "inline enumeration 一是…二是…三是 inside one paragraph per part",
 "title on two lines (unit on line 1, 「20xx年度抓基层党建工作述职报告」 on line 2)",
 "combined heading 「存在的问题及原因」-style with sub-headings （一）…问题 / （二）…原因",
 "no title (the text starts at the opening paragraph)",
 "rectification only as one sentence inside an achievements paragraph (embedded)",
 "an author line under the title (e.g. 「xx党委书记 张某明」 or 「——xx在述职评议会上的发言」)",
 "uncommon heading variants (pick from 下步打算, 努力方向, 工作思路, 改进措施, 今后打算, 原因剖析, 问题根源, 履职情况, 主要做法, 工作开展情况, 问题与不足, or others you know)",
 "compact report: causes stated inside the problems paragraph (embedded), no causes part of their own",
 "plans as 一要…二要…三要",
 "no part headings at all: parts only by content and where numbering restarts",
 "text copied from a web page: ASCII punctuation (, ; : \" ?) in many places — label it as known_defects halfwidth-punct with the lines",
]
KINDS = "国有企业 非公企业 党政机关 政协人大机关 学校 医院 村 乡镇 社区 园区党工委 市县党委".split()
LENS = ["~900", "~1300", "~1800", "~2300", "~2800", "~3300", "~3900"]
rng = random.Random(int(sys.argv[1]))
for b in sys.argv[2:]:
    d = pathlib.Path(b); d.mkdir(exist_ok=True)
    rows = ["| id | split | unit kind | year | length (chars) | layout |", "|---|---|---|---|---|---|"]
    for i in range(1, 9):
        a, c = rng.sample(LAYOUTS, 2)
        rows.append(f"| {b}-r{i} | test | {rng.choice(KINDS)} | {rng.randint(2018, 2025)} | {rng.choice(LENS)} | {a}; {c} |")
    (d / "ASSIGNMENT.md").write_text("\n".join(rows) + "\n", encoding="utf-8")
