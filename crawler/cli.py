"""The `clinicwatch` command line: parses, wires the layers together, reports."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from crawler.seeds import SeedFileError, read_seeds


def _settings_pairs(_context, _parameter, values: tuple[str, ...]) -> dict[str, str]:
    """The -s KEY=VALUE options as a dict (a click callback)."""
    pairs = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", param_hint="-s")
        pairs[key.strip()] = setting
    return pairs


@click.group()
@click.version_option(package_name="clinicwatch")
def cli() -> None:
    """Find clinics that market unapproved stem-cell treatments for back pain, with evidence."""


EXISTING_DB_OPTION = click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The clinicwatch SQLite database.",
)
WRITTEN_DB_OPTION = click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database to write (created if missing).",
)
ALLOW_PRIVATE_OPTION = click.option(
    "--allow-private",
    is_flag=True,
    help="Crawl seeds and redirects on private, loopback or link-local addresses.",
)


def settings_option(help: str):
    return click.option(
        "-s",
        "--set",
        "settings",
        multiple=True,
        metavar="KEY=VALUE",
        callback=_settings_pairs,
        help=help,
    )


def _log_info() -> None:
    import logging

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s"
    )


def _echo_run(run: dict, db_path: Path) -> None:
    click.echo(
        f"run {run['id']} {run['status']}: {run['clinics']} clinics, {run['pages']} pages, "
        f"{run['fetch_errors']} fetch errors, {run['flagged_clinics']} flagged clinics in {db_path}"
    )


REDIS_PREFIX_OPTION = click.option(
    "--redis-prefix",
    default="clinicwatch",
    show_default=True,
    help="Key prefix of the distributed crawl in Redis (one crawl at a time per prefix).",
)


@cli.command()
@click.argument("seeds", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database to write (created if missing); required unless --redis-url.",
)
@click.option(
    "--redis-url",
    metavar="URL",
    help="Crawl as one worker of a distributed crawl: requests come from and go to this "
    "Redis, items go to it for `clinicwatch ingest`; no --db.",
)
@REDIS_PREFIX_OPTION
@ALLOW_PRIVATE_OPTION
@click.option(
    "--resume",
    "resume_run",
    type=int,
    metavar="RUN_ID",
    help="Continue an interrupted run without fetching what it already stored.",
)
@settings_option("Override a Scrapy setting, as `scrapy crawl -s` does (repeatable).")
def crawl(
    seeds: Path | None,
    db_path: Path | None,
    redis_url: str | None,
    redis_prefix: str,
    allow_private: bool,
    resume_run: int | None,
    settings: dict[str, str],
) -> None:
    """Crawl every clinic site of a seed list into the database.

    SEEDS is a CSV file with a header naming at least `url` (optionally `name`, `state`).
    Bad rows are reported and skipped. With --resume, SEEDS defaults to the run's own list.

    With --redis-url the process is one worker of a distributed crawl: start as many as you
    like, on any machines, with the same seed list; they seed the shared queue once, split the
    sites, and exit once the crawl has been quiet for CLINICWATCH_IDLE_EXIT seconds.

    Example: clinicwatch crawl seeds.csv --db clinicwatch.db -s CLINICWATCH_PAGE_BUDGET=30
    """
    from crawler.runner import run_crawl
    from db.runs import UnknownRun

    overrides = settings
    if redis_url:
        if db_path is not None or resume_run is not None:
            raise click.UsageError(
                "a worker (--redis-url) never writes the database: give --db to "
                "`clinicwatch ingest`; an interrupted distributed run carries on by itself"
            )
        _crawl_as_worker(seeds, redis_url, redis_prefix, allow_private, overrides)
        return
    if db_path is None:
        raise click.UsageError("give --db PATH (or --redis-url URL to crawl as a worker)")
    if seeds is None:
        seeds = _seeds_of_run(db_path, resume_run)
    try:
        good, problems = read_seeds(seeds)
    except SeedFileError as error:
        raise click.ClickException(str(error)) from error
    for problem in problems:
        click.echo(f"seed row {problem.row} skipped: {problem.reason}", err=True)
    if not good:
        raise click.ClickException(f"{seeds}: no usable seed rows")
    try:
        run = run_crawl(
            seeds, db_path, [seed.site for seed in good], allow_private, overrides, resume_run
        )
    except UnknownRun as error:
        raise click.ClickException(str(error)) from error
    _echo_run(run, db_path)
    if run["status"] != "complete":
        sys.exit(1)


def _crawl_as_worker(
    seeds: Path | None, redis_url: str, prefix: str, allow_private: bool, overrides: dict
) -> None:
    from redis.exceptions import RedisError

    from crawler.distributed import RedisCrawl, SeedListConflict
    from crawler.runner import run_worker
    from pipelines.archive import sha256_file

    if seeds is None:
        raise click.UsageError("a worker needs SEEDS, the same seed list as the other workers")
    try:
        good, _ = read_seeds(seeds)
        RedisCrawl.from_url(redis_url, prefix).check_seed_list(sha256_file(seeds))
    except (SeedFileError, SeedListConflict) as error:
        raise click.ClickException(str(error)) from error
    except (RedisError, ValueError) as error:
        raise click.ClickException(f"cannot use Redis at {redis_url}: {error}") from error
    if not good:
        raise click.ClickException(f"{seeds}: no usable seed rows")
    done = run_worker(seeds, redis_url, prefix, allow_private, overrides)
    click.echo(
        f"worker {done['worker']} {done['finish_reason']}: {done['requests']} requests, "
        f"{done['items']} items pushed, {done['requeued']} requests of dead workers requeued"
    )
    if done["finish_reason"] != "finished":
        sys.exit(1)


def _seeds_of_run(db_path: Path, run_id: int | None) -> Path:
    if run_id is None:
        raise click.UsageError("give SEEDS, or --resume RUN_ID to continue a run")
    from db.store import ClinicStore

    if not db_path.exists():
        raise click.ClickException(f"no database at {db_path}")
    store = ClinicStore.open(db_path)
    try:
        run = store.get_run(run_id)
    finally:
        store.close()
    if run is None:
        raise click.ClickException(f"no crawl run {run_id} in {db_path}")
    return Path(run["seeds_path"])


@cli.command()
@click.argument("seeds", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@WRITTEN_DB_OPTION
@click.option(
    "--cron",
    metavar="EXPRESSION",
    help='When to crawl, as a crontab line\'s five fields in local time, e.g. "0 3 * * 1".',
)
@click.option("--once", is_flag=True, help="Run one crawl now and exit (for cron, systemd, CI).")
@ALLOW_PRIVATE_OPTION
@settings_option("Override a Scrapy setting for every run (repeatable).")
def schedule(
    seeds: Path,
    db_path: Path,
    cron: str | None,
    once: bool,
    allow_private: bool,
    settings: dict[str, str],
) -> None:
    """Crawl a seed list on a cron schedule, in the foreground, one run at a time.

    Each run is `clinicwatch crawl` (incremental: unchanged pages are neither classified nor
    stored again), under a lock beside the database: a run still going when the next is due is
    not started twice, and a lock left by a crashed run is taken over. After each run its report
    is written beside the database (clinicwatch.db: clinicwatch-reports/run-000012.md). With
    --once, run one crawl and exit (status 75 if a crawl of the database is still going).

    Example: clinicwatch schedule seeds.csv --db clinicwatch.db --cron "0 3 * * 1"
    """
    from crawler.schedule import ScheduledCrawl, build_scheduler, next_run

    _log_info()
    options = ["--allow-private"] if allow_private else []
    options += [part for key, value in settings.items() for part in ("-s", f"{key}={value}")]
    job = ScheduledCrawl(seeds, db_path, tuple(options))
    if once:
        sys.exit(job.run_once())
    if not cron:
        raise click.UsageError('give --cron "MIN HOUR DAY MONTH WEEKDAY", or --once')
    try:
        scheduler = build_scheduler(job, cron)
        click.echo(
            f"clinicwatch schedule: next run at {next_run(cron):%Y-%m-%d %H:%M %Z} (Ctrl-C stops)"
        )
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--cron") from error
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("clinicwatch schedule: stopped")


@cli.command()
@click.option("--redis-url", required=True, metavar="URL", help="The workers' Redis.")
@WRITTEN_DB_OPTION
@REDIS_PREFIX_OPTION
@click.option("--keep-going", is_flag=True, help="Write run after run; never exit by itself.")
@click.option("--batch", default=64, show_default=True, help="Items taken from Redis at once.")
def ingest(redis_url: str, db_path: Path, redis_prefix: str, keep_going: bool, batch: int) -> None:
    """Write a distributed crawl into the database: the one writer for all workers.

    Opens the run when a worker starts it, writes every page, unchanged page and failed fetch
    the workers push to Redis, and closes the run once it is over (seeded, nothing queued or
    held, every worker gone), with coverage, alerts, and what the database holds for the next
    run's conditional requests. Exits then, unless --keep-going.

    Example: clinicwatch ingest --redis-url redis://10.0.0.5:6379/0 --db clinicwatch.db
    """
    from redis.exceptions import RedisError

    from crawler.distributed import RedisCrawl
    from crawler.ingest import Ingest, WriterBusy
    from crawler.settings import CLINICWATCH_WEBHOOK_URL
    from db.runs import UnknownRun

    _log_info()
    try:
        writer = Ingest(
            RedisCrawl.from_url(redis_url, redis_prefix), db_path, CLINICWATCH_WEBHOOK_URL, batch
        )
        runs = writer.run(keep_going=keep_going)
    except (WriterBusy, UnknownRun) as error:
        raise click.ClickException(str(error)) from error
    except (RedisError, ValueError) as error:
        raise click.ClickException(f"cannot use Redis at {redis_url}: {error}") from error
    for run in runs:
        _echo_run(run, db_path)


@cli.command()
@click.option(
    "--input",
    "input_file",
    type=click.File("rb"),
    default="-",
    help="JSON Lines to read (default: standard input).",
)
@click.option(
    "--output",
    "output_file",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="JSON Lines to write (default: standard output).",
)
def classify(input_file, output_file) -> None:
    """Label sentences: one {"id", "text"} object per line in, one result per line out.

    Lines that share a "group" value and follow each other are read as one document.

    Example: echo '{"id": 1, "text": "Our stem cells are FDA exempt."}' | clinicwatch classify
    """
    from classifiers.classifier import ClaimClassifier
    from classifiers.contract import classify_lines

    classifier = ClaimClassifier.load()
    lines = (raw.decode("utf-8", errors="replace") for raw in input_file)
    for result in classify_lines(classifier, lines):
        output_file.write(json.dumps(result, ensure_ascii=False) + "\n")
        output_file.flush()


@cli.command()
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--errors", is_flag=True, help="Also print every misclassified sentence.")
def evaluate(labelled: Path, errors: bool) -> None:
    """Precision, recall and F1 against labelled sentences ({"text", "labels", "flag"}).

    Example: clinicwatch evaluate ../shared/data/claims_dev.jsonl --errors
    """
    from classifiers.classifier import ClaimClassifier
    from classifiers.evaluate import evaluate as run_evaluation
    from classifiers.evaluate import report_lines

    records = []
    with labelled.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise click.ClickException(
                    f"{labelled}:{number}: not JSON ({error.msg})"
                ) from error
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise click.ClickException(f"{labelled}:{number}: needs a 'text' string")
            records.append(record)
    result = run_evaluation(ClaimClassifier.load(), records)
    click.echo("\n".join(report_lines(result, show_errors=errors)))


@cli.command()
@EXISTING_DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path: Path, host: str, port: int) -> None:
    """Publish the database read-only with Datasette.

    Example: clinicwatch serve --db clinicwatch.db --port 8001
    """
    serve_datasette(db_path, host, port)


def serve_datasette(db_path: Path, host: str, port: int) -> None:
    import uvicorn

    from db.publish import build_datasette

    app = build_datasette(db_path).app()
    click.echo(f"clinicwatch: serving {db_path} read-only at http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.option(
    "--db",
    "db_path",
    default="clinicwatch.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option("--port", default=8001, show_default=True, type=int, help="Datasette port.")
@click.option("--no-serve", is_flag=True, help="Crawl and stop; do not start Datasette.")
def demo(db_path: Path, port: int, no_serve: bool) -> None:
    """Serve the bundled sample clinic sites on loopback, crawl them into a fresh database and
    publish it with Datasette. Works with no internet.

    Example: clinicwatch demo --port 8001
    """
    from crawler.site_server import serve_sites, write_seeds

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with serve_sites() as sites, tempfile.TemporaryDirectory() as scratch:
        seeds = write_seeds(sites, Path(scratch) / "seeds.csv")
        click.echo(f"clinicwatch demo: {len(sites)} sample clinic sites on {sites[0].base_url} …")
        command = [
            sys.executable,
            "-m",
            "crawler",
            "crawl",
            str(seeds),
            "--db",
            str(db_path),
            "--allow-private",
            # our own loopback server: no need to wait between requests
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "LOG_LEVEL=WARNING",
        ]
        finished = subprocess.run(command, check=False)
    if finished.returncode not in (0, 1) or not db_path.exists():
        raise click.ClickException("the demo crawl failed; see the log above")
    if not no_serve:
        serve_datasette(db_path, "127.0.0.1", port)


@cli.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the model (default: the one shipped in classifiers/model).",
)
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds.")
@click.option("--epochs", default=12, show_default=True)
def train(output: Path | None, folds: int, epochs: int) -> None:
    """Train the textcat model on the training corpus and tune how it joins the rules.

    Example: clinicwatch train --folds 5
    """
    from classifiers.classifier import DEFAULT_MODEL_DIR, ClaimClassifier
    from classifiers.training.train import (
        TrainingConfig,
        choose_thresholds,
        cross_validated_scores,
        held_out_scores,
        read_corpus,
        save_model,
        train_model,
    )

    config = TrainingConfig(epochs=epochs, folds=folds)
    records = read_corpus()
    click.echo(f"{len(records)} training sentences; {folds}-fold cross-validation …")
    scores = held_out_scores(records, config, log=click.echo)
    rules = ClaimClassifier.load(model_dir=None)
    thresholds = choose_thresholds(rules, records, scores)
    summary = cross_validated_scores(rules, records, scores, thresholds)
    click.echo(f"model-only thresholds: {thresholds['model_only']}")
    click.echo(f"cross-validated flag: {summary['flag']}")
    model = train_model(records, config, log=click.echo)
    target = output or DEFAULT_MODEL_DIR
    meta = save_model(model, target, config, thresholds, summary, records)
    click.echo(f"model {meta['version']} written to {target}")


@cli.command()
@EXISTING_DB_OPTION
@click.option("--run", "run", default="latest", show_default=True, help="A run id, or latest.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
)
def report(db_path: Path, run: str, output_format: str) -> None:
    """What a crawl run found: clinics crawled or failed, new flags, removed claims, coverage.

    Example: clinicwatch report --db clinicwatch.db --run latest --format md
    """
    from crawler.report import render_html, render_json, render_markdown
    from db.history import latest_run
    from db.report import run_report
    from db.store import ClinicStore

    store = ClinicStore.open(db_path)
    try:
        run_id = latest_run(store.db) if run == "latest" else _run_id(run)
        if run_id is None or not store.db["crawl_runs"].count_where("id = ?", [run_id]):
            raise click.ClickException(f"no crawl run {run} in {db_path}")
        data = run_report(store.db, run_id)
    finally:
        store.close()
    render = {"md": render_markdown, "html": render_html, "json": render_json}[output_format]
    click.echo(render(data), nl=False)


def _run_id(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a run id or 'latest'") from error


@cli.command()
@EXISTING_DB_OPTION
def verify(db_path: Path) -> None:
    """Re-hash the evidence archive against its manifests and the database.

    Exits 1 and lists every mismatch when a WARC file or record was changed or lost.

    Example: clinicwatch verify --db clinicwatch.db
    """
    from crawler.evidence import verify_archive

    checked, problems = verify_archive(db_path)
    for problem in problems:
        click.echo(f"MISMATCH {problem.where}: {problem.what}")
    click.echo(f"verified {checked} archive files and records: {len(problems)} problem(s)")
    if problems:
        sys.exit(1)


@cli.command()
@click.argument("clinic_id")
@EXISTING_DB_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Bundle directory (default: evidence-CLINIC_ID).",
)
def evidence(clinic_id: str, db_path: Path, out_dir: Path | None) -> None:
    """Export a self-contained evidence bundle for one clinic, and check it replays.

    The bundle holds the flagged sentences (claims.csv, claims.json) with labels, rules, page
    URLs, fetch times and hashes, the archived pages (pages.warc.gz), and summary.md.

    Example: clinicwatch evidence clinic.example.com --db clinicwatch.db --out bundle/
    """
    from classifiers.classifier import ClaimClassifier
    from crawler.evidence import export_bundle, replay_bundle
    from db.store import ClinicStore

    store = ClinicStore.open(db_path)
    try:
        known = store.db["clinics"].count_where("id = ?", [clinic_id])
    finally:
        store.close()
    if not known:
        raise click.ClickException(f"no clinic {clinic_id!r} in {db_path}")
    classifier = ClaimClassifier.load()
    target = out_dir or Path(f"evidence-{clinic_id.replace(':', '_')}")
    meta = export_bundle(db_path, clinic_id, target, classifier.version)
    problems = replay_bundle(target, classifier)
    for problem in problems:
        click.echo(f"REPLAY {problem.where}: {problem.what}", err=True)
    click.echo(
        f"{meta['flagged_sentences']} flagged sentences, {meta['archived_pages']} archived pages "
        f"in {target}; replay {'reproduces every flag' if not problems else 'DIFFERS'}"
    )
    if problems:
        sys.exit(1)


@cli.command()
@click.argument("url")
@EXISTING_DB_OPTION
def diff(url: str, db_path: Path) -> None:
    """The text diff between the last two stored versions of a page.

    Example: clinicwatch diff https://clinic.example/stem-cells --db clinicwatch.db
    """
    import difflib

    from db.history import page_versions
    from db.store import ClinicStore

    store = ClinicStore.open(db_path)
    try:
        versions = page_versions(store.db, url)
    finally:
        store.close()
    if len(versions) < 2:
        raise click.ClickException(f"{url} has {len(versions)} stored version(s); nothing to diff")
    old, new = versions[-2], versions[-1]
    lines = difflib.unified_diff(
        old["text"].split("\n\n"), new["text"].split("\n\n"),
        f"{url} @ {old['fetched_at']}", f"{url} @ {new['fetched_at']}", lineterm="",
    )  # fmt: skip
    click.echo("\n".join(lines))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
