"""HTTP ingest for department systems that cannot speak Kafka: the same contracts, the same publisher, sealed at the
edge. A department system's token principal is "<department>:<system>", and it may only publish as that department."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from events.envelope import EventDecodeError, parse
from events.departments import Department
from privacy.audit import AuditEvent
from services.api.deps import Caller, caller

router = APIRouter()


def _audit(request: Request, who: Caller, outcome: str, detail: str) -> None:
    request.app.state.ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose or "ingest",
                                                  "ingest" if outcome != "denied" else "deny", outcome, None, (),
                                                  who.origin, detail))


def _department(request: Request, who: Caller) -> str:
    department = who.principal.name.split(":", 1)[0]
    if who.principal.role != "department_system" or department not in Department.__members__.values():
        reason = "only department systems (principal '<department>:<system>') may ingest events"
        _audit(request, who, "denied", reason)
        raise HTTPException(403, reason)
    return department


@router.post("/ingest/events", summary="Publish department events (JSON array or JSON lines)", status_code=202)
async def ingest(request: Request, who: Caller = Depends(caller)) -> dict[str, Any]:
    department = _department(request, who)
    publisher = request.app.state.ctx.publisher
    if publisher is None:
        raise HTTPException(503, "ingest is not enabled on this API instance (no broker configured)")
    text = (await request.body()).decode("utf-8", errors="replace")
    try:
        items = json.loads(text) if text.lstrip().startswith("[") else [json.loads(l) for l in text.splitlines()
                                                                         if l.strip()]
    except json.JSONDecodeError as exc:
        raise HTTPException(422, f"body is neither a JSON array nor JSON lines: {exc}") from None
    envelopes, errors = [], []
    for n, item in enumerate(items, start=1):
        try:
            env = parse(item)
        except EventDecodeError as exc:
            errors.append({"item": n, "error": exc.reason})
            continue
        if env.source.value != department:
            errors.append({"item": n, "error": f"source {env.source.value!r} is not this system's department"})
            continue
        envelopes.append(env)
    if errors:
        _audit(request, who, "error", f"{len(errors)} invalid of {len(items)} events")
        # All or nothing: a department resends a corrected batch without having to work out what went through.
        raise HTTPException(422, {"message": f"{len(errors)} invalid event(s); nothing was published",
                                  "errors": errors})
    publisher.publish_many(envelopes)
    _audit(request, who, "allowed", f"published {len(envelopes)} events")
    return {"published": len(envelopes), "event_ids": [e.event_id for e in envelopes]}
