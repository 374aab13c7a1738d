"""Routes parse, ask the access service, serialise. No route returns data without an audit record."""

from __future__ import annotations

import base64
import logging
from dataclasses import asdict, dataclass
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from privacy.access_policy import Decision, Policy
from privacy.audit import AuditEvent, AuditFailed, AuditSink
from privacy.cipher import FieldCipher
from privacy.keyring import ChildErased, KeyMissing
from privacy.per_child import child_of
from privacy.pseudonym import InvalidIdNumber, child_key, scrub_id_numbers
from services.adapters.store import ProjectionStore
from services.adapters.store.database import Database
from services.entrypoints.api.deps import Caller, RateLimiter, caller
from services.entrypoints.api.ingest import MAX_BODY_BYTES
from services.entrypoints.api.ingest import router as ingest_router
from services.entrypoints.api.limits import BodyLimit
from services.entrypoints.api.logs import install_access_log_filter
from services.entrypoints.api.protect import router as protect_router
from services.entrypoints.api.protection import router as protection_router  # issue 20: protection alerts
from services.entrypoints.console.alerts import router as console_alerts_router  # issue 20: 待办提醒
from services.entrypoints.console.casework import router as console_casework_router  # issue 20: 民政 caseworker
from services.entrypoints.console.protect import router as console_protect_router
from services.entrypoints.console.routes import router as console_router
from services.usecases import compliance
from services.usecases.access import AccessDenied, AccessService, BadRequest, NotFound, is_child_key
from services.usecases.care import DIMENSIONS
from services.usecases.views import VIEW_ROLE, view_sealer

DIMENSION_PATTERN = f"^({'|'.join(DIMENSIONS)})$"

MAX_HEADER_BYTES = 16 * 1024
VIEW_PURPOSES = {"entitlements": "entitlement_matching"}  # a derived view -> the purpose its subscribers declare
# The console's pages: their own stylesheet and inline SVG, no script at all, forms only to this site.
CONSOLE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store",
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}


@dataclass
class ApiContext:
    """What the routes need, built by the composition root; a route uses these ports and reaches into none of them."""

    database: Database  # API tokens and the compliance queries over the audit table
    access: AccessService  # the gate for personal data
    audit: AuditSink
    policy: Policy
    pseudonym_secret: bytes
    store: ProjectionStore  # statistics and the view key route's area check read records through the store port
    cipher: FieldCipher  # statistics open the fields of their dimensions; view keys come from its keyring
    publisher: Any = None  # the ingest route publishes through it (None: ingest disabled)
    operations: Any = None  # () -> the operator's status (lag, outbox, dead letters, keys): the console shows it


class Search(BaseModel):
    """Find a child by resident ID number (hashed with the blind-index key, never stored) or by child key."""

    id_number: str | None = Field(None, max_length=40, description="18- or 15-digit resident ID number")
    child_key: str | None = Field(None, max_length=80)
    fields: list[str] | None = Field(None, max_length=200)


def _fields(fields: str | None) -> list[str] | None:
    return [f.strip() for f in fields.split(",") if f.strip()] if fields else None


def create_api(ctx: ApiContext) -> FastAPI:
    """The FastAPI application."""
    # No /docs or /redoc: their pages load scripts from a CDN, which closed office networks block and which would
    # see who reads the docs. The OpenAPI document itself is served at /openapi.json.
    app = FastAPI(title="Child data platform API", version="1.0", docs_url=None, redoc_url=None,
                  description="Purpose-limited access to the child projection (一人一档). Send `Authorization: "
                              "Bearer <token>` and `X-Purpose: <purpose>`; every access is audited.")
    app.state.ctx = ctx
    app.state.rate_limiter = RateLimiter()
    app.include_router(ingest_router)
    app.include_router(console_router)
    app.include_router(protect_router)  # issue 20: surveys, discrepancies, proposals
    app.include_router(console_protect_router)
    app.include_router(console_casework_router)
    app.include_router(console_alerts_router)
    app.include_router(protection_router)
    install_access_log_filter()
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)

    @app.middleware("http")
    async def _limits_and_headers(request: Request, call_next: Any) -> Any:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            response = JSONResponse({"detail": f"body over {MAX_BODY_BYTES} bytes"}, status_code=413)
        elif sum(len(k) + len(v) for k, v in request.headers.items()) > MAX_HEADER_BYTES:
            response = JSONResponse({"detail": "request headers too large"}, status_code=431)
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if request.url.path.startswith("/console"):
            response.headers["Content-Security-Policy"] = CONSOLE_CSP
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer quotes what was sent ("input"): an ID number typed into an area, a date or a campaign
        # would come back in the error. Where and what is wrong, never the value.
        def clean(text: Any) -> Any:
            return scrub_id_numbers(text)[:300] if isinstance(text, str) else text

        return JSONResponse({"detail": [{"type": e.get("type"), "loc": [clean(p) for p in e.get("loc", ())],
                                         "msg": clean(str(e.get("msg", "")))} for e in exc.errors()][:50]},
                            status_code=422)

    @app.exception_handler(AccessDenied)
    async def _denied(_: Request, exc: AccessDenied) -> JSONResponse:
        return JSONResponse({"detail": exc.decision.reason, "rule": exc.decision.rule_id,
                             "denied_fields": list(exc.decision.denied_fields)}, status_code=403)

    @app.exception_handler(AuditFailed)
    async def _audit_failed(_: Request, exc: AuditFailed) -> JSONResponse:
        return JSONResponse({"detail": f"access refused: {exc}"}, status_code=503)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": "no such child in your scope"}, status_code=404)

    @app.exception_handler(BadRequest)
    async def _bad(_: Request, exc: BadRequest) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(ValueError)
    async def _unexpected(_: Request, exc: ValueError) -> JSONResponse:
        # Not one of ours: its text may quote stored data, so the caller gets none of it.
        logging.getLogger(__name__).warning("request failed with %s", type(exc).__name__)
        return JSONResponse({"detail": "the request could not be completed with this data"}, status_code=422)

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
        ctx.access.grant(who.principal, who.purpose, "search", who.origin, body.fields)  # 403 before any lookup
        try:
            key = body.child_key or child_key(ctx.pseudonym_secret, body.id_number or "")
        except InvalidIdNumber as exc:
            raise HTTPException(422, str(exc)) from None
        return asdict(ctx.access.read(who.principal, who.purpose, key, body.fields, who.origin, action="search"))

    @app.get("/children", summary="List children of an area")
    def list_children(area: str = Query(..., pattern=r"^\d{2,12}$"), fields: str | None = None,
                      limit: int = Query(50, ge=1, le=500), who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        return [asdict(v) for v in ctx.access.list_area(who.principal, who.purpose, area, limit, _fields(fields),
                                                        who.origin)]

    @app.get("/statistics", summary="Counts safe to publish (small cells suppressed)")
    def statistics(rows: str = Query("area", pattern=DIMENSION_PATTERN),
                   cols: str = Query("age_band", pattern=DIMENSION_PATTERN),
                   threshold: int = Query(5, ge=3, le=1_000_000),
                   region: str = Query("base", pattern="^[a-z][a-z_]{1,30}$"),
                   who: Caller = Depends(caller)) -> dict[str, Any]:
        rule = ctx.policy.rule(who.principal.role, who.purpose)
        if rule is None or not rule.aggregate:
            decision = Decision(False, rule.id if rule else None,
                                f"role {who.principal.role!r} with purpose {who.purpose!r} may not read statistics")
            raise ctx.access.deny(who.principal, who.purpose, "statistics", None, who.origin, decision)
        from datetime import date

        from projections.catalogue import load_catalogue
        from services.usecases.care import CareJobs

        # Runs as the caller: the statistician's own rule (aggregate) is what lets the counts be computed.
        jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, who.principal, ctx.policy)
        try:
            catalogue = load_catalogue(region) if "service" in (rows, cols) else None
        except ValueError:
            raise HTTPException(422, "unknown region") from None
        return jobs.statistics(rows, cols, date.today(), threshold, catalogue)

    @app.get("/views/{view}/keys/{key_id}", summary="A view message's per-child key, for the subscribing app")
    def view_key(view: str = Path(..., pattern=r"^[a-z_]{1,64}$"), key_id: str = Path(..., max_length=80),
                 who: Caller = Depends(caller)) -> dict[str, str]:
        purpose = VIEW_PURPOSES.get(view, view)
        child = child_of(key_id)
        rule = ctx.policy.rule(who.principal.role, purpose)
        if who.principal.role != VIEW_ROLE or rule is None or who.purpose != purpose:
            decision = Decision(False, rule.id if rule else None,
                                f"only a downstream app subscribed to {purpose!r} (X-Purpose: {purpose}) gets its keys")
            raise ctx.access.deny(who.principal, who.purpose, "key_use", child, who.origin, decision)
        try:
            version = key_id.rpartition(".")[2]
            if not is_child_key(child) or not (version.isascii() and version.isdigit() and len(version) <= 9):
                raise KeyMissing("not a key id")
            if rule.same_area:  # an app bound to an area gets the keys of that area's children only
                record = ctx.store.get(child)
                if record is None or not ctx.access.in_scope(who.principal, rule, record):
                    raise KeyMissing("outside the app's area")
            key = view_sealer(ctx.cipher.keyring, view).key(key_id)
        except (ChildErased, KeyMissing, ValueError, OverflowError):
            ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "key_use", "error",
                                        child if is_child_key(child) else None, (), who.origin,
                                        f"view {view}: no such key (erased or unknown)"))
            raise NotFound() from None
        ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "key_use", "allowed", child,
                                    (), who.origin, f"view {view} key {key_id}"))
        return {"key_id": key_id, "key": base64.b64encode(key).decode()}

    def compliance_only(who: Caller, what: str, child: str | None = None) -> None:
        ctx.access.audit_query(who.principal, who.purpose, who.origin, what, child)

    @app.get("/compliance/children/{child_key}", summary="Who accessed this child, and why")
    def who_accessed(child_key: str, who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, "accesses to child", child_key)
        return compliance.accesses_to_child(ctx.database, child_key)

    @app.get("/compliance/actors/{actor}", summary="What one user accessed in a time window")
    def by_actor(actor: str, since: str | None = Query(None, max_length=40),
                 until: str | None = Query(None, max_length=40), who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, f"accesses by {actor}")
        return compliance.accesses_by_actor(ctx.database, actor, since, until)

    @app.get("/compliance/denials", summary="Refused accesses")
    def denials(who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, "denials")
        return compliance.denials(ctx.database)

    @app.get("/compliance/without-purpose", summary="Accesses without a valid purpose")
    def without_purpose(who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, "accesses without a valid purpose")
        return compliance.without_valid_purpose(ctx.database)

    @app.get("/compliance/anomalies", summary="Users reading many children")
    def anomalies(threshold: int = Query(50, ge=1, le=10_000_000), since: str | None = Query(None, max_length=40),
                  who: Caller = Depends(caller)) -> list[dict[str, Any]]:
        compliance_only(who, f"bulk anomalies > {threshold}")
        return compliance.bulk_anomalies(ctx.database, threshold, since)

    @app.get("/compliance/export.csv", response_class=PlainTextResponse, summary="Export accesses as CSV")
    def export(child_key: str | None = Query(None, max_length=80), actor: str | None = Query(None, max_length=200),
               who: Caller = Depends(caller)) -> str:
        compliance_only(who, f"export child={child_key} actor={actor}", child_key)
        rows = (compliance.accesses_to_child(ctx.database, child_key) if child_key
                else compliance.accesses_by_actor(ctx.database, actor) if actor else compliance.denials(ctx.database))
        return compliance.to_csv(rows)

    @app.get("/compliance/verify", summary="Verify the audit hash chain")
    def verify_chain(who: Caller = Depends(caller)) -> dict[str, Any]:
        compliance_only(who, "verify chain")
        return asdict(ctx.audit.verify_trail())  # chain, and the anchor kept outside the table

    return app
