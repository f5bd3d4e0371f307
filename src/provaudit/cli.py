"""The command line: parse arguments, call the library, print. The only module importing click.

Start-up is kept cheap: this module imports click and nothing of the pipeline; each command
imports what it runs in its body, so ``--help``, ``--version`` and a usage error cost a bare
interpreter and click (tests/test_cli_startup.py checks which modules they load).

Exit codes: 0 clean; 1 problems found (``validate``); 2 usage or input error, reported as one
line naming the file and the problem; 3 an internal error (a bug), also one line; 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TypeVar

import click

from . import __version__
from .errors import ProvauditError
from .limits import DEFAULT_MAX_BYTES, max_bytes_from_env

if TYPE_CHECKING:
    from .audit import Options

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_PROBLEMS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class InputProblem(click.ClickException):
    """A ProvauditError on its way to the terminal: one line, exit 2."""

    exit_code = EXIT_INPUT


class ProvauditGroup(click.Group):
    """Maps library errors to one-line messages; never lets a traceback reach the user."""

    def invoke(self, ctx: click.Context) -> Any:
        from . import interrupt

        try:
            # Ctrl-C remembered (see interrupt.py): a KeyboardInterrupt swallowed by a finaliser
            # is raised again at the run's next result or phase boundary.
            with interrupt.handled():
                return super().invoke(ctx)
        except ProvauditError as exc:
            # A file name or a manifest value may hold a line break, an escape sequence or a
            # bidi control: the line shows each as a visible escape.
            from . import invisible

            raise InputProblem(invisible.one_line(str(exc))) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            # Ctrl-C: one line, and the shell's code for a run ended by SIGINT.
            click.echo("Interrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`provaudit audit ... | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_PROBLEMS)
        except OSError as exc:
            if exc.errno not in _ENVIRONMENT_ERRNOS:
                _internal(ctx, exc)
            # The environment refused (a full disk, a read-only directory) outside fsio's
            # writes: the user's to fix, named by its path where the system gave one.
            where = exc.filename if isinstance(exc.filename, str) else "output"
            from . import invisible

            raise InputProblem(invisible.one_line(f"{where}: {exc.strerror or exc}")) from None
        except MemoryError:
            click.echo("Error: out of memory (lower --max-bytes or audit fewer sources)", err=True)
            ctx.exit(EXIT_INTERNAL)
        except Exception as exc:
            _internal(ctx, exc)


# OSErrors that are the machine's state, not provaudit's fault: exit 2 naming the path.
_ENVIRONMENT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in (
        "ENOSPC",
        "EDQUOT",
        "EROFS",
        "EACCES",
        "EPERM",
        "ENOTDIR",
        "EISDIR",
        "EEXIST",
        "ENOENT",
        "ENAMETOOLONG",
        "EMFILE",
        "ENFILE",
        "EIO",
        "ELOOP",
        "EFBIG",
        "ETXTBSY",
    )
    if hasattr(errno, name)
)


def _internal(ctx: click.Context, exc: BaseException) -> NoReturn:
    """Report ``exc`` as the bug it is (exit 3), or re-raise it with PROVAUDIT_DEBUG set."""
    if os.environ.get("PROVAUDIT_DEBUG"):
        raise exc
    click.echo(
        f"Error: internal error ({exc.__class__.__name__}: {exc}); "
        "this is a bug, rerun with PROVAUDIT_DEBUG=1 for a traceback",
        err=True,
    )
    ctx.exit(EXIT_INTERNAL)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None


def _fail_on(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    from .findings import parse_fail_on

    try:
        return parse_fail_on(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _fail_on_option(func: F) -> F:
    return click.option(
        "--fail-on",
        metavar="KIND,...",
        callback=_fail_on,
        help="Kinds of findings that fail the gate (exit 1) besides integrity problems: "
        "machine-written, machine-translated, generated-forecast, sponsored, affiliate, "
        "self-promotion, offtopic-tail, quote-variant, figure-disagreement, source-warning, "
        "foreign-language, boilerplate, or all.",
    )(func)


CI_FORMATS = ("text", "json", "github", "sarif", "junit")
# The formats `audit` prints its findings in (its json is the report itself).
AUDIT_CI_FORMATS = CI_FORMATS[2:]
# The names of report.FORMATS, written out so that --help need not import the renderers
# (tests/test_cli_startup.py checks that they agree).
FORMAT_NAMES = ("html", "json", "md")


def input_options(func: F) -> F:
    """Options shared by every command that reads sources."""
    decorators = [
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=lambda: max_bytes_from_env(DEFAULT_MAX_BYTES),
            show_default=f"{DEFAULT_MAX_BYTES:,}, or PROVAUDIT_MAX_BYTES",
            help="Refuse sources larger than this many bytes.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=20.0,
            show_default=True,
            help="Seconds allowed for fetching a URL.",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def engine_options(func: F) -> F:
    """Options shared by every command that analyses sources: how the work runs."""
    decorators = [
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=1),
            default=None,
            help="Worker processes for per-source analysis  [default: one per core]",
        ),
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Where to run: this machine, or a Dask cluster (pip install 'provaudit[dask]').",
        ),
        click.option(
            "--scheduler", metavar="ADDRESS", help="The Dask scheduler, with --engine dask."
        ),
        click.option(
            "--rules",
            "rules_file",
            metavar="FILE",
            type=click.Path(path_type=Path, dir_okay=False),
            help="A TOML file of rules extending or overriding the shipped ones (after "
            "[tool.provaudit] in a pyproject.toml in the corpus folder or its parent).",
        ),
        click.option(
            "-q", "--quiet", is_flag=True, help="No progress bar or summary on standard error."
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


class ProgressBar:
    """A progress bar on standard error (only on a terminal, and not with --quiet)."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled
        self._bar: Any = None

    def start(self, total: int) -> None:
        if self.enabled and self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(label: str, quiet: bool) -> ProgressBar:
    """A bar for a long run: shown only when standard error is a terminal and not --quiet."""
    return ProgressBar(label, enabled=not quiet and sys.stderr.isatty())


def _stdin() -> BinaryIO | None:
    """Standard input as bytes, or None when there is none."""
    return getattr(sys.stdin, "buffer", None)


def build_options(**kwargs: Any) -> Options:
    """One Options object from the parsed arguments (unknown keys ignored)."""
    from .audit import Options

    fields = {k: v for k, v in kwargs.items() if k in Options.__dataclass_fields__}
    options = Options(**fields)
    if options.engine == "dask" and not options.scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS")
    if options.engine != "dask" and options.scheduler:
        raise click.UsageError("--scheduler goes with --engine dask")
    return options


@click.group(cls=ProvauditGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="provaudit")
def cli() -> None:
    """Audit news sources for provenance: clean text, mixed-language passages, boilerplate and
    off-topic tails, shared quotes and figures, attribution, as schema-validated reports.

    \b
    Example:
        provaudit report corpus -o reports
    """


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also relate the sources' quotes, figures and passages to this corpus.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMAT_NAMES, *AUDIT_CI_FORMATS]),
    default="json",
    show_default=True,
    help="Output format: the JSON report, Markdown, or a self-contained HTML page (which "
    "includes each source's text); or the findings for CI (github, sarif, junit).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE, not stdout.",
)
@click.option("--outlet", help="The outlet that published the sources, if known.")
@click.option("--include-text", is_flag=True, help="Include each source's normalised text.")
@click.option(
    "--keep-going",
    is_flag=True,
    help="Report the sources that can be read and list the others in the report's errors "
    "(exit 1), instead of stopping at the first.",
)
@_fail_on_option
@input_options
@engine_options
def audit_cmd(
    sources: tuple[str, ...],
    corpus_dir: Path | None,
    fmt: str,
    output: Path | None,
    outlet: str | None,
    keep_going: bool,
    fail_on: frozenset[str],
    quiet: bool,
    **kwargs: Any,
) -> None:
    """Audit SOURCES (files, http(s) URLs, or - for standard input) and print the report.

    \b
    Example:
        provaudit audit corpus/sources/004_5194679c34ef4e42.txt --corpus corpus
        provaudit audit page.html --corpus corpus --format html -o page-report.html
    """
    from . import api
    from .fsio import check_output_path
    from .report import write_one

    if output is not None:
        check_output_path(output)
    # The HTML page shows each source's text, so it needs the report to carry it.
    options = build_options(**{**kwargs, "include_text": kwargs["include_text"] or fmt == "html"})
    with progress_bar("analysing", quiet) as bar:
        report = api.audit_paths(
            sources,
            corpus=corpus_dir,
            outlet=outlet,
            options=options,
            rules=kwargs["rules_file"],
            keep_going=keep_going,
            stdin=_stdin(),
            progress=bar,
        )
    findings = report.findings(fail_on) if fmt in AUDIT_CI_FORMATS or fail_on else []
    if fmt in AUDIT_CI_FORMATS:
        from . import ci

        text = ci.render(findings, fmt, fail_on)
    else:
        text = report.render(fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_one(output, text)
        click.echo(f"wrote {output}", err=True)
    for error in report.errors:
        click.echo(f"Error: {error['source']}: {error['message']}", err=True)
    failing = sum(1 for f in findings if f.fails)
    if report.errors or failing:
        if failing:
            click.echo(f"{failing} finding(s) fail the gate", err=True)
        sys.exit(EXIT_PROBLEMS)


audit_cmd.name = "audit"


@cli.command()
@click.argument("corpus_dir", metavar="[CORPUS]", default="corpus", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="reports",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory to write the reports into.",
)
@input_options
@engine_options
def report(corpus_dir: Path, out_dir: Path, quiet: bool, **kwargs: Any) -> None:
    """Write the reports for a corpus (default: corpus/) into a directory (default: reports/).

    Writes corpus.json (the JSON report, with each source's text; schema:
    schemas/corpus-report.schema.json), the same as sources.jsonl (a source a line) and
    header.json (the rest), corpus.md (Markdown), index.html (an index page) with a page a
    source in pages/, and prov.json (W3C PROV-JSON; schema: schemas/prov-report.schema.json).
    Written source by source, each part checked first, into a new directory that replaces the
    output directory as a whole; the corpus is only read.

    \b
    Example:
        provaudit report corpus -o reports
    """
    from . import api
    from .fsio import check_output_path

    check_output_path(out_dir / "corpus.json")
    options = build_options(**kwargs)
    with progress_bar("analysing", quiet) as bar:
        written = api.write_corpus_reports(
            corpus_dir, out_dir, options=options, rules=kwargs["rules_file"], progress=bar
        )
    if not quiet:
        pages = [name for name in written.names if "/" in name]
        for name in written.names:
            if "/" not in name:
                click.echo(f"wrote {out_dir / name}", err=True)
        click.echo(f"wrote {len(pages)} source pages in {out_dir / 'pages'}", err=True)
        click.echo(_summary(written.flags, written.header), err=True)


def _summary(flags: Sequence[Any], header: dict[str, Any]) -> str:
    return (
        f"{len(flags)} sources, "
        f"{sum(f.languages for f in flags)} foreign-language passages, "
        f"{sum(f.boilerplate for f in flags)} boilerplate spans, "
        f"{sum(1 for f in flags if f.tail_start is not None)} off-topic tails, "
        f"{sum(f.quotes for f in flags)} quotes, "
        f"{len(header['quote_clusters'])} quote clusters"
    )


@cli.command(name="validate")
@click.argument("corpus_dir", metavar="[CORPUS]", default="corpus", type=click.Path(path_type=Path))
@click.option(
    "--reports",
    "reports_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also check that the reports here validate and are up to date.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CI_FORMATS),
    default="text",
    show_default=True,
    help="text: one line per failing finding; json; github: workflow commands (annotations); "
    "sarif: SARIF 2.1.0; junit: JUnit XML.",
)
@_fail_on_option
@input_options
@engine_options
def validate_cmd(
    corpus_dir: Path,
    reports_dir: Path | None,
    fmt: str,
    fail_on: frozenset[str],
    quiet: bool,
    **kwargs: Any,
) -> None:
    """Check a corpus (the CI gate): manifest schema, files inside the corpus, hashes, unlisted
    files, and with --reports that the reports validate and are current (a stale corpus.json
    is told apart by the sources and sections that changed).

    Integrity problems always fail; --fail-on names kinds of findings in the sources that fail
    too (the corpus is then analysed). Where a report is made (--reports or --fail-on), the
    json, github, sarif and junit formats list every finding, failing or not, with its file
    and line. Exit 0 clean, 1 something fails, 2 unusable input.

    \b
    Example:
        provaudit validate corpus --reports reports
        provaudit validate corpus --reports reports --format github --fail-on machine-written
    """
    from . import api

    options = build_options(**kwargs)
    with progress_bar("regenerating reports", quiet) as bar:
        result = api.validate(
            corpus_dir,
            reports=reports_dir,
            fail_on=fail_on,
            options=options,
            rules=kwargs["rules_file"],
            progress=bar,
        )
    click.echo(result.render(fmt), nl=False)
    if not result.ok:
        click.echo(f"{len(result.failing)} problem(s)", err=True)
        sys.exit(EXIT_PROBLEMS)
    if not quiet:
        click.echo("ok", err=True)


def _corpus_option(help_text: str) -> Callable[[F], F]:
    """--corpus DIR for the commands that change a corpus."""
    return click.option(
        "--corpus",
        "corpus_dir",
        default="corpus",
        show_default=True,
        type=click.Path(path_type=Path, file_okay=False),
        help=help_text,
    )


@cli.command(name="ingest")
@click.argument("sources", nargs=-1)
@click.option(
    "--from",
    "listing",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A JSONL or CSV listing of sources: path or url, outlet, url, published, notes.",
)
@click.option(
    "--replace",
    "replace_id",
    metavar="ID",
    help="Replace source ID with SOURCE (a corrected file); its old hash stays in the history.",
)
@click.option("--outlet", help="The outlet that published them, if the sources name it.")
@click.option("--url", help="Where it was published (one source; default: the URL fetched).")
@click.option("--published", callback=_date, help="Publication date, YYYY-MM-DD.")
@click.option("--notes", help="Free text kept in the manifest.")
@_corpus_option("The corpus to add to (created if absent).")
@input_options
def ingest_cmd(
    sources: tuple[str, ...],
    listing: Path | None,
    replace_id: str | None,
    outlet: str | None,
    url: str | None,
    published: str | None,
    notes: str | None,
    corpus_dir: Path,
    **kwargs: Any,
) -> None:
    """Add SOURCES (files, directories, glob patterns, http(s) URLs, or - for standard input)
    and the sources a --from listing names to a corpus, in one manifest write: copy each into
    sources/, hash it, and add a manifest entry keeping its original name. The same bytes
    twice are refused (and nothing is added). With --replace ID, SOURCE is a corrected file
    for source ID.

    \b
    Example:
        provaudit ingest page.html --outlet "The Verge" --published 2026-04-14
        provaudit ingest downloads/ 'more/*.html' --from listing.jsonl
        provaudit ingest --replace 002_ded2b0bbf68fcbc1 fixed.txt
    """
    from . import api

    options = build_options(**kwargs)
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise click.BadParameter("must be an http:// or https:// URL", param_hint="--url")
    if not sources and listing is None:
        raise click.UsageError("name a SOURCE to ingest, or a listing with --from")
    if replace_id is not None:
        if len(sources) != 1 or listing is not None:
            raise click.UsageError("--replace ID takes exactly one SOURCE (and no --from)")
        record = api.replace(
            replace_id,
            sources[0],
            corpus_dir,
            outlet=outlet,
            url=url,
            published=published,
            notes=notes,
            options=options,
            stdin=_stdin(),
        )
        click.echo(f"replaced {record.id} ({record.path}, {record.media_type})")
        return
    if url is not None:
        if len(sources) != 1 or listing is not None:
            raise click.UsageError("--url goes with one SOURCE (a listing gives each its url)")
        records = [
            api.ingest(
                sources[0],
                corpus_dir,
                outlet=outlet,
                url=url,
                published=published,
                notes=notes,
                options=options,
                stdin=_stdin(),
            )
        ]
    else:
        records = api.ingest_sources(
            sources,
            corpus_dir,
            listing=listing,
            outlet=outlet,
            published=published,
            notes=notes,
            options=options,
            stdin=_stdin(),
        )
    for record in records:
        click.echo(f"added {record.id} ({record.path}, {record.media_type})")
    if len(records) > 1:
        click.echo(f"{len(records)} sources added", err=True)


@cli.command(name="remove")
@click.argument("ids", nargs=-1, required=True)
@_corpus_option("The corpus to remove from.")
def remove_cmd(ids: tuple[str, ...], corpus_dir: Path) -> None:
    """Remove sources IDS from a corpus: their manifest entries (in one write), then their
    files. An id the manifest does not list is refused and nothing is removed.

    \b
    Example:
        provaudit remove 003_b5cbadaa41cd3727
    """
    from . import api

    for record in api.remove(ids, corpus_dir):
        click.echo(f"removed {record.id} ({record.path})")


@cli.command(name="normalise")
@click.argument("source")
@click.option("--trim", is_flag=True, help="Leave out the off-topic tail, if one is flagged.")
@input_options
def normalise_cmd(source: str, trim: bool, **kwargs: Any) -> None:
    """Print the normalised text of SOURCE (a file, an http(s) URL, or -), the text that every
    span in a report indexes.

    \b
    Example:
        provaudit normalise corpus/sources/004_5194679c34ef4e42.txt --trim
    """
    from . import api

    options = build_options(**kwargs)
    click.echo(api.normalised_text(source, trim=trim, options=options, stdin=_stdin()))


@cli.command(name="quotes")
@click.argument("corpus_dir", metavar="[CORPUS]", default="corpus", type=click.Path(path_type=Path))
@input_options
@engine_options
def quotes_cmd(corpus_dir: Path, quiet: bool, **kwargs: Any) -> None:
    """Show the quotations shared across a corpus's sources, with word diffs.

    \b
    Example:
        provaudit quotes corpus
    """
    from . import api

    with progress_bar("analysing", quiet) as bar:
        result = api.report_corpus(
            corpus_dir, options=build_options(**kwargs), rules=kwargs["rules_file"], progress=bar
        )
    click.echo(result.render("quotes"), nl=False)
