"""The command line: a thin skin over storyweave.api, one command per public function."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from . import api
from .config import Settings
from .errors import StoryweaveError
from .version import __version__

__all__ = ["main", "cli"]

_STORE_HELP = (
    "Store: a SQLite file (created if missing) or a PostgreSQL database, "
    "postgresql://USER@HOST/DBNAME (its tables are created if missing)."
)
_DB = click.option(
    "--db",
    default=api.DEFAULT_DB,
    show_default=True,
    envvar="STORYWEAVE_DB",
    show_envvar=True,
    metavar="FILE|URL",
    help=_STORE_HELP,
)
_META = [
    click.option(
        "--published",
        help="Publication date (YYYY-MM-DD, or YYYY-MM / YYYY when only that is known) for "
        "files that lack one.",
    ),
    click.option("--source", help="Source (outlet) name for files that lack one."),
    click.option("--processes", type=int, help="Analysis processes (default: one per core)."),
    click.option(
        "--kb",
        type=click.Path(exists=True, dir_okay=False),
        help="Knowledge base (from `storyweave kb build`) for matching names.",
    ),
]


def _meta(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_META):
        f = option(f)
    return f


class _Progress:
    """A tqdm bar on a terminal; silent when stderr is piped."""

    def __init__(self, label: str, unit: str = "article"):
        self.label = label
        self.unit = unit
        self.bar: Any = None
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.label, unit=self.unit, file=sys.stderr)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _summary(report: api.AddReport) -> None:
    click.echo(
        f"{len(report.added)} added, {len(report.present)} already present, "
        f"{len(report.failed)} failed",
        err=True,
    )
    if report.unsupported:
        click.echo(
            f"{len(report.unsupported)} stored but not analyzed (language not covered): "
            + ", ".join(report.unsupported),
            err=True,
        )
    for _file, reason in report.failed:
        click.echo(f"  failed: {reason}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyweave")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True),
    help="Settings file overriding the shipped settings.cfg key by key.",
)
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """storyweave: many news articles about the same events -> one reconciled dossier per
    story (who, when, what each source says, what looks wrong)."""
    ctx.obj = Settings.load(config)  # read once, here: a bad file fails before any work


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_DB
@_meta
@click.pass_obj
def add(settings: Settings, paths: tuple[str, ...], db: str, published: str | None,
        source: str | None, processes: int | None, kb: str | None) -> None:  # fmt: skip
    """Ingest and analyze files or folders (text, HTML, feeds, WARC/ARC, JSONL) into the store."""
    progress = _Progress("analyzing")
    stories = _Progress("reconciling", unit="story")
    try:
        report = api.add(
            list(paths), db, published=published, source=source, processes=processes,
            progress=progress, kb=kb, story_progress=stories, settings=settings,
        )  # fmt: skip
    finally:
        progress.close()
        stories.close()
    _summary(report)
    sys.exit(0 if report.ok else 1)


@cli.command()
@_DB
def articles(db: str) -> None:
    """List the stored articles."""
    rows = api.articles(db)
    for a in rows:
        published = (a.published or "-") + ("~" if a.published_inferred else "")
        click.echo(
            f"{a.id}  {published:<11}  {a.language or '?':<2}  {a.source or '-'}  "
            f"{a.title or '(untitled)'}  [{a.file}]"
        )
    click.echo(f"{len(rows)} articles", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--db",
    envvar="STORYWEAVE_DB",
    show_envvar=True,
    metavar="FILE|URL",
    help=_STORE_HELP + " Default: a temporary SQLite file.",
)
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json",
              show_default=True, help="Output format.")  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout)."
)
@_meta
@click.pass_obj
def dossier(settings: Settings, paths: tuple[str, ...], db: str | None, fmt: str,
            output: str | None, published: str | None, source: str | None,
            processes: int | None, kb: str | None) -> None:  # fmt: skip
    """Ingest PATHS and write the dossier of those articles."""
    progress = _Progress("analyzing")
    stories = _Progress("reconciling", unit="story")
    try:
        text, report = api.dossier(
            list(paths), db, format=fmt, output=output, published=published, source=source,
            processes=processes, progress=progress, kb=kb, story_progress=stories,
            settings=settings,
        )  # fmt: skip
    finally:
        progress.close()
        stories.close()
    if not output:
        sys.stdout.write(text)
    _summary(report)
    sys.exit(0 if report.ok else 1)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Output folder (local, or a URI Spark writes to).")
@click.option("--master", default="local[*]", show_default=True,
              help="Spark master: local[N], spark://HOST:PORT, yarn, k8s://...")  # fmt: skip
@click.option("--db", help="Also load everything into this store (as `add` would leave it).")
@click.option(
    "--published",
    help="Publication date (YYYY-MM-DD, or YYYY-MM / YYYY) for files that lack one.",
)
@click.option("--source", help="Source (outlet) name for files that lack one.")
@click.option("--kb", type=click.Path(exists=True, dir_okay=False),
              help="Knowledge base (from `storyweave kb build`) for matching names.")  # fmt: skip
@click.pass_obj
def batch(settings: Settings, inputs: tuple[str, ...], out: str, master: str, db: str | None,
          published: str | None, source: str | None, kb: str | None) -> None:  # fmt: skip
    """Run the whole pipeline on Spark over INPUTS (files, folders, globs, WARC shards; local or
    s3a://, hdfs://...): Parquet, stories and dossiers under --out; resumable."""
    report = api.batch(
        list(inputs), out, master=master, db=db, published=published, source=source, kb=kb,
        settings=settings, log=lambda text: click.echo(text, err=True),
    )  # fmt: skip
    click.echo(
        f"{report.articles} articles ({report.analyzed} analyzed now, "
        f"{report.rounds_skipped} of {report.rounds} rounds done before), "
        f"{report.unsupported} not analyzed (language), {report.copies} copies, "
        f"{report.stories} stories in {report.windows} windows, "
        f"{report.storylines} storylines, {len(report.failed)} failed",
        err=True,
    )
    for _file, reason in report.failed:
        click.echo(f"  failed: {reason}", err=True)
    click.echo(f"output in {out}", err=True)
    sys.exit(0 if report.ok else 1)


@cli.command()
@_DB
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--token", envvar="STORYWEAVE_TOKEN", default=None,
              help="The token adding articles needs (better set as STORYWEAVE_TOKEN, out of the "
              "process list). Required beyond loopback unless --read-only.")  # fmt: skip
@click.option("--private", is_flag=True, help="Every page and API call needs the token.")
@click.option("--read-only", "read_only", is_flag=True,
              help="No way to add articles at all: a public mirror of the store.")  # fmt: skip
@click.option("--ssl-certfile", type=click.Path(exists=True, dir_okay=False),
              help="Serve HTTPS with this certificate (PEM).")  # fmt: skip
@click.option("--ssl-keyfile", type=click.Path(exists=True, dir_okay=False),
              help="The certificate's private key (PEM).")  # fmt: skip
@click.pass_obj
def serve(settings: Settings, db: str, host: str, port: int, token: str | None, private: bool,
          read_only: bool, ssl_certfile: str | None, ssl_keyfile: str | None) -> None:  # fmt: skip
    """Serve the web app and the HTTP API over the store."""
    from .web import plain_http_beyond_loopback

    if plain_http_beyond_loopback(host, ssl_certfile):
        readers = "only holders of the token" if private else "anyone who can reach this machine"
        click.echo(f"warning: listening on {host}, not loopback: {readers} can read the store",
                   err=True)  # fmt: skip
        if token:
            click.echo(
                "warning: plain HTTP: the token and the session cookie cross the network "
                "unencrypted; serve behind a TLS proxy or pass --ssl-certfile/--ssl-keyfile",
                err=True,
            )
    api.serve(db, host=host, port=port, settings=settings, token=token, private=private,
              read_only=read_only, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)  # fmt: skip


@cli.group()
def kb() -> None:
    """Knowledge bases of people and organizations (labels and aliases in several languages)."""


@kb.command("build")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The knowledge base file to write (JSONL).")  # fmt: skip
@click.option("--languages", default="en,zh,ru,ar,fr,de,es", show_default=True,
              help="Comma-separated languages whose labels and aliases are kept.")  # fmt: skip
def kb_build(dump: str, output: str, languages: str) -> None:
    """Stream a Wikidata JSON dump (plain, .gz or .bz2) into a knowledge base of people and
    organizations."""
    count = api.kb_build(dump, output, languages=languages.split(","), progress=sys.stderr.isatty())
    click.echo(f"{count} entities written to {output}", err=True)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except StoryweaveError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
