"""The `childcare` command: broker, processor, publisher, rebuild and the demo."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import typer

from services.bootstrap import Platform
from services.settings import Settings

app = typer.Typer(help="Event-sourced child data platform (一数一源, 一人一档) with privacy controls.",
                  no_args_is_help=True, pretty_exceptions_enable=False)


def _platform(namespace: str | None, database_url: str | None, bootstrap: str | None) -> Platform:
    settings = Settings()
    changes = {k: v for k, v in {"namespace": namespace, "database_url": database_url,
                                 "bootstrap_servers": bootstrap}.items() if v is not None}
    return Platform(settings.with_(**changes))


NS = typer.Option(None, "--namespace", help="Topic and group prefix (default $CHILDCARE_NAMESPACE).")
DB = typer.Option(None, "--database-url", help="SQLAlchemy URL (default $CHILDCARE_DATABASE_URL or var/childcare.db).")
BS = typer.Option(None, "--bootstrap-servers", help="Kafka bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS).")


@app.command()
def process(namespace: str = NS, database_url: str = DB, bootstrap_servers: str = BS,
            loglevel: str = typer.Option("warn", help="faust log level: debug, info, warn, error")) -> None:
    """Run one processor worker (start more for more partitions; they share one consumer group)."""
    from services.processor.outbox import OutboxRelay
    from services.processor.worker import create_app, run_worker

    platform = _platform(namespace, database_url, bootstrap_servers)
    platform.ensure_topics()
    worker_app = create_app(platform.settings, platform.handler(), OutboxRelay(platform.store, platform.producer))
    sys.argv = [sys.argv[0]]  # faust's worker reads argv; ours are already parsed
    run_worker(worker_app, loglevel)


@app.command()
def publish(path: Path, namespace: str = NS, bootstrap_servers: str = BS,
            skip_invalid: bool = typer.Option(False, help="Publish the valid events even if some are invalid.")) -> None:
    """Publish a JSON array or JSON-lines file of events; invalid entries are listed with their line and field."""
    from services.publisher import read_event_file

    envelopes, errors = read_event_file(path)
    for err in errors:
        typer.echo(err, err=True)
    if errors and not skip_invalid:
        typer.echo(f"{len(errors)} invalid event(s); nothing was published (use --skip-invalid to send the rest)",
                   err=True)
        raise typer.Exit(2)
    platform = _platform(namespace, None, bootstrap_servers)
    try:
        n = platform.publisher().publish_many(envelopes)
    finally:
        platform.close()
    typer.echo(f"published {n} event(s)")


@app.command()
def rebuild(into: str = typer.Option(..., help="SQLAlchemy URL of a fresh store to rebuild into."),
            namespace: str = NS, bootstrap_servers: str = BS) -> None:
    """Replay every department topic from the beginning into a fresh store."""
    from services.rebuild import replay
    from services.store import open_store

    platform = _platform(namespace, into, bootstrap_servers)
    store = open_store(into)
    n = replay(platform.settings.bootstrap_servers, platform.topics, store)
    typer.echo(f"replayed {n} message(s) into {into}: {sum(1 for _ in store.records())} children")


@app.command()
def generate(out: Path, children: int = 300, seed: int = 7) -> None:
    """Write realistic synthetic department events (fake people) as JSON lines."""
    from events.envelope import encode
    from services.synthetic import events_for, generate_children

    platform = Platform()
    with out.open("wb") as fh:
        for child in generate_children(children, platform.pseudonym_secret, seed):
            for env in events_for(child, seed):
                fh.write(encode(env) + b"\n")
    typer.echo(f"wrote events for {children} children to {out}")


@app.command()
def show(child_key: str, database_url: str = DB) -> None:
    """Print one child's projected record (sealed values stay sealed)."""
    store = _platform(None, database_url, None).store
    record = store.get(child_key)
    if record is None:
        typer.echo(f"no child {child_key}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(record.to_json(), ensure_ascii=False, indent=2))


@app.command()
def migrate(database_url: str = DB) -> None:
    """Bring the store's schema to the newest version (Alembic)."""
    from services.store.migrate import upgrade

    url = database_url or Settings().database_url
    upgrade(url)
    typer.echo(f"migrated {url}")


@app.command()
def demo(children: int = typer.Option(300, help="How many synthetic children."),
         workdir: Path = typer.Option(Path("var/demo"), help="Where the demo keeps its broker and store.")) -> None:
    """Run the whole pipeline locally: broker, processor, synthetic department events, projected records."""
    from services.demo import run_demo

    run_demo(children=children, workdir=workdir)


def _mount_optional() -> None:
    try:
        from services.broker.cli import broker_app
    except ImportError:  # pragma: no cover - only while the broker package is absent
        return
    app.add_typer(broker_app, name="broker")


_mount_optional()


def main() -> None:
    """Entry point of the `childcare` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
