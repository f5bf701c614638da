"""Publish the database with Datasette: read-only, with clinicwatch's metadata and templates."""

from __future__ import annotations

from pathlib import Path

import yaml
from datasette.app import Datasette

DB_DIR = Path(__file__).parent
METADATA_PATH = DB_DIR / "metadata.yml"
TEMPLATES_DIR = DB_DIR / "templates"
PLUGINS_DIR = DB_DIR / "plugins"
METADATA_DATABASE = "clinicwatch"
SETTINGS = {
    "suggest_facets": False,  # ~90% of a table page's time, measured; facets are configured
    "allow_download": True,  # the .db file itself, for researchers
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 5000,
}


def metadata_for(db_path: Path) -> dict:
    """metadata.yml, with its database section under the name Datasette gives `db_path`."""
    metadata = yaml.safe_load(METADATA_PATH.read_text())
    databases = metadata.get("databases", {})
    if METADATA_DATABASE in databases and db_path.stem != METADATA_DATABASE:
        databases[db_path.stem] = databases.pop(METADATA_DATABASE)
        metadata["description_html"] = metadata.get("description_html", "").replace(
            f"/{METADATA_DATABASE}/", f"/{db_path.stem}/"
        )
    return metadata


def build_datasette(db_path: Path, immutable: bool = True) -> Datasette:
    """The app `clinicwatch serve` runs; immutable means SQL writes are impossible."""
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    kwargs = {"immutables": [str(db_path)]} if immutable else {"files": [str(db_path)]}
    return Datasette(
        metadata=metadata_for(db_path),
        template_dir=str(TEMPLATES_DIR) if TEMPLATES_DIR.exists() else None,
        plugins_dir=str(PLUGINS_DIR) if PLUGINS_DIR.exists() else None,
        settings=SETTINGS,
        **kwargs,
    )
