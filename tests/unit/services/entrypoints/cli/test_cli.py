import json

from typer.testing import CliRunner

from services.entrypoints.cli import app

runner = CliRunner()


def test_the_command_lists_every_area_of_work():
    out = runner.invoke(app, ["--help"]).output
    for command in ("process", "publish", "rebuild", "demo", "erase", "rotate-keys", "api", "views", "audit", "care",
                    "broker", "tokens", "contracts"):
        assert command in out


def test_generated_events_pass_validation_and_a_bad_file_publishes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CHILDCARE_KEYRING_DIR", str(tmp_path / "keys"))
    events = tmp_path / "events.jsonl"
    assert runner.invoke(app, ["generate", str(events), "--children", "5"]).exit_code == 0
    lines = events.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 25 and all(json.loads(line)["child_key"].startswith("ck_") for line in lines)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n" + '{"event_type": "education.Enrolled", "payload": {}}\n', encoding="utf-8")
    result = runner.invoke(app, ["publish", str(bad), "--bootstrap-servers", "127.0.0.1:1"])
    assert result.exit_code == 2 and "line 2" in result.output and "nothing was published" in result.output


def test_an_integrator_reads_a_departments_contracts_from_the_command():
    listing = runner.invoke(app, ["contracts"])
    assert listing.exit_code == 0 and "dept.human_resources" in listing.output
    guide = runner.invoke(app, ["contracts", "education", "--json"])
    assert guide.exit_code == 0 and json.loads(guide.output)["topic"] == "dept.education"
    unknown = runner.invoke(app, ["contracts", "schools"])
    assert unknown.exit_code == 2 and "unknown department 'schools'" in unknown.output
