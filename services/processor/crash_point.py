"""A fault-injection point between the store commit and the offset commit (the hardest place to crash).

Set CHILDCARE_CRASH_AFTER_BATCHES=N and the worker dies with os._exit right after its Nth committed batch, before the
outbox relay and the Kafka offset commit. Set CHILDCARE_FAIL_AT_BATCH=N and the Nth batch raises before it is handled
(a handler bug that escapes the per-message boundary). Unset (always, in production) they do nothing.
"""

from __future__ import annotations

import os

_after = int(os.environ.get("CHILDCARE_CRASH_AFTER_BATCHES", "0") or 0)
_fail_at = int(os.environ.get("CHILDCARE_FAIL_AT_BATCH", "0") or 0)
_count = 0
_started = 0


class InjectedBug(RuntimeError):
    """The bug CHILDCARE_FAIL_AT_BATCH injects."""


def before_batch() -> None:
    """Count a batch about to be handled; raise at the configured one."""
    global _started
    if not _fail_at:
        return
    _started += 1
    if _started >= _fail_at:
        raise InjectedBug(f"injected handler bug at batch {_started}")


def reached() -> None:
    """Count a committed batch; exit hard at the configured one."""
    global _count
    if not _after:
        return
    _count += 1
    if _count >= _after:
        os._exit(137)
