"""`assistant draft outline|section|report` and `assistant doctor`. Arguments and printing only; the work
is in assistant.services.drafting (imported inside each command to keep start-up light)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from assistant.cli.common import UserError, warn

draft_app = typer.Typer(help="Draft a report, one part, or an outline from a unit profile (YAML).",
                        no_args_is_help=True)

FACTS = typer.Option(..., "--facts", "-f", help="the unit profile (YAML), see docs/drafting.md")
BACKEND = typer.Option("auto", "--backend", help="api | offline | auto (api when one is configured)")
OUT = typer.Option(None, "--out", "-o", help="write .md, .txt or .docx (by extension)")
SOURCES = typer.Option(None, "--sources", help="write the JSON of part → chunk ids and scores")
DRY = typer.Option(False, "--dry-run", help="print every request that would be sent, send nothing")
MODEL = typer.Option(None, "--model", help="override settings.model")
BASE_URL = typer.Option(None, "--base-url", help="override settings.base_url")
RUBRIC = typer.Option(None, "--rubric", help="a rubric YAML (parts, order, headings)")
AS_JSON = typer.Option(False, "--json", help="print the result as JSON instead of text")


def _errors() -> tuple[type[BaseException], ...]:
    from assistant.services.drafting.inputs import DraftInputError
    from assistant.services.drafting.prompt_files import PromptError
    from assistant.services.drafting.writers import OutputError
    from assistant.services.llm import LLMError
    from assistant.settings import SettingsError

    return (DraftInputError, LLMError, OutputError, PromptError, SettingsError)


def _user_error(e: BaseException) -> UserError:
    """Bad input exits 2; a failing endpoint (LLMError) exits 1."""
    from assistant.services.llm import LLMError

    return UserError(str(e), 1 if isinstance(e, LLMError) else 2)


def _setup(facts: Path, backend: str, out: Path | None, **overrides: Any) -> tuple[Any, Any, Any, str]:
    from assistant.services.drafting.inputs import load_inputs, resolve_backend
    from assistant.services.drafting.writers import check_output_path
    from assistant.settings import load_settings

    if backend not in ("auto", "api", "offline"):
        raise UserError(f"--backend must be api, offline or auto, not {backend!r}")
    try:
        settings = load_settings(overrides)
        profile, rubric = load_inputs(facts, settings)
        chosen, note = resolve_backend(backend, settings)  # type: ignore[arg-type]
        if out is not None:
            check_output_path(out)  # before any call is paid for
    except _errors() as e:
        raise _user_error(e) from e
    if note:
        warn(note)
    from assistant.services.doctor import settings_problem

    problem = settings_problem(settings)
    if problem:
        warn(f"warning: {problem}")
    if chosen == "offline":
        warn("offline composer: no LLM was used; fill every 【待补充】 slot before you submit")
    return settings, profile, rubric, chosen


def _print_dry(plan: dict[str, Any], backend: str) -> None:
    typer.echo(json.dumps(plan, ensure_ascii=False, indent=2))
    warn(f"dry run: {len(plan['requests'])} request(s) shown, nothing sent")


def _finish(result: Any, settings: Any, out: Path | None, sources: Path | None, as_json: bool,
            show_text: bool = True) -> None:
    from assistant.services.drafting.writers import text_for_output, write_result, write_sources

    try:
        if out is not None:
            write_result(result, out, settings)
        if sources is not None:
            write_sources(result, sources)
    except (OSError, *_errors()) as e:
        raise UserError(str(e) if not isinstance(e, OSError) else f"cannot write output: {e}") from e
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    elif out is None and show_text:
        typer.echo(text_for_output(result), nl=False)
    for s in result.slots:
        warn(f"slot {s.slot} in {s.part.value}: {s.reason}")
    failing = [p for p in result.parts if p.defects]
    for p in failing:
        warn(f"{p.role.value} still fails after {p.attempts} attempt(s): " + "; ".join(p.defects))
    what = "offline composer" if result.backend == "offline" else f"api, model {result.model}"
    chars = sum(len(p.text) for p in result.parts)
    warn(f"drafted {len(result.parts)} part(s) ({what}), {chars} characters, {len(result.slots)} slot(s) to fill"
         + (f"; written to {out}" if out else ""))
    if failing:
        raise typer.Exit(3)


@draft_app.command("report")
def draft_report_cmd(facts: Path = FACTS, backend: str = BACKEND, out: Path | None = OUT,
                     sources: Path | None = SOURCES, dry_run: bool = DRY, model: str | None = MODEL,
                     base_url: str | None = BASE_URL, rubric: Path | None = RUBRIC,
                     include: list[str] = typer.Option([], "--include", help="an optional part to add, e.g. insights"),
                     as_json: bool = AS_JSON) -> None:
    """Draft a whole report: every part of the rubric in order, each by its own call, concurrently."""
    from assistant.services.drafting.dry_run import dry_run as plan
    from assistant.services.drafting.inputs import parse_role
    from assistant.services.drafting.report import draft_report

    try:
        roles = [parse_role(x) for x in include]
    except _errors() as e:
        raise _user_error(e) from e
    settings, profile, rb, chosen = _setup(facts, backend, out, model=model, base_url=base_url, rubric=rubric)
    try:
        if dry_run:
            _print_dry(plan("report", profile, settings, rb, include=roles, backend=chosen), chosen)
            return
        result = draft_report(profile, settings, backend=chosen, rubric=rb, include=roles, progress=warn)
    except _errors() as e:
        raise _user_error(e) from e
    _finish(result, settings, out, sources, as_json)


@draft_app.command("section")
def draft_section_cmd(role: str = typer.Argument(..., help="opening, achievements, rectification, problems, "
                                                          "causes, insights, plans or closing"),
                      facts: Path = FACTS, backend: str = BACKEND, out: Path | None = OUT,
                      sources: Path | None = SOURCES, dry_run: bool = DRY, model: str | None = MODEL,
                      base_url: str | None = BASE_URL, rubric: Path | None = RUBRIC,
                      no_stream: bool = typer.Option(False, "--no-stream", help="wait for the whole part"),
                      as_json: bool = AS_JSON) -> None:
    """Draft one part; it streams to the terminal as it is written (each sentence grounded first)."""
    from assistant.services.drafting.dry_run import dry_run as plan
    from assistant.services.drafting.inputs import parse_role
    from assistant.services.drafting.section import draft_section

    try:
        r = parse_role(role)
    except _errors() as e:
        raise _user_error(e) from e
    settings, profile, rb, chosen = _setup(facts, backend, out, model=model, base_url=base_url, rubric=rubric)
    try:
        stream = not no_stream and out is None and not as_json
        if dry_run:
            _print_dry(plan("section", profile, settings, rb, role=r, stream=stream, backend=chosen), chosen)
            return
        streamed: list[str] = []

        def show(text: str) -> None:
            streamed.append(text)
            sys.stdout.write(text)
            sys.stdout.flush()

        result = draft_section(profile, r, settings, backend=chosen, rubric=rb,
                               stream=show if stream and chosen == "api" else None, progress=warn)
    except _errors() as e:
        raise _user_error(e) from e
    show_text = True
    if streamed:
        typer.echo("")
        # what was streamed is the model's text, grounded; numbering and checks may still change it
        show_text = "".join(streamed).strip() != result.parts[0].text.strip()
        if show_text:
            warn("the numbered and checked version of the part:")
    _finish(result, settings, out, sources, as_json, show_text=show_text)


@draft_app.command("outline")
def draft_outline_cmd(facts: Path = FACTS, backend: str = BACKEND, out: Path | None = OUT,
                      dry_run: bool = DRY, model: str | None = MODEL, base_url: str | None = BASE_URL,
                      rubric: Path | None = RUBRIC, as_json: bool = AS_JSON) -> None:
    """The report's parts in order with numbered headings and proposed item headings."""
    from assistant.services.drafting.dry_run import dry_run as plan
    from assistant.services.drafting.outline import draft_outline
    from assistant.services.drafting.writers import OFFLINE_BANNER, write_text_file

    settings, profile, rb, chosen = _setup(facts, backend, out, model=model, base_url=base_url, rubric=rubric)
    try:
        if dry_run:
            _print_dry(plan("outline", profile, settings, rb, backend=chosen), chosen)
            return
        outline = draft_outline(profile, settings, backend=chosen, rubric=rb)
        banner = f"{OFFLINE_BANNER}\n" if chosen == "offline" else ""
        if out is not None:
            if out.suffix.lower() == ".docx":
                raise UserError("an outline is written as .md or .txt")
            md = (f"> {banner}\n" if banner else "") + outline.markdown
            write_text_file(out, md if out.suffix.lower() == ".md" else banner + outline.text)
    except _errors() as e:
        raise _user_error(e) from e
    except OSError as e:
        raise UserError(f"cannot write {out}: {e}") from e
    if as_json:
        typer.echo(outline.model_dump_json(indent=2))
    elif out is None:
        typer.echo(banner + outline.text, nl=False)
    warn(f"outline ({'offline composer' if chosen == 'offline' else 'api'}): {len(outline.parts)} parts, "
         f"{len(outline.slots)} slot(s)" + (f"; written to {out}" if out else ""))


def register(app: typer.Typer) -> None:
    app.add_typer(draft_app, name="draft")

    @app.command("doctor")
    def doctor_cmd(model: str | None = MODEL, base_url: str | None = BASE_URL,
                   need_index: bool = typer.Option(False, "--need-index",
                                                   help="fail when the index is not built yet "
                                                        "(as search and corpus list would)")) -> None:
        """Check the settings, the prompts, the index and the LLM endpoint (a one-token call)."""
        from assistant.services.doctor import doctor
        from assistant.settings import SettingsError, load_settings

        try:
            settings = load_settings({"model": model, "base_url": base_url})
        except SettingsError as e:
            raise UserError(str(e)) from e
        checks = doctor(settings, need_index)
        for c in checks:
            mark = {True: "ok  ", False: "FAIL", None: "--  "}[c.ok]
            typer.echo(f"{mark} {c.name}: {c.detail}")
        if any(c.ok is False for c in checks):
            raise typer.Exit(1)
