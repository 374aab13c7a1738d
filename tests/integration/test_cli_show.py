"""`childcare show` reads through the gate: only the purpose's fields, audited, refused like the API refuses."""

import json

from typer.testing import CliRunner

from services.entrypoints.cli import app

runner = CliRunner()


def _show(platform, key, monkeypatch, *args):
    monkeypatch.setenv("CHILDCARE_KEYRING_DIR", str(platform.settings.keyring_dir))
    return runner.invoke(app, ["show", key, "--database-url", platform.settings.database_url, "--offline-audit",
                               "--actor", "clerk-1", *args])


def test_show_opens_only_the_purposes_fields_and_is_audited(platform, key, monkeypatch):
    result = _show(platform, key, monkeypatch, "--role", "school", "--purpose", "enrolment", "--area", "330106")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["fields"]["identity.name"] == "孙小美" and "health.conditions" not in view["fields"]
    assert "identity.id_number" not in result.output and "health.conditions" not in result.output
    last = platform.audit_sink(False).records()[-1].event
    assert (last.actor, last.role, last.purpose, last.origin) == ("clerk-1", "school", "enrolment", "cli")


def test_show_refuses_a_role_without_fields_and_hides_whether_a_child_exists(platform, key, monkeypatch):
    assert _show(platform, key, monkeypatch, "--role", "operator", "--purpose", "operations").exit_code == 3
    other = _show(platform, key, monkeypatch, "--role", "children_director", "--purpose", "key_child_care",
                  "--area", "520102")
    unknown = _show(platform, "ck_" + "0" * 40, monkeypatch, "--role", "children_director", "--purpose",
                    "key_child_care", "--area", "520102")
    assert other.exit_code == unknown.exit_code == 1 and other.output == unknown.output


def test_care_stats_refuses_a_dimension_against_itself_and_a_tiny_threshold(platform, key, monkeypatch):
    monkeypatch.setenv("CHILDCARE_KEYRING_DIR", str(platform.settings.keyring_dir))
    monkeypatch.setenv("CHILDCARE_DATABASE_URL", platform.settings.database_url)
    for args in (["--rows", "area", "--cols", "area"], ["--threshold", "1"], ["--rows", "name"]):
        result = runner.invoke(app, ["care", "stats", "--actor", "stat-1", *args])
        assert result.exit_code == 2 and "Traceback" not in result.output
