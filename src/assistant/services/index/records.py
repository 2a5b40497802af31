"""The parse made visible: report records for `corpus list/show`, from the index or straight from a file.

The JSON form is a stable interface: {"reports": [{"id", "title", "year", "source", "unit_kind",
"sections": [{"role", "heading", "numbering", "start_line", "end_line", "items"}]}]} with 1-based
lines of the source file and `items` the number of top-level numbered items.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.domain.loader import InputLimits
from assistant.domain.models import Report
from assistant.domain.parse import parse_file
from assistant.domain.unit_kind import infer_unit_kind
from assistant.services.index.chunking import report_key
from assistant.services.index.store import Generation, open_client, require_catalog

if TYPE_CHECKING:
    from assistant.settings import Settings

PUBLIC_KEYS = ["id", "title", "year", "source", "unit_kind", "sections"]


class ReportNotFoundError(LookupError):
    pass


def report_record(report: Report, key: str, unit_kind: str | None, n_chunks: int, seq: int) -> dict[str, Any]:
    """The manifest entry of a report: its parse without the full text."""
    return {
        "id": report.id, "key": key, "seq": seq, "title": report.title, "year": report.year,
        "source": report.source, "unit_kind": unit_kind, "start_line": report.start_line,
        "end_line": report.end_line, "chunks": n_chunks,
        "sections": [{"role": s.role.value, "heading": s.heading, "numbering": s.numbering,
                      "start_line": s.start_line, "end_line": s.end_line, "items": len(s.items)}
                     for s in report.sections],
        "embedded": [e.model_dump(mode="json") for e in report.embedded],
    }


def public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record.get(k) for k in PUBLIC_KEYS}


def records_from_file(path: Path, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Parse a file without indexing it (raises the loader's LoadError for a bad file)."""
    parsed = parse_file(path, InputLimits.of(settings))
    return [report_record(r, report_key(r), infer_unit_kind(r), 0, i)
            for i, r in enumerate(parsed.reports, start=1)]


def records_from_index(settings: Settings, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Stored records, all of them or those whose id starts with one of `ids` (a unique prefix is enough)."""
    client = open_client(settings, create=False)
    cat = require_catalog(client, settings)
    recs = Generation(client, settings, cat.active).manifest_reports()
    if ids is None:
        return recs
    out = []
    for want in ids:
        if not want.strip():
            raise ReportNotFoundError("报告编号是空的；编号见：assistant corpus list")
        found = [r for r in recs if r["id"] == want] or [r for r in recs if r["id"].startswith(want)]
        if len(found) != 1:
            why = "没有" if not found else f"有 {len(found)} 篇"
            raise ReportNotFoundError(f"索引中{why}编号为“{want}”的报告；编号见：assistant corpus list")
        out.append(found[0])
    return out
