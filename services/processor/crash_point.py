"""A fault-injection point between the store commit and the offset commit (the hardest place to crash).

Set CHILDCARE_CRASH_AFTER_BATCHES=N and the worker dies with os._exit right after its Nth committed batch, before the
outbox relay and the Kafka offset commit. Unset (always, in production) it does nothing.
"""

from __future__ import annotations

import os

_after = int(os.environ.get("CHILDCARE_CRASH_AFTER_BATCHES", "0") or 0)
_count = 0


def reached() -> None:
    """Count a committed batch; exit hard at the configured one."""
    global _count
    if not _after:
        return
    _count += 1
    if _count >= _after:
        os._exit(137)
