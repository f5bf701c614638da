"""The `clinicwatch` command line: parses, wires the layers together, reports."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from crawler.seeds import SeedFileError, read_seeds


def _settings_pairs(values: tuple[str, ...]) -> dict[str, str]:
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


@cli.command()
@click.argument("seeds", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database to write (created if missing).",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Crawl seeds and redirects on private, loopback or link-local addresses.",
)
@click.option(
    "--resume",
    "resume_run",
    type=int,
    metavar="RUN_ID",
    help="Continue an interrupted run without fetching what it already stored.",
)
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a Scrapy setting, as `scrapy crawl -s` does (repeatable).",
)
def crawl(
    seeds: Path | None,
    db_path: Path,
    allow_private: bool,
    resume_run: int | None,
    settings: tuple[str, ...],
) -> None:
    """Crawl every clinic site of a seed list into the database.

    SEEDS is a CSV file with a header naming at least `url` (optionally `name`, `state`).
    Bad rows are reported and skipped. With --resume, SEEDS defaults to the run's own list.

    Example: clinicwatch crawl seeds.csv --db clinicwatch.db -s CLINICWATCH_PAGE_BUDGET=30
    """
    from crawler.runner import run_crawl
    from db.runs import UnknownRun

    overrides = _settings_pairs(settings)
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
    click.echo(
        f"run {run['id']} {run['status']}: {run['clinics']} clinics, {run['pages']} pages, "
        f"{run['fetch_errors']} fetch errors, {run['flagged_clinics']} flagged clinics in {db_path}"
    )
    if run["status"] != "complete":
        sys.exit(1)


def _seeds_of_run(db_path: Path, run_id: int | None) -> Path:
    if run_id is None:
        raise click.UsageError("give SEEDS, or --resume RUN_ID to continue a run")
    from db.store import ClinicStore

    if not db_path.exists():
        raise click.ClickException(f"no database at {db_path}")
    store = ClinicStore.open(db_path)
    try:
        rows = list(store.db.query("select seeds_path from crawl_runs where id = ?", [run_id]))
    finally:
        store.close()
    if not rows:
        raise click.ClickException(f"no crawl run {run_id} in {db_path}")
    return Path(rows[0]["seeds_path"])


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
@click.option(
    "--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
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
        held_out_scores,
        read_corpus,
        save_model,
        train_model,
        tune_thresholds,
    )

    config = TrainingConfig(epochs=epochs, folds=folds)
    records = read_corpus()
    click.echo(f"{len(records)} training sentences; {folds}-fold cross-validation …")
    scores = held_out_scores(records, config, log=click.echo)
    thresholds, summary = tune_thresholds(ClaimClassifier.load(model_dir=None), records, scores)
    click.echo(f"cross-validated flag: {summary['flag']}")
    model = train_model(records, config, log=click.echo)
    target = output or DEFAULT_MODEL_DIR
    meta = save_model(model, target, config, thresholds, summary, records)
    click.echo(f"model {meta['version']} written to {target}")


@cli.command()
@click.option(
    "--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
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
@click.option(
    "--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
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
@click.option(
    "--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
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
@click.option(
    "--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
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
