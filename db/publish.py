"""Publish the database with Datasette: read-only, with clinicwatch's metadata and templates."""

from __future__ import annotations

from pathlib import Path

import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from db.atom_feed import serve_empty_atom_feeds

DB_DIR = Path(__file__).parent
METADATA_PATH = DB_DIR / "metadata.yml"
TEMPLATES_DIR = DB_DIR / "templates"
PLUGINS_DIR = DB_DIR / "plugins"
DATABASE_NAME = "clinicwatch"
SETTINGS = {
    "suggest_facets": False,  # ~90% of a table page's time, measured; facets are configured
    "allow_download": True,  # the .db file itself, for researchers
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 5000,
}


def drop_unused_markdown_plugin() -> None:
    """datasette-render-markdown comes with datasette-dashboards (whose markdown charts we do not
    use) and reads plugin settings for every string cell of every page: half the evidence
    page's time, measured. No column here is markdown."""
    if pm.has_plugin("render_markdown"):
        pm.unregister(name="render_markdown")


def load_metadata() -> dict:
    return yaml.safe_load(METADATA_PATH.read_text())


def build_datasette(db_path: Path, immutable: bool = True) -> Datasette:
    """The app `clinicwatch serve` runs; immutable means SQL writes are impossible.

    The database is published as `clinicwatch` whatever the file is called, so URLs, canned
    queries, templates and dashboards stay the same from one file to the next.
    """
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    drop_unused_markdown_plugin()
    kwargs = {"immutables": [str(db_path)]} if immutable else {"files": [str(db_path)]}
    datasette = Datasette(
        metadata=load_metadata(),
        template_dir=str(TEMPLATES_DIR),
        plugins_dir=str(PLUGINS_DIR),
        settings=SETTINGS,
        **kwargs,
    )
    (name,) = [name for name in datasette.databases if name != "_internal"]
    if name != DATABASE_NAME:
        database = datasette.databases[name]
        datasette.remove_database(name)
        datasette.add_database(database, name=DATABASE_NAME)
    serve_empty_atom_feeds(datasette)
    return datasette
