"""The letter "D" (and "XJP") that material sites write for 党 (习近平): find it and restore it.

A letter run counts only when it touches Chinese text and no other Latin letter or digit, so ordinary
uses (3D打印, PDCA, DNA, D轮融资, D级) are left alone; the exceptions are data in cleaning.yaml.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.domain.rules import load_data
from assistant.domain.text import HAN_RE

_CJK = HAN_RE


@cache
def _rules() -> list[tuple[re.Pattern[str], str, str, tuple[str, ...], tuple[str, ...], re.Pattern[str] | None]]:
    out = []
    for rule in load_data("cleaning.yaml").get("letter_words", []):
        letter = str(rule["letter"])
        # One or more repetitions: 入DD龄 → 入党党龄. Not touching other ASCII letters or digits.
        # A template's placeholder x may stand before it (xD工委), and an anniversary after it (建D100周年).
        pat = re.compile(
            rf"(?:(?<![A-Za-z0-9])|(?<=(?<![A-Za-z0-9])[xX×]))(?:{re.escape(letter)})+"
            rf"(?:(?![A-Za-z0-9])|(?=\d{{1,3}}(?:周年|年|岁)))"
        )
        kb, ka = tuple(rule.get("keep_before", [])), tuple(rule.get("keep_after", []))
        joiners = "|".join(re.escape(j) for j in rule.get("series_joiners", []))
        # Another single capital letter joined to this one: before it ("C、D") or after it ("D、E"). The same
        # letter does not count: 从严治D、D风廉政 is 党 twice.
        other = "".join(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c != letter[0])
        series = re.compile(rf"(?<![A-Za-z])[{other}]\s*(?:{joiners})\s*$|^\s*(?:{joiners})\s*[{other}](?![A-Za-z])") \
            if joiners else None
        out.append((pat, letter, str(rule["word"]), kb, ka, series))
    return out


def _is_letter_word(text: str, m: re.Match[str], keep_before: tuple[str, ...], keep_after: tuple[str, ...],
                    series: re.Pattern[str] | None = None) -> bool:
    before = text[m.start() - 1] if m.start() > 0 else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if not (_CJK.match(before) or _CJK.match(after)):
        return False
    if after and any(text.startswith(k, m.end()) for k in keep_before):
        return False
    if series is not None and (series.search(text[max(m.start() - 4, 0) : m.start()])
                               or series.search(text[m.end() : m.end() + 4])):
        return False
    return not any(text[: m.start()].endswith(k) for k in keep_after)


def find_letter_d(text: str) -> list[tuple[int, str]]:
    """(0-based column, matched letters) of each letter run standing for a Chinese word."""
    hits: list[tuple[int, str]] = []
    for pat, _letter, _word, kb, ka, series in _rules():
        hits.extend((m.start(), m.group()) for m in pat.finditer(text) if _is_letter_word(text, m, kb, ka, series))
    return sorted(hits)


def letter_word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each letter run standing for a Chinese word: what restore_d replaces, by position,
    so that a fix can change those characters and nothing else."""
    spans: list[tuple[int, int, str]] = []
    for pat, letter, word, kb, ka, series in _rules():
        spans.extend((m.start(), m.end(), word * (len(m.group()) // len(letter))) for m in pat.finditer(text)
                     if _is_letter_word(text, m, kb, ka, series))
    return sorted(spans)


def restore_d(text: str) -> str:
    for pat, letter, word, kb, ka, series in _rules():
        if letter not in text:
            continue

        def repl(m: re.Match[str], letter: str = letter, word: str = word, kb=kb, ka=ka,  # type: ignore[no-untyped-def]
                 series=series) -> str:
            if not _is_letter_word(m.string, m, kb, ka, series):
                return m.group()
            return word * (len(m.group()) // len(letter))

        text = pat.sub(repl, text)
    return text
