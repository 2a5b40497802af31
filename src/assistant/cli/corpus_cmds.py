"""`assistant ingest`, `assistant search` and `assistant corpus list|show`: the index, made usable.

Only typer is imported here; the services (and chromadb, langchain, numpy) load inside each command.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from assistant.cli.common import UserError, warn

CHROMA_URL = typer.Option(None, "--chroma-url", help="a shared Chroma server, e.g. http://127.0.0.1:8000 "
                                                      "(default: the local store in chroma_path)")
COLLECTION = typer.Option(None, "--collection", help="index name (default: settings.collection)")

corpus_app = typer.Typer(help="The indexed reports and how each was parsed.", no_args_is_help=True)


def _settings(**overrides: Any) -> Any:
    from assistant.settings import SettingsError, load_settings

    try:
        return load_settings(overrides)
    except SettingsError as e:
        raise UserError(str(e)) from e


def _user_errors() -> tuple[type[BaseException], ...]:
    from assistant.services.index.embedding import EmbeddingError
    from assistant.services.index.records import ReportNotFoundError
    from assistant.services.index.search import SearchError
    from assistant.services.index.store import StoreError

    return (StoreError, EmbeddingError, SearchError, ReportNotFoundError)


def _service(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a service; its known errors become one line on stderr (UserError)."""
    try:
        return fn(*args, **kwargs)
    except _user_errors() as e:
        raise UserError(str(e)) from e


def _say(line: str) -> None:
    """A line of indexed material: stored text may hold terminal escapes (indexed before they were removed)."""
    from assistant.domain.controls import printable

    typer.echo(printable(line))


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _ingest(paths: list[Path], rebuild: bool, as_json: bool, chroma_url: str | None, collection: str | None) -> None:
    from assistant.services.index.ingest import ingest

    settings = _settings(chroma_url=chroma_url, collection=collection)
    total = sum(f.stat().st_size for p in paths if p.exists() for f in ([p] if p.is_file() else p.rglob("*"))
                if f.is_file())
    errors = _user_errors()
    # A progress bar for long runs on a terminal only (off a terminal click would still print its label).
    show_bar = total > 2_000_000 and not as_json and sys.stderr.isatty()
    try:
        if show_bar:
            with typer.progressbar(length=total, label="ingesting", file=sys.stderr) as bar:
                summary = ingest(paths, settings, rebuild=rebuild, progress=bar.update, notify=warn)
        else:
            summary = ingest(paths, settings, rebuild=rebuild, notify=warn)
    except errors as e:
        raise UserError(str(e)) from e
    except KeyboardInterrupt as e:
        # Ingest is safe to interrupt: a new generation is dropped, an incremental one keeps whole reports only.
        raise UserError("interrupted: what was indexed before is intact; run the same command again to finish "
                        "(reports already stored are not added twice)", 130) from e
    for f in summary.failures:
        warn(f"error: {f.reason}")
    if as_json:
        _echo_json(summary.model_dump(mode="json"))
    else:
        parts = ", ".join(f"{k} {v}" for k, v in summary.parts.items()) or "none"
        if summary.reports_seen == 0:
            typer.echo("no report was read: the index is unchanged")
        elif summary.reports_new == summary.reports_changed == summary.reports_removed == 0 and not summary.rebuilt:
            typer.echo(f"nothing new: the {summary.reports_seen} report(s) read are already indexed")
        else:
            verb = "rebuilt the index from" if summary.rebuilt else "ingested"
            removed = f", {summary.reports_removed} removed" if summary.reports_removed else ""
            typer.echo(f"{verb} {summary.files} file(s): {summary.reports_seen} report(s) "
                       f"({summary.reports_new} new, {summary.reports_changed} changed{removed}), "
                       f"{summary.chunks_new} new chunk(s), {summary.chunks_existing} already indexed")
        typer.echo(f"parts per role: {parts}")
        typer.echo(f"index {summary.index}: {summary.reports_total} report(s), {summary.chunks_total} chunk(s); "
                   f"{summary.seconds:.2f} s")
    if summary.failures:
        raise typer.Exit(1)


def _fmt_sections(rec: dict[str, Any]) -> list[str]:
    out = []
    for s in rec["sections"]:
        num = f"{s['numbering']} ×{s['items']}" if s.get("numbering") else (f"×{s['items']}" if s["items"] else "")
        head = s.get("heading") or ""
        out.append(f"  {s['role']:<14} lines {s['start_line']}-{s['end_line']:<6} {num:<8} {head}".rstrip())
    # A part stated in one sentence inside another (rectification inside achievements) counts as present.
    for e in rec.get("embedded") or []:
        out.append(f"  ({e['role']} inside another part, line {e['line']}: {e['evidence'][:40]})")
    return out


def _unit_kind_hint(settings: Any, unit_kind: str) -> None:
    """A unit kind no report has is most often a typo or another name (企业 for 国有企业): say which exist."""
    from assistant.services.index.records import records_from_index

    kinds = sorted({str(r.get("unit_kind")) for r in records_from_index(settings) if r.get("unit_kind")})
    if unit_kind not in kinds:
        warn(f"no indexed report has unit kind {unit_kind!r}; the index has: {', '.join(kinds) or 'none known'}")


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(
        paths: list[Path] = typer.Argument(..., help=".txt, .md or .docx files, or folders (read recursively)"),
        rebuild: bool = typer.Option(False, "--rebuild", help="build a new index from PATHS and replace the old "
                                                              "one when complete"),
        as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """Index report files: parse, chunk by part, embed and store. Same files twice add nothing."""
        _ingest(paths, rebuild, as_json, chroma_url, collection)

    @app.command("search")
    def search_cmd(
        query: str = typer.Argument(..., help="what to look for, in Chinese"),
        role: str | None = typer.Option(None, "--role", help="only this part: opening, achievements, "
                                        "rectification, problems, causes, insights, plans, closing, title"),
        unit_kind: str | None = typer.Option(None, "--unit-kind", help="only reports of this unit kind, e.g. 国有企业"),
        k: int = typer.Option(5, "-k", help="number of hits"),
        as_json: bool = typer.Option(False, "--json", help="print JSON"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """Ranked chunks with score, role, report title and heading path."""
        from assistant.services.index.search import search

        settings = _settings(chroma_url=chroma_url, collection=collection)
        hits = _service(search, query, settings, role=role, unit_kind=unit_kind, k=k)
        if as_json:
            _echo_json({"query": query, "hits": [h.model_dump(mode="json") for h in hits]})
            return
        if not hits:
            typer.echo("没有找到匹配的片段")
            if not any("\u4e00" <= c <= "\u9fff" for c in query):
                typer.echo("索引里是中文材料：请用中文词句查询")
            if unit_kind:
                _unit_kind_hint(settings, unit_kind)
        for i, h in enumerate(hits, start=1):
            _say(f"{i}. {h.score:.3f}  {h.role.value}  {h.title} [{h.report_id}]  {h.heading_path}")
            _say(f"   {h.snippet}")

    @corpus_app.command("list")
    def list_cmd(
        as_json: bool = typer.Option(False, "--json", help="print JSON"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """The indexed reports: id, year, unit kind, parts, chunks, title, source."""
        from assistant.services.index.records import public, records_from_index

        settings = _settings(chroma_url=chroma_url, collection=collection)
        recs = _service(records_from_index, settings)
        if as_json:
            _echo_json({"reports": [public(r) | {"chunks": r.get("chunks", 0)} for r in recs]})
            return
        for r in recs:
            roles = ",".join(s["role"] for s in r["sections"] if s["role"] != "title")
            _say(f"{r['id']}  {r['year'] or '----'}  {r.get('unit_kind') or '-':<6}  {r.get('chunks', 0):>4} "
                       f"chunks  {r['title']}  ({r['source']}:{r['start_line']}-{r['end_line']})  [{roles}]")
        _say(f"{len(recs)} report(s)")

    @corpus_app.command("show")
    def show_cmd(
        report_ids: list[str] = typer.Argument(None, help="report ids (or unique prefixes) from `corpus list`"),
        all_: bool = typer.Option(False, "--all", help="every indexed report"),
        file: Path | None = typer.Option(None, "--file", help="parse this file without indexing it"),
        as_json: bool = typer.Option(False, "--json", help="print the stable JSON form"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """How reports were parsed: each section's role, heading, numbering, item count and line span."""
        from assistant.services.index.records import public, records_from_file, records_from_index

        chosen = sum([bool(report_ids), all_, file is not None])
        if chosen != 1:
            raise UserError("give exactly one of: REPORT_ID..., --all, --file PATH")
        if file is not None:
            from assistant.domain.loader import LoadError

            try:
                recs = records_from_file(file, _settings())
            except LoadError as e:
                raise UserError(str(e)) from e
            if not recs:  # only noise (advertisements, markers): say so rather than print nothing
                raise UserError(f"{file}: no report found in the text (every line was cleaned away as noise)")
        else:
            settings = _settings(chroma_url=chroma_url, collection=collection)
            recs = _service(records_from_index, settings, None if all_ else list(report_ids))
        if as_json:
            _echo_json({"reports": [public(r) for r in recs]})
            return
        for r in recs:
            _say(f"{r['id']}  {r['title']}  year {r['year'] or '?'}  unit kind {r.get('unit_kind') or '?'}  "
                       f"{r['source']}:{r['start_line']}-{r['end_line']}")
            for line in _fmt_sections(r):
                _say(line)

    @corpus_app.command("migrate")
    def migrate_cmd(
        source: Path | None = typer.Option(None, "--from", help="the old index (default ./.assistant/chroma)"),
        target: Path | None = typer.Option(None, "--to", help="where to move it (default: the data home's "
                                                               "chroma/, see `assistant config`)"),
    ) -> None:
        """Move an index built by an earlier version in ./.assistant/chroma to the user's data directory."""
        from assistant.services.index.migrate import MigrateError, migrate

        try:
            typer.echo(migrate(source, target))
        except MigrateError as e:
            raise UserError(str(e)) from e

    app.add_typer(corpus_app, name="corpus")
