"""The `childcare` command; each submodule registers its commands on the root app."""

from __future__ import annotations

import logging

from services.cli import access, care, contracts, directors, pipeline, protect  # noqa: F401 - importing registers the commands
from services.cli.base import app


def _mount_broker() -> None:
    from services.broker.cli import broker_app

    app.add_typer(broker_app, name="broker")


_mount_broker()


def main() -> None:
    """Entry point of the `childcare` console script."""
    from services import log_filters

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_filters.install()
    app()


__all__ = ["app", "main"]
