"""The ``newsarchive`` command line.

Every subcommand but ``extract`` takes ``--index DIR`` (default ``$NEWSARCHIVE_INDEX``, else
``./var/index``); every one answers bad input, bad settings included, with one clear line on stderr
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from search import Archive, IndexUnavailable, ParamError, SearchRequest, request_from_mapping
from search.kiwi import set_threads
from search.models import MAX_PER_PAGE, SORTS
from search.params import MAX_PAGE
from search.settings import SettingError, check_environment
from search.storage import default_index_dir, directory_size, ensure_index
from search.suggest import SUGGEST_BELOW

IMPORT_BATCH = 5000

if TYPE_CHECKING:
    from indexer.runlog import RunLog

EX_TEMPFAIL = 75
T = TypeVar("T")


def _index_option(func):  # noqa: ANN001, ANN202 - a click decorator
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index folder (default: $NEWSARCHIVE_INDEX or ./var/index).",
    )(func)


def _root(index_dir: Path | None) -> Path:
    return index_dir or default_index_dir()


def _warn(message: str) -> None:
    click.echo(message, err=True)


def _open_archive(index_dir: Path | None) -> Archive:
    archive = Archive(_root(index_dir))
    try:
        archive.stats()
    except IndexUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    return archive


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``, reading the installed metadata only when asked: ``importlib.metadata`` costs
    tens of milliseconds at every start of every command otherwise (issue 19, cold start)."""
    if not value or ctx.resilient_parsing:
        return
    from indexer.version import VERSION

    click.echo(f"newsarchive, version {VERSION}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """newsarchive: full-text search over news and blog archives."""
    try:
        check_environment()
    except SettingError as exc:
        raise click.ClickException(str(exc)) from None


def _lock_option(func):  # noqa: ANN001, ANN202 - a click decorator
    return click.option(
        "--wait", "wait", type=float, default=0.0, show_default=True, metavar="SECONDS",
        help="Wait this long for another writer to finish instead of exiting with code 75.",
    )(func)


def _log_json_option(func):  # noqa: ANN001, ANN202 - a click decorator
    return click.option("--log-json", is_flag=True, help="Log one JSON object per line (for cron and collectors).")(
        func
    )


def _jobs_option(func):  # noqa: ANN001, ANN202 - a click decorator
    return click.option(
        "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPU count",
        help="CPU workers: Kiwi threads analysing Korean text ahead of the index writer, and for rebuild "
        "also page-extraction processes (1: everything in one thread).",
    )(func)


def _fail(message: str, log_json: bool, command: str, code: int = 1) -> NoReturn:
    """End a command with one line on stderr: ``Error: …``, or a JSON object under ``--log-json``."""
    if log_json:
        _warn(json.dumps({"command": command, "event": "failed", "message": message}, ensure_ascii=False))
    else:
        _warn(f"Error: {message}")
    sys.exit(code)


def _say(log_json: bool, line: str) -> None:
    """A human summary line on stdout; under ``--log-json`` the JSON events carry the same counts."""
    if not log_json:
        click.echo(line)


@contextmanager
def _writer_lock(root: Path, command: str, wait: float, log_json: bool = False) -> Iterator[None]:
    """Hold the index's writer lock; a busy lock exits with EX_TEMPFAIL (75) and one clear line."""
    from indexer.lock import LockBusy, WriterLock

    try:
        lock = WriterLock(root, command, wait=wait)
        lock.acquire()
    except LockBusy as exc:
        _fail(str(exc), log_json, command, EX_TEMPFAIL)
    try:
        yield
    finally:
        lock.release()


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@_index_option
# 5,000, not 1,000: each commit is a segment, and Whoosh's merge policy rewrites the small ones
# into one once about 18 pile up, a second write of every document so far (31 % of a profiled
# 21,577-record import at 1,000). Memory stays bounded: Whoosh spills postings past limitmb.
@click.option("--batch-size", default=IMPORT_BATCH, show_default=True, help="Documents per commit.")
@click.option(
    "--kind", type=click.Choice(["tistory", "wordpress", "generic"]), default="generic", show_default=True,
    help="Page kind of WARC files (tistory also selects posts by URL shape).",
)
@click.option("--timezone", default="Asia/Seoul", show_default=True, help="Zone of WARC pages' offset-less dates.")
@click.option("--strict", is_flag=True, help="Exit 1 when any line or record was bad (the good ones are indexed).")
@_lock_option
@_jobs_option
def import_cmd(
    files: tuple[Path, ...], index_dir: Path | None, batch_size: int, kind: str, timezone: str, strict: bool,
    wait: float, jobs: int,
) -> None:
    """Index JSON Lines records or WARC files (``wget --warc-file``…); bad lines/records are reported.

    Exits 1 when nothing was imported, or with --strict when any line or record was bad.
    """
    import sqlite3
    from collections import Counter

    from indexer.importer import import_jsonl
    from indexer.index_writer import IndexSink
    from indexer.pagestore import PageStore
    from indexer.progress import terminal_progress
    from indexer.warcimport import import_warc, is_warc

    set_threads(jobs)
    for path in files:
        if not path.is_file():
            raise click.ClickException(f"{path}: no such file")
    started = time.perf_counter()
    lines: Counter[str] = Counter()
    root = _root(index_dir)
    with _writer_lock(root, "import", wait), terminal_progress("import", "record") as step:
        try:
            sink = IndexSink(ensure_index(root), batch_size=batch_size, report=_warn)
            store: PageStore | None = None
            for path in files:
                if not is_warc(path):
                    lines.update(import_jsonl(path, sink, _warn, progress=step))
                    continue
                store = store or PageStore(root)
                counts = import_warc(path, sink, store, kind=kind, timezone=timezone, report=_warn, progress=step)
                lines["skipped"] += counts["failed"]
                click.echo(f"{path}: " + ", ".join(
                    f"{key} {counts[key]}"
                    for key in ("records", "pages", "new", "updated", "unchanged", "failed", "extracted", "resources")
                ))
            sink.close()
            if store is not None:
                store.close()
        except (OSError, sqlite3.OperationalError) as exc:  # a full disk, a quota: one line, no traceback
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise click.ClickException(
                f"cannot write the index at {root}: {reason}; import stopped, the index keeps its last commit"
            ) from None
    elapsed = time.perf_counter() - started
    total = sum(sink.counts[key] for key in ("new", "updated", "unchanged"))
    bad = lines["skipped"] + sink.counts["skipped"]
    click.echo(
        f"imported {total} records ({sink.counts['new']} new, {sink.counts['updated']} updated, "
        f"{sink.counts['unchanged']} unchanged), {bad} bad lines skipped, {lines['cleaned']} cleaned, "
        f"{sink.commits} commits in {elapsed:.1f} s{_rate(total, elapsed)}"
    )
    if total == 0:
        raise click.ClickException(f"nothing imported ({bad} bad lines or records)")
    if strict and bad:
        raise click.ClickException(f"{bad} bad lines or records (--strict)")


def _rate(done: int, seconds: float) -> str:
    """`` (123 docs/s)``; small rates keep a decimal (a 3-record import is not "0 docs/s")."""
    if not done or seconds <= 0:
        return ""
    rate = done / seconds
    return f" ({rate:.0f} docs/s)" if rate >= 10 else f" ({rate:.2g} docs/s)"


def _fail_run(log: RunLog, exc: Exception) -> NoReturn:
    """End a run that stopped on an unexpected error: status record, one line, exit code 1.

    Everything committed before the error stays in the index; the next run picks up the rest.
    """
    message = f"run stopped by an internal error: {type(exc).__name__}: {exc}"
    log.error(message)
    log.finish(1)
    if log.log_json:
        sys.exit(1)  # the error event above is the one line
    raise click.ClickException(message) from None


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sources file (default: $NEWSARCHIVE_CONFIG or ./sources.toml).",
)
@click.option("--prune", is_flag=True, help="Delete articles whose page answers 404/410 (default: hide them).")
@click.option("--batch-size", default=200, show_default=True, help="Index changes per commit.")
@click.option(
    "--deadline", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
    help="End the whole run within this many seconds (no fetch outlives it; the rest waits for the next run).",
)
@_lock_option
@_jobs_option
@_log_json_option
@_index_option
def update(
    config_path: Path | None, prune: bool, batch_size: int, deadline: float | None, wait: float, jobs: int,
    log_json: bool, index_dir: Path | None,
) -> None:
    """Crawl the configured sources and update the index (incremental; the cron job).

    Commits every --batch-size changes: killed at any moment, the index keeps every completed
    commit and the next run picks up the rest.
    """
    from indexer.config import ConfigError, default_config_path, load_sources
    from indexer.crawl import run_update
    from indexer.runlog import RunLog

    set_threads(jobs)
    try:
        sources = load_sources(config_path or default_config_path())
    except ConfigError as exc:
        _fail(str(exc), log_json, "update")
    root = _root(index_dir)
    with _writer_lock(root, "update", wait, log_json):
        log = RunLog(root, "update", log_json=log_json)
        with log.running({"deadline_s": deadline} if deadline else None, sources=len(sources)):
            try:
                with log.progress(None, "pages") as bar:
                    summary = run_update(sources, root, log.error, prune=prune, batch_size=batch_size,
                                         on_page=bar.update, deadline=deadline)
            except Exception as exc:  # noqa: BLE001 - recorded and reported in one line, never a traceback
                _fail_run(log, exc)
            for run in summary.runs:
                _say(log_json, run.summary_line())
                log.source_done(run.name, run.counts, [str(e) for e in run.errors], run.failed_whole)
            _say(log_json, f"index commits {summary.index_commits}, {len(summary.errors)} errors, "
                           f"{summary.seconds:.1f} s")
            if summary.deadline_reached:
                _say(log_json, f"stopped at the run's deadline ({deadline:g} s); the next run goes on")
            failed_sources = [run.name for run in summary.runs if run.failed_whole]
            log.finish(1 if failed_sources else 0, index_commits=summary.index_commits,
                       **({"deadline_reached": True} if summary.deadline_reached else {}))
    if failed_sources:
        _fail(f"source(s) failed entirely: {', '.join(failed_sources)}", log_json, "update")


@main.command()
@_lock_option
@_jobs_option
@_log_json_option
@_index_option
def rebuild(wait: float, jobs: int, log_json: bool, index_dir: Path | None) -> None:
    """Re-extract every archived page into a new index generation (offline) and switch to it."""
    from indexer.rebuild import rebuild_index
    from indexer.runlog import RunLog

    set_threads(jobs)
    root = _root(index_dir)
    with _writer_lock(root, "rebuild", wait, log_json):
        log = RunLog(root, "rebuild", log_json=log_json)
        with log.running():
            try:
                with log.progress(None, "pages") as bar:
                    summary = rebuild_index(root, log.error, jobs=jobs, progress=bar.update)
            except Exception as exc:  # noqa: BLE001 - recorded and reported in one line, never a traceback
                _fail_run(log, exc)
            _say(log_json, summary.summary_line())
            keys = ("captures", "extracted", "failed", "carried", "documents", "refused")
            counts = {k: getattr(summary, k) for k in keys}
            log.source_done("archive", counts, [str(e) for e in summary.errors], False)
            log.finish(0, generation=summary.generation)


@main.command()
@_lock_option
@_log_json_option
@_index_option
def compact(wait: float, log_json: bool, index_dir: Path | None) -> None:
    """Merge the index's segments into one (minutes; searches get faster, related articles most)."""
    from indexer.compact import compact_index
    from indexer.runlog import RunLog

    root = _root(index_dir)
    with _writer_lock(root, "compact", wait, log_json):
        log = RunLog(root, "compact", log_json=log_json)
        with log.running():
            try:
                summary = compact_index(root)
            except Exception as exc:  # noqa: BLE001 - recorded and reported in one line, never a traceback
                _fail_run(log, exc)
            _say(log_json, summary.summary_line())
            log.finish(0, generation=summary.generation, segments_before=summary.segments_before,
                       segments_after=summary.segments_after, documents=summary.documents)


@main.command()
@click.argument("pages", nargs=-1, required=True, metavar="FILE_OR_URL...")
@click.option("--url", default=None, help="The page's URL when one FILE (or - for stdin) is given.")
@click.option(
    "--kind", type=click.Choice(["tistory", "wordpress", "generic"]), default="generic",
    show_default=True,
)
@click.option("--jsonl", is_flag=True, help="One compact record per line (appendable to an import file).")
@click.option(
    "--allow-private-network", is_flag=True,
    help="Fetch URLs on loopback, private or link-local addresses (refused by default, as for sources).",
)
def extract(pages: tuple[str, ...], url: str | None, kind: str, jsonl: bool, allow_private_network: bool) -> None:
    """Print the normalised record of pages (files, - for stdin, or http(s) URLs) as JSON.

    Several pages need --jsonl. A page that fails is reported on stderr and the others are still
    printed; the exit code is then 1.
    """
    if len(pages) > 1 and not jsonl:
        raise click.UsageError("several pages need --jsonl (one record per line)")
    if len(pages) > 1 and url:
        raise click.UsageError("--url names one page; give it with a single FILE")
    if pages.count("-") > 1:
        raise click.UsageError("- (stdin) can be given once")
    failed = 0
    for page in pages:
        try:
            record = _extract_one(page, url, kind, allow_private_network)
        except click.ClickException as exc:
            if not jsonl:
                raise
            _warn(f"Error: {exc.format_message()}")
            failed += 1
            continue
        click.echo(json.dumps(record, ensure_ascii=False, indent=None if jsonl else 2))
    if failed:
        sys.exit(1)


def _extract_one(file_or_url: str, url: str | None, kind: str, allow_private: bool = False) -> dict[str, object]:
    """The record of one page; :class:`click.ClickException` with one line when it cannot be had."""
    from indexer.extract import ExtractionError, extract_page
    from indexer.fetch import Fetcher, FetchError, FetchPolicy

    encoding = None
    if file_or_url.startswith(("http://", "https://")):
        fetcher = Fetcher(FetchPolicy(allow_private=allow_private))
        try:
            resp = fetcher.get(file_or_url)
        except FetchError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            fetcher.close()
        if resp.status != 200:
            raise click.ClickException(f"{file_or_url}: HTTP {resp.status}")
        content, page_url, encoding = resp.content, resp.url, resp.encoding
    elif file_or_url == "-":
        content, page_url = sys.stdin.buffer.read(), url or "file:///dev/stdin"
    else:
        path = Path(file_or_url)
        if not path.is_file():
            raise click.ClickException(f"{path}: no such file")
        content = path.read_bytes()
        if path.suffix == ".gz":
            from indexer.limits import MAX_PAGE_BYTES, gunzip

            try:
                content = gunzip(content, MAX_PAGE_BYTES)
            except ValueError as exc:  # TooLarge, BadEncoding
                raise click.ClickException(f"{path}: {exc}") from None
        page_url = url or path.resolve().as_uri()
    try:
        article = extract_page(content, page_url, kind=kind, encoding=encoding)
    except ExtractionError as exc:
        raise click.ClickException(f"{file_or_url}: {exc}") from None
    return article.to_json()


@main.command()
@click.argument("query", default="")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--all", "every", is_flag=True, help="Print every hit as JSON Lines, streamed (ignores --page/--limit).")
@click.option("--tag", "tags", multiple=True, help="Only articles with this tag (repeatable).")
@click.option("--category", default=None, help="Only this category (Parent or Parent/Child).")
@click.option("--author", default=None, help="Only this author.")
@click.option("--site", default=None, help="Only this site (host name).")
@click.option("--lang", default=None, help="Only this language (ko, en, ...).")
@click.option("--from", "date_from", default=None, help="From this day (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--to", "date_to", default=None, help="Up to this day; before --from finds nothing.")
@click.option("--edited/--never-edited", "edited", default=None,
              help="Only articles edited after publication (or never edited).")
@click.option("--sort", type=click.Choice(list(SORTS)), default="relevance",
              help="changed: the last change first.")
@click.option("--page", type=click.IntRange(1, MAX_PAGE), default=1, show_default=True, help="Which page of hits.")
@click.option(
    "--limit", type=click.IntRange(1, MAX_PER_PAGE), default=10, show_default=True,
    help=f"Hits per page (1-{MAX_PER_PAGE}; --all for every hit).",
)
@_index_option
def search(
    query: str,
    as_json: bool,
    every: bool,
    tags: tuple[str, ...],
    category: str | None,
    author: str | None,
    site: str | None,
    lang: str | None,
    date_from: str | None,
    date_to: str | None,
    edited: bool | None,
    sort: str,
    page: int,
    limit: int,
    index_dir: Path | None,
) -> None:
    """Search the archive from the terminal."""
    from search.serialize import result_to_json

    params = {"q": query, "tag": list(tags), "category": category, "author": author, "site": site, "lang": lang,
              "from": date_from, "to": date_to, "sort": sort, "page": page, "per_page": limit,
              "edited": None if edited is None else str(edited).lower()}
    try:
        request = request_from_mapping({key: value for key, value in params.items() if value is not None})
    except ParamError as exc:
        raise click.ClickException(f"--{exc.param.replace('per_page', 'limit')}: {exc.detail}") from None
    archive = _open_archive(index_dir)
    if every:
        _print_every_hit(archive, request)
        return
    result = archive.search(request)
    if result.total < SUGGEST_BELOW and result.suggestion is None and not result.partial:
        # A server builds the spelling vocabulary on a thread and suggests once it is there; this
        # process ends with the answer, so a query that may need "did you mean" waits for it
        # (seconds on a large archive; a query with results never does).
        archive.prepare()
        result = archive.search(request)
    if as_json:
        click.echo(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
        return
    for note in result.ignored:
        _warn(f"note: ignored {note}")
    click.echo(f"{result.total} results ({result.took_ms:.1f} ms)"
               + (f", page {request.page} of {result.pages}" if result.pages > 1 else ""))
    for hit in result.hits:
        date = hit.published.date().isoformat() if hit.published else "undated"
        click.echo(f"- {hit.title}  [{date}] {hit.url}")
    if result.suggestion:
        click.echo(f"did you mean: {result.suggestion}")


def _print_every_hit(archive: Archive, request: SearchRequest) -> None:
    """Every hit as JSON Lines, a page of MAX_PER_PAGE at a time (memory stays flat, like /export)."""
    from search.serialize import hit_to_json

    plain = replace(request, per_page=MAX_PER_PAGE, highlight=False, facets=())
    for page in range(1, MAX_PAGE + 1):
        result = archive.search(replace(plain, page=page))
        for hit in result.hits:
            click.echo(json.dumps(hit_to_json(hit), ensure_ascii=False))
        if page >= result.pages:
            return


def _port_default() -> int:
    value = os.environ.get("PORT", "").strip() or "8000"
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise click.BadParameter(f"PORT must be a port number (1-65535), got {value!r}", param_hint="'--port'")
    return int(value)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=_port_default, show_default="$PORT or 8000")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="gunicorn worker processes.")
@click.option(
    "--timeout", type=click.IntRange(min=1), default=30, show_default=True, metavar="SECONDS",
    help="gunicorn restarts a worker silent for this long.",
)
@click.option(
    "--rate-limit", default=None, metavar="RATE",
    help="Searches per client shared by the API, the search page and feeds, e.g. 120/minute "
    "(default: $NEWSARCHIVE_RATE_LIMIT, else off).",
)
@click.option(
    "--proxy-fix", type=click.IntRange(0, 10), default=None, metavar="N",
    help="Trust X-Forwarded-For/-Proto/-Host/-Prefix from N proxies in front (default: "
    "$NEWSARCHIVE_PROXY_FIX, else 0).",
)
@click.option(
    "--templates", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, metavar="DIR",
    help="Your own Jinja templates, looked up before the built-in ones (e.g. base.html, "
    "partials/hit.html; default: $NEWSARCHIVE_TEMPLATES).",
)
@click.option(
    "--static", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None, metavar="DIR",
    help="Your own static files (style.css, a logo), served before the built-in ones "
    "(default: $NEWSARCHIVE_STATIC).",
)
@click.option(
    "--set", "settings", multiple=True, metavar="NAME=VALUE",
    help="Any web setting, as NEWSARCHIVE_NAME would give it (repeatable), e.g. --set EXPORT_LIMIT=500.",
)
@_index_option
def serve(
    host: str, port: int, workers: int, timeout: int, rate_limit: str | None, proxy_fix: int | None,
    templates: Path | None, static: Path | None, settings: tuple[str, ...], index_dir: Path | None,
) -> None:
    """Run the web app under gunicorn (workers share one preloaded Kiwi).

    Web settings come from NEWSARCHIVE_* environment variables, then --set, then the options
    above (see the README's Configuration).
    """
    from web.server import run
    from web.settings import parse_assignment

    config: dict[str, object] = {"INDEX_DIR": str(_root(index_dir).resolve())}
    for assignment in settings:
        try:
            config.update([parse_assignment(assignment)])
        except SettingError as exc:
            raise click.BadParameter(str(exc), param_hint="'--set'") from None
    if rate_limit is not None:
        config["RATE_LIMIT"] = rate_limit
    if proxy_fix is not None:
        config["PROXY_FIX"] = proxy_fix
    for key, folder in (("TEMPLATES", templates), ("STATIC", static)):
        if folder is not None:
            config[key] = str(folder.resolve())
    try:
        run(config, host, port, workers, timeout)
    except SettingError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--runs", "n_runs", default=0, show_default=True, help="Also list the last N run records.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for monitoring).")
@_index_option
def status(n_runs: int, as_json: bool, index_dir: Path | None) -> None:
    """Documents, index generation, size, and the last update/rebuild run (counts and errors)."""
    from search.runs import read_runs

    archive = _open_archive(index_dir)
    stats = archive.stats()
    root = _root(index_dir)
    if as_json:
        runs = read_runs(root)
        click.echo(json.dumps({
            "index": str(root),
            "documents": stats.documents,
            "generation": stats.generation,
            "analyzer": stats.analyzer,
            "last_modified": stats.last_modified.isoformat() if stats.last_modified else None,
            "size_bytes": directory_size(root),
            "last_run": runs[-1] if runs else None,
            "runs": runs[-n_runs:] if n_runs else [],
        }, ensure_ascii=False, indent=2))
        return
    click.echo(f"index:         {root}")
    click.echo(f"documents:     {stats.documents}")
    click.echo(f"generation:    {stats.generation}")
    click.echo(f"analyzer:      {stats.analyzer}")
    click.echo(f"last modified: {stats.last_modified.isoformat() if stats.last_modified else 'never'}")
    click.echo(f"size:          {directory_size(root) / 1e6:.1f} MB")
    runs = read_runs(root)
    if not runs:
        click.echo("last run:      none recorded")
        return
    last = runs[-1]
    click.echo(f"last run:      {_run_line(last)}")
    for source in last.get("sources", []):
        counts = ", ".join(f"{key} {value}" for key, value in source.get("counts", {}).items())
        click.echo(f"  {source.get('name')}{' (FAILED)' if source.get('failed') else ''}: {counts}")
    errors = last.get("errors", [])
    click.echo(f"  errors: {len(errors)}")
    for message in errors[:10]:
        click.echo(f"    {message}")
    if len(errors) > 10:
        click.echo(f"    … {len(errors) - 10} more")
    if n_runs:
        click.echo(f"runs ({min(n_runs, len(runs))} of {len(runs)} kept):")
        for run in runs[-n_runs:]:
            click.echo(f"  {_run_line(run)}")


def _run_line(run: dict[str, object]) -> str:
    """One run record as ``update 2026-01-01T00:00:00+00:00 → …+00:00 (12.3 s) exit 0, new 5, …``;
    a run still going says ``RUNNING (pid N)``, one that was killed ``INTERRUPTED``."""
    from search.runs import run_state

    state = run_state(run)
    if state == "running":
        return f"{run.get('command', '?')} {run.get('started', '?')} → RUNNING (pid {run.get('pid', '?')})"
    if state == "interrupted" and not run.get("finished"):
        return f"{run.get('command', '?')} {run.get('started', '?')} → INTERRUPTED (killed; no end recorded)"
    totals = run.get("totals") or {}
    counts = ", ".join(f"{key} {value}" for key, value in totals.items()) if isinstance(totals, dict) else ""
    return (f"{run.get('command', '?')} {run.get('started', '?')} → {run.get('finished', '?')} "
            f"({run.get('duration_s', '?')} s) exit {run.get('exit_code', '?')}"
            + (" INTERRUPTED" if state == "interrupted" else "") + (f", {counts}" if counts else ""))


if __name__ == "__main__":
    main()
