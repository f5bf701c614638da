"""`clinicwatch classify`: the JSON Lines contract other tools rely on."""

from __future__ import annotations

import json

from click.testing import CliRunner

from crawler.cli import cli


def run_classify(lines: list[str]) -> list[dict]:
    result = CliRunner().invoke(cli, ["classify"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_one_output_line_per_input_line_in_order():
    outputs = run_classify(
        [
            json.dumps({"id": "a", "text": "Our stem cells are FDA exempt.", "source": "x"}),
            json.dumps({"id": 2, "text": "Call us to book a visit."}),
            json.dumps({"id": "c", "text": "Stem cell therapy regrows damaged discs."}),
        ]
    )
    assert [output["id"] for output in outputs] == ["a", 2, "c"]
    assert [output["flagged"] for output in outputs] == [True, False, True]


def test_output_has_exactly_the_contract_keys():
    (output,) = run_classify([json.dumps({"id": "a", "text": "Our stem cells are FDA exempt."})])
    assert set(output) == {"id", "flagged", "labels", "claims"}
    assert "regulatory_exempt" in output["labels"]
    assert "stem_cell_therapy" in output["labels"]
    claim = output["claims"][0]
    assert set(claim) == {"text", "start", "end", "labels", "rules", "score"}
    assert claim["text"] == "Our stem cells are FDA exempt."
    assert (claim["start"], claim["end"]) == (0, 30)
    assert claim["rules"]


def test_bad_lines_get_an_error_object_and_the_run_goes_on():
    outputs = run_classify(
        [
            "this is not json",
            json.dumps({"id": "no-text"}),
            json.dumps(["a", "list"]),
            "",
            json.dumps({"id": "ok", "text": "No side effects with our stem cells!"}),
        ]
    )
    assert len(outputs) == 5
    assert outputs[0]["id"] is None
    assert "not valid JSON" in outputs[0]["error"]
    assert outputs[1] == {"id": "no-text", "error": "line 2: no 'text' string"}
    assert "error" in outputs[2]
    assert "error" in outputs[3]
    assert outputs[4]["flagged"] is True


def test_lines_of_one_group_are_read_as_one_document():
    outputs = run_classify(
        [
            json.dumps({"id": 1, "text": "Stem cell therapy at our clinic.", "group": "g"}),
            json.dumps({"id": 2, "text": "Recovery takes a few days.", "group": "g"}),
            json.dumps({"id": 3, "text": "Recovery takes a few days."}),
        ]
    )
    assert "stem_cell_therapy" in outputs[1]["labels"]
    assert outputs[2]["labels"] == []


def test_input_and_output_files(tmp_path):
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "x", "text": "Our cells are FDA approved."}) + "\n")
    result = CliRunner().invoke(cli, ["classify", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["flagged"] is True


def test_binary_input_gets_errors_not_a_crash(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xff\xfe\x00garbage\n\x89PNG\r\n")
    result = CliRunner().invoke(cli, ["classify", "--input", str(source)])
    assert result.exit_code == 0
    assert all("error" in json.loads(line) for line in result.output.splitlines())


def test_unreadable_input_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["classify", "--input", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0
    assert "No such file" in result.output


def test_short_lines_after_a_conditions_we_treat_line_are_its_list():
    page = [
        "Our clinic offers stem cell injections from your own bone marrow.",
        "Conditions We Treat",
        "Bulging discs (L4-L5)",
        "Pinched nerves in the low back",
        "We also run a monthly free seminar for new patients.",
        "Torn discs (L5-S1)",
    ]
    outputs = run_classify(
        [json.dumps({"id": i, "text": text, "group": "clinic"}) for i, text in enumerate(page)]
    )
    rules = [{rule for claim in output["claims"] for rule in claim["rules"]} for output in outputs]
    assert "listed-under-treatment-heading+condition" in rules[2]
    assert "listed-under-treatment-heading+condition" in rules[3]
    assert "listed-under-treatment-heading+condition" not in rules[5]  # a sentence ended the list
    assert not outputs[1]["flagged"]
