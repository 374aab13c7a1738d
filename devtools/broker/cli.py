"""`childcare broker …`: fetch, start, stop and check the local Kafka broker."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import typer

from devtools.broker.kraft import LocalKafka, stop_detached
from devtools.broker.runtime import kafka_libs, kafka_version
from services.entrypoints.cli.base import PlatformTyper, platform_for

broker_app = PlatformTyper(help="A local single-node Apache Kafka (KRaft), resolved from Maven Central.",
                         no_args_is_help=True)
DATA = typer.Option(Path("var/kafka"), "--data-dir", help="Where the broker keeps its log and pid file.")


@broker_app.command(settings=False)
def fetch() -> None:
    """Resolve Kafka's jars with Maven into ~/.cache/childcare (once)."""
    typer.echo(f"Kafka {kafka_version()} jars in {kafka_libs()}")


@broker_app.command(settings=False)
def start(data_dir: Path = DATA, port: int = typer.Option(9092, help="Client port on 127.0.0.1."),
          detach: bool = typer.Option(False, help="Return once the broker answers; "
                                                  "stop it with `broker stop`.")) -> None:
    """Format (first time) and start the broker; in the foreground until Ctrl-C unless --detach."""
    broker = LocalKafka(data_dir=data_dir, port=port, controller_port=port + 1, ssl_port=port + 2).start().wait_ready()
    typer.echo(f"Kafka ready at {broker.bootstrap_servers} (data in {data_dir}); "
               f"TLS at {broker.ssl_bootstrap_servers} "
               f"(KAFKA_SECURITY_PROTOCOL=SASL_SSL KAFKA_SSL_CAFILE={broker.ca_file})")
    typer.echo(f"SASL/SCRAM-SHA-512 required; one principal per role, passwords in {broker.credentials_file} (0600). "
               f"Clients: KAFKA_CREDENTIALS_FILE={broker.credentials_file.absolute()} "
               f"KAFKA_BOOTSTRAP_SERVERS={broker.bootstrap_servers}")
    if detach:
        return
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    broker.stop()
    typer.echo("Kafka stopped")


@broker_app.command()
def grant() -> None:
    """Create the platform's topics and grant every role its ACLs in one namespace (run as the admin principal)."""
    from services.adapters.kafka_auth import acl_spec, view_purposes

    platform = platform_for()
    platform.ensure_topics()
    for purpose in view_purposes():
        platform.ensure_view_topic(purpose)
    namespace = platform.settings.namespace
    typer.echo(f"topics and {len(acl_spec(namespace))} ACLs in place for namespace {namespace!r}")


@broker_app.command(settings=False)
def stop(data_dir: Path = DATA) -> None:
    """Stop a broker started with --detach."""
    typer.echo("stopped" if stop_detached(data_dir) else "no broker running")


@broker_app.command(settings=False)
def status(data_dir: Path = DATA) -> None:
    """Say whether a detached broker is running."""
    pid_file = data_dir / "broker.pid"
    typer.echo(f"running (pid {pid_file.read_text()})" if pid_file.exists() else "not running")
    creds = data_dir / "credentials.json"
    if creds.exists():
        typer.echo(f"credentials: {creds}")
