"""HTTP ingest for department systems that cannot speak Kafka: the same contracts, the same publisher, sealed at the
edge. A department system's token principal is "<department>:<system>", and it may only publish as that department.

The route refuses here whatever the processor would refuse (another department's event, a field the department does
not own, a sealed token that does not open, a child key that is not a key, an erased child), so that a batch is
either wholly accepted or wholly refused. The audit record is written before anything is published: no audit, no
publish.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from events.contracts.common import FieldsCorrected
from events.departments import Department
from events.envelope import Envelope, EventDecodeError, parse
from privacy.audit import AuditEvent
from privacy.cipher import FieldCipher, TamperedCiphertext, is_sealed
from privacy.keyring import KeyringError
from projections.apply import Rejected, apply
from projections.updates import sealable_attributes
from services.entrypoints.api.deps import Caller, caller
from services.processor.handler import MAX_EVENT_BYTES
from services.usecases.access import is_child_key

router = APIRouter()

MAX_BODY_BYTES = 4 * 1024 * 1024  # a department sends batches, not archives; larger bodies are refused with 413
MAX_EVENTS = 5_000
MAX_DEPTH = 16  # envelopes nest three or four levels; anything deeper is not an event
# Events only the platform itself raises (erasure): never accepted from a department token.
PLATFORM = Department.PLATFORM.value
INGEST_PURPOSE = "ingest"


def _audit(request: Request, who: Caller, outcome: str, detail: str, child_key: str | None = None) -> None:
    request.app.state.ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose or "ingest",
                                                  "ingest" if outcome != "denied" else "deny", outcome, child_key, (),
                                                  who.origin, detail))


def _department(request: Request, who: Caller) -> str:
    department = who.principal.name.split(":", 1)[0]
    if (who.principal.role != "department_system" or department == PLATFORM
            or department not in Department.__members__.values()):
        reason = "only department systems (principal '<department>:<system>') may ingest events"
        _audit(request, who, "denied", reason)
        raise HTTPException(403, reason)
    if who.purpose not in ("", INGEST_PURPOSE):
        reason = f"a department system publishes for the purpose {INGEST_PURPOSE!r}, not {who.purpose!r}"
        _audit(request, who, "denied", reason)
        raise HTTPException(403, reason)
    return department


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH and isinstance(item, dict | list):
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _items(body: bytes) -> list[Any]:
    text = body.decode("utf-8", errors="replace")
    try:
        # JSON lines split on "\n" only: str.splitlines() would also split inside strings at U+2028 and the like.
        items = json.loads(text) if text.lstrip().startswith("[") else [json.loads(line) for line in text.split("\n")
                                                                        if line.strip()]
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"body is neither a JSON array nor JSON lines: {exc}") from None
    except RecursionError:
        raise HTTPException(422, f"JSON nested deeper than {MAX_DEPTH} levels") from None
    if not items:
        raise HTTPException(422, "no events in the body")
    if len(items) > MAX_EVENTS:
        raise HTTPException(413, f"more than {MAX_EVENTS} events in one batch; send smaller batches")
    if any(_depth(item) > MAX_DEPTH for item in items):
        raise HTTPException(422, f"JSON nested deeper than {MAX_DEPTH} levels")
    return items


def _too_large(item: Any) -> bool:
    """Whether an event would exceed what the processor takes once sealed (sealing grows a value by about 1.4x)."""
    return len(json.dumps(item, ensure_ascii=False).encode()) * 3 // 2 > MAX_EVENT_BYTES


def _sealed_values(env: Envelope) -> list[tuple[str | None, Any]]:
    """(projection field or None, token) for every sealed token the payload carries."""
    payload = env.payload
    if isinstance(payload, FieldsCorrected):
        return [(name, value) for name, value in payload.fields.items() if is_sealed(value)]
    fields = sealable_attributes(type(payload))
    data = payload.model_dump(mode="json")
    found: list[tuple[str | None, Any]] = []
    stack: list[tuple[str | None, Any]] = [(fields.get(attr), value) for attr, value in data.items()]
    while stack:
        field, value = stack.pop()
        if is_sealed(value):
            found.append((field, value))
        elif isinstance(value, dict | list):
            stack.extend((None, v) for v in (value.values() if isinstance(value, dict) else value))
    return found


def refusal(env: Envelope, department: str, cipher: FieldCipher) -> str | None:
    """Why the processor would refuse this event, or None."""
    if env.source.value != department:
        return f"source {env.source.value!r} is not this system's department"
    if not is_child_key(env.child_key):
        return "child_key is not a child key (ck_ + hex digits); never send an ID number as the key"
    if cipher.keyring.is_destroyed(env.child_key):
        return "the child's record was erased; new data for it is refused"
    outcome = apply(None, env)
    if isinstance(outcome, Rejected):
        return outcome.reason
    for field, token in _sealed_values(env):
        if field is None:
            return "a sealed token where no sealed value belongs"
        try:
            cipher.open(env.child_key, field, token)
        except (TamperedCiphertext, KeyringError, ValueError):
            return f"{field}: the sealed token does not open for this child and field (forged or misplaced)"
    return None


@router.post("/ingest/events", summary="Publish department events (JSON array or JSON lines)", status_code=202)
async def ingest(request: Request, who: Caller = Depends(caller)) -> dict[str, Any]:
    department = _department(request, who)
    ctx = request.app.state.ctx
    if ctx.publisher is None:
        raise HTTPException(503, "ingest is not enabled on this API instance (no broker configured)")
    items = _items(await request.body())  # bounded by the app's BodyLimit (413 over MAX_BODY_BYTES)
    envelopes, errors = [], []
    for n, item in enumerate(items, start=1):
        if _too_large(item):
            errors.append({"item": n, "error": f"event over {MAX_EVENT_BYTES * 2 // 3} bytes (the processor refuses it "
                                               "once sealed)"})
            continue
        try:
            env = parse(item)
        except EventDecodeError as exc:
            errors.append({"item": n, "error": exc.reason})
            continue
        except (RecursionError, OverflowError, TypeError, ValueError) as exc:
            errors.append({"item": n, "error": f"not an event envelope: {type(exc).__name__}"})
            continue
        envelopes.append((n, env))
    return publish_checked(request, who, department, envelopes, errors, len(items))


def publish_checked(request: Request, who: Caller, department: str, envelopes: list[tuple[int, Envelope]],
                    errors: list[dict[str, Any]] | None = None, total: int | None = None) -> dict[str, Any]:
    """Refuse what the processor would refuse, write the audit record, then publish; all or nothing. The HTTP route
    and the console's forms both publish through here."""
    ctx = request.app.state.ctx
    if ctx.publisher is None:
        raise HTTPException(503, "ingest is not enabled on this API instance (no broker configured)")
    errors = list(errors or [])
    for n, env in envelopes:
        why = refusal(env, department, ctx.cipher)
        if why:
            errors.append({"item": n, "error": why})
    if errors:
        _audit(request, who, "error", f"{len(errors)} invalid of {total or len(envelopes)} events")
        # All or nothing: a department resends a corrected batch without having to work out what went through.
        raise HTTPException(422, {"message": f"{len(errors)} invalid event(s); nothing was published",
                                  "errors": sorted(errors, key=lambda e: e["item"])[:100]})
    events = [env for _, env in envelopes]
    # Audit first: if the trail cannot take the record (AuditFailed -> 503), nothing reaches the topic. A person's
    # single event (a harm report, a visit form) names its child, so that "who accessed this child" finds the filer.
    single = events[0].child_key if len(events) == 1 and who.principal.role != "department_system" else None
    _audit(request, who, "allowed", f"publishing {len(events)} events: "
                                    f"{', '.join(sorted({e.event_type for e in events}))[:500]}", single)
    try:
        ctx.publisher.publish_many(events)
    except Exception as exc:  # noqa: BLE001 - a broker failure is the caller's to retry, never a 500
        _audit(request, who, "error", f"publishing failed: {type(exc).__name__}")
        raise HTTPException(503, "the broker did not take the batch; retry it (event ids make a retry safe)") from None
    return {"published": len(events), "event_ids": [e.event_id for e in events]}
