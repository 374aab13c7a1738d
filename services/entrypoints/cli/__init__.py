"""The `childcare` command; each submodule registers its commands on the root app."""

from __future__ import annotations

import logging
import os

from services.entrypoints.cli import access, care, contracts, directors, pipeline, protect  # noqa: F401 - importing registers the commands
from services.entrypoints.cli.base import app, find_devtool


def _mount_broker() -> None:
    # Broker control is developer tooling (devtools/, a source checkout's, not the wheel's): without it, no command.
    broker_cli = find_devtool("broker.cli")
    if broker_cli is not None:
        app.add_typer(broker_cli.broker_app, name="broker")


_mount_broker()


def main() -> None:
    """Entry point of the `childcare` console script."""
    from services.adapters import log_filters

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if os.environ.get("CHILDCARE_LOG_REBALANCES"):
        # Joins, assignments and heartbeat outcomes of the consumer group (member ids and partitions, nothing from a
        # message): what a worker that stops consuming was waiting for.
        for name in ("kafka.coordinator", "aiokafka.consumer.group_coordinator"):
            logging.getLogger(name).setLevel(logging.INFO)
    log_filters.install()
    app()


__all__ = ["app", "main"]
