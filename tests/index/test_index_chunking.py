"""Chunks follow the parts, carry their metadata, and split only long items."""

from __future__ import annotations

from pathlib import Path

from assistant.domain.models import Role
from assistant.domain.parse import parse_file
from assistant.services.index.chunking import chunk_metadata, chunk_report, read_metadata, split_text


def _chunks(path: Path, size: int = 400, overlap: int = 60):  # noqa: ANN202
    out = []
    for r in parse_file(path).reports:
        out.append((r, chunk_report(r, size=size, overlap=overlap)))
    return out


def test_chunks_never_span_parts(seed: Path) -> None:
    for report, chunks in _chunks(seed, size=120, overlap=20):
        assert chunks
        for c in chunks:
            sections = [s for s in report.sections if s.role == c.role and c.text in s.text]
            assert sections, f"chunk not inside one {c.role} section: {c.text[:30]}"
            s = sections[0]
            assert s.start_line <= c.start_line <= s.end_line


def test_short_items_are_one_chunk_long_items_are_split(small_report: Path) -> None:
    [(report, chunks)] = _chunks(small_report)
    ach = next(s for s in report.sections if s.role == Role.achievements)
    for item in ach.items:
        mine = [c for c in chunks if c.role == Role.achievements and c.item_index == item.index]
        if len(item.text) <= 400:
            assert len(mine) == 1 and mine[0].text == item.text.strip()
        else:
            assert len(mine) >= 3
            assert all(len(c.text) <= 400 for c in mine)
            # offsets point into the item's text, and pieces overlap a little
            for c in mine:
                assert item.text[c.start_char : c.end_char] == c.text
            assert mine[1].start_char < mine[0].end_char
            # sentences are kept whole: each piece ends at a sentence mark
            assert all(c.text.endswith(("。", "，", "；")) for c in mine)


def test_metadata_is_complete_and_chroma_safe(small_report: Path) -> None:
    [(report, chunks)] = _chunks(small_report)
    by_role = {c.role for c in chunks}
    assert {Role.title, Role.opening, Role.achievements, Role.rectification, Role.problems, Role.causes,
            Role.plans, Role.closing} <= by_role
    rect = next(c for c in chunks if c.role == Role.rectification)
    assert rect.heading_path == "二、上年度问题整改情况" and not rect.text.startswith("二、")
    assert rect.start_line == 9
    prob = [c for c in chunks if c.role == Role.problems]
    assert prob[0].heading_path.startswith("三、存在问题 > （一）理论学习不够深入")
    assert [c.item_index for c in prob] == [1, 2]
    for c in chunks:
        stored = chunk_metadata(c)
        assert None not in stored.values() and set(stored) == {"report_id", "unit_kind", "d"}
        md = read_metadata(stored)
        assert md["text"] == c.text and md["role"] == c.role.value
        assert md["report_id"] == report.id and md["source"].endswith("hospital.txt")
        assert md["year"] == 2024 and md["title"].startswith("党支部书记2024年")
        assert len(md["content_hash"]) == 32


def test_ids_are_stable_and_unique(seed: Path) -> None:
    first = [c.id for _, cs in _chunks(seed) for c in cs]
    again = [c.id for _, cs in _chunks(seed) for c in cs]
    assert first == again and len(set(first)) == len(first)


def test_split_text_small_and_blank() -> None:
    assert split_text("  短句。 ", 50, 10) == [(2, 5, "短句。")]
    assert split_text(" \n ", 50, 10) == []
