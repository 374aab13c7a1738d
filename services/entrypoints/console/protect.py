"""The director's console pages of the protection work (issue 20): the 摸排 campaign's coverage with the unsurveyed
children, the 比对 tasks that go to 民政, and the 精准识别 proposals. Each page needs its own purpose, reads through
the gate (services/usecases/access.py) or the job that releases only what the purpose includes, and is audited."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from privacy.access_policy import Decision
from services.entrypoints.api.deps import Caller
from services.entrypoints.console.routes import _guarded, _render
from services.usecases.access import BadRequest

router = APIRouter(prefix="/console", include_in_schema=False)
CAMPAIGN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _director(request: Request, who: Caller, purpose: str) -> None:
    if who.principal.role != "children_director" or who.purpose != purpose:
        from services.entrypoints.console import labels

        raise request.app.state.ctx.access.deny(
            who.principal, who.purpose, "list", None, who.origin,
            Decision(False, None, f"此页面只供儿童主任以“{labels.purpose(purpose)}”目的使用"))


@router.get("/surveys")
def surveys(request: Request, campaign: str = "") -> Response:
    from services.usecases.surveys import director_coverage

    def build(session: Any, who: Caller) -> Response:
        _director(request, who, "survey_coverage")
        chosen = campaign or f"{(who.principal.area or '')[:6]}-2026H2"
        if not CAMPAIGN.match(chosen):
            raise BadRequest("摸排批次编号只能包含字母、数字、- 和 _（最多 40 个字符）")
        result = director_coverage(request.app.state.ctx.access, who.principal, who.purpose, chosen, who.origin)
        return _render(request, "surveys.html", session, campaign=chosen, result=result)
    return _guarded(request, build)


@router.get("/proposals")
def proposals(request: Request) -> Response:
    from services.usecases.surveys import director_proposals

    def build(session: Any, who: Caller) -> Response:
        _director(request, who, "precise_identification")
        items = director_proposals(request.app.state.ctx.access, who.principal, who.purpose, who.origin)
        return _render(request, "proposals.html", session, items=items)
    return _guarded(request, build)


@router.get("/discrepancies")
def discrepancies(request: Request) -> Response:
    from services.usecases.care import CareJobs, job_principal
    from services.usecases.reconcile import caller_discrepancies

    def build(session: Any, who: Caller) -> Response:
        ctx = request.app.state.ctx
        if who.principal.role != "children_director":  # refused on the trail, as every other page's refusal
            raise ctx.access.deny(who.principal, who.purpose, "list", None, who.origin,
                                  Decision(False, None, "此页面只供儿童主任使用"))
        jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal("job:discrepancies"), ctx.policy)
        items = caller_discrepancies(jobs, who.principal, who.purpose, date.today(), "", who.origin)
        items.sort(key=lambda t: t["due_on"])
        return _render(request, "discrepancies.html", session, items=items)
    return _guarded(request, build)
