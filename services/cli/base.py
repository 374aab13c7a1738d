"""The root command, its shared options, and how a command builds its Platform."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import typer

from services.bootstrap import Platform
from services.settings import Settings

app = typer.Typer(help="Event-sourced child data platform (一数一源, 一人一档) with privacy controls.",
                  no_args_is_help=True, pretty_exceptions_enable=False)


def platform_for(namespace: str | None, database_url: str | None, bootstrap: str | None) -> Platform:
    """Settings from the environment, overridden by whichever options were given."""
    settings = Settings()
    changes = {k: v for k, v in {"namespace": namespace, "database_url": database_url,
                                 "bootstrap_servers": bootstrap}.items() if v is not None}
    return Platform(settings.with_(**changes))


NS = typer.Option(None, "--namespace", help="Topic and group prefix (default $CHILDCARE_NAMESPACE).")
DB = typer.Option(None, "--database-url", help="SQLAlchemy URL (default $CHILDCARE_DATABASE_URL or var/childcare.db).")
BS = typer.Option(None, "--bootstrap-servers", help="Kafka bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS).")


def broker_configured(bootstrap: str | None = None) -> bool:
    """Whether a Kafka broker was named (option or environment); the built-in default does not count."""
    return bool(bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or os.environ.get("CHILDCARE_KAFKA"))


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


def cli_audit_to_kafka(platform: Platform, bootstrap: str | None = None, offline: bool = False) -> bool:
    """Whether a command's audit goes to the audit topic as well as the table: yes whenever a broker is configured.
    A configured but unreachable broker fails closed (exit 3: no audit, no action); without a configured broker, or
    with an explicit offline choice, the audit goes to the table only, with a warning on stderr."""
    if offline or not broker_configured(bootstrap):
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


def cli_audit_sink(platform: Platform, bootstrap: str | None = None, offline: bool = False) -> Any:
    """The audit sink of a command (see cli_audit_to_kafka)."""
    return platform.audit_sink(to_kafka=cli_audit_to_kafka(platform, bootstrap, offline))


@contextlib.contextmanager
def audit_required() -> Iterator[None]:
    """Turn a failed audit write into a refusal with exit status 3 (the action did not happen)."""
    from privacy.audit import AuditFailed

    try:
        yield
    except AuditFailed as exc:
        typer.echo(f"audit failed ({exc}): no audit, no action", err=True)
        raise typer.Exit(3) from None
