"""Logging filters for known-benign noise of the libraries we run on."""

from __future__ import annotations

import logging


class ClosedSocketReadRace(logging.Filter):
    """kafka-python 3.0's selector logs a full traceback when a reader task wakes on a socket that another path has
    just closed (fd -1) while a client shuts down: the task is dropped either way and nothing is lost. Anything else
    it logs still passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (str(record.msg).startswith("Unhandled exception in task") and isinstance(exc, ValueError)
                    and "Invalid file descriptor: -1" in str(exc))


class ScramInTheClear(logging.Filter):
    """kafka-python warns on every SASL_PLAINTEXT connection that credentials are exchanged in the clear. SCRAM sends
    a salted proof, never the password; the platform's own check (services.adapters.kafka_admin.client_config) warns
    once when SASL_PLAINTEXT is used beyond loopback, where TLS (SASL_SSL) is needed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return str(record.msg) != "Exchanging credentials in the clear during Sasl Authentication"


def install() -> None:
    """Attach the filters to the loggers they belong to."""
    logging.getLogger("kafka.net.selector").addFilter(ClosedSocketReadRace())
    logging.getLogger("kafka.net.sasl.scram").addFilter(ScramInTheClear())
