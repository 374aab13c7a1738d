"""Every `childcare` command honours --namespace, --database-url and --bootstrap-servers (the shared option group of
services/entrypoints/cli/base.py), and builds its settings from them."""

import pytest
import typer
from typer.testing import CliRunner

from services.entrypoints.cli import app
from services.entrypoints.cli import base as cli_base

SHARED = {"--namespace": "namespace", "--database-url": "database_url", "--bootstrap-servers": "bootstrap_servers"}
GIVEN = {"namespace": "ns-from-option.", "database_url": "sqlite:///from-option.db", "bootstrap_servers": "option:1"}

# Commands with no database, topic or broker of the platform's to talk to (and why).
WITHOUT_SETTINGS = {
    "contracts": "prints the published contracts",
    "generate": "writes synthetic events to a file (only the keyring's pseudonym secret)",
    "rotate-keys": "works on the keyring alone",
    "demo": "runs its own broker and store in --workdir",
    "broker fetch": "local broker tooling", "broker start": "local broker tooling",
    "broker stop": "local broker tooling", "broker status": "local broker tooling",
}


# What a command checks before it builds its settings, beyond its required parameters.
EXTRA_ARGS = {"tokens revoke": ["--token-id", "t1"]}


def _commands(group, prefix: str = ""):
    """Every leaf command by its full name (typer carries its own copy of click: duck typing, not isinstance)."""
    out = {}
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            out.update(_commands(command, f"{prefix}{name} "))
        else:
            out[f"{prefix}{name}"] = command
    return out


COMMANDS = _commands(typer.main.get_command(app))


def test_the_command_tree_is_found():
    assert {"process", "show", "api", "migrate", "tokens issue", "audit query", "care stats",
            "broker grant"} <= set(COMMANDS)
    assert set(WITHOUT_SETTINGS) <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_the_shared_options(name):
    options = {opt for p in COMMANDS[name].params if p.param_type_name == "option" for opt in p.opts}
    if name in WITHOUT_SETTINGS:
        assert not options & set(SHARED), f"{name} takes settings it has no use for"
    else:
        assert set(SHARED) <= options, f"{name} lacks {set(SHARED) - options}"


class _Reached(Exception):
    """Raised where a command builds its settings: far enough to see which settings it asked for."""


def _required_args(command, tmp_path) -> list[str]:
    """Placeholder values for a command's required arguments and options."""
    args = []
    for param in command.params:
        if not param.required:
            continue
        value = str(tmp_path / "empty.jsonl") if param.name == "path" else "2026-01-01"  # publish reads a file first
        args += [value] if param.param_type_name == "argument" else [param.opts[0], value]
    return args


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - set(WITHOUT_SETTINGS)))
def test_every_command_builds_its_settings_from_the_options(name, tmp_path, monkeypatch):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    seen = []

    class Recording(cli_base.Settings):
        def with_(self, **changes):
            seen.append(changes)
            raise _Reached()

    monkeypatch.setattr(cli_base, "Settings", Recording)
    options = [x for option, field in SHARED.items() for x in (option, GIVEN[field])]
    args = [*name.split(), *_required_args(COMMANDS[name], tmp_path), *EXTRA_ARGS.get(name, []), *options]
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, _Reached), (args, result.output, result.exception)
    assert seen == [GIVEN]


def test_options_left_out_fall_back_to_the_environment(monkeypatch):
    monkeypatch.setenv("CHILDCARE_NAMESPACE", "from-env.")
    seen = []

    @cli_base.with_settings
    def command() -> None:
        seen.append(cli_base.settings())

    command(namespace=None, database_url="sqlite:///given.db", bootstrap_servers=None)
    assert seen[0].namespace == "from-env." and seen[0].database_url == "sqlite:///given.db"
    assert cli_base.settings().database_url != "sqlite:///given.db", "the options end with the command"
