"""The ``newsarchive`` command line.

Every subcommand takes ``--index DIR`` (default ``$NEWSARCHIVE_INDEX``, else ``./var/index``) and
answers bad input with one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from indexer.version import VERSION
from search import Archive, IndexMissing, ParamError, request_from_mapping
from search.storage import default_index_dir, directory_size, ensure_index

EX_DATAERR = 65
EX_TEMPFAIL = 75


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
        archive.searcher()
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    return archive


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="newsarchive")
def main() -> None:
    """newsarchive: full-text search over news and blog archives."""


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@_index_option
@click.option("--batch-size", default=1000, show_default=True, help="Documents per commit.")
def import_cmd(files: tuple[Path, ...], index_dir: Path | None, batch_size: int) -> None:
    """Index article records from JSON Lines FILES (bad lines are reported and skipped)."""
    from indexer.importer import read_jsonl
    from indexer.index_writer import IndexSink

    for path in files:
        if not path.is_file():
            raise click.ClickException(f"{path}: no such file")
    started = time.perf_counter()
    bad = 0

    def report(message: str) -> None:
        nonlocal bad
        bad += 1
        _warn(message)

    sink = IndexSink(ensure_index(_root(index_dir)), batch_size=batch_size)
    for path in files:
        sink.add_all(read_jsonl(path, report))
    sink.close()
    elapsed = time.perf_counter() - started
    total = sum(sink.counts.values())
    click.echo(
        f"imported {total} records ({sink.counts['new']} new, {sink.counts['updated']} updated, "
        f"{sink.counts['unchanged']} unchanged), {bad} bad lines skipped, "
        f"{sink.commits} commits in {elapsed:.1f} s ({total / elapsed if elapsed else 0:.0f} docs/s)"
    )


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sources file (default: $NEWSARCHIVE_CONFIG or ./sources.toml).",
)
@_index_option
def update(config_path: Path | None, index_dir: Path | None) -> None:
    """Crawl the configured sources and update the index (incremental; the cron job)."""
    from indexer.config import ConfigError, default_config_path, load_sources
    from indexer.crawl import crawl_source
    from indexer.index_writer import IndexSink

    try:
        sources = load_sources(config_path or default_config_path())
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    sink = IndexSink(ensure_index(_root(index_dir)))
    failed_sources = []
    for source in sources:
        run = crawl_source(source, sink, _warn)
        counts = run.counts
        click.echo(
            f"{source.name}: discovered {counts['discovered']}, fetched {counts['fetched']}, "
            f"new {counts['new']}, updated {counts['updated']}, unchanged {counts['unchanged']}, "
            f"gone {counts['gone']}, failed {counts['failed']}, requests {counts['requests']}"
        )
        if run.failed_whole:
            failed_sources.append(source.name)
    sink.close()
    if failed_sources:
        raise click.ClickException(f"source(s) failed entirely: {', '.join(failed_sources)}")


@main.command()
@click.argument("file_or_url")
@click.option("--url", default=None, help="The page's URL when FILE_OR_URL is a file.")
@click.option(
    "--kind", type=click.Choice(["tistory", "wordpress", "generic"]), default="generic",
    show_default=True,
)
def extract(file_or_url: str, url: str | None, kind: str) -> None:
    """Print the normalised record of one page (a file or an http(s) URL) as JSON."""
    from indexer.extract import ExtractionError, extract_page
    from indexer.fetch import Fetcher, FetchError

    encoding = None
    if file_or_url.startswith(("http://", "https://")):
        fetcher = Fetcher()
        try:
            resp = fetcher.get(file_or_url)
        except FetchError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            fetcher.close()
        if resp.status != 200:
            raise click.ClickException(f"{file_or_url}: HTTP {resp.status}")
        content, page_url, encoding = resp.content, resp.url, resp.encoding
    else:
        path = Path(file_or_url)
        if not path.is_file():
            raise click.ClickException(f"{path}: no such file")
        content = path.read_bytes()
        if path.suffix == ".gz":
            import gzip

            content = gzip.decompress(content)
        page_url = url or path.resolve().as_uri()
    try:
        article = extract_page(content, page_url, kind=kind, encoding=encoding)
    except ExtractionError as exc:
        raise click.ClickException(f"{file_or_url}: {exc}") from None
    click.echo(json.dumps(article.to_json(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("query", default="")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--tag", "tags", multiple=True, help="Only articles with this tag (repeatable).")
@click.option("--from", "date_from", default=None, help="From this day (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Up to this day (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance")
@click.option("--limit", default=10, show_default=True, help="How many hits.")
@_index_option
def search(
    query: str,
    as_json: bool,
    tags: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    sort: str,
    limit: int,
    index_dir: Path | None,
) -> None:
    """Search the archive from the terminal."""
    from search.serialize import result_to_json

    try:
        request = request_from_mapping(
            {"q": query, "tag": list(tags), "from": date_from, "to": date_to, "sort": sort,
             "per_page": limit}
        )
    except ParamError as exc:
        raise click.ClickException(str(exc)) from None
    result = _open_archive(index_dir).search(request)
    if as_json:
        click.echo(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
        return
    for note in result.ignored:
        _warn(f"note: ignored {note}")
    click.echo(f"{result.total} results ({result.took_ms:.1f} ms)")
    for hit in result.hits:
        date = hit.published.date().isoformat() if hit.published else "undated"
        click.echo(f"- {hit.title}  [{date}] {hit.url}")
    if result.suggestion:
        click.echo(f"did you mean: {result.suggestion}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), show_default="$PORT or 8000")
@click.option("--workers", default=2, show_default=True)
@_index_option
def serve(host: str, port: int, workers: int, index_dir: Path | None) -> None:
    """Run the web app under gunicorn (workers share one preloaded Kiwi)."""
    os.environ["NEWSARCHIVE_INDEX"] = str(_root(index_dir).resolve())
    args = [
        sys.executable, "-m", "gunicorn", "--preload", "--workers", str(workers),
        "--bind", f"{host}:{port}", "--access-logfile", "-", "web:create_app()",
    ]
    os.execv(sys.executable, args)


@main.command()
@_index_option
def status(index_dir: Path | None) -> None:
    """Documents, index generation, last update and size."""
    archive = _open_archive(index_dir)
    stats = archive.stats()
    click.echo(f"index:         {_root(index_dir)}")
    click.echo(f"documents:     {stats.documents}")
    click.echo(f"generation:    {stats.generation}")
    click.echo(f"analyzer:      {stats.analyzer}")
    click.echo(f"last modified: {stats.last_modified.isoformat() if stats.last_modified else 'never'}")
    click.echo(f"size:          {directory_size(_root(index_dir)) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
