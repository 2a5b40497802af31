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

CHROMA_URL = typer.Option(None, "--chroma-url", help="共用的 Chroma 服务器，如 http://127.0.0.1:8000"
                                                      "（默认：本机 chroma_path 下的索引）")
COLLECTION = typer.Option(None, "--collection", help="索引名（默认：设置项 collection）")

corpus_app = typer.Typer(help="已入索引的报告，以及每篇是怎样解析的。", no_args_is_help=True)


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
            with typer.progressbar(length=total, label="正在入库", file=sys.stderr) as bar:
                summary = ingest(paths, settings, rebuild=rebuild, progress=bar.update, notify=warn)
        else:
            summary = ingest(paths, settings, rebuild=rebuild, notify=warn)
    except errors as e:
        raise UserError(str(e)) from e
    except KeyboardInterrupt as e:
        # Ingest is safe to interrupt: a new generation is dropped, an incremental one keeps whole reports only.
        raise UserError("已中断：此前入库的内容完好；再运行同一条命令即可接着完成（已入库的报告不会重复添加）", 130) from e
    for f in summary.failures:
        warn(f"错误：{f.reason}")
    if as_json:
        _echo_json(summary.model_dump(mode="json"))
    else:
        parts = "，".join(f"{k} {v}" for k, v in summary.parts.items()) or "无"
        if summary.reports_seen == 0:
            typer.echo("没有读到报告：索引未改动")
        elif summary.reports_new == summary.reports_changed == summary.reports_removed == 0 and not summary.rebuilt:
            typer.echo(f"没有新内容：读到的 {summary.reports_seen} 篇报告都已在索引中")
        else:
            verb = "重建索引，读取" if summary.rebuilt else "已入库"
            removed = f"，删除 {summary.reports_removed} 篇" if summary.reports_removed else ""
            typer.echo(f"{verb} {summary.files} 个文件：报告 {summary.reports_seen} 篇"
                       f"（新增 {summary.reports_new} 篇，改动 {summary.reports_changed} 篇{removed}），"
                       f"新增片段 {summary.chunks_new} 个，已有 {summary.chunks_existing} 个")
        typer.echo(f"各部分片段数：{parts}")
        typer.echo(f"索引 {summary.index}：报告 {summary.reports_total} 篇，片段 {summary.chunks_total} 个；"
                   f"用时 {summary.seconds:.2f} 秒")
    if summary.failures:
        raise typer.Exit(1)


def _fmt_sections(rec: dict[str, Any]) -> list[str]:
    out = []
    for s in rec["sections"]:
        num = f"{s['numbering']} ×{s['items']}" if s.get("numbering") else (f"×{s['items']}" if s["items"] else "")
        head = s.get("heading") or ""
        out.append(f"  {s['role']:<14} 第{s['start_line']}-{s['end_line']:<6}行 {num:<8} {head}".rstrip())
    # A part stated in one sentence inside another (rectification inside achievements) counts as present.
    for e in rec.get("embedded") or []:
        out.append(f"  （{e['role']} 写在另一部分里，第{e['line']}行：{e['evidence'][:40]}）")
    return out


def _unit_kind_hint(settings: Any, unit_kind: str) -> None:
    """A unit kind no report has is most often a typo or another name (企业 for 国有企业): say which exist."""
    from assistant.services.index.records import records_from_index

    kinds = sorted({str(r.get("unit_kind")) for r in records_from_index(settings) if r.get("unit_kind")})
    if unit_kind not in kinds:
        warn(f"索引中没有单位类型为“{unit_kind}”的报告；索引中有：{'、'.join(kinds) or '（未知）'}")


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(
        paths: list[Path] = typer.Argument(..., metavar="路径", help=".txt、.md 或 .docx 文件，或文件夹（含子文件夹）"),
        rebuild: bool = typer.Option(False, "--rebuild", help="用这些文件新建索引，建好后替换旧索引"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出汇总"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """把报告文件入库：解析、按部分切片、向量化并存入索引。同一文件入库两次不会重复。"""
        _ingest(paths, rebuild, as_json, chroma_url, collection)

    @app.command("search")
    def search_cmd(
        query: str = typer.Argument(..., metavar="查询内容", help="要查找的内容（中文）"),
        role: str | None = typer.Option(None, "--role", help="只查这一部分：opening、achievements、"
                                        "rectification、problems、causes、insights、plans、closing、title"),
        unit_kind: str | None = typer.Option(None, "--unit-kind", help="只查这类单位的报告，如 国有企业"),
        k: int = typer.Option(5, "-k", help="返回条数"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """检索索引：按相关度列出片段，附得分、所属部分、报告标题和标题路径。"""
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
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """列出已入库的报告：编号、年度、单位类型、各部分、片段数、标题、来源。"""
        from assistant.services.index.records import public, records_from_index

        settings = _settings(chroma_url=chroma_url, collection=collection)
        recs = _service(records_from_index, settings)
        if as_json:
            _echo_json({"reports": [public(r) | {"chunks": r.get("chunks", 0)} for r in recs]})
            return
        for r in recs:
            roles = ",".join(s["role"] for s in r["sections"] if s["role"] != "title")
            _say(f"{r['id']}  {r['year'] or '----'}  {r.get('unit_kind') or '-':<6}  {r.get('chunks', 0):>4} "
                       f"个片段  {r['title']}  ({r['source']}:{r['start_line']}-{r['end_line']})  [{roles}]")
        _say(f"共 {len(recs)} 篇报告")

    @corpus_app.command("show")
    def show_cmd(
        report_ids: list[str] = typer.Argument(None, metavar="报告编号", help="报告编号（或能唯一确定的前缀），见 `corpus list`"),
        all_: bool = typer.Option(False, "--all", help="全部已入库的报告"),
        file: Path | None = typer.Option(None, "--file", help="只解析这个文件，不入库"),
        as_json: bool = typer.Option(False, "--json", help="以稳定的 JSON 格式输出"),
        chroma_url: str | None = CHROMA_URL,
        collection: str | None = COLLECTION,
    ) -> None:
        """显示报告的解析结果：每部分的类别、标题、编号、条目数和行号范围。"""
        from assistant.services.index.records import public, records_from_file, records_from_index

        chosen = sum([bool(report_ids), all_, file is not None])
        if chosen != 1:
            raise UserError("报告编号、--all、--file 三者要给且只给一个")
        if file is not None:
            from assistant.domain.loader import LoadError

            try:
                recs = records_from_file(file, _settings())
            except LoadError as e:
                raise UserError(str(e)) from e
            if not recs:  # only noise (advertisements, markers): say so rather than print nothing
                raise UserError(f"{file}：文中没有找到报告（每一行都作为无关内容清除了）")
        else:
            settings = _settings(chroma_url=chroma_url, collection=collection)
            recs = _service(records_from_index, settings, None if all_ else list(report_ids))
        if as_json:
            _echo_json({"reports": [public(r) for r in recs]})
            return
        for r in recs:
            _say(f"{r['id']}  {r['title']}  年度 {r['year'] or '?'}  单位类型 {r.get('unit_kind') or '?'}  "
                       f"{r['source']}:{r['start_line']}-{r['end_line']}")
            for line in _fmt_sections(r):
                _say(line)

    @corpus_app.command("migrate")
    def migrate_cmd(
        source: Path | None = typer.Option(None, "--from", help="旧索引的位置（默认 ./.assistant/chroma）"),
        target: Path | None = typer.Option(None, "--to", help="迁到哪里（默认：数据目录下的 chroma/，"
                                                               "见 `assistant config`）"),
    ) -> None:
        """把旧版本建在 ./.assistant/chroma 的索引迁到用户数据目录。"""
        from assistant.services.index.migrate import MigrateError, migrate

        try:
            typer.echo(migrate(source, target))
        except MigrateError as e:
            raise UserError(str(e)) from e

    app.add_typer(corpus_app, name="corpus")
