"""Evidence and claim history across runs: WARC archive, verify, bundles, removals, alerts."""

from __future__ import annotations

import json
import shutil
import threading
import typing
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner
from sqlite_utils import Database
from warcio.archiveiterator import ArchiveIterator

from classifiers.classifier import ClaimClassifier
from crawler.cli import cli
from crawler.evidence import export_bundle, replay_bundle, verify_archive
from crawler.site_server import SAMPLE_SITES_DIR, free_port, serve_sites
from pipelines.archive import archive_dir
from tests.crawl_helpers import run_crawl

SLUG = "kestrel-hill-joint-and-spine"
ADDED = "Our stem cell injections are FDA exempt and regrow damaged discs."


class WebhookReceiver(BaseHTTPRequestHandler):
    received: typing.ClassVar[list] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        WebhookReceiver.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Three runs of one site: as bundled, with a claim added, with the claim gone again;
    then a fourth run while the site is down."""
    folder = tmp_path_factory.mktemp("history")
    db_path = folder / "history.db"
    index = (SAMPLE_SITES_DIR / SLUG / "index.html").read_text()
    added = folder / "v2"
    added.mkdir()
    (added / "index.html").write_text(index.replace("</h1>", f"</h1><p>{ADDED}</p>", 1))
    webhook = HTTPServer(("127.0.0.1", 0), WebhookReceiver)
    threading.Thread(target=webhook.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{webhook.server_port}/alerts"
    port = free_port()
    outputs = []
    for overlays, serve in (({}, True), ({SLUG: added}, True), ({}, True), ({}, False)):
        with serve_sites(port=port, overlays=overlays, only=[SLUG] if serve else []):
            seeds = folder / "seeds.csv"
            seeds.write_text(f"url,name\nhttp://127.0.0.2:{port}/,Kestrel Hill\n")
            finished = run_crawl(
                seeds, db_path, "--allow-private", "-s", f"CLINICWATCH_WEBHOOK_URL={hook}"
            )
            outputs.append(finished)
    webhook.shutdown()
    return {"db_path": db_path, "clinic_id": f"127.0.0.2:{port}", "outputs": outputs}


def claim_row(history):
    db = Database(history["db_path"])
    rows = list(db.query("select * from claims where sentence = ?", [ADDED]))
    assert len(rows) == 1
    return rows[0]


def test_a_claim_added_then_removed_keeps_its_dates_and_events(history):
    row = claim_row(history)
    assert (row["first_run_id"], row["last_run_id"]) == (2, 2)
    assert row["status"] == "removed"
    assert row["removed_run_id"] == 3
    events = Database(history["db_path"]).query(
        "select event, run_id from claim_events where claim_id = ? order by id", [row["id"]]
    )
    assert [(e["event"], e["run_id"]) for e in events] == [("added", 2), ("removed", 3)]


def test_a_site_that_is_down_marks_nothing_removed(history):
    db = Database(history["db_path"])
    assert history["outputs"][3].returncode in (0, 1)
    coverage = db["coverage"].get((4, history["clinic_id"]))
    assert coverage["status"] == "unreachable"
    removed_in_run_4 = db["claims"].count_where("removed_run_id = 4")
    assert removed_in_run_4 == 0
    active = db["claims"].count_where("clinic_id = ? and status = 'active'", [history["clinic_id"]])
    assert active > 0


def test_page_versions_grow_with_change_only(history):
    db = Database(history["db_path"])
    home = next(
        row["url"] for row in db.query("select url from pages where url like '%:%/' limit 1")
    )
    versions = [row["run_id"] for row in db.query(
        "select run_id from page_versions where url = ? order by id", [home]
    )]  # fmt: skip
    assert versions == [1, 2, 3]
    result = CliRunner().invoke(cli, ["diff", home, "--db", str(history["db_path"])])
    assert result.exit_code == 0
    assert f"-{ADDED}" in result.output


def test_every_version_is_archived_and_verifies(history):
    db_path = history["db_path"]
    checked, problems = verify_archive(db_path)
    assert problems == []
    assert checked > 10
    warcs = sorted(archive_dir(db_path).glob("*.warc.gz"))
    assert [w.name for w in warcs] == ["run-000001.warc.gz", "run-000002.warc.gz",
                                        "run-000003.warc.gz"]  # fmt: skip
    with warcs[0].open("rb") as handle:
        kinds = [record.rec_type for record in ArchiveIterator(handle)]
    assert kinds.count("response") == kinds.count("request") > 0


def test_verify_detects_a_tampered_warc(history, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(history["db_path"], copy)
    shutil.copytree(archive_dir(history["db_path"]), archive_dir(copy))
    warc = archive_dir(copy) / "run-000002.warc.gz"
    data = bytearray(warc.read_bytes())
    data[len(data) // 2] ^= 0xFF
    warc.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["verify", "--db", str(copy)])
    assert result.exit_code == 1
    assert "run-000002.warc.gz" in result.output
    assert "MISMATCH" in result.output


def test_the_evidence_bundle_replays_to_the_same_flags(history, tmp_path):
    classifier = ClaimClassifier.load()
    meta = export_bundle(
        history["db_path"], history["clinic_id"], tmp_path / "b", classifier.version
    )
    assert meta["flagged_sentences"] > 0
    assert meta["archived_pages"] > 0
    for name in ("claims.csv", "claims.json", "pages.warc.gz", "summary.md", "bundle.json"):
        assert (tmp_path / "b" / name).exists()
    claims = json.loads((tmp_path / "b" / "claims.json").read_text())
    assert all(row["rules"] and row["body_sha256"] and row["fetched_at"] for row in claims)
    assert replay_bundle(tmp_path / "b", classifier) == []
    result = CliRunner().invoke(
        cli, ["evidence", history["clinic_id"], "--db", str(history["db_path"]),
              "--out", str(tmp_path / "cli")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "reproduces every flag" in result.output


def test_reports_and_alerts_say_what_changed_at_claim_level(history):
    db_path = history["db_path"]
    result = CliRunner().invoke(
        cli, ["report", "--db", str(db_path), "--run", "3", "--format", "json"]
    )
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert [row["sentence"] for row in report["removed"]] == [ADDED]
    markdown = CliRunner().invoke(cli, ["report", "--db", str(db_path), "--run", "4"]).output
    assert "unreachable" in markdown
    feed = db_path.with_name(f"{db_path.stem}-alerts.atom").read_text()
    assert "claim removed" in feed
    assert "new regulatory_exempt" in feed
    kinds = [{alert["kind"] for alert in post["alerts"]} for post in WebhookReceiver.received]
    assert {"newly_flagged", "new_label"} <= kinds[0]
    assert "new_label" in kinds[1]
    assert kinds[2] == {"claim_removed"}
    assert len(WebhookReceiver.received) == 3  # run 4 changed nothing at claim level
