"""Routes parse, ask the access service, serialise. No route returns data without an audit record."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from privacy.access_policy import Decision, Policy
from privacy.audit import AuditEvent, AuditFailed, AuditSink, verify
from privacy.pseudonym import InvalidIdNumber, child_key
from services import compliance
from services.access import AccessDenied, AccessService, NotFound
from services.api.deps import Caller, caller
from services.api.ingest import router as ingest_router


@dataclass
class ApiContext:
    """What the routes need, built by the composition root."""

    engine: Engine
    access: AccessService
    audit: AuditSink
    policy: Policy
    pseudonym_secret: bytes
    audit_secret: bytes
    publisher: Any = None  # the ingest route publishes through it (None: ingest disabled)


class Search(BaseModel):
    """Find a child by resident ID number (hashed with the blind-index key, never stored) or by child key."""

    id_number: str | None = Field(None, description="18- or 15-digit resident ID number")
    child_key: str | None = None
    fields: list[str] | None = None


def _fields(fields: str | None) -> list[str] | None:
    return [f.strip() for f in fields.split(",") if f.strip()] if fields else None


def create_api(ctx: ApiContext) -> FastAPI:
    """The FastAPI application."""
    app = FastAPI(title="Child data platform API", version="1.0",
                  description="Purpose-limited access to the child projection (一人一档). Send `Authorization: "
                              "Bearer <token>` and `X-Purpose: <purpose>`; every access is audited.")
    app.state.ctx = ctx
    app.include_router(ingest_router)

    @app.exception_handler(AccessDenied)
    async def _denied(_: Request, exc: AccessDenied) -> JSONResponse:
        return JSONResponse({"detail": exc.decision.reason, "rule": exc.decision.rule_id,
                             "denied_fields": list(exc.decision.denied_fields)}, status_code=403)

    @app.exception_handler(AuditFailed)
    async def _audit_failed(_: Request, exc: AuditFailed) -> JSONResponse:
        return JSONResponse({"detail": f"access refused: {exc}"}, status_code=503)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": "no such child"}, status_code=404)

    @app.exception_handler(ValueError)
    async def _bad(_: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.get("/health", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/children/{child_key}", summary="Read one child's record for a purpose")
    def read_child(child_key: str, fields: str | None = Query(None, description="comma-separated field names"),
                   who: Caller = Depends(caller)) -> dict[str, Any]:
        return asdict(ctx.access.read(who.principal, who.purpose, child_key, _fields(fields), who.origin))

    @app.post("/children/search", summary="Find a child by ID number (blind index) or key")
    def search(body: Search, who: Caller = Depends(caller)) -> dict[str, Any]:
        if (body.id_number is None) == (body.child_key is None):
            raise HTTPException(422, "give exactly one of id_number or child_key")
        try:
            key = body.child_key or child_key(ctx.pseudonym_secret, body.id_number or "")
        except InvalidIdNumber as exc:
            raise HTTPException(422, str(exc)) from None
        return asdict(ctx.access.read(who.principal, who.purpose, key, body.fields, who.origin, action="search"))

    @app.get("/children", summary="List children of an area")
    def list_children(area: str = Query(..., pattern=r"^\d{2,12}$"), fields: str | None = None,
                      limit: int = Query(50, ge=1, le=500), who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        records = ctx.access.store.in_area(area, limit)
        return [asdict(v) for v in ctx.access.list_area(who.principal, who.purpose, area, records, _fields(fields),
                                                        who.origin)]

    @app.get("/statistics", summary="Counts safe to publish (small cells suppressed)")
    def statistics(rows: str = Query("area", pattern="^(area|age_band|risk|service)$"),
                   cols: str = Query("age_band", pattern="^(area|age_band|risk|service)$"),
                   threshold: int = Query(5, ge=3), region: str = "base",
                   who: Caller = Depends(caller)) -> dict[str, Any]:
        rule = ctx.policy.rule(who.principal.role, who.purpose)
        if rule is None or not rule.aggregate:
            decision = Decision(False, rule.id if rule else None,
                                f"role {who.principal.role!r} with purpose {who.purpose!r} may not read statistics")
            raise ctx.access.deny(who.principal, who.purpose, "statistics", None, who.origin, decision)
        from datetime import date

        from projections.catalogue import load_catalogue
        from services.care import CareJobs

        jobs = CareJobs(ctx.access.store, ctx.access.cipher, ctx.audit, who.principal.name)
        catalogue = load_catalogue(region) if "service" in (rows, cols) else None
        return jobs.statistics(rows, cols, date.today(), threshold, catalogue)

    def compliance_only(who: Caller, what: str, child: str | None = None) -> None:
        rule = ctx.policy.rule(who.principal.role, who.purpose)
        if rule is None or not rule.audit:
            decision = Decision(False, rule.id if rule else None,
                                f"role {who.principal.role!r} with purpose {who.purpose!r} may not query the audit trail")
            raise ctx.access.deny(who.principal, who.purpose, "audit_query", child, who.origin, decision)
        ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "audit_query", "allowed",
                                    child, (), who.origin, what))

    @app.get("/compliance/children/{child_key}", summary="Who accessed this child, and why")
    def who_accessed(child_key: str, who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, "accesses to child", child_key)
        return compliance.accesses_to_child(ctx.engine, child_key)

    @app.get("/compliance/actors/{actor}", summary="What one user accessed in a time window")
    def by_actor(actor: str, since: str | None = None, until: str | None = None,
                 who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, f"accesses by {actor}")
        return compliance.accesses_by_actor(ctx.engine, actor, since, until)

    @app.get("/compliance/denials", summary="Refused accesses")
    def denials(who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, "denials")
        return compliance.denials(ctx.engine)

    @app.get("/compliance/without-purpose", summary="Accesses without a valid purpose")
    def without_purpose(who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, "accesses without a valid purpose")
        return compliance.without_valid_purpose(ctx.engine)

    @app.get("/compliance/anomalies", summary="Users reading many children")
    def anomalies(threshold: int = Query(50, ge=1), since: str | None = None,
                  who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, f"bulk anomalies > {threshold}")
        return compliance.bulk_anomalies(ctx.engine, threshold, since)

    @app.get("/compliance/export.csv", response_class=PlainTextResponse, summary="Export accesses as CSV")
    def export(child_key: str | None = None, actor: str | None = None, who: Caller = Depends(caller)) -> str:
        compliance_only(who, f"export child={child_key} actor={actor}", child_key)
        rows = (compliance.accesses_to_child(ctx.engine, child_key) if child_key
                else compliance.accesses_by_actor(ctx.engine, actor) if actor else compliance.denials(ctx.engine))
        return compliance.to_csv(rows)

    @app.get("/compliance/verify", summary="Verify the audit hash chain")
    def verify_chain(who: Caller = Depends(caller)) -> dict[str, Any]:
        compliance_only(who, "verify chain")
        return asdict(verify(ctx.audit_secret, ctx.audit.records()))

    return app
