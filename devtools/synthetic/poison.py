"""Malformed messages of every kind a department topic can carry, each with the dead letter's reason code it must get.

For the flood drill (devtools/synthetic/fault_drill.py): a worker must turn each into exactly one dead letter with
this code, and go on. Every message is distinct (its own event id where it has one), so none is a duplicate of another.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from events.envelope import Envelope
from events.event_ids import new_event_id


@dataclass(frozen=True)
class Poison:
    """One malformed message: which department's topic it goes to, its key and bytes, the code it must get."""

    kind: str
    department: str
    key: bytes | None
    value: bytes | None
    code: str


Wire = dict[str, Any]
# (a valid event as a wire dict, a random source) -> (key, value, code[, department]); without a department it goes
# to the topic of the valid event's
Maker = Callable[[Wire, random.Random], tuple[Any, ...]]

CA = "civil_affairs"
OTHER_DEPARTMENT = {"public_security": "education", "education": "health", "health": "civil_affairs",
                    "civil_affairs": "public_security"}


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def _fresh(wire: Wire, **changes: Any) -> Wire:
    return {**wire, "event_id": new_event_id(), **changes}


def _without(wire: Wire, name: str) -> Wire:
    return {k: v for k, v in _fresh(wire).items() if k != name}


def _civil_affairs_correction(wire: Wire, fields: dict[str, Any]) -> bytes:
    """A FieldsCorrected from civil affairs, which owns the ledger's note; dated now, so that it is never stale."""
    return _json(_fresh(wire, event_type="common.FieldsCorrected", schema_version=1, source=CA,
                        occurred_at=datetime.now(UTC).isoformat(),
                        payload={"fields": fields, "reason": "r"}))


def _key(wire: Wire) -> bytes:
    return str(wire["child_key"]).encode()


def _garbage(rng: random.Random) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300))) + b"\xff"


MAKERS: dict[str, Maker] = {
    "invalid JSON": lambda w, r: (_key(w), _json(_fresh(w))[: r.randint(1, 40)], "not_json"),
    "binary garbage": lambda w, r: (_key(w), _garbage(r), "not_json"),
    "deep nesting": lambda w, r: (None, b"[" * 3000 + b"]" * 3000, "not_json"),
    "a JSON scalar or list": lambda w, r: (_key(w), _json(r.choice([None, 7, "x", [1, 2], True])), "not_an_object"),
    "schema_version not an integer": lambda w, r: (
        _key(w), _json(_fresh(w, schema_version=r.choice([[1], {"v": 1}, "1", 1.5, True]))), "invalid_envelope"),
    "unknown schema version": lambda w, r: (_key(w), _json(_fresh(w, schema_version=r.randint(50, 10**6))),
                                            "unknown_type"),
    "unknown event type": lambda w, r: (_key(w), _json(_fresh(w, event_type=f"nope.Event{r.randint(0, 999)}")),
                                        "unknown_type"),
    "occurred_at out of range": lambda w, r: (
        _key(w), _json(_fresh(w, occurred_at=r.choice(["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00",
                                                        "2025-13-45T00:00:00+08:00", "yesterday", 1e30]))),
        "invalid_envelope"),
    "naive occurred_at": lambda w, r: (_key(w), _json(_fresh(w, occurred_at="2025-03-01T08:00:00")),
                                       "invalid_envelope"),
    "child_key of the wrong type": lambda w, r: (None, _json(_fresh(w, child_key=r.choice([1, None, ["ck_"], "x"]))),
                                                 "invalid_envelope"),
    "missing occurred_at": lambda w, r: (_key(w), _json(_without(w, "occurred_at")), "invalid_envelope"),
    "missing event_id": lambda w, r: (_key(w), _json(_without(w, "event_id")), "missing_event_id"),
    "missing payload": lambda w, r: (_key(w), _json(_without(w, "payload")), "invalid_payload"),
    "payload of the wrong type": lambda w, r: (_key(w), _json(_fresh(w, payload=r.choice(["x", 3, [1], None]))),
                                               "invalid_payload"),
    "payload field of the wrong type": lambda w, r: (
        _key(w), _json(_fresh(w, payload={k: r.choice([[1], {"a": 1}]) for k in w["payload"]})),
        "invalid_payload"),
    "unknown envelope field": lambda w, r: (_key(w), _json(_fresh(w, smuggled=r.random())), "invalid_envelope"),
    "another department's source": lambda w, r: (
        _key(w), _json(_fresh(w, source=OTHER_DEPARTMENT.get(w["source"], "health"))), "wrong_source"),
    "key that is not the child": lambda w, r: (b"ck_" + b"0" * 40, _json(_fresh(w)), "key_mismatch"),
    "huge key": lambda w, r: (b"k" * r.randint(1000, 20_000), _json(_fresh(w)), "key_mismatch"),
    "tombstone": lambda w, r: (_key(w), None, "empty"),
    "over the event size limit": lambda w, r: (_key(w), b'{"x":"' + b"a" * r.randint(70_000, 200_000) + b'"}',
                                               "too_large"),
    "forged sealed token in a correction": lambda w, r: (_key(w), _civil_affairs_correction(
        w, {"ledger.last_visit_note": f"enc:v1:{w['child_key']}.1:" + "A" * r.randint(20, 80)}), "unprocessable", CA),
    "correction over the free-text limit": lambda w, r: (_key(w), _civil_affairs_correction(
        w, {"ledger.last_visit_note": "长" * r.randint(4001, 9000)}), "invalid_value", CA),
    "home-visit note over the free-text limit": lambda w, r: (_key(w), _json(_fresh(
        w, event_type="civil_affairs.DirectorVisited", schema_version=1, source=CA,
        payload={"director_id": "d1", "kind": "home_visit", "visited_on": "2025-02-01",
                 "note": "走访记录" * r.randint(1001, 5000)})), "invalid_payload", CA),
    "correction of the wrong type": lambda w, r: (_key(w), _civil_affairs_correction(
        w, {"ledger.last_contact_on": r.choice([[1], {"d": 1}, 42])}), "invalid_value", CA),
    "correction of a field another department owns": lambda w, r: (_key(w), _civil_affairs_correction(
        w, {r.choice(["education.school_name", "identity.name", "health.conditions"]): "x"}), "not_owner", CA),
}

# Near the broker's 1 MiB limit: a few of these, not thousands (they cost bandwidth, not insight).
HUGE = "near the broker's size limit"


def poison_messages(valid: list[Envelope], count: int, seed: int = 0, huge: int = 3) -> list[Poison]:
    """`count` malformed messages, round-robin over every kind, each built from one of the `valid` events (whose
    child and department it borrows); `huge` of them are close to the broker's message size limit."""
    rng = random.Random(seed)
    kinds = sorted(MAKERS)
    out = []
    for i in range(count):
        base = valid[rng.randrange(len(valid))].to_wire()
        if i < huge:
            out.append(Poison(HUGE, base["source"], _key(base), b'{"x":"' + b"a" * 900_000 + b'"}', "too_large"))
            continue
        kind = kinds[i % len(kinds)]
        key, value, code, *department = MAKERS[kind](base, rng)
        out.append(Poison(kind, department[0] if department else base["source"], key, value, code))
    return out
