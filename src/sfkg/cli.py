"""The ``sfkg`` command line: a thin typer layer over :class:`sfkg.api.KnowledgeGraph`.

Rows go to stdout, diagnostics and progress to stderr. An error the user can fix is one line on
stderr and exit status 1; a usage mistake (unknown command or option, missing argument, bad
value) is click's usage error and exit status 2; ``validate`` exits 0 when the store conforms,
1 when it does not. No input ever ends in a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import List, NoReturn, Optional

import typer

from .errors import SfkgError
from .output import Format, clean, write

app = typer.Typer(add_completion=False, no_args_is_help=False, pretty_exceptions_enable=False,
                  help="sfkg: a bitemporal knowledge graph of Sino-French space cooperation.")
STATE: dict = {"store": None, "model": None}

FormatOpt = typer.Option(Format.table, "--format", "-f", help="table, json, jsonl or csv")


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"sfkg {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    store: Optional[str] = typer.Option(None, "--store", envvar="SFKG_STORE",
                                        help="a folder (embedded Oxigraph; default .sfkg/store) or memory:"),
    model: Optional[str] = typer.Option(None, "--model", envvar="SFKG_SPACY_MODEL",
                                        help="an installed English spaCy pipeline"),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                 help="print sfkg's version and exit"),
) -> None:
    STATE["store"], STATE["model"] = store, model


def _kg(read_only: bool = False):
    from .api import KnowledgeGraph

    return KnowledgeGraph(STATE["store"], model=STATE["model"], read_only=read_only)


WRITERS = {"ingest", "retract", "load"}


def _with_kg(method: str, *args, **kwargs):
    """Open the store (read-only unless the method writes), call one API method, release it."""
    with _kg(read_only=method not in WRITERS) as kg:
        return getattr(kg, method)(*args, **kwargs)


KnownAtOpt = typer.Option(None, "--known-at",
                          help="system time: answer as the graph stood then (ISO date-time; a date means its end)")


def _datetime(value: Optional[str]) -> Optional[datetime]:
    """--known-at: an ISO date-time (UTC unless it says), or a date (the end of that day, UTC)."""
    from .api import as_datetime

    return as_datetime(value, "--known-at")


def _date(value: Optional[str], option: str) -> Optional[date]:
    from .api import as_date

    return as_date(value, option)


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(..., help="press releases: .txt/.html files or folders"),
    published: Optional[str] = typer.Option(None, "--published", help="the publication date of a single file"),
    workers: int = typer.Option(1, "--workers", min=1, help="parser processes for a large batch (this one extracts, validates and stores meanwhile)"),
    readmit: bool = typer.Option(False, "--readmit", help="bring back retracted documents (otherwise they are skipped)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="extract on Dask (tcp://HOST:8786 or local:N), then load"),
    bundles: Optional[Path] = typer.Option(None, "--bundles", help="with --scheduler: the folder of bundles (default: beside the store, or a temporary one)"),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="with --scheduler: files per task"),
    fmt: Format = FormatOpt,
) -> None:
    """Add press releases to the store, one transaction per document."""
    from .ingest import IngestInterrupted

    if scheduler is None and bundles is not None:
        raise SfkgError("--bundles goes with --scheduler (or run 'sfkg extract' and 'sfkg load')")
    if scheduler is not None:
        _ingest_on_dask(paths, published, scheduler, bundles, batch_size, readmit, fmt)
        return
    try:
        with _kg() as kg, _bar("ingest") as progress:
            report = kg.ingest(paths, published=_date(published, "--published"), progress=progress,
                               workers=workers, readmit=readmit)
    except IngestInterrupted as exc:
        _stopped(exc.report, "ingest")
    _ingest_report(report, fmt)


def _stopped(report, command: str) -> NoReturn:
    """Ctrl-C during a store's writes: what was stored, how to finish, exit 130."""
    typer.echo(f"interrupted: {len(report.added)} document(s) stored (whole) in "
               f"{report.seconds:.1f} s; run the same 'sfkg {command}' again to finish (stored "
               f"documents are skipped)", err=True)
    raise typer.Exit(130) from None


def _ingest_report(report, fmt: Format, title: str = "ingest") -> None:
    """What ingest and load print: superseded, retracted, warnings and errors on stderr, the
    summary on stdout; exit 1 when a document failed."""
    for name in report.superseded:
        typer.echo(f"superseded: {clean(name)} (a new version replaces the earlier one)", err=True)
    for name in report.retracted:
        typer.echo(f"{clean(name)}: skipped: retracted (bring it back with 'sfkg ingest --readmit "
                   f"{clean(name)}')", err=True)
    for f, msg in report.warnings:
        typer.echo(f"warning: {clean(f)}: {clean(msg)}", err=True)
    for f, msg in report.failed:
        typer.echo(f"error: {clean(f)}: {clean(msg)}", err=True)
    summary = report.as_dict()
    if fmt == Format.table:
        rows = [{"": k, "value": v} for k, v in summary.items() if k not in ("errors", "warnings")]
        write(rows, fmt, ["", "value"], title=title)
    else:
        write(summary, fmt)
    if report.failed:
        raise typer.Exit(1)


class _Bar:
    """A progress bar on stderr (transient): ``with _Bar("load") as progress`` gives the
    ``progress(i, n, name)`` callback of ingest, load and extract, with the rate and time left."""

    def __init__(self, label: str, unit: str = "docs"):
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.unit = unit
        console = _stderr()
        self.bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TextColumn("elapsed"),
                            TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                            TextColumn("{task.description}"), transient=True, console=console,
                            disable=not console.is_terminal)

    def __enter__(self):
        self.bar.__enter__()
        self.task = self.bar.add_task("", total=None, rate="")
        return self

    def __call__(self, i, n, name):
        speed = self.bar.tasks[0].speed
        self.bar.update(self.task, completed=i, total=n or None, description=clean(name),
                        rate=f"{speed:.1f} {self.unit}/s" if speed else "")

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


_bar = _Bar


def _extract_report(report, fmt: Format) -> None:
    for f, msg in report.failed:
        typer.echo(f"error: {clean(f)}: {clean(msg)}", err=True)
    summary = {"bundles_written": len(report.written), "skipped_done": len(report.done),
               "failed": len(report.failed), "claims": report.claims,
               "seconds": round(report.seconds, 1),
               "docs_per_s": round(len(report.written) / report.seconds, 2) if report.seconds > 0 else 0.0,
               "errors": [f"{f}: {m}" for f, m in report.failed]}
    if fmt == Format.table:
        write([{"": k, "value": v} for k, v in summary.items() if k != "errors"], fmt, ["", "value"],
              title="extract")
    else:
        write(summary, fmt)


def _quiet_dask() -> None:
    """Dask's own log lines (a nanny stopping its worker...) are not the user's business."""
    import logging

    for name in ("distributed", "dask"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _extract(paths, out: Path, workers: int, scheduler: Optional[str], batch_size: int,
             published: Optional[str], model: Optional[str] = None):
    from .distributed import ExtractInterrupted, extract as run

    if scheduler is not None:
        _quiet_dask()
    try:
        with _bar("extract") as progress:
            return run([str(p) for p in paths], out, workers=workers, scheduler=scheduler,
                       batch_size=batch_size, model=model or STATE["model"],
                       published=_date(published, "--published"), progress=progress)
    except ExtractInterrupted as exc:
        r = exc.report
        typer.echo(f"interrupted: {len(r.written)} bundle(s) written (whole) to {clean(str(out))} in "
                   f"{r.seconds:.1f} s; run the same command again to finish (written bundles are "
                   f"skipped)", err=True)
        raise typer.Exit(130) from None


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="press releases: .txt/.html files or folders"),
    out: Path = typer.Option(..., "--out", help="the folder of bundles (on a cluster: a shared folder)"),
    workers: int = typer.Option(1, "--workers", min=1, help="local processes (without --scheduler)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="a Dask scheduler: tcp://HOST:8786, or local:N for N local worker processes"),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="files per task"),
    published: Optional[str] = typer.Option(None, "--published", help="the publication date of a single file"),
    model: Optional[str] = typer.Option(None, "--model", help="an installed English spaCy pipeline (default: the global --model)"),
    fmt: Format = FormatOpt,
) -> None:
    """The map step: one bundle per press release in --out (no store involved); 'sfkg load'
    stores them. A re-run skips the files whose bundle is there."""
    report = _extract(paths, out, workers, scheduler, batch_size, published, model)
    _extract_report(report, fmt)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def load(
    folder: Path = typer.Argument(..., help="a folder of bundles written by 'sfkg extract'"),
    readmit: bool = typer.Option(False, "--readmit", help="bring back retracted documents (otherwise they are skipped)"),
    fmt: Format = FormatOpt,
) -> None:
    """The reduce step: store a folder of bundles as ingest would (unchanged skipped, changed
    superseding, one transaction per document); safe to stop and run again."""
    from .ingest import IngestInterrupted

    try:
        with _kg() as kg, _bar("load") as progress:
            report = kg.load(folder, readmit=readmit, progress=progress)
    except IngestInterrupted as exc:
        _stopped(exc.report, "load")
    _ingest_report(report, fmt, title="load")


def _bundle_folder(bundles: Optional[Path]):
    """--bundles, else a folder beside an embedded store (a re-run finds its bundles), else a
    temporary folder: (folder, temporary or None)."""
    import tempfile

    from .store import default_location

    if bundles is not None:
        return bundles, None
    location = STATE["store"] or default_location()
    if location != "memory:" and "://" not in location:
        p = Path(location).resolve()
        return p.parent / f"{p.name}.bundles", None
    tmp = tempfile.TemporaryDirectory(prefix="sfkg-bundles-")
    return Path(tmp.name), tmp


def _ingest_on_dask(paths, published, scheduler, bundles, batch_size, readmit, fmt) -> None:
    from .ingest import IngestInterrupted

    folder, tmp = _bundle_folder(bundles)
    try:
        ex = _extract(paths, folder, 1, scheduler, batch_size, published)
        typer.echo(f"extracted: {len(ex.written)} bundle(s) written, {len(ex.done)} there already, "
                   f"{len(ex.failed)} failed, in {ex.seconds:.1f} s ({clean(str(folder))})", err=True)
        try:
            with _kg() as kg, _bar("load") as progress:
                report = kg.load(folder, readmit=readmit, progress=progress)
        except IngestInterrupted as exc:
            _stopped(exc.report, "ingest")
    finally:
        if tmp is not None:
            tmp.cleanup()
    report.failed = [x for x in ex.failed if not any(x[0] == f for f, _ in report.failed)] + report.failed
    report.seconds += ex.seconds
    _ingest_report(report, fmt)


@app.command()
def documents(known_at: Optional[str] = KnownAtOpt, fmt: Format = FormatOpt) -> None:
    """One row per document: file, title, publication date and its basis, sha256, claims."""
    write(_with_kg("document_rows", known_at=_datetime(known_at)), fmt,
          ["document", "title", "published", "published_basis", "sha256", "claims"])


@app.command()
def entities(known_at: Optional[str] = KnownAtOpt, fmt: Format = FormatOpt) -> None:
    """One row per entity named by a document: IRI, type, label, every label, documents."""
    write(_with_kg("entity_rows", known_at=_datetime(known_at)), fmt, ["iri", "type", "label", "labels", "documents"])


CLAIM_COLUMNS = ["document", "published", "s", "p", "time", "status", "o", "post", "org",
                 "parties", "signatories", "participants", "place", "evidence"]


@app.command()
def claims(
    subject: Optional[str] = typer.Option(None, "--subject", help="any label or alias of an entity"),
    prop: Optional[str] = typer.Option(None, "--property", help="launch, sample_return, ..."),
    document: Optional[str] = typer.Option(None, "--document", help="a document's file name"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="only claims reported on or before"),
    known_at: Optional[str] = KnownAtOpt,
    fmt: Format = FormatOpt,
) -> None:
    """One row per claim."""
    rows = _with_kg("claim_rows", subject=subject, property=prop, document=document,
                    as_of=_date(as_of, "--as-of"), known_at=_datetime(known_at))
    write(rows, fmt, CLAIM_COLUMNS)


@app.command()
def asof(
    subject: str = typer.Argument(..., help="any label or alias of an entity"),
    prop: str = typer.Argument(..., metavar="PROPERTY", help="launch, sample_return, data_release, ..."),
    on: str = typer.Option(..., "--on", help="the report date (YYYY-MM-DD)"),
    known_at: Optional[str] = KnownAtOpt,
    fmt: Format = FormatOpt,
) -> None:
    """The answer as reported on a date: the latest report wins, a precise value it contains is kept."""
    result = _with_kg("asof_row", subject, prop, _date(on, "--on"), known_at=_datetime(known_at))
    prop = result["property"]
    if fmt in (Format.table, Format.csv):
        rows = [{"subject": result["subject"]["label"], "property": prop, "on": result["on"], **a}
                for a in result["answers"]]
        if not rows:
            typer.echo(f"nothing reported on {prop} of {clean(result['subject']['label'])} by "
                       f"{result['on']}", err=True)
            return
        write(rows, fmt, list(rows[0]))
    else:
        write(result, fmt)


@app.command()
def history(
    subject: str = typer.Argument(..., help="any label or alias of an entity"),
    prop: str = typer.Argument(..., metavar="PROPERTY"),
    known_at: Optional[str] = KnownAtOpt,
    plot: Optional[Path] = typer.Option(None, "--plot", help="draw the slip chart to FILE.png or FILE.svg"),
    more: List[str] = typer.Option([], "--subject", help="another subject on the same chart (repeatable)"),
    fmt: Format = FormatOpt,
) -> None:
    """Every claim on a subject's property, ordered by report date; --plot draws its slip chart."""
    if plot is not None:
        if plot.suffix.lower() not in (".png", ".svg"):
            raise SfkgError(f"{plot}: the slip chart is written as .png or .svg")
        _check_output(plot, force=True)
        with _kg(read_only=True) as kg:
            try:
                kg.history(subject, prop, known_at=_datetime(known_at)).plot(
                    path=plot, others=[kg.history(s, prop, known_at=_datetime(known_at)) for s in more])
            except OSError as exc:
                raise SfkgError(f"{plot}: cannot write ({exc.strerror or exc})") from None
        typer.echo(f"wrote {clean(str(plot))}", err=True)
    write(_with_kg("history_rows", subject, prop, known_at=_datetime(known_at)), fmt, ["published", "document", "time", "status", "o", "post",
                                                "org", "evidence"])


@app.command()
def conflicts(
    on: Optional[str] = typer.Option(None, "--on", help="as reported on this date (default: all)"),
    known_at: Optional[str] = KnownAtOpt,
    fmt: Format = FormatOpt,
) -> None:
    """Subject/property pairs whose claims cannot all be true, with the slip of planned dates."""
    table = fmt in (Format.table, Format.csv)
    rows = _with_kg("conflict_rows", _date(on, "--on"), known_at=_datetime(known_at), slip=table)
    if table:
        rows = [{"subject": r["subject"]["label"], "property": r["property"], "times": r["times"],
                 "moves": r["slip"]["moves"], "slip_days": r["slip"]["days"],
                 "sources": sorted({c["document"] for c in r["claims"]})} for r in rows]
        write(rows, fmt, ["subject", "property", "times", "moves", "slip_days", "sources"])
    else:
        write(rows, fmt)


@app.command()
def sparql(
    query: str = typer.Argument(..., help="a SPARQL query, or a .rq file"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="run over the view as reported on this date"),
    known_at: Optional[str] = KnownAtOpt,
    timeout: float = typer.Option(30.0, "--timeout", min=0, help="seconds before the query is given up (0: none)"),
    allow_service: bool = typer.Option(False, "--allow-service", help="let the query call other endpoints (SERVICE)"),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f",
                                         help="table, json, jsonl or csv (default: a table; N-Triples for CONSTRUCT/DESCRIBE)"),
) -> None:
    """Any read-only SPARQL query over the whole graph, or over the view as reported on a date."""
    text = query
    if query.endswith(".rq") or (len(query) < 500 and "\n" not in query and Path(query).is_file()):
        try:
            text = Path(query).read_text(encoding="utf-8")
        except OSError as exc:
            raise SfkgError(f"{query}: cannot read ({exc.strerror or exc})") from None
    result = _with_kg("sparql", text, as_of=_date(as_of, "--as-of"), known_at=_datetime(known_at),
                      timeout=timeout or None, allow_service=allow_service)
    if isinstance(result, bool):
        if fmt in (None, Format.table):
            typer.echo("true" if result else "false")
        else:
            text = "true" if result else "false"
            write({"boolean": result} if fmt == Format.json else
                  [{"boolean": result if fmt == Format.jsonl else text}], fmt, ["boolean"])
    elif isinstance(result, str):
        if fmt is None:
            sys.stdout.write(result)
        else:
            write(_triples(result), fmt, ["s", "p", "o"])
    else:
        names, rows = result
        write(rows, fmt or Format.table, names)


class ExportFormat(str, Enum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"


@app.command()
def export(
    export_format: ExportFormat = typer.Option(ExportFormat.trig, "--format", "-f", help="turtle, trig, nquads or jsonld"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="export the view as reported on this date"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write to this file (default, or -: stdout)"),
    force: bool = typer.Option(False, "--force", help="overwrite an existing output file"),
    known_at: Optional[str] = KnownAtOpt,
    without_system_time: bool = typer.Option(False, "--without-system-time",
                                             help="leave out ingest and invalidation times"),
) -> None:
    """The graph (every named graph), or the view as of a date, serialised."""
    args = dict(as_of=_date(as_of, "--as-of"), known_at=_datetime(known_at),
                system_time=not without_system_time)  # written as it streams from the store
    if output is None or str(output) == "-":
        _with_kg("export", export_format.value, out=sys.stdout, **args)
        return
    _check_output(output, force)
    tmp = output.with_name(output.name + ".part")
    try:
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                _with_kg("export", export_format.value, out=f, **args)
        except SfkgError:
            tmp.unlink(missing_ok=True)
            raise
        tmp.replace(output)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise SfkgError(f"{output}: cannot write ({exc.strerror or exc})") from None
    typer.echo(f"wrote {clean(str(output))}", err=True)


def _check_output(output: Path, force: bool) -> None:
    """An output file can be written: its folder exists and is writable, it is not a folder,
    and it does not exist unless ``force``."""
    folder = output.parent
    if output.is_dir():
        raise SfkgError(f"{output}: is a folder; name a file in it")
    if not folder.is_dir():
        raise SfkgError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise SfkgError(f"{output}: the folder {folder} is not writable")
    if output.exists() and not force:
        raise SfkgError(f"{output}: exists; pass --force to overwrite")


def _triples(ntriples: str) -> list[dict]:
    """CONSTRUCT/DESCRIBE results (N-Triples) as rows s, p, o."""
    import pyoxigraph as ox

    from .views import _term_text

    return [{"s": _term_text(t.subject), "p": _term_text(t.predicate), "o": _term_text(t.object)}
            for t in ox.parse(input=ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


@app.command()
def retract(document: str = typer.Argument(..., help="a document's file name, path or sidecar url (see 'sfkg documents')")) -> None:
    """Withdraw a document: its graph is marked invalidated (nothing is deleted); 'sfkg ingest
    --readmit FILE' brings it back."""
    for iri in _with_kg("retract", document):
        typer.echo(f"retracted {clean(document)} ({iri})", err=True)


@app.command()
def validate(fmt: Format = FormatOpt) -> None:
    """SHACL validation of the whole store, a document at a time (exit 0 conforms, 1 does not)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with _kg(read_only=True) as kg, Progress(TextColumn("validate"), BarColumn(), MofNCompleteColumn(),
                                             transient=True, console=_stderr()) as bar:
        task = bar.add_task("", total=None)
        report = kg.validate(progress=lambda i, n, name: bar.update(task, completed=i, total=n))
    if fmt == Format.table:
        if report.conforms:
            typer.echo("conforms: the store satisfies the shapes")
        else:
            write(report.results, fmt, ["severity", "focus", "path", "message", "shape"])
    else:
        write({"conforms": report.conforms, "results": report.results}, fmt)
    if not report.conforms:
        raise typer.Exit(1)


@app.command("time")
def time_(
    expression: str = typer.Argument(..., help='a date expression, e.g. "May this year"'),
    anchor: Optional[str] = typer.Option(None, "--anchor", help="the publication date it was written on"),
) -> None:
    """How sfkg reads one date expression written in a text published on the anchor date."""
    from .temporal import parse_time

    a = _date(anchor, "--anchor")
    tv = parse_time(expression, a)
    row = {"text": expression, "anchor": a.isoformat() if a else None,
           **(tv.as_dict() if tv else {"edtf": None, "granularity": None, "earliest": None, "latest": None})}
    typer.echo(json.dumps(row, ensure_ascii=False))


@app.command("dates")
def dates_(
    path: Path = typer.Argument(..., help="a press release (.txt/.html)"),
    anchor: Optional[str] = typer.Option(None, "--anchor",
                                         help="the date to read it at (default: its publication date)"),
    fmt: Format = FormatOpt,
) -> None:
    """Every date expression sfkg reads in a text, with its value, as claims read them."""
    from . import dates

    rows = dates(path, _date(anchor, "--anchor"), model=STATE["model"])
    write(rows, fmt, ["text", "start", "end", "edtf", "earliest", "latest", "granularity"], title="dates")


@app.command("eval")
def eval_(
    gold: Path = typer.Argument(..., help="a gold file (format sfkg-gold/1)"),
    texts: Path = typer.Option(..., "--texts", help="the folder of the texts the gold annotates"),
    fmt: Format = FormatOpt,
) -> None:
    """Ingest the texts into a fresh in-memory store and score them against the gold file."""
    from .evaluate import evaluate

    r = evaluate(gold, texts, model=STATE["model"])
    if fmt != Format.table:
        write(r, fmt)
        return
    rows = [{"measure": "publication dates", "value": f"{r['published']['correct']}/{r['published']['total']}"},
            {"measure": "entities P/R/F1", "value": _prf(r["entities"])},
            {"measure": "entities split over IRIs", "value": ", ".join(r["entities"]["split"]) or "none"},
            {"measure": "claims P/R/F1", "value": _prf(r["claims"])}]
    rows += [{"measure": f"  {p}", "value": _prf(v)} for p, v in r["claims"]["by_property"].items()]
    rows.append({"measure": "boilerplate errors", "value": len(r["boilerplate_errors"])})
    write(rows, fmt, ["measure", "value"], title="eval")
    for m in r["missed"]:
        typer.echo(f"missed   {m['document']}: {json.dumps({k: v for k, v in m.items() if k != 'document'}, ensure_ascii=False)}")
    for s in r["spurious"]:
        typer.echo(f"spurious {s['document']}: {s['p']} s={s['s']} o={s['o']} time={s['time']} "
                   f"status={s['status']} post={s['post']} org={s['org']} | {s['evidence'][:160]}")
    for b in r["boilerplate_errors"]:
        typer.echo(f"boilerplate {b}")


def _prf(d: dict) -> str:
    return f"{d['precision']:.3f} / {d['recall']:.3f} / {d['f1']:.3f}"


def _stderr():
    from rich.console import Console

    return Console(stderr=True)


def _usage_errors() -> tuple:
    """click's exception classes: typer ships its own copy of click (``typer._click``), and may
    use the click package too; both are caught."""
    out = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            mod = __import__(name, fromlist=["ClickException"])
        except ImportError:
            continue
        out.append(mod)
    return tuple(out)


def main() -> None:
    """Entry point: user errors are one line and exit 1, usage mistakes click's usage error and
    exit 2, never a traceback (SFKG_DEBUG=1 shows the traceback of an unexpected error)."""
    mods = _usage_errors()
    click_errors = tuple(m.ClickException for m in mods)
    aborts = (typer.Abort,) + tuple(m.Abort for m in mods if hasattr(m, "Abort"))
    try:
        code = app(standalone_mode=False, prog_name="sfkg")
        sys.exit(code if isinstance(code, int) else 0)
    except SfkgError as exc:
        typer.echo(f"error: {clean(str(exc))}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except click_errors as exc:
        if getattr(exc, "option_name", None) == "-h":
            exc.message = f"{exc.message} (use --help)"
        exc.show()
        sys.exit(exc.exit_code)
    except aborts + (KeyboardInterrupt,):
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `sfkg export | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        typer.echo(f"error: {clean(where)}{clean(exc.strerror or str(exc))}", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: still one line, with the way to see more
        if os.environ.get("SFKG_DEBUG"):
            raise
        typer.echo(f"error: unexpected {type(exc).__name__}: {clean(str(exc).splitlines()[0] if str(exc) else '')}"
                   f" (SFKG_DEBUG=1 shows the traceback)", err=True)
        sys.exit(1)
