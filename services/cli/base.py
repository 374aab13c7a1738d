"""The root command, its shared options, and how a command builds its Platform."""

from __future__ import annotations

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
