"""Every command has help and an example; bad input is one clear line, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from crawler.cli import cli

COMMANDS = ["crawl", "classify", "evaluate", "serve", "demo", "train", "schedule", "ingest"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "clinicwatch" in result.output.split("Example:", 1)[1]


def test_crawl_rejects_a_seed_file_without_url_column(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("name\nA\n")
    result = CliRunner().invoke(cli, ["crawl", str(seeds), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "no 'url' column" in result.output
    assert "Traceback" not in result.output


def test_crawl_rejects_a_seed_file_without_usable_rows(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("url\nftp://nope/\n")
    result = CliRunner().invoke(cli, ["crawl", str(seeds), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "no usable seed rows" in result.output


def test_crawl_settings_must_be_key_value(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("url\nhttps://clinic.example/\n")
    result = CliRunner().invoke(
        cli, ["crawl", str(seeds), "--db", str(tmp_path / "x.db"), "-s", "NOPE"]
    )
    assert result.exit_code == 2
    assert "expected KEY=VALUE" in result.output


def test_serve_needs_an_existing_database(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_crawl_needs_a_database_or_a_redis_queue_not_both(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("url\nhttps://clinic.example/\n")
    alone = CliRunner().invoke(cli, ["crawl", str(seeds)])
    assert alone.exit_code == 2
    assert "--db" in alone.output
    both = ["crawl", str(seeds), "--db", "x.db", "--redis-url", "redis://127.0.0.1:1/0"]
    result = CliRunner().invoke(cli, both)
    assert result.exit_code == 2
    assert "clinicwatch ingest" in result.output


def test_a_worker_says_so_in_one_line_when_redis_is_unreachable(tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("url\nhttps://clinic.example/\n")
    result = CliRunner().invoke(cli, ["crawl", str(seeds), "--redis-url", "redis://127.0.0.1:1/0"])
    assert result.exit_code == 1
    assert "cannot use Redis at redis://127.0.0.1:1/0" in result.output
    assert "Traceback" not in result.output
