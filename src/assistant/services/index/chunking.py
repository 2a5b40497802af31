"""Reports → chunks that follow the parts: a chunk never spans two sections (roles).

Each numbered item of a section is one chunk when it is short; a long item (or a section without items)
is split with langchain's RecursiveCharacterTextSplitter on Chinese sentence boundaries. Offsets
(`start_char`, `end_char`) are character offsets in the text of the item — or of the section's body
(without its heading line) when it has no items — and `start_line` is the 1-based source line where the chunk starts.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from assistant.domain.models import ROLE_ZH, Chunk, Report, Role, Section

# Paragraph, line, then sentence ends, then clause marks; "" as the last resort for run-on text.
SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", ""]


def content_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def report_key(report: Report) -> str:
    """A stable id for a report from its content (title and section texts), not from its file name."""
    h = hashlib.blake2b(digest_size=8)
    h.update(report.title.encode("utf-8"))
    for s in report.sections:
        h.update(b"\x1f" + s.role.value.encode() + b"\x1e" + s.text.encode("utf-8"))
    return h.hexdigest()


@lru_cache(maxsize=8)
def _splitter(size: int, overlap: int) -> Any:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=min(overlap, size // 2), separators=SEPARATORS,
        keep_separator="end", add_start_index=True, length_function=len, strip_whitespace=True,
    )


def split_text(text: str, size: int, overlap: int) -> list[tuple[int, int, str]]:
    """(start, end, piece) for `text`; a text of at most `size` characters is one piece."""
    stripped = text.strip()
    if not stripped:
        return []
    if len(stripped) <= size:
        start = text.index(stripped)
        return [(start, start + len(stripped), stripped)]
    out = []
    for doc in _splitter(size, overlap).create_documents([text]):
        start = int(doc.metadata.get("start_index", -1))
        if start < 0:  # the splitter could not place it; find it ourselves
            start = max(text.find(doc.page_content), 0)
        out.append((start, start + len(doc.page_content), doc.page_content))
    return out


def _item_heading(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    for mark in ("。", "；", "："):
        if mark in first:
            first = first.split(mark, 1)[0]
            break
    return first[:40]


def _line_at(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def _section_units(section: Section) -> list[tuple[int, str, str, int]]:
    """(item_index, heading, text, first_line) units of a section; item 0 is text before the first item."""
    if not section.items:
        text, first = section.text, section.start_line
        head = (section.heading or "").strip()
        if head and text.split("\n", 1)[0].strip() == head:
            # The heading is in the heading path; the chunk holds the body.
            text, first = (text.split("\n", 1) + [""])[1], first + 1
        return [(0, "", text, first)]
    units = []
    lines = section.text.split("\n")
    lead_end = section.items[0].start_line - section.start_line
    lead = "\n".join(lines[: max(lead_end, 0)]).strip()
    if lead and lead != (section.heading or "").strip():
        units.append((0, "", lead, section.start_line))
    for it in section.items:
        units.append((it.index, _item_heading(it.text), it.text, it.start_line))
    return units


def chunk_report(report: Report, *, size: int, overlap: int, key: str | None = None,
                 unit_kind: str | None = None) -> list[Chunk]:
    """All chunks of one report, in reading order."""
    key = key or report_key(report)  # content key: a changed report gets new chunk ids
    kind = unit_kind if unit_kind is not None else report.unit_kind
    chunks: list[Chunk] = []
    for section in report.sections:
        role = Role(section.role)
        base = section.heading.strip() if section.heading else ROLE_ZH[role]
        for item_index, heading, text, first_line in _section_units(section):
            path = f"{base} > {heading}" if heading else base
            for start, end, piece in split_text(text, size, overlap):
                h = content_hash(piece)
                chunks.append(Chunk(
                    id=chunk_id(report.id, key, role, item_index, start, h), text=piece, source=report.source, report_id=report.id, title=report.title,
                    year=report.year, unit_kind=kind, role=role, heading_path=path, item_index=item_index,
                    start_char=start, end_char=end, start_line=_line_at(text, start, first_line),
                    content_hash=h,
                ))
    return chunks


def chunk_id(report_id: str, key: str, role: Role, item_index: int, start: int, text_hash: str) -> str:
    """Ids from content: the same report text gives the same ids, so a second ingest adds nothing."""
    return content_hash(f"{report_id}\x1f{key}\x1f{role.value}\x1f{item_index}\x1f{start}\x1f{text_hash}")


def with_report_id(chunks: list[Chunk], report_id: str, key: str) -> list[Chunk]:
    """The same chunks under another report id (ingest gives a report a new id when another report holds its own)."""
    return [c.model_copy(update={"report_id": report_id,
                                 "id": chunk_id(report_id, key, c.role, c.item_index, c.start_char, c.content_hash)})
            for c in chunks]


# Chroma metadata of a chunk: the fields a `where` filters on are keys of their own; the rest, the text included,
# travel as one JSON string under PACKED. Each key is a row of Chroma's metadata table with its own index entries:
# thirteen keys per chunk made `add`, the bound of ingest, about 20% slower than four (bench/bench_hybrid.py).
PACKED = "d"
FILTERED = ("report_id", "unit_kind")


def chunk_metadata(c: Chunk) -> dict[str, Any]:
    """Chroma metadata for a chunk: no None values (Chroma refuses them); unknown is '' or 0."""
    import json

    rest = {"source": c.source, "title": c.title, "year": c.year or 0, "role": c.role.value,
            "heading_path": c.heading_path, "item_index": c.item_index, "start_char": c.start_char,
            "end_char": c.end_char, "start_line": c.start_line, "content_hash": c.content_hash, "text": c.text}
    return {"report_id": c.report_id, "unit_kind": c.unit_kind or "", PACKED: json.dumps(rest, ensure_ascii=False)}


def read_metadata(md: dict[str, Any] | None, document: str | None = None) -> dict[str, Any]:
    """A stored chunk's fields, whichever layout wrote it: packed (above), or one key per field with the text in
    the metadata or, in indexes built before that, in `documents`."""
    import json

    md = dict(md or {})
    packed = md.pop(PACKED, None)
    if isinstance(packed, str):
        try:
            md = json.loads(packed) | md
        except ValueError:
            pass  # a damaged entry reads as one without its packed fields
    if not md.get("text"):
        md["text"] = document or ""
    return md
