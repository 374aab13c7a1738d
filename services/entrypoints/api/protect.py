"""Routes of the protection work (issue 20, items 1, 2 and 6): a director's 摸排 coverage and ledger proposals
through the gate; each department's 比对 tasks; the discrepancy report for a role that may read aggregates. Every
route passes the purpose policy and writes audit records before anything is returned."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from privacy.access_policy import Decision
from services.entrypoints.api.deps import Caller, caller
from services.usecases.care import CareJobs, job_principal

router = APIRouter(prefix="/care", tags=["protection work"])
AREA = Query("", pattern=r"^(\d{6}(\d{3})?(\d{3})?)?$", description="area code prefix (county, township, village)")


@router.get("/surveys/coverage", summary="摸排 coverage of a campaign in the director's area, and the unsurveyed")
def coverage(request: Request, campaign: str = Query(..., pattern=r"^[A-Za-z0-9_-]{1,40}$"),
             who: Caller = Depends(caller)) -> dict[str, Any]:
    from services.usecases.surveys import director_coverage

    ctx = request.app.state.ctx
    return director_coverage(ctx.access, who.principal, who.purpose, campaign, who.origin)


@router.get("/proposals", summary="精准识别: children to propose for the key-child ledger in the director's area")
def proposals(request: Request, who: Caller = Depends(caller)) -> list[dict[str, Any]]:
    from services.usecases.surveys import director_proposals

    ctx = request.app.state.ctx
    return director_proposals(ctx.access, who.principal, who.purpose, who.origin)


def _jobs(request: Request) -> CareJobs:
    ctx = request.app.state.ctx
    # The platform's job opens what the rules read; what reaches the caller is bounded by the caller's purpose.
    return CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal("job:discrepancies"), ctx.policy)


@router.get("/discrepancies", summary="比对 tasks for the caller's department (owner of the fields to correct)")
def discrepancies(request: Request, area: str = AREA, who: Caller = Depends(caller)) -> list[dict[str, Any]]:
    from services.usecases.reconcile import caller_discrepancies

    return caller_discrepancies(_jobs(request), who.principal, who.purpose, date.today(), area, who.origin)


@router.get("/discrepancies/report", summary="Open and overdue discrepancies per area, department and rule")
def discrepancy_report(request: Request, area: str = AREA, threshold: int = Query(5, ge=3, le=1_000_000),
                       who: Caller = Depends(caller)) -> list[dict[str, Any]]:
    from services.usecases.reconcile import report

    ctx = request.app.state.ctx
    rule = ctx.policy.rule(who.principal.role, who.purpose)
    if rule is None or not rule.aggregate:
        decision = Decision(False, rule.id if rule else None,
                            f"role {who.principal.role!r} with purpose {who.purpose!r} may not read counts")
        raise ctx.access.deny(who.principal, who.purpose, "statistics", None, who.origin, decision)
    # Audited under the caller as well as the job: who asked for the report is on the trail.
    ctx.access.audit.append(_asked(who, f"discrepancy report in {area or 'all areas'}, threshold {threshold}"))
    return report(_jobs(request), date.today(), area, threshold)


def _asked(who: Caller, detail: str) -> Any:
    from privacy.audit import AuditEvent

    return AuditEvent(who.principal.name, who.principal.role, who.purpose, "statistics", "allowed", None, (),
                      who.origin, detail)
