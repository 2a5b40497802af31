"""The echo and rambling guards (services/drafting/guards.py) measured on the parts of real reports they were
not tuned on (evals/unseen/*/reports.txt): how close real text comes to each threshold.

    PYTHONPATH=src .venv/bin/python bench/bench_guards.py

- echo: the longest run a real part shares with the prompt's own words (the bundled prompts, values blanked);
- copied: the share of a real part inside 16-character runs shared with every seed-corpus part of its role
  (an upper bound: a prompt carries one exemplar);
- repeats and foreign headings: how many real parts have any;
- rambling: the highest share of a real line inside runs it said before (rambling.said_again_share);
- measures in the problems: real problem lines that read as measures (wrong_items.measure_lines);
- length: a part's length over its share (length_plan.shares) of its own report's length;
- the facts list's form (fact_echo.py): real parts with a sentence the form guard reads as the facts list
  restated (the bench profile's facts, and any real part's clause opened by 问题：/整改：/结果：);
- made-up rectification items (wrong_items.unfounded_items): a real part's items read against its own items' first
  sentences (each should answer one: how often an answered entry is missed) and against another real report's
  (none should: how often a made-up item is caught). The main count leaves this guard out: a real part's
  feedback is not the bench profile's;
- restated problems: the share of a real causes/plans/insights part in runs shared with its own report's
  problems part (the drafted problems a model's later parts are compared with), and of its one sentence that
  shares most (the cut-back drops a sentence past cutting.NEAR_VERBATIM).
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from assistant.domain.models import Role
from assistant.domain.numbering import leading_marker
from assistant.domain.parse import parse_file
from assistant.domain.profile import load_profile
from assistant.domain.rubric import load_rubric
from assistant.services.drafting import cutting, fact_echo, guards, rambling, wrong_items
from assistant.services.drafting.length_plan import shares
from assistant.services.drafting.messages import sent_of
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ROLES = [Role.opening, Role.achievements, Role.rectification, Role.problems, Role.causes, Role.insights,
         Role.plans, Role.closing]


SHARE = shares(ROLES)


def parts(paths: list[Path]) -> list[tuple[Role, str, int, str]]:
    """(role, body, the report's length, the report's problems part) of every part of every report in the files."""
    out = []
    for p in paths:
        for r in parse_file(p).reports:
            total = sum(len(s.text) for s in r.sections)
            problems = "\0".join(s.text for s in r.sections if s.role == Role.problems)
            for s in r.sections:
                if s.role in ROLES:
                    lines = s.text.split("\n")
                    if s.heading and lines and lines[0].strip() == s.heading.strip():
                        lines = lines[1:]
                    body = "\n".join(lines).strip()
                    if body:
                        out.append((s.role, body, total, problems))
    return out


def made_up(unseen: list[tuple[Role, str, int, str]]) -> None:
    bodies = [b for r, b, _, _ in unseen if r == Role.rectification]
    items = [[ln.strip() for ln in b.split("\n") if leading_marker(ln.strip())] for b in bodies]
    pairs = [(b, its) for b, its in zip(bodies, items, strict=True) if its]
    own = other = n = 0
    for k, (body, its) in enumerate(pairs):
        firsts = [re.split(r"[。；]", x)[0] for x in its]
        others = [re.split(r"[。；]", x)[0] for x in pairs[(k + 1) % len(pairs)][1]]
        own += len(wrong_items.unfounded_items(body, firsts))
        other += len(wrong_items.unfounded_items(body, others))
        n += len(its)
    print(f"made-up rectification items: {n} numbered items of {len(pairs)} real parts; read against their own "
          f"first sentences {own} flagged, against the next report's {other} flagged ({other / max(n, 1):.0%})")


def main() -> int:
    unseen = parts(sorted((ROOT / "evals/unseen").glob("*/reports.txt")))
    corpus = parts(sorted((ROOT / "corpus").glob("*.txt")))
    by_role = {r: "\0".join(b for rr, b, _, _ in corpus if rr == r) for r in ROLES}
    profile = load_profile(ROOT / "examples/profiles/state_enterprise.yaml")
    rubric = load_rubric()
    settings = Settings()
    echo_max, copied, repeats, foreign, ratios = Counter(), [], 0, 0, {}
    ramble = 0.0
    problem_lines = as_measures = 0
    worst_echo: tuple[int, str] = (0, "")
    labels = 0
    flagged = 0
    forms: list[str] = []
    restated: dict[Role, list[float]] = {}
    worst_sentence: tuple[float, str] = (0.0, "")
    near = n_sentences = 0
    for role, body, total, problems in unseen:
        rule = rubric.part(role) or rubric.parts[0]
        sent = sent_of(profile, rule.model_copy(update={"role": role}), settings, [])
        sent.feedback = None
        run = guards.longest_shared(body, guards.grams(sent.words(), 4), 4)
        echo_max[run[0]] += 1
        labels += any(x in body for x in sent.labels)
        worst_echo = max(worst_echo, run)
        c = guards.covered_share(body, guards.grams(by_role[role], guards.COPY_RUN), guards.COPY_RUN)
        copied.append(c)
        repeats += bool(guards.repeated(body))
        if role == Role.problems:
            problem_lines += sum(1 for ln in body.split("\n") if ln.strip())
            as_measures += len(wrong_items.measure_lines(body))
        ramble = max(ramble, *(rambling.said_again_share(ln) for ln in body.split("\n")))
        f = guards.foreign_headings(body, role)
        if f:
            foreign += 1
            print(f"  foreign heading in a real {role.value}: {f[:2]}")
        ratios.setdefault(role, []).append(len(body) / (SHARE[role] * total) if SHARE.get(role) else 0)
        form = fact_echo.form_echo(body, sent.facts, sent.labels)
        if form:
            forms.append(form)
            print(f"  a real {role.value} reads as the facts list: {form[:50]}")
        if role in guards.RESTATING and problems:
            restated.setdefault(role, []).append(fact_echo.restated(body, problems))
            for one in guards.sentences(body):
                share = fact_echo.restated(one, problems)
                worst_sentence = max(worst_sentence, (share, one))
                near += share > cutting.NEAR_VERBATIM
                n_sentences += 1
        sent.exemplars = by_role[role]
        target = round(SHARE[role] * total)
        if guards.guard_defects(body, role, target, sent):
            flagged += 1
            print(f"  a real {role.value} trips: {guards.guard_defects(body, role, target, sent)[0][:60]}")
    n = len(unseen)
    print(f"real parts: {n} (evals/unseen), corpus parts as exemplars: {len(corpus)}")
    print(f"echo: longest run shared with the prompt's words: max {worst_echo[0]} ({worst_echo[1]!r}); "
          f"threshold ECHO_RUN={guards.ECHO_RUN}")
    print(f"the facts list's headings ({'、'.join(sent.labels)}) found in {labels} of {n} real parts")
    print(f"copied: share in {guards.COPY_RUN}-character runs shared with all corpus parts of the role: max "
          f"{max(copied):.2f}, median {statistics.median(copied):.2f}; threshold {guards.MAX_COPIED}")
    print(f"repeated sentences (>= {guards.REPEAT_MIN} Chinese characters): {repeats} of {n} parts")
    print(f"problem lines that read as measures: {as_measures} of {problem_lines}")
    print(f"rambling: highest share of a real line said before {ramble:.2f} (the guard: above {rambling.RAMBLE_SHARE})")
    print(f"foreign headings: {foreign} of {n} parts")
    for role, rs in ratios.items():
        print(f"length / share of the report: {role.value:14} max {max(rs):.2f} median {statistics.median(rs):.2f}")
    print(f"the facts list's form (labels, frame): {len(forms)} of {n} real parts")
    for role, rs in restated.items():
        print(f"restated problems ({fact_echo.RESTATE_RUN}-character runs shared with the report's problems part): "
              f"{role.value:9} {len(rs)} parts, max {max(rs):.2f}, median {statistics.median(rs):.2f}; "
              f"threshold {fact_echo.MAX_RESTATED}")
    print(f"restated problems, one sentence of a part after the problems: max {worst_sentence[0]:.2f} "
          f"({worst_sentence[1][:40]!r}); past cutting.NEAR_VERBATIM={cutting.NEAR_VERBATIM}: {near} of {n_sentences}")
    made_up(unseen)
    print(f"real parts tripping any guard (target = the part's share of its report): {flagged} of {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
