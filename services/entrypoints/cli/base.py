"""The root command, its shared options, and how a command builds its Platform.

Every command that touches the database, the topics or the broker takes the same three options, `--namespace`,
`--database-url` and `--bootstrap-servers`: the app's `command()` adds them (the shared option group below), and the
command reads them only through `settings()` / `platform_for()`, so none can be forgotten. Commands with no use for
them (listing contracts, running the local broker) are registered with `command(settings=False)`.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

import typer

from privacy.audit import AuditSink
from services.bootstrap import Platform
from services.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

NS = typer.Option(None, "--namespace", help="Topic and group prefix (default $CHILDCARE_NAMESPACE).")
DB = typer.Option(None, "--database-url", help="SQLAlchemy URL (default $CHILDCARE_DATABASE_URL or var/childcare.db).")
BS = typer.Option(None, "--bootstrap-servers", help="Kafka bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS).")
SHARED_OPTIONS = {"namespace": NS, "database_url": DB, "bootstrap_servers": BS}

# The shared options the running command was given (the ones left out fall back to the environment).
_given: ContextVar[Mapping[str, str]] = ContextVar("childcare_cli_settings", default=MappingProxyType({}))


def with_settings(func: F) -> F:
    """The command with the shared option group added to its parameters; while it runs, `settings()` reflects them."""
    signature = inspect.signature(func, eval_str=True)
    clash = set(SHARED_OPTIONS) & set(signature.parameters)
    if clash:
        raise TypeError(f"{func.__name__} declares {sorted(clash)} itself; the shared option group provides them")
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=str | None)
              for name, option in SHARED_OPTIONS.items()]

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in SHARED_OPTIONS if name in kwargs}
        token = _given.set({k: v for k, v in given.items() if v is not None})
        try:
            return func(*args, **kwargs)
        finally:
            _given.reset(token)

    command.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *shared])  # type: ignore[attr-defined]
    command.__annotations__ = {**func.__annotations__, **{name: str | None for name in SHARED_OPTIONS}}
    return command  # type: ignore[return-value]


class PlatformTyper(typer.Typer):
    """A Typer app whose commands take the shared option group, unless registered with settings=False."""

    def command(self, name: str | None = None, *, settings: bool = True,
                **kwargs: Any) -> Callable[[F], F]:
        register = super().command(name, **kwargs)

        def decorator(func: F) -> F:
            register(with_settings(func) if settings else func)
            return func

        return decorator


app = PlatformTyper(help="Event-sourced child data platform (一数一源, 一人一档) with privacy controls.",
                    no_args_is_help=True, pretty_exceptions_enable=False)


def settings() -> Settings:
    """The settings of the running command: the environment, overridden by whichever shared options were given."""
    return Settings().with_(**_given.get())


def platform_for() -> Platform:
    """The Platform of the running command, on its settings()."""
    return Platform(settings())


def broker_configured() -> bool:
    """Whether a Kafka broker was named (option or environment); the built-in default does not count."""
    return bool(_given.get().get("bootstrap_servers") or os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
                or os.environ.get("CHILDCARE_KAFKA"))


def _any_reachable(bootstrap: str, timeout_s: float = 3.0) -> bool:
    """A quick TCP probe of the bootstrap servers (the Kafka client itself takes ~30 s to give up)."""
    import socket

    for server in bootstrap.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=timeout_s).close()
            return True
        except (OSError, ValueError):
            continue
    return False


def cli_audit_to_kafka(platform: Platform, offline: bool = False) -> bool:
    """Whether a command's audit goes to the audit topic as well as the table: yes whenever a broker is configured.
    A configured but unreachable broker fails closed (exit 3: no audit, no action); without a configured broker, or
    with an explicit offline choice, the audit goes to the table only, with a warning on stderr."""
    if offline or not broker_configured():
        why = "offline audit chosen" if offline else "no Kafka broker configured ($KAFKA_BOOTSTRAP_SERVERS)"
        typer.echo(f"warning: {why}: this action is audited to the audit table only, not the audit topic", err=True)
        return False
    try:
        if not _any_reachable(platform.settings.bootstrap_servers):
            raise ConnectionError("no bootstrap server accepts connections")
        platform.producer  # noqa: B018 - connects now, so that an unreachable broker stops the command here
    except Exception as exc:  # noqa: BLE001 - any broker failure means no audit
        typer.echo(f"audit topic unreachable at {platform.settings.bootstrap_servers} ({type(exc).__name__}): "
                   "no audit, no action", err=True)
        raise typer.Exit(3) from None
    return True


def cli_audit_sink(platform: Platform, offline: bool = False) -> AuditSink:
    """The audit sink of a command (see cli_audit_to_kafka)."""
    return platform.audit_sink(to_kafka=cli_audit_to_kafka(platform, offline))


@contextlib.contextmanager
def audit_required() -> Iterator[None]:
    """Turn a failed audit write into a refusal with exit status 3 (the action did not happen)."""
    from privacy.audit import AuditFailed

    try:
        yield
    except AuditFailed as exc:
        typer.echo(f"audit failed ({exc}): no audit, no action", err=True)
        raise typer.Exit(3) from None



def find_devtool(name: str) -> Any | None:
    """A developer-tooling module (devtools/: demo, synthetic data, local broker and PostgreSQL), or None: only a
    source checkout has them, the wheel leaves them out."""
    import importlib

    try:
        return importlib.import_module(f"devtools.{name}")
    except ModuleNotFoundError as exc:
        if exc.name is None or not f"devtools.{name}".startswith(exc.name):
            raise  # something the tool itself imports is missing: that is a real error
        return None


def devtool(name: str) -> Any:
    """find_devtool, or a clear error for the command that needs it."""
    module = find_devtool(name)
    if module is None:
        raise typer.BadParameter(f"this command needs devtools/ ({name}), which only a source checkout has")
    return module


def actor_name(value: str) -> str:
    """The --actor of a command is written to the audit trail as who acted: an ID number typed there is refused
    (exit 2), and not repeated."""
    from privacy.pseudonym import looks_like_id_number

    if looks_like_id_number(value):
        raise typer.BadParameter("a staff name or id, not an ID number")
    return value


def day_option(value: str | None) -> date:
    """A date option (YYYY-MM-DD), today when not given. Anything else exits 2 without repeating what was typed (an ID
    number in the wrong option must not reach the terminal's scrollback)."""
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        typer.echo("not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
